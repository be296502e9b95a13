-- Closing an account (注销账号, issue 17). A closed account keeps its row as a tombstone, so the
-- audit events, reports and photo requests that name it stay valid. It is stored with status
-- 'disabled' (which no login, token or session accepts, and which releases the ID number from
-- the one-active-account index) and `closed_at` set: widening the status CHECK would mean
-- rebuilding `accounts` on SQLite, whose DROP would cascade into every table that references it.
ALTER TABLE accounts ADD COLUMN closed_at TIMESTAMP;
-- When the housekeeping task erased the personal fields, APP_CLOSED_ACCOUNT_GRACE_DAYS after closing.
ALTER TABLE accounts ADD COLUMN erased_at TIMESTAMP;
-- The email and phone as they were when the account closed, kept only for the grace period (to
-- answer "I did not close my account") in columns no unique index covers: `email` itself holds a
-- tombstone, so the address can register anew at once.
ALTER TABLE accounts ADD COLUMN closed_email TEXT;
ALTER TABLE accounts ADD COLUMN closed_phone TEXT;
CREATE INDEX accounts_closed_idx ON accounts (closed_at) WHERE closed_at IS NOT NULL AND erased_at IS NULL;
-- Retention deletes by age; these keep each bounded batch an index lookup.
CREATE INDEX accounts_unfinished_idx ON accounts (status, updated_at);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at);
CREATE INDEX account_tokens_expires_idx ON account_tokens (expires_at);
CREATE INDEX sms_codes_created_idx ON sms_codes (created_at);
CREATE INDEX identity_submissions_submitted_idx ON identity_submissions (submitted_at);
CREATE INDEX outbox_created_idx ON outbox (created_at);

-- The real-name details and the confirmed phone of an account.
ALTER TABLE accounts ADD COLUMN name TEXT;
ALTER TABLE accounts ADD COLUMN id_number TEXT;
ALTER TABLE accounts ADD COLUMN phone TEXT;
ALTER TABLE accounts ADD COLUMN phone_verified_at TIMESTAMP;
-- One ID number belongs to at most one completed account.
CREATE UNIQUE INDEX accounts_id_number_active_key ON accounts (id_number) WHERE status = 'active';
CREATE INDEX accounts_id_number_idx ON accounts (id_number);

-- Distinct name/ID pairs an account submitted, for the daily budget that keeps the step from
-- being used to probe other people's records.
CREATE TABLE identity_submissions (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    pair_hash TEXT NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (account_id, pair_hash)
);

-- SMS verification codes: only a keyed hash of the code is kept.
CREATE TABLE sms_codes (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    phone TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    used_at TIMESTAMP
);
CREATE INDEX sms_codes_account_idx ON sms_codes (account_id, created_at);
CREATE INDEX sms_codes_phone_idx ON sms_codes (phone, created_at);

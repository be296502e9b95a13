-- Online verification reports (在线验证报告): a code that lets anyone see one record until it
-- expires or the student revokes it. Codes are 16 characters from a 31-letter alphabet (79 bits),
-- so guessing one is hopeless; the owner can read theirs back.
CREATE TABLE verification_reports (
    code TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    record_type TEXT NOT NULL CHECK (record_type IN ('enrollment', 'degree')),
    record_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX verification_reports_account_idx ON verification_reports (account_id, created_at);

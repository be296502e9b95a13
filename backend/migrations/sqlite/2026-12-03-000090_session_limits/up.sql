-- Sessions on shared computers (issue 12). `sessions.expires_at` is from now on the absolute end of
-- a session, fixed at login; `remember_me` (记住我) picks the longer absolute and idle limits.
ALTER TABLE sessions ADD COLUMN remember_me BOOLEAN NOT NULL DEFAULT 0;

-- Registration tokens abandoned with 退出注册: refused until they would have expired anyway.
CREATE TABLE abandoned_registration_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX abandoned_registration_tokens_expires_idx ON abandoned_registration_tokens (expires_at);

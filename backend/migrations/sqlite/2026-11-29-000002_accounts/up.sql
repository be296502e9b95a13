ALTER TABLE accounts ADD COLUMN activated_at TIMESTAMP;
ALTER TABLE accounts ADD COLUMN completed_at TIMESTAMP;

-- Activation and password-reset links: only a SHA-256 of the token is kept.
CREATE TABLE account_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('activation', 'password_reset')),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_tokens_account_idx ON account_tokens (account_id, purpose);

-- A login session (a refresh-token family). Access tokens name their session, so revoking it
-- ends them at once.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_reason TEXT
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- Refresh tokens, rotated on every use; a used one presented again revokes its session.
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

-- Lockouts of a subject (an account's email, an IP) in a bucket, e.g. after too many failed logins.
CREATE TABLE lockouts (
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    locked_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP NOT NULL,
    PRIMARY KEY (bucket, subject)
);

-- Counted events for rate limits (failed logins, emails requested…), kept in the database so that
-- limits hold across restarts and instances.
CREATE TABLE rate_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX rate_events_lookup_idx ON rate_events (bucket, subject, occurred_at);

-- Every delivery attempt of an outbox message.
ALTER TABLE outbox ADD COLUMN transport TEXT;
CREATE TABLE outbox_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
    attempted_at TIMESTAMP NOT NULL,
    transport TEXT NOT NULL,
    succeeded BOOLEAN NOT NULL,
    error TEXT
);
CREATE INDEX outbox_attempts_message_idx ON outbox_attempts (message_id);

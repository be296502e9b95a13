-- Staff account security (issue 16): a TOTP second factor, single-use recovery codes, a forced
-- password change on first login, and one-time setup links.
-- The TOTP secret is kept encrypted (AES-256-GCM, key derived from the server secret);
-- `totp_last_step` is the last accepted time step, so a code cannot be used twice.
ALTER TABLE staff ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE staff ADD COLUMN totp_secret TEXT;
ALTER TABLE staff ADD COLUMN totp_pending_secret TEXT;
ALTER TABLE staff ADD COLUMN totp_enrolled_at TIMESTAMP;
ALTER TABLE staff ADD COLUMN totp_last_step BIGINT;

-- Recovery codes, stored as keyed hashes; each works once.
CREATE TABLE staff_recovery_codes (
    code_hash TEXT PRIMARY KEY NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX staff_recovery_codes_staff_idx ON staff_recovery_codes (staff_id);

-- One-time links with which a new staff member sets their own password; stored as SHA-256.
CREATE TABLE staff_setup_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX staff_setup_tokens_staff_idx ON staff_setup_tokens (staff_id);

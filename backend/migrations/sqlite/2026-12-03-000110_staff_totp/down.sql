DROP TABLE staff_setup_tokens;
DROP TABLE staff_recovery_codes;
ALTER TABLE staff DROP COLUMN totp_last_step;
ALTER TABLE staff DROP COLUMN totp_enrolled_at;
ALTER TABLE staff DROP COLUMN totp_pending_secret;
ALTER TABLE staff DROP COLUMN totp_secret;
ALTER TABLE staff DROP COLUMN must_change_password;

-- When the secret (activation or reset link, SMS code) was cut out of a delivered message's
-- body; NULL while the body is still whole.
ALTER TABLE outbox ADD COLUMN redacted_at TIMESTAMP;

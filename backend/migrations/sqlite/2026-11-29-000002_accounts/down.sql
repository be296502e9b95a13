DROP TABLE outbox_attempts;
ALTER TABLE outbox DROP COLUMN transport;
DROP TABLE rate_events;
DROP TABLE lockouts;
DROP TABLE refresh_tokens;
DROP TABLE sessions;
DROP TABLE account_tokens;
ALTER TABLE accounts DROP COLUMN completed_at;
ALTER TABLE accounts DROP COLUMN activated_at;

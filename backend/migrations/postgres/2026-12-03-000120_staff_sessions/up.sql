-- Staff sessions a person can see and end (issue 16): where each was started (client IP and
-- browser, as sent, cleaned and cut) and when it was last used, for the idle timeout
-- (APP_STAFF_SESSION_IDLE_MINS). Last activity is recorded at most once a minute per session.
ALTER TABLE staff_sessions ADD COLUMN ip TEXT;
ALTER TABLE staff_sessions ADD COLUMN user_agent TEXT;
ALTER TABLE staff_sessions ADD COLUMN last_active_at TIMESTAMP NOT NULL DEFAULT '1970-01-01 00:00:00';
UPDATE staff_sessions SET last_active_at = created_at;
ALTER TABLE staff_sessions ALTER COLUMN last_active_at DROP DEFAULT;
-- An admin lists the live sessions of one staff member.
CREATE INDEX staff_sessions_live_idx ON staff_sessions (staff_id, revoked_at, expires_at);

DROP INDEX staff_sessions_live_idx;
ALTER TABLE staff_sessions DROP COLUMN last_active_at;
ALTER TABLE staff_sessions DROP COLUMN user_agent;
ALTER TABLE staff_sessions DROP COLUMN ip;

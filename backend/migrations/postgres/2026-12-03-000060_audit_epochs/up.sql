-- Which link of the audit chain an event carries: 0 = plain SHA-256 (the events written before
-- the chain was keyed), 1 = HMAC-SHA256 with APP_AUDIT_KEY. The first keyed event chains from
-- the head as it was, so the old events stay checkable and the keyed ones cannot be recomputed
-- by someone who can only write the database.
ALTER TABLE audit_events ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;

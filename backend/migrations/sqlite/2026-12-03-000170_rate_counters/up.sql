-- Requests per client IP for the public lookups, counted per minute: one row per bucket, subject
-- and minute, raised in one statement, instead of a row per request counted under a lock.
CREATE TABLE rate_counters (
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (bucket, subject, window_start)
);
-- Retention deletes by age.
CREATE INDEX rate_counters_window_idx ON rate_counters (window_start);

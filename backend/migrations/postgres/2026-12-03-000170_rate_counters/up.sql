-- Requests per client IP for the public lookups, counted per minute: one row per bucket, subject
-- and minute, raised in one statement, instead of a row per request counted under a lock.
-- The key leads with the minute so that retention's "older than" reads it too; the charge names
-- all three columns. A second index on the minute alone would tempt the planner into scanning
-- every client's row of the minute.
CREATE TABLE rate_counters (
    window_start TIMESTAMP NOT NULL,
    bucket TEXT NOT NULL,
    subject TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (window_start, bucket, subject)
);

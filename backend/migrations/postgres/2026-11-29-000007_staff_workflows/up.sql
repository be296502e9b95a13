-- Corrections that a school proposes to an enrollment record; the record changes only when a
-- reviewer of the school's province approves. `before_state` is the whole record when the
-- request was made, so an approval can tell that the record changed since.
CREATE TABLE change_requests (
    id TEXT PRIMARY KEY,
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    school_code TEXT NOT NULL REFERENCES schools (code),
    province_code TEXT NOT NULL REFERENCES provinces (code),
    changes TEXT NOT NULL,
    before_state TEXT NOT NULL,
    reason TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'stale', 'withdrawn')),
    requested_by TEXT NOT NULL REFERENCES staff (id),
    created_at TIMESTAMP NOT NULL,
    decided_by TEXT REFERENCES staff (id),
    decided_at TIMESTAMP,
    decision_reason TEXT
);
-- One pending request per record at a time, enforced by the database.
CREATE UNIQUE INDEX change_requests_one_pending_key ON change_requests (enrollment_id) WHERE status = 'pending';
CREATE INDEX change_requests_province_idx ON change_requests (province_code, status, created_at);
CREATE INDEX change_requests_school_idx ON change_requests (school_code, status, created_at);

-- Why and when a record was revoked (status 注销), and which record it duplicates.
ALTER TABLE enrollments ADD COLUMN revocation_reason TEXT;
ALTER TABLE enrollments ADD COLUMN duplicate_of TEXT;
ALTER TABLE enrollments ADD COLUMN revoked_at TIMESTAMP;
CREATE INDEX enrollments_school_status_idx ON enrollments (school_code, status);

-- The audit log is a hash chain: each event stores the SHA-256 of its content and of the
-- previous event's hash, so an altered or removed event breaks the chain where it was.
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash TEXT;
CREATE INDEX audit_events_target_id_idx ON audit_events (target_id);

-- The head of the chain: the newest event and its hash. Appending locks this row, so events are
-- chained one after another; removing the newest events shows as a head that points past them.
CREATE TABLE audit_chain (
    id INTEGER PRIMARY KEY,
    last_event_id BIGINT,
    last_hash TEXT
);
INSERT INTO audit_chain (id, last_event_id, last_hash) VALUES (1, NULL, NULL);

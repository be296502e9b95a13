-- Batches of collected photos, as the photo agency uploaded them, with the per-line report.
CREATE TABLE image_batches (
    id TEXT PRIMARY KEY,
    uploaded_by TEXT NOT NULL REFERENCES staff (id),
    created_at TIMESTAMP NOT NULL,
    accepted INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    report TEXT NOT NULL
);
CREATE INDEX image_batches_created_idx ON image_batches (created_at);

-- Collection records (图像采集记录): one photo with the school name, name and ID number typed at
-- capture. The bytes live in the photo store under object_key, written before this row. A record
-- is linked to the enrollments whose school name, name and ID number all equal it: a query, so it
-- is always current after fixes, corrections and imports.
CREATE TABLE image_records (
    id TEXT PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES image_batches (id),
    manifest_line INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    school_name TEXT NOT NULL,
    name TEXT NOT NULL,
    id_number TEXT NOT NULL,
    captured_on DATE NOT NULL,
    sha256 TEXT NOT NULL,
    object_key TEXT NOT NULL,
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    deleted_reason TEXT,
    bytes_removed_at TIMESTAMP
);
-- The same bytes are stored once among the live photos.
CREATE UNIQUE INDEX image_records_sha256_key ON image_records (sha256) WHERE deleted_at IS NULL;
CREATE INDEX image_records_person_idx ON image_records (id_number, name);
CREATE INDEX image_records_school_name_idx ON image_records (school_name, name);
CREATE INDEX image_records_deleted_idx ON image_records (deleted_at);

-- What students report about photos; each reaches the school of the record concerned.
CREATE TABLE collation_requests (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    school_code TEXT NOT NULL REFERENCES schools (code),
    image_record_id TEXT REFERENCES image_records (id),
    kind TEXT NOT NULL CHECK (kind IN ('this_is_me', 'none_of_these', 'wrong_photo')),
    message TEXT,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'rejected')),
    created_at TIMESTAMP NOT NULL,
    decided_at TIMESTAMP,
    decided_by TEXT REFERENCES staff (id),
    decision_note TEXT
);
-- One open report per student and record at a time.
CREATE UNIQUE INDEX collation_requests_one_open_key ON collation_requests (account_id, enrollment_id) WHERE status = 'open';
CREATE INDEX collation_requests_school_idx ON collation_requests (school_code, status, created_at);

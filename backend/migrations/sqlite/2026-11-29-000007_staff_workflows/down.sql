DROP TABLE audit_chain;
DROP INDEX audit_events_target_id_idx;
ALTER TABLE audit_events DROP COLUMN hash;
ALTER TABLE audit_events DROP COLUMN prev_hash;
DROP INDEX enrollments_school_status_idx;
ALTER TABLE enrollments DROP COLUMN revoked_at;
ALTER TABLE enrollments DROP COLUMN duplicate_of;
ALTER TABLE enrollments DROP COLUMN revocation_reason;
DROP TABLE change_requests;

DROP INDEX enrollments_school_name_idx;
CREATE INDEX enrollments_school_name_idx ON enrollments (school_code, name);

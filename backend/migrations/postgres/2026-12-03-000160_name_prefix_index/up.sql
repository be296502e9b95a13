-- A school's 在校生 search matches names by prefix (`name LIKE '王%'`). PostgreSQL turns a LIKE
-- prefix into an index range only under the "C" collation or with text_pattern_ops, and a
-- database created with another collation (C.UTF-8 included, before PostgreSQL 17) scanned every
-- row of the school instead: 130 ms for a school of 30,000 against 1.4 ms with this index
-- (docs/BENCHMARKS.md, scale_lookup). text_pattern_ops also serves the equality lookups by name
-- the old index served.
DROP INDEX enrollments_school_name_idx;
CREATE INDEX enrollments_school_name_idx ON enrollments (school_code, name text_pattern_ops);

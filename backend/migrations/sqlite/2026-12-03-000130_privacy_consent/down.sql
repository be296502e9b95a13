DROP TABLE report_lookups;
DROP TABLE consent_events;
ALTER TABLE accounts DROP COLUMN consent_version;

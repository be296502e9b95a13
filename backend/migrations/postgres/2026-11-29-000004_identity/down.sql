DROP TABLE sms_codes;
DROP TABLE identity_submissions;
DROP INDEX accounts_id_number_idx;
DROP INDEX accounts_id_number_active_key;
ALTER TABLE accounts DROP COLUMN phone_verified_at;
ALTER TABLE accounts DROP COLUMN phone;
ALTER TABLE accounts DROP COLUMN id_number;
ALTER TABLE accounts DROP COLUMN name;

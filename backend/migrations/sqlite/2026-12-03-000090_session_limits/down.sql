DROP TABLE abandoned_registration_tokens;
ALTER TABLE sessions DROP COLUMN remember_me;

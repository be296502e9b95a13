-- Students' rights (issue 17). The version of the privacy notice the account last agreed to
-- (NULL: none yet, or withdrawn); the student is asked again while it is not the current one.
ALTER TABLE accounts ADD COLUMN consent_version TEXT;

-- Every consent given or withdrawn, with the notice version and the time: the history the
-- student's data export shows, and the proof of consent.
CREATE TABLE consent_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('given', 'withdrawn')),
    version TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX consent_events_account_idx ON consent_events (account_id, occurred_at);

-- When each verification report was looked up on the public page: the code and the time only,
-- never who looked (the verifier's address is someone else's personal data).
CREATE TABLE report_lookups (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_code TEXT NOT NULL REFERENCES verification_reports (code) ON DELETE CASCADE,
    looked_up_at TIMESTAMP NOT NULL
);
CREATE INDEX report_lookups_code_idx ON report_lookups (report_code, looked_up_at);

-- 找回账号 (issue 17): one row per recovery attempt, whichever path started it.
--   kind 'email':   lost mailbox; name + ID number + verified phone, an SMS code, then a link to the new email.
--                   A first call that matches nothing stores a decoy (account_id NULL) that answers the
--                   same way, so the answers cannot tell who has an account.
--   kind 'phone':   lost phone; password + email, then a link that lets the student confirm a new phone.
--   kind 'support': lost both; a support agent records the evidence seen; a link to the new email.
-- Only keyed hashes of codes and links are kept.
CREATE TABLE account_recoveries (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    account_id TEXT REFERENCES accounts (id) ON DELETE CASCADE,
    -- The hash of the name/ID number/phone of a lost-mailbox first call, to find it again.
    lookup_hash TEXT,
    -- Where the SMS code went (lost mailbox: the verified phone) and the code's keyed hash.
    phone TEXT,
    code_hash TEXT,
    code_expires_at TIMESTAMP,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    new_email TEXT,
    clear_phone BOOLEAN NOT NULL DEFAULT 0,
    link_hash TEXT UNIQUE,
    link_expires_at TIMESTAMP,
    evidence_kind TEXT,
    evidence_note TEXT,
    staff_id TEXT,
    created_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    voided_at TIMESTAMP
);
CREATE INDEX account_recoveries_lookup_idx ON account_recoveries (lookup_hash, created_at);
CREATE INDEX account_recoveries_account_idx ON account_recoveries (account_id, created_at);
CREATE INDEX account_recoveries_phone_idx ON account_recoveries (phone, created_at);

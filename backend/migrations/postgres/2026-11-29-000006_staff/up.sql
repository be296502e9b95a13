-- Staff: one role each, scoped to a school or a province where the role needs one.
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('platform_admin', 'school_admin', 'provincial_reviewer', 'support', 'image_operator')),
    school_code TEXT REFERENCES schools (code),
    province_code TEXT REFERENCES provinces (code),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    disabled_at TIMESTAMP,
    CHECK (role <> 'school_admin' OR school_code IS NOT NULL),
    CHECK (role <> 'provincial_reviewer' OR province_code IS NOT NULL)
);
CREATE UNIQUE INDEX staff_email_key ON staff (email);

-- Staff login sessions; a staff access token names its session, so revoking it ends the token.
CREATE TABLE staff_sessions (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX staff_sessions_staff_idx ON staff_sessions (staff_id);

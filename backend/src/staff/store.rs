//! Queries of staff accounts and their sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    provinces, schools, staff, staff_recovery_codes, staff_sessions, staff_setup_tokens,
};
use crate::db::DbConnection;

/// A stored staff member.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = staff)]
pub struct Staff {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub role: String,
    pub school_code: Option<String>,
    pub province_code: Option<String>,
    pub created_at: NaiveDateTime,
    pub disabled_at: Option<NaiveDateTime>,
    /// Set for accounts made by the command line or an admin: the member must choose a password.
    pub must_change_password: bool,
    /// The enrolled TOTP secret, sealed (see [`crate::auth::totp::SecretBox`]).
    pub totp_secret: Option<String>,
    /// A secret handed out for enrolment, sealed, until a code confirms it.
    pub totp_pending_secret: Option<String>,
    pub totp_enrolled_at: Option<NaiveDateTime>,
    /// The last accepted time step: codes of it or earlier are refused.
    pub totp_last_step: Option<i64>,
}

/// Inserts a staff member.
pub fn insert(conn: &mut DbConnection, s: &Staff) -> QueryResult<()> {
    diesel::insert_into(staff::table)
        .values((
            staff::id.eq(&s.id),
            staff::email.eq(&s.email),
            staff::password_hash.eq(&s.password_hash),
            staff::role.eq(&s.role),
            staff::school_code.eq(&s.school_code),
            staff::province_code.eq(&s.province_code),
            staff::created_at.eq(s.created_at),
            staff::updated_at.eq(s.created_at),
            staff::must_change_password.eq(s.must_change_password),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The staff member with this (normalised) email.
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<Staff>> {
    staff::table
        .filter(staff::email.eq(email))
        .select(Staff::as_select())
        .first(conn)
        .optional()
}

/// Whether a school with this code exists.
pub fn school_exists(conn: &mut DbConnection, code: &str) -> QueryResult<bool> {
    Ok(schools::table.find(code).count().get_result::<i64>(conn)? > 0)
}

/// Whether a province with this code exists.
pub fn province_exists(conn: &mut DbConnection, code: &str) -> QueryResult<bool> {
    Ok(provinces::table
        .find(code)
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// A session to start: who, from where, until when.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub id: &'a str,
    pub staff_id: &'a str,
    pub now: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// The client IP the login came from.
    pub ip: Option<&'a str>,
    /// The browser's `User-Agent`, cleaned and cut.
    pub user_agent: Option<&'a str>,
}

/// Starts a session.
pub fn insert_session(conn: &mut DbConnection, s: &NewSession<'_>) -> QueryResult<()> {
    diesel::insert_into(staff_sessions::table)
        .values((
            staff_sessions::id.eq(s.id),
            staff_sessions::staff_id.eq(s.staff_id),
            staff_sessions::created_at.eq(s.now),
            staff_sessions::expires_at.eq(s.expires_at),
            staff_sessions::last_active_at.eq(s.now),
            staff_sessions::ip.eq(s.ip),
            staff_sessions::user_agent.eq(s.user_agent),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A stored staff session.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = staff_sessions)]
pub struct Session {
    pub id: String,
    pub staff_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_active_at: NaiveDateTime,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// The staff member of a live session (not revoked, not expired, used after `idle_since`, not
/// disabled) and when the session was last recorded as used.
pub fn live_session(
    conn: &mut DbConnection,
    session_id: &str,
    staff_id: &str,
    now: NaiveDateTime,
    idle_since: NaiveDateTime,
) -> QueryResult<Option<(Staff, NaiveDateTime)>> {
    staff_sessions::table
        .inner_join(staff::table)
        .filter(staff_sessions::id.eq(session_id))
        .filter(staff_sessions::staff_id.eq(staff_id))
        .filter(staff_sessions::revoked_at.is_null())
        .filter(staff_sessions::expires_at.gt(now))
        .filter(staff_sessions::last_active_at.gt(idle_since))
        .filter(staff::disabled_at.is_null())
        .select((Staff::as_select(), staff_sessions::last_active_at))
        .first(conn)
        .optional()
}

/// Records that a session was used at `now`, unless a request recorded a use since `stale_before`
/// (so parallel requests write it once).
pub fn touch_session(
    conn: &mut DbConnection,
    session_id: &str,
    now: NaiveDateTime,
    stale_before: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        staff_sessions::table
            .find(session_id)
            .filter(staff_sessions::last_active_at.le(stale_before)),
    )
    .set(staff_sessions::last_active_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

/// The live sessions of a staff member (as [`live_session`] decides), most recently used first.
pub fn live_sessions_of(
    conn: &mut DbConnection,
    staff_id: &str,
    now: NaiveDateTime,
    idle_since: NaiveDateTime,
) -> QueryResult<Vec<Session>> {
    staff_sessions::table
        .filter(staff_sessions::staff_id.eq(staff_id))
        .filter(staff_sessions::revoked_at.is_null())
        .filter(staff_sessions::expires_at.gt(now))
        .filter(staff_sessions::last_active_at.gt(idle_since))
        .order((
            staff_sessions::last_active_at.desc(),
            staff_sessions::id.asc(),
        ))
        .select(Session::as_select())
        .load(conn)
}

/// Ends the live sessions of a staff member, or only the one named; how many ended.
pub fn revoke_sessions_of(
    conn: &mut DbConnection,
    staff_id: &str,
    only: Option<&str>,
    now: NaiveDateTime,
    idle_since: NaiveDateTime,
) -> QueryResult<usize> {
    let mut q = diesel::update(staff_sessions::table)
        .filter(staff_sessions::staff_id.eq(staff_id))
        .filter(staff_sessions::revoked_at.is_null())
        .filter(staff_sessions::expires_at.gt(now))
        .filter(staff_sessions::last_active_at.gt(idle_since))
        .into_boxed();
    if let Some(id) = only {
        q = q.filter(staff_sessions::id.eq(id.to_owned()));
    }
    q.set(staff_sessions::revoked_at.eq(now)).execute(conn)
}

/// Ends a session.
pub fn revoke_session(
    conn: &mut DbConnection,
    session_id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        staff_sessions::table
            .find(session_id)
            .filter(staff_sessions::revoked_at.is_null()),
    )
    .set(staff_sessions::revoked_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

/// One page of staff members, optionally of one role, by email, and how many match.
pub fn list(
    conn: &mut DbConnection,
    role: Option<&str>,
    window: crate::http::pagination::Window,
) -> QueryResult<(Vec<Staff>, i64)> {
    let filtered = || {
        let mut q = staff::table.into_boxed::<crate::db::Backend>();
        if let Some(r) = role {
            q = q.filter(staff::role.eq(r.to_owned()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let items = filtered()
        .order(staff::email.asc())
        .offset(window.offset())
        .limit(window.limit())
        .select(Staff::as_select())
        .load(conn)?;
    Ok((items, total))
}

/// The staff member with this id.
pub fn find_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Staff>> {
    staff::table
        .find(id)
        .select(Staff::as_select())
        .first(conn)
        .optional()
}

/// Disables (with the time) or enables a staff member; disabling ends every session. Returns how
/// many sessions it ended.
pub fn set_disabled(
    conn: &mut DbConnection,
    id: &str,
    disabled_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(staff::table.find(id))
        .set((
            staff::disabled_at.eq(disabled_at),
            staff::updated_at.eq(now),
        ))
        .execute(conn)?;
    if disabled_at.is_none() {
        return Ok(0);
    }
    revoke_all_sessions(conn, id, None, now)
}

/// The staff member with this id, locked against parallel changes until the transaction ends
/// (PostgreSQL; SQLite's write transaction already excludes every other writer).
pub fn find_for_update(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Staff>> {
    match conn {
        DbConnection::Pg(pg) => staff::table
            .find(id)
            .select(Staff::as_select())
            .for_update()
            .first(pg)
            .optional(),
        DbConnection::Sqlite(_) => find_by_id(conn, id),
    }
}

/// Replaces the password hash; `must_change` says whether the member must still choose one.
pub fn set_password(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    must_change: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(staff::table.find(id))
        .set((
            staff::password_hash.eq(hash),
            staff::must_change_password.eq(must_change),
            staff::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Keeps a secret handed out for enrolment.
pub fn set_pending_totp(
    conn: &mut DbConnection,
    id: &str,
    sealed: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(staff::table.find(id))
        .set((
            staff::totp_pending_secret.eq(sealed),
            staff::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Makes the pending secret the enrolled one, remembering the step of the code that confirmed it.
pub fn enrol_totp(
    conn: &mut DbConnection,
    id: &str,
    sealed: &str,
    step: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(staff::table.find(id))
        .set((
            staff::totp_secret.eq(Some(sealed)),
            staff::totp_pending_secret.eq(None::<String>),
            staff::totp_enrolled_at.eq(Some(now)),
            staff::totp_last_step.eq(Some(step)),
            staff::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Remembers the last accepted time step.
pub fn set_last_step(conn: &mut DbConnection, id: &str, step: i64) -> QueryResult<()> {
    diesel::update(staff::table.find(id))
        .set(staff::totp_last_step.eq(Some(step)))
        .execute(conn)
        .map(|_| ())
}

/// Forgets the second factor (secret, pending secret, recovery codes).
pub fn remove_totp(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(staff::table.find(id))
        .set((
            staff::totp_secret.eq(None::<String>),
            staff::totp_pending_secret.eq(None::<String>),
            staff::totp_enrolled_at.eq(None::<NaiveDateTime>),
            staff::totp_last_step.eq(None::<i64>),
            staff::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::delete(staff_recovery_codes::table.filter(staff_recovery_codes::staff_id.eq(id)))
        .execute(conn)
        .map(|_| ())
}

/// Replaces every recovery code of a staff member with these hashes.
pub fn replace_recovery_codes(
    conn: &mut DbConnection,
    id: &str,
    hashes: &[String],
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(staff_recovery_codes::table.filter(staff_recovery_codes::staff_id.eq(id)))
        .execute(conn)?;
    for h in hashes {
        diesel::insert_into(staff_recovery_codes::table)
            .values((
                staff_recovery_codes::code_hash.eq(h),
                staff_recovery_codes::staff_id.eq(id),
                staff_recovery_codes::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Uses up an unused recovery code; false when there is none with this hash.
pub fn use_recovery_code(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        staff_recovery_codes::table
            .find(hash)
            .filter(staff_recovery_codes::staff_id.eq(id))
            .filter(staff_recovery_codes::used_at.is_null()),
    )
    .set(staff_recovery_codes::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// How many recovery codes are left unused.
pub fn recovery_codes_left(conn: &mut DbConnection, id: &str) -> QueryResult<i64> {
    staff_recovery_codes::table
        .filter(staff_recovery_codes::staff_id.eq(id))
        .filter(staff_recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

/// Ends every live session of a staff member, but the one in `except` if given; how many ended.
pub fn revoke_all_sessions(
    conn: &mut DbConnection,
    id: &str,
    except: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut q = diesel::update(staff_sessions::table)
        .filter(staff_sessions::staff_id.eq(id))
        .filter(staff_sessions::revoked_at.is_null())
        .into_boxed();
    if let Some(keep) = except {
        q = q.filter(staff_sessions::id.ne(keep.to_owned()));
    }
    q.set(staff_sessions::revoked_at.eq(now)).execute(conn)
}

/// Stores a setup link's token hash.
pub fn insert_setup_token(
    conn: &mut DbConnection,
    hash: &str,
    staff_id: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(staff_setup_tokens::table)
        .values((
            staff_setup_tokens::token_hash.eq(hash),
            staff_setup_tokens::staff_id.eq(staff_id),
            staff_setup_tokens::created_at.eq(now),
            staff_setup_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The staff member a live (unused, unexpired) setup token belongs to.
pub fn setup_token_holder(
    conn: &mut DbConnection,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Staff>> {
    staff_setup_tokens::table
        .inner_join(staff::table)
        .filter(staff_setup_tokens::token_hash.eq(hash))
        .filter(staff_setup_tokens::used_at.is_null())
        .filter(staff_setup_tokens::expires_at.gt(now))
        .filter(staff::disabled_at.is_null())
        .select(Staff::as_select())
        .first(conn)
        .optional()
}

/// Uses up a live setup token; false when it was used (or expired) meanwhile.
pub fn use_setup_token(
    conn: &mut DbConnection,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        staff_setup_tokens::table
            .find(hash)
            .filter(staff_setup_tokens::used_at.is_null())
            .filter(staff_setup_tokens::expires_at.gt(now)),
    )
    .set(staff_setup_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(n == 1)
}

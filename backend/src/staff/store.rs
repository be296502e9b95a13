//! Queries of staff accounts and their sessions.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{provinces, schools, staff, staff_sessions};
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
    diesel::update(
        staff_sessions::table
            .filter(staff_sessions::staff_id.eq(id))
            .filter(staff_sessions::revoked_at.is_null()),
    )
    .set(staff_sessions::revoked_at.eq(now))
    .execute(conn)
}

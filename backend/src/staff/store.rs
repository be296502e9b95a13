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

/// Starts a session.
pub fn insert_session(
    conn: &mut DbConnection,
    id: &str,
    staff_id: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(staff_sessions::table)
        .values((
            staff_sessions::id.eq(id),
            staff_sessions::staff_id.eq(staff_id),
            staff_sessions::created_at.eq(now),
            staff_sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The staff member of a live session (not revoked, not expired, not disabled).
pub fn live_session(
    conn: &mut DbConnection,
    session_id: &str,
    staff_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<Staff>> {
    staff_sessions::table
        .inner_join(staff::table)
        .filter(staff_sessions::id.eq(session_id))
        .filter(staff_sessions::staff_id.eq(staff_id))
        .filter(staff_sessions::revoked_at.is_null())
        .filter(staff_sessions::expires_at.gt(now))
        .filter(staff::disabled_at.is_null())
        .select(Staff::as_select())
        .first(conn)
        .optional()
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

/// Disables (with the time) or enables a staff member; disabling ends every session.
pub fn set_disabled(
    conn: &mut DbConnection,
    id: &str,
    disabled_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(staff::table.find(id))
        .set((
            staff::disabled_at.eq(disabled_at),
            staff::updated_at.eq(now),
        ))
        .execute(conn)?;
    if disabled_at.is_some() {
        diesel::update(
            staff_sessions::table
                .filter(staff_sessions::staff_id.eq(id))
                .filter(staff_sessions::revoked_at.is_null()),
        )
        .set(staff_sessions::revoked_at.eq(now))
        .execute(conn)?;
    }
    Ok(())
}

//! Queries of change requests.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{change_requests, enrollments, staff};
use crate::db::DbConnection;
use crate::http::pagination::Window;

/// A stored change request.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = change_requests)]
pub struct ChangeRequest {
    pub id: String,
    pub enrollment_id: String,
    pub school_code: String,
    pub province_code: String,
    /// JSON object: field → new value.
    pub changes: String,
    /// JSON object: the whole record when the request was made.
    pub before_state: String,
    pub reason: String,
    pub status: String,
    pub requested_by: String,
    pub created_at: NaiveDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_reason: Option<String>,
}

impl crate::auth::authorize::Placed for ChangeRequest {
    fn school_code(&self) -> &str {
        &self.school_code
    }
    fn province_code(&self) -> &str {
        &self.province_code
    }
}

/// Stores a new request.
pub fn insert(conn: &mut DbConnection, r: &ChangeRequest) -> QueryResult<()> {
    diesel::insert_into(change_requests::table)
        .values(r)
        .execute(conn)
        .map(|_| ())
}

/// One request.
pub fn get(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ChangeRequest>> {
    change_requests::table
        .find(id)
        .select(ChangeRequest::as_select())
        .first(conn)
        .optional()
}

/// Closes a pending request with `status`; false when it was no longer pending.
pub fn decide(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    by: &str,
    at: NaiveDateTime,
    reason: Option<&str>,
) -> QueryResult<bool> {
    let n = diesel::update(
        change_requests::table
            .find(id)
            .filter(change_requests::status.eq("pending")),
    )
    .set((
        change_requests::status.eq(status),
        change_requests::decided_by.eq(by),
        change_requests::decided_at.eq(at),
        change_requests::decision_reason.eq(reason),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Which requests to list: a school's or a province's, optionally of one status or record.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub school_code: Option<String>,
    pub province_code: Option<String>,
    pub status: Option<String>,
    pub enrollment_id: Option<String>,
}

/// One page of the requests that match, oldest first when pending (a queue), and the total.
pub fn list(
    conn: &mut DbConnection,
    f: &Filter,
    window: Window,
) -> QueryResult<(Vec<ChangeRequest>, i64)> {
    let filtered = || {
        let mut q = change_requests::table.into_boxed::<crate::db::Backend>();
        if let Some(v) = &f.school_code {
            q = q.filter(change_requests::school_code.eq(v.clone()));
        }
        if let Some(v) = &f.province_code {
            q = q.filter(change_requests::province_code.eq(v.clone()));
        }
        if let Some(v) = &f.status {
            q = q.filter(change_requests::status.eq(v.clone()));
        }
        if let Some(v) = &f.enrollment_id {
            q = q.filter(change_requests::enrollment_id.eq(v.clone()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let query = filtered().offset(window.offset()).limit(window.limit());
    let query = if f.status.as_deref() == Some("pending") {
        query.order((change_requests::created_at.asc(), change_requests::id.asc()))
    } else {
        query.order((
            change_requests::created_at.desc(),
            change_requests::id.asc(),
        ))
    };
    Ok((query.select(ChangeRequest::as_select()).load(conn)?, total))
}

/// The id of the pending request of the enrollment of the query it is part of, if any (at most
/// one request per record is pending).
#[diesel::dsl::auto_type]
pub fn pending_request_id() -> _ {
    let pending: &'static str = "pending";
    change_requests::table
        .filter(change_requests::enrollment_id.eq(enrollments::id))
        .filter(change_requests::status.eq(pending))
        .select(change_requests::id)
        .single_value()
}

/// The pending request of a record.
pub fn pending_of(conn: &mut DbConnection, enrollment_id: &str) -> QueryResult<Option<String>> {
    change_requests::table
        .filter(change_requests::enrollment_id.eq(enrollment_id))
        .filter(change_requests::status.eq("pending"))
        .select(change_requests::id)
        .first(conn)
        .optional()
}

/// The emails of the staff members among `ids`.
pub fn staff_emails(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<HashMap<String, String>> {
    Ok(staff::table
        .filter(staff::id.eq_any(ids))
        .select((staff::id, staff::email))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

//! Queries of students' rights: consent, report lookups, and what the portal holds about one
//! student (their account, their records, events about them).

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::audit::store::StoredEvent;
use crate::db::schema::{
    audit_events, consent_events, provinces, report_lookups, schools, staff, verification_reports,
};
use crate::db::DbConnection;
use crate::http::pagination::Window;

/// The audit action of a staff member reading a student's full details.
pub const PERSONAL_DATA_READ: &str = "personal_data_read";

/// One consent given or withdrawn.
#[derive(Debug, Clone, Queryable)]
pub struct ConsentEvent {
    /// `given` or `withdrawn`.
    pub kind: String,
    pub version: String,
    pub occurred_at: NaiveDateTime,
}

/// The account's consents, oldest first.
pub fn consent_history(
    conn: &mut DbConnection,
    account_id: &str,
) -> QueryResult<Vec<ConsentEvent>> {
    consent_events::table
        .filter(consent_events::account_id.eq(account_id))
        .order((consent_events::occurred_at.asc(), consent_events::id.asc()))
        .select((
            consent_events::kind,
            consent_events::version,
            consent_events::occurred_at,
        ))
        .load(conn)
}

/// When each of `codes` was looked up, oldest first, by code.
pub fn lookups_of(
    conn: &mut DbConnection,
    codes: &[String],
) -> QueryResult<HashMap<String, Vec<NaiveDateTime>>> {
    let rows: Vec<(String, NaiveDateTime)> = report_lookups::table
        .filter(report_lookups::report_code.eq_any(codes))
        .order((report_lookups::looked_up_at.asc(), report_lookups::id.asc()))
        .select((report_lookups::report_code, report_lookups::looked_up_at))
        .load(conn)?;
    let mut by_code: HashMap<String, Vec<NaiveDateTime>> = HashMap::new();
    for (code, at) in rows {
        by_code.entry(code).or_default().push(at);
    }
    Ok(by_code)
}

/// What belongs to one student: their account and the ids of their records.
#[derive(Debug, Clone)]
pub struct Subject {
    pub account_id: String,
    pub enrollment_ids: Vec<String>,
    pub degree_ids: Vec<String>,
}

/// Events whose target is the student's account or one of their records.
fn about(subject: &Subject) -> audit_events::BoxedQuery<'static, crate::db::Backend> {
    use audit_events::{target_id, target_type};
    audit_events::table.into_boxed().filter(
        target_type
            .eq("account")
            .and(target_id.eq(subject.account_id.clone()))
            .or(target_type
                .eq("enrollment")
                .and(target_id.eq_any(subject.enrollment_ids.clone())))
            .or(target_type
                .eq("degree")
                .and(target_id.eq_any(subject.degree_ids.clone()))),
    )
}

/// Every event about the student except staff reads of their details (the access history
/// holds those), oldest first.
pub fn events_about(conn: &mut DbConnection, subject: &Subject) -> QueryResult<Vec<StoredEvent>> {
    about(subject)
        .filter(audit_events::action.ne(PERSONAL_DATA_READ))
        .order(audit_events::id.asc())
        .select(StoredEvent::as_select())
        .load(conn)
}

/// One page of staff reads of the student's full details, newest first, and how many in all.
pub fn reads_about(
    conn: &mut DbConnection,
    subject: &Subject,
    window: Option<Window>,
) -> QueryResult<(Vec<StoredEvent>, i64)> {
    let total = about(subject)
        .filter(audit_events::action.eq(PERSONAL_DATA_READ))
        .count()
        .get_result(conn)?;
    let mut q = about(subject)
        .filter(audit_events::action.eq(PERSONAL_DATA_READ))
        .order(audit_events::id.desc())
        .select(StoredEvent::as_select());
    if let Some(w) = window {
        q = q.offset(w.offset()).limit(w.limit());
    }
    Ok((q.load(conn)?, total))
}

/// A staff member as a student may see them: role and organisation, never who.
#[derive(Debug, Clone, Default)]
pub struct StaffPlace {
    pub role: String,
    pub school_name: Option<String>,
    pub province_name: Option<String>,
}

/// The role and organisation of each of `ids` that is a staff member.
pub fn staff_places(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<HashMap<String, StaffPlace>> {
    let rows: Vec<(String, String, Option<String>, Option<String>)> = staff::table
        .filter(staff::id.eq_any(ids))
        .select((
            staff::id,
            staff::role,
            staff::school_code,
            staff::province_code,
        ))
        .load(conn)?;
    let mut places = HashMap::new();
    for (id, role, school, province) in rows {
        let school_name = match school {
            Some(code) => schools::table
                .find(code)
                .select(schools::name)
                .first::<String>(conn)
                .optional()?,
            None => None,
        };
        let province_name = match province {
            Some(code) => provinces::table
                .find(code)
                .select(provinces::name)
                .first::<String>(conn)
                .optional()?,
            None => None,
        };
        places.insert(
            id,
            StaffPlace {
                role,
                school_name,
                province_name,
            },
        );
    }
    Ok(places)
}

/// The name of the school with this code.
pub fn school_name(conn: &mut DbConnection, code: &str) -> QueryResult<Option<String>> {
    schools::table
        .find(code)
        .select(schools::name)
        .first(conn)
        .optional()
}

/// Forgets when each report of the account was looked up: that is about the student and
/// nobody else.
pub fn delete_lookups_of(conn: &mut DbConnection, account_id: &str) -> QueryResult<()> {
    diesel::delete(
        report_lookups::table.filter(
            report_lookups::report_code.eq_any(
                verification_reports::table
                    .filter(verification_reports::account_id.eq(account_id))
                    .select(verification_reports::code),
            ),
        ),
    )
    .execute(conn)
    .map(|_| ())
}

//! Queries of the records capability.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{degrees, enrollments, provinces, schools, verification_reports};
use crate::db::DbConnection;

/// An enrollment record with its school's name and province.
#[derive(Debug, Clone, Queryable)]
pub struct Enrollment {
    pub id: String,
    pub school_code: String,
    pub student_no: String,
    pub name: String,
    pub id_number: String,
    pub sex: String,
    pub birth_date: NaiveDate,
    pub ethnicity: String,
    pub major: String,
    pub level: String,
    pub study_form: String,
    pub entry_date: NaiveDate,
    pub expected_graduation: NaiveDate,
    pub status: String,
    pub qualification_pending: bool,
    pub school_name: String,
    pub province_name: String,
    pub province_code: String,
    /// Why the record was revoked (status 注销).
    pub revocation_reason: Option<String>,
    /// The record this one duplicates, when revoked as a duplicate.
    pub duplicate_of: Option<String>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl crate::auth::authorize::Placed for Enrollment {
    fn school_code(&self) -> &str {
        &self.school_code
    }
    fn province_code(&self) -> &str {
        &self.province_code
    }
}

/// A degree record with its school's name.
#[derive(Debug, Clone, Queryable)]
pub struct Degree {
    pub id: String,
    pub certificate_no: String,
    pub school_code: String,
    pub name: String,
    pub id_number: String,
    pub major: String,
    pub level: String,
    pub study_form: String,
    pub graduation_date: NaiveDate,
    pub school_name: String,
}

/// The status of a revoked record.
pub const REVOKED: &str = "注销";

macro_rules! enrollment_query {
    () => {
        enrollments::table
            .inner_join(schools::table.inner_join(provinces::table))
            .select((
                enrollments::id,
                enrollments::school_code,
                enrollments::student_no,
                enrollments::name,
                enrollments::id_number,
                enrollments::sex,
                enrollments::birth_date,
                enrollments::ethnicity,
                enrollments::major,
                enrollments::level,
                enrollments::study_form,
                enrollments::entry_date,
                enrollments::expected_graduation,
                enrollments::status,
                enrollments::qualification_pending,
                schools::name,
                provinces::name,
                provinces::code,
                enrollments::revocation_reason,
                enrollments::duplicate_of,
                enrollments::revoked_at,
            ))
    };
}

macro_rules! degree_query {
    () => {
        degrees::table.inner_join(schools::table).select((
            degrees::id,
            degrees::certificate_no,
            degrees::school_code,
            degrees::name,
            degrees::id_number,
            degrees::major,
            degrees::level,
            degrees::study_form,
            degrees::graduation_date,
            schools::name,
        ))
    };
}

/// The enrollments carrying exactly this name and ID number, newest first; revoked ones (注销)
/// are left out, as they are no longer the student's records.
pub fn enrollments_of(
    conn: &mut DbConnection,
    name: &str,
    id_number: &str,
) -> QueryResult<Vec<Enrollment>> {
    enrollment_query!()
        .filter(enrollments::id_number.eq(id_number))
        .filter(enrollments::name.eq(name))
        .filter(enrollments::status.ne(REVOKED))
        .order((enrollments::entry_date.desc(), enrollments::id.asc()))
        .load(conn)
}

/// Every enrollment carrying exactly this name and ID number, revoked ones (注销) too: the
/// student's copy of their data leaves nothing out.
pub fn all_enrollments_of(
    conn: &mut DbConnection,
    name: &str,
    id_number: &str,
) -> QueryResult<Vec<Enrollment>> {
    enrollment_query!()
        .filter(enrollments::id_number.eq(id_number))
        .filter(enrollments::name.eq(name))
        .order((enrollments::entry_date.desc(), enrollments::id.asc()))
        .load(conn)
}

/// The degrees carrying exactly this name and ID number, newest first.
pub fn degrees_of(
    conn: &mut DbConnection,
    name: &str,
    id_number: &str,
) -> QueryResult<Vec<Degree>> {
    degree_query!()
        .filter(degrees::id_number.eq(id_number))
        .filter(degrees::name.eq(name))
        .order((degrees::graduation_date.desc(), degrees::id.asc()))
        .load(conn)
}

/// One enrollment.
pub fn enrollment(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Enrollment>> {
    enrollment_query!()
        .filter(enrollments::id.eq(id))
        .first(conn)
        .optional()
}

/// One degree.
pub fn degree(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Degree>> {
    degree_query!()
        .filter(degrees::id.eq(id))
        .first(conn)
        .optional()
}

/// The degree with this certificate number.
pub fn degree_by_certificate(
    conn: &mut DbConnection,
    certificate_no: &str,
) -> QueryResult<Option<Degree>> {
    degree_query!()
        .filter(degrees::certificate_no.eq(certificate_no))
        .first(conn)
        .optional()
}

/// A stored verification report.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = verification_reports)]
pub struct Report {
    pub code: String,
    pub account_id: String,
    pub record_type: String,
    pub record_id: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

/// Stores a new report.
pub fn insert_report(conn: &mut DbConnection, report: &Report) -> QueryResult<()> {
    diesel::insert_into(verification_reports::table)
        .values((
            verification_reports::code.eq(&report.code),
            verification_reports::account_id.eq(&report.account_id),
            verification_reports::record_type.eq(&report.record_type),
            verification_reports::record_id.eq(&report.record_id),
            verification_reports::created_at.eq(report.created_at),
            verification_reports::expires_at.eq(report.expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The report with this code.
pub fn report(conn: &mut DbConnection, code: &str) -> QueryResult<Option<Report>> {
    verification_reports::table
        .find(code)
        .select(Report::as_select())
        .first(conn)
        .optional()
}

/// The account's reports, newest first.
pub fn reports_of(conn: &mut DbConnection, account_id: &str) -> QueryResult<Vec<Report>> {
    verification_reports::table
        .filter(verification_reports::account_id.eq(account_id))
        .order((
            verification_reports::created_at.desc(),
            verification_reports::code.asc(),
        ))
        .select(Report::as_select())
        .load(conn)
}

/// Revokes a report.
pub fn revoke_report(conn: &mut DbConnection, code: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        verification_reports::table
            .find(code)
            .filter(verification_reports::revoked_at.is_null()),
    )
    .set(verification_reports::revoked_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

/// Revokes every report of the account that is not revoked yet (expired ones too, since they
/// could be extended back to life); returns how many.
pub fn revoke_reports_of(
    conn: &mut DbConnection,
    account_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        verification_reports::table
            .filter(verification_reports::account_id.eq(account_id))
            .filter(verification_reports::revoked_at.is_null()),
    )
    .set(verification_reports::revoked_at.eq(now))
    .execute(conn)
}

/// Sets a report's expiry.
pub fn set_report_expiry(
    conn: &mut DbConnection,
    code: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(verification_reports::table.find(code))
        .set(verification_reports::expires_at.eq(expires_at))
        .execute(conn)
        .map(|_| ())
}

/// What a school's 在校生 search looks for; every filter is optional and they combine with AND.
#[derive(Debug, Clone, Default)]
pub struct StudentFilter {
    /// Free text: the start of a name, a whole ID number or a whole student number.
    pub q: Option<String>,
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub student_no: Option<String>,
    pub status: Option<String>,
    pub level: Option<String>,
    pub qualification_pending: Option<bool>,
}

/// One page of a school's enrollment records (revoked ones included) and how many match.
pub fn search_school(
    conn: &mut DbConnection,
    school_code: &str,
    f: &StudentFilter,
    window: crate::http::pagination::Window,
) -> QueryResult<(Vec<Enrollment>, i64)> {
    let filtered = || {
        let mut q = enrollments::table
            .filter(enrollments::school_code.eq(school_code.to_owned()))
            .into_boxed::<crate::db::Backend>();
        if let Some(text) = &f.q {
            let prefix = format!("{}%", like_escape(text));
            q = q.filter(
                enrollments::name
                    .like(prefix)
                    .escape('\\')
                    .or(enrollments::id_number.eq(text.to_ascii_uppercase()))
                    .or(enrollments::student_no.eq(text.clone())),
            );
        }
        if let Some(v) = &f.name {
            q = q.filter(enrollments::name.eq(v.clone()));
        }
        if let Some(v) = &f.id_number {
            q = q.filter(enrollments::id_number.eq(v.to_ascii_uppercase()));
        }
        if let Some(v) = &f.student_no {
            q = q.filter(enrollments::student_no.eq(v.clone()));
        }
        if let Some(v) = &f.status {
            q = q.filter(enrollments::status.eq(v.clone()));
        }
        if let Some(v) = &f.level {
            q = q.filter(enrollments::level.eq(v.clone()));
        }
        if let Some(v) = f.qualification_pending {
            q = q.filter(enrollments::qualification_pending.eq(v));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let ids: Vec<String> = filtered()
        .order((enrollments::student_no.asc(), enrollments::id.asc()))
        .offset(window.offset())
        .limit(window.limit())
        .select(enrollments::id)
        .load(conn)?;
    let mut rows: Vec<Enrollment> = enrollment_query!()
        .filter(enrollments::id.eq_any(&ids))
        .load(conn)?;
    rows.sort_by_key(|e| ids.iter().position(|id| *id == e.id));
    Ok((rows, total))
}

/// `text` with the LIKE wildcards escaped (escape character `\`).
pub fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Writes the correctable fields of a record from a checked row.
pub fn update_fields(
    conn: &mut DbConnection,
    id: &str,
    r: &super::import::EnrollmentRow,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(enrollments::table.find(id))
        .set((
            enrollments::student_no.eq(&r.student_no),
            enrollments::name.eq(&r.name),
            enrollments::id_number.eq(&r.id_number),
            enrollments::sex.eq(r.sex.as_str()),
            enrollments::birth_date.eq(r.birth_date),
            enrollments::ethnicity.eq(&r.ethnicity),
            enrollments::major.eq(&r.major),
            enrollments::level.eq(r.level.as_str()),
            enrollments::study_form.eq(r.study_form.as_str()),
            enrollments::entry_date.eq(r.entry_date),
            enrollments::expected_graduation.eq(r.expected_graduation),
            enrollments::status.eq(r.status.as_str()),
            enrollments::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Clears the 资格待查 flag.
pub fn clear_qualification_pending(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(enrollments::table.find(id))
        .set((
            enrollments::qualification_pending.eq(false),
            enrollments::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Revokes a record: status 注销 with the reason (and the record it duplicates); the 资格待查
/// flag is resolved with it. The row stays.
pub fn revoke(
    conn: &mut DbConnection,
    id: &str,
    reason: &str,
    duplicate_of: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(enrollments::table.find(id))
        .set((
            enrollments::status.eq(REVOKED),
            enrollments::qualification_pending.eq(false),
            enrollments::revocation_reason.eq(reason),
            enrollments::duplicate_of.eq(duplicate_of),
            enrollments::revoked_at.eq(now),
            enrollments::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Whether another record of the school has this student number.
pub fn student_no_taken(
    conn: &mut DbConnection,
    school_code: &str,
    student_no: &str,
    except_id: &str,
) -> QueryResult<bool> {
    let n: i64 = enrollments::table
        .filter(enrollments::school_code.eq(school_code))
        .filter(enrollments::student_no.eq(student_no))
        .filter(enrollments::id.ne(except_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

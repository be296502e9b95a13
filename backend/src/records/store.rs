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

/// The enrollments carrying exactly this name and ID number, newest first.
pub fn enrollments_of(
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

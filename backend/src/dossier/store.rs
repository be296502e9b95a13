//! The record cards' read model: each enrollment with its pending correction and photo flag,
//! computed by the database in the same query as the records themselves.

use diesel::dsl::exists;
use diesel::prelude::*;

use crate::db::schema::{change_requests, enrollments, image_records, schools};
use crate::db::DbConnection;
use crate::records::enrollment::Enrollment;
use crate::records::store::{enrollment_columns, enrollment_source, EnrollmentRow, REVOKED};

/// An enrollment, the id of its pending correction and whether a photo links to it.
pub type Card = (Enrollment, Option<String>, bool);

/// The enrollments carrying exactly this name and ID number (revoked ones left out), newest
/// first, each with its pending correction and photo flag: one round trip, whatever the number
/// of records. A photo links to a record by school name, name and ID number, as in
/// [`crate::images::store::with_photo_among`].
pub fn cards_of(conn: &mut DbConnection, name: &str, id_number: &str) -> QueryResult<Vec<Card>> {
    let pending = change_requests::table
        .filter(change_requests::enrollment_id.eq(enrollments::id))
        .filter(change_requests::status.eq("pending"))
        .select(change_requests::id)
        .single_value();
    let has_photo = exists(
        image_records::table
            .filter(image_records::deleted_at.is_null())
            .filter(image_records::id_number.eq(enrollments::id_number))
            .filter(image_records::name.eq(enrollments::name))
            .filter(image_records::school_name.eq(schools::name)),
    );
    let rows: Vec<(EnrollmentRow, Option<String>, bool)> = enrollment_source!()
        .filter(enrollments::id_number.eq(id_number))
        .filter(enrollments::name.eq(name))
        .filter(enrollments::status.ne(REVOKED))
        .select((enrollment_columns!(), pending, has_photo))
        .order((enrollments::entry_date.desc(), enrollments::id.asc()))
        .load(conn)?;
    rows.into_iter()
        .map(|(row, pending, photo)| Ok((Enrollment::try_from(row)?, pending, photo)))
        .collect()
}

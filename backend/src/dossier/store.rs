//! The record cards' read model: each enrollment with its pending correction and photo flag,
//! computed by the database, in the query of the records themselves or, for a list another
//! capability found, in one query for the whole list.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::corrections::store::pending_request_id;
use crate::db::schema::{enrollments, schools};
use crate::db::DbConnection;
use crate::images::store::has_linked_photo;
use crate::records::enrollment::Enrollment;
use crate::records::store::{enrollment_columns, enrollment_source, EnrollmentRow, REVOKED};

/// An enrollment, the id of its pending correction and whether a photo links to it.
pub type Card = (Enrollment, Option<String>, bool);

/// The enrollments carrying exactly this name and ID number (revoked ones left out), newest
/// first, each with its pending correction and photo flag: one round trip, whatever the number
/// of records.
pub fn cards_of(conn: &mut DbConnection, name: &str, id_number: &str) -> QueryResult<Vec<Card>> {
    let rows: Vec<(EnrollmentRow, Option<String>, bool)> = enrollment_source!()
        .filter(enrollments::id_number.eq(id_number))
        .filter(enrollments::name.eq(name))
        .filter(enrollments::status.ne(REVOKED))
        .select((
            enrollment_columns!(),
            pending_request_id(),
            has_linked_photo(),
        ))
        .order((enrollments::entry_date.desc(), enrollments::id.asc()))
        .load(conn)?;
    rows.into_iter()
        .map(|(row, pending, photo)| Ok((Enrollment::try_from(row)?, pending, photo)))
        .collect()
}

/// The pending correction and photo flag of each of the enrollments `ids`, by id, in one query.
pub fn flags_of(
    conn: &mut DbConnection,
    ids: &[String],
) -> QueryResult<HashMap<String, (Option<String>, bool)>> {
    let rows: Vec<(String, Option<String>, bool)> = enrollments::table
        .inner_join(schools::table)
        .filter(enrollments::id.eq_any(ids))
        .select((enrollments::id, pending_request_id(), has_linked_photo()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, pending, photo)| (id, (pending, photo)))
        .collect())
}

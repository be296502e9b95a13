//! Records with their photo flag and pending correction, each looked up once for a whole list.

use crate::corrections::store as corrections;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::images::store as photos;
use crate::records::enrollment::Enrollment;
use crate::records::service as records;

/// An enrollment record with what its card shows beside it.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub record: Enrollment,
    /// The school proposed a correction that awaits review (更正申请中).
    pub pending_change_request_id: Option<String>,
    /// A collected photo links to the record.
    pub has_photo: bool,
}

/// `records` with their pending corrections and photo flags: one query for each, whatever the
/// number of records.
pub fn annotate(
    conn: &mut DbConnection,
    records: Vec<Enrollment>,
) -> Result<Vec<Dossier>, AppError> {
    let ids: Vec<String> = records.iter().map(|e| e.id.clone()).collect();
    let mut pending = corrections::pending_among(conn, &ids)?;
    let keys: Vec<(String, String, String)> = records.iter().map(photo_key).collect();
    let with_photo = photos::with_photo_among(conn, &keys)?;
    Ok(records
        .into_iter()
        .map(|record| Dossier {
            pending_change_request_id: pending.remove(&record.id),
            has_photo: with_photo.contains(&photo_key(&record)),
            record,
        })
        .collect())
}

/// One record with its pending correction and photo flag.
pub fn annotate_one(conn: &mut DbConnection, record: Enrollment) -> Result<Dossier, AppError> {
    Ok(annotate(conn, vec![record])?
        .pop()
        .expect("one record annotated"))
}

/// What links a record to its photo: the school's name, the name and the ID number.
fn photo_key(e: &Enrollment) -> (String, String, String) {
    (e.school_name.clone(), e.name.clone(), e.id_number.clone())
}

/// The student's own enrollments (not revoked), as the record cards show them.
pub fn my_enrollments(conn: &mut DbConnection, account_id: &str) -> Result<Vec<Dossier>, AppError> {
    let records = records::my_records(conn, account_id)?;
    annotate(conn, records)
}

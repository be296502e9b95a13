//! Records with their photo flag and pending correction, each looked up once for a whole list.

use super::store;
use crate::corrections::store as corrections;
use crate::db::DbConnection;
use crate::error::AppError;
use crate::images::store as photos;
use crate::records::enrollment::Enrollment;

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

/// The enrollments (not revoked) of the student with this name and ID number, as the record
/// cards show them; none before the real-name step.
pub fn my_enrollments(
    conn: &mut DbConnection,
    identity: Option<(String, String)>,
) -> Result<Vec<Dossier>, AppError> {
    let Some((name, id_number)) = identity else {
        return Ok(Vec::new());
    };
    Ok(store::cards_of(conn, &name, &id_number)?
        .into_iter()
        .map(|(record, pending, has_photo)| Dossier {
            record,
            pending_change_request_id: pending,
            has_photo,
        })
        .collect())
}

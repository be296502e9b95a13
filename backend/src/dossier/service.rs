//! Records with their photo flag and pending correction, each looked up once for a whole list.

use super::store;
use crate::db::DbConnection;
use crate::error::AppError;
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

/// `records` with their pending corrections and photo flags, in one query whatever the number
/// of records.
pub fn annotate(
    conn: &mut DbConnection,
    records: Vec<Enrollment>,
) -> Result<Vec<Dossier>, AppError> {
    let ids: Vec<String> = records.iter().map(|e| e.id.clone()).collect();
    let mut flags = store::flags_of(conn, &ids)?;
    Ok(records
        .into_iter()
        .map(|record| {
            let (pending, has_photo) = flags.remove(&record.id).unwrap_or_default();
            Dossier {
                pending_change_request_id: pending,
                has_photo,
                record,
            }
        })
        .collect())
}

/// One record with its pending correction and photo flag.
pub fn annotate_one(conn: &mut DbConnection, record: Enrollment) -> Result<Dossier, AppError> {
    Ok(annotate(conn, vec![record])?
        .pop()
        .expect("one record annotated"))
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

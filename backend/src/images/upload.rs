//! A photo batch, from the uploaded ZIP to stored photos: check the archive and the manifest,
//! then each photo — decoded, sized, compared by SHA-256 with what is stored — and keep the good
//! ones: bytes into the photo store first, then the row. Bad lines are reported, not fatal.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::PathBuf;

use bytes::Bytes;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::batch::{self, Limits, ManifestRow, Rejection};
use super::photo::{self, PhotoFacts};
use super::store::{self, ImageRecord};
use crate::audit::{self, Event};
use crate::auth::StaffUser;
use crate::context::Ctx;
use crate::db::{write_transaction, Db};
use crate::error::AppError;
use crate::storage::{self, PhotoStore};

/// Photos checked and stored per round trip: bounds the bytes held in memory at once.
const CHUNK: usize = 16;

/// The outcome of a batch.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
#[schema(example = json!({"batch_id": "b7e1…", "lines": 3, "accepted": 2, "rejected": [{"line": 4, "file": "0003.jpg", "reason": "照片尺寸为 300×400 像素，应为 480×640"}], "unreferenced_files": []}))]
pub struct BatchReport {
    pub batch_id: String,
    /// Manifest lines read (the header not counted).
    pub lines: u64,
    /// Photos stored.
    pub accepted: u64,
    /// Every line not stored, by line, with the reason.
    pub rejected: Vec<Rejection>,
    /// Files in the ZIP that no manifest line names (not stored).
    pub unreferenced_files: Vec<String>,
}

fn limits(ctx: &Ctx) -> Limits {
    let p = &ctx.config.photos;
    Limits {
        max_entries: p.batch_max_entries,
        max_total_unpacked: p.batch_max_uncompressed_bytes,
        max_photo_bytes: p.max_bytes,
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(AppError::internal)?
}

/// A photo that passed its checks, with its bytes.
struct Good {
    row: ManifestRow,
    facts: PhotoFacts,
    bytes: Vec<u8>,
}

/// Reads and checks the photos of `rows` from the ZIP at `path`.
fn check_photos(
    path: PathBuf,
    rows: Vec<ManifestRow>,
    ctx: Ctx,
) -> Result<Vec<Result<Good, Rejection>>, AppError> {
    // The hazards were checked when the batch was first opened; each chunk only reads its photos.
    let mut archive = batch::reopen(File::open(&path).map_err(AppError::internal)?)?;
    let rules = &ctx.config.photos;
    Ok(rows
        .into_iter()
        .map(|row| {
            let checked = batch::read_entry(&mut archive, &row.file, rules.max_bytes)
                .and_then(|bytes| photo::check(&bytes, rules));
            match checked {
                Ok((facts, bytes)) => Ok(Good { row, facts, bytes }),
                Err(reason) => Err(Rejection {
                    line: row.line,
                    file: row.file,
                    reason,
                }),
            }
        })
        .collect())
}

fn duplicate(row: &ManifestRow, of: &str) -> Rejection {
    Rejection {
        line: row.line,
        file: row.file.clone(),
        reason: format!("与{of}的照片完全相同（重复），未保存"),
    }
}

/// Stores the batch in the ZIP file at `path` for the image operator `staff`: rows in `db`,
/// bytes in `photos`.
pub async fn upload(
    db: &Db,
    photos: &dyn PhotoStore,
    ctx: Ctx,
    staff: StaffUser,
    path: PathBuf,
) -> Result<BatchReport, AppError> {
    let (p, c) = (path.clone(), ctx.clone());
    let inspected = blocking(move || {
        let mut archive = batch::open(File::open(&p).map_err(AppError::internal)?, limits(&c))?;
        batch::inspect(&mut archive, c.now.date_naive())
    })
    .await?;
    let lines = (inspected.rows.len() + inspected.rejected.len()) as u64;
    let batch_id = uuid::Uuid::new_v4().to_string();
    let (id, by, now) = (batch_id.clone(), staff.staff_id.clone(), ctx.ts());
    db.run(move |conn| Ok(store::insert_batch(conn, &id, &by, now)?))
        .await?;

    let mut rejected = inspected.rejected;
    let mut first_line_of: HashMap<String, u64> = HashMap::new();
    let mut accepted = 0u64;
    for chunk in inspected.rows.chunks(CHUNK) {
        let (p, c, rows) = (path.clone(), ctx.clone(), chunk.to_vec());
        let mut good = Vec::new();
        for checked in blocking(move || check_photos(p, rows, c)).await? {
            match checked {
                Err(r) => rejected.push(r),
                Ok(g) => match first_line_of.get(&g.facts.sha256) {
                    Some(line) => rejected.push(duplicate(&g.row, &format!("第 {line} 行"))),
                    None => {
                        first_line_of.insert(g.facts.sha256.clone(), g.row.line);
                        good.push(g);
                    }
                },
            }
        }
        let shas: Vec<String> = good.iter().map(|g| g.facts.sha256.clone()).collect();
        let stored: HashSet<String> = db
            .run(move |conn| Ok(store::live_shas_among(conn, &shas)?))
            .await?;
        let mut records = Vec::new();
        for g in good {
            if stored.contains(&g.facts.sha256) {
                rejected.push(duplicate(&g.row, "已存储"));
                continue;
            }
            let id = uuid::Uuid::new_v4().to_string();
            let key = format!("photos/{id}.{}", g.facts.extension);
            // The bytes first: a crash after this leaves a stray file, never a row without bytes.
            photos
                .put(&key, Bytes::from(g.bytes))
                .await
                .map_err(storage::unavailable)?;
            records.push(ImageRecord {
                id,
                batch_id: batch_id.clone(),
                manifest_line: g.row.line as i32,
                file_name: g.row.file.clone(),
                school_name: g.row.school_name.clone(),
                name: g.row.name.clone(),
                id_number: g.row.id_number.clone(),
                captured_on: g.row.captured_on,
                sha256: g.facts.sha256,
                object_key: key,
                content_type: g.facts.content_type.to_owned(),
                width: g.facts.width as i32,
                height: g.facts.height as i32,
                size_bytes: g.facts.size as i64,
                created_at: now,
                updated_at: now,
                deleted_at: None,
                deleted_reason: None,
                bytes_removed_at: None,
            });
        }
        let outcome = db
            .run(move |conn| {
                records
                    .into_iter()
                    .map(|r| Ok((store::insert_unless_duplicate(conn, &r)?, r)))
                    .collect::<Result<Vec<_>, AppError>>()
            })
            .await?;
        for (inserted, r) in outcome {
            if inserted {
                accepted += 1;
            } else {
                // Another batch stored the same bytes a moment ago.
                rejected.push(Rejection {
                    line: r.manifest_line as u64,
                    file: r.file_name.clone(),
                    reason: "与已存储的照片完全相同（重复），未保存".into(),
                });
                let _ = photos.delete(&r.object_key).await;
            }
        }
    }
    rejected.sort_by_key(|r| r.line);
    let report = BatchReport {
        batch_id: batch_id.clone(),
        lines,
        accepted,
        rejected,
        unreferenced_files: inspected.unreferenced,
    };
    let json = serde_json::to_string(&report).map_err(AppError::internal)?;
    let (rejected_count, accepted_count) = (report.rejected.len() as i32, accepted as i32);
    db.run(move |conn| {
            write_transaction(conn, |conn| {
                store::finish_batch(conn, &batch_id, accepted_count, rejected_count, &json)?;
                audit::record(
                    conn,
                    &ctx.audit_key,
                    now,
                    Event {
                        after: Some(json!({"lines": lines, "accepted": accepted_count, "rejected": rejected_count})),
                        ..Event::by_staff(&staff, &ctx, "image_batch.uploaded", "image_batch", &batch_id)
                    },
                )?;
                Ok(())
            })
        })
        .await?;
    Ok(report)
}

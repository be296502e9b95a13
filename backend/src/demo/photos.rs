//! Demo photos (dev only): a linked photo for 李华, a photo of 买买提·艾力 captured with the name
//! mistyped (for "没照片，找找看" and the school's fix), and two photos of 陈静 (a duplicate for
//! the school to delete). Synthetic images; loaded once, when no photo exists yet.

use bytes::Bytes;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use image::ImageFormat;

use crate::db::schema::{image_records, staff};
use crate::db::Db;
use crate::error::AppError;
use crate::images::photo;
use crate::images::store::{self as images, ImageRecord};
use crate::storage::PhotoStore;

/// The demo photos: school name, name as captured, ID number, capture date (y, m, d), seed.
pub const PHOTOS: [(&str, &str, &str, (i32, u32, u32), u32); 4] = [
    ("清华大学", "李华", "31019920010802022X", (2023, 5, 10), 101),
    (
        "北京大学",
        "买买提艾力",
        "650199200409090799",
        (2025, 11, 3),
        102,
    ),
    ("复旦大学", "陈静", "440199200002290263", (2024, 3, 18), 103),
    ("复旦大学", "陈静", "440199200002290263", (2024, 3, 19), 104),
];

/// Stores the demo photos as a batch of the demo image operator, unless photos exist already.
pub async fn load(db: &Db, photos: &dyn PhotoStore, now: NaiveDateTime) -> Result<usize, AppError> {
    let operator: Option<String> = db
        .run(|conn| {
            let any: i64 = image_records::table.count().get_result(conn)?;
            if any > 0 {
                return Ok(None);
            }
            Ok(staff::table
                .filter(staff::email.eq("photo@xuexin.example"))
                .select(staff::id)
                .first(conn)
                .optional()?)
        })
        .await?;
    let Some(operator) = operator else {
        return Ok(0);
    };
    let batch_id = uuid::Uuid::new_v4().to_string();
    let (id, by) = (batch_id.clone(), operator.clone());
    db.run(move |conn| Ok(images::insert_batch(conn, &id, &by, now)?))
        .await?;
    for (line, (school_name, name, id_number, (y, m, d), seed)) in PHOTOS.into_iter().enumerate() {
        let bytes = photo::synthetic(480, 640, seed, ImageFormat::Jpeg);
        let id = uuid::Uuid::new_v4().to_string();
        let key = format!("photos/{id}.jpg");
        let record = ImageRecord {
            id,
            batch_id: batch_id.clone(),
            manifest_line: line as i32 + 2,
            file_name: format!("demo-{}.jpg", line + 1),
            school_name: school_name.into(),
            name: name.into(),
            id_number: id_number.into(),
            captured_on: NaiveDate::from_ymd_opt(y, m, d).expect("a demo date"),
            sha256: photo::sha256_hex(&bytes),
            object_key: key.clone(),
            content_type: "image/jpeg".into(),
            width: 480,
            height: 640,
            size_bytes: bytes.len() as i64,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            deleted_reason: None,
            bytes_removed_at: None,
        };
        photos
            .put(&key, Bytes::from(bytes))
            .await
            .map_err(AppError::internal)?;
        db.run(move |conn| Ok(images::insert_unless_duplicate(conn, &record)?))
            .await?;
    }
    let report = serde_json::json!({"batch_id": batch_id, "lines": PHOTOS.len(), "accepted": PHOTOS.len(), "rejected": [], "unreferenced_files": []}).to_string();
    db.run(move |conn| {
        Ok(images::finish_batch(
            conn,
            &batch_id,
            PHOTOS.len() as i32,
            0,
            &report,
        )?)
    })
    .await?;
    Ok(PHOTOS.len())
}

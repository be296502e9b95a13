//! What the API shows of photos, collection records, batches and reports.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::collation::CollationRequest;
use super::service::{Candidate, Linked};
use super::store::ImageRecord;
use crate::db::utc;
use crate::rules::id_number::mask as mask_id;
use crate::rules::name::mask as mask_name;

/// Raw file bytes in the contract: a photo, a thumbnail, a ZIP.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Binary(pub Vec<u8>);

/// A collection record (图像采集记录) as the school sees it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "a41f…", "batch_id": "b7e1…", "manifest_line": 2, "file_name": "0001.jpg", "school_name": "北京大学", "name": "王小明", "id_number": "11019920050314011X", "captured_on": "2026-06-01", "width": 480, "height": 640, "content_type": "image/jpeg", "size_bytes": 48211, "created_at": "2026-11-29T08:00:00Z", "updated_at": "2026-11-29T08:00:00Z", "deleted_at": null, "deleted_reason": null, "linked": true, "enrollment_ids": ["6c1d…"], "editable": true}))]
pub struct ImageRecordView {
    pub id: String,
    pub batch_id: String,
    /// Its line in the batch's manifest.
    pub manifest_line: i32,
    pub file_name: String,
    /// As typed at capture.
    pub school_name: String,
    pub name: String,
    pub id_number: String,
    pub captured_on: NaiveDate,
    pub width: i32,
    pub height: i32,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When the school deleted it as a duplicate.
    pub deleted_at: Option<DateTime<Utc>>,
    pub deleted_reason: Option<String>,
    /// Whether an enrollment record has the same school name, name and ID number.
    pub linked: bool,
    /// The enrollment records it links to.
    pub enrollment_ids: Vec<String>,
    /// Whether your school may fix or delete it. False for a photo captured for another school
    /// that your school only sees (it carries the ID number of one of your students).
    pub editable: bool,
}

impl From<Linked> for ImageRecordView {
    fn from(l: Linked) -> Self {
        let r = l.record;
        Self {
            id: r.id,
            batch_id: r.batch_id,
            manifest_line: r.manifest_line,
            file_name: r.file_name,
            school_name: r.school_name,
            name: r.name,
            id_number: r.id_number,
            captured_on: r.captured_on,
            width: r.width,
            height: r.height,
            content_type: r.content_type,
            size_bytes: r.size_bytes,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            deleted_at: r.deleted_at.map(utc),
            deleted_reason: r.deleted_reason,
            linked: !l.enrollment_ids.is_empty(),
            enrollment_ids: l.enrollment_ids,
            editable: l.editable,
        }
    }
}

/// A collected photo that is probably the student's. Fields that differ from the student's own
/// record are masked: the photo may be someone else's.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "a41f…", "enrollment_id": "6c1d…", "captured_on": "2026-06-01", "school_name": "北京大学", "name": "王**", "id_number": "11019920050314011X", "differs": ["name"], "thumbnail_url": "/api/v1/me/photo-candidates/a41f…/thumbnail"}))]
pub struct CandidateView {
    pub id: String,
    /// The student's record the photo is compared with.
    pub enrollment_id: String,
    pub captured_on: NaiveDate,
    pub school_name: String,
    /// As captured; masked when it differs from the record.
    pub name: String,
    /// As captured; masked when it differs from the record.
    pub id_number: String,
    /// The fields that differ from the record: `school_name`, `name`, `id_number`.
    pub differs: Vec<String>,
    /// A small JPEG of the photo (with the access token).
    pub thumbnail_url: String,
}

impl From<Candidate> for CandidateView {
    fn from(c: Candidate) -> Self {
        let r = c.record;
        let differs = |f: &str| c.differs.contains(&f);
        Self {
            thumbnail_url: format!("/api/v1/me/photo-candidates/{}/thumbnail", r.id),
            name: if differs("name") {
                mask_name(&r.name)
            } else {
                r.name
            },
            id_number: if differs("id_number") {
                mask_id(&r.id_number)
            } else {
                r.id_number
            },
            id: r.id,
            enrollment_id: c.enrollment_id,
            captured_on: r.captured_on,
            school_name: r.school_name,
            differs: c.differs.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

/// A student's report about a photo.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "c9d2…", "enrollment_id": "6c1d…", "image_record_id": "a41f…", "kind": "this_is_me", "message": "采集时姓名录错了", "status": "open", "created_at": "2026-11-29T08:00:00Z", "decided_at": null, "decision_note": null, "student_email": "wang@example.cn"}))]
pub struct CollationRequestView {
    pub id: String,
    pub enrollment_id: String,
    pub image_record_id: Option<String>,
    /// `this_is_me`, `none_of_these` or `wrong_photo`.
    pub kind: String,
    pub message: Option<String>,
    /// `open`, `resolved` or `rejected`.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// The school's answer.
    pub decision_note: Option<String>,
    /// The student's login email (in the school's queue only).
    pub student_email: Option<String>,
}

impl CollationRequestView {
    /// The view, with the student's email for the school.
    pub fn of(r: CollationRequest, student_email: Option<String>) -> Self {
        Self {
            id: r.id,
            enrollment_id: r.enrollment_id,
            image_record_id: r.image_record_id,
            kind: r.kind,
            message: r.message,
            status: r.status,
            created_at: utc(r.created_at),
            decided_at: r.decided_at.map(utc),
            decision_note: r.decision_note,
            student_email,
        }
    }
}

/// The response of a photo: its bytes with cache headers (never stored; the ETag is its SHA-256).
pub fn photo_response(
    req: &actix_web::HttpRequest,
    record: &ImageRecord,
    bytes: bytes::Bytes,
) -> actix_web::HttpResponse {
    let name = format!("photo-{}", record.id);
    photo_bytes(req, &record.sha256, &name, &record.content_type, bytes)
}

/// `Cache-Control` of every photo: a shared computer's disk cache must not keep someone's face.
const PHOTO_CACHE_CONTROL: &str = "private, no-store";

/// `Content-Disposition: inline` naming the file `stem` (letters, digits and `-` kept) with the
/// extension of `content_type`: shown in place, and saved under a name that cannot break the header.
pub fn inline_disposition(stem: &str, content_type: &str) -> String {
    let safe: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect();
    let safe = if safe.is_empty() {
        "photo".into()
    } else {
        safe
    };
    let extension = if content_type == "image/png" {
        "png"
    } else {
        "jpg"
    };
    format!("inline; filename=\"{safe}.{extension}\"")
}

/// Bytes of an image with `content_type`, never cached on disk, validated by `tag`, and shown
/// inline as `name` without content sniffing.
pub fn photo_bytes(
    req: &actix_web::HttpRequest,
    tag: &str,
    name: &str,
    content_type: &str,
    bytes: bytes::Bytes,
) -> actix_web::HttpResponse {
    use actix_web::http::header;
    let etag = format!("\"{tag}\"");
    let fresh = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let mut res = if fresh {
        actix_web::HttpResponse::NotModified()
    } else {
        actix_web::HttpResponse::Ok()
    };
    res.insert_header((header::CACHE_CONTROL, PHOTO_CACHE_CONTROL))
        .insert_header((header::ETAG, etag))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            inline_disposition(name, content_type),
        ));
    if fresh {
        return res.finish();
    }
    res.content_type(content_type.to_owned()).body(bytes)
}

#[cfg(test)]
mod tests {
    use super::inline_disposition;

    #[test]
    fn the_inline_name_keeps_only_safe_characters() {
        assert_eq!(
            inline_disposition("photo-a41f", "image/png"),
            "inline; filename=\"photo-a41f.png\""
        );
        assert_eq!(
            inline_disposition("x\";\r\nSet-Cookie: a=b/../", "image/jpeg"),
            "inline; filename=\"xSet-Cookieab.jpg\""
        );
        assert_eq!(
            inline_disposition("照片", "image/jpeg"),
            "inline; filename=\"photo.jpg\""
        );
    }
}

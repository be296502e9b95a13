//! HTTP handlers of the photo agency's batches and the school's 图像校对 module.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::collation::{self, CollationRequest};
use super::service::{self, DetailsPatch, Linked};
use super::store::{self, Filter};
use super::upload::{self, BatchReport};
use super::views::{photo_response, Binary, CollationRequestView, ImageRecordView};
use crate::audit::reads::Read;
use crate::auth::authorize::{ImageOperators, SchoolAdmins};
use crate::auth::{Authorized, StaffUser};
use crate::context::Ctx;
use crate::db::{utc, write_transaction, DbConnection};
use crate::error::{AppError, Problem, Text};
use crate::http::contract::shared_responses;
use crate::http::meta::RequestMeta;
use crate::http::pagination::{Page, Window};
use crate::http::upload as body;
use crate::rules::text::search_term;
use crate::state::AppState;
use crate::validation::valid;

/// Mounts the image routes for staff (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(upload_batch)
        .service(list_batches)
        .service(get_batch)
        .service(search_images)
        .service(search_images_by_body)
        .service(get_image)
        .service(image_photo)
        .service(fix_image)
        .service(delete_image)
        .service(list_collation_requests)
        .service(resolve_collation_request)
        .service(reject_collation_request);
}

/// Uploads a batch of photos.
#[utoipa::path(
    tag = "images",
    operation_id = "upload_image_batch",
    summary = "Upload a batch of collected photos",
    description = "The body is a ZIP (`application/zip`) holding the photos and, at its root, `manifest.csv` with the \
columns `file,school_name,name,id_number,captured_on` (UTF-8, header first; `captured_on` as YYYY-MM-DD). Each \
photo is decoded (JPEG or PNG by its bytes), at most `APP_PHOTO_MAX_BYTES` (2 MB) and `APP_PHOTO_WIDTH`×\
`APP_PHOTO_HEIGHT` (480×640) within `APP_PHOTO_TOLERANCE_PX`; a photo whose bytes equal a stored one is a \
duplicate. A good photo is stored re-encoded from its pixels (a JPEG as a JPEG at quality 90, a PNG as a PNG): \
EXIF, comments and bytes after the image are dropped. Good lines are stored, bad ones reported by manifest line with the reason. Path-traversal names, more \
than `APP_BATCH_MAX_ENTRIES` files, or unpacked sizes past the limits (zip bombs) refuse the whole batch (422). \
Image operators only.",
    security(("staff" = [])),
    request_body(content = Binary, content_type = "application/zip", description = "The ZIP file."),
    responses(
        (status = 201, description = "Stored what was good; `rejected` lists the rest.", body = BatchReport),
        (status = 400, description = "`unreadable_body`: the upload broke off.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`outside_role`: image operators only.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`payload_too_large`: larger than `APP_BATCH_MAX_BYTES`.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "`unsupported_media_type`: not `application/zip`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The whole batch is refused: `invalid_zip`, `unsafe_entry_name` (path traversal), `too_many_entries`, `zip_bomb`, `manifest_missing`, `manifest_header`, `manifest_unreadable`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`photo_store_unavailable`: photos stored before the failure are kept.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/image-batches")]
pub async fn upload_batch(
    state: web::Data<AppState>,
    meta: RequestMeta,
    operator: Authorized<ImageOperators>,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    body::require_media_type(
        &req,
        &["application/zip", "application/x-zip-compressed"],
        Text::new(
            "请上传 ZIP 压缩包（Content-Type: application/zip），其中包含照片和 manifest.csv。",
            "Send the ZIP itself (Content-Type: application/zip) with the photos and manifest.csv.",
        ),
    )?;
    let file = body::spool(payload, state.config.photos.batch_max_bytes).await?;
    let ctx = state.ctx(meta);
    let report = upload::upload(
        &state.db,
        state.photos.as_ref(),
        ctx,
        operator.staff,
        file.path().to_owned(),
    )
    .await;
    drop(file);
    Ok(HttpResponse::Created().json(report?))
}

/// A batch as its operator sees it afterwards.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "b7e1…", "created_at": "2026-11-29T08:00:00Z", "accepted": 2, "rejected": 1, "report": {"batch_id": "b7e1…", "lines": 3, "accepted": 2, "rejected": [{"line": 4, "file": "0003.jpg", "reason": "照片尺寸为 300×400 像素，应为 480×640"}], "unreferenced_files": []}}))]
pub struct BatchView {
    pub id: String,
    pub created_at: DateTime<Utc>,
    pub accepted: i32,
    pub rejected: i32,
    /// The report given at upload.
    pub report: BatchReport,
}

fn batch_view(row: store::BatchRow) -> BatchView {
    let (id, _, created_at, accepted, rejected, report) = row;
    // Reports are written by this program; one that does not read back is shown empty.
    BatchView {
        report: serde_json::from_str(&report).unwrap_or_else(|_| BatchReport {
            batch_id: id.clone(),
            lines: 0,
            accepted: accepted.max(0) as u64,
            rejected: Vec::new(),
            unreferenced_files: Vec::new(),
        }),
        id,
        created_at: utc(created_at),
        accepted,
        rejected,
    }
}

/// Page of a list.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

/// Lists the operator's batches.
#[utoipa::path(
    tag = "images",
    operation_id = "list_image_batches",
    summary = "My photo batches",
    description = "The batches the logged-in image operator uploaded, newest first, each with its report.",
    security(("staff" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "One page of batches.", body = Page<BatchView>,
            example = json!({"items": [{"id": "b7e1…", "created_at": "2026-11-29T08:00:00Z", "accepted": 2, "rejected": 0, "report": {"batch_id": "b7e1…", "lines": 2, "accepted": 2, "rejected": [], "unreferenced_files": []}}], "total": 1, "page": 1, "per_page": 20})),
        (status = 403, description = "`outside_role`: image operators only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `page` or `per_page` out of range.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/image-batches")]
pub async fn list_batches(
    state: web::Data<AppState>,
    operator: Authorized<ImageOperators>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, AppError> {
    let query = valid(query.into_inner())?;
    let window = Window::parse(query.page, query.per_page)?;
    let by = operator.staff_id.clone();
    let (rows, total) = state
        .db
        .run(move |conn| Ok(store::batches_of(conn, &by, window)?))
        .await?;
    let page: Page<BatchView> = window.page_of(rows.into_iter().map(batch_view).collect(), total);
    Ok(HttpResponse::Ok().json(page))
}

/// One of the operator's batches.
#[utoipa::path(
    tag = "images",
    operation_id = "get_image_batch",
    summary = "A photo batch and its report",
    description = "One batch the logged-in image operator uploaded.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The batch.")),
    responses(
        (status = 200, description = "The batch.", body = BatchView),
        (status = 403, description = "`outside_role`: image operators only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`batch_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/image-batches/{id}")]
pub async fn get_batch(
    state: web::Data<AppState>,
    operator: Authorized<ImageOperators>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let row = state
        .db
        .run(move |conn| Ok(store::batch(conn, &id)?))
        .await?
        .filter(|b| b.1 == operator.staff_id)
        .ok_or_else(|| {
            AppError::not_found(
                "batch_not_found",
                Text::new("没有找到这个批次。", "No such batch of yours."),
            )
        })?;
    Ok(HttpResponse::Ok().json(batch_view(row)))
}

/// Filters of the 图像校对 search (a JSON body of `POST /image-records/search`, or the query of the
/// deprecated GET).
#[derive(Debug, Deserialize, IntoParams, ToSchema, Validate)]
#[into_params(parameter_in = Query)]
#[schema(example = json!({"id_number": "11019920050314011X", "linked": false, "page": 1, "per_page": 20}))]
pub struct ImageQuery {
    /// Your school's code (optional: a school admin sees their own school).
    #[validate(length(max = 100, code = "too_long"))]
    pub school_code: Option<String>,
    /// Exactly this captured name.
    #[validate(length(max = 100, code = "too_long"))]
    pub name: Option<String>,
    /// Exactly this captured ID number.
    #[validate(length(max = 100, code = "too_long"))]
    pub id_number: Option<String>,
    /// Only records that link to an enrollment (true) or that do not (false).
    pub linked: Option<bool>,
    /// Include deleted photos.
    pub include_deleted: Option<bool>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Records per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

shared_responses! {
    responses(
        (status = 200, description = "One page of records.", body = Page<ImageRecordView>,
            example = json!({"items": [{"id": "a41f…", "batch_id": "b7e1…", "manifest_line": 2, "file_name": "0001.jpg", "school_name": "北京大学", "name": "王晓明", "id_number": "11019920050314011X", "captured_on": "2026-06-01", "width": 480, "height": 640, "content_type": "image/jpeg", "size_bytes": 48211, "created_at": "2026-11-29T08:00:00Z", "updated_at": "2026-11-29T08:00:00Z", "deleted_at": null, "deleted_reason": null, "linked": false, "enrollment_ids": [], "editable": true}], "total": 1, "page": 1, "per_page": 20})),
        (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`school_not_found`: `school_code` is not your school.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `page` or `per_page` out of range.", body = Problem, content_type = "application/problem+json"),
    );

    /// Searches the school's collection records (deprecated: its filters land in URLs).
    #[utoipa::path(
        tag = "images",
        operation_id = "search_image_records",
        summary = "Search collection records (图像校对) — deprecated, use POST /image-records/search",
        description = "The collection records a school admin sees: captured with the school's name, or carrying the ID \
number of one of its students whose record is not revoked (so a mistyped school name does not hide a photo), or \
named in one of its students' reports; newest first. Each says whether it links to an enrollment record (school \
name, name and ID number all equal) and whether your school may fix or delete it (`editable`: false for a photo \
captured for another school). An empty answer for a student's ID number means no photo was collected: contact the photo agency. \
**Deprecated**: names and ID numbers in a URL stay in browser history and proxy logs; send the same filters to \
`POST /image-records/search`.",
        security(("staff" = [])),
        params(ImageQuery),
    )]
    #[get("/image-records")]
    pub async fn search_images(
        state: web::Data<AppState>,
        meta: RequestMeta,
        school: Authorized<SchoolAdmins>,
        query: web::Query<ImageQuery>,
    ) -> Result<HttpResponse, AppError> {
        images_page(&state, meta, school, query.into_inner()).await
    }

    /// Searches the school's collection records by the filters in the body.
    #[utoipa::path(
        tag = "images",
        operation_id = "search_image_records_by_body",
        summary = "Search collection records (图像校对)",
        description = "The collection records a school admin sees: captured with the school's name, or carrying the ID \
number of one of its students whose record is not revoked (so a mistyped school name does not hide a photo), or \
named in one of its students' reports; newest first. Each says whether it links to an enrollment record (school \
name, name and ID number all equal) and whether your school may fix or delete it (`editable`: false for a photo \
captured for another school). An empty answer for a student's ID number means no photo was collected: contact the photo agency. \
The filters travel in the body, so names and ID numbers stay out of URLs (browser history, proxy logs).",
        security(("staff" = [])),
        request_body = ImageQuery,
    )]
    #[post("/image-records/search")]
    pub async fn search_images_by_body(
        state: web::Data<AppState>,
        meta: RequestMeta,
        school: Authorized<SchoolAdmins>,
        body: web::Json<ImageQuery>,
    ) -> Result<HttpResponse, AppError> {
        images_page(&state, meta, school, body.into_inner()).await
    }
}

/// One page of the search, whichever way its filters came.
async fn images_page(
    state: &AppState,
    meta: RequestMeta,
    school: Authorized<SchoolAdmins>,
    q: ImageQuery,
) -> Result<HttpResponse, AppError> {
    let q = valid(q)?;
    let window = Window::parse(q.page, q.per_page)?;
    if let Some(code) = search_term(q.school_code.as_deref()) {
        if school.school_code.as_deref() != Some(code.as_str()) {
            return Err(AppError::not_found(
                "school_not_found",
                Text::new("没有找到这所学校。", "No such school within your scope."),
            ));
        }
    }
    let filter = Filter {
        name: search_term(q.name.as_deref()),
        id_number: search_term(q.id_number.as_deref()),
        linked: q.linked,
        include_deleted: q.include_deleted.unwrap_or(false),
    };
    let page = state
        .run(meta, move |conn, ctx| {
            write_transaction(conn, |conn| {
                let page = service::search(conn, &school, &filter, window)?;
                shown(conn, ctx, &school, "image_record_list", None, &page.items)?;
                Ok(page)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page.try_map(|l| Ok::<_, AppError>(ImageRecordView::from(l)))?))
}

/// Audits that `school` was shown the full ID numbers of `records` for `purpose`.
fn shown(
    conn: &mut DbConnection,
    ctx: &Ctx,
    school: &StaffUser,
    purpose: &str,
    reason: Option<&str>,
    records: &[Linked],
) -> Result<(), AppError> {
    let reads: Vec<Read> = records
        .iter()
        .filter_map(|l| {
            Read::of(
                "image_record",
                &l.record.id,
                Some(&l.record.id_number),
                None,
            )
        })
        .collect();
    let reason = crate::rules::reason::optional(reason, "reason")
        .ok()
        .flatten();
    crate::audit::reads::record(conn, ctx, school, purpose, reason.as_deref(), &reads)
}

/// Runs `f` and answers with the record it returns, its full ID number audited as read by
/// `school` for `purpose` in the same request.
async fn answer(
    state: &AppState,
    meta: RequestMeta,
    school: Authorized<SchoolAdmins>,
    purpose: &'static str,
    reason: Option<String>,
    f: impl FnOnce(&mut DbConnection, &Ctx, &StaffUser) -> Result<Linked, AppError> + Send + 'static,
) -> Result<HttpResponse, AppError> {
    let linked = state
        .run(meta, move |conn, ctx| {
            // Audited after `f`, not inside its transaction (see the support desk's `answer`).
            let linked = f(conn, ctx, &school)?;
            write_transaction(conn, |conn| {
                let one = std::slice::from_ref(&linked);
                shown(conn, ctx, &school, purpose, reason.as_deref(), one)
            })?;
            Ok(linked)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ImageRecordView::from(linked)))
}

/// One collection record.
#[utoipa::path(
    tag = "images",
    operation_id = "get_image_record",
    summary = "Read a collection record",
    description = "One record the school admin sees, with the enrollments it links to and whether your school may \
change it (`editable`).",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The collection record.")),
    responses(
        (status = 200, description = "The record.", body = ImageRecordView),
        (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`image_record_not_found`: none such that your school sees.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/image-records/{id}")]
pub async fn get_image(
    state: web::Data<AppState>,
    meta: RequestMeta,
    school: Authorized<SchoolAdmins>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    answer(
        &state,
        meta,
        school,
        "image_record_detail",
        None,
        move |conn, _, school| service::get(conn, school, &id),
    )
    .await
}

/// The photo of a collection record.
#[utoipa::path(
    tag = "images",
    operation_id = "get_image_record_photo",
    summary = "The photo of a collection record",
    description = "The photo's bytes (`image/jpeg` or `image/png`, re-encoded at upload: no EXIF or other metadata), \
for a school admin who sees the record. Served with `Cache-Control: private, no-store`, \
`X-Content-Type-Options: nosniff` and `Content-Disposition: inline`; the ETag is the SHA-256 of the uploaded file.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The collection record.")),
    responses(
        (status = 200, description = "The photo, as stored (JPEG or PNG).", content((Binary = "image/jpeg"), (Binary = "image/png"))),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`image_record_not_found`, or its bytes were already swept after deletion.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/image-records/{id}/photo")]
pub async fn image_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    school: Authorized<SchoolAdmins>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let record = state
        .db
        .run(move |conn| service::visible(conn, &school, &id))
        .await?;
    if record.bytes_removed_at.is_some() {
        return Err(service::image_not_found());
    }
    let bytes = crate::storage::read(state.photos.as_ref(), &record.object_key).await?;
    Ok(photo_response(&req, &record, bytes))
}

/// New captured details.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"name": "王小明"}))]
pub struct ImagePatch {
    /// The school name as it should have been typed.
    pub school_name: Option<String>,
    /// The name, by the rules of names.
    pub name: Option<String>,
    /// The 18-digit ID number (a 15-digit one is upgraded).
    pub id_number: Option<String>,
}

/// Fixes a collection record.
#[utoipa::path(
    tag = "images",
    operation_id = "fix_image_record",
    summary = "Fix what was typed at capture",
    description = "Replaces the school name, name or ID number of a collection record (fields left out stay). \
Effective at once: the photo links to the enrollment record it now matches. Audited. Only a record with \
`editable: true`: one captured with your school's name, or (unlinked) claimed in an open report of one of your \
students, or whose school name names no school while its ID number is one of your students'. After the change the \
record must carry your school's own name and the ID number of one of your students whose record is not revoked, \
so a fix can never move a photo onto another school's record.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The collection record.")),
    request_body = ImagePatch,
    responses(
        (status = 200, description = "The record, with its links now.", body = ImageRecordView),
        (status = 403, description = "`outside_role`: school admins only; `image_record_read_only`: captured for another school, your school only sees it.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`image_record_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`image_record_deleted`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a field breaks its rule, or would leave your school (`school_name_not_yours` on `school_name`, `id_number_not_your_student` on `id_number`); or nothing changes (`no_changes`).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/image-records/{id}")]
pub async fn fix_image(
    state: web::Data<AppState>,
    meta: RequestMeta,
    school: Authorized<SchoolAdmins>,
    id: web::Path<String>,
    patch: web::Json<ImagePatch>,
) -> Result<HttpResponse, AppError> {
    let p = valid(patch.into_inner())?;
    let patch = DetailsPatch {
        school_name: p.school_name,
        name: p.name,
        id_number: p.id_number,
    };
    answer(
        &state,
        meta,
        school,
        "image_record_fix",
        None,
        move |conn, ctx, school| service::fix(conn, ctx, school, &id, patch),
    )
    .await
}

/// Why a photo is deleted.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"reason": "同一学生的重复照片，保留 2026-06-01 采集的一张。"}))]
pub struct DeleteImageRequest {
    /// Required, at most 500 characters.
    pub reason: Option<String>,
}

/// Deletes a duplicate photo.
#[utoipa::path(
    tag = "images",
    operation_id = "delete_image_record",
    summary = "Delete a duplicate photo",
    description = "After the school confirmed it is a duplicate: the record is marked deleted with the reason (it \
stays, audited), and its bytes are removed from the photo store by a later sweep. Only a record with \
`editable: true`.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The collection record.")),
    request_body = DeleteImageRequest,
    responses(
        (status = 200, description = "Deleted.", body = ImageRecordView),
        (status = 403, description = "`outside_role`: school admins only; `image_record_read_only`: captured for another school, your school only sees it.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`image_record_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`image_record_deleted`: already deleted.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: no reason.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/image-records/{id}")]
pub async fn delete_image(
    state: web::Data<AppState>,
    meta: RequestMeta,
    school: Authorized<SchoolAdmins>,
    id: web::Path<String>,
    body: web::Json<DeleteImageRequest>,
) -> Result<HttpResponse, AppError> {
    let reason = valid(body.into_inner())?.reason;
    let why = reason.clone();
    answer(
        &state,
        meta,
        school,
        "image_record_delete",
        why,
        move |conn, ctx, school| service::delete(conn, ctx, school, &id, reason.as_deref()),
    )
    .await
}

/// The state of students' reports.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CollationStatus {
    Open,
    Resolved,
    Rejected,
}

/// Filters of the school's queue.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct CollationQuery {
    /// Only reports in this state (`open` for the queue).
    #[param(inline)]
    pub status: Option<CollationStatus>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Reports per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

/// Lists the school's collation requests.
#[utoipa::path(
    tag = "images",
    operation_id = "list_collation_requests",
    summary = "The school's queue of students' photo reports",
    description = "What students of the school reported about photos (`this_is_me`: a collected photo is theirs; \
`none_of_these`: none of the candidates is; `wrong_photo`: the photo on their record is not them), oldest first.",
    security(("staff" = [])),
    params(CollationQuery),
    responses(
        (status = 200, description = "One page of reports.", body = Page<CollationRequestView>,
            example = json!({"items": [{"id": "c9d2…", "enrollment_id": "6c1d…", "image_record_id": "a41f…", "kind": "this_is_me", "message": "采集时姓名录错了", "status": "open", "created_at": "2026-11-29T08:00:00Z", "decided_at": null, "decision_note": null, "student_email": "wang@example.cn"}], "total": 1, "page": 1, "per_page": 20})),
        (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `page` or `per_page` out of range.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/collation-requests")]
pub async fn list_collation_requests(
    state: web::Data<AppState>,
    school: Authorized<SchoolAdmins>,
    query: web::Query<CollationQuery>,
) -> Result<HttpResponse, AppError> {
    let q = valid(query.into_inner())?;
    let window = Window::parse(q.page, q.per_page)?;
    let status = q.status.map(|s| match s {
        CollationStatus::Open => "open",
        CollationStatus::Resolved => "resolved",
        CollationStatus::Rejected => "rejected",
    });
    let page = state
        .db
        .run(move |conn| collation::queue(conn, &school, status, window))
        .await?;
    Ok(HttpResponse::Ok().json(page.try_map(|q| {
        Ok::<_, AppError>(CollationRequestView::of(q.request, Some(q.student_email)))
    })?))
}

/// A note on a decision.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"note": "已更正采集记录中的姓名，照片已关联到你的学籍。"}))]
pub struct DecisionNote {
    /// The student sees it; required when rejecting. At most 500 characters.
    pub note: Option<String>,
}

async fn decide(
    state: &AppState,
    meta: RequestMeta,
    school: Authorized<SchoolAdmins>,
    id: String,
    resolved: bool,
    body: DecisionNote,
) -> Result<HttpResponse, AppError> {
    let note = valid(body)?.note;
    let ctx = state.ctx(meta);
    let request: CollationRequest = state
        .db
        .run(move |conn| collation::decide(conn, &ctx, &school, &id, resolved, note.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(CollationRequestView::of(request, None)))
}

/// Declares a handler that closes a student's report as resolved or rejected, with the school's
/// note; the two differ only in their contract and in `resolved`.
macro_rules! decision_handler {
    ($(#[$attr:meta])* fn $name:ident(resolved = $resolved:literal);) => {
        $(#[$attr])*
        pub async fn $name(
            state: web::Data<AppState>,
            meta: RequestMeta,
            school: Authorized<SchoolAdmins>,
            id: web::Path<String>,
            body: web::Json<DecisionNote>,
        ) -> Result<HttpResponse, AppError> {
            let (id, note) = (id.into_inner(), body.into_inner());
            decide(&state, meta, school, id, $resolved, note).await
        }
    };
}

decision_handler! {
    /// Resolves a collation request.
    #[utoipa::path(
        tag = "images",
        operation_id = "resolve_collation_request",
        summary = "Resolve a student's photo report",
        description = "Closes the report as handled (for example after fixing the collection record); the note is optional.",
        security(("staff" = [])),
        params(("id" = String, Path, description = "The report.")),
        request_body = DecisionNote,
        responses(
            (status = 200, description = "Resolved.", body = CollationRequestView),
            (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
            (status = 404, description = "`collation_request_not_found`: none such of your school.", body = Problem, content_type = "application/problem+json"),
            (status = 409, description = "`collation_request_closed`.", body = Problem, content_type = "application/problem+json"),
        )
    )]
    #[post("/collation-requests/{id}/resolve")]
    fn resolve_collation_request(resolved = true);
}

decision_handler! {
    /// Rejects a collation request.
    #[utoipa::path(
        tag = "images",
        operation_id = "reject_collation_request",
        summary = "Reject a student's photo report",
        description = "Closes the report without a change; the note, required, tells the student why.",
        security(("staff" = [])),
        params(("id" = String, Path, description = "The report.")),
        request_body = DecisionNote,
        responses(
            (status = 200, description = "Rejected.", body = CollationRequestView),
            (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
            (status = 404, description = "`collation_request_not_found`: none such of your school.", body = Problem, content_type = "application/problem+json"),
            (status = 409, description = "`collation_request_closed`.", body = Problem, content_type = "application/problem+json"),
            (status = 422, description = "`validation_failed`: no note.", body = Problem, content_type = "application/problem+json"),
        )
    )]
    #[post("/collation-requests/{id}/reject")]
    fn reject_collation_request(resolved = false);
}

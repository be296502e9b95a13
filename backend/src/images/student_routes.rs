//! HTTP handlers of the student's side of photos: the photo on a record, "没照片，找找看", and
//! reports to the school.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::collation::{self, Kind};
use super::photo;
use super::service;
use super::views::{photo_bytes, photo_response, Binary, CandidateView, CollationRequestView};
use crate::auth::CurrentUser;
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::records::routes::Items;
use crate::state::AppState;
use crate::validation::valid;

/// Mounts the student's photo routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(my_photo)
        .service(photo_candidates)
        .service(candidate_thumbnail)
        .service(file_collation_request)
        .service(my_collation_requests);
}

/// The photo on one of the student's records.
#[utoipa::path(
    tag = "photos",
    operation_id = "get_my_enrollment_photo",
    summary = "The photo on my enrollment record",
    description = "The newest photo collected for the record (school name, name and ID number all equal), only to \
the record's owner; `image/jpeg` or `image/png`, re-encoded at upload (no EXIF or other metadata). Served with \
`Cache-Control: private, no-store`, `X-Content-Type-Options: nosniff` and `Content-Disposition: inline`; the \
ETag is the SHA-256 of the uploaded file.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "One of the student's enrollment records.")),
    responses(
        (status = 200, description = "The photo, as stored (JPEG or PNG).", content((Binary = "image/jpeg"), (Binary = "image/png"))),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 404, description = "`record_not_found` (not one of yours) or `photo_not_found` (no photo yet: try the candidates).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/enrollments/{id}/photo")]
pub async fn my_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let record = state
        .db
        .run(move |conn| service::my_photo(conn, &user.account_id, &id))
        .await?;
    let bytes = crate::storage::read(state.photos.as_ref(), &record.object_key).await?;
    Ok(photo_response(&req, &record, bytes))
}

/// "没照片，找找看".
#[utoipa::path(
    tag = "photos",
    operation_id = "list_photo_candidates",
    summary = "Photos that are probably mine (没照片，找找看)",
    description = "Collected photos that link to no record but carry the student's ID number, or their name at one \
of their schools; each compared with the student's record it matches best, naming the fields that differ. Those \
fields are masked: the photo may be someone else's. Report one with `POST /me/collation-requests`.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The candidates (possibly none).", body = Items<CandidateView>,
            example = json!({"items": [{"id": "a41f…", "enrollment_id": "6c1d…", "captured_on": "2026-06-01", "school_name": "北京大学", "name": "王**", "id_number": "11019920050314011X", "differs": ["name"], "thumbnail_url": "/api/v1/me/photo-candidates/a41f…/thumbnail"}], "total": 1})),
    )
)]
#[get("/me/photo-candidates")]
pub async fn photo_candidates(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let found = state
        .db
        .run(move |conn| service::candidates(conn, &user.account_id))
        .await?;
    Ok(HttpResponse::Ok().json(Items::of(
        found.into_iter().map(CandidateView::from).collect(),
    )))
}

/// A candidate's thumbnail.
#[utoipa::path(
    tag = "photos",
    operation_id = "get_photo_candidate_thumbnail",
    summary = "The thumbnail of a candidate photo",
    description = "A small JPEG (at most 120×160) of one of the student's current candidates: enough to recognise \
oneself, no more. Served with `Cache-Control: private, no-store`, `X-Content-Type-Options: nosniff` and \
`Content-Disposition: inline`.",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "The candidate (collection record).")),
    responses(
        (status = 200, description = "The thumbnail.", content_type = "image/jpeg", body = Binary),
        (status = 304, description = "Not modified (`If-None-Match`)."),
        (status = 404, description = "`image_record_not_found`: not one of your candidates.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/photo-candidates/{id}/thumbnail")]
pub async fn candidate_thumbnail(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let candidate = state
        .db
        .run(move |conn| service::my_candidate(conn, &user.account_id, &id))
        .await?;
    let bytes = crate::storage::read(state.photos.as_ref(), &candidate.record.object_key).await?;
    let thumb = actix_web::web::block(move || photo::thumbnail(&bytes))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    let tag = format!("thumb-{}", candidate.record.sha256);
    let name = format!("thumbnail-{}", candidate.record.id);
    Ok(photo_bytes(&req, &tag, &name, "image/jpeg", thumb.into()))
}

/// What the student reports.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    /// A candidate photo is mine (name it in `image_record_id`).
    ThisIsMe,
    /// None of the candidates is mine, or there were none (name the record in `enrollment_id`).
    NoneOfThese,
    /// The photo on my record is not me (name the record in `enrollment_id`).
    WrongPhoto,
}

/// A report to the school about a photo.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"kind": "this_is_me", "image_record_id": "a41f…", "enrollment_id": "6c1d…", "message": "采集时把我的名字录成了“王晓明”。"}))]
pub struct CollationRequestBody {
    pub kind: ReportKind,
    /// The candidate photo (for `this_is_me`).
    #[validate(length(max = 64, code = "too_long"))]
    pub image_record_id: Option<String>,
    /// The student's record concerned (optional for `this_is_me`: the candidate's best match is used).
    #[validate(length(max = 64, code = "too_long"))]
    pub enrollment_id: Option<String>,
    /// For the school; at most 500 characters.
    pub message: Option<String>,
}

/// Files a report.
#[utoipa::path(
    tag = "photos",
    operation_id = "file_collation_request",
    summary = "Report a photo to my school",
    description = "Files a report with the image-collation queue of the record's school: `this_is_me` for a \
candidate, `none_of_these` when no candidate is the student, `wrong_photo` when the photo on their record is not \
them. One open report per record at a time.",
    security(("bearer" = [])),
    request_body = CollationRequestBody,
    responses(
        (status = 201, description = "Filed.", body = CollationRequestView),
        (status = 404, description = "`record_not_found`, `image_record_not_found` (not one of your candidates) or `photo_not_found` (no photo to call wrong).", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`collation_request_open`: a report about this record is waiting.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the field the kind needs is missing, or the message is too long.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/collation-requests")]
pub async fn file_collation_request(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    body: web::Json<CollationRequestBody>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let b = valid(body.into_inner())?;
    let kind = match b.kind {
        ReportKind::ThisIsMe => Kind::ThisIsMe,
        ReportKind::NoneOfThese => Kind::NoneOfThese,
        ReportKind::WrongPhoto => Kind::WrongPhoto,
    };
    let request = state
        .db
        .run(move |conn| {
            collation::file(
                conn,
                &ctx,
                &user.account_id,
                kind,
                b.enrollment_id.as_deref(),
                b.image_record_id.as_deref(),
                b.message.as_deref(),
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(CollationRequestView::of(request, None)))
}

/// Lists the student's reports.
#[utoipa::path(
    tag = "photos",
    operation_id = "list_my_collation_requests",
    summary = "My photo reports",
    description = "The reports the student filed, newest first, with the school's answer.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The reports.", body = Items<CollationRequestView>,
            example = json!({"items": [{"id": "c9d2…", "enrollment_id": "6c1d…", "image_record_id": "a41f…", "kind": "this_is_me", "message": null, "status": "resolved", "created_at": "2026-11-29T08:00:00Z", "decided_at": "2026-11-30T02:00:00Z", "decision_note": "已更正采集记录。", "student_email": null}], "total": 1})),
    )
)]
#[get("/me/collation-requests")]
pub async fn my_collation_requests(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let mine = state
        .db
        .run(move |conn| collation::mine(conn, &user.account_id))
        .await?;
    Ok(HttpResponse::Ok().json(Items::of(
        mine.into_iter()
            .map(|r| CollationRequestView::of(r, None))
            .collect(),
    )))
}

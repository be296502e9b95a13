//! HTTP handlers of the 在校生 module.

use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::{Validate, ValidationError};

use super::service::{self, CheckResult};
use crate::auth::authorize::{CorrectionParties, SchoolAdmins};
use crate::auth::Authorized;
use crate::db::write_transaction;
use crate::dossier::views::StaffEnrollmentView;
use crate::error::{AppError, Problem, Text};
use crate::http::contract::shared_responses;
use crate::http::meta::RequestMeta;
use crate::http::pagination::{Page, Window};
use crate::records::store::StudentFilter;
use crate::rules::text::search_term;
use crate::rules::vocab::{EnrollmentStatus, Level};
use crate::state::AppState;
use crate::validation::{broken, valid};

/// Mounts the 在校生 routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(search_students)
        .service(search_students_by_body)
        .service(get_enrollment)
        .service(qualification_check)
        .service(revoke);
}

/// Filters of the 在校生 search (a JSON body of `POST …/students/search`, or the query of the
/// deprecated GET).
#[derive(Debug, Deserialize, IntoParams, ToSchema, Validate)]
#[into_params(parameter_in = Query)]
#[schema(example = json!({"q": "11019920050314011X", "status": "在籍", "page": 1, "per_page": 20}))]
pub struct StudentQuery {
    /// Free text: the start of a name, a whole ID number or a whole student number.
    #[validate(custom(function = "filter"))]
    pub q: Option<String>,
    /// Exactly this name.
    #[validate(custom(function = "filter"))]
    pub name: Option<String>,
    /// Exactly this ID number.
    #[validate(custom(function = "filter"))]
    pub id_number: Option<String>,
    /// Exactly this student number.
    #[validate(custom(function = "filter"))]
    pub student_no: Option<String>,
    /// Only records of this status (注销 included on request).
    pub status: Option<EnrollmentStatus>,
    /// Only records of this level.
    pub level: Option<Level>,
    /// Only records with (true) or without (false) the 资格待查 flag.
    pub qualification_pending: Option<bool>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Records per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

/// A text filter: at most [`MAX_FILTER_CHARS`] characters (no name or number is longer).
fn filter(value: &str) -> Result<(), ValidationError> {
    if value.chars().count() > MAX_FILTER_CHARS {
        return Err(broken(
            "filter_too_long",
            Text::new(
                format!("查询条件最多 {MAX_FILTER_CHARS} 个字符。"),
                format!("A filter is at most {MAX_FILTER_CHARS} characters."),
            ),
        ));
    }
    Ok(())
}

const MAX_FILTER_CHARS: usize = 100;

shared_responses! {
    responses(
        (status = 200, description = "One page of records.", body = Page<StaffEnrollmentView>,
            example = json!({"items": [{"id": "6c1d…", "school_code": "10001", "school_name": "北京大学", "province_name": "北京市", "student_no": "2301110001", "name": "王小明", "id_number": "11019920050314011X", "sex": "男", "birth_date": "2005-03-14", "ethnicity": "汉族", "major": "计算机科学与技术", "level": "本科", "study_form": "普通全日制", "entry_date": "2023-09-01", "expected_graduation": "2027-07-01", "status": "在籍", "qualification_pending": false, "correction_pending": false, "has_photo": true, "province_code": "11", "pending_change_request_id": null, "revocation_reason": null, "duplicate_of": null, "revoked_at": null}], "total": 1, "page": 1, "per_page": 20})),
        (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`school_not_found`: not your school.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `page` or `per_page` out of range.", body = Problem, content_type = "application/problem+json"),
    );

    /// Searches a school's students (deprecated: its filters land in URLs).
    #[utoipa::path(
        tag = "school",
        operation_id = "search_students",
        summary = "Search the school's students (在校生) — deprecated, use POST …/students/search",
        description = "The school's enrollment records, revoked ones included, by student number, filtered by name, ID \
number, student number, status, level and the 资格待查 flag. School admins of that school only; another school \
answers 404. **Deprecated**: names, ID numbers and student numbers in a URL stay in \
browser history and proxy logs; send the same filters to `POST /schools/{school_code}/students/search`.",
        security(("staff" = [])),
        params(("school_code" = String, Path, description = "The school's code."), StudentQuery),
    )]
    #[get("/schools/{school_code}/students")]
    pub async fn search_students(
        state: web::Data<AppState>,
        meta: RequestMeta,
        staff: Authorized<SchoolAdmins>,
        school_code: web::Path<String>,
        query: web::Query<StudentQuery>,
    ) -> Result<HttpResponse, AppError> {
        let (school_code, query) = (school_code.into_inner(), query.into_inner());
        students_page(&state, meta, staff, school_code, query).await
    }

    /// Searches a school's students with the filters in the body.
    #[utoipa::path(
        tag = "school",
        operation_id = "search_students_by_body",
        summary = "Search the school's students (在校生)",
        description = "The school's enrollment records, revoked ones included, by student number, filtered by name, ID \
number, student number, status, level and the 资格待查 flag. School admins of that school only; another school \
answers 404. The filters travel in the body, so \
names, ID numbers and student numbers stay out of URLs (browser history, proxy logs).",
        security(("staff" = [])),
        params(("school_code" = String, Path, description = "The school's code.")),
        request_body = StudentQuery,
    )]
    #[post("/schools/{school_code}/students/search")]
    pub async fn search_students_by_body(
        state: web::Data<AppState>,
        meta: RequestMeta,
        staff: Authorized<SchoolAdmins>,
        school_code: web::Path<String>,
        body: web::Json<StudentQuery>,
    ) -> Result<HttpResponse, AppError> {
        let (school_code, query) = (school_code.into_inner(), body.into_inner());
        students_page(&state, meta, staff, school_code, query).await
    }
}

/// One page of the search, whichever way its filters came.
async fn students_page(
    state: &AppState,
    meta: RequestMeta,
    staff: Authorized<SchoolAdmins>,
    school_code: String,
    q: StudentQuery,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let q = valid(q)?;
    let window = Window::parse(q.page, q.per_page)?;
    let filter = StudentFilter {
        q: search_term(q.q.as_deref()),
        name: search_term(q.name.as_deref()),
        id_number: search_term(q.id_number.as_deref()),
        student_no: search_term(q.student_no.as_deref()),
        status: q.status,
        level: q.level,
        qualification_pending: q.qualification_pending,
    };
    let page = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let page = service::search(conn, &staff, &school_code, &filter, window)?;
                service::shown(conn, &ctx, &staff, "school_student_list", None, &page.items)?;
                Ok(page)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(page.try_map(|r| Ok::<_, AppError>(StaffEnrollmentView::of(r)))?))
}

/// One enrollment record, for staff.
#[utoipa::path(
    tag = "school",
    operation_id = "get_enrollment",
    summary = "Read an enrollment record (staff)",
    description = "The record with its revocation details and pending change request, for the school admins of its \
school and the reviewers of its province.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The enrollment record.")),
    responses(
        (status = 200, description = "The record.", body = StaffEnrollmentView),
        (status = 403, description = "`outside_role`.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`enrollment_not_found`: none such within your scope.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/enrollments/{id}")]
pub async fn get_enrollment(
    state: web::Data<AppState>,
    meta: RequestMeta,
    staff: Authorized<CorrectionParties>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let record = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let record = service::get(conn, &staff, &id)?;
                let shown = std::slice::from_ref(&record);
                service::shown(conn, &ctx, &staff, "enrollment_detail", None, shown)?;
                Ok(record)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(StaffEnrollmentView::of(record)))
}

/// The outcome of a qualification check.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QualificationResult {
    /// The qualification holds: the 资格待查 flag is cleared.
    Confirmed,
    /// It does not: the record is revoked (注销) with the note as the reason.
    Rejected,
}

/// A qualification check (学籍资格清查).
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"result": "confirmed", "note": "已核实其专科学籍（深圳职业技术大学，2023 年毕业）。"}))]
pub struct QualificationCheckRequest {
    pub result: QualificationResult,
    /// What was found; required when `rejected` (it becomes the revocation reason). At most 500 characters.
    pub note: Option<String>,
}

/// Runs a qualification check.
#[utoipa::path(
    tag = "school",
    operation_id = "qualification_check",
    summary = "Qualification check (学籍资格清查)",
    description = "Resolves the 资格待查 flag of a record of your school: `confirmed` clears it; `rejected` revokes the \
record (注销) with the note as the reason. Applies at once, with one audit event.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The enrollment record.")),
    request_body = QualificationCheckRequest,
    responses(
        (status = 200, description = "The record after the check.", body = StaffEnrollmentView),
        (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`enrollment_not_found`: no such record in your school.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`qualification_not_pending` or `enrollment_revoked`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `result` missing or unknown, or `note` missing for a rejection.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/enrollments/{id}/qualification-check")]
pub async fn qualification_check(
    state: web::Data<AppState>,
    meta: RequestMeta,
    staff: Authorized<SchoolAdmins>,
    id: web::Path<String>,
    body: web::Json<QualificationCheckRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let QualificationCheckRequest { result, note } = valid(body.into_inner())?;
    let result = match result {
        QualificationResult::Confirmed => CheckResult::Confirmed,
        QualificationResult::Rejected => CheckResult::Rejected,
    };
    let record = state
        .db
        .run(move |conn| {
            // Audited after the change, not inside its transaction (see the support desk).
            let record =
                service::qualification_check(conn, &ctx, &staff, &id, result, note.as_deref())?;
            write_transaction(conn, |conn| {
                let shown = std::slice::from_ref(&record);
                let why = note.as_deref();
                let purpose = "enrollment_qualification_check";
                service::shown(conn, &ctx, &staff, purpose, why, shown)
            })?;
            Ok(record)
        })
        .await?;
    Ok(HttpResponse::Ok().json(StaffEnrollmentView::of(record)))
}

/// A revocation of a duplicate enrollment.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"reason": "与本校成人教育学籍重复，保留普通全日制学籍。", "duplicate_of": "8b0e…"}))]
pub struct RevocationRequest {
    /// Why (required, at most 500 characters).
    pub reason: Option<String>,
    /// The record this one duplicates: another, unrevoked record of the same ID number.
    #[validate(length(
        max = 64,
        code = "duplicate_not_found",
        message = "没有找到被重复的那条学籍。|No record has this id."
    ))]
    pub duplicate_of: Option<String>,
}

/// Revokes a duplicate enrollment.
#[utoipa::path(
    tag = "school",
    operation_id = "revoke_enrollment",
    summary = "Revoke a duplicate enrollment (注销)",
    description = "Sets a record of your school to 注销 with the reason and the record it duplicates. Nothing is \
deleted: the record disappears from the student's list but stays visible to staff and in the audit log.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The enrollment record.")),
    request_body = RevocationRequest,
    responses(
        (status = 200, description = "The revoked record.", body = StaffEnrollmentView),
        (status = 403, description = "`outside_role`: school admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`enrollment_not_found`: no such record in your school.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`already_revoked`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `reason` missing, or `duplicate_of` unknown, the record itself, revoked or of another ID number.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/enrollments/{id}/revocation")]
pub async fn revoke(
    state: web::Data<AppState>,
    meta: RequestMeta,
    staff: Authorized<SchoolAdmins>,
    id: web::Path<String>,
    body: web::Json<RevocationRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let RevocationRequest {
        reason,
        duplicate_of,
    } = valid(body.into_inner())?;
    let record = state
        .db
        .run(move |conn| {
            let record = service::revoke(
                conn,
                &ctx,
                &staff,
                &id,
                reason.as_deref(),
                duplicate_of.as_deref(),
            )?;
            write_transaction(conn, |conn| {
                let shown = std::slice::from_ref(&record);
                let why = reason.as_deref();
                service::shown(conn, &ctx, &staff, "enrollment_revocation", why, shown)
            })?;
            Ok(record)
        })
        .await?;
    Ok(HttpResponse::Ok().json(StaffEnrollmentView::of(record)))
}

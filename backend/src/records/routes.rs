//! HTTP handlers of the records capability.

use actix_web::{delete, get, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::{Validate, ValidationError};

use super::service::{self, RecordType, Vouched};
use super::store::Report;
pub use super::views::Items;
use super::views::{
    DegreeCheck, DegreeView, PublicReport, ReportView, ReportedDegree, ReportedEnrollment,
};
use crate::auth::CurrentUser;
use crate::db::{timestamp, utc};
use crate::error::{AppError, Problem, Text};
use crate::http::meta::RequestMeta;
use crate::state::AppState;
use crate::validation::{broken, valid};

/// Mounts the records routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(create_report)
        .service(list_reports)
        .service(revoke_report)
        .service(extend_report)
        .service(public_report)
        .service(check_degree);
}

/// A report's validity, in days, whether new or extended: from 30 to 365.
fn valid_days(value: u32) -> Result<(), ValidationError> {
    if (30..=365).contains(&value) {
        return Ok(());
    }
    Err(broken(
        "valid_days_out_of_range",
        Text::new(
            "有效期应在 30 到 365 天之间。",
            "Choose a validity from 30 to 365 days.",
        ),
    ))
}

/// A new report.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"record_type": "enrollment", "record_id": "6c1d…", "valid_days": 90}))]
pub struct CreateReportRequest {
    pub record_type: RecordType,
    /// The `id` of one of your own records.
    pub record_id: String,
    /// 30–365.
    #[schema(minimum = 30, maximum = 365)]
    #[validate(custom(function = "valid_days"))]
    pub valid_days: u32,
}

fn report_view(state: &AppState, r: Report, vouches: bool) -> ReportView {
    let now = timestamp(state.clock.now());
    let report_state = service::report_state(&r, vouches, now);
    ReportView {
        verify_url: format!("{}/verify/{}", state.config.public_url, r.code),
        record_type: RecordType::parse(&r.record_type).unwrap_or(RecordType::Enrollment),
        created_at: utc(r.created_at),
        expires_at: utc(r.expires_at),
        state: report_state,
        record_id: r.record_id,
        code: r.code,
    }
}

/// Creates a verification report.
#[utoipa::path(
    tag = "records",
    operation_id = "create_verification_report",
    summary = "Create an online verification report (在线验证报告)",
    description = "Creates a code that lets anyone see one of your records on the public verification page \
(name, sex, school, level, study form, status and dates of study; no ID number) until it expires (after \
30–365 days, as you choose) or you revoke it.",
    security(("bearer" = [])),
    request_body = CreateReportRequest,
    responses(
        (status = 201, description = "Created.", body = ReportView),
        (status = 404, description = "`record_not_found`: not one of your records.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `valid_days_out_of_range`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/verification-reports")]
pub async fn create_report(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    body: web::Json<CreateReportRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let CreateReportRequest {
        record_type,
        record_id,
        valid_days,
    } = valid(body.into_inner())?;
    let report = state
        .db
        .run(move |conn| {
            service::create_report(
                conn,
                &ctx,
                &user.account_id,
                record_type,
                &record_id,
                valid_days,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(report_view(&state, report, true)))
}

/// The student's reports.
#[utoipa::path(
    tag = "records",
    operation_id = "list_my_verification_reports",
    summary = "My verification reports",
    description = "Every report you created, newest first, with its state. A report whose record no longer \
belongs to your real-name details (the record was corrected to another name / ID number or revoked, 注销) \
counts as `revoked`: it no longer vouches for anything.",
    security(("bearer" = [])),
    responses((status = 200, description = "The reports.", body = Items<ReportView>,
        example = json!({"items": [{"code": "7KQ9MZ4XH2TB8WNC", "record_type": "enrollment", "record_id": "6c1d…", "created_at": "2026-09-01T08:00:00Z", "expires_at": "2026-11-30T08:00:00Z", "state": "active", "verify_url": "http://127.0.0.1:8080/verify/7KQ9MZ4XH2TB8WNC"}], "total": 1})))
)]
#[get("/me/verification-reports")]
pub async fn list_reports(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let reports = state
        .db
        .run(move |conn| service::my_reports(conn, &user.account_id))
        .await?;
    Ok(HttpResponse::Ok().json(Items::of(
        reports
            .into_iter()
            .map(|m| report_view(&state, m.report, m.vouches))
            .collect(),
    )))
}

/// Revokes a report.
#[utoipa::path(
    tag = "records",
    operation_id = "revoke_verification_report",
    summary = "Revoke a verification report",
    description = "Ends one of your reports at once: its code stops working.",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The report's code.")),
    responses(
        (status = 204, description = "Revoked."),
        (status = 404, description = "`report_not_found`: not one of your reports.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/verification-reports/{code}")]
pub async fn revoke_report(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let code = code.into_inner();
    state
        .db
        .run(move |conn| service::revoke_report(conn, &ctx, &user.account_id, &code))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A new validity.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"valid_days": 180}))]
pub struct ExtendReportRequest {
    /// 30–365, counted from now.
    #[schema(minimum = 30, maximum = 365)]
    #[validate(custom(function = "valid_days"))]
    pub valid_days: u32,
}

/// Extends a report.
#[utoipa::path(
    tag = "records",
    operation_id = "extend_verification_report",
    summary = "Extend a verification report",
    description = "Sets one of your reports to expire `valid_days` from now (an expired report comes back to \
life; a revoked one, or one whose record no longer belongs to your real-name details, cannot).",
    security(("bearer" = [])),
    params(("code" = String, Path, description = "The report's code.")),
    request_body = ExtendReportRequest,
    responses(
        (status = 200, description = "The report with its new expiry.", body = ReportView),
        (status = 404, description = "`report_not_found`: not one of your reports.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`report_revoked`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `valid_days_out_of_range`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/verification-reports/{code}/extend")]
pub async fn extend_report(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    code: web::Path<String>,
    body: web::Json<ExtendReportRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let code = code.into_inner();
    let days = valid(body.into_inner())?.valid_days;
    let report = state
        .db
        .run(move |conn| service::extend_report(conn, &ctx, &user.account_id, &code, days))
        .await?;
    Ok(HttpResponse::Ok().json(report_view(&state, report, true)))
}

/// Opens a report by its code.
#[utoipa::path(
    tag = "records",
    operation_id = "get_verification_report",
    summary = "Verify a report (public)",
    description = "Shows the record a verification report vouches for — name, sex, school, level, study form, \
status and dates of study; no ID number, not even masked, and no birth date — while the report is valid \
and the record still belongs to the identity that made it. A report revoked by its holder, revoked by \
support (when the account's real-name details were detached or corrected), or whose record was since \
corrected to another name / ID number or revoked (注销) answers `report_revoked`, without saying which. \
Anyone with the code may look; no account needed. Rate-limited per client IP.",
    params(("code" = String, Path, description = "The 16-character code (case and hyphens do not matter).")),
    responses(
        (status = 200, description = "The report and its record.", body = PublicReport),
        (status = 404, description = "`report_not_found`, `report_expired` or `report_revoked` (also when the report no longer vouches for its record).", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_lookups`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/verification-reports/{code}")]
pub async fn public_report(
    state: web::Data<AppState>,
    meta: RequestMeta,
    code: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let code = code.into_inner();
    let (report, vouched) = state
        .db
        .run(move |conn| service::public_report(conn, &ctx, &code))
        .await?;
    let (enrollment, degree, record_type) = match vouched {
        Vouched::Enrollment(e) => (
            Some(ReportedEnrollment::from_record(e)),
            None,
            RecordType::Enrollment,
        ),
        Vouched::Degree(d) => (
            None,
            Some(ReportedDegree::from_record(d)?),
            RecordType::Degree,
        ),
    };
    Ok(HttpResponse::Ok().json(PublicReport {
        code: report.code,
        record_type,
        expires_at: utc(report.expires_at),
        enrollment,
        degree,
    }))
}

/// A degree check's question.
#[derive(Debug, Deserialize, IntoParams, Validate)]
pub struct DegreeCheckQuery {
    /// The certificate number (证书编号).
    #[validate(custom(function = "certificate_no"))]
    pub certificate_no: String,
    /// The holder's name, exactly as on the certificate.
    #[validate(custom(function = "holder_name"))]
    pub name: String,
}

/// A certificate number: shown characters only (it is compared in NFC), and not empty.
fn certificate_no(value: &str) -> Result<(), ValidationError> {
    service::degree_check_term(value, "certificate_no").map(drop)?;
    Ok(())
}

/// A holder's name: shown characters only, and not empty.
fn holder_name(value: &str) -> Result<(), ValidationError> {
    service::degree_check_term(value, "name").map(drop)?;
    Ok(())
}

/// Checks a degree (学历真伪).
#[utoipa::path(
    tag = "records",
    operation_id = "check_degree",
    summary = "Check a degree (public)",
    description = "Answers whether a degree certificate with this number was issued to this name, and if so \
its facts (ID number masked; no birth date and no photo, so the masked digits stay hidden). For employers \
and schools; no account needed. Rate-limited per client IP.",
    params(DegreeCheckQuery),
    responses(
        (status = 200, description = "The answer.", body = DegreeCheck),
        (status = 400, description = "`invalid_query`: a parameter is missing.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a parameter is empty.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_lookups`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/degree-checks")]
pub async fn check_degree(
    state: web::Data<AppState>,
    meta: RequestMeta,
    query: web::Query<DegreeCheckQuery>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let DegreeCheckQuery {
        certificate_no,
        name,
    } = valid(query.into_inner())?;
    let found = state
        .db
        .run(move |conn| service::check_degree(conn, &ctx, &certificate_no, &name))
        .await?;
    let degree = found.map(|d| DegreeView::from_record(d, true));
    Ok(HttpResponse::Ok().json(DegreeCheck {
        valid: degree.is_some(),
        degree,
    }))
}

//! HTTP handlers of the records capability.

use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::service::{self, RecordType, ReportState, Vouched};
use super::store::{Degree, Enrollment, Report};
use crate::auth::CurrentUser;
use crate::db::{timestamp, utc};
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::rules::id_number::mask;
use crate::rules::vocab::{EnrollmentStatus, Level, SexValue, StudyForm};
use crate::rules::{IdNumber, Sex};
use crate::state::AppState;

/// Mounts the records routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(my_enrollments)
        .service(my_degrees)
        .service(create_report)
        .service(list_reports)
        .service(revoke_report)
        .service(extend_report)
        .service(public_report)
        .service(check_degree);
}

/// An enrollment record (学籍).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "6c1d…", "school_code": "10001", "school_name": "北京大学", "province_name": "北京市", "student_no": "2301110001", "name": "王小明", "id_number": "11019920050314011X", "sex": "男", "birth_date": "2005-03-14", "ethnicity": "汉族", "major": "计算机科学与技术", "level": "本科", "study_form": "普通全日制", "entry_date": "2023-09-01", "expected_graduation": "2027-07-01", "status": "在籍", "qualification_pending": false, "correction_pending": false, "has_photo": true}))]
pub struct EnrollmentView {
    pub id: String,
    pub school_code: String,
    pub school_name: String,
    pub province_name: String,
    pub student_no: String,
    pub name: String,
    /// In full: only the owner and staff in scope see this view.
    pub id_number: String,
    pub sex: SexValue,
    pub birth_date: NaiveDate,
    pub ethnicity: String,
    pub major: String,
    pub level: Level,
    pub study_form: StudyForm,
    pub entry_date: NaiveDate,
    pub expected_graduation: NaiveDate,
    /// 学籍状态.
    pub status: EnrollmentStatus,
    /// 资格待查: e.g. a 专升本 student whose junior-college record is not yet confirmed.
    pub qualification_pending: bool,
    /// 更正申请中: the school has proposed a correction of this record that awaits provincial review.
    pub correction_pending: bool,
    /// A collected photo links to the record (`GET /me/enrollments/{id}/photo`).
    pub has_photo: bool,
}

fn vocab<T>(parsed: Option<T>, what: &str, value: &str) -> Result<T, AppError> {
    parsed.ok_or_else(|| {
        AppError::internal(anyhow::anyhow!(
            "stored {what} `{value}` is not in the vocabulary"
        ))
    })
}

impl EnrollmentView {
    /// The full view of a record, for its owner and for staff in scope. It has no masked form:
    /// a masked ID number beside the birth date would give the whole number away, so public
    /// answers use [`ReportedEnrollment`] instead.
    pub fn from_record(
        e: Enrollment,
        correction_pending: bool,
        has_photo: bool,
    ) -> Result<Self, AppError> {
        Ok(Self {
            sex: vocab(SexValue::parse(&e.sex), "sex", &e.sex)?,
            level: vocab(Level::parse(&e.level), "level", &e.level)?,
            study_form: vocab(StudyForm::parse(&e.study_form), "study form", &e.study_form)?,
            status: vocab(EnrollmentStatus::parse(&e.status), "status", &e.status)?,
            id_number: e.id_number,
            id: e.id,
            school_code: e.school_code,
            school_name: e.school_name,
            province_name: e.province_name,
            student_no: e.student_no,
            name: e.name,
            birth_date: e.birth_date,
            ethnicity: e.ethnicity,
            major: e.major,
            entry_date: e.entry_date,
            expected_graduation: e.expected_graduation,
            qualification_pending: e.qualification_pending,
            correction_pending,
            has_photo,
        })
    }
}

/// A degree record (学历).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "8f2a…", "certificate_no": "100031202305000123", "school_code": "10003", "school_name": "清华大学", "name": "李华", "id_number": "31019920010802022X", "major": "电子信息工程", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"}))]
pub struct DegreeView {
    pub id: String,
    pub certificate_no: String,
    pub school_code: String,
    pub school_name: String,
    pub name: String,
    /// In full for the owner; masked in the public degree check (which shows no birth date).
    pub id_number: String,
    pub major: String,
    pub level: Level,
    pub study_form: StudyForm,
    pub graduation_date: NaiveDate,
}

impl DegreeView {
    fn from_record(d: Degree, masked: bool) -> Result<Self, AppError> {
        Ok(Self {
            level: vocab(Level::parse(&d.level), "level", &d.level)?,
            study_form: vocab(StudyForm::parse(&d.study_form), "study form", &d.study_form)?,
            id_number: if masked {
                mask(&d.id_number)
            } else {
                d.id_number
            },
            id: d.id,
            certificate_no: d.certificate_no,
            school_code: d.school_code,
            school_name: d.school_name,
            name: d.name,
            major: d.major,
            graduation_date: d.graduation_date,
        })
    }
}

/// A list of records.
#[derive(Debug, Serialize, ToSchema)]
pub struct Items<T> {
    pub items: Vec<T>,
    pub total: usize,
}

impl<T> Items<T> {
    /// The whole list.
    pub fn of(items: Vec<T>) -> Self {
        Self {
            total: items.len(),
            items,
        }
    }
}

/// The student's enrollment records.
#[utoipa::path(
    tag = "records",
    operation_id = "list_my_enrollments",
    summary = "My enrollment records (学籍)",
    description = "Every enrollment record whose name and ID number equal the account's real-name details \
(nothing is linked by name alone), newest first, with its status (学籍状态) and whether a correction by the \
school awaits review (`correction_pending`, 更正申请中). Revoked records (注销) are not listed. Empty when none \
match: see the real-name step for what to do.",
    security(("bearer" = [])),
    responses((status = 200, description = "The records.", body = Items<EnrollmentView>,
        example = json!({"items": [{"id": "6c1d…", "school_code": "10001", "school_name": "北京大学", "province_name": "北京市", "student_no": "2301110001", "name": "王小明", "id_number": "11019920050314011X", "sex": "男", "birth_date": "2005-03-14", "ethnicity": "汉族", "major": "计算机科学与技术", "level": "本科", "study_form": "普通全日制", "entry_date": "2023-09-01", "expected_graduation": "2027-07-01", "status": "在籍", "qualification_pending": false, "correction_pending": false, "has_photo": true}], "total": 1})))
)]
#[get("/me/enrollments")]
pub async fn my_enrollments(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let rows = state
        .db
        .run(move |conn| service::my_enrollments(conn, &user.account_id))
        .await?;
    let items = rows
        .into_iter()
        .map(|m| EnrollmentView::from_record(m.record, m.correction_pending, m.has_photo))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(Items::of(items)))
}

/// The student's degree records.
#[utoipa::path(
    tag = "records",
    operation_id = "list_my_degrees",
    summary = "My degree records (学历)",
    description = "Every degree record whose name and ID number equal the account's real-name details, newest first.",
    security(("bearer" = [])),
    responses((status = 200, description = "The records.", body = Items<DegreeView>,
        example = json!({"items": [{"id": "8f2a…", "certificate_no": "100031202305000123", "school_code": "10003", "school_name": "清华大学", "name": "李华", "id_number": "31019920010802022X", "major": "电子信息工程", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"}], "total": 1})))
)]
#[get("/me/degrees")]
pub async fn my_degrees(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let rows = state
        .db
        .run(move |conn| service::my_degrees(conn, &user.account_id))
        .await?;
    let items = rows
        .into_iter()
        .map(|d| DegreeView::from_record(d, false))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(Items::of(items)))
}

/// What a report is about.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordTypeName {
    Enrollment,
    Degree,
}

impl From<RecordTypeName> for RecordType {
    fn from(r: RecordTypeName) -> Self {
        match r {
            RecordTypeName::Enrollment => RecordType::Enrollment,
            RecordTypeName::Degree => RecordType::Degree,
        }
    }
}

/// A new report.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"record_type": "enrollment", "record_id": "6c1d…", "valid_days": 90}))]
pub struct CreateReportRequest {
    pub record_type: RecordTypeName,
    /// The `id` of one of your own records.
    pub record_id: String,
    /// 30–365.
    #[schema(minimum = 30, maximum = 365)]
    pub valid_days: u32,
}

/// One of the student's reports.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"code": "7KQ9MZ4XH2TB8WNC", "record_type": "enrollment", "record_id": "6c1d…", "created_at": "2026-09-01T08:00:00Z", "expires_at": "2026-11-30T08:00:00Z", "state": "active", "verify_url": "http://127.0.0.1:8080/verify/7KQ9MZ4XH2TB8WNC"}))]
pub struct ReportView {
    /// 16 characters without look-alikes (no 0/O, 1/I/L).
    pub code: String,
    pub record_type: RecordTypeName,
    pub record_id: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub state: ReportState,
    /// The public page that shows the report.
    pub verify_url: String,
}

fn report_view(state: &AppState, r: Report, vouches: bool) -> ReportView {
    let now = timestamp(state.clock.now());
    let report_state = service::report_state(&r, vouches, now);
    ReportView {
        verify_url: format!("{}/verify/{}", state.config.public_url, r.code),
        record_type: if r.record_type == "degree" {
            RecordTypeName::Degree
        } else {
            RecordTypeName::Enrollment
        },
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
    } = body.into_inner();
    let report = state
        .db
        .run(move |conn| {
            service::create_report(
                conn,
                &ctx,
                &user.account_id,
                record_type.into(),
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
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"valid_days": 180}))]
pub struct ExtendReportRequest {
    /// 30–365, counted from now.
    #[schema(minimum = 30, maximum = 365)]
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
    let days = body.valid_days;
    let report = state
        .db
        .run(move |conn| service::extend_report(conn, &ctx, &user.account_id, &code, days))
        .await?;
    Ok(HttpResponse::Ok().json(report_view(&state, report, true)))
}

/// The enrollment a report vouches for, as anyone with the code sees it: what a verifier needs
/// to match a person to a record and nothing else — no ID number (not even masked: a verifier
/// often holds the birth date from a CV), no birth date, no student number, no photo yet.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"name": "王小明", "sex": "男", "school_name": "北京大学", "level": "本科", "study_form": "普通全日制", "entry_date": "2023-09-01", "expected_graduation": "2027-07-01", "status": "在籍", "qualification_pending": false}))]
pub struct ReportedEnrollment {
    pub name: String,
    pub sex: SexValue,
    pub school_name: String,
    pub level: Level,
    pub study_form: StudyForm,
    pub entry_date: NaiveDate,
    pub expected_graduation: NaiveDate,
    /// 学籍状态.
    pub status: EnrollmentStatus,
    /// 资格待查: part of the status a verifier must not miss.
    pub qualification_pending: bool,
}

impl ReportedEnrollment {
    fn from_record(e: Enrollment) -> Result<Self, AppError> {
        Ok(Self {
            sex: vocab(SexValue::parse(&e.sex), "sex", &e.sex)?,
            level: vocab(Level::parse(&e.level), "level", &e.level)?,
            study_form: vocab(StudyForm::parse(&e.study_form), "study form", &e.study_form)?,
            status: vocab(EnrollmentStatus::parse(&e.status), "status", &e.status)?,
            name: e.name,
            school_name: e.school_name,
            entry_date: e.entry_date,
            expected_graduation: e.expected_graduation,
            qualification_pending: e.qualification_pending,
        })
    }
}

/// The degree a report vouches for, as anyone with the code sees it (no ID number, not even
/// masked).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"name": "李华", "sex": "女", "school_name": "清华大学", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"}))]
pub struct ReportedDegree {
    pub name: String,
    /// As the ID number encodes it (a degree record has no sex of its own).
    pub sex: SexValue,
    pub school_name: String,
    pub level: Level,
    pub study_form: StudyForm,
    pub graduation_date: NaiveDate,
}

impl ReportedDegree {
    fn from_record(d: Degree) -> Result<Self, AppError> {
        let id = IdNumber::parse(&d.id_number, NaiveDate::MAX, "id_number").map_err(|_| {
            AppError::internal(anyhow::anyhow!(
                "stored degree {} has a bad ID number",
                d.id
            ))
        })?;
        Ok(Self {
            sex: match id.sex() {
                Sex::Male => SexValue::Male,
                Sex::Female => SexValue::Female,
            },
            level: vocab(Level::parse(&d.level), "level", &d.level)?,
            study_form: vocab(StudyForm::parse(&d.study_form), "study form", &d.study_form)?,
            name: d.name,
            school_name: d.school_name,
            graduation_date: d.graduation_date,
        })
    }
}

/// What a report shows anyone.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"code": "7KQ9MZ4XH2TB8WNC", "record_type": "degree", "expires_at": "2026-11-30T08:00:00Z", "enrollment": null, "degree": {"name": "李华", "sex": "女", "school_name": "清华大学", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"}}))]
pub struct PublicReport {
    pub code: String,
    pub record_type: RecordTypeName,
    pub expires_at: DateTime<Utc>,
    /// The enrollment vouched for, for enrollment reports.
    pub enrollment: Option<ReportedEnrollment>,
    /// The degree vouched for, for degree reports.
    pub degree: Option<ReportedDegree>,
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
            Some(ReportedEnrollment::from_record(e)?),
            None,
            RecordTypeName::Enrollment,
        ),
        Vouched::Degree(d) => (
            None,
            Some(ReportedDegree::from_record(d)?),
            RecordTypeName::Degree,
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
#[derive(Debug, Deserialize, IntoParams)]
pub struct DegreeCheckQuery {
    /// The certificate number (证书编号).
    pub certificate_no: String,
    /// The holder's name, exactly as on the certificate.
    pub name: String,
}

/// A degree check's answer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"valid": true, "degree": {"id": "8f2a…", "certificate_no": "100031202305000123", "school_code": "10003", "school_name": "清华大学", "name": "李华", "id_number": "310199********022X", "major": "电子信息工程", "level": "本科", "study_form": "普通全日制", "graduation_date": "2023-07-01"}}))]
pub struct DegreeCheck {
    /// Whether a degree with this certificate number belongs to this name.
    pub valid: bool,
    /// The degree's facts (ID number masked), when valid.
    pub degree: Option<DegreeView>,
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
    } = query.into_inner();
    let found = state
        .db
        .run(move |conn| service::check_degree(conn, &ctx, &certificate_no, &name))
        .await?;
    let degree = found
        .map(|d| DegreeView::from_record(d, true))
        .transpose()?;
    Ok(HttpResponse::Ok().json(DegreeCheck {
        valid: degree.is_some(),
        degree,
    }))
}

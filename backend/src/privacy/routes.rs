//! HTTP handlers of students' rights: the notice's version, consent, 我的数据 (JSON and HTML)
//! and the access history.

use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::{Validate, ValidationError};

use super::service::{self, Format};
use super::views::{AccessView, DataExport};
use crate::accounts::extract::CurrentUserAnyConsent;
use crate::auth::CurrentUser;
use crate::db::utc;
use crate::error::{AppError, Problem, Text};
use crate::http::meta::RequestMeta;
use crate::http::pagination::{Page, Window};
use crate::state::AppState;
use crate::validation::{broken, valid};

/// Mounts the routes of students' rights (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(privacy_notice)
        .service(give_consent)
        .service(data_export)
        .service(data_export_html)
        .service(access_history)
        .service(close_account);
}

/// The privacy notice in force.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"version": "2026-12-03", "published_on": "2026-12-03", "url": "/privacy"}))]
pub struct PrivacyNotice {
    /// Send it as `consent_version` at registration and as `version` to `POST /api/v1/me/consent`.
    pub version: String,
    /// `YYYY-MM-DD`.
    pub published_on: String,
    /// The page of the web app that shows the notice (Chinese and English).
    pub url: String,
}

/// The version of the privacy notice.
#[utoipa::path(
    tag = "privacy",
    operation_id = "get_privacy_notice",
    summary = "The privacy notice in force",
    description = "The version of the privacy notice (《个人信息保护说明》: what is collected, why, for how long, who \
sees it, how to exercise each right) that registration and consent must name. The text is the web app's `/privacy` page.",
    responses(
        (status = 200, description = "The notice in force.", body = PrivacyNotice),
        (status = 405, description = "`method_not_allowed`: only GET (see `Allow`).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/privacy-notice")]
pub async fn privacy_notice() -> HttpResponse {
    HttpResponse::Ok().json(PrivacyNotice {
        version: super::NOTICE_VERSION.to_owned(),
        published_on: super::NOTICE_PUBLISHED_ON.to_owned(),
        url: "/privacy".to_owned(),
    })
}

/// Agreement to a version of the notice.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"version": "2026-12-03"}))]
pub struct ConsentRequest {
    /// The version read and agreed to: must be the one in force.
    #[serde(default)]
    pub version: Option<String>,
}

/// The account's consent after agreeing.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"consent_version": "2026-12-03", "consent_required": false}))]
pub struct ConsentState {
    pub consent_version: String,
    pub consent_required: bool,
}

/// Agrees to the notice in force.
#[utoipa::path(
    tag = "privacy",
    operation_id = "give_consent",
    summary = "Agree to the privacy notice in force",
    description = "Records the logged-in student's consent to the notice in force, with its version and the time \
(agreeing again to the same version records nothing new). Needed after the notice changed: until then every \
student operation but `GET /me`, this, logout and the data export answers 403 `consent_required`. Audited \
(`consent.given`).",
    security(("bearer" = [])),
    request_body = ConsentRequest,
    responses(
        (status = 200, description = "Agreed.", body = ConsentState),
        (status = 422, description = "`validation_failed`: `version` is missing (`consent_missing`) or not the one in force (`consent_version_stale`).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/consent")]
pub async fn give_consent(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUserAnyConsent,
    body: web::Json<ConsentRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let version = valid(body.into_inner())?.version;
    let account_id = user.user.account_id;
    state
        .db
        .run(move |conn| service::give_consent(conn, &ctx, &account_id, version.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(ConsentState {
        consent_version: super::NOTICE_VERSION.to_owned(),
        consent_required: false,
    }))
}

/// The name a download is saved under.
fn attachment(ctx_now: chrono::DateTime<chrono::Utc>, ext: &str) -> String {
    format!(
        "attachment; filename=\"xuexin-my-data-{}.{ext}\"",
        ctx_now.format("%Y%m%d")
    )
}

async fn export(
    state: &web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUserAnyConsent,
    format: Format,
) -> Result<(DataExport, chrono::DateTime<chrono::Utc>), AppError> {
    let ctx = state.ctx(meta);
    let now = ctx.now;
    let account_id = user.user.account_id;
    let data = state
        .db
        .run(move |conn| service::export(conn, &ctx, &account_id, format))
        .await?;
    Ok((data, now))
}

const EXPORT_DESCRIPTION: &str = "Everything the portal holds about the logged-in student: the account (email, \
times, status, consent history), the real-name details and phone in full, every enrollment and degree record in \
full (revoked ones too), the verification reports with every time each was looked up (the time only), the photo \
collation requests, the audit events about the account and its records, and the access history. Staff appear only \
by role and organisation; nothing about anyone else is included. Answers also while a new privacy notice awaits \
consent. At most `APP_DATA_EXPORTS_PER_HOUR` exports per account per hour (JSON and HTML together); audited \
(`personal_data_exported`). Served as a download (`Content-Disposition: attachment`), never cached.";

/// 我的数据 as JSON.
#[utoipa::path(
    tag = "privacy",
    operation_id = "export_my_data",
    summary = "Download my data (JSON)",
    description = EXPORT_DESCRIPTION,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The student's data.", body = DataExport,
            example = json!({"generated_at": "2026-12-03T08:00:00Z", "notice_version": "2026-12-03",
                "account": {"id": "0b9f7c1e-…", "email": "li.ming@example.cn", "status": "active", "created_at": "2026-09-01T08:00:00Z", "activated_at": "2026-09-01T08:05:00Z", "completed_at": "2026-09-01T08:10:00Z", "consent_version": "2026-12-03"},
                "consent_history": [{"kind": "given", "version": "2026-12-03", "occurred_at": "2026-09-01T08:00:00Z"}],
                "real_name": {"name": "李明", "id_number": "11010520050314002X", "birth_date": "2005-03-14", "sex": "女"},
                "phone": {"number": "13812345678", "verified_at": "2026-09-01T08:08:00Z"},
                "enrollments": [], "degrees": [],
                "verification_reports": [{"code": "7KQ2M9XH4PZR3T8W", "record_type": "degree", "record_id": "6c1d…", "created_at": "2026-10-01T08:00:00Z", "expires_at": "2026-12-30T08:00:00Z", "revoked_at": null, "looked_up_at": ["2026-10-02T09:30:00Z"]}],
                "photo_requests": [],
                "audit_events": [{"occurred_at": "2026-09-01T08:00:00Z", "action": "account.created", "actor": {"role": "student", "role_label": "本人", "organisation": null}, "target_type": "account", "target_id": "0b9f7c1e-…", "before": null, "after": {"email": "li.ming@example.cn"}, "reason": null}],
                "access_history": []})),
        (status = 429, description = "`too_many_exports`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/data-export")]
pub async fn data_export(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUserAnyConsent,
) -> Result<HttpResponse, AppError> {
    let (data, now) = export(&state, meta, user, Format::Json).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_DISPOSITION, attachment(now, "json")))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .json(data))
}

/// 我的数据 as a readable HTML file.
#[utoipa::path(
    tag = "privacy",
    operation_id = "export_my_data_html",
    summary = "Download my data (readable HTML)",
    description = "The same as `GET /api/v1/me/data-export`, as one self-contained HTML file to read or print: \
no script, no external resource, every value escaped. Counts toward the same limit.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The student's data as an HTML file.", body = String, content_type = "text/html",
            example = json!("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>我的数据 · 学信网</title>…</head><body>…</body></html>")),
        (status = 429, description = "`too_many_exports`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/data-export.html")]
pub async fn data_export_html(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUserAnyConsent,
) -> Result<HttpResponse, AppError> {
    let (data, now) = export(&state, meta, user, Format::Html).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, attachment(now, "html")))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(super::html::render(&data)))
}

/// A page of the access history.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct AccessQuery {
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Entries per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

/// Who looked at my full details.
#[utoipa::path(
    tag = "privacy",
    operation_id = "list_my_access_history",
    summary = "Who looked at my full details",
    description = "Every time a staff member was shown the student's full details (ID number, phone, …) — of the \
account or of one of their records — newest first: when, the role and organisation (a school admin's school, a \
reviewer's province, 客服), which fields, and why.",
    security(("bearer" = [])),
    params(AccessQuery),
    responses(
        (status = 200, description = "One page of the history.", body = Page<AccessView>,
            example = json!({"items": [{"occurred_at": "2026-12-01T08:00:00Z", "actor": {"role": "support", "role_label": "客服", "organisation": "学信网客服"}, "target_type": "account", "record_id": null, "fields": ["id_number", "phone"], "field_labels": ["身份证号", "手机号"], "purpose": "support_account_detail", "purpose_label": "客服处理你的账号问题时查看账号详情"}], "total": 1, "page": 1, "per_page": 20})),
        (status = 422, description = "`validation_failed`: `page` or `per_page` out of range.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/access-history")]
pub async fn access_history(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<AccessQuery>,
) -> Result<HttpResponse, AppError> {
    let query = valid(query.into_inner())?;
    let window = Window::parse(query.page, query.per_page)?;
    let page = state
        .db
        .run(move |conn| service::access_history(conn, &user.account_id, window))
        .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The password and an explicit confirmation, to close the account.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"password": "Xuexin2026", "confirm": true}))]
pub struct CloseAccountRequest {
    /// The current password.
    #[validate(length(
        min = 1,
        code = "password_required",
        message = "请填写当前密码。|Enter your current password."
    ))]
    pub password: String,
    /// Must be `true`: the student confirms that a closed account cannot be restored.
    #[validate(custom(function = "confirmed"))]
    pub confirm: bool,
}

/// The explicit confirmation of a closure.
fn confirmed(confirm: &bool) -> Result<(), ValidationError> {
    if *confirm {
        Ok(())
    } else {
        Err(broken(
            "confirmation_required",
            Text::new(
                "请勾选确认：我已了解注销后账号无法恢复。",
                "Tick the box to confirm that a closed account cannot be restored.",
            ),
        ))
    }
}

/// A closed account.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"closed_at": "2026-12-03T09:00:00Z", "erased_after": "2027-01-02T09:00:00Z"}))]
pub struct AccountClosed {
    pub closed_at: DateTime<Utc>,
    /// From this moment the housekeeping task erases the name, ID number, phone, former email
    /// and password hash (`APP_CLOSED_ACCOUNT_GRACE_DAYS` after closing).
    pub erased_after: DateTime<Utc>,
}

/// Closes the logged-in account (注销账号).
#[utoipa::path(
    tag = "accounts",
    operation_id = "close_account",
    summary = "Close the account",
    description = "Closes the logged-in account, with its current password and `confirm: true`. In one \
transaction every session of the account ends (on every instance: access tokens are refused at once), \
every verification report is revoked (a lookup then answers `report_revoked`), open photo reports are \
withdrawn, activation and reset links die, and the email and phone are released: the address can \
register a new account at once, and the old one can no longer log in (the answer is that of a wrong \
password) or reset its password. After `APP_CLOSED_ACCOUNT_GRACE_DAYS` (30) the name, ID number, phone, \
former email and password hash are erased; enrollment and degree records belong to the school and stay. \
A wrong password counts toward the same lockout as a wrong login (429 `account_locked` once locked).",
    security(("bearer" = [])),
    request_body = CloseAccountRequest,
    responses(
        (status = 200, description = "Closed; the session of this token has ended too.", body = AccountClosed),
        (status = 422, description = "`validation_failed`: `password` is missing (`password_required`) or wrong (`password_incorrect`), or `confirm` is not true (`confirmation_required`).", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked` (too many wrong passwords, here or at login) or `too_many_failed_logins_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: every password hashing thread is busy and the queue is full; retry after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/closure")]
pub async fn close_account(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUserAnyConsent,
    body: web::Json<CloseAccountRequest>,
) -> Result<HttpResponse, AppError> {
    let CloseAccountRequest { password, .. } = valid(body.into_inner())?;
    let ctx = state.ctx(meta);
    let closed = super::closing::close(
        &state.db,
        &state.hash_pool,
        ctx,
        user.user.account_id,
        password,
    )
    .await?;
    Ok(HttpResponse::Ok().json(AccountClosed {
        closed_at: utc(closed.closed_at),
        erased_after: utc(closed.erased_after),
    }))
}

//! HTTP handlers of the registration steps after activation (all take the registration token).

use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::service;
use crate::accounts::extract::RegistrationUser;
use crate::accounts::routes::AccountStatusName;
use crate::accounts::service as accounts;
use crate::context::Ctx;
use crate::db::DbConnection;
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::state::AppState;
use crate::validation::valid;

/// Mounts the registration routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(get_registration)
        .service(abandon_registration)
        .service(put_identity)
        .service(request_phone_code)
        .service(verify_phone)
        .service(complete_registration);
}

/// `男` or `女`, as derived from the ID number.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub enum SexName {
    #[serde(rename = "男")]
    Male,
    #[serde(rename = "女")]
    Female,
}

impl From<crate::rules::Sex> for SexName {
    fn from(s: crate::rules::Sex) -> Self {
        match s {
            crate::rules::Sex::Male => Self::Male,
            crate::rules::Sex::Female => Self::Female,
        }
    }
}

/// Where an unfinished registration stands: what the student confirms before completing.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"email": "li.ming@example.cn", "status": "activated", "name": "李明", "id_number": "11010519491231002X", "birth_date": "1949-12-31", "sex": "女", "phone": "13812345678", "phone_verified": true, "records_found": true}))]
pub struct RegistrationSummary {
    pub email: String,
    pub status: AccountStatusName,
    /// The real name, once entered.
    pub name: Option<String>,
    /// The ID number as the student entered it, once entered: in full, as
    /// `PUT /registration/identity` answers it (a masked number beside the birth date would
    /// hide nothing).
    pub id_number: Option<String>,
    /// Derived from the ID number.
    pub birth_date: Option<NaiveDate>,
    pub sex: Option<SexName>,
    /// The confirmed mobile number (11 digits), once confirmed.
    pub phone: Option<String>,
    pub phone_verified: bool,
    /// Whether enrollment or degree records carry exactly this name and ID number.
    pub records_found: Option<bool>,
}

/// The registration in progress.
#[utoipa::path(
    tag = "registration",
    operation_id = "get_registration",
    summary = "The registration in progress",
    description = "What has been entered so far in an unfinished registration: the summary the student \
confirms before completing (step 6). Takes the registration token (from activation or from logging in \
to an unfinished account) as the bearer token; access tokens are refused.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The registration so far.", body = RegistrationSummary),
        (status = 409, description = "`registration_complete`: nothing left to do; log in.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/registration")]
pub async fn get_registration(
    state: web::Data<AppState>,
    user: RegistrationUser,
) -> Result<HttpResponse, AppError> {
    let s = state
        .db
        .run(move |conn| service::summary(conn, &user.account_id))
        .await?;
    let id = s
        .id_number
        .as_deref()
        .and_then(|i| crate::rules::IdNumber::parse(i, NaiveDate::MAX, "id_number").ok());
    Ok(HttpResponse::Ok().json(RegistrationSummary {
        email: s.email,
        status: AccountStatusName::Activated,
        name: s.name,
        birth_date: id.as_ref().map(|i| i.birth_date()),
        sex: id.as_ref().map(|i| i.sex().into()),
        id_number: s.id_number,
        phone: s.phone,
        phone_verified: s.phone_verified,
        records_found: s.records_found,
    }))
}

/// 退出注册: gives up the registration token.
#[utoipa::path(
    tag = "registration",
    operation_id = "abandon_registration",
    summary = "Leave an unfinished registration (退出注册)",
    description = "Revokes the presented registration token on the server: from now on every \
`/registration` step refuses it (401 `token_invalid`), so whoever uses the browser next cannot read or \
change what was entered. What was entered is kept with the account; its owner continues later by \
logging in, which gives a new registration token.",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "The token is revoked."),
        (status = 401, description = "`token_invalid` (including a token already given up) or `token_expired`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`registration_complete`: nothing left to do; log in.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/registration")]
pub async fn abandon_registration(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: RegistrationUser,
) -> Result<HttpResponse, AppError> {
    state
        .run(meta, move |conn, ctx| {
            accounts::abandon_registration(conn, ctx, &user)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The real-name details.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"name": "李明", "id_number": "11010519491231002X"}))]
pub struct IdentityRequest {
    /// 2–30 Chinese characters, parts of minority names separated by `·`; no pinyin.
    #[schema(min_length = 2, max_length = 30)]
    pub name: String,
    /// The 18-character resident ID number (a final `x` is accepted).
    #[schema(min_length = 18, max_length = 18)]
    pub id_number: String,
}

/// The stored real-name details, what the ID number says, and whether records match.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"name": "李明", "id_number": "11010519491231002X", "birth_date": "1949-12-31", "sex": "女", "records_found": true}))]
pub struct IdentityResponse {
    pub name: String,
    /// The normalised number (final `X` upper-case).
    pub id_number: String,
    /// Derived from the ID number (出生日期自动生成).
    pub birth_date: NaiveDate,
    pub sex: SexName,
    /// Whether enrollment or degree records carry exactly this name and ID number. When false the
    /// student will not see records after registering: check both against the admission record.
    pub records_found: bool,
}

/// Enters the real name and ID number (step 4).
#[utoipa::path(
    tag = "registration",
    operation_id = "put_registration_identity",
    summary = "Enter the real name and ID number",
    description = "Stores the name and the 18-digit ID number on the account, and answers with the birth \
date and sex the number encodes and whether records with exactly this name and ID number exist. The \
name must be Chinese characters (rare characters outside the Basic Multilingual Plane included; `·` \
between parts of minority names); the number must have a real province code, a real birth date not in \
the future and the right check character. Because the answer reveals whether a person studied \
somewhere, each account may submit at most 5 different name/ID pairs a day (and each client IP a few \
dozen). An ID number held by another completed account is refused with 409 `id_number_taken`.",
    security(("bearer" = [])),
    request_body = IdentityRequest,
    responses(
        (status = 200, description = "Stored.", body = IdentityResponse),
        (status = 409, description = "`id_number_taken` (contact support) or `registration_complete`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: e.g. `name_latin`, `name_too_short`, `invalid_characters` (a control, zero-width or bidi character, in any text field), `id_number_length`, `id_number_region`, `id_number_birth_date`, `id_number_checksum`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`identity_attempts_exhausted` or `too_many_requests_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/registration/identity")]
pub async fn put_identity(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: RegistrationUser,
    body: web::Json<IdentityRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let IdentityRequest { name, id_number } = valid(body.into_inner())?;
    let r = state
        .db
        .run(move |conn| service::submit_identity(conn, &ctx, &user.account_id, &name, &id_number))
        .await?;
    Ok(HttpResponse::Ok().json(IdentityResponse {
        name: r.name,
        id_number: r.id_number,
        birth_date: r.birth_date,
        sex: r.sex.into(),
        records_found: r.records_found,
    }))
}

/// A mobile number.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"phone": "13812345678"}))]
pub struct PhoneRequest {
    /// 11 digits starting 13–19; `+86`/`86`, spaces and hyphens are accepted.
    pub phone: String,
}

/// A code is on its way.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"resend_after_seconds": 60, "expires_in": 300}))]
pub struct CodeSentResponse {
    /// Seconds before another code may be requested.
    pub resend_after_seconds: u64,
    /// Seconds the code stays valid.
    pub expires_in: u64,
}

impl From<service::CodeSent> for CodeSentResponse {
    fn from(sent: service::CodeSent) -> Self {
        Self {
            resend_after_seconds: sent.resend_after_seconds,
            expires_in: sent.expires_in,
        }
    }
}

/// Runs a step that queues an SMS or an email on a database connection, then wakes the outbox
/// sender so that the message leaves at once rather than at its next round.
pub async fn sending<T, F>(state: &AppState, meta: RequestMeta, step: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConnection, &Ctx) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let out = state.run(meta, step).await?;
    state.outbox_wakeup.notify_one();
    Ok(out)
}

/// Sends an SMS code (step 5).
#[utoipa::path(
    tag = "registration",
    operation_id = "request_phone_code",
    summary = "Send an SMS verification code",
    description = "Sends a 6-digit code (校验码) to the mainland mobile number, valid 5 minutes. At most \
one code a minute per account and per number, and each day (by default) 10 per number, 10 per \
account and 60 per client IP. Needs the real-name step first \
(409 `identity_required`).",
    security(("bearer" = [])),
    request_body = PhoneRequest,
    responses(
        (status = 202, description = "The code is on its way.", body = CodeSentResponse),
        (status = 409, description = "`identity_required` or `registration_complete`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `phone_invalid`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`code_cooldown`, `phone_daily_limit`, `account_daily_limit` or `too_many_requests_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/registration/phone/code")]
pub async fn request_phone_code(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: RegistrationUser,
    body: web::Json<PhoneRequest>,
) -> Result<HttpResponse, AppError> {
    let phone = valid(body.into_inner())?.phone;
    let sent = sending(&state, meta, move |conn, ctx| {
        service::request_code(conn, ctx, &user.account_id, &phone)
    })
    .await?;
    Ok(HttpResponse::Accepted().json(CodeSentResponse::from(sent)))
}

/// A number and the code it received.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"phone": "13812345678", "code": "042917"}))]
pub struct VerifyPhoneRequest {
    pub phone: String,
    /// The 6 digits from the SMS.
    pub code: String,
}

/// The confirmed number.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"phone": "13812345678", "phone_verified": true}))]
pub struct PhoneVerified {
    pub phone: String,
    pub phone_verified: bool,
}

/// Confirms the phone with its code (step 5).
#[utoipa::path(
    tag = "registration",
    operation_id = "verify_phone",
    summary = "Confirm the phone with the SMS code",
    description = "Checks the code of the newest SMS sent to this number for this registration. A code \
works once, for 5 minutes; after 5 wrong tries it is dead and a new one must be requested.",
    security(("bearer" = [])),
    request_body = VerifyPhoneRequest,
    responses(
        (status = 200, description = "The phone is confirmed.", body = PhoneVerified),
        (status = 400, description = "`code_incorrect`, `code_expired`, `code_dead`, `code_used` or `code_not_requested`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`identity_required` or `registration_complete`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `phone_invalid` or `code_format`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/registration/phone/verify")]
pub async fn verify_phone(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: RegistrationUser,
    body: web::Json<VerifyPhoneRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let VerifyPhoneRequest { phone, code } = valid(body.into_inner())?;
    let phone = state
        .db
        .run(move |conn| service::verify_code(conn, &ctx, &user.account_id, &phone, &code))
        .await?;
    Ok(HttpResponse::Ok().json(PhoneVerified {
        phone,
        phone_verified: true,
    }))
}

/// The account is complete.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "active"}))]
pub struct RegistrationCompleted {
    pub status: AccountStatusName,
}

/// Completes the registration (step 6).
#[utoipa::path(
    tag = "registration",
    operation_id = "complete_registration",
    summary = "Confirm the details and complete the registration",
    description = "Completes the account after the student checked the summary (`GET /registration`) and \
answered 是. Needs the real-name step and a confirmed phone (409 otherwise). From now on the student logs \
in with email and password; the registration token and the activation link stop working.",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account is complete.", body = RegistrationCompleted),
        (status = 409, description = "`identity_required`, `phone_not_verified`, `id_number_taken` or `registration_complete`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/registration/complete")]
pub async fn complete_registration(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: RegistrationUser,
) -> Result<web::Json<RegistrationCompleted>, AppError> {
    state
        .run(meta, move |conn, ctx| {
            service::complete(conn, ctx, &user.account_id)
        })
        .await?;
    Ok(web::Json(RegistrationCompleted {
        status: AccountStatusName::Active,
    }))
}

//! HTTP handlers of 找回账号 (no login needed) and of support's recovery.

use actix_web::{post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::service::{self, SupportRecoveryInput};
use crate::accounts::routes::MailRequested;
use crate::auth::authorize::SupportAgents;
use crate::auth::login_guard::Credentials;
use crate::auth::Authorized;
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::identity::routes::{sending, CodeSentResponse, PhoneVerified};
use crate::state::AppState;
use crate::validation::valid;

/// Mounts the recovery routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(start_email_recovery)
        .service(verify_email_recovery)
        .service(confirm_email_recovery)
        .service(start_phone_recovery)
        .service(request_new_phone_code)
        .service(confirm_new_phone)
        .service(support_recovery);
}

/// Who the student says they are.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"name": "李明", "id_number": "11010519491231002X", "phone": "13812345678"}))]
pub struct EmailRecoveryStart {
    /// The real name of the account.
    pub name: String,
    /// The 18-character ID number of the account.
    pub id_number: String,
    /// The account's confirmed mobile number.
    pub phone: String,
}

/// Lost mailbox, step 1.
#[utoipa::path(
    tag = "recovery",
    operation_id = "start_email_recovery",
    summary = "Lost mailbox: prove who you are (name, ID number, phone)",
    description = "When the name, ID number and phone match a complete account whose confirmed phone it is, a \
6-digit code goes to that phone (valid 5 minutes). The answer is the same whether or not anything matched, so it \
tells nothing to someone who is not the owner. Limits: per ID number the real-name step's daily number of attempts \
(`recovery_attempts_exhausted`), per client IP its daily number, and the SMS cooldown and daily caps of the number; \
the account's own SMS caps send nothing without saying so.",
    request_body = EmailRecoveryStart,
    responses(
        (status = 202, description = "Accepted; a code is on its way if the details match.", body = CodeSentResponse),
        (status = 422, description = "`validation_failed`: the name, ID number or phone breaks the registration's rules.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`recovery_attempts_exhausted`, `code_cooldown`, `phone_daily_limit` or `too_many_requests_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/account-recovery/email")]
pub async fn start_email_recovery(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<EmailRecoveryStart>,
) -> Result<HttpResponse, AppError> {
    let b = valid(body.into_inner())?;
    let sent = sending(&state, meta, move |conn, ctx| {
        service::start_email_recovery(conn, ctx, &b.name, &b.id_number, &b.phone)
    })
    .await?;
    Ok(HttpResponse::Accepted().json(CodeSentResponse::from(sent)))
}

/// The same details, the code and the new email.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"name": "李明", "id_number": "11010519491231002X", "phone": "13812345678", "code": "042917", "new_email": "li.ming@example.net"}))]
pub struct EmailRecoveryVerify {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    /// The 6 digits from the SMS.
    pub code: String,
    /// The email to log in with from now on.
    pub new_email: String,
}

/// A link is on its way to the new email.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"email": "li.ming@example.net", "expires_in": 3600}))]
pub struct RecoveryMailSent {
    /// Where the link went.
    pub email: String,
    /// Seconds the link stays valid.
    pub expires_in: u64,
}

/// Lost mailbox, step 2.
#[utoipa::path(
    tag = "recovery",
    operation_id = "verify_email_recovery",
    summary = "Lost mailbox: the SMS code and the new email",
    description = "Checks the code of the newest step-1 attempt with these details. A wrong code is counted; after 5 \
the attempt is void (`code_dead`). Once the code is right a link goes to the new email; nothing changes until it is \
opened. Only now, with the phone proven, is an email of another account refused (`email_taken`).",
    request_body = EmailRecoveryVerify,
    responses(
        (status = 202, description = "The link is on its way to the new email.", body = RecoveryMailSent),
        (status = 400, description = "`code_incorrect`, `code_expired`, `code_dead`, `code_used` or `code_not_requested`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken`: another account uses the new email.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a detail breaks its rule, `code_format`, `email_invalid` or `email_unchanged`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/account-recovery/email/verify")]
pub async fn verify_email_recovery(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<EmailRecoveryVerify>,
) -> Result<HttpResponse, AppError> {
    let b = valid(body.into_inner())?;
    let sent = sending(&state, meta, move |conn, ctx| {
        service::prove_code_and_send_link(
            conn,
            ctx,
            (&b.name, &b.id_number, &b.phone),
            &b.code,
            &b.new_email,
        )
    })
    .await?;
    Ok(HttpResponse::Accepted().json(RecoveryMailSent {
        email: sent.email,
        expires_in: sent.expires_in,
    }))
}

/// The token of an emailed link.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"token": "q3Xo7T2m1bq0uJ8lY6sVZcKpW4eRfN9aHdGiC5xLtUw"}))]
pub struct RecoveryToken {
    pub token: String,
}

/// The new login email.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"email": "li.ming@example.net"}))]
pub struct EmailRecovered {
    pub email: String,
}

/// Lost mailbox (or support), step 3.
#[utoipa::path(
    tag = "recovery",
    operation_id = "confirm_email_recovery",
    summary = "Confirm the new email with its link",
    description = "Opens the link (`{APP_PUBLIC_URL}/recover/email/confirm?token=…`) sent to the new email: it becomes \
the login email (and the phone is cleared when support asked so), every session ends, the old email gets a notice. \
The link works once.",
    request_body = RecoveryToken,
    responses(
        (status = 200, description = "The new email is the login email.", body = EmailRecovered),
        (status = 400, description = "`token_invalid`, `token_used` or `token_expired`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken`: another account took the email meanwhile.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/account-recovery/email/confirm")]
pub async fn confirm_email_recovery(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<RecoveryToken>,
) -> Result<HttpResponse, AppError> {
    let token = valid(body.into_inner())?.token;
    let email = sending(&state, meta, move |conn, ctx| {
        service::confirm_new_email(conn, ctx, &token)
    })
    .await?;
    Ok(HttpResponse::Ok().json(EmailRecovered { email }))
}

/// The login email and password.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"email": "li.ming@example.cn", "password": "Xuexin2026"}))]
pub struct PhoneRecoveryStart {
    pub email: String,
    pub password: String,
}

/// Lost phone, step 1.
#[utoipa::path(
    tag = "recovery",
    operation_id = "start_phone_recovery",
    summary = "Lost phone: the email and password",
    description = "Checks the password like a login (the same lockout and per-IP throttle; a wrong one answers 401 \
`invalid_credentials` and counts). When right, a link (`{APP_PUBLIC_URL}/recover/phone?token=…`, valid 1 hour by \
default) goes to the email, at most once per `resend_after_seconds`; it lets the student confirm a new phone.",
    request_body = PhoneRecoveryStart,
    responses(
        (status = 202, description = "Accepted; the link is on its way to the email of a complete account.", body = MailRequested),
        (status = 401, description = "`invalid_credentials`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a field is missing.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked` or `too_many_failed_logins_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: the password hashing threads are busy; retry after `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/account-recovery/phone")]
pub async fn start_phone_recovery(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<PhoneRecoveryStart>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let b = valid(body.into_inner())?;
    let credentials = Credentials {
        email: b.email,
        password: b.password,
    };
    service::start_phone_recovery(&state.db, &state.hash_pool, ctx, credentials).await?;
    state.outbox_wakeup.notify_one();
    Ok(HttpResponse::Accepted().json(MailRequested {
        resend_after_seconds: state.config.auth.mail_cooldown_secs,
    }))
}

/// The link's token and the new phone.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"token": "q3Xo7T2m1bq0uJ8lY6sVZcKpW4eRfN9aHdGiC5xLtUw", "phone": "13912345678"}))]
pub struct NewPhoneRequest {
    pub token: String,
    /// 11 digits starting 13–19; `+86`/`86`, spaces and hyphens are accepted.
    pub phone: String,
}

/// Lost phone, step 2.
#[utoipa::path(
    tag = "recovery",
    operation_id = "request_new_phone_code",
    summary = "Lost phone: send a code to the new phone",
    description = "With the emailed link, sends a 6-digit code to the new number under the registration's rules: one \
a minute per account and per number, daily caps per number, per account and per client IP. A number confirmed by \
another account is refused (`phone_taken`).",
    request_body = NewPhoneRequest,
    responses(
        (status = 202, description = "The code is on its way.", body = CodeSentResponse),
        (status = 400, description = "`token_invalid`, `token_used` or `token_expired`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`phone_taken`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `phone_invalid` or `phone_unchanged`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`code_cooldown`, `phone_daily_limit`, `account_daily_limit` or `too_many_requests_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/account-recovery/phone/code")]
pub async fn request_new_phone_code(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<NewPhoneRequest>,
) -> Result<HttpResponse, AppError> {
    let b = valid(body.into_inner())?;
    let sent = sending(&state, meta, move |conn, ctx| {
        service::send_new_phone_code(conn, ctx, &b.token, &b.phone)
    })
    .await?;
    Ok(HttpResponse::Accepted().json(CodeSentResponse::from(sent)))
}

/// The link's token, the new phone and its code.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"token": "q3Xo7T2m1bq0uJ8lY6sVZcKpW4eRfN9aHdGiC5xLtUw", "phone": "13912345678", "code": "042917"}))]
pub struct NewPhoneVerify {
    pub token: String,
    pub phone: String,
    /// The 6 digits from the SMS.
    pub code: String,
}

/// Lost phone, step 3.
#[utoipa::path(
    tag = "recovery",
    operation_id = "confirm_new_phone",
    summary = "Lost phone: confirm the new phone with its code",
    description = "The code makes the new number the account's confirmed phone; the link is used, every session \
ends and the email gets a notice. After 5 wrong codes the code is dead and so is the link (`code_dead`): start again.",
    request_body = NewPhoneVerify,
    responses(
        (status = 200, description = "The new phone is confirmed.", body = PhoneVerified),
        (status = 400, description = "`token_invalid`, `token_used`, `token_expired`, `code_incorrect`, `code_expired`, `code_dead`, `code_used` or `code_not_requested`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`phone_taken`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `phone_invalid`, `phone_unchanged` or `code_format`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/account-recovery/phone/verify")]
pub async fn confirm_new_phone(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<NewPhoneVerify>,
) -> Result<HttpResponse, AppError> {
    let b = valid(body.into_inner())?;
    let phone = sending(&state, meta, move |conn, ctx| {
        service::confirm_new_phone(conn, ctx, &b.token, &b.phone, &b.code)
    })
    .await?;
    Ok(HttpResponse::Ok().json(PhoneVerified {
        phone,
        phone_verified: true,
    }))
}

/// A recovery that support records.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"new_email": "li.ming@example.net", "clear_phone": true, "evidence_kind": "video_call_with_id_card", "evidence_note": "视频通话核对身份证正反面及本人，证件号与账号一致", "reason": "学生原邮箱和手机号均已停用"}))]
pub struct SupportRecoveryRequest {
    /// The new login email (a link to it must be opened before it takes effect).
    pub new_email: Option<String>,
    /// Clear the confirmed phone (with a new email: when it is confirmed; alone: at once).
    #[serde(default)]
    pub clear_phone: bool,
    /// `id_card_in_person`, `video_call_with_id_card`, `notarised_letter` or `school_letter`.
    pub evidence_kind: String,
    /// What was seen (required, at most 500 characters).
    pub evidence_note: Option<String>,
    /// Why (required, at most 500 characters).
    pub reason: Option<String>,
}

/// What support's recovery did.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"recovery_id": "0d5c…", "pending_email": "li.ming@example.net", "phone_cleared": false}))]
pub struct SupportRecoveryResult {
    pub recovery_id: String,
    /// The email the confirmation link went to; the change waits for it.
    pub pending_email: Option<String>,
    /// Whether the phone was cleared at once.
    pub phone_cleared: bool,
}

/// Records a recovery for a student who lost both mailbox and phone.
#[utoipa::path(
    tag = "support",
    operation_id = "support_record_recovery",
    summary = "Help a student back into their account (协助找回账号)",
    description = "After checking the student's identity, records the evidence seen (a kind from a fixed list, a note, \
a reason) and sets a new email — a link goes to it and the change (with clearing the phone, if asked) takes effect \
when it is opened — or only clears the phone, at once, so the student confirms a new one. Every session ends when \
the change takes effect. Audited with the evidence. At most 5 a day per account.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The account.")),
    request_body = SupportRecoveryRequest,
    responses(
        (status = 200, description = "Recorded.", body = SupportRecoveryResult),
        (status = 403, description = "`outside_role`: support agents only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`account_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken` or `account_disabled`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `recovery_change_required`, `evidence_kind_unknown`, `reason_required` (`evidence_note`, `reason`), `email_invalid`, `email_unchanged`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`recovery_attempts_exhausted`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/support/accounts/{id}/recovery")]
pub async fn support_recovery(
    state: web::Data<AppState>,
    meta: RequestMeta,
    agent: Authorized<SupportAgents>,
    id: web::Path<String>,
    body: web::Json<SupportRecoveryRequest>,
) -> Result<HttpResponse, AppError> {
    let b = valid(body.into_inner())?;
    let input = SupportRecoveryInput {
        new_email: b.new_email,
        clear_phone: b.clear_phone,
        evidence_kind: b.evidence_kind,
        evidence_note: b.evidence_note,
        reason: b.reason,
    };
    let done = sending(&state, meta, move |conn, ctx| {
        service::record_support_recovery(conn, ctx, &agent, &id, input)
    })
    .await?;
    Ok(HttpResponse::Ok().json(SupportRecoveryResult {
        recovery_id: done.recovery_id,
        pending_email: done.pending_email,
        phone_cleared: done.phone_cleared,
    }))
}

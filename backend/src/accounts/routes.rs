//! HTTP handlers of the accounts capability: parse, authorize, call the service, map the result.

use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::extract::CurrentUserAnyConsent;
use super::service::{self, LoginOutcome, RegistrationGrant, SessionTokens};
use crate::auth::login_guard::Credentials;
use crate::auth::CurrentUser;
use crate::db::utc;
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::state::AppState;
use crate::validation::valid;

/// Mounts the accounts routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(register)
        .service(resend_activation)
        .service(activate)
        .service(login)
        .service(refresh)
        .service(logout)
        .service(logout_everywhere)
        .service(request_password_reset)
        .service(confirm_password_reset)
        .service(change_password)
        .service(me);
}

/// Email and password of a new account.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"email": "li.ming@example.cn", "password": "Xuexin2026", "consent_version": "2026-12-03"}))]
pub struct RegisterRequest {
    /// A real email address (the activation link is sent there); compared case-insensitively.
    #[schema(max_length = 254)]
    pub email: String,
    /// 6–64 letters and digits, not the email, not a common password.
    #[schema(min_length = 6, max_length = 64, pattern = "^[A-Za-z0-9]+$")]
    pub password: String,
    /// The version of the privacy notice (《个人信息保护说明》) the student read and agreed to:
    /// required, and it must be the current one (`GET /api/v1/privacy-notice`).
    #[serde(default)]
    pub consent_version: Option<String>,
}

/// The lifecycle state of an account.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatusName {
    PendingActivation,
    Activated,
    Active,
    Disabled,
    /// Closed by its owner (注销账号).
    Closed,
}

impl From<super::AccountStatus> for AccountStatusName {
    fn from(s: super::AccountStatus) -> Self {
        use super::AccountStatus as S;
        match s {
            S::PendingActivation => Self::PendingActivation,
            S::Activated => Self::Activated,
            S::Active => Self::Active,
            S::Disabled => Self::Disabled,
            S::Closed => Self::Closed,
        }
    }
}

/// A newly created account.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0b9f7c1e-2f4a-4c59-9a51-7d0c3e8b1a22", "email": "li.ming@example.cn", "status": "pending_activation", "resend_after_seconds": 60}))]
pub struct AccountCreated {
    pub id: String,
    /// The normalised (trimmed, lower-case) address.
    pub email: String,
    pub status: AccountStatusName,
    /// Seconds before the activation email may be requested again.
    pub resend_after_seconds: u64,
}

/// Creates an account and sends its activation email.
#[utoipa::path(
    tag = "accounts",
    operation_id = "register_account",
    summary = "Register an account",
    description = "Creates a student account from an email address and a password and sends an activation \
email whose link (`{APP_PUBLIC_URL}/activate?token=…`) leads to the real-name step. The email is trimmed \
and compared case-insensitively; each address registers once. The password must have 6–64 letters or \
digits, may not be the email, and may not be a common password. `consent_version` must be the current \
version of the privacy notice (`GET /api/v1/privacy-notice`): the consent is recorded with its version and \
time. The account cannot log in until it is activated. Limited per client IP (429).",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Created; the activation email is on its way.", body = AccountCreated),
        (status = 409, description = "`email_taken`: the address is already registered.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `errors` names each bad field (`email_invalid`, `password_too_short`, `password_too_common`, …).", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: every password hashing thread is busy and the queue is full; retry after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts")]
pub async fn register(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<RegisterRequest>,
) -> Result<HttpResponse, AppError> {
    let body = valid(body.into_inner())?;
    let (email, password) = service::validate_registration(
        &body.email,
        &body.password,
        body.consent_version.as_deref(),
    )?;
    let ctx = state.ctx(meta);
    let created = service::register(&state.db, &state.hash_pool, ctx, email, password).await?;
    state.outbox_wakeup.notify_one();
    Ok(HttpResponse::Created().json(AccountCreated {
        id: created.id,
        email: created.email,
        status: AccountStatusName::PendingActivation,
        resend_after_seconds: state.config.auth.mail_cooldown_secs,
    }))
}

/// An email address to send a link to.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"email": "li.ming@example.cn"}))]
pub struct EmailRequest {
    pub email: String,
}

/// The answer to a request for an email, the same whether or not the address is registered.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"resend_after_seconds": 60}))]
pub struct MailRequested {
    /// How long to wait before asking again (an earlier request sends nothing).
    pub resend_after_seconds: u64,
}

/// Runs a "send me an email" request and gives the answer that never reveals whether the
/// address has an account.
async fn request_mail(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<EmailRequest>,
    send: fn(&mut crate::db::DbConnection, &service::Ctx, &str) -> Result<(), AppError>,
) -> Result<HttpResponse, AppError> {
    let email = valid(body.into_inner())?.email;
    let ctx = state.ctx(meta);
    state.db.run(move |conn| send(conn, &ctx, &email)).await?;
    state.outbox_wakeup.notify_one();
    Ok(HttpResponse::Accepted().json(MailRequested {
        resend_after_seconds: state.config.auth.mail_cooldown_secs,
    }))
}

/// Sends the activation email again.
#[utoipa::path(
    tag = "accounts",
    operation_id = "resend_activation_email",
    summary = "Resend the activation email",
    description = "Sends a new activation link to an account that is not yet activated (or activated but \
not finished registering), at most once per `resend_after_seconds` per account. The answer is the same \
whether or not the address is registered, so it cannot be used to find out who has an account. Limited \
per client IP (429).",
    request_body = EmailRequest,
    responses(
        (status = 202, description = "Accepted; an email is sent if the address has an account waiting for activation.", body = MailRequested),
        (status = 422, description = "`validation_failed`: the email is not an address.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts/activation/resend")]
pub async fn resend_activation(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<EmailRequest>,
) -> Result<HttpResponse, AppError> {
    request_mail(state, meta, body, service::resend_activation).await
}

/// A token from an emailed link.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"token": "q3Xo7T2m1bq0uJ8lY6sVZcKpW4eRfN9aHdGiC5xLtUw"}))]
pub struct TokenRequest {
    /// The `token` parameter of the link.
    pub token: String,
}

/// The token that allows the remaining registration steps.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"status": "activated", "registration_token": "eyJhbGciOiJIUzI1NiJ9…", "expires_in": 7200}))]
pub struct ActivationResult {
    pub status: AccountStatusName,
    /// A bearer token accepted only by the `/registration` steps.
    pub registration_token: String,
    /// Seconds until the registration token expires.
    pub expires_in: u64,
}

/// Uses an activation link.
#[utoipa::path(
    tag = "accounts",
    operation_id = "activate_account",
    summary = "Activate an account with the emailed link",
    description = "Activates the account of an activation link and returns a registration token for the \
remaining steps (real name, phone, confirmation). Until the registration is complete the same link can be \
presented again (mail scanners open links; people reload pages): it continues the registration. Links \
expire after 24 hours by default; once the registration is complete the link is dead.",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "Activated (or still activated); continue with the registration token.", body = ActivationResult),
        (status = 400, description = "`token_invalid` or `token_expired`: request a new activation email.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_disabled`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`registration_complete`: the account is registered; log in instead.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/accounts/activation")]
pub async fn activate(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<TokenRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let token = valid(body.into_inner())?.token;
    let grant = state
        .db
        .run(move |conn| service::activate(conn, &ctx, &token))
        .await?;
    Ok(HttpResponse::Ok().json(ActivationResult {
        status: AccountStatusName::Activated,
        registration_token: grant.registration_token,
        expires_in: grant.expires_in,
    }))
}

/// Email and password.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"email": "li.ming@example.cn", "password": "Xuexin2026", "remember_me": false}))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// 记住我: the session may last 30 days (7 idle) instead of 12 hours (30 minutes idle).
    #[serde(default)]
    pub remember_me: bool,
}

/// An access token and the refresh token that renews it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJhbGciOiJIUzI1NiJ9…", "refresh_token": "Zr0m2kQ…", "token_type": "Bearer", "expires_in": 900, "session_expires_at": "2026-09-01T20:00:00Z", "consent_required": false}))]
pub struct SessionTokensBody {
    /// Send as `Authorization: Bearer <access_token>`.
    pub access_token: String,
    /// Exchange at `POST /api/v1/sessions/refresh` before the access token expires; single use.
    pub refresh_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// The absolute end of the session, fixed at login: no refresh goes past it.
    pub session_expires_at: DateTime<Utc>,
    /// The privacy notice changed since the account agreed to it: until `POST /api/v1/me/consent`,
    /// every student operation but `GET /me`, the consent, logout and the data export answers 403
    /// `consent_required`.
    pub consent_required: bool,
}

impl From<SessionTokens> for SessionTokensBody {
    fn from(t: SessionTokens) -> Self {
        Self {
            access_token: t.access_token,
            refresh_token: t.refresh_token,
            token_type: "Bearer".into(),
            expires_in: t.expires_in,
            session_expires_at: utc(t.session_expires_at),
            consent_required: t.consent_required,
        }
    }
}

/// The way to finish an unfinished registration.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"registration_token": "eyJhbGciOiJIUzI1NiJ9…", "expires_in": 7200}))]
pub struct RegistrationGrantBody {
    /// A bearer token accepted only by the `/registration` steps.
    pub registration_token: String,
    pub expires_in: u64,
}

impl From<RegistrationGrant> for RegistrationGrantBody {
    fn from(g: RegistrationGrant) -> Self {
        Self {
            registration_token: g.registration_token,
            expires_in: g.expires_in,
        }
    }
}

/// The result of a login, told apart by `status`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum LoginResult {
    /// A complete account: a session.
    Active(SessionTokensBody),
    /// Activated but not finished registering: only a registration token.
    RegistrationIncomplete(RegistrationGrantBody),
}

/// Logs in.
#[utoipa::path(
    tag = "sessions",
    operation_id = "login",
    summary = "Log in",
    description = "Logs in with email and password. A complete account gets `status: active` with a \
short-lived access token (15 minutes by default) and a single-use refresh token. The session has an \
absolute end fixed now (`session_expires_at`: 12 hours by default, 30 days with `remember_me`) and ends \
earlier when its refresh token goes unused for the idle limit (30 minutes by default, 7 days with \
`remember_me`); refreshing never moves the absolute end. An account \
that is activated but has not finished registering gets `status: registration_incomplete` and a \
registration token for the remaining steps only. After 10 wrong passwords within 15 minutes the account \
is locked for 15 minutes (429 with `Retry-After`, whether or not the password is then right); unknown \
emails are answered exactly like known ones. Failed logins per client IP are throttled too.",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in.", body = LoginResult,
            example = json!({"status": "active", "access_token": "eyJhbGciOiJIUzI1NiJ9…", "refresh_token": "Zr0m2kQ…", "token_type": "Bearer", "expires_in": 900, "session_expires_at": "2026-09-01T20:00:00Z", "consent_required": false})),
        (status = 401, description = "`invalid_credentials`: the email or password is wrong.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`account_not_activated` (offer to resend the activation email) or `account_disabled`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: email or password missing.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked` or `too_many_failed_logins_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: every password hashing thread is busy and the queue is full; retry after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sessions")]
pub async fn login(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let LoginRequest {
        email,
        password,
        remember_me,
    } = valid(body.into_inner())?;
    let credentials = Credentials { email, password };
    let outcome =
        service::login(&state.db, &state.hash_pool, ctx, credentials, remember_me).await?;
    Ok(HttpResponse::Ok().json(match outcome {
        LoginOutcome::Session(tokens) => LoginResult::Active(tokens.into()),
        LoginOutcome::RegistrationIncomplete(grant) => {
            LoginResult::RegistrationIncomplete(grant.into())
        }
    }))
}

/// A refresh token.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"refresh_token": "Zr0m2kQ…"}))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// Renews the tokens.
#[utoipa::path(
    tag = "sessions",
    operation_id = "refresh_session",
    summary = "Renew the access token",
    description = "Exchanges a refresh token for a new access token and a new refresh token (rotation). \
Each refresh token works once: presenting one that was already used ends the whole session (every token \
issued from that login), because it means the token was copied. A new refresh token is valid for the idle \
limit (30 minutes by default, 7 days for a `remember_me` session) but never past the session's absolute \
end (`session_expires_at`, unchanged by refreshing).",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens.", body = SessionTokensBody),
        (status = 401, description = "`refresh_token_invalid` (unknown, unused for longer than the idle limit, past the session's absolute end, or its session ended) or `refresh_token_reused` (the session is now ended).", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sessions/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<RefreshRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let token = valid(body.into_inner())?.refresh_token;
    let tokens = state
        .db
        .run(move |conn| service::refresh(conn, &ctx, &token))
        .await?;
    Ok(HttpResponse::Ok().json(SessionTokensBody::from(tokens)))
}

/// Logs out of this session.
#[utoipa::path(
    tag = "sessions",
    operation_id = "logout",
    summary = "Log out",
    description = "Ends the session of the presented access token: its refresh token stops working and \
the access token is refused from now on.",
    security(("bearer" = [])),
    responses((status = 204, description = "Logged out."))
)]
#[delete("/sessions/current")]
pub async fn logout(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUserAnyConsent,
) -> Result<HttpResponse, AppError> {
    let session_id = user.user.session_id;
    state
        .run(meta, move |conn, ctx| {
            service::logout(conn, ctx, &session_id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Logs out everywhere.
#[utoipa::path(
    tag = "sessions",
    operation_id = "logout_everywhere",
    summary = "Log out on every device",
    description = "Ends every session of the account, on every device, including this one.",
    security(("bearer" = [])),
    responses((status = 204, description = "All sessions ended."))
)]
#[delete("/sessions")]
pub async fn logout_everywhere(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUserAnyConsent,
) -> Result<HttpResponse, AppError> {
    let account_id = user.user.account_id;
    state
        .run(meta, move |conn, ctx| {
            service::logout_everywhere(conn, ctx, &account_id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Asks for a password-reset email.
#[utoipa::path(
    tag = "accounts",
    operation_id = "request_password_reset",
    summary = "Request a password-reset email",
    description = "Sends a link (`{APP_PUBLIC_URL}/reset-password?token=…`, valid 1 hour by default) to set a \
new password, at most once per `resend_after_seconds` per account. The answer is the same whether or not \
the address is registered. Limited per client IP (429).",
    request_body = EmailRequest,
    responses(
        (status = 202, description = "Accepted; an email is sent if the address has an account.", body = MailRequested),
        (status = 422, description = "`validation_failed`: the email is not an address.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`too_many_requests_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password-resets")]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<EmailRequest>,
) -> Result<HttpResponse, AppError> {
    request_mail(state, meta, body, service::request_password_reset).await
}

/// A reset token and the new password.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"token": "q3Xo7T2m1bq0uJ8lY6sVZcKpW4eRfN9aHdGiC5xLtUw", "new_password": "NewPass2026"}))]
pub struct ResetConfirmRequest {
    pub token: String,
    /// Same rules as at registration.
    #[schema(min_length = 6, max_length = 64, pattern = "^[A-Za-z0-9]+$")]
    pub new_password: String,
}

/// Sets a new password with a reset link.
#[utoipa::path(
    tag = "accounts",
    operation_id = "confirm_password_reset",
    summary = "Set a new password with a reset link",
    description = "Sets the new password of the link's account. The link works once; on success every \
session of the account ends (log in again with the new password).",
    request_body = ResetConfirmRequest,
    responses(
        (status = 204, description = "The password is changed and every session ended."),
        (status = 400, description = "`token_invalid`, `token_used` or `token_expired`: request a new link.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the new password breaks a rule.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: every password hashing thread is busy and the queue is full; retry after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password-resets/confirm")]
pub async fn confirm_password_reset(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<ResetConfirmRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let ResetConfirmRequest {
        token,
        new_password,
    } = valid(body.into_inner())?;
    service::confirm_password_reset(&state.db, &state.hash_pool, ctx, token, new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The current and the new password.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"current_password": "Xuexin2026", "new_password": "NewPass2026"}))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    /// Same rules as at registration.
    #[schema(min_length = 6, max_length = 64, pattern = "^[A-Za-z0-9]+$")]
    pub new_password: String,
}

/// Changes the password.
#[utoipa::path(
    tag = "accounts",
    operation_id = "change_password",
    summary = "Change the password",
    description = "Changes the password of the logged-in account; the current password is required. Every \
other session of the account ends; this one stays logged in. Wrong current passwords count toward the \
same lockout as wrong logins (10 within 15 minutes lock the account for 15 minutes: 429 with \
`Retry-After`, whether or not the password is then right), so a stolen access token cannot be used to \
guess the password.",
    security(("bearer" = [])),
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed."),
        (status = 422, description = "`validation_failed`: `current_password` is wrong (`password_incorrect`) or `new_password` breaks a rule.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked` (too many wrong passwords, here or at login) or `too_many_failed_logins_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: every password hashing thread is busy and the queue is full; retry after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: CurrentUser,
    body: web::Json<ChangePasswordRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = valid(body.into_inner())?;
    service::change_password(
        &state.db,
        &state.hash_pool,
        ctx,
        user.account_id,
        user.session_id,
        current_password,
        new_password,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The logged-in account.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0b9f7c1e-2f4a-4c59-9a51-7d0c3e8b1a22", "email": "li.ming@example.cn", "status": "active", "created_at": "2026-09-01T08:00:00Z", "name": "李明", "id_number": "110105********002X", "phone": "138****5678", "consent_version": "2026-12-03", "consent_required": false}))]
pub struct Me {
    pub id: String,
    pub email: String,
    pub status: AccountStatusName,
    pub created_at: DateTime<Utc>,
    /// The real-name name, once entered (records link by it and the ID number).
    pub name: Option<String>,
    /// The ID number, masked (`110105********002X`).
    pub id_number: Option<String>,
    /// The confirmed mobile number, masked (`138****5678`).
    pub phone: Option<String>,
    /// The privacy notice version the account agreed to last (none: never, or withdrawn).
    pub consent_version: Option<String>,
    /// The account must agree to the current notice (`POST /api/v1/me/consent`) before using
    /// anything but this, the consent, logout and the data export.
    pub consent_required: bool,
}

/// The logged-in account.
#[utoipa::path(
    tag = "accounts",
    operation_id = "get_me",
    summary = "The logged-in account",
    description = "The account of the access token, with its real-name details (ID number and phone masked) and \
whether it must agree to the current privacy notice first (`consent_required`). Answers even then.",
    security(("bearer" = [])),
    responses((status = 200, description = "The account.", body = Me))
)]
#[get("/me")]
pub async fn me(
    state: web::Data<AppState>,
    user: CurrentUserAnyConsent,
) -> Result<HttpResponse, AppError> {
    let user = user.user;
    let account = state
        .db
        .run(move |conn| service::me(conn, &user.account_id))
        .await?;
    Ok(HttpResponse::Ok().json(Me {
        status: account.status().into(),
        id: account.id,
        email: account.email,
        created_at: utc(account.created_at),
        name: account.name,
        consent_required: !super::consent::is_current(account.consent_version.as_deref()),
        consent_version: account.consent_version,
        id_number: account
            .id_number
            .as_deref()
            .map(crate::rules::id_number::mask),
        phone: account.phone.as_deref().map(|p| {
            crate::rules::Mobile::parse(p, "phone").map_or_else(|_| p.to_owned(), |m| m.masked())
        }),
    }))
}

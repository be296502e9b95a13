//! HTTP handlers of staff account security: the second login step, one's own password, the TOTP
//! second factor and its recovery codes, an admin's reset, and one-time setup links.

use actix_web::{delete, post, put, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::extract::StaffInSetup;
use super::routes::{session_body, view, StaffSessionBody, StaffView};
use super::security::{self, proof_of};
use crate::auth::authorize::PlatformAdmins;
use crate::auth::{Authorized, StaffUser};
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::state::AppState;
use crate::validation::valid;

/// Mounts the routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(second_factor_login)
        .service(change_own_password)
        .service(start_enrolment)
        .service(confirm_enrolment)
        .service(regenerate_recovery_codes)
        .service(turn_off_second_factor)
        .service(reset_second_factor)
        .service(set_password_by_link);
}

/// The second login step.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"challenge": "eyJhbGciOiJIUzI1NiJ9…", "code": "123456"}))]
pub struct SecondFactorLoginRequest {
    /// From the 202 answer of `POST /api/v1/staff/sessions`.
    pub challenge: String,
    /// The 6-digit code of the authenticator app (or give `recovery_code`).
    pub code: Option<String>,
    /// One of the recovery codes, each of which works once.
    pub recovery_code: Option<String>,
}

/// Finishes a staff login with a second-factor code.
#[utoipa::path(
    tag = "staff",
    operation_id = "staff_login_second_factor",
    summary = "Staff login, second step",
    description = "With the challenge of a right password and the current code of the authenticator app (RFC 6238, \
6 digits, 30 s; the step before and after are accepted too) or an unused recovery code, starts the staff session. \
A code is accepted once: a code of the same or an earlier time step is refused afterwards. Wrong codes count \
toward the same lockout as wrong passwords.",
    request_body = SecondFactorLoginRequest,
    responses(
        (status = 200, description = "Logged in.", body = StaffSessionBody),
        (status = 401, description = "`invalid_second_factor` (wrong or already used), `challenge_invalid` or `challenge_expired` (log in with the password again).", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: neither or both of `code` and `recovery_code`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked`, `too_many_logins_at_once` or `too_many_failed_logins_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/staff/sessions/second-factor")]
pub async fn second_factor_login(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<SecondFactorLoginRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let b = valid(body.into_inner())?;
    let proof = proof_of(b.code, b.recovery_code)?;
    let session = security::second_step(&state.db, ctx, &b.challenge, proof).await?;
    Ok(HttpResponse::Ok().json(session_body(session)?))
}

/// A change of one's own password.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"current_password": "School2026", "new_password": "Mine2026x"}))]
pub struct ChangeOwnPasswordRequest {
    pub current_password: String,
    /// By the password rules of student accounts; not the current one.
    pub new_password: String,
}

/// Changes the logged-in staff member's password.
#[utoipa::path(
    tag = "staff",
    operation_id = "change_own_staff_password",
    summary = "Change your own staff password",
    description = "With the current password (wrong ones count toward the login lockout). Ends your other sessions. \
A new account made by the command line or an admin must do this before anything else. Audited.",
    security(("staff" = [])),
    request_body = ChangeOwnPasswordRequest,
    responses(
        (status = 204, description = "Changed."),
        (status = 401, description = "`wrong_password`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the new password breaks a rule or equals the current one.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/staff/me/password")]
pub async fn change_own_password(
    state: web::Data<AppState>,
    meta: RequestMeta,
    me: StaffInSetup,
    body: web::Json<ChangeOwnPasswordRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let b = valid(body.into_inner())?;
    security::change_own_password(
        &state.db,
        &state.hash_pool,
        ctx,
        me.user,
        b.current_password,
        b.new_password,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A secret to enrol in an authenticator app.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "otpauth_uri": "otpauth://totp/Xuexin%3Aadmin@xuexin.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Xuexin&algorithm=SHA1&digits=6&period=30"}))]
pub struct EnrolmentBody {
    /// The secret, base32, for typing into the app by hand.
    pub secret: String,
    /// The same as an `otpauth://` URI, to draw as a QR code.
    pub otpauth_uri: String,
}

/// Starts enrolling a TOTP second factor.
#[utoipa::path(
    tag = "staff",
    operation_id = "start_second_factor_enrolment",
    summary = "Start enrolling a second factor",
    description = "Makes a new secret, kept pending (encrypted) until `POST /api/v1/staff/me/second-factor` confirms \
it with a code. Starting again replaces the pending secret. Allowed while setup steps are left.",
    security(("staff" = [])),
    responses(
        (status = 200, description = "The secret.", body = EnrolmentBody),
        (status = 409, description = "`second_factor_already_enrolled`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/staff/me/second-factor/enrolment")]
pub async fn start_enrolment(
    state: web::Data<AppState>,
    meta: RequestMeta,
    me: StaffInSetup,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let id = me.user.staff_id;
    let e = state
        .db
        .run(move |conn| security::start_enrolment(conn, &ctx, &id))
        .await?;
    Ok(HttpResponse::Ok().json(EnrolmentBody {
        secret: e.secret,
        otpauth_uri: e.otpauth_uri,
    }))
}

/// A code of the authenticator app.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"code": "123456"}))]
pub struct CodeRequest {
    pub code: String,
}

/// Recovery codes, shown once.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"recovery_codes": ["ABCD-EFGH-JKLM", "…"]}))]
pub struct RecoveryCodesBody {
    /// Ten codes; each works once instead of an app code. They are stored hashed: keep them now.
    pub recovery_codes: Vec<String>,
}

/// Confirms enrolment with a code.
#[utoipa::path(
    tag = "staff",
    operation_id = "confirm_second_factor_enrolment",
    summary = "Confirm the second factor",
    description = "A code of the pending secret enrols it; from then on login takes a code after the password. \
Answers ten recovery codes, shown only this once. Wrong codes count toward the login lockout. Audited.",
    security(("staff" = [])),
    request_body = CodeRequest,
    responses(
        (status = 200, description = "Enrolled.", body = RecoveryCodesBody),
        (status = 401, description = "`invalid_second_factor`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`no_enrolment_started`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/staff/me/second-factor")]
pub async fn confirm_enrolment(
    state: web::Data<AppState>,
    meta: RequestMeta,
    me: StaffInSetup,
    body: web::Json<CodeRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let codes =
        security::confirm_enrolment(&state.db, ctx, me.user, valid(body.into_inner())?.code)
            .await?;
    Ok(HttpResponse::Ok().json(RecoveryCodesBody {
        recovery_codes: codes,
    }))
}

/// Replaces the recovery codes.
#[utoipa::path(
    tag = "staff",
    operation_id = "regenerate_recovery_codes",
    summary = "New recovery codes",
    description = "With a code of the app, replaces every recovery code with ten new ones (shown once). Audited.",
    security(("staff" = [])),
    request_body = CodeRequest,
    responses(
        (status = 200, description = "The new codes.", body = RecoveryCodesBody),
        (status = 401, description = "`invalid_second_factor`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`second_factor_not_enrolled`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/staff/me/second-factor/recovery-codes")]
pub async fn regenerate_recovery_codes(
    state: web::Data<AppState>,
    meta: RequestMeta,
    me: StaffUser,
    body: web::Json<CodeRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let codes =
        security::regenerate_recovery_codes(&state.db, ctx, me, valid(body.into_inner())?.code)
            .await?;
    Ok(HttpResponse::Ok().json(RecoveryCodesBody {
        recovery_codes: codes,
    }))
}

/// Turning the second factor off.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"password": "School2026", "code": "123456"}))]
pub struct TurnOffRequest {
    pub password: String,
    pub code: String,
}

/// Turns the second factor off.
#[utoipa::path(
    tag = "staff",
    operation_id = "turn_off_second_factor",
    summary = "Turn the second factor off",
    description = "For roles where it is optional (not platform admins or support agents while \
`APP_STAFF_TOTP_REQUIRED`), with the password and a code. Forgets the secret and the recovery codes. Audited.",
    security(("staff" = [])),
    request_body = TurnOffRequest,
    responses(
        (status = 204, description = "Turned off."),
        (status = 401, description = "`wrong_password` or `invalid_second_factor`.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`second_factor_required_for_role`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`second_factor_not_enrolled`.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/staff/me/second-factor")]
pub async fn turn_off_second_factor(
    state: web::Data<AppState>,
    meta: RequestMeta,
    me: StaffUser,
    body: web::Json<TurnOffRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let b = valid(body.into_inner())?;
    security::turn_off(&state.db, &state.hash_pool, ctx, me, b.password, b.code).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Why a second factor is reset.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"reason": "手机丢失，本人电话核实"}))]
pub struct ResetSecondFactorRequest {
    pub reason: Option<String>,
}

/// Resets another staff member's second factor.
#[utoipa::path(
    tag = "staff",
    operation_id = "reset_staff_second_factor",
    summary = "Reset a staff member's second factor",
    description = "For a lost phone: forgets the member's TOTP secret and recovery codes and ends every session of \
theirs; a role that needs a second factor must enrol again at the next login. Not for yourself. Platform admins \
only; audited with the reason.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The staff account.")),
    request_body = ResetSecondFactorRequest,
    responses(
        (status = 200, description = "The account now.", body = StaffView),
        (status = 403, description = "`outside_role`: platform admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`staff_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`cannot_reset_own_second_factor`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `reason` missing.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/staff/accounts/{id}/second-factor/reset")]
pub async fn reset_second_factor(
    state: web::Data<AppState>,
    meta: RequestMeta,
    admin: Authorized<PlatformAdmins>,
    id: web::Path<String>,
    body: web::Json<ResetSecondFactorRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let why = valid(body.into_inner())?.reason;
    let updated = state
        .db
        .run(move |conn| security::reset_by_admin(conn, &ctx, &admin, &id, why.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(view(updated)?))
}

/// A password set through a one-time setup link.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"token": "k3Jd…", "new_password": "Mine2026x"}))]
pub struct SetupPasswordRequest {
    /// The `token` of the setup link.
    pub token: String,
    pub new_password: String,
}

/// Where to log in after setting the password.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"email": "pku.admin@xuexin.example"}))]
pub struct SetupPasswordBody {
    pub email: String,
}

/// Sets a new staff member's password through a setup link.
#[utoipa::path(
    tag = "staff",
    operation_id = "set_staff_password_by_link",
    summary = "Set a new staff account's password (setup link)",
    description = "The link from `xuexin staff create --setup-link` or an admin's create form works once, until it \
expires (`APP_STAFF_SETUP_LINK_HOURS`). Then log in with the email answered (and enrol a second factor if the role \
needs one). Audited.",
    request_body = SetupPasswordRequest,
    responses(
        (status = 200, description = "Set; log in.", body = SetupPasswordBody),
        (status = 404, description = "`setup_link_invalid`: unknown, used or expired.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the password breaks a rule.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/staff/setup")]
pub async fn set_password_by_link(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<SetupPasswordRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let b = valid(body.into_inner())?;
    let email =
        security::set_password_by_link(&state.db, &state.hash_pool, ctx, b.token, b.new_password)
            .await?;
    Ok(HttpResponse::Ok().json(SetupPasswordBody { email }))
}

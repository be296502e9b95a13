//! HTTP handlers of staff sessions.

use actix_web::{delete, get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::extract::StaffInSetup;
use super::{service, Role};
use crate::auth::login_guard::Credentials;
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::state::AppState;
use crate::validation::valid;

/// Mounts the staff routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(staff_login)
        .service(staff_logout)
        .service(staff_me);
}

/// A staff member's email and password.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"email": "admin@xuexin.example", "password": "Platform2026"}))]
pub struct StaffLoginRequest {
    pub email: String,
    pub password: String,
}

/// Who a staff member is.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "3e1b…", "email": "admin@xuexin.example", "role": "platform_admin", "school_code": null, "province_code": null, "disabled": false, "second_factor_enrolled": true}))]
pub struct StaffView {
    pub id: String,
    pub email: String,
    pub role: Role,
    /// The school of a school admin.
    pub school_code: Option<String>,
    /// The province of a provincial reviewer.
    pub province_code: Option<String>,
    /// A disabled staff member cannot log in.
    pub disabled: bool,
    /// Whether a TOTP second factor is enrolled (then login takes a code after the password).
    pub second_factor_enrolled: bool,
}

/// The logged-in staff member and what they must still set up.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "3e1b…", "email": "admin@xuexin.example", "role": "platform_admin", "school_code": null, "province_code": null, "disabled": false, "second_factor_enrolled": false, "second_factor_required": true, "may_turn_off_second_factor": false, "setup_required": ["password", "second_factor"]}))]
pub struct StaffMeView {
    #[serde(flatten)]
    pub staff: StaffView,
    /// Whether the role must have a second factor (platform admins and support agents).
    pub second_factor_required: bool,
    /// Whether this member may turn their second factor off.
    pub may_turn_off_second_factor: bool,
    /// Steps left before any other staff endpoint answers (they answer 403 `setup_required`).
    pub setup_required: Vec<super::SetupStep>,
}

/// The second step of a staff login: a code is needed.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"second_factor_required": true, "challenge": "eyJhbGciOiJIUzI1NiJ9…", "expires_in": 300}))]
pub struct StaffChallengeBody {
    /// Always true.
    pub second_factor_required: bool,
    /// Pass it with a code to `POST /api/v1/staff/sessions/second-factor`.
    pub challenge: String,
    /// Seconds the challenge is valid.
    pub expires_in: u64,
}

/// A staff session.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"access_token": "eyJhbGciOiJIUzI1NiJ9…", "token_type": "Bearer", "expires_in": 28800, "staff": {"id": "3e1b…", "email": "admin@xuexin.example", "role": "platform_admin", "school_code": null, "province_code": null, "disabled": false}}))]
pub struct StaffSessionBody {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: u64,
    pub staff: StaffView,
}

/// The view of a stored staff member.
pub fn view(s: super::store::Staff) -> Result<StaffView, AppError> {
    let role = Role::parse(&s.role)
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("unknown stored role {}", s.role)))?;
    Ok(StaffView {
        id: s.id,
        email: s.email,
        role,
        school_code: s.school_code,
        province_code: s.province_code,
        disabled: s.disabled_at.is_some(),
        second_factor_enrolled: s.totp_secret.is_some(),
    })
}

/// The answer of a started session.
pub fn session_body(session: service::StaffSession) -> Result<StaffSessionBody, AppError> {
    Ok(StaffSessionBody {
        access_token: session.access_token,
        token_type: "Bearer".into(),
        expires_in: session.expires_in,
        staff: view(session.staff)?,
    })
}

/// Logs a staff member in.
#[utoipa::path(
    tag = "staff",
    operation_id = "staff_login",
    summary = "Staff login",
    description = "Logs a staff member in for 8 hours by default (no refresh: log in again). The answer names \
the role and its scope. Wrong passwords lock the email like student logins do. With a TOTP second factor \
enrolled a right password answers 202 with a short-lived challenge and no token: send it with a code to \
`POST /api/v1/staff/sessions/second-factor`. A token whose account still has setup steps left (see \
`GET /api/v1/staff/me`) admits only the setup endpoints.",
    request_body = StaffLoginRequest,
    responses(
        (status = 200, description = "Logged in.", body = StaffSessionBody),
        (status = 202, description = "The password is right; a second-factor code is needed.", body = StaffChallengeBody),
        (status = 401, description = "`invalid_credentials`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: email or password missing.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked`, `too_many_logins_at_once` (more simultaneous attempts than the lockout allows are being checked; nothing is locked) or `too_many_failed_logins_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: every password hashing thread is busy and the queue is full; retry after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/staff/sessions")]
pub async fn staff_login(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<StaffLoginRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let StaffLoginRequest { email, password } = valid(body.into_inner())?;
    let credentials = Credentials { email, password };
    match service::login(&state.db, &state.hash_pool, ctx, credentials).await? {
        service::LoginOutcome::Session(session) => {
            Ok(HttpResponse::Ok().json(session_body(session)?))
        }
        service::LoginOutcome::SecondFactor {
            challenge,
            expires_in,
        } => Ok(HttpResponse::Accepted().json(StaffChallengeBody {
            second_factor_required: true,
            challenge,
            expires_in,
        })),
    }
}

/// Ends the staff session.
#[utoipa::path(
    tag = "staff",
    operation_id = "staff_logout",
    summary = "Staff logout",
    description = "Ends the session of the presented staff token at once (also while setup steps are left).",
    security(("staff" = [])),
    responses((status = 204, description = "Logged out."))
)]
#[delete("/staff/sessions/current")]
pub async fn staff_logout(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: StaffInSetup,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    state
        .db
        .run(move |conn| service::logout(conn, &ctx, &user.user.session_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The logged-in staff member.
#[utoipa::path(
    tag = "staff",
    operation_id = "staff_me",
    summary = "The logged-in staff member",
    description = "The role and scope of the presented staff token, as stored now, and the setup steps left \
(`password`: choose your own; `second_factor`: enrol TOTP). Answers also while setup steps are left.",
    security(("staff" = [])),
    responses((status = 200, description = "The staff member.", body = StaffMeView))
)]
#[get("/staff/me")]
pub async fn staff_me(
    state: web::Data<AppState>,
    me: StaffInSetup,
) -> Result<HttpResponse, AppError> {
    let required = state.config.auth.staff_totp_required;
    Ok(HttpResponse::Ok().json(StaffMeView {
        second_factor_required: required && me.user.role.needs_second_factor(),
        may_turn_off_second_factor: super::security::may_turn_off(required, me.user.role),
        setup_required: me.remaining,
        staff: view(me.staff)?,
    }))
}

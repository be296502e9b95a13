//! HTTP handlers of staff sessions.

use actix_web::{delete, get, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use super::{service, Role};
use crate::auth::StaffUser;
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::state::AppState;

/// Mounts the staff routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(staff_login)
        .service(staff_logout)
        .service(staff_me);
}

/// A staff member's email and password.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(example = json!({"email": "admin@xuexin.example", "password": "Platform2026"}))]
pub struct StaffLoginRequest {
    pub email: String,
    pub password: String,
}

/// Who a staff member is.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "3e1b…", "email": "admin@xuexin.example", "role": "platform_admin", "school_code": null, "province_code": null, "disabled": false}))]
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
    })
}

/// Logs a staff member in.
#[utoipa::path(
    tag = "staff",
    operation_id = "staff_login",
    summary = "Staff login",
    description = "Logs a staff member in for 8 hours by default (no refresh: log in again). The answer names \
the role and its scope. Wrong passwords lock the email like student logins do.",
    request_body = StaffLoginRequest,
    responses(
        (status = 200, description = "Logged in.", body = StaffSessionBody),
        (status = 401, description = "`invalid_credentials`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: email or password missing.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`account_locked` or `too_many_failed_logins_from_ip`; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: every password hashing thread is busy and the queue is full; retry after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/staff/sessions")]
pub async fn staff_login(
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: web::Json<StaffLoginRequest>,
) -> Result<HttpResponse, AppError> {
    let user_agent = meta.user_agent.clone();
    let ctx = state.ctx(meta);
    let StaffLoginRequest { email, password } = body.into_inner();
    let session = service::login(
        &state.db,
        &state.hash_pool,
        ctx,
        email,
        password,
        user_agent,
    )
    .await?;
    Ok(HttpResponse::Ok().json(StaffSessionBody {
        access_token: session.access_token,
        token_type: "Bearer".into(),
        expires_in: session.expires_in,
        staff: view(session.staff)?,
    }))
}

/// Ends the staff session.
#[utoipa::path(
    tag = "staff",
    operation_id = "staff_logout",
    summary = "Staff logout",
    description = "Ends the session of the presented staff token at once.",
    security(("staff" = [])),
    responses((status = 204, description = "Logged out."))
)]
#[delete("/staff/sessions/current")]
pub async fn staff_logout(
    state: web::Data<AppState>,
    meta: RequestMeta,
    user: StaffUser,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    state
        .db
        .run(move |conn| service::logout(conn, &ctx, &user.session_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The logged-in staff member.
#[utoipa::path(
    tag = "staff",
    operation_id = "staff_me",
    summary = "The logged-in staff member",
    description = "The role and scope of the presented staff token, as stored now.",
    security(("staff" = [])),
    responses((status = 200, description = "The staff member.", body = StaffView))
)]
#[get("/staff/me")]
pub async fn staff_me(user: StaffUser) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(StaffView {
        id: user.staff_id,
        email: user.email,
        role: user.role,
        school_code: user.school_code,
        province_code: user.province_code,
        disabled: false,
    }))
}

//! HTTP handlers of the staff sessions list: a staff member's own sessions (登录设备), and any staff
//! member's for platform admins.

use actix_web::{delete, get, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::sessions::{self, SessionInfo};
use crate::auth::authorize::PlatformAdmins;
use crate::auth::{Authorized, StaffUser};
use crate::db::utc;
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::state::AppState;
use crate::validation::valid;

/// Mounts the session-list routes (under `/api/v1`, after `DELETE /staff/sessions/current`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(list_own_sessions)
        .service(end_own_session)
        .service(list_staff_sessions)
        .service(end_staff_session)
        .service(end_all_staff_sessions);
}

/// A live staff session.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0f5c…", "created_at": "2026-12-03T01:00:00Z", "last_active_at": "2026-12-03T02:14:00Z", "expires_at": "2026-12-03T09:00:00Z", "ip": "203.0.113.7", "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36", "current": true}))]
pub struct StaffSessionView {
    pub id: String,
    /// When it started (the login).
    pub created_at: DateTime<Utc>,
    /// When it was last used, recorded at most once a minute.
    pub last_active_at: DateTime<Utc>,
    /// When it ends however it is used (`APP_STAFF_SESSION_HOURS` after login); it ends sooner
    /// when unused for `APP_STAFF_SESSION_IDLE_MINS`.
    pub expires_at: DateTime<Utc>,
    /// The client address of the login.
    pub ip: Option<String>,
    /// The browser's `User-Agent` at login (invisible characters dropped, at most 300 characters).
    pub user_agent: Option<String>,
    /// Whether this is the session of the token that asks.
    pub current: bool,
}

/// Live staff sessions, most recently used first.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"id": "0f5c…", "created_at": "2026-12-03T01:00:00Z", "last_active_at": "2026-12-03T02:14:00Z", "expires_at": "2026-12-03T09:00:00Z", "ip": "203.0.113.7", "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36", "current": true}]}))]
pub struct StaffSessionList {
    pub items: Vec<StaffSessionView>,
}

fn list(infos: Vec<SessionInfo>) -> StaffSessionList {
    StaffSessionList {
        items: infos
            .into_iter()
            .map(|i| StaffSessionView {
                id: i.session.id,
                created_at: utc(i.session.created_at),
                last_active_at: utc(i.session.last_active_at),
                expires_at: utc(i.session.expires_at),
                ip: i.session.ip,
                user_agent: i.session.user_agent,
                current: i.current,
            })
            .collect(),
    }
}

/// Lists the caller's own sessions.
#[utoipa::path(
    tag = "staff",
    operation_id = "list_own_staff_sessions",
    summary = "My staff sessions (登录设备)",
    description = "The caller's live sessions: when each started and was last used, from which address and browser, \
and which one is asking (`current`). Any staff role.",
    security(("staff" = [])),
    responses((status = 200, description = "The live sessions.", body = StaffSessionList))
)]
#[get("/staff/sessions")]
pub async fn list_own_sessions(
    state: web::Data<AppState>,
    meta: RequestMeta,
    me: StaffUser,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let infos = state
        .db
        .run(move |conn| sessions::list_own(conn, &ctx, &me))
        .await?;
    Ok(HttpResponse::Ok().json(list(infos)))
}

/// Ends one of the caller's own sessions.
#[utoipa::path(
    tag = "staff",
    operation_id = "end_own_staff_session",
    summary = "End one of my staff sessions (退出此设备)",
    description = "Ends one of the caller's live sessions at once: its token is refused on its next request, on every \
server instance. Another person's session, or one already over, is 404. Audited.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The session, from `GET /staff/sessions`.")),
    responses(
        (status = 204, description = "Ended."),
        (status = 404, description = "`session_not_found`: none of your live sessions.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/staff/sessions/{id}")]
pub async fn end_own_session(
    state: web::Data<AppState>,
    meta: RequestMeta,
    me: StaffUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    state
        .db
        .run(move |conn| sessions::end_own(conn, &ctx, &me, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Lists a staff member's sessions.
#[utoipa::path(
    tag = "staff",
    operation_id = "list_staff_sessions",
    summary = "A staff member's sessions",
    description = "The live sessions of any staff member, as they see them in 登录设备 (`current` is true only for the \
caller's own). Platform admins only.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The staff account.")),
    responses(
        (status = 200, description = "The live sessions.", body = StaffSessionList),
        (status = 403, description = "`outside_role`: platform admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`staff_not_found`.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/staff/accounts/{id}/sessions")]
pub async fn list_staff_sessions(
    state: web::Data<AppState>,
    meta: RequestMeta,
    admin: Authorized<PlatformAdmins>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let infos = state
        .db
        .run(move |conn| sessions::list_of(conn, &ctx, &admin, &id))
        .await?;
    Ok(HttpResponse::Ok().json(list(infos)))
}

/// Why an admin ends sessions.
#[derive(Debug, Default, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"reason": "员工报告笔记本电脑丢失。"}))]
pub struct EndSessionsRequest {
    /// Required, at most 500 characters.
    pub reason: Option<String>,
}

/// How many sessions ended.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"ended": 2}))]
pub struct SessionsEnded {
    pub ended: usize,
}

/// Ends one session of a staff member.
#[utoipa::path(
    tag = "staff",
    operation_id = "end_staff_session",
    summary = "End a staff member's session",
    description = "Ends one live session of any staff member at once (its token is refused on its next request, on \
every server instance). Reason required; audited. Platform admins only.",
    security(("staff" = [])),
    params(
        ("id" = String, Path, description = "The staff account."),
        ("session_id" = String, Path, description = "The session."),
    ),
    request_body = EndSessionsRequest,
    responses(
        (status = 204, description = "Ended."),
        (status = 403, description = "`outside_role`: platform admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`staff_not_found`, or `session_not_found`: no such live session of theirs.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`cannot_end_own_sessions_here`: one's own sessions are ended with `DELETE /staff/sessions/{id}`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: no reason (`reason_required`), or one too long or with a character that is not shown.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/staff/accounts/{id}/sessions/{session_id}")]
pub async fn end_staff_session(
    state: web::Data<AppState>,
    meta: RequestMeta,
    admin: Authorized<PlatformAdmins>,
    path: web::Path<(String, String)>,
    body: web::Json<EndSessionsRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let (id, session_id) = path.into_inner();
    let reason = valid(body.into_inner())?.reason;
    state
        .db
        .run(move |conn| {
            let one = Some(session_id.as_str());
            sessions::end_of(conn, &ctx, &admin, &id, one, reason.as_deref())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends every session of a staff member.
#[utoipa::path(
    tag = "staff",
    operation_id = "end_all_staff_sessions",
    summary = "End all of a staff member's sessions",
    description = "Ends every live session of any staff member at once (their tokens are refused on their next \
request, on every server instance); they can log in again (to keep them out, disable the account). Reason required; \
audited. Platform admins only.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The staff account.")),
    request_body = EndSessionsRequest,
    responses(
        (status = 200, description = "Ended; how many.", body = SessionsEnded),
        (status = 403, description = "`outside_role`: platform admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`staff_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`cannot_end_own_sessions_here`: one's own sessions are ended with `DELETE /staff/sessions/{id}`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: no reason (`reason_required`), or one too long or with a character that is not shown.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/staff/accounts/{id}/sessions")]
pub async fn end_all_staff_sessions(
    state: web::Data<AppState>,
    meta: RequestMeta,
    admin: Authorized<PlatformAdmins>,
    id: web::Path<String>,
    body: web::Json<EndSessionsRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let reason = valid(body.into_inner())?.reason;
    let ended = state
        .db
        .run(move |conn| sessions::end_of(conn, &ctx, &admin, &id, None, reason.as_deref()))
        .await?;
    Ok(HttpResponse::Ok().json(SessionsEnded { ended }))
}

//! HTTP handlers with which platform admins manage staff accounts.

use actix_web::{get, patch, post, web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::routes::{view, StaffView};
use super::service::{self, FirstLogin, NewStaff};
use super::Role;
use crate::auth::authorize::PlatformAdmins;
use crate::auth::Authorized;
use crate::error::{AppError, Problem};
use crate::http::meta::RequestMeta;
use crate::http::pagination::{Page, Window};
use crate::state::AppState;
use crate::validation::valid;

/// Mounts the staff-management routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(list_staff)
        .service(create_staff)
        .service(update_staff);
}

/// Filters of the staff list.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct StaffQuery {
    /// Only staff of this role.
    pub role: Option<Role>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Staff per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

/// Lists staff accounts.
#[utoipa::path(
    tag = "staff",
    operation_id = "list_staff",
    summary = "List staff accounts",
    description = "Every staff account by email, optionally of one role. Platform admins only.",
    security(("staff" = [])),
    params(StaffQuery),
    responses(
        (status = 200, description = "One page of staff.", body = Page<StaffView>,
            example = json!({"items": [{"id": "3e1b…", "email": "pku@xuexin.example", "role": "school_admin", "school_code": "10001", "province_code": null, "disabled": false}], "total": 1, "page": 1, "per_page": 20})),
        (status = 403, description = "`outside_role`: platform admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `page` or `per_page` out of range.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/staff/accounts")]
pub async fn list_staff(
    state: web::Data<AppState>,
    _admin: Authorized<PlatformAdmins>,
    query: web::Query<StaffQuery>,
) -> Result<HttpResponse, AppError> {
    let q = valid(query.into_inner())?;
    let window = Window::parse(q.page, q.per_page)?;
    let role = q.role.map(Role::as_str);
    let (items, total) = state
        .db
        .run(move |conn| Ok(super::store::list(conn, role, window)?))
        .await?;
    let page: Page<StaffView> = window.page_of(
        items.into_iter().map(view).collect::<Result<_, _>>()?,
        total,
    );
    Ok(HttpResponse::Ok().json(page))
}

/// A new staff account.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"email": "pku.admin@xuexin.example", "password": "School2026", "role": "school_admin", "school_code": "10001"}))]
pub struct CreateStaffRequest {
    pub email: String,
    /// A first password by the rules of student accounts, which the member must change at their
    /// first login; leave it out with `setup_link`.
    pub password: Option<String>,
    /// Instead of a password: answer a one-time link with which the member sets their own.
    #[serde(default)]
    pub setup_link: bool,
    pub role: Role,
    /// Required for `school_admin`: the school.
    pub school_code: Option<String>,
    /// Required for `provincial_reviewer`: the two-digit province code.
    pub province_code: Option<String>,
}

/// A created staff account, with its setup link when one was asked for.
#[derive(Debug, serde::Serialize, ToSchema)]
#[schema(example = json!({"id": "3e1b…", "email": "pku.admin@xuexin.example", "role": "school_admin", "school_code": "10001", "province_code": null, "disabled": false, "second_factor_enrolled": false, "setup_link": "https://xuexin.example.cn/staff/setup?token=k3Jd…"}))]
pub struct CreatedStaffView {
    #[serde(flatten)]
    pub staff: StaffView,
    /// The one-time setup link (`setup_link: true`), shown only in this answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setup_link: Option<String>,
}

/// Creates a staff account.
#[utoipa::path(
    tag = "staff",
    operation_id = "create_staff",
    summary = "Create a staff account",
    description = "A staff account with one role; a school admin is bound to a school, a provincial reviewer to a \
province (other roles work nationwide, and a scope they do not use is dropped). The member must choose their own \
password before anything else: either change the given `password` at the first login, or set one through the \
one-time link answered with `setup_link: true`. Platform admins only; audited.",
    security(("staff" = [])),
    request_body = CreateStaffRequest,
    responses(
        (status = 201, description = "Created.", body = CreatedStaffView),
        (status = 403, description = "`outside_role`: platform admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken`: a staff account has this email.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: email, password, or a missing or unknown school or province.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "`server_busy`: every password hashing thread is busy and the queue is full; retry after `Retry-After` seconds.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/staff/accounts")]
pub async fn create_staff(
    state: web::Data<AppState>,
    meta: RequestMeta,
    admin: Authorized<PlatformAdmins>,
    body: web::Json<CreateStaffRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let b = valid(body.into_inner())?;
    let first = if b.setup_link {
        FirstLogin::SetupLink
    } else {
        FirstLogin::ChangePassword
    };
    let new = NewStaff {
        email: b.email,
        password: b.password.unwrap_or_default(),
        role: b.role,
        school_code: b.school_code,
        province_code: b.province_code,
    };
    let actor = Some(admin.staff_id.clone());
    let link_ctx = ctx.clone();
    let (created, token) =
        service::create_via_pool(&state.db, &state.hash_pool, ctx, new, actor, first).await?;
    Ok(HttpResponse::Created().json(CreatedStaffView {
        staff: view(created)?,
        setup_link: token.map(|t| super::security::setup_link(&link_ctx, &t)),
    }))
}

/// A change of a staff account.
#[derive(Debug, Deserialize, ToSchema, Validate)]
#[schema(example = json!({"disabled": true, "reason": "该员工已离职。"}))]
pub struct UpdateStaffRequest {
    /// Disable (ends every session at once) or enable the account.
    pub disabled: bool,
    /// Why: required to disable, optional to enable; at most 500 characters. Audited.
    pub reason: Option<String>,
}

/// Disables or enables a staff account.
#[utoipa::path(
    tag = "staff",
    operation_id = "update_staff",
    summary = "Disable or enable a staff account",
    description = "Disabling ends the staff member's sessions at once — their tokens are refused on the next \
request, on every server instance — and refuses their logins; it needs a reason. Enabling lets them log in again. \
You cannot disable yourself. Platform admins only; audited with the reason.",
    security(("staff" = [])),
    params(("id" = String, Path, description = "The staff account.")),
    request_body = UpdateStaffRequest,
    responses(
        (status = 200, description = "The account now.", body = StaffView),
        (status = 403, description = "`outside_role`: platform admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`staff_not_found`.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`cannot_disable_self`.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: no reason to disable (`reason_required`), or a reason too long or with a character that is not shown.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/staff/accounts/{id}")]
pub async fn update_staff(
    state: web::Data<AppState>,
    meta: RequestMeta,
    admin: Authorized<PlatformAdmins>,
    id: web::Path<String>,
    body: web::Json<UpdateStaffRequest>,
) -> Result<HttpResponse, AppError> {
    let ctx = state.ctx(meta);
    let UpdateStaffRequest { disabled, reason } = valid(body.into_inner())?;
    let updated = state
        .db
        .run(move |conn| {
            service::set_disabled(conn, &ctx, &admin, &id, disabled, reason.as_deref())
        })
        .await?;
    Ok(HttpResponse::Ok().json(view(updated)?))
}

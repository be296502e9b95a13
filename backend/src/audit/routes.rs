//! `GET /api/v1/audit-events`: the platform admins' view of the audit log.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::{Validate, ValidationError};

use super::store::{self, Filter};
use super::views::AuditEventView;
use crate::auth::authorize::PlatformAdmins;
use crate::auth::Authorized;
use crate::error::{AppError, FieldError, Problem, Text};
use crate::http::pagination::{Page, Window};
use crate::state::AppState;
use crate::validation::problems;

/// Mounts the audit routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(list_events);
}

/// Filters of the audit log.
#[derive(Debug, Deserialize, IntoParams, Validate)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// The id of the staff member or account who acted.
    #[validate(length(
        max = 200,
        code = "filter_too_long",
        message = "筛选条件最多 200 个字符。|A filter is at most 200 characters."
    ))]
    pub actor: Option<String>,
    /// An action such as `change_request.approved`, or a prefix ending in `.` (`change_request.`).
    #[validate(length(
        max = 200,
        code = "filter_too_long",
        message = "筛选条件最多 200 个字符。|A filter is at most 200 characters."
    ))]
    pub action: Option<String>,
    /// What kind of thing was acted on: `account`, `enrollment`, `change_request`, `staff`, ….
    #[validate(length(
        max = 200,
        code = "filter_too_long",
        message = "筛选条件最多 200 个字符。|A filter is at most 200 characters."
    ))]
    pub target_type: Option<String>,
    /// The id of the thing acted on.
    #[validate(length(
        max = 200,
        code = "filter_too_long",
        message = "筛选条件最多 200 个字符。|A filter is at most 200 characters."
    ))]
    pub target: Option<String>,
    /// From this time on: RFC 3339 (`2026-11-01T00:00:00Z`) or a date (`2026-11-01`, from its start, UTC).
    #[validate(custom(function = "time"))]
    pub from: Option<String>,
    /// Up to this time: RFC 3339 (exclusive) or a date (`2026-11-30`, up to its end, UTC).
    #[validate(custom(function = "time"))]
    pub to: Option<String>,
    /// Page number, from 1.
    #[validate(custom(function = "crate::validation::page"))]
    pub page: Option<u32>,
    /// Events per page, 1–100 (default 20).
    #[validate(custom(function = "crate::validation::per_page"))]
    pub per_page: Option<u32>,
}

/// A bound of the time range: an RFC 3339 instant, or a date meaning its start (`end_of_day`
/// false) or the start of the next day (true). `None` when empty or not a time ([`time`] refuses
/// those).
fn time_bound(raw: Option<&str>, end_of_day: bool) -> Option<NaiveDateTime> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(crate::db::timestamp(t.with_timezone(&Utc)));
    }
    let d = NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()?;
    let day = if end_of_day { d.succ_opt()? } else { d };
    day.and_hms_opt(0, 0, 0)
}

/// Custom validator: a bound of the time range is empty, a date or an RFC 3339 time.
fn time(raw: &str) -> Result<(), ValidationError> {
    let raw = raw.trim();
    if raw.is_empty()
        || DateTime::parse_from_rfc3339(raw).is_ok()
        || NaiveDate::parse_from_str(raw, "%Y-%m-%d").is_ok()
    {
        return Ok(());
    }
    Err(crate::validation::broken(
        "invalid_time",
        Text::new(
            "时间格式应为 2026-11-01 或 2026-11-01T08:00:00Z。",
            "Use a date (2026-11-01) or an RFC 3339 time (2026-11-01T08:00:00Z).",
        ),
    ))
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// Lists the audit log.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_events",
    summary = "Read the audit log",
    description = "Every change made by staff, support and students, newest first, filtered by actor, action, \
target and time range (all optional, combined with AND). Platform admins only. The log is append-only and \
hash-chained: each event carries `hash`, the SHA-256 of its content and of `prev_hash`.",
    security(("staff" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of events.", body = Page<AuditEventView>,
            example = json!({"items": [{"id": "42", "occurred_at": "2026-11-29T08:15:00Z", "actor_id": "3e1b…", "actor_role": "provincial_reviewer", "action": "change_request.approved", "target_type": "enrollment", "target_id": "6c1d…", "before": {"name": "王晓明"}, "after": {"change_request_id": "9a7c…", "changes": {"name": "王小明"}}, "reason": "姓名录入错误", "request_id": "c0ffee…", "hash": "5f2c…", "prev_hash": "a91e…"}], "total": 1, "page": 1, "per_page": 20})),
        (status = 403, description = "`outside_role`: platform admins only.", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: a time that is neither a date nor RFC 3339, `from` after `to`, or a page out of range.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit-events")]
pub async fn list_events(
    state: web::Data<AppState>,
    _admin: Authorized<PlatformAdmins>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let mut errors = problems(&q);
    let from = time_bound(q.from.as_deref(), false);
    let to = time_bound(q.to.as_deref(), true);
    if let (Some(f), Some(t)) = (from, to) {
        if f >= t {
            errors.push(FieldError::new(
                "to",
                "range_reversed",
                Text::new("结束时间应晚于开始时间。", "`to` must be after `from`."),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let window = Window::parse(q.page, q.per_page)?;
    let filter = Filter {
        actor_id: non_empty(q.actor),
        action: non_empty(q.action),
        target_type: non_empty(q.target_type),
        target_id: non_empty(q.target),
        from,
        to,
    };
    let (items, total) = state
        .db
        .run(move |conn| Ok(store::list(conn, &filter, window)?))
        .await?;
    let page: Page<AuditEventView> =
        window.page_of(items.into_iter().map(Into::into).collect(), total);
    Ok(HttpResponse::Ok().json(page))
}

//! `GET /api/v1/audit-events`: the platform admins' view of the audit log.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use super::store::{self, Filter, StoredEvent};
use crate::auth::authorize::PlatformAdmins;
use crate::auth::Authorized;
use crate::db::utc;
use crate::error::{AppError, FieldError, Problem, Text};
use crate::http::pagination::{Page, Window};
use crate::state::AppState;

/// Mounts the audit routes (under `/api/v1`).
pub fn register_routes(cfg: &mut ServiceConfig) {
    cfg.service(list_events);
}

/// Filters of the audit log.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// The id of the staff member or account who acted.
    pub actor: Option<String>,
    /// An action such as `change_request.approved`, or a prefix ending in `.` (`change_request.`).
    pub action: Option<String>,
    /// What kind of thing was acted on: `account`, `enrollment`, `change_request`, `staff`, ….
    pub target_type: Option<String>,
    /// The id of the thing acted on.
    pub target: Option<String>,
    /// From this time on: RFC 3339 (`2026-11-01T00:00:00Z`) or a date (`2026-11-01`, from its start, UTC).
    pub from: Option<String>,
    /// Up to this time: RFC 3339 (exclusive) or a date (`2026-11-30`, up to its end, UTC).
    pub to: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Events per page, 1–100 (default 20).
    pub per_page: Option<u32>,
}

/// One event of the audit log.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "42", "occurred_at": "2026-11-29T08:15:00Z", "actor_id": "3e1b…", "actor_role": "provincial_reviewer", "action": "change_request.approved", "target_type": "change_request", "target_id": "9a7c…", "before": {"name": "王晓明"}, "after": {"name": "王小明"}, "reason": null, "request_id": "c0ffee…", "hash": "5f2c…", "prev_hash": "a91e…"}))]
pub struct AuditEventView {
    pub id: String,
    pub occurred_at: DateTime<Utc>,
    /// Who acted; absent for anonymous and system actions.
    pub actor_id: Option<String>,
    /// `student`, `anonymous`, `system`, or a staff role.
    pub actor_role: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    /// The state before the change, as JSON.
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    /// The state after the change, as JSON.
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
    pub reason: Option<String>,
    pub request_id: Option<String>,
    /// The link of this event's content to the previous event's hash: HMAC-SHA256 under the server's audit key (older events: plain SHA-256); `xuexin audit verify` checks the chain.
    pub hash: Option<String>,
    pub prev_hash: Option<String>,
}

fn json_of(stored: Option<String>) -> Option<Value> {
    stored.map(|s| serde_json::from_str(&s).unwrap_or(Value::String(s)))
}

impl From<StoredEvent> for AuditEventView {
    fn from(stored: StoredEvent) -> Self {
        let e = stored.content;
        Self {
            id: stored.id.to_string(),
            occurred_at: utc(e.occurred_at),
            actor_id: e.actor_id,
            actor_role: e.actor_role,
            action: e.action,
            target_type: e.target_type,
            target_id: e.target_id,
            before: json_of(e.before_state),
            after: json_of(e.after_state),
            reason: e.reason,
            request_id: e.request_id,
            hash: stored.hash,
            prev_hash: stored.prev_hash,
        }
    }
}

/// A bound of the time range: an RFC 3339 instant, or a date meaning its start (`end_of_day`
/// false) or the start of the next day (true).
fn time_bound(
    raw: Option<&str>,
    field: &'static str,
    end_of_day: bool,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDateTime> {
    let raw = raw.map(str::trim).filter(|s| !s.is_empty())?;
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(crate::db::timestamp(t.with_timezone(&Utc)));
    }
    if let Ok(d) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        let day = if end_of_day { d.succ_opt()? } else { d };
        return day.and_hms_opt(0, 0, 0);
    }
    errors.push(FieldError::new(
        field,
        "invalid_time",
        Text::new(
            "时间格式应为 2026-11-01 或 2026-11-01T08:00:00Z。",
            "Use a date (2026-11-01) or an RFC 3339 time (2026-11-01T08:00:00Z).",
        ),
    ));
    None
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
    let mut errors = Vec::new();
    let from = time_bound(q.from.as_deref(), "from", false, &mut errors);
    let to = time_bound(q.to.as_deref(), "to", true, &mut errors);
    if let (Some(f), Some(t)) = (from, to) {
        if f >= t {
            errors.push(FieldError::new(
                "to",
                "range_reversed",
                Text::new("结束时间应晚于开始时间。", "`to` must be after `from`."),
            ));
        }
    }
    let window = Window::parse(q.page, q.per_page);
    if let Err(e) = &window {
        errors.extend(e.field_errors().iter().cloned());
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let window = window?;
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

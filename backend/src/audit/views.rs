//! The audit log as the API shows it.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::store::StoredEvent;
use crate::db::utc;

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

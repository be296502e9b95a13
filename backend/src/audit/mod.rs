//! The append-only audit log: who did what to what, when, before and after, and why. The table
//! refuses updates and deletes (database triggers), so entries can only be added.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::Value;

use crate::db::schema::audit_events;
use crate::db::DbConnection;

/// One event to record.
#[derive(Debug, Clone, Default)]
pub struct Event<'a> {
    /// The account or staff member who acted; `None` for anonymous or system actions.
    pub actor_id: Option<&'a str>,
    /// `student`, `anonymous`, `system`, or a staff role.
    pub actor_role: &'a str,
    /// What happened, as `thing.verb`, e.g. `account.created`.
    pub action: &'a str,
    pub target_type: &'a str,
    pub target_id: &'a str,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: Option<&'a str>,
    pub request_id: Option<&'a str>,
}

/// Appends `event`, at `at`, inside the caller's transaction.
pub fn record(conn: &mut DbConnection, at: NaiveDateTime, event: Event<'_>) -> QueryResult<()> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::occurred_at.eq(at),
            audit_events::actor_id.eq(event.actor_id),
            audit_events::actor_role.eq(event.actor_role),
            audit_events::action.eq(event.action),
            audit_events::target_type.eq(event.target_type),
            audit_events::target_id.eq(event.target_id),
            audit_events::before_state.eq(event.before.map(|v| v.to_string())),
            audit_events::after_state.eq(event.after.map(|v| v.to_string())),
            audit_events::reason.eq(event.reason),
            audit_events::request_id.eq(event.request_id),
        ))
        .execute(conn)
        .map(|_| ())
}

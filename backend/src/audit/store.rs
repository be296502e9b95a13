//! Reading the audit log: filtered, newest first, a page at a time.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::chain::Content;
use crate::db::page::Window;
use crate::db::schema::audit_events;
use crate::db::DbConnection;

/// A stored event.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct StoredEvent {
    pub id: i64,
    #[diesel(embed)]
    pub content: Content,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
    /// How `hash` links it: [`super::chain::PLAIN_EPOCH`] or [`super::chain::KEYED_EPOCH`].
    pub epoch: i32,
}

/// Which events to list; every filter is optional and they combine with AND.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub actor_id: Option<String>,
    /// An exact action, or a prefix when it ends with `.` (`change_request.` for all of them).
    pub action: Option<String>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    /// From this instant on (inclusive).
    pub from: Option<NaiveDateTime>,
    /// Before this instant (exclusive).
    pub to: Option<NaiveDateTime>,
}

fn filtered(f: &Filter) -> audit_events::BoxedQuery<'static, crate::db::Backend> {
    let mut q = audit_events::table.into_boxed();
    if let Some(a) = &f.actor_id {
        q = q.filter(audit_events::actor_id.eq(a.clone()));
    }
    match &f.action {
        Some(a) if a.ends_with('.') => {
            let pattern = crate::db::like::starts_with(a);
            q = q.filter(audit_events::action.like(pattern).escape('\\'));
        }
        Some(a) => q = q.filter(audit_events::action.eq(a.clone())),
        None => {}
    }
    if let Some(t) = &f.target_type {
        q = q.filter(audit_events::target_type.eq(t.clone()));
    }
    if let Some(t) = &f.target_id {
        q = q.filter(audit_events::target_id.eq(t.clone()));
    }
    if let Some(from) = f.from {
        q = q.filter(audit_events::occurred_at.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(audit_events::occurred_at.lt(to));
    }
    q
}

/// One page of the events that match, newest first, and how many match in all.
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    window: Window,
) -> QueryResult<(Vec<StoredEvent>, i64)> {
    let total = filtered(filter).count().get_result(conn)?;
    let items = filtered(filter)
        .order(audit_events::id.desc())
        .offset(window.offset())
        .limit(window.limit())
        .select(StoredEvent::as_select())
        .load(conn)?;
    Ok((items, total))
}

//! The append-only audit log: who did what to what, when, before and after, and why. The table
//! refuses updates and deletes (database triggers), and every event is chained to the one before
//! by HMAC-SHA256 under `APP_AUDIT_KEY` (older events: plain SHA-256; see [`chain`]), so an event
//! altered or removed behind the database's back is found by `xuexin audit verify`.

pub mod chain;
pub mod reads;
pub mod routes;
pub mod store;
pub mod views;

pub use chain::AuditKey;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::Value;

use crate::db::schema::{audit_chain, audit_events};
use crate::db::{write_transaction, DbConnection};

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

impl<'a> Event<'a> {
    /// An action of the system itself (a sweep, a seed) on `target_type` `target_id`.
    pub fn by_system(action: &'a str, target_type: &'a str, target_id: &'a str) -> Self {
        Event {
            actor_role: "system",
            action,
            target_type,
            target_id,
            ..Default::default()
        }
    }

    /// An action of a staff member on `target_type` `target_id`, in the request of `ctx`.
    pub fn by_staff(
        staff: &'a crate::auth::StaffUser,
        ctx: &'a crate::context::Ctx,
        action: &'a str,
        target_type: &'a str,
        target_id: &'a str,
    ) -> Self {
        Event {
            actor_id: Some(&staff.staff_id),
            actor_role: staff.role_name(),
            action,
            target_type,
            target_id,
            request_id: ctx.request_id.as_deref(),
            ..Default::default()
        }
    }
}

/// A row of the log as it is written: the content and its link to the one before.
#[derive(Insertable)]
#[diesel(table_name = audit_events)]
struct NewEvent {
    #[diesel(embed)]
    content: chain::Content,
    prev_hash: Option<String>,
    hash: Option<String>,
    epoch: i32,
}

/// Appends `event`, at `at`, inside the caller's transaction (or its own when there is none),
/// linked to the head by HMAC under `key` (the keyed epoch; the first keyed event chains from a
/// plain head). The chain's head row is locked first, so concurrent appends take their turns and
/// each event names the hash of the one really before it.
pub fn record(
    conn: &mut DbConnection,
    key: &AuditKey,
    at: NaiveDateTime,
    event: Event<'_>,
) -> QueryResult<()> {
    record_all(conn, key, at, vec![event])
}

/// Appends `events` in this order, at `at`, as [`record`] does one: the head is locked once, each
/// event links to the one before it, and all go in with one multi-row insert (a page of 100
/// personal-data reads costs one statement, not 100).
pub fn record_all(
    conn: &mut DbConnection,
    key: &AuditKey,
    at: NaiveDateTime,
    events: Vec<Event<'_>>,
) -> QueryResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    write_transaction(conn, |conn| {
        // An update of the head row takes its lock on PostgreSQL (SQLite holds the write lock).
        diesel::update(audit_chain::table.find(1))
            .set(audit_chain::id.eq(1))
            .execute(conn)?;
        let mut prev: Option<String> = audit_chain::table
            .find(1)
            .select(audit_chain::last_hash)
            .first(conn)?;
        let mut rows = Vec::with_capacity(events.len());
        for event in events {
            let content = chain::Content {
                occurred_at: crate::db::timestamp(at.and_utc()),
                actor_id: event.actor_id.map(str::to_owned),
                actor_role: event.actor_role.to_owned(),
                action: event.action.to_owned(),
                target_type: event.target_type.to_owned(),
                target_id: event.target_id.to_owned(),
                before_state: event.before.map(|v| v.to_string()),
                after_state: event.after.map(|v| v.to_string()),
                reason: event.reason.map(str::to_owned),
                request_id: event.request_id.map(str::to_owned),
            };
            let hash = chain::keyed_hash(key, prev.as_deref(), &content);
            rows.push(NewEvent {
                content,
                prev_hash: prev.clone(),
                hash: Some(hash.clone()),
                epoch: chain::KEYED_EPOCH,
            });
            prev = Some(hash);
        }
        // The multi-connection cannot batch; each engine can.
        let insert = diesel::insert_into(audit_events::table).values(rows);
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Pg(c) => insert.execute(c)?,
        };
        let id: i64 = audit_events::table
            .select(audit_events::id)
            .order(audit_events::id.desc())
            .first(conn)?;
        diesel::update(audit_chain::table.find(1))
            .set((
                audit_chain::last_event_id.eq(id),
                audit_chain::last_hash.eq(prev),
            ))
            .execute(conn)
            .map(|_| ())
    })
}

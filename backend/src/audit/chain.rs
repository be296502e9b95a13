//! The hash chain of the audit log: what is hashed, and the walk that checks it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::store::StoredEvent;
use crate::db::schema::{audit_chain, audit_events};
use crate::db::DbConnection;

/// The content of an event that its hash covers (everything but its row id).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct Content {
    pub occurred_at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor_role: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub before_state: Option<String>,
    pub after_state: Option<String>,
    pub reason: Option<String>,
    pub request_id: Option<String>,
}

/// The hash of an event: SHA-256 (hex) over a JSON array of the previous hash and every field,
/// the time written with microseconds, so both engines hash exactly what they store.
pub fn hash(prev: Option<&str>, c: &Content) -> String {
    let canonical = serde_json::json!([
        prev,
        c.occurred_at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        c.actor_id,
        c.actor_role,
        c.action,
        c.target_type,
        c.target_id,
        c.before_state,
        c.after_state,
        c.reason,
        c.request_id,
    ])
    .to_string();
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What went wrong with the chain, at the first place it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The event's content no longer matches its hash: it was altered.
    Altered { id: i64 },
    /// The event names a previous hash that is not the hash of the event before it: an event
    /// between them was removed (or the earlier one was altered together with its hash).
    Removed { before_id: i64 },
    /// The head names a newer event than the log holds: the newest events were removed.
    TailRemoved { after_id: Option<i64> },
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Break::Altered { id } => write!(
                f,
                "event #{id} was altered: its content no longer matches its hash"
            ),
            Break::Removed { before_id } => write!(
                f,
                "the chain breaks before event #{before_id}: an event before it was removed or rewritten"
            ),
            Break::TailRemoved { after_id: Some(id) } => write!(
                f,
                "the newest events after #{id} were removed: the chain's head names a later event"
            ),
            Break::TailRemoved { after_id: None } => {
                write!(f, "every event was removed: the chain's head names an event")
            }
        }
    }
}

/// The outcome of a walk over the whole log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Events checked.
    pub events: u64,
    /// The first break, if any.
    pub first_break: Option<Break>,
}

/// Walks the chain from the oldest event, in batches, and stops at the first break.
pub fn verify(conn: &mut DbConnection) -> QueryResult<Verification> {
    const BATCH: i64 = 5_000;
    let mut prev: Option<String> = None;
    let mut last_id: Option<i64> = None;
    let mut events = 0u64;
    loop {
        let mut query = audit_events::table
            .select(StoredEvent::as_select())
            .order(audit_events::id.asc())
            .limit(BATCH)
            .into_boxed();
        if let Some(id) = last_id {
            query = query.filter(audit_events::id.gt(id));
        }
        let batch: Vec<StoredEvent> = query.load(conn)?;
        let done = (batch.len() as i64) < BATCH;
        for StoredEvent {
            id,
            content,
            prev_hash,
            hash: stored,
        } in batch
        {
            events += 1;
            if prev_hash != prev {
                return Ok(Verification {
                    events,
                    first_break: Some(Break::Removed { before_id: id }),
                });
            }
            let computed = hash(prev.as_deref(), &content);
            if stored.as_deref() != Some(computed.as_str()) {
                return Ok(Verification {
                    events,
                    first_break: Some(Break::Altered { id }),
                });
            }
            prev = stored;
            last_id = Some(id);
        }
        if done {
            break;
        }
    }
    let (head_id, head_hash): (Option<i64>, Option<String>) = audit_chain::table
        .find(1)
        .select((audit_chain::last_event_id, audit_chain::last_hash))
        .first(conn)?;
    let first_break = (head_id != last_id || head_hash != prev)
        .then_some(Break::TailRemoved { after_id: last_id });
    Ok(Verification {
        events,
        first_break,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content() -> Content {
        Content {
            occurred_at: chrono::DateTime::from_timestamp(1_800_000_000, 123_456_000)
                .unwrap()
                .naive_utc(),
            actor_id: Some("staff-1".into()),
            actor_role: "support".into(),
            action: "account.identity_corrected".into(),
            target_type: "account".into(),
            target_id: "acc-1".into(),
            before_state: Some(r#"{"name":"王晓明"}"#.into()),
            after_state: Some(r#"{"name":"王小明"}"#.into()),
            reason: Some("学生来电".into()),
            request_id: None,
        }
    }

    #[test]
    fn the_hash_covers_every_field_and_the_previous_hash() {
        let base = hash(Some("abc"), &content());
        assert_eq!(base.len(), 64);
        assert_eq!(base, hash(Some("abc"), &content()), "deterministic");
        assert_ne!(base, hash(None, &content()));
        assert_ne!(base, hash(Some("abd"), &content()));
        let mut changed = content();
        changed.reason = Some("学生来电。".into());
        assert_ne!(base, hash(Some("abc"), &changed));
        let mut changed = content();
        changed.occurred_at += chrono::Duration::microseconds(1);
        assert_ne!(base, hash(Some("abc"), &changed));
        let mut changed = content();
        changed.request_id = Some(String::new());
        assert_ne!(base, hash(Some("abc"), &changed), "None and empty differ");
    }
}

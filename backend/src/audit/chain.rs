//! The hash chain of the audit log: what is hashed, and the walk that checks it.
//!
//! The chain has epochs. Epoch 0 is the plain SHA-256 chain that events were written with before
//! the chain was keyed: anyone can check it, and anyone who can write the database can recompute
//! it. Epoch 1 links each event with HMAC-SHA256 under `APP_AUDIT_KEY`, a key kept outside the
//! database, so rewriting a keyed event (or faking a new one) needs the key as well. The first
//! keyed event chains from the plain head as it was, so the whole log stays one chain.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use super::store::StoredEvent;
use crate::db::schema::{audit_chain, audit_events};
use crate::db::DbConnection;
pub use crate::secrets::AuditKey;

/// The epoch of events linked by plain SHA-256 (written before the chain was keyed).
pub const PLAIN_EPOCH: i32 = 0;
/// The epoch of events linked by HMAC-SHA256 under the audit key; every new event is in it.
pub const KEYED_EPOCH: i32 = 1;

/// The content of an event that its hash covers (everything but its row id).
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
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

/// The bytes a link covers: a JSON array of the previous hash and every field, the time written
/// with microseconds, so both engines hash exactly what they store.
fn canonical(prev: Option<&str>, c: &Content) -> String {
    serde_json::json!([
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
    .to_string()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The epoch-0 link of an event: SHA-256 (hex) of its canonical form.
pub fn hash(prev: Option<&str>, c: &Content) -> String {
    hex(&Sha256::digest(canonical(prev, c).as_bytes()))
}

/// The epoch-1 link of an event: HMAC-SHA256 (hex) under `key` of the epoch and its canonical
/// form, so a keyed link can never pass for a plain one or the other way round.
pub fn keyed_hash(key: &AuditKey, prev: Option<&str>, c: &Content) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.bytes()).expect("HMAC takes keys of any length");
    mac.update(format!("xuexin-audit-epoch-{KEYED_EPOCH}\n").as_bytes());
    mac.update(canonical(prev, c).as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// The link an event of `epoch` must carry; `None` for an epoch this build does not know.
fn link(key: &AuditKey, epoch: i32, prev: Option<&str>, c: &Content) -> Option<String> {
    match epoch {
        PLAIN_EPOCH => Some(hash(prev, c)),
        KEYED_EPOCH => Some(keyed_hash(key, prev, c)),
        _ => None,
    }
}

/// What went wrong with the chain, at the first place it went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Break {
    /// The event's content no longer matches its hash: it was altered (in the keyed epoch: or
    /// the key given is not the one it was written with).
    Altered { id: i64 },
    /// The event names a previous hash that is not the hash of the event before it: an event
    /// between them was removed (or the earlier one was altered together with its hash).
    Removed { before_id: i64 },
    /// The head names a newer event than the log holds: the newest events were removed.
    TailRemoved { after_id: Option<i64> },
    /// A plain (epoch 0) event after a keyed one: keyed events were rewritten as plain ones by
    /// someone without the key. Epochs only ever go up.
    Downgraded { id: i64 },
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Break::Altered { id } => write!(
                f,
                "event #{id} was altered: its content no longer matches its hash (for a keyed event: or APP_AUDIT_KEY is not the key it was written with)"
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
            Break::Downgraded { id } => write!(
                f,
                "event #{id} carries a plain hash after keyed events: the keyed chain was rewritten without the key"
            ),
        }
    }
}

/// A run of consecutive events linked the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpochSpan {
    /// 0: plain SHA-256; 1: HMAC-SHA256 under the audit key.
    pub epoch: i32,
    pub first_id: i64,
    pub last_id: i64,
    pub events: u64,
}

/// The newest event of an intact chain: what an operator writes down elsewhere to anchor it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub id: i64,
    pub hash: String,
    pub epoch: i32,
}

/// The outcome of a walk over the whole log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    /// Events checked.
    pub events: u64,
    /// The first break, if any.
    pub first_break: Option<Break>,
    /// The epochs, oldest first, as far as the walk got.
    pub epochs: Vec<EpochSpan>,
    /// The newest event, when the chain is intact and not empty.
    pub head: Option<Head>,
}

/// The walk's state: the checked events so far.
#[derive(Default)]
struct Walk {
    events: u64,
    prev: Option<String>,
    last_id: Option<i64>,
    epochs: Vec<EpochSpan>,
}

impl Walk {
    /// Checks the next event; the first break ends the walk.
    fn step(&mut self, key: &AuditKey, event: StoredEvent) -> Result<(), Break> {
        let StoredEvent {
            id,
            content,
            prev_hash,
            hash: stored,
            epoch,
        } = event;
        self.events += 1;
        if prev_hash != self.prev {
            return Err(Break::Removed { before_id: id });
        }
        let current = self.epochs.last().map_or(PLAIN_EPOCH, |s| s.epoch);
        if epoch < current {
            return Err(Break::Downgraded { id });
        }
        let computed = link(key, epoch, self.prev.as_deref(), &content);
        if computed.is_none() || stored != computed {
            return Err(Break::Altered { id });
        }
        match self.epochs.last_mut() {
            Some(span) if span.epoch == epoch => {
                span.last_id = id;
                span.events += 1;
            }
            _ => self.epochs.push(EpochSpan {
                epoch,
                first_id: id,
                last_id: id,
                events: 1,
            }),
        }
        self.prev = stored;
        self.last_id = Some(id);
        Ok(())
    }

    fn finish(self, first_break: Option<Break>) -> Verification {
        let head = match (&first_break, self.last_id, &self.prev, self.epochs.last()) {
            (None, Some(id), Some(hash), Some(span)) => Some(Head {
                id,
                hash: hash.clone(),
                epoch: span.epoch,
            }),
            _ => None,
        };
        Verification {
            events: self.events,
            first_break,
            epochs: self.epochs,
            head,
        }
    }
}

/// One line per epoch, for operators: which events it holds and what its links prove.
pub fn describe_epochs(epochs: &[EpochSpan]) -> Vec<String> {
    epochs
        .iter()
        .map(|span| {
            let how = match span.epoch {
                PLAIN_EPOCH => {
                    "plain SHA-256: anyone who can write the database could recompute it"
                }
                _ => "HMAC-SHA256 under APP_AUDIT_KEY: recomputing it needs the key",
            };
            format!(
                "Epoch {}: events #{}–#{} ({} events), {how}.",
                span.epoch, span.first_id, span.last_id, span.events
            )
        })
        .collect()
}

/// Walks the chain from the oldest event, in batches, checking keyed events with `key`, and
/// stops at the first break.
pub fn verify(conn: &mut DbConnection, key: &AuditKey) -> QueryResult<Verification> {
    const BATCH: i64 = 5_000;
    let mut walk = Walk::default();
    loop {
        let mut query = audit_events::table
            .select(StoredEvent::as_select())
            .order(audit_events::id.asc())
            .limit(BATCH)
            .into_boxed();
        if let Some(id) = walk.last_id {
            query = query.filter(audit_events::id.gt(id));
        }
        let batch: Vec<StoredEvent> = query.load(conn)?;
        let done = (batch.len() as i64) < BATCH;
        for event in batch {
            if let Err(b) = walk.step(key, event) {
                return Ok(walk.finish(Some(b)));
            }
        }
        if done {
            break;
        }
    }
    let (head_id, head_hash): (Option<i64>, Option<String>) = audit_chain::table
        .find(1)
        .select((audit_chain::last_event_id, audit_chain::last_hash))
        .first(conn)?;
    let first_break =
        (head_id != walk.last_id || head_hash != walk.prev).then_some(Break::TailRemoved {
            after_id: walk.last_id,
        });
    Ok(walk.finish(first_break))
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

    #[test]
    fn the_keyed_link_depends_on_the_key_and_differs_from_the_plain_one() {
        let key = AuditKey::new("k".repeat(32).as_str());
        let keyed = keyed_hash(&key, Some("abc"), &content());
        assert_eq!(keyed.len(), 64);
        assert_eq!(keyed, keyed_hash(&key, Some("abc"), &content()));
        assert_ne!(keyed, hash(Some("abc"), &content()));
        let other = AuditKey::new("K".repeat(32).as_str());
        assert_ne!(keyed, keyed_hash(&other, Some("abc"), &content()));
        assert_ne!(keyed, keyed_hash(&key, None, &content()));
        assert_eq!(format!("{key:?}"), "AuditKey(***)");
    }

    fn stored(id: i64, epoch: i32, prev: Option<&str>, key: &AuditKey) -> StoredEvent {
        let hash = link(key, epoch, prev, &content());
        StoredEvent {
            id,
            content: content(),
            prev_hash: prev.map(str::to_owned),
            hash,
            epoch,
        }
    }

    #[test]
    fn the_walk_reports_epochs_and_refuses_a_plain_event_after_a_keyed_one() {
        let key = AuditKey::new("k".repeat(32).as_str());
        let mut walk = Walk::default();
        let a = stored(1, PLAIN_EPOCH, None, &key);
        let b = stored(2, KEYED_EPOCH, a.hash.as_deref(), &key);
        let c = stored(3, PLAIN_EPOCH, b.hash.as_deref(), &key);
        let b_hash = b.hash.clone().unwrap();
        walk.step(&key, a).unwrap();
        walk.step(&key, b).unwrap();
        let spans: Vec<(i32, i64, i64)> = walk
            .epochs
            .iter()
            .map(|s| (s.epoch, s.first_id, s.last_id))
            .collect();
        assert_eq!(spans, [(0, 1, 1), (1, 2, 2)]);
        let intact = Walk {
            events: walk.events,
            prev: walk.prev.clone(),
            last_id: walk.last_id,
            epochs: walk.epochs.clone(),
        }
        .finish(None);
        assert_eq!(
            intact.head,
            Some(Head {
                id: 2,
                hash: b_hash,
                epoch: 1
            })
        );
        assert_eq!(walk.step(&key, c), Err(Break::Downgraded { id: 3 }));
    }
}

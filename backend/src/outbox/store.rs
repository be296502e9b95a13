//! The outbox's queries: claiming due messages, recording attempts, listing for the dev mailbox.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::retry_delay;
use crate::db::schema::{outbox, outbox_attempts};
use crate::db::DbConnection;

/// A stored message.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct Message {
    pub id: String,
    pub channel: String,
    pub recipient: String,
    pub subject: Option<String>,
    pub body_text: String,
    pub body_html: Option<String>,
    pub template: Option<String>,
    pub params: Option<String>,
    pub status: String,
    pub attempts: i32,
    pub created_at: NaiveDateTime,
}

/// Messages whose delivery is over by `before`: sent then, or given up (created then). Both the
/// redaction of secrets and the retention sweep act on these.
#[diesel::dsl::auto_type]
pub fn finished_before(before: NaiveDateTime) -> _ {
    let sent: &'static str = "sent";
    let failed: &'static str = "failed";
    outbox::status
        .eq(sent)
        .and(outbox::sent_at.le(before))
        .or(outbox::status.eq(failed).and(outbox::created_at.le(before)))
}

/// Takes up to `limit` due messages and leases them for `lease`, so that other workers (other
/// instances on the same PostgreSQL) skip them; a worker that dies mid-delivery leaves them due
/// again once the lease runs out.
pub fn claim_due(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
) -> QueryResult<Vec<Message>> {
    crate::db::write_transaction(conn, |conn| {
        macro_rules! due {
            () => {
                outbox::table
                    .filter(outbox::status.eq("pending"))
                    .filter(outbox::next_attempt_at.le(now))
                    .order(outbox::next_attempt_at.asc())
                    .limit(limit)
                    .select(Message::as_select())
            };
        }
        let rows: Vec<Message> = match conn {
            DbConnection::Pg(pg) => due!().for_update().skip_locked().load(pg)?,
            // SQLite has one writer at a time; the transaction alone keeps claims apart.
            DbConnection::Sqlite(lite) => due!().load(lite)?,
        };
        let ids: Vec<&str> = rows.iter().map(|m| m.id.as_str()).collect();
        if !ids.is_empty() {
            diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
                .set(outbox::next_attempt_at.eq(now + lease))
                .execute(conn)?;
        }
        Ok(rows)
    })
}

/// Records one delivery attempt of `message` and schedules what comes next: sent, a retry after
/// back-off, or given up after `max_attempts`.
pub fn finish_attempt(
    conn: &mut DbConnection,
    message: &Message,
    now: NaiveDateTime,
    transport: &str,
    outcome: &Result<(), String>,
    retry_base_secs: u64,
    max_attempts: u32,
) -> QueryResult<()> {
    crate::db::write_transaction(conn, |conn| {
        diesel::insert_into(outbox_attempts::table)
            .values((
                outbox_attempts::message_id.eq(&message.id),
                outbox_attempts::attempted_at.eq(now),
                outbox_attempts::transport.eq(transport),
                outbox_attempts::succeeded.eq(outcome.is_ok()),
                outbox_attempts::error.eq(outcome.as_ref().err()),
            ))
            .execute(conn)?;
        let attempts = message.attempts + 1;
        let row = outbox::table.filter(outbox::id.eq(&message.id));
        match outcome {
            Ok(()) => diesel::update(row)
                .set((
                    outbox::status.eq("sent"),
                    outbox::attempts.eq(attempts),
                    outbox::sent_at.eq(now),
                    outbox::transport.eq(transport),
                    outbox::last_error.eq(None::<String>),
                ))
                .execute(conn)?,
            Err(error) => {
                let status = if attempts as u32 >= max_attempts {
                    "failed"
                } else {
                    "pending"
                };
                diesel::update(row)
                    .set((
                        outbox::status.eq(status),
                        outbox::attempts.eq(attempts),
                        outbox::next_attempt_at
                            .eq(now + retry_delay(attempts as u32, retry_base_secs)),
                        outbox::last_error.eq(error),
                        outbox::transport.eq(transport),
                    ))
                    .execute(conn)?
            }
        };
        Ok(())
    })
}

/// The newest messages, optionally only those to `recipient` (for the dev mailbox).
pub fn newest(
    conn: &mut DbConnection,
    recipient: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Message>> {
    let mut query = outbox::table
        .select(Message::as_select())
        .order((outbox::created_at.desc(), outbox::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(to) = recipient {
        query = query.filter(outbox::recipient.eq(to.to_owned()));
    }
    query.load(conn)
}

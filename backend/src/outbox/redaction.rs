//! Cutting the secret (activation or reset link token, SMS code) out of messages some hours
//! after delivery: the recipient has had it, the link or code has expired, and a copy kept in
//! clear would let anyone who reads the database (or a backup) use or replay it. Runs from the
//! housekeeping task; `APP_OUTBOX_REDACT_AFTER_HOURS` (24 in production, off in dev so that the
//! dev mailbox keeps its links).

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;

use super::store::finished_before;
use crate::db::schema::outbox;
use crate::db::{timestamp, Db, DbConnection};
use crate::redact::{cut, secrets_in};

/// Messages redacted per query.
const BATCH: i64 = 200;

/// Redacts every message sent (or given up) `after` or longer before `now` that still holds its
/// secret; returns how many were redacted. `after` of zero means off.
pub async fn run(db: &Db, now: DateTime<Utc>, after_hours: u64) -> anyhow::Result<usize> {
    if after_hours == 0 {
        return Ok(0);
    }
    let now = timestamp(now);
    let before = now - Duration::hours(after_hours as i64);
    db.run(move |conn| Ok(redact_before(conn, before, now)?))
        .await
        .map_err(|e| anyhow::anyhow!("redacting the outbox failed: {e}"))
}

/// Redacts the messages sent at or before `before` (and those given up, created at or before
/// it) whose body is still whole, stamping them `now`.
pub fn redact_before(
    conn: &mut DbConnection,
    before: NaiveDateTime,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let mut total = 0;
    loop {
        let rows: Vec<(String, String, Option<String>, Option<String>)> = outbox::table
            .filter(outbox::redacted_at.is_null())
            .filter(finished_before(before))
            .order(outbox::id.asc())
            .limit(BATCH)
            .select((
                outbox::id,
                outbox::body_text,
                outbox::body_html,
                outbox::params,
            ))
            .load(conn)?;
        let count = rows.len();
        for (id, text, html, params) in rows {
            let parsed = params.as_deref().and_then(|p| serde_json::from_str(p).ok());
            let mut secrets = secrets_in(&text, parsed.as_ref());
            secrets.extend(
                html.as_deref()
                    .map_or_else(Vec::new, |h| secrets_in(h, None)),
            );
            diesel::update(outbox::table.find(&id))
                .set((
                    outbox::body_text.eq(cut(&text, &secrets)),
                    outbox::body_html.eq(html.map(|h| cut(&h, &secrets))),
                    outbox::params.eq(params.map(|p| cut(&p, &secrets))),
                    outbox::redacted_at.eq(now),
                ))
                .execute(conn)?;
        }
        total += count;
        if (count as i64) < BATCH {
            return Ok(total);
        }
    }
}

//! The housekeeping task: at start and every 10 minutes it cuts secrets out of delivered outbox
//! messages, removes the bytes of deleted photos, and enforces the retention periods of personal
//! data (`APP_CLOSED_ACCOUNT_GRACE_DAYS`, `APP_RETAIN_*`; docs/PRIVACY.md lists each with its
//! purpose). Every delete runs in batches of [`BATCH`] rows, each its own short statement or
//! transaction, so one round never holds a long lock.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde_json::json;

use crate::accounts::AccountStatus;
use crate::audit::{self, AuditKey};
use crate::clock::Clock;
use crate::config::RetentionSettings;
use crate::db::schema::{
    abandoned_registration_tokens, account_tokens, accounts, audit_events, collation_requests,
    identity_submissions, lockouts, outbox, rate_events, refresh_tokens, sessions, sms_codes,
};
use crate::db::{timestamp, write_transaction, Db, DbConnection};
use crate::privacy::closing;
use crate::ratelimit::counter;

/// Rows deleted per statement.
pub const BATCH: i64 = 500;

/// How many rows one retention round removed (or, for closed accounts, erased), by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Purged {
    pub closed_accounts_erased: usize,
    pub unfinished_registrations: usize,
    pub spent_tokens: usize,
    pub ended_sessions: usize,
    pub expired_refresh_tokens: usize,
    pub outbox_messages: usize,
    pub sms_codes: usize,
    pub login_records: usize,
    pub identity_submissions: usize,
    pub recovery_attempts: usize,
}

impl Purged {
    /// Whether nothing was removed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Runs `step` (which removes at most [`BATCH`] rows and says how many) until a batch comes
/// back short; returns the total.
fn in_batches(
    conn: &mut DbConnection,
    mut step: impl FnMut(&mut DbConnection) -> QueryResult<usize>,
) -> QueryResult<usize> {
    let mut total = 0;
    loop {
        let n = step(conn)?;
        total += n;
        if (n as i64) < BATCH {
            return Ok(total);
        }
    }
}

fn days_before(now: NaiveDateTime, days: u64) -> NaiveDateTime {
    now - Duration::days(days as i64)
}

/// Enforces every retention period at `now` (see [`RetentionSettings`]).
pub fn enforce_retention(
    conn: &mut DbConnection,
    key: &AuditKey,
    now: NaiveDateTime,
    rt: &RetentionSettings,
) -> QueryResult<Purged> {
    Ok(Purged {
        closed_accounts_erased: closing::erase_due(conn, key, now, rt.closed_account_grace_days)?,
        unfinished_registrations: unfinished_registrations(
            conn,
            key,
            now,
            days_before(now, rt.unfinished_registration_days),
        )?,
        spent_tokens: spent_tokens(conn, days_before(now, rt.spent_token_days))?,
        expired_refresh_tokens: expired_refresh_tokens(
            conn,
            days_before(now, rt.ended_session_days),
        )?,
        ended_sessions: ended_sessions(conn, days_before(now, rt.ended_session_days))?,
        outbox_messages: outbox_messages(conn, days_before(now, rt.outbox_days))?,
        sms_codes: old_sms_codes(conn, days_before(now, rt.sms_code_days))?,
        login_records: login_records(conn, days_before(now, rt.login_record_days))?,
        identity_submissions: old_identity_submissions(
            conn,
            days_before(now, rt.identity_submission_days),
        )?,
        recovery_attempts: in_batches(conn, |conn| {
            crate::recovery::store::prune(conn, days_before(now, rt.recovery_attempt_days), BATCH)
        })?,
        // Report lookups (when their table exists) get their period here, the same way.
    })
}

/// Deletes accounts that were never activated or never finished registering and have not
/// changed since `before`, with their tokens, codes and attempts (by cascade). An account that
/// ever completed its registration (support may have sent it back to the real-name step) or
/// filed a photo report is never one of them. One audit event each, without the email.
fn unfinished_registrations(
    conn: &mut DbConnection,
    key: &AuditKey,
    now: NaiveDateTime,
    before: NaiveDateTime,
) -> QueryResult<usize> {
    in_batches(conn, |conn| {
        write_transaction(conn, |conn| {
            let completed = audit_events::table
                .filter(audit_events::target_type.eq("account"))
                .filter(audit_events::target_id.eq(accounts::id))
                .filter(audit_events::action.eq("account.registration_completed"));
            let reported =
                collation_requests::table.filter(collation_requests::account_id.eq(accounts::id));
            let due: Vec<(String, String)> = accounts::table
                .filter(accounts::status.eq_any([
                    AccountStatus::PendingActivation.as_str(),
                    AccountStatus::Activated.as_str(),
                ]))
                .filter(accounts::closed_at.is_null())
                .filter(accounts::updated_at.le(before))
                .filter(diesel::dsl::not(diesel::dsl::exists(completed)))
                .filter(diesel::dsl::not(diesel::dsl::exists(reported)))
                .order(accounts::updated_at.asc())
                .limit(BATCH)
                .select((accounts::id, accounts::status))
                .load(conn)?;
            let ids: Vec<&str> = due.iter().map(|(id, _)| id.as_str()).collect();
            diesel::delete(accounts::table.filter(accounts::id.eq_any(&ids))).execute(conn)?;
            for (id, status) in &due {
                audit::record(
                    conn,
                    key,
                    now,
                    audit::Event {
                        before: Some(json!({"status": status})),
                        ..audit::Event::by_system(
                            "account.unfinished_registration_deleted",
                            "account",
                            id,
                        )
                    },
                )?;
            }
            Ok(due.len())
        })
    })
}

/// One-time links (activation, reset) and abandoned registration tokens that expired before
/// `before`: used or not, they open nothing any more.
fn spent_tokens(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    let links = in_batches(conn, |conn| {
        let hashes: Vec<String> = account_tokens::table
            .filter(account_tokens::expires_at.le(before))
            .limit(BATCH)
            .select(account_tokens::token_hash)
            .load(conn)?;
        diesel::delete(account_tokens::table.filter(account_tokens::token_hash.eq_any(&hashes)))
            .execute(conn)
    })?;
    let abandoned = in_batches(conn, |conn| {
        let hashes: Vec<String> = abandoned_registration_tokens::table
            .filter(abandoned_registration_tokens::expires_at.le(before))
            .limit(BATCH)
            .select(abandoned_registration_tokens::token_hash)
            .load(conn)?;
        diesel::delete(
            abandoned_registration_tokens::table
                .filter(abandoned_registration_tokens::token_hash.eq_any(&hashes)),
        )
        .execute(conn)
    })?;
    Ok(links + abandoned)
}

/// Refresh tokens that expired before `before`: a token past its expiry is refused whether or
/// not it is still stored, so deleting it changes no answer.
fn expired_refresh_tokens(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    in_batches(conn, |conn| {
        let hashes: Vec<String> = refresh_tokens::table
            .filter(refresh_tokens::expires_at.le(before))
            .limit(BATCH)
            .select(refresh_tokens::token_hash)
            .load(conn)?;
        diesel::delete(refresh_tokens::table.filter(refresh_tokens::token_hash.eq_any(&hashes)))
            .execute(conn)
    })
}

/// Sessions that ended (revoked, or past their absolute end) before `before`, with their
/// refresh tokens (by cascade).
fn ended_sessions(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    in_batches(conn, |conn| {
        let ids: Vec<String> = sessions::table
            .filter(
                sessions::revoked_at
                    .le(before)
                    .or(sessions::expires_at.le(before)),
            )
            .limit(BATCH)
            .select(sessions::id)
            .load(conn)?;
        diesel::delete(sessions::table.filter(sessions::id.eq_any(&ids))).execute(conn)
    })
}

/// Messages delivered (or given up) before `before`, with their delivery attempts (by
/// cascade). Messages still waiting are never deleted.
fn outbox_messages(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    in_batches(conn, |conn| {
        let ids: Vec<String> = outbox::table
            .filter(
                outbox::status
                    .eq("sent")
                    .and(outbox::sent_at.le(before))
                    .or(outbox::status
                        .eq("failed")
                        .and(outbox::created_at.le(before))),
            )
            .limit(BATCH)
            .select(outbox::id)
            .load(conn)?;
        diesel::delete(outbox::table.filter(outbox::id.eq_any(&ids))).execute(conn)
    })
}

/// SMS codes sent before `before` (they hold the phone number).
fn old_sms_codes(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    in_batches(conn, |conn| {
        let ids: Vec<String> = sms_codes::table
            .filter(sms_codes::created_at.le(before))
            .limit(BATCH)
            .select(sms_codes::id)
            .load(conn)?;
        diesel::delete(sms_codes::table.filter(sms_codes::id.eq_any(&ids))).execute(conn)
    })
}

/// Rate-limit events (failed logins, requests per IP…) and per-minute counters from before
/// `before`, and lockouts that ended before it: no window counts them any more.
fn login_records(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    let events = in_batches(conn, |conn| {
        let ids: Vec<i64> = rate_events::table
            .filter(rate_events::occurred_at.lt(before))
            .limit(BATCH)
            .select(rate_events::id)
            .load(conn)?;
        diesel::delete(rate_events::table.filter(rate_events::id.eq_any(&ids))).execute(conn)
    })?;
    let counters = in_batches(conn, |conn| counter::prune(conn, before, BATCH))?;
    // Lockouts are one row per (bucket, subject): few, and deleted in one short statement.
    let locks =
        diesel::delete(lockouts::table.filter(lockouts::locked_until.lt(before))).execute(conn)?;
    Ok(events + counters + locks)
}

/// Name/ID pairs submitted before `before` (hashes, but of a person's name and ID number).
fn old_identity_submissions(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    // Batched by owner (the key is a pair): each statement touches at most BATCH accounts' rows.
    let mut total = 0;
    loop {
        let owners: Vec<String> = identity_submissions::table
            .filter(identity_submissions::submitted_at.le(before))
            .select(identity_submissions::account_id)
            .distinct()
            .limit(BATCH)
            .load(conn)?;
        total += diesel::delete(
            identity_submissions::table
                .filter(identity_submissions::account_id.eq_any(&owners))
                .filter(identity_submissions::submitted_at.le(before)),
        )
        .execute(conn)?;
        if (owners.len() as i64) < BATCH {
            return Ok(total);
        }
    }
}

/// What one housekeeping round needs.
#[derive(Clone)]
pub struct Housekeeping {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub photos: Arc<dyn crate::storage::PhotoStore>,
    pub audit_key: Arc<AuditKey>,
    pub redact_after_hours: u64,
    pub retention: RetentionSettings,
}

impl Housekeeping {
    /// Starts the task: one round now, then one every 10 minutes.
    pub fn spawn(self) {
        tokio::spawn(async move {
            loop {
                self.round().await;
                tokio::time::sleep(StdDuration::from_secs(600)).await;
            }
        });
    }

    /// One round; failures are logged and the next round tries again.
    pub async fn round(&self) {
        let now = self.clock.now();
        match crate::outbox::redaction::run(&self.db, now, self.redact_after_hours).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(messages = n, "redacted delivered outbox messages"),
            Err(e) => tracing::warn!(error = %e, "redacting the outbox failed"),
        }
        if let Err(e) = crate::images::sweep::sweep(&self.db, self.photos.as_ref(), now).await {
            tracing::warn!(error = %e, "sweeping deleted photos failed");
        }
        match retention(&self.db, &self.audit_key, now, &self.retention).await {
            Ok(purged) if purged.is_empty() => {}
            Ok(purged) => tracing::info!(?purged, "retention periods enforced"),
            Err(e) => tracing::warn!(error = %e, "enforcing retention periods failed"),
        }
    }
}

/// [`enforce_retention`] on a pooled connection.
pub async fn retention(
    db: &Db,
    key: &Arc<AuditKey>,
    now: DateTime<Utc>,
    rt: &RetentionSettings,
) -> Result<Purged, crate::error::AppError> {
    let (key, rt, now) = (key.clone(), rt.clone(), timestamp(now));
    db.run(move |conn| Ok(enforce_retention(conn, &key, now, &rt)?))
        .await
}

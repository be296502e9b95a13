//! Closing an account (注销账号) and, after the grace period, erasing its personal fields: the
//! right to erasure, which reaches into every capability that holds something of the student.
//!
//! Closing happens in one transaction: every session ends, every verification report is revoked,
//! open photo reports are withdrawn, one-time links die, the email and phone are released (the
//! `email` column gets a tombstone, so the address registers anew at once) and the account is
//! marked closed. The row stays as a tombstone so that audit events, reports and photo requests
//! that name it stay valid. `APP_CLOSED_ACCOUNT_GRACE_DAYS` later the housekeeping task erases
//! the name, ID number, phone, former email and password hash ([`erase_due`]). Enrollment and
//! degree records belong to the school and are not touched.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;

use crate::accounts::service::{check_own_password, OwnPassword};
use crate::accounts::store as accounts;
use crate::audit::{self, AuditKey};
use crate::auth::hash_pool::HashPool;
use crate::context::Ctx;
use crate::db::schema::collation_requests;
use crate::db::{write_transaction, Db, DbConnection};
use crate::error::AppError;

/// Guards one account's closure, so a double click closes it once with one audit event.
const CLOSURE_GUARD: &str = "account_closure";

/// Accounts erased per transaction, so one housekeeping round never holds a long lock.
const ERASE_BATCH: i64 = 100;

/// A closed account: when it closed and when its personal fields will be erased.
#[derive(Debug, Clone)]
pub struct Closed {
    pub closed_at: NaiveDateTime,
    pub erased_after: NaiveDateTime,
}

/// The tombstone that replaces a closed account's email: unique (it holds the account id), not
/// anyone's address, and free of personal data.
pub fn tombstone_email(account_id: &str) -> String {
    format!("closed-{account_id}@closed.invalid")
}

/// Closes the logged-in account after checking its password under the login guard: a wrong
/// password counts toward the same lockout as a wrong login, and a locked account is refused
/// (429) before any check, so a stolen access token cannot close the account or guess with it.
pub async fn close(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    account_id: String,
    password: String,
) -> Result<Closed, AppError> {
    let account =
        check_own_password(db, hashes, &ctx, account_id, password, OwnPassword::Closure).await?;
    db.run(move |conn| close_now(conn, &ctx, &account.id)).await
}

/// The closure itself, in one transaction (see the module documentation).
fn close_now(conn: &mut DbConnection, ctx: &Ctx, account_id: &str) -> Result<Closed, AppError> {
    let grace = Duration::days(ctx.config.retention.closed_account_grace_days as i64);
    write_transaction(conn, |conn| {
        crate::ratelimit::guard(conn, CLOSURE_GUARD, account_id)?;
        let account = accounts::get(conn, account_id)?;
        if let Some(closed_at) = account.closed_at {
            // Closed by a request that ran at the same moment: the same answer, nothing twice.
            return Ok(Closed {
                closed_at,
                erased_after: closed_at + grace,
            });
        }
        let now = ctx.ts();
        let sessions_revoked =
            accounts::revoke_sessions_of(conn, account_id, None, "account_closed", now)?;
        let reports_revoked = crate::records::store::revoke_reports_of(conn, account_id, now)?;
        let withdrawn = crate::images::collation::withdraw_open_of(conn, account_id, now)?;
        delete_links_of(conn, account_id)?;
        accounts::close(conn, &account, &tombstone_email(account_id), now)?;
        let erased_after = now + grace;
        // No email, phone, name or ID number here: the audit log is kept for good, so it must
        // not hold what the closure promises to erase.
        crate::accounts::service::audit_own(
            conn,
            ctx,
            account_id,
            "account.closed",
            None,
            Some(json!({
                "sessions_revoked": sessions_revoked,
                "reports_revoked": reports_revoked,
                "collation_requests_withdrawn": withdrawn,
                "erased_after": erased_after.and_utc().to_rfc3339(),
            })),
        )?;
        Ok(Closed {
            closed_at: now,
            erased_after,
        })
    })
}

/// Deletes the account's one-time links (activation, password reset, 找回账号 attempts with
/// their links) and the registration tokens it gave up: a closed account can be neither
/// activated, reset nor recovered.
fn delete_links_of(conn: &mut DbConnection, account_id: &str) -> QueryResult<()> {
    accounts::delete_links_of(conn, account_id)?;
    crate::recovery::store::delete_of(conn, account_id)
}

/// Erases the personal fields of every account closed at or before `now - grace_days` and not
/// erased yet, in batches of [`ERASE_BATCH`] accounts per transaction; returns how many. What
/// stays is a tombstone: the id, the tombstone email, the status and the dates.
pub fn erase_due(
    conn: &mut DbConnection,
    key: &AuditKey,
    now: NaiveDateTime,
    grace_days: u64,
) -> QueryResult<usize> {
    let before = now - Duration::days(grace_days as i64);
    let mut total = 0;
    loop {
        let batch = write_transaction(conn, |conn| {
            let due = accounts::closed_unerased(conn, before, ERASE_BATCH)?;
            for (id, closed_at) in &due {
                erase_one(conn, key, now, id, *closed_at)?;
            }
            Ok::<_, diesel::result::Error>(due.len())
        })?;
        total += batch;
        if (batch as i64) < ERASE_BATCH {
            return Ok(total);
        }
    }
}

fn erase_one(
    conn: &mut DbConnection,
    key: &AuditKey,
    now: NaiveDateTime,
    id: &str,
    closed_at: NaiveDateTime,
) -> QueryResult<()> {
    // The account's fields and ended sessions; real-name attempts (hashes of name/ID pairs) and
    // SMS codes (which hold the phone); the lookups of its revoked reports; its links: nothing of
    // them is needed once the account is a tombstone.
    accounts::erase_closed(conn, id, now)?;
    crate::identity::store::delete_attempts_of(conn, id)?;
    super::store::delete_lookups_of(conn, id)?;
    delete_links_of(conn, id)?;
    // What the student wrote in photo reports may name them; the reports stay for the school.
    // (The photo capability has no query for this yet, so it stays here.)
    diesel::update(collation_requests::table.filter(collation_requests::account_id.eq(id)))
        .set(collation_requests::message.eq(None::<String>))
        .execute(conn)?;
    audit::record(
        conn,
        key,
        now,
        audit::Event {
            after: Some(json!({"closed_at": closed_at.and_utc().to_rfc3339()})),
            ..audit::Event::by_system("account.erased", "account", id)
        },
    )
}

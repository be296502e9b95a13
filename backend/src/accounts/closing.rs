//! Closing an account (注销账号) and, after the grace period, erasing its personal fields.
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

use super::service::LOGIN_FAILURE_ACCOUNT;
use super::store;
use crate::audit::{self, AuditKey};
use crate::auth::hash_pool::HashPool;
use crate::auth::login_guard;
use crate::context::Ctx;
use crate::db::schema::{
    abandoned_registration_tokens, account_recoveries, account_tokens, accounts,
    collation_requests, identity_submissions, report_lookups, sessions, sms_codes,
    verification_reports,
};
use crate::db::{write_transaction, Db, DbConnection};
use crate::error::{AppError, FieldError, Text};

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

/// Checks the request before any password work: the password is present and the closure is
/// confirmed explicitly; both problems are reported at once.
pub fn validate(password: &str, confirm: bool) -> Result<(), AppError> {
    let mut errors = Vec::new();
    if password.is_empty() {
        errors.push(FieldError::new(
            "password",
            "password_required",
            Text::new("请填写当前密码。", "Enter your current password."),
        ));
    }
    if !confirm {
        errors.push(FieldError::new(
            "confirm",
            "confirmation_required",
            Text::new(
                "请勾选确认：我已了解注销后账号无法恢复。",
                "Tick the box to confirm that a closed account cannot be restored.",
            ),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::validation(errors))
    }
}

fn password_incorrect() -> AppError {
    AppError::validation(vec![FieldError::new(
        "password",
        "password_incorrect",
        Text::new("密码不正确。", "The password is not correct."),
    )])
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
    let (c, p) = (ctx.clone(), password.clone());
    let (account, attempt) = db
        .run(move |conn| {
            let account = store::get(conn, &account_id)?;
            let attempt = login_guard::admit(conn, &c, LOGIN_FAILURE_ACCOUNT, &account.email, &p)?;
            Ok((account, attempt))
        })
        .await?;
    let stored = Some(account.password_hash.clone());
    let right = login_guard::password_matches(db, hashes, &attempt, stored, password).await?;
    let c = ctx.clone();
    let id = account.id.clone();
    db.run(move |conn| {
        if right {
            return login_guard::succeeded(conn, &attempt);
        }
        let (_, locked_until) = login_guard::failed(conn, &c, &attempt)?;
        if let Some(until) = locked_until {
            audit::record(
                conn,
                &c.audit_key,
                c.ts(),
                audit::Event {
                    actor_id: Some(&id),
                    actor_role: "student",
                    action: "account.locked",
                    target_type: "account",
                    target_id: &id,
                    after: Some(json!({"locked_until": until.and_utc().to_rfc3339(), "via": "account_closure"})),
                    request_id: c.request_id.as_deref(),
                    ..Default::default()
                },
            )?;
        }
        Ok(())
    })
    .await?;
    if !right {
        return Err(password_incorrect());
    }
    db.run(move |conn| close_now(conn, &ctx, &account.id)).await
}

/// The closure itself, in one transaction (see the module documentation).
fn close_now(conn: &mut DbConnection, ctx: &Ctx, account_id: &str) -> Result<Closed, AppError> {
    let grace = Duration::days(ctx.config.retention.closed_account_grace_days as i64);
    write_transaction(conn, |conn| {
        crate::ratelimit::guard(conn, CLOSURE_GUARD, account_id)?;
        let account = store::get(conn, account_id)?;
        if let Some(closed_at) = account.closed_at {
            // Closed by a request that ran at the same moment: the same answer, nothing twice.
            return Ok(Closed {
                closed_at,
                erased_after: closed_at + grace,
            });
        }
        let now = ctx.ts();
        let sessions_revoked =
            store::revoke_sessions_of(conn, account_id, None, "account_closed", now)?;
        let reports_revoked = crate::records::store::revoke_reports_of(conn, account_id, now)?;
        let withdrawn = crate::images::collation::withdraw_open_of(conn, account_id, now)?;
        delete_links_of(conn, account_id)?;
        diesel::update(accounts::table.find(account_id))
            .set((
                accounts::email.eq(tombstone_email(account_id)),
                accounts::closed_email.eq(&account.email),
                accounts::phone.eq(None::<String>),
                accounts::closed_phone.eq(&account.phone),
                accounts::status.eq(super::AccountStatus::Disabled.as_str()),
                accounts::closed_at.eq(now),
                accounts::updated_at.eq(now),
            ))
            .execute(conn)?;
        let erased_after = now + grace;
        // No email, phone, name or ID number here: the audit log is kept for good, so it must
        // not hold what the closure promises to erase.
        audit::record(
            conn,
            &ctx.audit_key,
            now,
            audit::Event {
                actor_id: Some(account_id),
                actor_role: "student",
                action: "account.closed",
                target_type: "account",
                target_id: account_id,
                after: Some(json!({
                    "sessions_revoked": sessions_revoked,
                    "reports_revoked": reports_revoked,
                    "collation_requests_withdrawn": withdrawn,
                    "erased_after": erased_after.and_utc().to_rfc3339(),
                })),
                request_id: ctx.request_id.as_deref(),
                ..Default::default()
            },
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
    diesel::delete(account_tokens::table.filter(account_tokens::account_id.eq(account_id)))
        .execute(conn)?;
    diesel::delete(account_recoveries::table.filter(account_recoveries::account_id.eq(account_id)))
        .execute(conn)?;
    diesel::delete(
        abandoned_registration_tokens::table
            .filter(abandoned_registration_tokens::account_id.eq(account_id)),
    )
    .execute(conn)?;
    Ok(())
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
            let due: Vec<(String, NaiveDateTime)> = accounts::table
                .filter(accounts::closed_at.le(before))
                .filter(accounts::erased_at.is_null())
                .order(accounts::closed_at.asc())
                .limit(ERASE_BATCH)
                .select((accounts::id, accounts::closed_at.assume_not_null()))
                .load(conn)?;
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
    diesel::update(accounts::table.find(id))
        .set((
            accounts::name.eq(None::<String>),
            accounts::id_number.eq(None::<String>),
            accounts::phone.eq(None::<String>),
            accounts::phone_verified_at.eq(None::<NaiveDateTime>),
            accounts::closed_email.eq(None::<String>),
            accounts::closed_phone.eq(None::<String>),
            // No hash verifies against an empty string.
            accounts::password_hash.eq(""),
            accounts::erased_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    // Real-name attempts (hashes of name/ID pairs), SMS codes (which hold the phone), ended
    // sessions and links: nothing of them is needed once the account is a tombstone.
    diesel::delete(identity_submissions::table.filter(identity_submissions::account_id.eq(id)))
        .execute(conn)?;
    diesel::delete(sms_codes::table.filter(sms_codes::account_id.eq(id))).execute(conn)?;
    diesel::delete(sessions::table.filter(sessions::account_id.eq(id))).execute(conn)?;
    // When each of its (revoked) reports was looked up is about the student and nobody else.
    diesel::delete(
        report_lookups::table.filter(
            report_lookups::report_code.eq_any(
                verification_reports::table
                    .filter(verification_reports::account_id.eq(id))
                    .select(verification_reports::code),
            ),
        ),
    )
    .execute(conn)?;
    delete_links_of(conn, id)?;
    // What the student wrote in photo reports may name them; the reports stay for the school.
    diesel::update(collation_requests::table.filter(collation_requests::account_id.eq(id)))
        .set(collation_requests::message.eq(None::<String>))
        .execute(conn)?;
    audit::record(
        conn,
        key,
        now,
        audit::Event {
            actor_role: "system",
            action: "account.erased",
            target_type: "account",
            target_id: id,
            after: Some(json!({"closed_at": closed_at.and_utc().to_rfc3339()})),
            ..Default::default()
        },
    )
}

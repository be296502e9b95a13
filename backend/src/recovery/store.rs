//! Queries of 找回账号.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::accounts::store::Account;
use crate::accounts::AccountStatus;
use crate::db::schema::{account_recoveries as r, accounts};
use crate::db::DbConnection;

/// Lost mailbox.
pub const EMAIL: &str = "email";
/// Lost phone.
pub const PHONE: &str = "phone";
/// Lost both: recorded by support.
pub const SUPPORT: &str = "support";

/// A stored recovery attempt.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = r)]
pub struct Recovery {
    pub id: String,
    pub kind: String,
    pub account_id: Option<String>,
    pub phone: Option<String>,
    pub code_hash: Option<String>,
    pub code_expires_at: Option<NaiveDateTime>,
    pub failed_attempts: i32,
    pub new_email: Option<String>,
    pub clear_phone: bool,
    pub link_expires_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
    pub voided_at: Option<NaiveDateTime>,
}

/// A recovery attempt about to be stored.
#[derive(Debug, Default, Insertable)]
#[diesel(table_name = r)]
pub struct NewRecovery<'a> {
    pub id: &'a str,
    pub kind: &'a str,
    pub account_id: Option<&'a str>,
    pub lookup_hash: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub code_hash: Option<&'a str>,
    pub code_expires_at: Option<NaiveDateTime>,
    pub new_email: Option<&'a str>,
    pub clear_phone: bool,
    pub link_hash: Option<&'a str>,
    pub link_expires_at: Option<NaiveDateTime>,
    pub evidence_kind: Option<&'a str>,
    pub evidence_note: Option<&'a str>,
    pub staff_id: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub completed_at: Option<NaiveDateTime>,
}

/// Stores a recovery attempt.
pub fn insert(conn: &mut DbConnection, new: &NewRecovery) -> QueryResult<()> {
    diesel::insert_into(r::table)
        .values(new)
        .execute(conn)
        .map(|_| ())
}

/// The complete, active account with exactly this name, ID number and confirmed phone.
pub fn find_owner(
    conn: &mut DbConnection,
    name: &str,
    id_number: &str,
    phone: &str,
) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::name.eq(name))
        .filter(accounts::id_number.eq(id_number))
        .filter(accounts::phone.eq(phone))
        .filter(accounts::phone_verified_at.is_not_null())
        .filter(accounts::status.eq(AccountStatus::Active.as_str()))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// Another account whose confirmed phone is `phone`.
pub fn phone_holder(
    conn: &mut DbConnection,
    phone: &str,
    except: &str,
) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::phone.eq(phone))
        .filter(accounts::phone_verified_at.is_not_null())
        .filter(accounts::id.ne(except))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// The newest lost-mailbox attempt for these details that still waits for its code.
pub fn waiting_for_code(
    conn: &mut DbConnection,
    lookup_hash: &str,
) -> QueryResult<Option<Recovery>> {
    r::table
        .filter(r::kind.eq(EMAIL))
        .filter(r::lookup_hash.eq(lookup_hash))
        .filter(r::link_hash.is_null())
        .filter(r::completed_at.is_null())
        .filter(r::voided_at.is_null())
        .order((r::created_at.desc(), r::id.desc()))
        .select(Recovery::as_select())
        .first(conn)
        .optional()
}

/// Counts one more wrong-or-right try at the attempt's code unless it had `max` already; the
/// tries so far, or `None` when none was left. Run it under the attempt's guard.
pub fn take_try(conn: &mut DbConnection, id: &str, max: i32) -> QueryResult<Option<i32>> {
    let tried: i32 = r::table.find(id).select(r::failed_attempts).first(conn)?;
    if tried >= max {
        return Ok(None);
    }
    diesel::update(r::table.find(id))
        .set(r::failed_attempts.eq(tried + 1))
        .execute(conn)?;
    Ok(Some(tried + 1))
}

/// Makes the attempt void (too many wrong codes, or superseded).
pub fn void(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(r::table.find(id).filter(r::voided_at.is_null()))
        .set(r::voided_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

/// Voids every open attempt of the account except `keep`.
pub fn void_open_of(
    conn: &mut DbConnection,
    account_id: &str,
    keep: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        r::table
            .filter(r::account_id.eq(account_id))
            .filter(r::id.ne(keep))
            .filter(r::completed_at.is_null())
            .filter(r::voided_at.is_null()),
    )
    .set(r::voided_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

/// Turns a proven code into a link to the new email, once: false when the code was used already.
pub fn set_link(
    conn: &mut DbConnection,
    id: &str,
    new_email: &str,
    link_hash: &str,
    link_expires_at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        r::table
            .find(id)
            .filter(r::link_hash.is_null())
            .filter(r::voided_at.is_null()),
    )
    .set((
        r::new_email.eq(new_email),
        r::link_hash.eq(link_hash),
        r::link_expires_at.eq(link_expires_at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The attempt of one of `kinds` whose link has this hash.
pub fn find_by_link(
    conn: &mut DbConnection,
    link_hash: &str,
    kinds: &[&str],
) -> QueryResult<Option<Recovery>> {
    r::table
        .filter(r::link_hash.eq(link_hash))
        .filter(r::kind.eq_any(kinds))
        .select(Recovery::as_select())
        .first(conn)
        .optional()
}

/// Marks the attempt done, once: false when it was already done or void.
pub fn complete(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        r::table
            .find(id)
            .filter(r::completed_at.is_null())
            .filter(r::voided_at.is_null()),
    )
    .set(r::completed_at.eq(now))
    .execute(conn)?;
    Ok(n == 1)
}

/// Deletes at most `limit` attempts made before `before` (decoys, finished and void ones alike);
/// the housekeeping task calls it in batches.
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime, limit: i64) -> QueryResult<usize> {
    let old = r::table
        .filter(r::created_at.lt(before))
        .select(r::id)
        .limit(limit)
        .load::<String>(conn)?;
    diesel::delete(r::table.filter(r::id.eq_any(&old))).execute(conn)
}

/// Deletes every 找回账号 attempt of an account, with its links (a closed account cannot be
/// recovered).
pub fn delete_of(conn: &mut DbConnection, account_id: &str) -> QueryResult<()> {
    diesel::delete(r::table.filter(r::account_id.eq(account_id)))
        .execute(conn)
        .map(|_| ())
}

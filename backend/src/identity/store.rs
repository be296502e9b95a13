//! Queries of the registration steps.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{
    account_recoveries, accounts, degrees, enrollments, identity_submissions, sms_codes,
};
use crate::db::DbConnection;

/// Whether enrollment (not revoked) or degree records carry exactly this name and ID number.
pub fn records_exist(conn: &mut DbConnection, name: &str, id_number: &str) -> QueryResult<bool> {
    let enrolled: i64 = enrollments::table
        .filter(enrollments::id_number.eq(id_number))
        .filter(enrollments::name.eq(name))
        .filter(enrollments::status.ne(crate::records::store::REVOKED))
        .count()
        .get_result(conn)?;
    if enrolled > 0 {
        return Ok(true);
    }
    let graduated: i64 = degrees::table
        .filter(degrees::id_number.eq(id_number))
        .filter(degrees::name.eq(name))
        .count()
        .get_result(conn)?;
    Ok(graduated > 0)
}

/// Whether another completed account holds this ID number.
pub fn id_number_taken(
    conn: &mut DbConnection,
    id_number: &str,
    except_account: &str,
) -> QueryResult<bool> {
    Ok(crate::accounts::store::active_holder_of(conn, id_number, except_account)?.is_some())
}

/// Whether the account submitted this name/ID pair before (and it was answered).
pub fn submitted_before(
    conn: &mut DbConnection,
    account_id: &str,
    pair_hash: &str,
) -> QueryResult<bool> {
    let seen: i64 = identity_submissions::table
        .filter(identity_submissions::account_id.eq(account_id))
        .filter(identity_submissions::pair_hash.eq(pair_hash))
        .count()
        .get_result(conn)?;
    Ok(seen > 0)
}

/// Remembers a name/ID pair the account submitted and was let through.
pub fn note_submission(
    conn: &mut DbConnection,
    account_id: &str,
    pair_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(identity_submissions::table)
        .values((
            identity_submissions::account_id.eq(account_id),
            identity_submissions::pair_hash.eq(pair_hash),
            identity_submissions::submitted_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Distinct pairs the account submitted after `since`, and the oldest of them.
pub fn submissions_since(
    conn: &mut DbConnection,
    account_id: &str,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    let recent = identity_submissions::table
        .filter(identity_submissions::account_id.eq(account_id))
        .filter(identity_submissions::submitted_at.gt(since));
    let count = recent.count().get_result(conn)?;
    let oldest = recent
        .select(diesel::dsl::min(identity_submissions::submitted_at))
        .first(conn)?;
    Ok((count, oldest))
}

/// A stored SMS code.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sms_codes)]
pub struct SmsCode {
    pub id: String,
    pub code_hash: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub failed_attempts: i32,
    pub used_at: Option<NaiveDateTime>,
}

/// Stores a new code.
pub fn insert_code(
    conn: &mut DbConnection,
    account_id: &str,
    phone: &str,
    hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sms_codes::table)
        .values((
            sms_codes::id.eq(uuid::Uuid::new_v4().to_string()),
            sms_codes::account_id.eq(account_id),
            sms_codes::phone.eq(phone),
            sms_codes::code_hash.eq(hash),
            sms_codes::created_at.eq(now),
            sms_codes::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// When the newest code went to the account (if given), and to the phone (recovery codes included).
pub fn last_code_times(
    conn: &mut DbConnection,
    account_id: Option<&str>,
    phone: &str,
) -> QueryResult<(Option<NaiveDateTime>, Option<NaiveDateTime>)> {
    let by_account: Option<NaiveDateTime> = match account_id {
        Some(id) => sms_codes::table
            .filter(sms_codes::account_id.eq(id))
            .select(diesel::dsl::max(sms_codes::created_at))
            .first(conn)?,
        None => None,
    };
    let by_phone: Option<NaiveDateTime> = sms_codes::table
        .filter(sms_codes::phone.eq(phone))
        .select(diesel::dsl::max(sms_codes::created_at))
        .first(conn)?;
    let (recovery_account, recovery_phone) = last_recovery_code_times(conn, account_id, phone)?;
    Ok((
        by_account.max(recovery_account),
        by_phone.max(recovery_phone),
    ))
}

/// When the newest recovery code (see `recovery`) went to the account, and to the phone. Codes of
/// a lost-mailbox attempt that matched nothing count for the phone too, so that the cooldown
/// answers alike whether or not the attempt matched.
fn last_recovery_code_times(
    conn: &mut DbConnection,
    account_id: Option<&str>,
    phone: &str,
) -> QueryResult<(Option<NaiveDateTime>, Option<NaiveDateTime>)> {
    let by_account = match account_id {
        Some(id) => account_recoveries::table
            .filter(account_recoveries::account_id.eq(id))
            .filter(account_recoveries::code_hash.is_not_null())
            .select(diesel::dsl::max(account_recoveries::created_at))
            .first(conn)?,
        None => None,
    };
    let by_phone = account_recoveries::table
        .filter(account_recoveries::phone.eq(phone))
        .filter(account_recoveries::code_hash.is_not_null())
        .select(diesel::dsl::max(account_recoveries::created_at))
        .first(conn)?;
    Ok((by_account, by_phone))
}

/// Whom codes went to: an account, or a phone number.
#[derive(Debug, Clone, Copy)]
pub enum Recipient<'a> {
    Account(&'a str),
    Phone(&'a str),
}

/// Codes sent to `to` after `since` (recovery codes included), and the oldest of them.
pub fn codes_since(
    conn: &mut DbConnection,
    to: Recipient<'_>,
    since: NaiveDateTime,
) -> QueryResult<(i64, Option<NaiveDateTime>)> {
    let recent = || {
        let query = sms_codes::table
            .filter(sms_codes::created_at.gt(since))
            .into_boxed::<crate::db::Backend>();
        match to {
            Recipient::Account(id) => query.filter(sms_codes::account_id.eq(id)),
            Recipient::Phone(phone) => query.filter(sms_codes::phone.eq(phone)),
        }
    };
    let recovery = || {
        let query = account_recoveries::table
            .filter(account_recoveries::created_at.gt(since))
            .filter(account_recoveries::code_hash.is_not_null())
            .into_boxed::<crate::db::Backend>();
        match to {
            Recipient::Account(id) => query.filter(account_recoveries::account_id.eq(id)),
            Recipient::Phone(phone) => query.filter(account_recoveries::phone.eq(phone)),
        }
    };
    let count: i64 = recent().count().get_result(conn)?;
    let oldest: Option<NaiveDateTime> = recent()
        .select(diesel::dsl::min(sms_codes::created_at))
        .first(conn)?;
    let recovery_count: i64 = recovery().count().get_result(conn)?;
    let recovery_oldest: Option<NaiveDateTime> = recovery()
        .select(diesel::dsl::min(account_recoveries::created_at))
        .first(conn)?;
    let oldest = match (oldest, recovery_oldest) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Ok((count + recovery_count, oldest))
}

/// The newest code sent to this account for this phone.
pub fn latest_code(
    conn: &mut DbConnection,
    account_id: &str,
    phone: &str,
) -> QueryResult<Option<SmsCode>> {
    sms_codes::table
        .filter(sms_codes::account_id.eq(account_id))
        .filter(sms_codes::phone.eq(phone))
        .order((sms_codes::created_at.desc(), sms_codes::id.desc()))
        .select(SmsCode::as_select())
        .first(conn)
        .optional()
}

/// Counts one more try at the code unless it had `max` already; returns the tries so far, or
/// `None` when none was left. Run it under the code's guard, so the count read is the latest.
pub fn take_try(conn: &mut DbConnection, code_id: &str, max: i32) -> QueryResult<Option<i32>> {
    let tried: i32 = sms_codes::table
        .find(code_id)
        .select(sms_codes::failed_attempts)
        .first(conn)?;
    if tried >= max {
        return Ok(None);
    }
    diesel::update(sms_codes::table.find(code_id))
        .set(sms_codes::failed_attempts.eq(tried + 1))
        .execute(conn)?;
    Ok(Some(tried + 1))
}

/// Uses the code (once) and confirms the phone on the account.
pub fn confirm_phone(
    conn: &mut DbConnection,
    account_id: &str,
    code_id: &str,
    phone: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let used = diesel::update(
        sms_codes::table
            .find(code_id)
            .filter(sms_codes::used_at.is_null()),
    )
    .set(sms_codes::used_at.eq(now))
    .execute(conn)?;
    if used == 0 {
        return Ok(false);
    }
    diesel::update(accounts::table.find(account_id))
        .set((
            accounts::phone.eq(phone),
            accounts::phone_verified_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Completes the registration: the account becomes active.
pub fn complete(conn: &mut DbConnection, account_id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(
        accounts::table
            .find(account_id)
            .filter(accounts::status.eq("activated")),
    )
    .set((
        accounts::status.eq("active"),
        accounts::completed_at.eq(now),
        accounts::updated_at.eq(now),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Deletes the account's real-name attempts (hashes of name/ID pairs) and SMS codes (which hold
/// the phone), for the erasure of a closed account.
pub fn delete_attempts_of(conn: &mut DbConnection, account_id: &str) -> QueryResult<()> {
    diesel::delete(
        identity_submissions::table.filter(identity_submissions::account_id.eq(account_id)),
    )
    .execute(conn)?;
    diesel::delete(sms_codes::table.filter(sms_codes::account_id.eq(account_id))).execute(conn)?;
    Ok(())
}

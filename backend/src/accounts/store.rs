//! The accounts capability's queries.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::AccountStatus;
use crate::db::schema::{
    abandoned_registration_tokens, account_tokens, accounts, consent_events, refresh_tokens,
    sessions,
};
use crate::db::DbConnection;

/// A stored account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct Account {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub activated_at: Option<NaiveDateTime>,
    pub completed_at: Option<NaiveDateTime>,
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub phone_verified_at: Option<NaiveDateTime>,
    /// When its owner closed it (注销账号); the row stays as a tombstone.
    pub closed_at: Option<NaiveDateTime>,
    /// The privacy notice version the account last agreed to (none: never, or withdrawn).
    pub consent_version: Option<String>,
}

impl Account {
    /// The status as an enum (unknown stored values read as disabled, the safe side); a closed
    /// account is [`AccountStatus::Closed`] whatever its stored status.
    pub fn status(&self) -> AccountStatus {
        if self.closed_at.is_some() {
            return AccountStatus::Closed;
        }
        AccountStatus::parse(&self.status).unwrap_or(AccountStatus::Disabled)
    }
}

/// Inserts a new account waiting for activation.
pub fn insert(
    conn: &mut DbConnection,
    id: &str,
    email: &str,
    password_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(accounts::table)
        .values((
            accounts::id.eq(id),
            accounts::email.eq(email),
            accounts::password_hash.eq(password_hash),
            accounts::status.eq(AccountStatus::PendingActivation.as_str()),
            accounts::created_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The account with this id.
pub fn find_by_id(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Account>> {
    accounts::table
        .find(id)
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// The account with this id, which must exist (`NotFound` otherwise).
pub fn get(conn: &mut DbConnection, id: &str) -> QueryResult<Account> {
    accounts::table
        .find(id)
        .select(Account::as_select())
        .first(conn)
}

/// The account with this (normalised) email.
pub fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::email.eq(email))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// Marks the account activated (the registration continues with the real-name step).
pub fn mark_activated(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::status.eq(AccountStatus::Activated.as_str()),
            accounts::activated_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Replaces the password hash.
pub fn set_password(
    conn: &mut DbConnection,
    id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::password_hash.eq(hash),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Purposes of one-time account tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Activation,
    PasswordReset,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Activation => "activation",
            Self::PasswordReset => "password_reset",
        }
    }
}

/// A stored one-time token.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = account_tokens)]
pub struct AccountToken {
    pub token_hash: String,
    pub account_id: String,
    pub purpose: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

/// Stores the hash of a new one-time token.
pub fn insert_token(
    conn: &mut DbConnection,
    hash: &str,
    account_id: &str,
    purpose: TokenPurpose,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(account_tokens::table)
        .values((
            account_tokens::token_hash.eq(hash),
            account_tokens::account_id.eq(account_id),
            account_tokens::purpose.eq(purpose.as_str()),
            account_tokens::created_at.eq(now),
            account_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The token of `purpose` with this hash.
pub fn find_token(
    conn: &mut DbConnection,
    hash: &str,
    purpose: TokenPurpose,
) -> QueryResult<Option<AccountToken>> {
    account_tokens::table
        .find(hash)
        .filter(account_tokens::purpose.eq(purpose.as_str()))
        .select(AccountToken::as_select())
        .first(conn)
        .optional()
}

/// Marks a token used, only if it was not already; true when this call used it.
pub fn use_token(conn: &mut DbConnection, hash: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        account_tokens::table
            .find(hash)
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok(n == 1)
}

/// Marks every unused token of `purpose` of the account used (e.g. older reset links after a reset).
pub fn use_all_tokens(
    conn: &mut DbConnection,
    account_id: &str,
    purpose: TokenPurpose,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        account_tokens::table
            .filter(account_tokens::account_id.eq(account_id))
            .filter(account_tokens::purpose.eq(purpose.as_str()))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(now))
    .execute(conn)
    .map(|_| ())
}

/// A login session.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: String,
    pub account_id: String,
    pub created_at: NaiveDateTime,
    /// The absolute end of the session, fixed at login.
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    /// Started with 记住我: the longer limits apply.
    pub remember_me: bool,
}

/// A session about to start.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub remember_me: bool,
    pub now: NaiveDateTime,
    /// The absolute end of the session.
    pub expires_at: NaiveDateTime,
}

/// Starts a session with its first refresh token (valid until `refresh_expires_at`).
pub fn insert_session(
    conn: &mut DbConnection,
    session: &NewSession,
    refresh_hash: &str,
    refresh_expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(session.id),
            sessions::account_id.eq(session.account_id),
            sessions::created_at.eq(session.now),
            sessions::expires_at.eq(session.expires_at),
            sessions::remember_me.eq(session.remember_me),
        ))
        .execute(conn)?;
    insert_refresh_token(
        conn,
        refresh_hash,
        session.id,
        session.now,
        refresh_expires_at,
    )
}

/// Adds a refresh token to a session.
pub fn insert_refresh_token(
    conn: &mut DbConnection,
    hash: &str,
    session_id: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::token_hash.eq(hash),
            refresh_tokens::session_id.eq(session_id),
            refresh_tokens::created_at.eq(now),
            refresh_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A refresh token with its session.
#[derive(Debug, Clone)]
pub struct RefreshLookup {
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub session: Session,
}

/// Finds the refresh token with this hash and its session.
pub fn find_refresh_token(
    conn: &mut DbConnection,
    hash: &str,
) -> QueryResult<Option<RefreshLookup>> {
    refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(hash))
        .select((
            refresh_tokens::expires_at,
            refresh_tokens::used_at,
            Session::as_select(),
        ))
        .first::<(NaiveDateTime, Option<NaiveDateTime>, Session)>(conn)
        .optional()
        .map(|row| {
            row.map(|(expires_at, used_at, session)| RefreshLookup {
                expires_at,
                used_at,
                session,
            })
        })
}

/// Marks a refresh token used, only if unused; true when this call used it (so two concurrent
/// refreshes with one token cannot both succeed).
pub fn use_refresh_token(
    conn: &mut DbConnection,
    hash: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        refresh_tokens::table
            .find(hash)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok(n == 1)
}

/// Revokes one session.
pub fn revoke_session(
    conn: &mut DbConnection,
    session_id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        sessions::table
            .find(session_id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(now),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Revokes every session of an account except `keep`; returns how many were revoked.
pub fn revoke_sessions_of(
    conn: &mut DbConnection,
    account_id: &str,
    keep: Option<&str>,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let targets = sessions::table
        .filter(sessions::account_id.eq(account_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::id.ne(keep.unwrap_or("")));
    diesel::update(targets)
        .set((
            sessions::revoked_at.eq(now),
            sessions::revoked_reason.eq(reason),
        ))
        .execute(conn)
}

/// What a request of a live session needs of its account, read with the session check.
#[derive(Debug, Clone, Queryable)]
pub struct LiveAccount {
    /// The privacy-notice version the account agreed to.
    pub consent_version: Option<String>,
    /// The real name, once the real-name step is done.
    pub name: Option<String>,
    /// The ID number, once the real-name step is done.
    pub id_number: Option<String>,
}

impl LiveAccount {
    /// The name and ID number, when the account has both.
    pub fn identity(self) -> Option<(String, String)> {
        Some((self.name?, self.id_number?))
    }
}

/// The account of a session that is neither revoked nor expired, of an active account: one
/// query joining the session and its account.
pub fn live_session(
    conn: &mut DbConnection,
    session_id: &str,
    account_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<LiveAccount>> {
    sessions::table
        .inner_join(accounts::table)
        .filter(sessions::id.eq(session_id))
        .filter(sessions::account_id.eq(account_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(accounts::status.eq(AccountStatus::Active.as_str()))
        .select((
            accounts::consent_version,
            accounts::name,
            accounts::id_number,
        ))
        .first(conn)
        .optional()
}

/// Which accounts support looks for: any of the three, exactly (already normalised).
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub id_number: Option<String>,
}

/// One page of the accounts that match every given field, newest first, and how many match.
pub fn search(
    conn: &mut DbConnection,
    l: &Lookup,
    window: crate::http::pagination::Window,
) -> QueryResult<(Vec<Account>, i64)> {
    let filtered = || {
        let mut q = accounts::table.into_boxed::<crate::db::Backend>();
        if let Some(v) = &l.email {
            q = q.filter(accounts::email.eq(v.clone()));
        }
        if let Some(v) = &l.phone {
            q = q.filter(accounts::phone.eq(v.clone()));
        }
        if let Some(v) = &l.id_number {
            q = q.filter(accounts::id_number.eq(v.clone()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let items = filtered()
        .order((accounts::created_at.desc(), accounts::id.asc()))
        .offset(window.offset())
        .limit(window.limit())
        .select(Account::as_select())
        .load(conn)?;
    Ok((items, total))
}

/// The completed account other than `except` that holds this ID number.
pub fn active_holder_of(
    conn: &mut DbConnection,
    id_number: &str,
    except: &str,
) -> QueryResult<Option<Account>> {
    accounts::table
        .filter(accounts::id_number.eq(id_number))
        .filter(accounts::status.eq(AccountStatus::Active.as_str()))
        .filter(accounts::id.ne(except))
        .select(Account::as_select())
        .first(conn)
        .optional()
}

/// Replaces the real-name details of an account.
pub fn set_identity(
    conn: &mut DbConnection,
    id: &str,
    name: &str,
    id_number: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::name.eq(name),
            accounts::id_number.eq(id_number),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Removes the real-name details of an account; a completed account goes back to the
/// real-name step (its phone stays confirmed).
pub fn detach_identity(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::name.eq(None::<String>),
            accounts::id_number.eq(None::<String>),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(
        accounts::table
            .find(id)
            .filter(accounts::status.eq(AccountStatus::Active.as_str())),
    )
    .set((
        accounts::status.eq(AccountStatus::Activated.as_str()),
        accounts::completed_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Records that a registration token was given up (退出注册); it is refused from now on.
pub fn abandon_registration_token(
    conn: &mut DbConnection,
    token_hash: &str,
    account_id: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(abandoned_registration_tokens::table)
        .values((
            abandoned_registration_tokens::token_hash.eq(token_hash),
            abandoned_registration_tokens::account_id.eq(account_id),
            abandoned_registration_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Whether the registration token with this hash was given up.
pub fn registration_token_abandoned(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<bool> {
    let count: i64 = abandoned_registration_tokens::table
        .find(token_hash)
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// Records that the account agreed to `version` at `at`, and makes it the account's consent.
pub fn give_consent(
    conn: &mut DbConnection,
    account_id: &str,
    version: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(accounts::table.find(account_id))
        .set(accounts::consent_version.eq(version))
        .execute(conn)?;
    diesel::insert_into(consent_events::table)
        .values((
            consent_events::account_id.eq(account_id),
            consent_events::kind.eq("given"),
            consent_events::version.eq(version),
            consent_events::occurred_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Replaces the login email; with `clear_phone` the confirmed phone goes too.
pub fn set_email(
    conn: &mut DbConnection,
    account_id: &str,
    email: &str,
    clear_phone: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(accounts::table.find(account_id))
        .set((accounts::email.eq(email), accounts::updated_at.eq(now)))
        .execute(conn)?;
    if clear_phone {
        self::clear_phone(conn, account_id, now)?;
    }
    Ok(())
}

/// Removes the confirmed phone (the student confirms a new one through the lost-phone path).
pub fn clear_phone(
    conn: &mut DbConnection,
    account_id: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(accounts::table.find(account_id))
        .set((
            accounts::phone.eq(None::<String>),
            accounts::phone_verified_at.eq(None::<NaiveDateTime>),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Marks an account closed (注销账号): the email becomes `tombstone` (so the address registers
/// anew at once), the phone is released, and both are kept aside until the erasure.
pub fn close(
    conn: &mut DbConnection,
    account: &Account,
    tombstone: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::update(accounts::table.find(&account.id))
        .set((
            accounts::email.eq(tombstone),
            accounts::closed_email.eq(&account.email),
            accounts::phone.eq(None::<String>),
            accounts::closed_phone.eq(&account.phone),
            accounts::status.eq(AccountStatus::Disabled.as_str()),
            accounts::closed_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Up to `limit` accounts closed at or before `before` whose personal fields are not erased
/// yet, oldest closure first, with when each closed.
pub fn closed_unerased(
    conn: &mut DbConnection,
    before: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    accounts::table
        .filter(accounts::closed_at.le(before))
        .filter(accounts::erased_at.is_null())
        .order(accounts::closed_at.asc())
        .limit(limit)
        .select((accounts::id, accounts::closed_at.assume_not_null()))
        .load(conn)
}

/// Erases a closed account's personal fields and its sessions, leaving the tombstone: the id,
/// the tombstone email, the status and the dates.
pub fn erase_closed(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> QueryResult<()> {
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
    diesel::delete(sessions::table.filter(sessions::account_id.eq(id))).execute(conn)?;
    Ok(())
}

/// Deletes the account's one-time links (activation, password reset) and the registration
/// tokens it gave up.
pub fn delete_links_of(conn: &mut DbConnection, account_id: &str) -> QueryResult<()> {
    diesel::delete(account_tokens::table.filter(account_tokens::account_id.eq(account_id)))
        .execute(conn)?;
    diesel::delete(
        abandoned_registration_tokens::table
            .filter(abandoned_registration_tokens::account_id.eq(account_id)),
    )
    .execute(conn)?;
    Ok(())
}

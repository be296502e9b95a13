//! The rules of the support desk. Support agents work nationwide; each action writes exactly one
//! audit event in the same transaction as the change.

use chrono::NaiveDateTime;
use serde_json::{json, Value};

use crate::accounts::service::{resend_activation_for, LOGIN_FAILURE_ACCOUNT};
use crate::accounts::store::{self as accounts, Account, Lookup};
use crate::audit::reads::Read;
use crate::audit::{self, Event};
use crate::auth::StaffUser;
use crate::context::Ctx;
use crate::db::{write_transaction, DbConnection};
use crate::error::{is_unique_violation, AppError, FieldError, Text};
use crate::http::pagination::{Page, Window};
use crate::ratelimit;
use crate::rules::{reason, IdNumber, Mobile, PersonName};

/// An account as support sees it.
#[derive(Debug, Clone)]
pub struct SupportAccount {
    pub account: Account,
    /// Until when logins are locked after wrong passwords, if now.
    pub locked_until: Option<chrono::NaiveDateTime>,
    /// Whether records carry the account's name and ID number.
    pub records_found: bool,
}

/// A support agent's action on one account: the request, the agent and the account's id.
#[derive(Clone, Copy)]
pub struct OnAccount<'a> {
    pub ctx: &'a Ctx,
    pub staff: &'a StaffUser,
    pub id: &'a str,
}

fn account_not_found() -> AppError {
    AppError::not_found(
        "account_not_found",
        Text::new("没有找到这个账号。", "No such account."),
    )
}

fn describe(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account: Account,
) -> Result<SupportAccount, AppError> {
    let locked_until = ratelimit::lock_of(conn, LOGIN_FAILURE_ACCOUNT, &account.email)?
        .map(|l| l.locked_until)
        .filter(|until| *until > ctx.ts());
    let records_found = match (&account.name, &account.id_number) {
        (Some(name), Some(id)) => crate::identity::store::records_exist(conn, name, id)?,
        _ => false,
    };
    Ok(SupportAccount {
        account,
        locked_until,
        records_found,
    })
}

/// Audits that `agent` was shown the full ID number and phone of `accounts` for `purpose`
/// (nothing for an account that holds neither).
pub fn shown(
    conn: &mut DbConnection,
    ctx: &Ctx,
    agent: &StaffUser,
    purpose: &str,
    reason: Option<&str>,
    accounts: &[SupportAccount],
) -> Result<(), AppError> {
    let reads: Vec<Read> = accounts
        .iter()
        .filter_map(|s| {
            let a = &s.account;
            Read::of("account", &a.id, a.id_number.as_deref(), a.phone.as_deref())
        })
        .collect();
    // Stored as the change's own event stores it (the change already refused a bad reason).
    let reason = reason::optional(reason, "reason").ok().flatten();
    audit::reads::record(conn, ctx, agent, purpose, reason.as_deref(), &reads)
}

/// The raw search fields, before they are read.
#[derive(Debug, Clone, Default)]
pub struct RawLookup {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub id_number: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Reads the search fields with the same rules as registration (so `+86 138…` and `138…`
/// find the same account); at least one is needed.
pub fn read_lookup(raw: &RawLookup) -> Result<Lookup, AppError> {
    let mut errors = Vec::new();
    let mut lookup = Lookup::default();
    if let Some(e) = given(&raw.email) {
        lookup.email = Some(crate::rules::email::normalize(e));
    }
    if let Some(p) = given(&raw.phone) {
        match Mobile::parse(p, "phone") {
            Ok(m) => lookup.phone = Some(m.as_str().to_owned()),
            Err(e) => errors.push(e),
        }
    }
    if let Some(i) = given(&raw.id_number) {
        lookup.id_number = Some(i.to_ascii_uppercase());
    }
    if errors.is_empty()
        && lookup.email.is_none()
        && lookup.phone.is_none()
        && lookup.id_number.is_none()
    {
        errors.push(FieldError::new(
            "email",
            "lookup_required",
            Text::new(
                "请输入邮箱、手机号或身份证号中的至少一项。",
                "Give an email, a phone number or an ID number.",
            ),
        ));
    }
    if errors.is_empty() {
        Ok(lookup)
    } else {
        Err(AppError::validation(errors))
    }
}

/// Finds accounts by email, phone or ID number (each exact; given ones combine with AND).
pub fn search(
    conn: &mut DbConnection,
    ctx: &Ctx,
    lookup: &Lookup,
    window: Window,
) -> Result<Page<SupportAccount>, AppError> {
    let (items, total) = accounts::search(conn, lookup, window)?;
    let items = items
        .into_iter()
        .map(|a| describe(conn, ctx, a))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(window.page_of(items, total))
}

/// One account.
pub fn get(conn: &mut DbConnection, ctx: &Ctx, id: &str) -> Result<SupportAccount, AppError> {
    let account = accounts::find_by_id(conn, id)?.ok_or_else(account_not_found)?;
    describe(conn, ctx, account)
}

fn id_number_taken(holder: &Account) -> AppError {
    AppError::conflict(
        "id_number_taken",
        Text::new(
            format!(
                "该身份证号已被另一个已完成注册的账号（{}）使用。核实后可先解除该账号的身份绑定。",
                holder.email
            ),
            format!(
                "Another completed account ({}) holds this ID number; after checking, detach it there first.",
                holder.email
            ),
        ),
    )
    .with_field(FieldError::new(
        "id_number",
        "id_number_taken",
        Text::new("该身份证号已被另一个账号使用。", "Held by another account."),
    ))
}

/// Corrects the real-name details of an account, with a reason. The rules of the real-name
/// step apply; an ID number held by another completed account is a conflict. The account's
/// verification reports are revoked: they vouched for the identity it held before.
pub fn correct_identity(
    conn: &mut DbConnection,
    on: OnAccount<'_>,
    raw_name: &str,
    raw_id_number: &str,
    raw_reason: Option<&str>,
) -> Result<SupportAccount, AppError> {
    let mut errors = Vec::new();
    let name = PersonName::parse(raw_name, "name")
        .map_err(|e| errors.push(e))
        .ok();
    let id_number = IdNumber::parse(raw_id_number, on.ctx.now.date_naive(), "id_number")
        .map_err(|e| errors.push(e))
        .ok();
    let why = reason::required(raw_reason, "reason")
        .map_err(|e| errors.push(e))
        .ok();
    let (Some(name), Some(id_number), Some(why)) = (name, id_number, why) else {
        return Err(AppError::validation(errors));
    };
    change_account(
        conn,
        on,
        "account.identity_corrected",
        Some(why.as_str()),
        |conn, account, now| {
            let before = json!({"name": account.name, "id_number": account.id_number});
            if account.name.as_deref() == Some(name.as_str())
                && account.id_number.as_deref() == Some(id_number.as_str())
            {
                return Err(AppError::validation(vec![FieldError::new(
                    "name",
                    "identity_unchanged",
                    Text::new(
                        "姓名和身份证号与账号现有的相同，无需更正。",
                        "The name and ID number equal the account's.",
                    ),
                )]));
            }
            if let Some(holder) = accounts::active_holder_of(conn, id_number.as_str(), &account.id)?
            {
                return Err(id_number_taken(&holder));
            }
            accounts::set_identity(conn, &account.id, name.as_str(), id_number.as_str(), now)
                .map_err(|e| {
                    if is_unique_violation(&e) {
                        AppError::conflict(
                            "id_number_taken",
                            Text::new(
                                "该身份证号已被另一个账号使用。",
                                "Another account holds this ID number.",
                            ),
                        )
                    } else {
                        e.into()
                    }
                })?;
            let reports = crate::records::service::revoke_reports_of(conn, &account.id, now)?;
            let after = json!({"name": name.as_str(), "id_number": id_number.as_str(), "reports_revoked": reports});
            Ok((Some(before), after))
        },
    )
}

/// Removes the name and ID number from an account that should not hold them, so the rightful
/// owner can use the ID number. The account is logged out everywhere, its verification reports
/// are revoked and, if it was complete, it goes back to the real-name step.
pub fn detach_identity(
    conn: &mut DbConnection,
    on: OnAccount<'_>,
    raw_reason: Option<&str>,
) -> Result<SupportAccount, AppError> {
    let why = reason::required(raw_reason, "reason").map_err(|e| AppError::validation(vec![e]))?;
    change_account(
        conn,
        on,
        "account.identity_detached",
        Some(why.as_str()),
        |conn, account, now| {
            if account.id_number.is_none() {
                return Err(AppError::conflict(
                    "no_identity",
                    Text::new(
                        "该账号没有绑定身份信息，无需解除。",
                        "The account holds no real-name details.",
                    ),
                ));
            }
            accounts::detach_identity(conn, &account.id, now)?;
            let sessions =
                accounts::revoke_sessions_of(conn, &account.id, None, "identity_detached", now)?;
            let reports = crate::records::service::revoke_reports_of(conn, &account.id, now)?;
            let before = json!({"name": account.name, "id_number": account.id_number, "status": account.status});
            let after = json!({"name": null, "id_number": null, "sessions_revoked": sessions, "reports_revoked": reports});
            Ok((Some(before), after))
        },
    )
}

/// Lifts the login lockout of an account (and forgets its failed attempts).
pub fn unlock(
    conn: &mut DbConnection,
    on: OnAccount<'_>,
    raw_reason: Option<&str>,
) -> Result<SupportAccount, AppError> {
    let why = reason::optional(raw_reason, "reason").map_err(|e| AppError::validation(vec![e]))?;
    change_account(
        conn,
        on,
        "account.unlocked",
        why.as_deref(),
        |conn, account, _| {
            let lock = ratelimit::lock_of(conn, LOGIN_FAILURE_ACCOUNT, &account.email)?;
            ratelimit::unlock(conn, LOGIN_FAILURE_ACCOUNT, &account.email)?;
            let before =
                json!({"locked_until": lock.map(|l| l.locked_until.and_utc().to_rfc3339())});
            Ok((Some(before), json!({"locked_until": null})))
        },
    )
}

/// Sends the activation email again for an account that has not finished registering.
pub fn resend_activation(
    conn: &mut DbConnection,
    on: OnAccount<'_>,
) -> Result<SupportAccount, AppError> {
    change_account(
        conn,
        on,
        "account.activation_resent",
        None,
        |conn, account, _| {
            resend_activation_for(conn, on.ctx, account)?;
            Ok((None, json!({"to": account.email})))
        },
    )
}

/// Changes the account `id` with `change` in one transaction, audits it as `action` by `staff`
/// with the before and after that `change` gives and the reason `why`, and answers with the
/// account as it is then.
fn change_account(
    conn: &mut DbConnection,
    on: OnAccount<'_>,
    action: &str,
    why: Option<&str>,
    change: impl FnOnce(
        &mut DbConnection,
        &Account,
        NaiveDateTime,
    ) -> Result<(Option<Value>, Value), AppError>,
) -> Result<SupportAccount, AppError> {
    let OnAccount { ctx, staff, id } = on;
    write_transaction(conn, |conn| {
        let account = accounts::find_by_id(conn, id)?.ok_or_else(account_not_found)?;
        let now = ctx.ts();
        let (before, after) = change(conn, &account, now)?;
        audit::record(
            conn,
            &ctx.audit_key,
            now,
            Event {
                before,
                after: Some(after),
                reason: why,
                ..Event::by_staff(staff, ctx, action, "account", &account.id)
            },
        )?;
        get(conn, ctx, &account.id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_needs_one_field_and_reads_phones_like_registration() {
        assert!(read_lookup(&RawLookup::default()).is_err());
        let l = read_lookup(&RawLookup {
            phone: Some("+86 138 0013 8000".into()),
            email: Some(" Wang@Example.CN ".into()),
            id_number: Some("11010519491231002x".into()),
        })
        .unwrap();
        assert_eq!(l.phone.as_deref(), Some("13800138000"));
        assert_eq!(l.email.as_deref(), Some("wang@example.cn"));
        assert_eq!(l.id_number.as_deref(), Some("11010519491231002X"));
        let bad = read_lookup(&RawLookup {
            phone: Some("12345".into()),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(bad.field_errors()[0].field, "phone");
    }
}

//! The rules of 找回账号. No HTTP here. Each change is one transaction with its audit event.

use chrono::Duration;
use serde_json::json;

use super::emails;
use super::store::{self, NewRecovery, Recovery, EMAIL, PHONE, SUPPORT};
use crate::accounts::service::check_student_password;
use crate::accounts::store::{self as accounts, Account};
use crate::accounts::AccountStatus;
use crate::audit::{self, Event};
use crate::auth::hash_pool::HashPool;
use crate::auth::login_guard::{self, Credentials};
use crate::auth::tokens;
use crate::auth::StaffUser;
use crate::context::Ctx;
use crate::db::{write_transaction, Db, DbConnection};
use crate::error::{is_unique_violation, AppError, FieldError, Text};
use crate::identity::service::{self as identity, CodeSent};
use crate::identity::sms;
use crate::outbox;
use crate::ratelimit;
use crate::rules::{reason, Email, IdNumber, Mobile, PersonName};

/// Lost-mailbox first calls per ID number per day, whether or not they matched.
const RECOVERY_ID_NUMBER: &str = "recovery_id_number";
/// Lost-mailbox first calls per client IP per day.
const RECOVERY_IP: &str = "recovery_ip";
/// Guards the tries at one attempt's code.
const RECOVERY_TRIES: &str = "recovery_tries";
/// Lost-phone links per account (the mail cooldown).
const RECOVERY_MAIL: &str = "recovery_mail";
/// Support recoveries per account per day.
const RECOVERY_SUPPORT: &str = "recovery_support";
/// Guards the changes an account's links make.
const RECOVERY_CHANGE: &str = "recovery_change";

/// The kinds of evidence a support agent may record for a recovery.
pub const EVIDENCE_KINDS: &[&str] = &[
    "id_card_in_person",
    "video_call_with_id_card",
    "notarised_letter",
    "school_letter",
];

fn today(ctx: &Ctx) -> chrono::NaiveDate {
    ctx.now
        .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
        .date_naive()
}

/// The details that name a lost-mailbox attempt.
struct Details {
    name: PersonName,
    id: IdNumber,
    phone: Mobile,
}

fn read_details(
    ctx: &Ctx,
    raw_name: &str,
    raw_id: &str,
    raw_phone: &str,
    extra: Vec<FieldError>,
) -> Result<Details, AppError> {
    let name = PersonName::parse(raw_name, "name");
    let id = IdNumber::parse(raw_id, today(ctx), "id_number");
    let phone = Mobile::parse(raw_phone, "phone");
    match (name, id, phone) {
        (Ok(name), Ok(id), Ok(phone)) if extra.is_empty() => Ok(Details { name, id, phone }),
        (n, i, p) => Err(AppError::validation(
            n.err()
                .into_iter()
                .chain(i.err())
                .chain(p.err())
                .chain(extra)
                .collect(),
        )),
    }
}

impl Details {
    fn lookup_hash(&self) -> String {
        tokens::hash(&format!(
            "recovery\u{0}{}\u{0}{}\u{0}{}",
            self.name.as_str(),
            self.id.as_str(),
            self.phone.as_str()
        ))
    }
}

fn attempts_exhausted(limit: u32, wait: u64) -> AppError {
    AppError::too_many_requests(
        "recovery_attempts_exhausted",
        Text::new(
            format!("这个身份证号今天的找回尝试已达 {limit} 次上限，请明天再试；如确有困难，请联系客服。"),
            format!("At most {limit} recovery attempts a day for one ID number; try again tomorrow."),
        ),
        wait,
    )
}

/// Lost mailbox, step 1: when name, ID number and phone match a complete account whose confirmed
/// phone it is, a code goes to that phone. Answers the same either way: a miss stores a decoy
/// attempt that counts against the same limits and refuses every code, so neither this answer
/// nor the next step's tells a stranger whether the details matched. Refusals that depend on the
/// account alone (its SMS cooldown and daily cap) are silent for the same reason.
pub fn start_email_recovery(
    conn: &mut DbConnection,
    ctx: &Ctx,
    raw_name: &str,
    raw_id: &str,
    raw_phone: &str,
) -> Result<CodeSent, AppError> {
    let d = read_details(ctx, raw_name, raw_id, raw_phone, Vec::new())?;
    let limits = &ctx.config.identity;
    let now = ctx.ts();
    let owner = store::find_owner(conn, d.name.as_str(), d.id.as_str(), d.phone.as_str())?;
    // The ID number itself is not kept in the rate events, only its hash.
    let id_key = tokens::hash(d.id.as_str());
    write_transaction(conn, |conn| {
        ratelimit::guard(conn, RECOVERY_ID_NUMBER, &id_key)?;
        let per_id = limits.daily_submissions;
        if let Some(wait) = ratelimit::window_exceeded(
            conn,
            RECOVERY_ID_NUMBER,
            &id_key,
            per_id,
            Duration::days(1),
            now,
        )? {
            return Err(attempts_exhausted(per_id, wait));
        }
        let per_ip = limits.ip_daily_submissions;
        if let Some(wait) = ratelimit::charge_ip(conn, ctx, RECOVERY_IP, per_ip, Duration::days(1))?
        {
            return Err(AppError::too_many_requests(
                "too_many_requests_from_ip",
                Text::new(
                    "来自您网络的找回请求过于频繁，请稍后再试。",
                    "Too many recovery requests from your network; try again later.",
                ),
                wait,
            ));
        }
        let owner_id = owner.as_ref().map(|a| a.id.as_str());
        let send = identity::admit_recovery_code(conn, ctx, owner_id, &d.phone)?;
        ratelimit::record(conn, RECOVERY_ID_NUMBER, &id_key, now)?;
        let code = sms::generate_code();
        let (account_id, code_hash) = match owner_id.filter(|_| send) {
            Some(id) => (
                Some(id),
                sms::code_hash(&ctx.code_key, id, d.phone.as_str(), &code),
            ),
            // A hash no typed code can have: a decoy never accepts a code.
            None => (None, format!("decoy:{}", tokens::generate().1)),
        };
        let ttl = limits.sms_code_ttl_secs;
        let id = uuid::Uuid::new_v4().to_string();
        let lookup = d.lookup_hash();
        store::insert(
            conn,
            &NewRecovery {
                id: &id,
                kind: EMAIL,
                account_id,
                lookup_hash: Some(&lookup),
                phone: Some(d.phone.as_str()),
                code_hash: Some(&code_hash),
                code_expires_at: Some(now + Duration::seconds(ttl as i64)),
                created_at: now,
                ..Default::default()
            },
        )?;
        if account_id.is_some() {
            let message = sms::recovery_code_message(d.phone.as_str(), &code, ttl.div_ceil(60));
            outbox::enqueue(conn, now, message)?;
        }
        Ok(CodeSent {
            resend_after_seconds: limits.sms_cooldown_secs,
            expires_in: ttl,
        })
    })
}

fn email_taken(field: &'static str) -> AppError {
    let text = || {
        Text::new(
            "这个邮箱已被另一个学信网账号使用，请换一个邮箱。",
            "Another account uses this email; choose another.",
        )
    };
    AppError::conflict("email_taken", text()).with_field(FieldError::new(
        field,
        "email_taken",
        text(),
    ))
}

fn email_unchanged(field: &'static str) -> AppError {
    AppError::validation(vec![FieldError::new(
        field,
        "email_unchanged",
        Text::new(
            "这就是账号现在的登录邮箱，请填写新的邮箱。",
            "That is the account's current email; give a new one.",
        ),
    )])
}

/// A new email on its way to be confirmed.
#[derive(Debug, Clone)]
pub struct MailSent {
    pub email: String,
    pub expires_in: u64,
}

/// Lost mailbox, step 2: checks the code of the newest attempt for these details (counting the
/// try; too many wrong ones make the attempt void) and, once the code proves the phone, sends a
/// link to the new email. Only then is a new email held by another account refused.
pub fn prove_code_and_send_link(
    conn: &mut DbConnection,
    ctx: &Ctx,
    (raw_name, raw_id, raw_phone): (&str, &str, &str),
    raw_code: &str,
    raw_new_email: &str,
) -> Result<MailSent, AppError> {
    let typed = raw_code.trim();
    let new_email = Email::parse(raw_new_email, "new_email");
    let mut extra: Vec<FieldError> = identity::code_format_error(typed).into_iter().collect();
    extra.extend(new_email.as_ref().err().cloned());
    let d = read_details(ctx, raw_name, raw_id, raw_phone, extra)?;
    let new_email = new_email.expect("checked above");
    let now = ctx.ts();
    let Some(attempt) = store::waiting_for_code(conn, &d.lookup_hash())? else {
        return Err(identity::code_problem(
            "code_not_requested",
            "请先获取校验码。".into(),
            "Request a code first.".into(),
        ));
    };
    let account_id = check_attempt_code(conn, ctx, &attempt, &d.phone, typed)?;
    let account = accounts::get(conn, &account_id)?;
    if account.email == new_email.as_str() {
        return Err(email_unchanged("new_email"));
    }
    if accounts::find_by_email(conn, new_email.as_str())?.is_some() {
        return Err(email_taken("new_email"));
    }
    let minutes = ctx.config.auth.reset_ttl_mins;
    write_transaction(conn, |conn| {
        let (token, hash) = tokens::generate();
        let expires = now + Duration::minutes(minutes as i64);
        if !store::set_link(conn, &attempt.id, new_email.as_str(), &hash, expires)? {
            return Err(identity::code_problem(
                "code_used",
                "这个校验码已经用过，请重新获取。".into(),
                "This code was already used; request a new one.".into(),
            ));
        }
        store::void_open_of(conn, &account.id, &attempt.id, now)?;
        outbox::enqueue(
            conn,
            now,
            emails::confirm_new_email(new_email.as_str(), &ctx.config.public_url, &token, minutes),
        )?;
        audit_own(
            conn,
            ctx,
            &account.id,
            "account.recovery_email_requested",
            None,
            json!({"new_email": new_email.as_str(), "proven_by": "sms_code", "phone": d.phone.masked()}),
        )?;
        Ok(MailSent {
            email: new_email.as_str().to_owned(),
            expires_in: minutes * 60,
        })
    })
}

/// Counts a try at the attempt's code and compares it; the account it proves. A wrong code on
/// the last try makes the attempt void. A decoy never matches but counts and answers exactly
/// like a real attempt.
fn check_attempt_code(
    conn: &mut DbConnection,
    ctx: &Ctx,
    attempt: &Recovery,
    phone: &Mobile,
    typed: &str,
) -> Result<String, AppError> {
    let now = ctx.ts();
    let max = ctx.config.identity.sms_max_attempts as i32;
    if attempt.failed_attempts >= max {
        return Err(identity::code_dead());
    }
    if attempt.code_expires_at.is_none_or(|t| now >= t) {
        return Err(identity::code_expired());
    }
    // Counted before comparing, under the attempt's guard, so parallel guesses cannot all pass
    // the same count.
    let tries = write_transaction(conn, |conn| {
        ratelimit::guard(conn, RECOVERY_TRIES, &attempt.id)?;
        store::take_try(conn, &attempt.id, max)
    })?;
    let Some(tries) = tries else {
        return Err(identity::code_dead());
    };
    let expected = |id: &str| sms::code_hash(&ctx.code_key, id, phone.as_str(), typed);
    match attempt.account_id.as_deref() {
        Some(id) if attempt.code_hash.as_deref() == Some(expected(id).as_str()) => {
            Ok(id.to_owned())
        }
        _ => {
            if tries >= max {
                store::void(conn, &attempt.id, now)?;
            }
            Err(identity::code_incorrect(max - tries))
        }
    }
}

fn link_problem(code: &'static str, zh: &'static str, en: &'static str) -> AppError {
    AppError::bad_request(code, Text::new(zh, en)).with_field(FieldError::new(
        "token",
        code,
        Text::new(zh, en),
    ))
}

/// The open attempt of one of `kinds` behind a link, with its account.
fn open_link(
    conn: &mut DbConnection,
    ctx: &Ctx,
    token: &str,
    kinds: &[&str],
) -> Result<(Recovery, Account), AppError> {
    let found = store::find_by_link(conn, &tokens::hash(token.trim()), kinds)?;
    let invalid = || {
        link_problem(
            "token_invalid",
            "链接无效或已失效，请重新找回账号。",
            "The link is not valid (any more); start the recovery again.",
        )
    };
    let Some(attempt) = found else {
        return Err(invalid());
    };
    if attempt.completed_at.is_some() {
        return Err(link_problem(
            "token_used",
            "这个链接已经用过了。",
            "This link was already used.",
        ));
    }
    if attempt.voided_at.is_some() {
        return Err(invalid());
    }
    if attempt.link_expires_at.is_none_or(|t| ctx.ts() >= t) {
        return Err(link_problem(
            "token_expired",
            "链接已过期，请重新找回账号。",
            "The link has expired; start the recovery again.",
        ));
    }
    let account_id = attempt.account_id.clone().ok_or_else(invalid)?;
    let account = accounts::get(conn, &account_id)?;
    if account.status() == AccountStatus::Disabled {
        return Err(AppError::forbidden(
            "account_disabled",
            Text::new(
                "该账号已被停用，请联系客服。",
                "This account is disabled; contact support.",
            ),
        ));
    }
    Ok((attempt, account))
}

/// Lost mailbox (or support), step 3: the link from the new email makes it the login email
/// (and clears the phone when support asked so). Every session ends, the old email gets a
/// notice, other open attempts die. Audited.
pub fn confirm_new_email(
    conn: &mut DbConnection,
    ctx: &Ctx,
    token: &str,
) -> Result<String, AppError> {
    let (attempt, account) = open_link(conn, ctx, token, &[EMAIL, SUPPORT])?;
    let new_email = attempt
        .new_email
        .clone()
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("recovery link without an email")))?;
    let now = ctx.ts();
    write_transaction(conn, |conn| {
        ratelimit::guard(conn, RECOVERY_CHANGE, &account.id)?;
        if !store::complete(conn, &attempt.id, now)? {
            return Err(link_problem(
                "token_used",
                "这个链接已经用过了。",
                "This link was already used.",
            ));
        }
        if accounts::find_by_email(conn, &new_email)?.is_some_and(|a| a.id != account.id) {
            return Err(email_taken("token"));
        }
        accounts::set_email(conn, &account.id, &new_email, attempt.clear_phone, now).map_err(
            |e| {
                if is_unique_violation(&e) {
                    email_taken("token")
                } else {
                    e.into()
                }
            },
        )?;
        let notice = emails::email_changed(&account.email, &emails::mask_email(&new_email));
        let sessions = recovered(conn, &account.id, &attempt.id, notice, now)?;
        let phone_cleared = attempt.clear_phone && account.phone.is_some();
        audit_own(
            conn,
            ctx,
            &account.id,
            "account.email_recovered",
            Some(json!({"email": account.email, "phone": account.phone})),
            json!({"email": new_email, "phone_cleared": phone_cleared, "sessions_revoked": sessions, "via": attempt.kind, "recovery_id": attempt.id}),
        )?;
        Ok(new_email.clone())
    })
}

/// Lost phone, step 1: the password and the email, checked under the login guard and counted
/// like a login, earn a link to the email that lets the student confirm a new phone. At most one
/// link per mail cooldown; an account that is not complete gets none (it confirms its phone in
/// registration). Wrong credentials answer like a wrong login.
pub async fn start_phone_recovery(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    credentials: Credentials,
) -> Result<(), AppError> {
    let (attempt, account, password_ok) =
        check_student_password(db, hashes, &ctx, credentials).await?;
    db.run(move |conn| {
        if !password_ok {
            let (_, locked_until) = login_guard::failed(conn, &ctx, &attempt)?;
            if let (Some(a), Some(until)) = (&account, locked_until) {
                let after = json!({"locked_until": until.and_utc().to_rfc3339(), "ip": ctx.ip, "via": "phone_recovery"});
                audit_own(conn, &ctx, &a.id, "account.locked", None, after)?;
            }
            return Err(login_guard::invalid_credentials());
        }
        login_guard::succeeded(conn, &attempt)?;
        let account = account.expect("a verified password belongs to an account");
        if account.status() != AccountStatus::Active {
            return Ok(());
        }
        let now = ctx.ts();
        let cooldown = Duration::seconds(ctx.config.auth.mail_cooldown_secs as i64);
        write_transaction(conn, |conn| {
            ratelimit::guard(conn, RECOVERY_MAIL, &account.id)?;
            let last = ratelimit::latest(conn, RECOVERY_MAIL, &account.id)?;
            if last.is_some_and(|t| now < t + cooldown) {
                return Ok(());
            }
            let minutes = ctx.config.auth.reset_ttl_mins;
            let (token, hash) = tokens::generate();
            let id = uuid::Uuid::new_v4().to_string();
            store::void_open_of(conn, &account.id, &id, now)?;
            store::insert(
                conn,
                &NewRecovery {
                    id: &id,
                    kind: PHONE,
                    account_id: Some(&account.id),
                    link_hash: Some(&hash),
                    link_expires_at: Some(now + Duration::minutes(minutes as i64)),
                    created_at: now,
                    ..Default::default()
                },
            )?;
            outbox::enqueue(
                conn,
                now,
                emails::set_new_phone(&account.email, &ctx.config.public_url, &token, minutes),
            )?;
            ratelimit::record(conn, RECOVERY_MAIL, &account.id, now)?;
            audit_own(conn, &ctx, &account.id, "account.recovery_phone_requested", None, json!({"ip": ctx.ip}))
        })
    })
    .await
}

fn phone_taken() -> AppError {
    let text = || {
        Text::new(
            "这个手机号已是另一个学信网账号的确认手机号，请换一个号码。",
            "Another account has confirmed this number; use another.",
        )
    };
    AppError::conflict("phone_taken", text()).with_field(FieldError::new(
        "phone",
        "phone_taken",
        text(),
    ))
}

fn new_phone_for(
    conn: &mut DbConnection,
    account: &Account,
    raw_phone: &str,
    code_error: Option<FieldError>,
) -> Result<Mobile, AppError> {
    let phone = match (Mobile::parse(raw_phone, "phone"), code_error) {
        (Ok(p), None) => p,
        (p, c) => return Err(AppError::validation(p.err().into_iter().chain(c).collect())),
    };
    if account.phone.as_deref() == Some(phone.as_str()) && account.phone_verified_at.is_some() {
        return Err(AppError::validation(vec![FieldError::new(
            "phone",
            "phone_unchanged",
            Text::new(
                "这就是账号现在的手机号，请填写新的手机号。",
                "That is the account's current phone.",
            ),
        )]));
    }
    if store::phone_holder(conn, phone.as_str(), &account.id)?.is_some() {
        return Err(phone_taken());
    }
    Ok(phone)
}

/// Lost phone, step 2: with the link, a code to the new phone, under the registration's
/// cooldowns and daily caps. A number confirmed by another account is refused.
pub fn send_new_phone_code(
    conn: &mut DbConnection,
    ctx: &Ctx,
    token: &str,
    raw_phone: &str,
) -> Result<CodeSent, AppError> {
    let (_, account) = open_link(conn, ctx, token, &[PHONE])?;
    let phone = new_phone_for(conn, &account, raw_phone, None)?;
    identity::send_code(conn, ctx, &account.id, &phone, sms::recovery_code_message)
}

/// Lost phone, step 3: the code confirms the new phone. Every session ends and the email gets a
/// notice; a code that dies of wrong tries makes the link void. Audited.
pub fn confirm_new_phone(
    conn: &mut DbConnection,
    ctx: &Ctx,
    token: &str,
    raw_phone: &str,
    raw_code: &str,
) -> Result<String, AppError> {
    let (attempt, account) = open_link(conn, ctx, token, &[PHONE])?;
    let typed = raw_code.trim();
    let phone = new_phone_for(
        conn,
        &account,
        raw_phone,
        identity::code_format_error(typed),
    )?;
    let now = ctx.ts();
    let code_id = match identity::check_code(conn, ctx, &account.id, &phone, typed) {
        Ok(id) => id,
        Err(e) => {
            if e.code() == "code_dead" {
                store::void(conn, &attempt.id, now)?;
            }
            return Err(e);
        }
    };
    write_transaction(conn, |conn| {
        ratelimit::guard(conn, RECOVERY_CHANGE, &account.id)?;
        if store::phone_holder(conn, phone.as_str(), &account.id)?.is_some() {
            return Err(phone_taken());
        }
        if !store::complete(conn, &attempt.id, now)? {
            return Err(link_problem(
                "token_used",
                "这个链接已经用过了。",
                "This link was already used.",
            ));
        }
        if !crate::identity::store::confirm_phone(conn, &account.id, &code_id, phone.as_str(), now)?
        {
            return Err(identity::code_problem(
                "code_used",
                "这个校验码已经用过，请重新获取。".into(),
                "This code was already used; request a new one.".into(),
            ));
        }
        let notice = emails::phone_changed(&account.email, &phone.masked());
        let sessions = recovered(conn, &account.id, &attempt.id, notice, now)?;
        audit_own(
            conn,
            ctx,
            &account.id,
            "account.phone_recovered",
            Some(json!({"phone": account.phone})),
            json!({"phone": phone.as_str(), "sessions_revoked": sessions, "recovery_id": attempt.id}),
        )?;
        Ok(phone.as_str().to_owned())
    })
}

/// What a support agent saw and wants changed.
#[derive(Debug, Clone, Default)]
pub struct SupportRecoveryInput {
    pub new_email: Option<String>,
    pub clear_phone: bool,
    pub evidence_kind: String,
    pub evidence_note: Option<String>,
    pub reason: Option<String>,
}

/// What a support recovery did.
#[derive(Debug, Clone)]
pub struct SupportRecovery {
    pub recovery_id: String,
    /// The email a confirmation link went to (the change waits for it).
    pub pending_email: Option<String>,
    /// Whether the phone was cleared at once (no new email to wait for).
    pub phone_cleared: bool,
}

/// Lost both: a support agent records the evidence seen (a kind from [`EVIDENCE_KINDS`], a note
/// and a reason) and sets a new email — confirmed by a link to it, as in the lost-mailbox path,
/// with the phone cleared then if asked — or only clears the phone, at once (the student then
/// confirms a new one through the lost-phone path). At most the real-name step's daily number per
/// account. Audited with the evidence.
pub fn record_support_recovery(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &StaffUser,
    account_id: &str,
    input: SupportRecoveryInput,
) -> Result<SupportRecovery, AppError> {
    let mut errors = Vec::new();
    let new_email = input
        .new_email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| Email::parse(e, "new_email"))
        .transpose()
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if new_email.is_none() && !input.clear_phone && errors.is_empty() {
        errors.push(FieldError::new(
            "new_email",
            "recovery_change_required",
            Text::new(
                "请填写新邮箱，或选择清除手机号。",
                "Give a new email, or clear the phone, or both.",
            ),
        ));
    }
    let kind = EVIDENCE_KINDS
        .iter()
        .find(|k| **k == input.evidence_kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new(
            "evidence_kind",
            "evidence_kind_unknown",
            Text::new(
                format!("请选择核验方式：{}。", EVIDENCE_KINDS.join("、")),
                format!("One of: {}.", EVIDENCE_KINDS.join(", ")),
            ),
        ));
    }
    let note = reason::required(input.evidence_note.as_deref(), "evidence_note")
        .map_err(|e| errors.push(e))
        .ok();
    let why = reason::required(input.reason.as_deref(), "reason")
        .map_err(|e| errors.push(e))
        .ok();
    let (Some(kind), Some(note), Some(why), true) = (kind, note, why, errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    let now = ctx.ts();
    write_transaction(conn, |conn| {
        let account = accounts::find_by_id(conn, account_id)?.ok_or_else(|| {
            AppError::not_found(
                "account_not_found",
                Text::new("没有找到这个账号。", "No such account."),
            )
        })?;
        if account.status() == AccountStatus::Disabled {
            return Err(AppError::conflict(
                "account_disabled",
                Text::new("该账号已停用，不能找回。", "The account is disabled."),
            ));
        }
        ratelimit::guard(conn, RECOVERY_SUPPORT, &account.id)?;
        let per_account = ctx.config.identity.daily_submissions;
        if let Some(wait) = ratelimit::window_exceeded(
            conn,
            RECOVERY_SUPPORT,
            &account.id,
            per_account,
            Duration::days(1),
            now,
        )? {
            return Err(AppError::too_many_requests(
                "recovery_attempts_exhausted",
                Text::new(
                    format!("这个账号今天已协助找回 {per_account} 次，达到上限，请明天再试。"),
                    format!("At most {per_account} support recoveries a day for one account."),
                ),
                wait,
            ));
        }
        if let Some(e) = &new_email {
            if e.as_str() == account.email {
                return Err(email_unchanged("new_email"));
            }
            if accounts::find_by_email(conn, e.as_str())?.is_some() {
                return Err(email_taken("new_email"));
            }
        }
        let id = uuid::Uuid::new_v4().to_string();
        store::void_open_of(conn, &account.id, &id, now)?;
        let minutes = ctx.config.auth.reset_ttl_mins;
        let (token, hash) = tokens::generate();
        let at_once = new_email.is_none();
        store::insert(
            conn,
            &NewRecovery {
                id: &id,
                kind: SUPPORT,
                account_id: Some(&account.id),
                new_email: new_email.as_ref().map(Email::as_str),
                clear_phone: input.clear_phone,
                link_hash: (!at_once).then_some(hash.as_str()),
                link_expires_at: (!at_once).then(|| now + Duration::minutes(minutes as i64)),
                evidence_kind: Some(kind),
                evidence_note: Some(&note),
                staff_id: Some(&staff.staff_id),
                created_at: now,
                completed_at: at_once.then_some(now),
                ..Default::default()
            },
        )?;
        let mut sessions = 0;
        if let Some(e) = &new_email {
            outbox::enqueue(
                conn,
                now,
                emails::confirm_new_email(e.as_str(), &ctx.config.public_url, &token, minutes),
            )?;
        } else {
            accounts::clear_phone(conn, &account.id, now)?;
            sessions =
                accounts::revoke_sessions_of(conn, &account.id, None, "account_recovered", now)?;
        }
        ratelimit::record(conn, RECOVERY_SUPPORT, &account.id, now)?;
        audit::record(
            conn,
            &ctx.audit_key,
            now,
            Event {
                before: Some(json!({"email": account.email, "phone": account.phone})),
                after: Some(json!({
                    "recovery_id": id,
                    "new_email": new_email.as_ref().map(Email::as_str),
                    "clear_phone": input.clear_phone,
                    "takes_effect": if at_once { "now" } else { "on_email_confirmation" },
                    "sessions_revoked": sessions,
                    "evidence": {"kind": kind, "note": note},
                })),
                reason: Some(&why),
                ..Event::by_staff(
                    staff,
                    ctx,
                    "account.recovery_recorded",
                    "account",
                    &account.id,
                )
            },
        )?;
        Ok(SupportRecovery {
            recovery_id: id.clone(),
            pending_email: new_email.as_ref().map(|e| e.as_str().to_owned()),
            phone_cleared: at_once,
        })
    })
}

/// What every finished recovery does: the account's sessions end, its other open attempts die
/// and the owner is told at the login email; returns how many sessions ended.
fn recovered(
    conn: &mut DbConnection,
    account_id: &str,
    attempt_id: &str,
    notice: outbox::NewMessage,
    now: chrono::NaiveDateTime,
) -> Result<usize, AppError> {
    let sessions = accounts::revoke_sessions_of(conn, account_id, None, "account_recovered", now)?;
    store::void_open_of(conn, account_id, attempt_id, now)?;
    outbox::enqueue(conn, now, notice)?;
    Ok(sessions)
}

/// Records a change a student made to their own account.
fn audit_own(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    action: &str,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> Result<(), AppError> {
    crate::accounts::service::audit_own(conn, ctx, account_id, action, before, Some(after))
}

//! The rules of the registration steps after activation. No HTTP here.

use chrono::{Duration, FixedOffset, NaiveDate, NaiveDateTime};
use serde_json::json;

use super::{sms, store};
use crate::accounts::store::{self as accounts, TokenPurpose};
use crate::context::Ctx;
use crate::db::DbConnection;
use crate::error::{AppError, FieldError, Text};
use crate::outbox;
use crate::ratelimit;
use crate::rules::{IdNumber, Mobile, PersonName, Sex};

const IDENTITY_IP: &str = "identity_ip";
/// Codes sent per client IP.
const SMS_IP: &str = "sms_ip";
/// Guard the cooldowns and daily caps of codes to an account and to a phone number.
const SMS_ACCOUNT: &str = "sms_account";
const SMS_PHONE: &str = "sms_phone";
/// Guards the tries at one code.
const SMS_CODE_TRIES: &str = "sms_code_tries";
/// Guards an account's real-name submissions (nothing is counted under this name).
const IDENTITY_ACCOUNT: &str = "identity_account";

/// The result of the real-name step.
#[derive(Debug, Clone)]
pub struct IdentityResult {
    pub name: String,
    pub id_number: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// Whether enrollment or degree records carry exactly this name and ID number.
    pub records_found: bool,
}

/// Today's date in China, which bounds birth dates.
fn today(ctx: &Ctx) -> NaiveDate {
    ctx.now
        .with_timezone(&FixedOffset::east_opt(8 * 3600).expect("UTC+8"))
        .date_naive()
}

fn id_number_taken() -> AppError {
    let text = || {
        Text::new(
            "该身份证号已被另一个学信网账号使用。如果这是您的身份证号，请联系客服核实后处理（可能是您以前注册过的账号）。",
            "This ID number belongs to another account. If it is yours, contact support.",
        )
    };
    AppError::conflict("id_number_taken", text()).with_field(FieldError::new(
        "id_number",
        "id_number_taken",
        text(),
    ))
}

/// Stores the name and ID number (step 4), within the attempt budget.
pub fn submit_identity(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    raw_name: &str,
    raw_id: &str,
) -> Result<IdentityResult, AppError> {
    let name = PersonName::parse(raw_name, "name");
    let id = IdNumber::parse(raw_id, today(ctx), "id_number");
    let (name, id) = match (name, id) {
        (Ok(n), Ok(i)) => (n, i),
        (n, i) => {
            return Err(AppError::validation(
                n.err().into_iter().chain(i.err()).collect(),
            ))
        }
    };
    let now = ctx.ts();
    let pair_hash = crate::auth::tokens::hash(&format!("{}\u{0}{}", name.as_str(), id.as_str()));

    // Its own transaction, committed before the answer is worked out: a pair refused later
    // (say, an ID number already taken) has still been counted, or the step could be used to
    // probe freely.
    crate::db::write_transaction(conn, |conn| admit_pair(conn, ctx, account_id, &pair_hash))?;
    if store::id_number_taken(conn, id.as_str(), account_id)? {
        return Err(id_number_taken());
    }
    crate::accounts::store::set_identity(conn, account_id, name.as_str(), id.as_str(), now)?;
    let records_found = store::records_exist(conn, name.as_str(), id.as_str())?;
    Ok(IdentityResult {
        name: name.as_str().to_owned(),
        id_number: id.as_str().to_owned(),
        birth_date: id.birth_date(),
        sex: id.sex(),
        records_found,
    })
}

/// Lets a name/ID pair through to be answered: one answered before is answered again for free;
/// a new one is counted against the account's and the IP's daily budgets, and only once it fits
/// both is it remembered. A refused pair is not remembered, so sending it again is refused again
/// until the budget allows a new pair. The account's guard keeps parallel submissions in line.
fn admit_pair(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    pair_hash: &str,
) -> Result<(), AppError> {
    let now = ctx.ts();
    let limits = &ctx.config.identity;
    ratelimit::guard(conn, IDENTITY_ACCOUNT, account_id)?;
    if store::submitted_before(conn, account_id, pair_hash)? {
        return Ok(());
    }
    let (recent, oldest) = store::submissions_since(conn, account_id, now - Duration::days(1))?;
    if recent >= i64::from(limits.daily_submissions) {
        let wait = ratelimit::seconds_until(now, oldest.unwrap_or(now) + Duration::days(1));
        return Err(AppError::too_many_requests(
            "identity_attempts_exhausted",
            Text::new(
                format!("今天提交不同姓名和身份证号的次数已达 {} 次上限，请明天再试；如确有困难，请联系客服。", limits.daily_submissions),
                format!("At most {} different name/ID pairs a day; try again tomorrow.", limits.daily_submissions),
            ),
            wait,
        ));
    }
    let limit = limits.ip_daily_submissions;
    if let Some(wait) = ratelimit::charge_ip(conn, ctx, IDENTITY_IP, limit, Duration::days(1))? {
        return Err(AppError::too_many_requests(
            "too_many_requests_from_ip",
            Text::new(
                "来自您网络的实名提交过于频繁，请稍后再试。",
                "Too many submissions from your network; try again later.",
            ),
            wait,
        ));
    }
    store::note_submission(conn, account_id, pair_hash, now)?;
    Ok(())
}

fn identity_required() -> AppError {
    AppError::conflict(
        "identity_required",
        Text::new(
            "请先完成实名信息（姓名和身份证号）这一步。",
            "Enter the name and ID number first.",
        ),
    )
}

/// What the phone step answers after sending a code.
#[derive(Debug, Clone)]
pub struct CodeSent {
    pub resend_after_seconds: u64,
    pub expires_in: u64,
}

fn too_soon(code: &'static str, zh: String, en: String, wait: u64) -> AppError {
    AppError::too_many_requests(code, Text::new(zh, en), wait).with_field(FieldError::new(
        "phone",
        code,
        Text::new(
            format!("请 {wait} 秒后再获取校验码。"),
            format!("Wait {wait} s before asking again."),
        ),
    ))
}

/// Sends a six-digit code to `raw_phone` (step 5), within the cooldowns and the daily caps per
/// number, per account and per client IP.
pub fn request_code(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    raw_phone: &str,
) -> Result<CodeSent, AppError> {
    let phone = Mobile::parse(raw_phone, "phone").map_err(|e| AppError::validation(vec![e]))?;
    let account = accounts::get(conn, account_id)?;
    if account.id_number.is_none() {
        return Err(identity_required());
    }
    send_code(conn, ctx, account_id, &phone, sms::code_message)
}

/// Sends a six-digit code (text by `message`) to `phone` for the account, within the cooldowns
/// and the daily caps per number, per account and per client IP: the phone confirmation of
/// registration, and of a new phone in 找回账号.
pub fn send_code(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    phone: &Mobile,
    message: fn(&str, &str, u64) -> outbox::NewMessage,
) -> Result<CodeSent, AppError> {
    let limits = &ctx.config.identity;
    let now = ctx.ts();
    let cooldown = Duration::seconds(limits.sms_cooldown_secs as i64);
    crate::db::write_transaction(conn, |conn| {
        // Guards in one order (account, phone, then IP in charge_ip), so no two requests can
        // each hold one the other waits for.
        ratelimit::guard(conn, SMS_ACCOUNT, account_id)?;
        ratelimit::guard(conn, SMS_PHONE, phone.as_str())?;
        let (by_account, by_phone) =
            store::last_code_times(conn, Some(account_id), phone.as_str())?;
        let last = by_account.into_iter().chain(by_phone).max();
        if let Some(last) = last.filter(|t| now < *t + cooldown) {
            return Err(cooldown_problem(ratelimit::seconds_until(
                now,
                last + cooldown,
            )));
        }
        phone_daily_cap(conn, ctx, phone)?;
        account_daily_cap(conn, ctx, account_id)?;
        charge_sms_ip(conn, ctx)?;
        let code = sms::generate_code();
        let ttl = limits.sms_code_ttl_secs;
        let hash = sms::code_hash(&ctx.code_key, account_id, phone.as_str(), &code);
        store::insert_code(
            conn,
            account_id,
            phone.as_str(),
            &hash,
            now,
            now + Duration::seconds(ttl as i64),
        )?;
        outbox::enqueue(conn, now, message(phone.as_str(), &code, ttl.div_ceil(60)))?;
        Ok(CodeSent {
            resend_after_seconds: limits.sms_cooldown_secs,
            expires_in: ttl,
        })
    })
}

/// The limits of a lost-mailbox recovery code (see `recovery`), which must answer alike whether
/// or not the details matched an account: the number's cooldown and daily cap and the client
/// IP's cap refuse openly (they depend only on what the caller sent); the account's own cooldown
/// and daily cap, checked only when the details matched (`account_id`), refuse silently: `false`
/// means "send nothing, answer as usual". Call inside a write transaction.
pub fn admit_recovery_code(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: Option<&str>,
    phone: &Mobile,
) -> Result<bool, AppError> {
    let now = ctx.ts();
    let cooldown = Duration::seconds(ctx.config.identity.sms_cooldown_secs as i64);
    // A miss runs the same guard and queries for an id no account has, so that it takes as long.
    let miss = format!("miss:{}", phone.as_str());
    let subject = account_id.unwrap_or(&miss);
    ratelimit::guard(conn, SMS_ACCOUNT, subject)?;
    ratelimit::guard(conn, SMS_PHONE, phone.as_str())?;
    let (by_account, by_phone) = store::last_code_times(conn, Some(subject), phone.as_str())?;
    if let Some(last) = by_phone.filter(|t| now < *t + cooldown) {
        return Err(cooldown_problem(ratelimit::seconds_until(
            now,
            last + cooldown,
        )));
    }
    phone_daily_cap(conn, ctx, phone)?;
    charge_sms_ip(conn, ctx)?;
    let account_cooling = by_account.is_some_and(|t| now < t + cooldown);
    let account_capped = account_daily_cap(conn, ctx, subject).is_err();
    Ok(account_id.is_some() && !account_cooling && !account_capped)
}

fn cooldown_problem(wait: u64) -> AppError {
    too_soon(
        "code_cooldown",
        format!("校验码发送过于频繁，请 {wait} 秒后再试。"),
        format!("Too soon; wait {wait} s."),
        wait,
    )
}

fn phone_daily_cap(conn: &mut DbConnection, ctx: &Ctx, phone: &Mobile) -> Result<(), AppError> {
    let per_phone = ctx.config.identity.sms_daily_per_phone;
    daily_codes_within(
        conn,
        store::Recipient::Phone(phone.as_str()),
        per_phone,
        ctx.ts(),
        "phone_daily_limit",
        Text::new(
            format!("这个手机号今天已收到 {per_phone} 条校验码，达到上限，请明天再试。"),
            format!("This number got {per_phone} codes today, the most allowed; try tomorrow."),
        ),
    )
}

fn account_daily_cap(conn: &mut DbConnection, ctx: &Ctx, account_id: &str) -> Result<(), AppError> {
    let per_account = ctx.config.identity.sms_daily_per_account;
    daily_codes_within(
        conn,
        store::Recipient::Account(account_id),
        per_account,
        ctx.ts(),
        "account_daily_limit",
        Text::new(
            format!("今天已为这个账号发送 {per_account} 条校验码，达到上限，请明天再试。"),
            format!(
                "This account was sent {per_account} codes today, the most allowed; try tomorrow."
            ),
        ),
    )
}

fn charge_sms_ip(conn: &mut DbConnection, ctx: &Ctx) -> Result<(), AppError> {
    let ip_limit = ctx.config.identity.ip_sms_daily_codes;
    match ratelimit::charge_ip(conn, ctx, SMS_IP, ip_limit, Duration::days(1))? {
        None => Ok(()),
        Some(wait) => Err(AppError::too_many_requests(
            "too_many_requests_from_ip",
            Text::new(
                "来自您网络的校验码请求过于频繁，请稍后再试。",
                "Too many code requests from your network; try again later.",
            ),
            wait,
        )),
    }
}

/// 429 `code` (with `text`) once `recipient` was sent `limit` codes within the last day; the wait
/// lasts until the oldest of them is a day old.
fn daily_codes_within(
    conn: &mut DbConnection,
    recipient: store::Recipient,
    limit: u32,
    now: NaiveDateTime,
    code: &'static str,
    text: Text,
) -> Result<(), AppError> {
    let (sent, oldest) = store::codes_since(conn, recipient, now - Duration::days(1))?;
    if sent < i64::from(limit) {
        return Ok(());
    }
    let wait = ratelimit::seconds_until(now, oldest.unwrap_or(now) + Duration::days(1));
    Err(AppError::too_many_requests(code, text, wait))
}

/// A 400 about the `code` field.
pub fn code_problem(code: &'static str, zh: String, en: String) -> AppError {
    let text = Text::new(zh, en);
    AppError::bad_request(code, text.clone()).with_field(FieldError::new("code", code, text))
}

/// 400 `code_dead`: too many wrong tries.
pub fn code_dead() -> AppError {
    code_problem(
        "code_dead",
        "校验码输错次数过多，已失效，请重新获取。".into(),
        "Too many wrong tries: the code is dead; request a new one.".into(),
    )
}

/// The field error of a typed code that is not six digits.
pub fn code_format_error(typed: &str) -> Option<FieldError> {
    let ok = typed.len() == 6 && typed.bytes().all(|b| b.is_ascii_digit());
    (!ok).then(|| {
        FieldError::new(
            "code",
            "code_format",
            Text::new("校验码是 6 位数字。", "The code has 6 digits."),
        )
    })
}

/// Checks the code typed for `raw_phone` (step 5) and confirms the phone.
pub fn verify_code(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    raw_phone: &str,
    raw_code: &str,
) -> Result<String, AppError> {
    let phone = Mobile::parse(raw_phone, "phone");
    let typed = raw_code.trim();
    let phone = match (phone, code_format_error(typed)) {
        (Ok(p), None) => p,
        (p, c) => return Err(AppError::validation(p.err().into_iter().chain(c).collect())),
    };
    let account = accounts::get(conn, account_id)?;
    if account.id_number.is_none() {
        return Err(identity_required());
    }
    let code_id = check_code(conn, ctx, account_id, &phone, typed)?;
    if !store::confirm_phone(conn, account_id, &code_id, phone.as_str(), ctx.ts())? {
        return Err(code_used());
    }
    Ok(phone.as_str().to_owned())
}

fn code_used() -> AppError {
    code_problem(
        "code_used",
        "这个校验码已经用过，请重新获取。".into(),
        "This code was already used; request a new one.".into(),
    )
}

/// Checks `typed` against the newest code sent to `phone` for the account, counting the try;
/// returns the code's id (use it with `store::confirm_phone`). 400 `code_dead` once the tries
/// are spent.
pub fn check_code(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    phone: &Mobile,
    typed: &str,
) -> Result<String, AppError> {
    let limits = &ctx.config.identity;
    let now = ctx.ts();
    let Some(stored) = store::latest_code(conn, account_id, phone.as_str())? else {
        return Err(code_problem(
            "code_not_requested",
            "请先点击“发送”获取校验码。".into(),
            "Request a code first.".into(),
        ));
    };
    let max = limits.sms_max_attempts as i32;
    if stored.used_at.is_some() {
        return Err(code_used());
    }
    if stored.failed_attempts >= max {
        return Err(code_dead());
    }
    if now >= stored.expires_at {
        return Err(code_expired());
    }
    // The try is counted before the code is compared, under the code's guard, so parallel
    // guesses cannot all pass the same count: after `max` tries nothing more is compared.
    let tries = crate::db::write_transaction(conn, |conn| {
        ratelimit::guard(conn, SMS_CODE_TRIES, &stored.id)?;
        store::take_try(conn, &stored.id, max)
    })?;
    let Some(tries) = tries else {
        return Err(code_dead());
    };
    if sms::code_hash(&ctx.code_key, account_id, phone.as_str(), typed) != stored.code_hash {
        return Err(code_incorrect(max - tries));
    }
    Ok(stored.id)
}

/// 400 `code_incorrect` with the tries left, or `code_dead` when none is.
pub fn code_incorrect(left: i32) -> AppError {
    if left > 0 {
        code_problem(
            "code_incorrect",
            format!("校验码不正确，还可以再试 {left} 次。"),
            format!("Wrong code; {left} tries left."),
        )
    } else {
        code_dead()
    }
}

/// 400 `code_expired`.
pub fn code_expired() -> AppError {
    code_problem(
        "code_expired",
        "校验码已过期，请重新获取。".into(),
        "The code has expired; request a new one.".into(),
    )
}

/// What the student confirms before completing.
#[derive(Debug, Clone)]
pub struct Summary {
    pub email: String,
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub phone_verified: bool,
    pub records_found: Option<bool>,
}

/// The registration so far.
pub fn summary(conn: &mut DbConnection, account_id: &str) -> Result<Summary, AppError> {
    let a = accounts::get(conn, account_id)?;
    let records_found = match (&a.name, &a.id_number) {
        (Some(n), Some(i)) => Some(store::records_exist(conn, n, i)?),
        _ => None,
    };
    Ok(Summary {
        email: a.email,
        name: a.name,
        id_number: a.id_number,
        phone_verified: a.phone_verified_at.is_some(),
        phone: a.phone.filter(|_| a.phone_verified_at.is_some()),
        records_found,
    })
}

/// Completes the registration (step 6): the account becomes active and the activation link dies.
pub fn complete(conn: &mut DbConnection, ctx: &Ctx, account_id: &str) -> Result<(), AppError> {
    let a = accounts::get(conn, account_id)?;
    let Some(id_number) = a.id_number.clone() else {
        return Err(identity_required());
    };
    if a.phone_verified_at.is_none() {
        return Err(AppError::conflict(
            "phone_not_verified",
            Text::new(
                "请先完成手机确认（输入短信校验码）。",
                "Confirm the phone number with its SMS code first.",
            ),
        ));
    }
    let now: NaiveDateTime = ctx.ts();
    crate::db::write_transaction(conn, |conn| {
        if store::id_number_taken(conn, &id_number, account_id)? {
            return Err(id_number_taken());
        }
        store::complete(conn, account_id, now).map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => id_number_taken(),
            other => other.into(),
        })?;
        accounts::use_all_tokens(conn, account_id, TokenPurpose::Activation, now)?;
        crate::accounts::service::audit_own(
            conn,
            ctx,
            account_id,
            "account.registration_completed",
            Some(json!({"status": "activated"})),
            Some(
                json!({"status": "active", "name": a.name, "id_number": crate::rules::id_number::mask(&id_number), "phone": a.phone}),
            ),
        )?;
        Ok(())
    })
}

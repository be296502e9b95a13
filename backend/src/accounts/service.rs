//! The rules of accounts: who may register, activate, log in, refresh, reset. No HTTP here:
//! functions take a connection and a [`Ctx`] and return domain results or an [`AppError`].
//!
//! The operations that hash or verify a password are `async` and take the [`Db`] and the
//! [`HashPool`] instead: they do the cheap checks in one short database step, release the
//! connection, wait for the hashing pool, then write in a second short step, so a slow hash never
//! holds a connection and a refused request never costs a hash.

use chrono::Duration;
use serde_json::json;

use super::extract::RegistrationUser;
use super::store::{self, Account, TokenPurpose};
use super::{emails, AccountStatus};
use crate::audit;
use crate::auth::hash_pool::HashPool;
use crate::auth::jwt::TokenKind;
use crate::auth::login_guard::{self, Attempt, Credentials};
use crate::auth::session_limits::SessionLimits;
use crate::auth::tokens;
pub use crate::context::Ctx;
use crate::db::{Db, DbConnection};
use crate::error::{AppError, FieldError, Text};
use crate::outbox;
use crate::ratelimit;
use crate::rules::{Email, Password};

// Rate-limit buckets.
/// Failed student logins per email (the lockout bucket).
pub const LOGIN_FAILURE_ACCOUNT: &str = "login_failure";
const REGISTRATION_IP: &str = "registration_ip";
const MAIL_REQUEST_IP: &str = "mail_request_ip";
const ACTIVATION_MAIL: &str = "activation_mail";
const RESET_MAIL: &str = "reset_mail";

/// A newly registered account.
#[derive(Debug, Clone)]
pub struct Registered {
    pub id: String,
    pub email: String,
}

/// Checks an email, a password and the consent to the privacy notice for registration,
/// reporting every field at once.
pub fn validate_registration(
    raw_email: &str,
    raw_password: &str,
    consent_version: Option<&str>,
) -> Result<(Email, Password), AppError> {
    let email = Email::parse(raw_email, "email");
    let password = match &email {
        Ok(e) => Password::parse(raw_password, e, "password").map(Some),
        // Without a valid email only the email-independent rules can be checked.
        Err(_) => Password::parse_without_email(raw_password, "password").map(|_| None),
    };
    let consent = super::consent::check_version(consent_version, "consent_version");
    match (email, password, consent) {
        (Ok(e), Ok(Some(p)), Ok(())) => Ok((e, p)),
        (e, p, c) => Err(AppError::validation(
            e.err().into_iter().chain(p.err()).chain(c.err()).collect(),
        )),
    }
}

/// Refuses when `ip` made `limit` requests of `bucket` within `window`, else counts this one.
fn ip_budget(
    conn: &mut DbConnection,
    ctx: &Ctx,
    bucket: &str,
    per_hour: u32,
) -> Result<(), AppError> {
    match ratelimit::charge_ip(conn, ctx, bucket, per_hour, Duration::hours(1))? {
        None => Ok(()),
        Some(wait) => Err(AppError::too_many_requests(
            "too_many_requests_from_ip",
            Text::new(
                "来自您网络的请求过于频繁，请稍后再试。",
                "Too many requests from your network; try again later.",
            ),
            wait,
        )),
    }
}

/// Registers an account: the per-IP budget and the duplicate-email check run before the
/// password is hashed, so neither a flood from one address nor a taken email costs a hash.
pub async fn register(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    email: Email,
    password: Password,
) -> Result<Registered, AppError> {
    let (c, e) = (ctx.clone(), email.clone());
    db.run(move |conn| admit_registration(conn, &c, &e)).await?;
    let hash = hashes.hash(password.expose().to_owned()).await?;
    db.run(move |conn| create_account(conn, &ctx, &email, &hash))
        .await
}

/// Charges the per-IP registration budget and refuses an email that is already registered.
fn admit_registration(conn: &mut DbConnection, ctx: &Ctx, email: &Email) -> Result<(), AppError> {
    ip_budget(
        conn,
        ctx,
        REGISTRATION_IP,
        ctx.config.auth.ip_registrations_per_hour,
    )?;
    if store::find_by_email(conn, email.as_str())?.is_some() {
        return Err(email_taken());
    }
    Ok(())
}

/// Creates the account (waiting for activation) and queues its activation email, atomically.
/// A registration of the same email that won a race is refused like a taken email.
fn create_account(
    conn: &mut DbConnection,
    ctx: &Ctx,
    email: &Email,
    password_hash: &str,
) -> Result<Registered, AppError> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = ctx.ts();
    crate::db::write_transaction(conn, |conn| {
        store::insert(conn, &id, email.as_str(), password_hash, now).map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => email_taken(),
            other => other.into(),
        })?;
        queue_activation_mail(conn, ctx, &id, email.as_str())?;
        // Registration is only accepted with the current version (checked before hashing).
        store::give_consent(conn, &id, super::consent::NOTICE_VERSION, now)?;
        let after = json!({
            "email": email.as_str(),
            "status": AccountStatus::PendingActivation.as_str(),
            "consent_version": super::consent::NOTICE_VERSION,
        });
        audit_own(conn, ctx, &id, "account.created", None, Some(after))?;
        Ok(Registered {
            id: id.clone(),
            email: email.as_str().to_owned(),
        })
    })
}

fn email_taken() -> AppError {
    AppError::conflict(
        "email_taken",
        Text::new(
            "该邮箱已注册。如果是您本人注册的，请直接登录或找回密码。",
            "This email is already registered; log in or reset the password.",
        ),
    )
    .with_field(FieldError::new(
        "email",
        "email_taken",
        Text::new(
            "该邮箱已注册，每个邮箱只能注册一次。",
            "This email is already registered.",
        ),
    ))
}

fn queue_activation_mail(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    to: &str,
) -> Result<(), AppError> {
    let (token, hash) = tokens::generate();
    let hours = ctx.config.auth.activation_ttl_hours;
    let now = ctx.ts();
    store::insert_token(
        conn,
        &hash,
        account_id,
        TokenPurpose::Activation,
        now,
        now + Duration::hours(hours as i64),
    )?;
    outbox::enqueue(
        conn,
        now,
        emails::activation(to, &ctx.config.public_url, &token, hours),
    )?;
    ratelimit::record(conn, ACTIVATION_MAIL, account_id, now)?;
    Ok(())
}

/// Whether an email of `bucket` went to the account less than the cooldown ago.
fn in_cooldown(
    conn: &mut DbConnection,
    ctx: &Ctx,
    bucket: &str,
    account_id: &str,
) -> Result<bool, AppError> {
    let last = ratelimit::latest(conn, bucket, account_id)?;
    let cooldown = Duration::seconds(ctx.config.auth.mail_cooldown_secs as i64);
    Ok(last.is_some_and(|at| ctx.ts() < at + cooldown))
}

/// The account a "send me an email" request is for, after checking the address and counting the
/// request against the per-IP budget. `None`, which the caller answers like success, when no
/// account has the address, when `due` refuses its status, or when the last such email
/// (`bucket`) is within the cooldown.
fn mail_request_target(
    conn: &mut DbConnection,
    ctx: &Ctx,
    raw_email: &str,
    due: fn(AccountStatus) -> bool,
    bucket: &str,
) -> Result<Option<Account>, AppError> {
    let email = Email::parse(raw_email, "email").map_err(|e| AppError::validation(vec![e]))?;
    ip_budget(
        conn,
        ctx,
        MAIL_REQUEST_IP,
        ctx.config.auth.ip_mail_requests_per_hour,
    )?;
    let Some(account) = store::find_by_email(conn, email.as_str())? else {
        return Ok(None);
    };
    if !due(account.status()) || in_cooldown(conn, ctx, bucket, &account.id)? {
        return Ok(None);
    }
    Ok(Some(account))
}

/// Whether an account still waits for its activation email.
fn awaits_activation(status: AccountStatus) -> bool {
    matches!(
        status,
        AccountStatus::PendingActivation | AccountStatus::Activated
    )
}

/// Sends the activation email again, at most once per cooldown per account. Says nothing about
/// whether the address exists: the caller answers the same in every case.
pub fn resend_activation(
    conn: &mut DbConnection,
    ctx: &Ctx,
    raw_email: &str,
) -> Result<(), AppError> {
    let target = mail_request_target(conn, ctx, raw_email, awaits_activation, ACTIVATION_MAIL)?;
    let Some(account) = target else {
        return Ok(());
    };
    crate::db::write_transaction(conn, |conn| {
        queue_activation_mail(conn, ctx, &account.id, &account.email)
    })
}

/// Sends the activation email again for a support agent: 409 once the registration is complete,
/// 429 within the cooldown (which protects the student's inbox from anyone).
pub fn resend_activation_for(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account: &Account,
) -> Result<(), AppError> {
    if !awaits_activation(account.status()) {
        return Err(AppError::conflict(
            "registration_complete",
            Text::new(
                "该账号已完成注册（或已停用），无需激活邮件。",
                "The account has finished registering (or is disabled); no activation email is needed.",
            ),
        ));
    }
    if in_cooldown(conn, ctx, ACTIVATION_MAIL, &account.id)? {
        let wait = ctx.config.auth.mail_cooldown_secs;
        return Err(AppError::too_many_requests(
            "email_cooldown",
            Text::new(
                "激活邮件刚刚发送过，请稍后再试。",
                "An activation email was sent moments ago; try again shortly.",
            ),
            wait,
        ));
    }
    queue_activation_mail(conn, ctx, &account.id, &account.email)
}

/// A token for the remaining registration steps.
#[derive(Debug, Clone)]
pub struct RegistrationGrant {
    pub registration_token: String,
    pub expires_in: u64,
}

fn registration_grant(ctx: &Ctx, account_id: &str) -> Result<RegistrationGrant, AppError> {
    let ttl = ctx.config.auth.registration_token_ttl_mins * 60;
    let token = ctx
        .jwt
        .issue(TokenKind::Registration, account_id, None, ctx.now, ttl)?;
    Ok(RegistrationGrant {
        registration_token: token,
        expires_in: ttl,
    })
}

fn link_problem(code: &'static str, zh: &'static str, en: &'static str) -> AppError {
    AppError::bad_request(code, Text::new(zh, en)).with_field(FieldError::new(
        "token",
        code,
        Text::new(zh, en),
    ))
}

/// Uses an activation link: activates the account (the first time) and returns a registration
/// token. Presenting the link again while the registration is unfinished continues it; once the
/// registration is complete the link is dead.
pub fn activate(
    conn: &mut DbConnection,
    ctx: &Ctx,
    token: &str,
) -> Result<RegistrationGrant, AppError> {
    let now = ctx.ts();
    let found = store::find_token(conn, &tokens::hash(token), TokenPurpose::Activation)?;
    let Some(stored) = found else {
        return Err(link_problem(
            "token_invalid",
            "激活链接无效，请检查链接是否完整，或重新发送激活邮件。",
            "The activation link is not valid; check it or request a new one.",
        ));
    };
    let account = store::get(conn, &stored.account_id)?;
    match account.status() {
        AccountStatus::Active => {
            return Err(AppError::conflict(
                "registration_complete",
                Text::new(
                    "该账号已完成注册，激活链接已失效，请直接登录。",
                    "This account is already registered; log in.",
                ),
            ))
        }
        AccountStatus::Disabled | AccountStatus::Closed => return Err(account_disabled()),
        _ => {}
    }
    if stored.used_at.is_some() || now >= stored.expires_at {
        return Err(link_problem(
            "token_expired",
            "激活链接已过期，请重新发送激活邮件。",
            "The activation link has expired; request a new one.",
        ));
    }
    if account.status() == AccountStatus::PendingActivation {
        crate::db::write_transaction(conn, |conn| {
            store::mark_activated(conn, &account.id, now)?;
            let before = json!({"status": AccountStatus::PendingActivation.as_str()});
            let after = json!({"status": AccountStatus::Activated.as_str()});
            audit_own(
                conn,
                ctx,
                &account.id,
                "account.activated",
                Some(before),
                Some(after),
            )
        })?;
    }
    registration_grant(ctx, &account.id)
}

fn account_disabled() -> AppError {
    AppError::forbidden(
        "account_disabled",
        Text::new(
            "该账号已被停用，请联系客服。",
            "This account is disabled; contact support.",
        ),
    )
}

/// The tokens of a logged-in session.
#[derive(Debug, Clone)]
pub struct SessionTokens {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: u64,
    /// The absolute end of the session: no refresh goes past it.
    pub session_expires_at: chrono::NaiveDateTime,
    /// The account has not agreed to the current privacy notice yet.
    pub consent_required: bool,
}

/// What a successful login gives.
#[derive(Debug, Clone)]
pub enum LoginOutcome {
    /// A complete account: a session.
    Session(SessionTokens),
    /// An activated account that has not finished registering: only the way to finish it.
    RegistrationIncomplete(RegistrationGrant),
}

use login_guard::invalid_credentials;

/// Checks a student's email and password like a login (lockout, throttle, the hashing pool):
/// the attempt to count, the account of the email if any, and whether the password is right.
pub async fn check_student_password(
    db: &Db,
    hashes: &HashPool,
    ctx: &Ctx,
    credentials: Credentials,
) -> Result<(Attempt, Option<Account>, bool), AppError> {
    login_guard::check_login(
        db,
        hashes,
        ctx,
        LOGIN_FAILURE_ACCOUNT,
        credentials,
        store::find_by_email,
        |a| &a.password_hash,
    )
    .await
}

/// Logs in with email and password, enforcing the per-account lockout and the per-IP throttle.
/// Deliberately not one transaction: failed attempts must be recorded even though the call fails.
pub async fn login(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    credentials: Credentials,
    remember_me: bool,
) -> Result<LoginOutcome, AppError> {
    let (attempt, account, password_ok) =
        check_student_password(db, hashes, &ctx, credentials).await?;
    db.run(move |conn| finish_login(conn, &ctx, &attempt, account, password_ok, remember_me))
        .await
}

/// Counts the outcome of a checked password and answers the login.
fn finish_login(
    conn: &mut DbConnection,
    ctx: &Ctx,
    attempt: &Attempt,
    account: Option<Account>,
    password_ok: bool,
    remember_me: bool,
) -> Result<LoginOutcome, AppError> {
    if !password_ok {
        let (failures, locked_until) = login_guard::failed(conn, ctx, attempt)?;
        if let Some(a) = &account {
            audit_login(
                conn,
                ctx,
                a,
                "account.login_failed",
                json!({"failures_in_window": failures}),
            )?;
            if let Some(until) = locked_until {
                audit_login(
                    conn,
                    ctx,
                    a,
                    "account.locked",
                    json!({"locked_until": until.and_utc().to_rfc3339()}),
                )?;
            }
        }
        return Err(invalid_credentials());
    }
    let account = account.expect("a verified password belongs to an account");
    login_guard::succeeded(conn, attempt)?;
    match account.status() {
        AccountStatus::PendingActivation => Err(AppError::forbidden(
            "account_not_activated",
            Text::new(
                "账号尚未激活。请打开注册时收到的激活邮件中的链接；没有收到可以重新发送。",
                "The account is not activated yet; open the link in the activation email, or request it again.",
            ),
        )),
        AccountStatus::Disabled => Err(account_disabled()),
        // Only its tombstone address leads here; answered like a wrong password, so nothing
        // tells that the account existed.
        AccountStatus::Closed => Err(invalid_credentials()),
        AccountStatus::Activated => Ok(LoginOutcome::RegistrationIncomplete(registration_grant(ctx, &account.id)?)),
        AccountStatus::Active => Ok(LoginOutcome::Session(SessionTokens {
            consent_required: !super::consent::is_current(account.consent_version.as_deref()),
            ..start_session(conn, ctx, &account.id, remember_me)?
        })),
    }
}

fn audit_login(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account: &Account,
    action: &str,
    after: serde_json::Value,
) -> Result<(), AppError> {
    record(
        conn,
        ctx,
        audit::Event {
            actor_id: None,
            actor_role: "anonymous",
            action,
            target_type: "account",
            target_id: &account.id,
            after: Some(json!({"ip": ctx.ip, "detail": after})),
            request_id: ctx.request_id.as_deref(),
            ..Default::default()
        },
    )?;
    Ok(())
}

fn access_token(ctx: &Ctx, account_id: &str, session_id: &str) -> Result<(String, u64), AppError> {
    let ttl = ctx.config.auth.access_token_ttl_secs;
    Ok((
        ctx.jwt.issue(
            TokenKind::Access,
            account_id,
            Some(session_id),
            ctx.now,
            ttl,
        )?,
        ttl,
    ))
}

/// Starts a session whose absolute end is fixed now (longer with 记住我).
fn start_session(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    remember_me: bool,
) -> Result<SessionTokens, AppError> {
    let session_id = uuid::Uuid::new_v4().to_string();
    let (refresh_token, refresh_hash) = tokens::generate();
    let now = ctx.ts();
    let limits = SessionLimits::of(&ctx.config.auth, remember_me);
    let session = store::NewSession {
        id: &session_id,
        account_id,
        remember_me,
        now,
        expires_at: limits.session_end(now),
    };
    let refresh_expires_at = limits.refresh_token_end(now, session.expires_at);
    store::insert_session(conn, &session, &refresh_hash, refresh_expires_at)?;
    let (access_token, expires_in) = access_token(ctx, account_id, &session_id)?;
    Ok(SessionTokens {
        access_token,
        refresh_token,
        expires_in,
        session_expires_at: session.expires_at,
        consent_required: false,
    })
}

fn refresh_invalid() -> AppError {
    AppError::unauthorized(
        "refresh_token_invalid",
        Text::new(
            "登录已失效，请重新登录。",
            "The refresh token is not valid; log in again.",
        ),
    )
}

/// Exchanges a refresh token for a new pair. A token that was already used means it leaked (or
/// two clients share it): the whole session is revoked.
pub fn refresh(
    conn: &mut DbConnection,
    ctx: &Ctx,
    refresh_token: &str,
) -> Result<SessionTokens, AppError> {
    let now = ctx.ts();
    let hash = tokens::hash(refresh_token);
    let Some(found) = store::find_refresh_token(conn, &hash)? else {
        return Err(refresh_invalid());
    };
    let session = found.session;
    if session.revoked_at.is_some() || now >= session.expires_at || now >= found.expires_at {
        return Err(refresh_invalid());
    }
    let reused = found.used_at.is_some();
    let outcome = if reused {
        None
    } else {
        crate::db::write_transaction(conn, |conn| {
            if !store::use_refresh_token(conn, &hash, now)? {
                return Ok(None);
            }
            let (next, next_hash) = tokens::generate();
            // The idle limit starts again; the session's absolute end stays where login put it.
            let expires = SessionLimits::of(&ctx.config.auth, session.remember_me)
                .refresh_token_end(now, session.expires_at);
            store::insert_refresh_token(conn, &next_hash, &session.id, now, expires)?;
            let (access_token, expires_in) = access_token(ctx, &session.account_id, &session.id)?;
            Ok::<_, AppError>(Some(SessionTokens {
                access_token,
                refresh_token: next,
                expires_in,
                session_expires_at: session.expires_at,
                consent_required: false,
            }))
        })?
    };
    match outcome {
        Some(tokens) => match store::find_by_id(conn, &session.account_id)? {
            Some(a) if a.status() == AccountStatus::Active => Ok(SessionTokens {
                consent_required: !super::consent::is_current(a.consent_version.as_deref()),
                ..tokens
            }),
            _ => Err(refresh_invalid()),
        },
        None => {
            store::revoke_session(conn, &session.id, "refresh_token_reused", now)?;
            audit::record(
                conn,
                &ctx.audit_key,
                now,
                audit::Event {
                    actor_role: "system",
                    action: "session.revoked_on_token_reuse",
                    target_type: "account",
                    target_id: &session.account_id,
                    after: Some(json!({"session_id": session.id, "ip": ctx.ip})),
                    request_id: ctx.request_id.as_deref(),
                    ..Default::default()
                },
            )?;
            Err(AppError::unauthorized(
                "refresh_token_reused",
                Text::new(
                    "此登录凭证已被使用过，为了安全已退出该会话，请重新登录。",
                    "This refresh token was already used; the session was ended for safety. Log in again.",
                ),
            ))
        }
    }
}

/// Gives up an unfinished registration in this browser (退出注册): its token is refused from now
/// on, so the next user of the tab cannot read what was entered. The account stays activated; its
/// owner continues by logging in again.
pub fn abandon_registration(
    conn: &mut DbConnection,
    ctx: &Ctx,
    user: &RegistrationUser,
) -> Result<(), AppError> {
    let (account_id, token_hash) = (user.account_id.as_str(), user.token_hash.as_str());
    let expires_at = chrono::DateTime::from_timestamp(user.token_expires_at, 0)
        .map(|t| t.naive_utc())
        .unwrap_or_else(|| ctx.ts());
    crate::db::write_transaction(conn, |conn| {
        // Two 退出注册 at once (a double click) must not both insert: the second finds it done.
        crate::ratelimit::guard(conn, "registration_abandoned", token_hash)?;
        if store::registration_token_abandoned(conn, token_hash)? {
            return Ok(());
        }
        store::abandon_registration_token(conn, token_hash, account_id, expires_at)?;
        audit_own(
            conn,
            ctx,
            account_id,
            "registration.abandoned",
            None,
            Some(json!({"ip": ctx.ip})),
        )?;
        Ok::<_, AppError>(())
    })
}

/// Ends one session (logout).
pub fn logout(conn: &mut DbConnection, ctx: &Ctx, session_id: &str) -> Result<(), AppError> {
    store::revoke_session(conn, session_id, "logout", ctx.ts())?;
    Ok(())
}

/// Ends every session of the account (logout everywhere).
pub fn logout_everywhere(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
) -> Result<(), AppError> {
    store::revoke_sessions_of(conn, account_id, None, "logout_everywhere", ctx.ts())?;
    Ok(())
}

/// Sends a password-reset link, at most once per cooldown per account; silent about unknown emails.
pub fn request_password_reset(
    conn: &mut DbConnection,
    ctx: &Ctx,
    raw_email: &str,
) -> Result<(), AppError> {
    let may_reset =
        |s: AccountStatus| matches!(s, AccountStatus::Active | AccountStatus::Activated);
    let target = mail_request_target(conn, ctx, raw_email, may_reset, RESET_MAIL)?;
    let Some(account) = target else {
        return Ok(());
    };
    let now = ctx.ts();
    let minutes = ctx.config.auth.reset_ttl_mins;
    crate::db::write_transaction(conn, |conn| {
        let (token, hash) = tokens::generate();
        store::insert_token(
            conn,
            &hash,
            &account.id,
            TokenPurpose::PasswordReset,
            now,
            now + Duration::minutes(minutes as i64),
        )?;
        outbox::enqueue(
            conn,
            now,
            emails::password_reset(&account.email, &ctx.config.public_url, &token, minutes),
        )?;
        ratelimit::record(conn, RESET_MAIL, &account.id, now)?;
        Ok(())
    })
}

/// Sets a new password with a reset link; the link dies and every session is revoked. The link
/// and the new password are checked before the password is hashed.
pub async fn confirm_password_reset(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    token: String,
    new_password: String,
) -> Result<(), AppError> {
    let hash = tokens::hash(&token);
    let c = ctx.clone();
    let h = hash.clone();
    let account = db.run(move |conn| reset_link_account(conn, &c, &h)).await?;
    let password = new_password_for(&account, &new_password)?;
    let password_hash = hashes.hash(password.expose().to_owned()).await?;
    db.run(move |conn| {
        let now = ctx.ts();
        crate::db::write_transaction(conn, |conn| {
            if !store::use_token(conn, &hash, now)? {
                return Err(reset_link_used());
            }
            store::use_all_tokens(conn, &account.id, TokenPurpose::PasswordReset, now)?;
            let revoked = set_password(
                conn,
                &account.id,
                &password_hash,
                None,
                "password_reset",
                now,
            )?;
            ratelimit::clear(conn, LOGIN_FAILURE_ACCOUNT, &account.email)?;
            let after = json!({"sessions_revoked": revoked});
            audit_own(
                conn,
                &ctx,
                &account.id,
                "account.password_reset",
                None,
                Some(after),
            )
        })
    })
    .await
}

fn reset_link_used() -> AppError {
    link_problem(
        "token_used",
        "该重置链接已经用过，请重新申请。",
        "This reset link was already used; request a new one.",
    )
}

/// The account of a reset link that is still good (by the hash of its token).
fn reset_link_account(
    conn: &mut DbConnection,
    ctx: &Ctx,
    token_hash: &str,
) -> Result<Account, AppError> {
    let stored = store::find_token(conn, token_hash, TokenPurpose::PasswordReset)?;
    let stored = stored.ok_or_else(|| {
        link_problem(
            "token_invalid",
            "重置链接无效，请检查链接是否完整，或重新申请。",
            "The reset link is not valid; request a new one.",
        )
    })?;
    if stored.used_at.is_some() {
        return Err(reset_link_used());
    }
    if ctx.ts() >= stored.expires_at {
        return Err(link_problem(
            "token_expired",
            "重置链接已过期，请重新申请。",
            "The reset link has expired; request a new one.",
        ));
    }
    Ok(store::get(conn, &stored.account_id)?)
}

/// Why a student's current password is asked for: names the field of the error and the lockout
/// audit event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnPassword {
    /// Changing the password (`current_password`).
    Change,
    /// Closing the account (`password`).
    Closure,
}

impl OwnPassword {
    /// 422 `password_incorrect` on the field this check reads.
    fn incorrect(self) -> AppError {
        let (field, text) = match self {
            Self::Change => (
                "current_password",
                Text::new("当前密码不正确。", "The current password is not correct."),
            ),
            Self::Closure => (
                "password",
                Text::new("密码不正确。", "The password is not correct."),
            ),
        };
        AppError::validation(vec![FieldError::new(field, "password_incorrect", text)])
    }

    /// What the audit event of a lockout caused here says besides when it ends. A closure
    /// leaves out the IP: the log is kept for good, past the erasure the closure promises.
    fn lock_note(self, ctx: &Ctx, until: chrono::NaiveDateTime) -> serde_json::Value {
        let until = until.and_utc().to_rfc3339();
        match self {
            Self::Change => json!({"locked_until": until, "ip": ctx.ip, "via": "password_change"}),
            Self::Closure => json!({"locked_until": until, "via": "account_closure"}),
        }
    }
}

/// Checks a logged-in student's own password like a login: a locked account is refused (429)
/// before any check, so a stolen access token cannot guess with it; a right password forgets the
/// earlier failures, a wrong one counts toward the lockout (audited when it locks the account)
/// and answers 422 `password_incorrect`. Returns the account.
pub async fn check_own_password(
    db: &Db,
    hashes: &HashPool,
    ctx: &Ctx,
    account_id: String,
    password: String,
    why: OwnPassword,
) -> Result<Account, AppError> {
    if password.is_empty() {
        return Err(why.incorrect());
    }
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
    let (c, id) = (ctx.clone(), account.id.clone());
    db.run(move |conn| {
        if right {
            return login_guard::succeeded(conn, &attempt);
        }
        let (_, locked_until) = login_guard::failed(conn, &c, &attempt)?;
        if let Some(until) = locked_until {
            let after = why.lock_note(&c, until);
            audit_own(conn, &c, &id, "account.locked", None, Some(after))?;
        }
        Ok(())
    })
    .await?;
    if right {
        Ok(account)
    } else {
        Err(why.incorrect())
    }
}

/// Changes the password of a logged-in account; other sessions end, this one stays. Wrong
/// current passwords count toward the account's login lockout, and a locked account is refused
/// (429) before any check, so a stolen access token cannot be used to guess the password.
pub async fn change_password(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    account_id: String,
    session_id: String,
    current: String,
    new_password: String,
) -> Result<(), AppError> {
    let account = check_own_password(
        db,
        hashes,
        &ctx,
        account_id,
        current.clone(),
        OwnPassword::Change,
    )
    .await?;
    crate::rules::password::differs(&current, &new_password, "new_password")
        .map_err(|e| AppError::validation(vec![e]))?;
    let password = new_password_for(&account, &new_password)?;
    let password_hash = hashes.hash(password.expose().to_owned()).await?;
    db.run(move |conn| {
        let now = ctx.ts();
        crate::db::write_transaction(conn, |conn| {
            let keep = Some(session_id.as_str());
            let revoked = set_password(
                conn,
                &account.id,
                &password_hash,
                keep,
                "password_changed",
                now,
            )?;
            let after = json!({"other_sessions_revoked": revoked});
            audit_own(
                conn,
                &ctx,
                &account.id,
                "account.password_changed",
                None,
                Some(after),
            )
        })
    })
    .await
}

/// Stores a new password hash and ends every session but `keep` (the old password opened
/// them); returns how many ended.
fn set_password(
    conn: &mut DbConnection,
    account_id: &str,
    password_hash: &str,
    keep: Option<&str>,
    why: &str,
    now: chrono::NaiveDateTime,
) -> Result<usize, AppError> {
    store::set_password(conn, account_id, password_hash, now)?;
    Ok(store::revoke_sessions_of(conn, account_id, keep, why, now)?)
}

/// Records a change a student made to their own account.
pub fn audit_own(
    conn: &mut DbConnection,
    ctx: &Ctx,
    account_id: &str,
    action: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), AppError> {
    record(
        conn,
        ctx,
        audit::Event {
            actor_id: Some(account_id),
            actor_role: "student",
            action,
            target_type: "account",
            target_id: account_id,
            before,
            after,
            request_id: ctx.request_id.as_deref(),
            ..Default::default()
        },
    )?;
    Ok(())
}

/// Appends `event` to the audit log at the request's time.
fn record(conn: &mut DbConnection, ctx: &Ctx, event: audit::Event<'_>) -> Result<(), AppError> {
    Ok(audit::record(conn, &ctx.audit_key, ctx.ts(), event)?)
}

/// Checks a new password against the rules for `account`.
fn new_password_for(account: &Account, raw: &str) -> Result<Password, AppError> {
    let email = Email::parse(&account.email, "email")
        .map_err(|e| AppError::internal(anyhow::anyhow!("stored email invalid: {e:?}")))?;
    Password::parse(raw, &email, "new_password").map_err(|e| AppError::validation(vec![e]))
}

/// The account, for its owner.
pub fn me(conn: &mut DbConnection, account_id: &str) -> Result<Account, AppError> {
    Ok(store::get(conn, account_id)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registration_reports_email_and_password_problems_together() {
        let err = validate_registration(
            "not-an-email",
            "123",
            Some(crate::accounts::consent::NOTICE_VERSION),
        )
        .unwrap_err();
        let fields: Vec<_> = err
            .field_errors()
            .iter()
            .map(|f| (f.field.to_string(), f.code.to_string()))
            .collect();
        assert_eq!(
            fields,
            [
                ("email".into(), "email_invalid".into()),
                ("password".into(), "password_too_short".into())
            ]
        );
    }

    #[test]
    fn registration_accepts_a_good_pair_and_normalises_the_email() {
        let (e, _) = validate_registration(
            " Wang.Fang@Example.CN ",
            "Xuexin2026",
            Some(crate::accounts::consent::NOTICE_VERSION),
        )
        .unwrap();
        assert_eq!(e.as_str(), "wang.fang@example.cn");
    }
}

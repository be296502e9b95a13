//! Staff account security: the TOTP second factor (enrolment, the second login step, recovery
//! codes, turning it off, an admin's reset), choosing one's own password, and one-time setup
//! links. Every code checked here counts toward the same lockout as wrong passwords.

use chrono::Duration;
use serde_json::json;

use super::store::{self, Staff};
use super::Role;
use crate::audit;
use crate::auth::hash_pool::HashPool;
use crate::auth::jwt::TokenKind;
use crate::auth::login_guard::{self, Credentials};
use crate::auth::totp::{self, SecretBox};
use crate::auth::StaffUser;
use crate::context::Ctx;
use crate::db::{write_transaction, Db, DbConnection};
use crate::error::{AppError, FieldError, Text};
use crate::rules::{reason, Email, Password};

/// The lockout bucket shared with password logins (see [`super::service`]).
pub(super) const STAFF_LOGIN_FAILURE: &str = "staff_login_failure";
/// Lifetime of the challenge between the password and the code.
pub const CHALLENGE_TTL_SECS: u64 = 300;

/// What a staff member offers as their second factor.
#[derive(Debug, Clone)]
pub enum Proof {
    /// A 6-digit code from the authenticator app.
    Code(String),
    /// One of the recovery codes.
    RecoveryCode(String),
}

/// Which secret a code is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Against {
    /// The enrolled secret (codes and recovery codes).
    Enrolled,
    /// The secret handed out for enrolment (codes only).
    Pending,
}

fn invalid_code() -> AppError {
    AppError::unauthorized(
        "invalid_second_factor",
        Text::new(
            "验证码不正确或已使用过，请输入验证器应用中的最新验证码。",
            "The code is wrong or was already used; enter the current code of your authenticator app.",
        ),
    )
    .with_field(FieldError::new(
        "code",
        "invalid_second_factor",
        Text::new("验证码不正确或已使用过。", "Wrong or already used."),
    ))
}

fn not_enrolled() -> AppError {
    AppError::conflict(
        "second_factor_not_enrolled",
        Text::new(
            "尚未开启两步验证。",
            "No second factor is enrolled for this account.",
        ),
    )
}

/// Reads the two ways of proving the second factor, exactly one of which must be given.
pub fn proof_of(code: Option<String>, recovery_code: Option<String>) -> Result<Proof, AppError> {
    let present = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    match (present(code), present(recovery_code)) {
        (Some(c), None) => Ok(Proof::Code(c)),
        (None, Some(r)) => Ok(Proof::RecoveryCode(r)),
        (None, None) => Err(AppError::validation(vec![FieldError::new(
            "code",
            "code_required",
            Text::new(
                "请输入验证器应用中的 6 位验证码，或一个恢复码。",
                "Enter the 6-digit code of your authenticator app, or a recovery code.",
            ),
        )])),
        (Some(_), Some(_)) => Err(AppError::validation(vec![FieldError::new(
            "recovery_code",
            "one_proof_only",
            Text::new(
                "验证码和恢复码只填一个。",
                "Give either a code or a recovery code, not both.",
            ),
        )])),
    }
}

/// Checks `proof` for staff member `staff_id` under the login lockout of their email: admitted
/// like a login attempt, checked and (when right) remembered as used under the staff row's lock,
/// together with `then` in the same transaction — so two parallel submissions of one code cannot
/// both pass, and what the code unlocks happens only with it. A wrong code counts as a failure.
async fn with_proof<T, F>(
    db: &Db,
    ctx: &Ctx,
    staff_id: &str,
    against: Against,
    proof: Proof,
    then: F,
) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConnection, &Staff) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let (c, id) = (ctx.clone(), staff_id.to_owned());
    let attempt = login_guard::admit_patiently(db, move |conn| {
        let staff = store::find_by_id(conn, &id)?.ok_or_else(login_guard::invalid_credentials)?;
        login_guard::admit_key(conn, &c, STAFF_LOGIN_FAILURE, staff.email)
    })
    .await?;
    let (c, id) = (ctx.clone(), staff_id.to_owned());
    let outcome = db
        .run(move |conn| {
            let checked = write_transaction(conn, |conn| {
                let Some(staff) = store::find_for_update(conn, &id)? else {
                    return Ok::<_, AppError>(None);
                };
                if !accept(conn, &c, &staff, against, &proof)? {
                    return Ok(None);
                }
                Ok(Some(then(conn, &staff)?))
            });
            match checked {
                Ok(Some(value)) => {
                    login_guard::succeeded(conn, &attempt)?;
                    Ok(Ok(value))
                }
                Ok(None) => {
                    login_guard::failed(conn, &c, &attempt)?;
                    Ok(Err(invalid_code()))
                }
                // Not the code's fault (e.g. a database error): forget the attempt's count.
                Err(e) => {
                    login_guard::first_step_passed(conn, &attempt)?;
                    Ok(Err(e))
                }
            }
        })
        .await?;
    outcome
}

/// Whether `proof` is right (and not used before), marking it used. Runs under the row's lock.
fn accept(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: &Staff,
    against: Against,
    proof: &Proof,
) -> Result<bool, AppError> {
    match (proof, against) {
        (Proof::Code(code), _) => {
            let sealed = match against {
                Against::Enrolled => staff.totp_secret.as_deref(),
                Against::Pending => staff.totp_pending_secret.as_deref(),
            };
            let Some(sealed) = sealed else {
                return Ok(false);
            };
            let secret = SecretBox::new(&ctx.code_key)?.open(&staff.id, sealed)?;
            match totp::matching_step(&secret, code, ctx.now, staff.totp_last_step) {
                Some(step) => {
                    store::set_last_step(conn, &staff.id, step)?;
                    Ok(true)
                }
                None => Ok(false),
            }
        }
        (Proof::RecoveryCode(code), Against::Enrolled) => {
            if staff.totp_secret.is_none() {
                return Ok(false);
            }
            let hash = totp::recovery_code_hash(&ctx.code_key, &staff.id, code);
            Ok(store::use_recovery_code(conn, &staff.id, &hash, ctx.ts())?)
        }
        (Proof::RecoveryCode(_), Against::Pending) => Ok(false),
    }
}

/// A challenge for the second login step of `staff`.
pub fn challenge(ctx: &Ctx, staff: &Staff) -> Result<String, AppError> {
    ctx.jwt.issue(
        TokenKind::StaffChallenge,
        &staff.id,
        None,
        ctx.now,
        CHALLENGE_TTL_SECS,
    )
}

/// The second login step: the challenge of a right password and a code (or recovery code)
/// start the staff session.
pub async fn second_step(
    db: &Db,
    ctx: Ctx,
    raw_challenge: &str,
    proof: Proof,
) -> Result<super::service::StaffSession, AppError> {
    let claims = ctx
        .jwt
        .verify(raw_challenge.trim(), TokenKind::StaffChallenge, ctx.now)
        .map_err(|e| {
            let expired = e.code() == "token_expired";
            AppError::unauthorized(
                if expired {
                    "challenge_expired"
                } else {
                    "challenge_invalid"
                },
                Text::new(
                    "登录步骤已过期或无效，请重新输入邮箱和密码。",
                    "The login challenge has expired or is not valid; log in with your password again.",
                ),
            )
        })?;
    let c = ctx.clone();
    let used_recovery = matches!(proof, Proof::RecoveryCode(_));
    with_proof(
        db,
        &ctx,
        &claims.sub,
        Against::Enrolled,
        proof,
        move |conn, staff| {
            if staff.disabled_at.is_some() {
                return Err(login_guard::invalid_credentials());
            }
            if used_recovery {
                audit::record(
                    conn,
                    &c.audit_key,
                    c.ts(),
                    audit::Event {
                        actor_id: Some(&staff.id),
                        actor_role: &staff.role,
                        action: "staff.recovery_code_used",
                        target_type: "staff",
                        target_id: &staff.id,
                        request_id: c.request_id.as_deref(),
                        ..Default::default()
                    },
                )?;
            }
            super::service::start_session(conn, &c, staff.clone())
        },
    )
    .await
}

/// What an authenticator app needs to enrol: the secret as base32 and as an `otpauth://` URI.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret: String,
    pub otpauth_uri: String,
}

/// Starts (or restarts) enrolment: a new secret is kept pending until a code confirms it.
pub fn start_enrolment(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff_id: &str,
) -> Result<Enrolment, AppError> {
    write_transaction(conn, |conn| {
        let staff =
            store::find_for_update(conn, staff_id)?.ok_or_else(login_guard::invalid_credentials)?;
        if staff.totp_secret.is_some() {
            return Err(AppError::conflict(
                "second_factor_already_enrolled",
                Text::new(
                    "已开启两步验证；如需更换设备，请先关闭或请平台管理员重置。",
                    "A second factor is already enrolled; turn it off (or have it reset) first.",
                ),
            ));
        }
        let secret = totp::new_secret();
        let sealed = SecretBox::new(&ctx.code_key)?.seal(&staff.id, &secret)?;
        store::set_pending_totp(conn, &staff.id, &sealed, ctx.ts())?;
        let secret = totp::base32_encode(&secret);
        Ok(Enrolment {
            otpauth_uri: totp::otpauth_uri(&staff.email, &secret),
            secret,
        })
    })
}

/// Stores ten new recovery codes for `staff_id` (replacing the old ones) and returns them.
fn new_recovery_codes(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff_id: &str,
) -> Result<Vec<String>, AppError> {
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes
        .iter()
        .map(|c| totp::recovery_code_hash(&ctx.code_key, staff_id, c))
        .collect();
    store::replace_recovery_codes(conn, staff_id, &hashes, ctx.ts())?;
    Ok(codes)
}

/// A change of a staff member's own second factor, audited as `action` on the member: proven
/// with a code of their app, `change` runs under the proof's lock.
async fn with_own_code<T, F>(
    action: &'static str,
    db: &Db,
    ctx: Ctx,
    user: StaffUser,
    against: Against,
    code: String,
    change: F,
) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConnection, &Ctx, &Staff) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let c = ctx.clone();
    let id = user.staff_id.clone();
    with_proof(
        db,
        &ctx,
        &id,
        against,
        Proof::Code(code),
        move |conn, staff| {
            let out = change(conn, &c, staff)?;
            let event = audit::Event::by_staff(&user, &c, action, "staff", &staff.id);
            audit::record(conn, &c.audit_key, c.ts(), event)?;
            Ok(out)
        },
    )
    .await
}

/// Confirms enrolment with a code of the pending secret; returns the recovery codes (shown once).
pub async fn confirm_enrolment(
    db: &Db,
    ctx: Ctx,
    user: StaffUser,
    code: String,
) -> Result<Vec<String>, AppError> {
    let pending = {
        let id = user.staff_id.clone();
        db.run(move |conn| Ok(store::find_by_id(conn, &id)?))
            .await?
            .is_some_and(|s| s.totp_pending_secret.is_some())
    };
    if !pending {
        return Err(AppError::conflict(
            "no_enrolment_started",
            Text::new(
                "请先开始设置两步验证（获取二维码）。",
                "Start the enrolment first (get the QR code).",
            ),
        ));
    }
    let change = |conn: &mut DbConnection, c: &Ctx, staff: &Staff| {
        let sealed = staff.totp_pending_secret.clone().ok_or_else(invalid_code)?;
        let step = store::find_by_id(conn, &staff.id)?
            .and_then(|s| s.totp_last_step)
            .unwrap_or_default();
        store::enrol_totp(conn, &staff.id, &sealed, step, c.ts())?;
        new_recovery_codes(conn, c, &staff.id)
    };
    with_own_code(
        "staff.second_factor_enrolled",
        db,
        ctx,
        user,
        Against::Pending,
        code,
        change,
    )
    .await
}

/// Replaces the recovery codes, after a code from the app; returns the new ones (shown once).
pub async fn regenerate_recovery_codes(
    db: &Db,
    ctx: Ctx,
    user: StaffUser,
    code: String,
) -> Result<Vec<String>, AppError> {
    ensure_enrolled(db, &user.staff_id).await?;
    with_own_code(
        "staff.recovery_codes_regenerated",
        db,
        ctx,
        user,
        Against::Enrolled,
        code,
        |conn, c, staff| new_recovery_codes(conn, c, &staff.id),
    )
    .await
}

async fn ensure_enrolled(db: &Db, staff_id: &str) -> Result<(), AppError> {
    let id = staff_id.to_owned();
    let enrolled = db
        .run(move |conn| Ok(store::find_by_id(conn, &id)?))
        .await?
        .is_some_and(|s| s.totp_secret.is_some());
    if enrolled {
        Ok(())
    } else {
        Err(not_enrolled())
    }
}

/// Checks a staff member's current password under the login lockout (a stolen session must not
/// be a way to guess it); `field` names the field for the error.
async fn check_own_password(
    db: &Db,
    hashes: &HashPool,
    ctx: &Ctx,
    email: &str,
    password: String,
    field: &'static str,
) -> Result<(), AppError> {
    if password.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            field,
            "password_required",
            Text::new("请填写当前密码。", "Enter your current password."),
        )]));
    }
    let (attempt, found, ok) = login_guard::check_login(
        db,
        hashes,
        ctx,
        STAFF_LOGIN_FAILURE,
        Credentials {
            email: email.to_owned(),
            password,
        },
        store::find_by_email,
        |s| &s.password_hash,
    )
    .await?;
    let c = ctx.clone();
    let right = ok && found.is_some();
    db.run(move |conn| {
        if right {
            login_guard::first_step_passed(conn, &attempt)
        } else {
            login_guard::failed(conn, &c, &attempt)?;
            Err(AppError::unauthorized(
                "wrong_password",
                Text::new("当前密码不正确。", "The current password is not correct."),
            )
            .with_field(FieldError::new(
                field,
                "wrong_password",
                Text::new("当前密码不正确。", "Not correct."),
            )))
        }
    })
    .await
}

/// Turns the second factor off (optional roles only), with the password and a code.
pub async fn turn_off(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    user: StaffUser,
    password: String,
    code: String,
) -> Result<(), AppError> {
    if !may_turn_off(ctx.config.auth.staff_totp_required, user.role) {
        return Err(AppError::forbidden(
            "second_factor_required_for_role",
            Text::new(
                "平台管理员和客服必须使用两步验证，不能关闭。",
                "Platform admins and support agents must keep their second factor.",
            ),
        ));
    }
    ensure_enrolled(db, &user.staff_id).await?;
    check_own_password(db, hashes, &ctx, &user.email, password, "password").await?;
    with_own_code(
        "staff.second_factor_removed",
        db,
        ctx,
        user,
        Against::Enrolled,
        code,
        |conn, c, staff| Ok(store::remove_totp(conn, &staff.id, c.ts())?),
    )
    .await
}

/// A platform admin resets another staff member's second factor (lost phone): the secret and
/// recovery codes are forgotten and every session of that member ends. Audited with the reason.
pub fn reset_by_admin(
    conn: &mut DbConnection,
    ctx: &Ctx,
    admin: &StaffUser,
    id: &str,
    raw_reason: Option<&str>,
) -> Result<Staff, AppError> {
    let why = reason::required(raw_reason, "reason").map_err(|e| AppError::validation(vec![e]))?;
    if id == admin.staff_id {
        return Err(AppError::conflict(
            "cannot_reset_own_second_factor",
            Text::new(
                "不能重置自己的两步验证，请联系另一位平台管理员。",
                "You cannot reset your own second factor; ask another platform admin.",
            ),
        ));
    }
    write_transaction(conn, |conn| {
        let found = store::find_for_update(conn, id)?.ok_or_else(|| {
            AppError::not_found(
                "staff_not_found",
                Text::new("没有找到这个工作人员账号。", "No such staff account."),
            )
        })?;
        let now = ctx.ts();
        store::remove_totp(conn, &found.id, now)?;
        store::revoke_all_sessions(conn, &found.id, None, now)?;
        audit::record(
            conn,
            &ctx.audit_key,
            now,
            audit::Event {
                before: Some(json!({"second_factor": found.totp_secret.is_some()})),
                after: Some(json!({"second_factor": false, "sessions_ended": true})),
                reason: Some(&why),
                ..audit::Event::by_staff(
                    admin,
                    ctx,
                    "staff.second_factor_reset",
                    "staff",
                    &found.id,
                )
            },
        )?;
        Ok(store::find_by_id(conn, &found.id)?.expect("just updated"))
    })
}

fn check_new_password(
    email: &str,
    new_password: &str,
    field: &'static str,
) -> Result<(), AppError> {
    let email = Email::parse(email, "email").map_err(|e| AppError::validation(vec![e]))?;
    Password::parse(new_password, &email, field).map_err(|e| AppError::validation(vec![e]))?;
    Ok(())
}

/// Changes a staff member's own password (with the current one); ends their other sessions and
/// clears the forced change of a new account.
pub async fn change_own_password(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    user: StaffUser,
    current: String,
    new_password: String,
) -> Result<(), AppError> {
    check_new_password(&user.email, &new_password, "new_password")?;
    crate::rules::password::differs(&current, &new_password, "new_password")
        .map_err(|e| AppError::validation(vec![e]))?;
    check_own_password(db, hashes, &ctx, &user.email, current, "current_password").await?;
    let hash = hashes.hash(new_password).await?;
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let now = ctx.ts();
            store::set_password(conn, &user.staff_id, &hash, false, now)?;
            store::revoke_all_sessions(conn, &user.staff_id, Some(&user.session_id), now)?;
            audit::record(
                conn,
                &ctx.audit_key,
                now,
                audit::Event::by_staff(
                    &user,
                    &ctx,
                    "staff.password_changed",
                    "staff",
                    &user.staff_id,
                ),
            )?;
            Ok(())
        })
    })
    .await
}

/// Makes a one-time setup link's token for `staff_id`, valid for `APP_STAFF_SETUP_LINK_HOURS`.
pub fn issue_setup_token(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff_id: &str,
) -> Result<String, AppError> {
    let (token, hash) = crate::auth::tokens::generate();
    let now = ctx.ts();
    let ttl = Duration::hours(ctx.config.auth.staff_setup_link_hours as i64);
    store::insert_setup_token(conn, &hash, staff_id, now, now + ttl)?;
    Ok(token)
}

/// The setup link of a token: the SPA's page under `APP_PUBLIC_URL`.
pub fn setup_link(ctx: &Ctx, token: &str) -> String {
    format!(
        "{}/staff/setup?token={token}",
        ctx.config.public_url.trim_end_matches('/')
    )
}

fn setup_link_invalid() -> AppError {
    AppError::not_found(
        "setup_link_invalid",
        Text::new(
            "设置链接无效、已使用或已过期，请联系平台管理员重新获取。",
            "The setup link is not valid, was used, or has expired; ask a platform admin for a new one.",
        ),
    )
}

/// Sets a new staff member's password through a one-time setup link; returns the email to log
/// in with. The link works once; every session of the account ends.
pub async fn set_password_by_link(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    token: String,
    new_password: String,
) -> Result<String, AppError> {
    let hash_of_token = crate::auth::tokens::hash(&token);
    let (h, now) = (hash_of_token.clone(), ctx.ts());
    let holder = db
        .run(move |conn| Ok(store::setup_token_holder(conn, &h, now)?))
        .await?
        .ok_or_else(setup_link_invalid)?;
    check_new_password(&holder.email, &new_password, "new_password")?;
    let hash = hashes.hash(new_password).await?;
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let now = ctx.ts();
            if !store::use_setup_token(conn, &hash_of_token, now)? {
                return Err(setup_link_invalid());
            }
            store::set_password(conn, &holder.id, &hash, false, now)?;
            store::revoke_all_sessions(conn, &holder.id, None, now)?;
            audit::record(
                conn,
                &ctx.audit_key,
                now,
                audit::Event {
                    actor_id: Some(&holder.id),
                    actor_role: &holder.role,
                    action: "staff.password_set_by_link",
                    target_type: "staff",
                    target_id: &holder.id,
                    request_id: ctx.request_id.as_deref(),
                    ..Default::default()
                },
            )?;
            Ok(holder.email.clone())
        })
    })
    .await
}

/// Whether a staff member of `role` may turn their second factor off, given
/// `APP_STAFF_TOTP_REQUIRED`.
pub fn may_turn_off(totp_required: bool, role: Role) -> bool {
    !(totp_required && role.needs_second_factor())
}

//! The rules of staff accounts: creation with a role and its scope, login, logout.

use chrono::Duration;
use serde_json::json;

use super::store::{self, Staff};
use super::Role;
use crate::audit;
use crate::auth::hash_pool::HashPool;
use crate::auth::jwt::TokenKind;
use crate::auth::login_guard::{self, Attempt, Credentials};
use crate::auth::password::PasswordHasher;
use crate::context::Ctx;
use crate::db::{write_transaction, Db, DbConnection};
use crate::error::{AppError, FieldError, Text};
use crate::rules::{reason, text, Email, Password};

use super::security::STAFF_LOGIN_FAILURE;

/// How a new staff member gets their password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstLogin {
    /// Ready to use (demo data and tests).
    Ready,
    /// The password was chosen by someone else: the member must change it first.
    ChangePassword,
    /// No usable password yet: the member sets one through a one-time link.
    SetupLink,
}

/// The longest `User-Agent` kept with a session (real ones are about 150 characters).
pub const USER_AGENT_MAX_CHARS: usize = 300;

/// What a new staff member is.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub email: String,
    pub password: String,
    pub role: Role,
    pub school_code: Option<String>,
    pub province_code: Option<String>,
}

fn field(field: &'static str, code: &'static str, zh: String, en: String) -> FieldError {
    FieldError::new(field, code, Text::new(zh, en))
}

/// A new staff member whose every rule was checked; only the password hash is missing.
struct CheckedStaff {
    email: String,
    password: String,
    role: Role,
    school_code: Option<String>,
    province_code: Option<String>,
}

/// Creates a staff member after checking every rule, hashing on the hashing pool with no
/// database connection held; `actor` names who did it, for the audit log.
/// With [`FirstLogin::SetupLink`] it also returns the setup link's token.
pub async fn create_via_pool(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    mut new: NewStaff,
    actor: Option<String>,
    first: FirstLogin,
) -> Result<(Staff, Option<String>), AppError> {
    if first == FirstLogin::SetupLink {
        new.password = unusable_password();
    }
    let checked = db.run(move |conn| check_new(conn, new)).await?;
    let hash = hashes.hash(checked.password.clone()).await?;
    db.run(move |conn| insert_checked(conn, &ctx, checked, hash, actor.as_deref(), first))
        .await
}

/// Like [`create_via_pool`], hashing on the calling thread; the account is ready to use (for
/// tests: the command line uses [`create_with`]).
pub fn create(
    conn: &mut DbConnection,
    ctx: &Ctx,
    hasher: &PasswordHasher,
    new: NewStaff,
    actor: Option<&str>,
) -> Result<Staff, AppError> {
    create_with(conn, ctx, hasher, new, actor, FirstLogin::Ready).map(|(s, _)| s)
}

/// Like [`create`], with how the member gets their password; with [`FirstLogin::SetupLink`]
/// the password given is ignored and the setup link's token returned.
pub fn create_with(
    conn: &mut DbConnection,
    ctx: &Ctx,
    hasher: &PasswordHasher,
    mut new: NewStaff,
    actor: Option<&str>,
    first: FirstLogin,
) -> Result<(Staff, Option<String>), AppError> {
    if first == FirstLogin::SetupLink {
        new.password = unusable_password();
    }
    let checked = check_new(conn, new)?;
    let hash = hasher.hash(&checked.password).map_err(AppError::internal)?;
    insert_checked(conn, ctx, checked, hash, actor, first)
}

/// A random password nobody is told, for an account whose member sets theirs through a link.
fn unusable_password() -> String {
    // Letters and digits only, within the password rules: 160 random bits as hex.
    let (_, random_hex) = crate::auth::tokens::generate();
    format!("Setup{}", &random_hex[..40])
}

/// Checks every rule of a new staff member, reporting every broken one at once.
fn check_new(conn: &mut DbConnection, new: NewStaff) -> Result<CheckedStaff, AppError> {
    let mut errors = Vec::new();
    let email = Email::parse(&new.email, "email")
        .map_err(|e| errors.push(e))
        .ok();
    if let Some(e) = &email {
        if let Err(p) = Password::parse(&new.password, e, "password") {
            errors.push(p);
        }
    }
    // Only the scope the role uses is read (and kept); the other is ignored.
    let scope = |raw: &Option<String>, used: bool| {
        raw.as_deref()
            .map(str::trim)
            .filter(|s| used && !s.is_empty())
            .map(str::to_owned)
    };
    let school = scope(&new.school_code, new.role == Role::SchoolAdmin);
    let province = scope(&new.province_code, new.role == Role::ProvincialReviewer);
    match (new.role, &school, &province) {
        (Role::SchoolAdmin, None, _) => errors.push(field(
            "school_code",
            "school_required",
            "院校管理员必须绑定一所学校。".into(),
            "A school admin needs a school.".into(),
        )),
        (Role::ProvincialReviewer, _, None) => errors.push(field(
            "province_code",
            "province_required",
            "省级审核员必须绑定一个省份。".into(),
            "A provincial reviewer needs a province.".into(),
        )),
        _ => {}
    }
    if let Some(code) = &school {
        if !store::school_exists(conn, code)? {
            errors.push(field(
                "school_code",
                "school_unknown",
                format!("学校代码 {code} 不存在。"),
                format!("No school has code {code}."),
            ));
        }
    }
    if let Some(code) = &province {
        if !store::province_exists(conn, code)? {
            errors.push(field(
                "province_code",
                "province_unknown",
                format!("省份代码 {code} 不存在。"),
                format!("No province has code {code}."),
            ));
        }
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    Ok(CheckedStaff {
        email: email.as_str().to_owned(),
        password: new.password,
        role: new.role,
        school_code: school,
        province_code: province,
    })
}

/// Stores a checked staff member with its password hash, and audits it.
fn insert_checked(
    conn: &mut DbConnection,
    ctx: &Ctx,
    checked: CheckedStaff,
    password_hash: String,
    actor: Option<&str>,
    first: FirstLogin,
) -> Result<(Staff, Option<String>), AppError> {
    let now = ctx.ts();
    let staff = Staff {
        id: uuid::Uuid::new_v4().to_string(),
        email: checked.email,
        password_hash,
        role: checked.role.as_str().to_owned(),
        school_code: checked.school_code,
        province_code: checked.province_code,
        created_at: now,
        disabled_at: None,
        must_change_password: first == FirstLogin::ChangePassword,
        totp_secret: None,
        totp_pending_secret: None,
        totp_enrolled_at: None,
        totp_last_step: None,
    };
    write_transaction(conn, |conn| {
        store::insert(conn, &staff).map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => AppError::conflict(
                "email_taken",
                Text::new(
                    "该邮箱已是工作人员账号。",
                    "A staff account with this email exists.",
                ),
            )
            .with_field(field(
                "email",
                "email_taken",
                "该邮箱已是工作人员账号。".into(),
                "Taken.".into(),
            )),
            other => other.into(),
        })?;
        audit::record(
            conn,
            &ctx.audit_key,
            now,
            audit::Event {
                actor_id: actor,
                actor_role: if actor.is_some() {
                    "platform_admin"
                } else {
                    "system"
                },
                action: "staff.created",
                target_type: "staff",
                target_id: &staff.id,
                after: Some(
                    json!({"email": staff.email, "role": staff.role, "school_code": staff.school_code, "province_code": staff.province_code, "first_login": format!("{first:?}")}),
                ),
                request_id: ctx.request_id.as_deref(),
                ..Default::default()
            },
        )?;
        let token = match first {
            FirstLogin::SetupLink => {
                Some(super::security::issue_setup_token(conn, ctx, &staff.id)?)
            }
            _ => None,
        };
        Ok((staff.clone(), token))
    })
}

/// A staff session's access token.
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub access_token: String,
    pub expires_in: u64,
    pub staff: Staff,
}

/// What a right password leads to.
#[derive(Debug, Clone)]
pub enum LoginOutcome {
    /// A session (no second factor enrolled).
    Session(StaffSession),
    /// The second step: a code is needed, with this challenge.
    SecondFactor { challenge: String, expires_in: u64 },
}

/// Logs a staff member in, with the same lockout and throttle as students; the password is
/// checked on the hashing pool between two short database steps. With a second factor enrolled
/// a right password yields only a challenge for [`super::security::second_step`].
pub async fn login(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    credentials: Credentials,
) -> Result<LoginOutcome, AppError> {
    let (attempt, found, password_ok) = login_guard::check_login(
        db,
        hashes,
        &ctx,
        STAFF_LOGIN_FAILURE,
        credentials,
        store::find_by_email,
        |s| &s.password_hash,
    )
    .await?;
    db.run(move |conn| finish_login(conn, &ctx, &attempt, found, password_ok))
        .await
}

/// Counts the outcome of a checked password and starts the session.
fn finish_login(
    conn: &mut DbConnection,
    ctx: &Ctx,
    attempt: &Attempt,
    found: Option<Staff>,
    password_ok: bool,
) -> Result<LoginOutcome, AppError> {
    let ok = password_ok && found.as_ref().is_some_and(|s| s.disabled_at.is_none());
    let Some(staff) = found.filter(|_| ok) else {
        login_guard::failed(conn, ctx, attempt)?;
        return Err(login_guard::invalid_credentials());
    };
    if staff.totp_secret.is_some() {
        login_guard::first_step_passed(conn, attempt)?;
        return Ok(LoginOutcome::SecondFactor {
            challenge: super::security::challenge(ctx, &staff)?,
            expires_in: super::security::CHALLENGE_TTL_SECS,
        });
    }
    login_guard::succeeded(conn, attempt)?;
    start_session(conn, ctx, staff).map(LoginOutcome::Session)
}

/// Starts a staff session and signs its access token.
pub fn start_session(
    conn: &mut DbConnection,
    ctx: &Ctx,
    staff: Staff,
) -> Result<StaffSession, AppError> {
    let ttl = ctx.config.auth.staff_session_hours * 3600;
    let session_id = uuid::Uuid::new_v4().to_string();
    let now = ctx.ts();
    let user_agent = ctx
        .user_agent
        .as_deref()
        .and_then(|ua| text::client_text(ua, USER_AGENT_MAX_CHARS));
    store::insert_session(
        conn,
        &store::NewSession {
            id: &session_id,
            staff_id: &staff.id,
            now,
            expires_at: now + Duration::seconds(ttl as i64),
            ip: Some(&ctx.ip),
            user_agent: user_agent.as_deref(),
        },
    )?;
    let access_token =
        ctx.jwt
            .issue(TokenKind::Staff, &staff.id, Some(&session_id), ctx.now, ttl)?;
    Ok(StaffSession {
        access_token,
        expires_in: ttl,
        staff,
    })
}

/// Ends a staff session.
pub fn logout(conn: &mut DbConnection, ctx: &Ctx, session_id: &str) -> Result<(), AppError> {
    store::revoke_session(conn, session_id, ctx.ts())?;
    Ok(())
}

/// A platform admin disables (ending every session at once, on every instance: each request
/// checks its session in the database) or re-enables a staff member. Disabling needs a reason;
/// both are audited with the reason given.
pub fn set_disabled(
    conn: &mut DbConnection,
    ctx: &Ctx,
    admin: &crate::auth::StaffUser,
    id: &str,
    disabled: bool,
    raw_reason: Option<&str>,
) -> Result<Staff, AppError> {
    if disabled && id == admin.staff_id {
        return Err(AppError::conflict(
            "cannot_disable_self",
            Text::new(
                "不能停用自己的账号。",
                "You cannot disable your own account.",
            ),
        ));
    }
    let why = if disabled {
        reason::required(raw_reason, "reason").map(Some)
    } else {
        reason::optional(raw_reason, "reason")
    }
    .map_err(|e| AppError::validation(vec![e]))?;
    write_transaction(conn, |conn| {
        let found = store::find_by_id(conn, id)?.ok_or_else(staff_not_found)?;
        if found.disabled_at.is_some() == disabled {
            return Ok(found);
        }
        let now = ctx.ts();
        let ended = store::set_disabled(conn, &found.id, disabled.then_some(now), now)?;
        let (action, after) = if disabled {
            (
                "staff.disabled",
                json!({"disabled": true, "sessions_ended": ended}),
            )
        } else {
            ("staff.enabled", json!({"disabled": false}))
        };
        audit::record(
            conn,
            &ctx.audit_key,
            now,
            audit::Event {
                before: Some(json!({"disabled": !disabled})),
                after: Some(after),
                reason: why.as_deref(),
                ..audit::Event::by_staff(admin, ctx, action, "staff", &found.id)
            },
        )?;
        Ok(store::find_by_id(conn, &found.id)?.expect("just updated"))
    })
}

/// 404: no such staff account.
pub fn staff_not_found() -> AppError {
    AppError::not_found(
        "staff_not_found",
        Text::new("没有找到这个工作人员账号。", "No such staff account."),
    )
}

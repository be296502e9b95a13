//! The rules of staff accounts: creation with a role and its scope, login, logout.

use chrono::Duration;
use serde_json::json;

use super::store::{self, Staff};
use super::Role;
use crate::audit;
use crate::auth::hash_pool::HashPool;
use crate::auth::jwt::TokenKind;
use crate::auth::login_guard::{self, Attempt};
use crate::auth::password::PasswordHasher;
use crate::context::Ctx;
use crate::db::{write_transaction, Db, DbConnection};
use crate::error::{AppError, FieldError, Text};
use crate::rules::{reason, text, Email, Password};

const STAFF_LOGIN_FAILURE: &str = "staff_login_failure";

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
pub async fn create_via_pool(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    new: NewStaff,
    actor: Option<String>,
) -> Result<Staff, AppError> {
    let checked = db.run(move |conn| check_new(conn, new)).await?;
    let hash = hashes.hash(checked.password.clone()).await?;
    db.run(move |conn| insert_checked(conn, &ctx, checked, hash, actor.as_deref()))
        .await
}

/// Like [`create_via_pool`], hashing on the calling thread: for the command line and tests.
pub fn create(
    conn: &mut DbConnection,
    ctx: &Ctx,
    hasher: &PasswordHasher,
    new: NewStaff,
    actor: Option<&str>,
) -> Result<Staff, AppError> {
    let checked = check_new(conn, new)?;
    let hash = hasher.hash(&checked.password).map_err(AppError::internal)?;
    insert_checked(conn, ctx, checked, hash, actor)
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
) -> Result<Staff, AppError> {
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
                    json!({"email": staff.email, "role": staff.role, "school_code": staff.school_code, "province_code": staff.province_code}),
                ),
                request_id: ctx.request_id.as_deref(),
                ..Default::default()
            },
        )?;
        Ok(staff.clone())
    })
}

/// A staff session's access token.
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub access_token: String,
    pub expires_in: u64,
    pub staff: Staff,
}

/// Logs a staff member in, with the same lockout and throttle as students; the password is
/// checked on the hashing pool between two short database steps.
pub async fn login(
    db: &Db,
    hashes: &HashPool,
    ctx: Ctx,
    raw_email: String,
    password: String,
    user_agent: Option<String>,
) -> Result<StaffSession, AppError> {
    let (attempt, found, password_ok) = login_guard::check_login(
        db,
        hashes,
        &ctx,
        STAFF_LOGIN_FAILURE,
        (raw_email, password),
        store::find_by_email,
        |s| &s.password_hash,
    )
    .await?;
    db.run(move |conn| {
        finish_login(
            conn,
            &ctx,
            &attempt,
            found,
            password_ok,
            user_agent.as_deref(),
        )
    })
    .await
}

/// Counts the outcome of a checked password and starts the session.
fn finish_login(
    conn: &mut DbConnection,
    ctx: &Ctx,
    attempt: &Attempt,
    found: Option<Staff>,
    password_ok: bool,
    user_agent: Option<&str>,
) -> Result<StaffSession, AppError> {
    let ok = password_ok && found.as_ref().is_some_and(|s| s.disabled_at.is_none());
    let Some(staff) = found.filter(|_| ok) else {
        login_guard::failed(conn, ctx, attempt)?;
        return Err(login_guard::invalid_credentials());
    };
    login_guard::succeeded(conn, attempt)?;
    let ttl = ctx.config.auth.staff_session_hours * 3600;
    let session_id = uuid::Uuid::new_v4().to_string();
    let now = ctx.ts();
    let user_agent = user_agent.and_then(|ua| text::client_text(ua, USER_AGENT_MAX_CHARS));
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

//! What every password login shares, for students and staff alike: both fields present, the
//! per-IP throttle, the per-email lockout (unknown emails are counted and locked like known ones,
//! so the answers cannot tell them apart), and counting failures.

use chrono::{Duration, NaiveDateTime};

use crate::auth::hash_pool::HashPool;
use crate::context::Ctx;
use crate::db::DbConnection;
use crate::error::{AppError, FieldError, Text};
use crate::ratelimit::{self, Lock};
use crate::rules::email;

/// Failed logins per client IP, whoever they were for.
const LOGIN_FAILURE_IP: &str = "login_failure_ip";

/// A login attempt that may go on to check the password.
pub struct Attempt {
    bucket: &'static str,
    /// The normalised email the attempt is for.
    pub key: String,
    lock: Option<Lock>,
}

/// Admits an attempt for `raw_email` (counted in `bucket`), or refuses it: 422 when a field is
/// missing, 429 while the IP is throttled or the email locked.
pub fn admit(
    conn: &mut DbConnection,
    ctx: &Ctx,
    bucket: &'static str,
    raw_email: &str,
    password: &str,
) -> Result<Attempt, AppError> {
    let mut missing = Vec::new();
    if raw_email.trim().is_empty() {
        missing.push(FieldError::new(
            "email",
            "email_required",
            Text::new("请填写电子邮箱。", "Enter your email address."),
        ));
    }
    if password.is_empty() {
        missing.push(FieldError::new(
            "password",
            "password_required",
            Text::new("请填写密码。", "Enter your password."),
        ));
    }
    if !missing.is_empty() {
        return Err(AppError::validation(missing));
    }
    let auth = &ctx.config.auth;
    let now = ctx.ts();
    if ctx.config.ip_rate_limits {
        let window = Duration::minutes(auth.login_window_mins as i64);
        if let Some(wait) = ratelimit::window_exceeded(
            conn,
            LOGIN_FAILURE_IP,
            &ctx.ip,
            auth.ip_login_max_failures,
            window,
            now,
        )? {
            return Err(AppError::too_many_requests(
                "too_many_failed_logins_from_ip",
                Text::new(
                    "来自您网络的登录失败次数过多，请稍后再试。",
                    "Too many failed logins from your network; try again later.",
                ),
                wait,
            ));
        }
    }
    let key = email::normalize(raw_email);
    let lock = ratelimit::lock_of(conn, bucket, &key)?;
    if let Some(l) = lock.filter(|l| l.locked_until > now) {
        return Err(locked(ratelimit::seconds_until(now, l.locked_until)));
    }
    Ok(Attempt { bucket, key, lock })
}

fn locked(retry_after: u64) -> AppError {
    let minutes = retry_after.div_ceil(60);
    AppError::too_many_requests(
        "account_locked",
        Text::new(
            "密码错误次数过多，账号已被暂时锁定，请稍后再试，或通过“忘记密码”重置密码。",
            "Too many wrong passwords: the account is locked for a while. Try later or reset the password.",
        ),
        retry_after,
    )
    .with_field(FieldError::new(
        "password",
        "account_locked",
        Text::new(format!("密码错误次数过多，请 {minutes} 分钟后再试。"), format!("Locked; try again in {minutes} minutes.")),
    ))
}

/// Counts a wrong password; returns the failures in the window and, when this one locked the
/// email, until when.
pub fn failed(
    conn: &mut DbConnection,
    ctx: &Ctx,
    attempt: &Attempt,
) -> Result<(i64, Option<NaiveDateTime>), AppError> {
    let auth = &ctx.config.auth;
    let now = ctx.ts();
    let window = Duration::minutes(auth.login_window_mins as i64);
    ratelimit::record(conn, attempt.bucket, &attempt.key, now)?;
    ratelimit::record(conn, LOGIN_FAILURE_IP, &ctx.ip, now)?;
    // Failures before the end of an earlier lockout were paid for by that lockout.
    let since = attempt
        .lock
        .map_or(now - window, |l| (now - window).max(l.locked_until));
    let failures = ratelimit::count_since(conn, attempt.bucket, &attempt.key, since)?;
    if failures < i64::from(auth.login_max_failures) {
        return Ok((failures, None));
    }
    let until = now + Duration::minutes(auth.login_lockout_mins as i64);
    ratelimit::lock(conn, attempt.bucket, &attempt.key, now, until)?;
    Ok((failures, Some(until)))
}

/// Forgets the failures of the email after a right password.
pub fn succeeded(conn: &mut DbConnection, attempt: &Attempt) -> Result<(), AppError> {
    ratelimit::clear(conn, attempt.bucket, &attempt.key)?;
    Ok(())
}

/// Whether `password` matches the stored hash, checked on the hashing pool (hold no database
/// connection while waiting); with no hash (unknown email) it spends the same time on a decoy, so
/// response times do not reveal which emails exist. 503 `server_busy` when the pool is full.
pub async fn password_matches(
    hashes: &HashPool,
    stored_hash: Option<String>,
    password: String,
) -> Result<bool, AppError> {
    hashes.verify(password, stored_hash).await
}

/// The answer to a wrong email or password.
pub fn invalid_credentials() -> AppError {
    AppError::unauthorized(
        "invalid_credentials",
        Text::new(
            "邮箱或密码不正确。",
            "The email or password is not correct.",
        ),
    )
}

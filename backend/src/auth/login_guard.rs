//! What every password login shares, for students and staff alike: both fields present, the
//! per-IP throttle, the per-email lockout (unknown emails are counted and locked like known ones,
//! so the answers cannot tell them apart), and counting failures.

use chrono::{Duration, NaiveDateTime};

use crate::auth::hash_pool::HashPool;
use crate::context::Ctx;
use crate::db::{write_transaction, Db, DbConnection};
use crate::error::{AppError, FieldError, Text};
use crate::ratelimit::{self, Lock};
use crate::rules::email;

/// Failed logins per client IP, whoever they were for.
const LOGIN_FAILURE_IP: &str = "login_failure_ip";

/// Login attempts whose password (or code) is being checked, per `bucket:email`: counted apart
/// from failures, so a burst of right passwords is not taken for guessing.
const LOGIN_PENDING: &str = "login_pending";
/// A pending attempt older than this is taken for one whose server stopped mid-check.
const PENDING_STALE_SECS: i64 = 120;
/// How long an attempt waits for the attempts before it to finish, when they alone could reach
/// the lockout limit, before it is refused with `too_many_logins_at_once`.
const PATIENCE: std::time::Duration = std::time::Duration::from_secs(5);

/// An email and a password as a login form sends them, not yet checked (no `Debug`: the
/// password must not reach a log).
pub struct Credentials {
    pub email: String,
    pub password: String,
}

/// A login attempt that may go on to check the password.
pub struct Attempt {
    bucket: &'static str,
    /// The normalised email the attempt is for.
    pub key: String,
    lock: Option<Lock>,
    /// This attempt, counted as pending by [`admit`].
    pending_event: i64,
    /// The IP's failure counted in advance by [`admit`].
    reserved_ip_event: i64,
}

/// Admits an attempt for `raw_email` (counted in `bucket`), or refuses it: 422 when a field is
/// missing, 429 while the IP is throttled or the email locked, or while attempts still being
/// checked could lock it (`too_many_logins_at_once`). An admitted attempt is counted as pending;
/// report its outcome with [`failed`] or [`succeeded`]. Holds no transaction afterwards, so the
/// password can be checked without a connection.
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
    admit_key(conn, ctx, bucket, email::normalize(raw_email))
}

/// Admits an attempt for the already normalised email `key` (e.g. a second-factor code after the
/// password), under the same throttle and lockout as [`admit`].
pub fn admit_key(
    conn: &mut DbConnection,
    ctx: &Ctx,
    bucket: &'static str,
    key: String,
) -> Result<Attempt, AppError> {
    let (lock, pending_event, reserved_ip_event) =
        write_transaction(conn, |conn| reserve(conn, ctx, bucket, &key))?;
    Ok(Attempt {
        bucket,
        key,
        lock,
        pending_event,
        reserved_ip_event,
    })
}

/// Runs `admit` (one of [`admit`], [`admit_key`]) and, while it answers
/// `too_many_logins_at_once`, tries again shortly: the attempts before it are being checked and
/// either lock the email (then this one is refused as locked) or succeed (then it goes on), so a
/// burst of right passwords is served rather than refused. Gives up after a few seconds.
pub async fn admit_patiently<T, F>(db: &Db, admit: F) -> Result<T, AppError>
where
    F: Fn(&mut DbConnection) -> Result<T, AppError> + Clone + Send + 'static,
    T: Send + 'static,
{
    let started = std::time::Instant::now();
    loop {
        match db.run(admit.clone()).await {
            Err(e) if e.code() == TOO_MANY_AT_ONCE && started.elapsed() < PATIENCE => {
                // Real time on purpose: the other attempts are being hashed in real time.
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            other => return other,
        }
    }
}

const TOO_MANY_AT_ONCE: &str = "too_many_logins_at_once";

fn pending_subject(bucket: &str, key: &str) -> String {
    format!("{bucket}:{key}")
}

/// Counts the attempt as pending (for the email) and as a failure in advance (for the IP),
/// unless the IP is throttled, the email locked, or the failures and the attempts still pending
/// together reach the lockout limit. Checking and counting under one guard is what keeps
/// parallel attempts from all passing the same check. Returns the email's lockout as it was, and
/// the ids of the pending event and of the IP's counted event.
fn reserve(
    conn: &mut DbConnection,
    ctx: &Ctx,
    bucket: &'static str,
    key: &str,
) -> Result<(Option<Lock>, i64, i64), AppError> {
    let auth = &ctx.config.auth;
    let now = ctx.ts();
    let window = Duration::minutes(auth.login_window_mins as i64);
    ratelimit::guard(conn, bucket, key)?;
    ratelimit::guard(conn, LOGIN_FAILURE_IP, &ctx.ip)?;
    if ctx.config.ip_rate_limits {
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
    let lock = ratelimit::lock_of(conn, bucket, key)?;
    if let Some(l) = lock.filter(|l| l.locked_until > now) {
        return Err(locked(ratelimit::seconds_until(now, l.locked_until)));
    }
    let failures = ratelimit::count_since(conn, bucket, key, failures_since(ctx, lock))?;
    let limit = i64::from(auth.login_max_failures);
    if failures >= limit {
        return Err(locked(auth.login_lockout_mins * 60));
    }
    // Attempts still being checked may all turn out wrong: once they could reach the limit
    // together with the failures, one more guess must not slip in beside them. Nothing is
    // locked, though, so the answer says so.
    let subject = pending_subject(bucket, key);
    let pending = ratelimit::count_since(
        conn,
        LOGIN_PENDING,
        &subject,
        now - Duration::seconds(PENDING_STALE_SECS),
    )?;
    if failures + pending >= limit {
        return Err(AppError::too_many_requests(
            TOO_MANY_AT_ONCE,
            Text::new(
                "该账号同时进行的登录太多，请稍等几秒再试。",
                "Too many logins to this account are being checked at once; try again in a few seconds.",
            ),
            1,
        ));
    }
    let event = ratelimit::record_returning_id(conn, LOGIN_PENDING, &subject, now)?;
    let ip_event = ratelimit::record_returning_id(conn, LOGIN_FAILURE_IP, &ctx.ip, now)?;
    Ok((lock, event, ip_event))
}

/// Where the failures that count towards a lockout start: the window, but not before the end of
/// an earlier lockout (failures before it were paid for by that lockout).
fn failures_since(ctx: &Ctx, lock: Option<Lock>) -> NaiveDateTime {
    let now = ctx.ts();
    let window_start = now - Duration::minutes(ctx.config.auth.login_window_mins as i64);
    lock.map_or(window_start, |l| window_start.max(l.locked_until))
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

/// Counts the attempt [`admit`] let through as a failure; returns the failures in the window and,
/// when this one locked the email, until when (a lockout is set once, by the failure that
/// reaches the limit, even when several attempts fail at the same moment).
pub fn failed(
    conn: &mut DbConnection,
    ctx: &Ctx,
    attempt: &Attempt,
) -> Result<(i64, Option<NaiveDateTime>), AppError> {
    let auth = &ctx.config.auth;
    let now = ctx.ts();
    write_transaction(conn, |conn| {
        ratelimit::guard(conn, attempt.bucket, &attempt.key)?;
        ratelimit::forget(conn, attempt.pending_event)?;
        ratelimit::record(conn, attempt.bucket, &attempt.key, now)?;
        let failures = ratelimit::count_since(
            conn,
            attempt.bucket,
            &attempt.key,
            failures_since(ctx, attempt.lock),
        )?;
        if failures < i64::from(auth.login_max_failures) {
            return Ok((failures, None));
        }
        let current = ratelimit::lock_of(conn, attempt.bucket, &attempt.key)?;
        if current.is_some_and(|l| l.locked_until > now) {
            return Ok((failures, None));
        }
        let until = now + Duration::minutes(auth.login_lockout_mins as i64);
        ratelimit::lock(conn, attempt.bucket, &attempt.key, now, until)?;
        Ok((failures, Some(until)))
    })
}

/// Forgets the failures of the email after a right password, and takes back what [`admit`]
/// counted for this attempt.
pub fn succeeded(conn: &mut DbConnection, attempt: &Attempt) -> Result<(), AppError> {
    write_transaction(conn, |conn| {
        ratelimit::clear(conn, attempt.bucket, &attempt.key)?;
        ratelimit::forget(conn, attempt.pending_event)?;
        ratelimit::forget(conn, attempt.reserved_ip_event)?;
        Ok(())
    })
}

/// Takes back what [`admit`] counted for a right password that is only the first of two steps:
/// the earlier failures stay, so that wrong second-factor codes and wrong passwords add up to
/// one lockout (a right password must not wipe the slate for more code guesses).
pub fn first_step_passed(conn: &mut DbConnection, attempt: &Attempt) -> Result<(), AppError> {
    write_transaction(conn, |conn| {
        ratelimit::forget(conn, attempt.pending_event)?;
        ratelimit::forget(conn, attempt.reserved_ip_event)?;
        Ok(())
    })
}

/// Whether `password` matches the stored hash, checked on the hashing pool (hold no database
/// connection while waiting); with no hash (unknown email) it spends the same time on a decoy, so
/// response times do not reveal which emails exist. 503 `server_busy` when the pool is full: then
/// what [`admit`] counted is taken back, since no password was checked — a busy server must not
/// lock anyone out.
pub async fn password_matches(
    db: &Db,
    hashes: &HashPool,
    attempt: &Attempt,
    stored_hash: Option<String>,
    password: String,
) -> Result<bool, AppError> {
    match hashes.verify(password, stored_hash).await {
        Ok(matches) => Ok(matches),
        Err(refused) => {
            let events = [attempt.pending_event, attempt.reserved_ip_event];
            db.run(move |conn| {
                write_transaction(conn, |conn| {
                    events
                        .iter()
                        .try_for_each(|id| ratelimit::forget(conn, *id))?;
                    Ok::<_, AppError>(())
                })
            })
            .await?;
            Err(refused)
        }
    }
}

/// The part every password login shares: admit the attempt and find who holds the email in one
/// short database step, then check the password on the hashing pool with no connection held.
/// Returns the attempt (to report with [`failed`] or [`succeeded`]), the holder, if any, and
/// whether the password matched.
pub async fn check_login<H: Send + 'static>(
    db: &Db,
    hashes: &HashPool,
    ctx: &Ctx,
    bucket: &'static str,
    credentials: Credentials,
    find: fn(&mut DbConnection, &str) -> diesel::QueryResult<Option<H>>,
    hash_of: fn(&H) -> &str,
) -> Result<(Attempt, Option<H>, bool), AppError> {
    let Credentials {
        email: raw_email,
        password,
    } = credentials;
    let (c, p) = (ctx.clone(), password.clone());
    let (attempt, holder) = admit_patiently(db, move |conn| {
        let attempt = admit(conn, &c, bucket, &raw_email, &p)?;
        let holder = find(conn, &attempt.key)?;
        Ok((attempt, holder))
    })
    .await?;
    let stored = holder.as_ref().map(|h| hash_of(h).to_owned());
    let matches = password_matches(db, hashes, &attempt, stored, password).await?;
    Ok((attempt, holder, matches))
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

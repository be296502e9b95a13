//! Rate limits and lockouts kept in the database, so they hold across restarts and instances.
//! A *bucket* names what is counted (`login_failure`, `activation_mail`…), a *subject* whom
//! (an email, an account id, an IP address).

pub mod counter;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::schema::{lockouts, rate_events};
use crate::db::{write_transaction, DbConnection};

/// Serialises, until the open transaction ends, everyone who counts or changes the events of
/// `subject` in `bucket`, so "count, then record" cannot let parallel requests through together.
/// PostgreSQL takes a transaction-scoped advisory lock on the pair (read committed would
/// otherwise let every request see the same count); SQLite needs nothing more, because
/// [`write_transaction`] already holds the database's only write lock (`BEGIN IMMEDIATE`).
/// Call it inside a transaction, always in the same order of buckets, to rule out deadlocks.
pub fn guard(conn: &mut DbConnection, bucket: &str, subject: &str) -> QueryResult<()> {
    if let DbConnection::Pg(pg) = conn {
        // Buckets are fixed names without a colon, so `bucket:subject` is unambiguous; a hash
        // collision only makes two unrelated subjects wait for each other briefly.
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind::<diesel::sql_types::Text, _>(format!("{bucket}:{subject}"))
            .execute(pg)?;
    }
    Ok(())
}

/// Records one event and returns its id (to take it back, see [`forget`]).
pub fn record_returning_id(
    conn: &mut DbConnection,
    bucket: &str,
    subject: &str,
    at: NaiveDateTime,
) -> QueryResult<i64> {
    record(conn, bucket, subject, at)?;
    rate_events::table
        .filter(rate_events::bucket.eq(bucket))
        .filter(rate_events::subject.eq(subject))
        .select(diesel::dsl::max(rate_events::id))
        .first::<Option<i64>>(conn)?
        .ok_or(diesel::result::Error::NotFound)
}

/// Deletes one event recorded by [`record_returning_id`].
pub fn forget(conn: &mut DbConnection, id: i64) -> QueryResult<()> {
    diesel::delete(rate_events::table.find(id))
        .execute(conn)
        .map(|_| ())
}

/// Records one event.
pub fn record(
    conn: &mut DbConnection,
    bucket: &str,
    subject: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(rate_events::table)
        .values((
            rate_events::bucket.eq(bucket),
            rate_events::subject.eq(subject),
            rate_events::occurred_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// How many events of `subject` in `bucket` happened after `since`.
pub fn count_since(
    conn: &mut DbConnection,
    bucket: &str,
    subject: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    rate_events::table
        .filter(rate_events::bucket.eq(bucket))
        .filter(rate_events::subject.eq(subject))
        .filter(rate_events::occurred_at.gt(since))
        .count()
        .get_result(conn)
}

/// The most recent event of `subject` in `bucket`.
pub fn latest(
    conn: &mut DbConnection,
    bucket: &str,
    subject: &str,
) -> QueryResult<Option<NaiveDateTime>> {
    rate_events::table
        .filter(rate_events::bucket.eq(bucket))
        .filter(rate_events::subject.eq(subject))
        .select(diesel::dsl::max(rate_events::occurred_at))
        .first(conn)
}

/// Forgets the events of `subject` in `bucket` (e.g. failed logins after a successful one).
pub fn clear(conn: &mut DbConnection, bucket: &str, subject: &str) -> QueryResult<()> {
    diesel::delete(
        rate_events::table
            .filter(rate_events::bucket.eq(bucket))
            .filter(rate_events::subject.eq(subject)),
    )
    .execute(conn)
    .map(|_| ())
}

/// Seconds to wait when at least `limit` events fell in the sliding `window` ending at `now`.
pub fn window_exceeded(
    conn: &mut DbConnection,
    bucket: &str,
    subject: &str,
    limit: u32,
    window: Duration,
    now: NaiveDateTime,
) -> QueryResult<Option<u64>> {
    let since = now - window;
    let count = count_since(conn, bucket, subject, since)?;
    if count < i64::from(limit) {
        return Ok(None);
    }
    // The window frees up when its oldest counted event ages out.
    let oldest: Option<NaiveDateTime> = rate_events::table
        .filter(rate_events::bucket.eq(bucket))
        .filter(rate_events::subject.eq(subject))
        .filter(rate_events::occurred_at.gt(since))
        .select(diesel::dsl::min(rate_events::occurred_at))
        .first(conn)?;
    let free_at = oldest.unwrap_or(now) + window;
    Ok(Some(seconds_until(now, free_at)))
}

/// Counts one request from the caller's IP in `bucket`, unless it already made `limit` within
/// `window`: then nothing is counted and the seconds to wait are returned. With
/// `APP_IP_RATE_LIMITS=off` every request is admitted uncounted.
pub fn charge_ip(
    conn: &mut DbConnection,
    ctx: &crate::context::Ctx,
    bucket: &str,
    limit: u32,
    window: Duration,
) -> QueryResult<Option<u64>> {
    if !ctx.config.ip_rate_limits {
        return Ok(None);
    }
    let now = ctx.ts();
    // Count-then-record under the guard, so parallel requests cannot pass together.
    write_transaction(conn, |conn| {
        guard(conn, bucket, &ctx.ip)?;
        if let Some(wait) = window_exceeded(conn, bucket, &ctx.ip, limit, window, now)? {
            return Ok(Some(wait));
        }
        record(conn, bucket, &ctx.ip, now)?;
        Ok(None)
    })
}

/// Counts one public lookup from the caller's IP in `bucket`, unless it already made
/// `per_minute` in the sliding minute ending now: then nothing is counted and the seconds to wait
/// are returned. One round trip when admitted (see [`counter`]), for endpoints anyone may call;
/// with `APP_IP_RATE_LIMITS=off` every request is admitted uncounted. Call it outside any
/// transaction (see [`counter::try_count`]).
pub fn charge_public_lookup(
    conn: &mut DbConnection,
    ctx: &crate::context::Ctx,
    bucket: &str,
    per_minute: u32,
) -> QueryResult<Option<u64>> {
    if !ctx.config.ip_rate_limits {
        return Ok(None);
    }
    let now = ctx.ts();
    let at = counter::Position::of(now);
    if counter::try_count(conn, bucket, &ctx.ip, per_minute, at)? {
        return Ok(None);
    }
    let (previous, current) = counter::counts(conn, bucket, &ctx.ip, at)?;
    let wait = at.wait(now, previous, current, per_minute);
    Ok(Some(seconds_until(now, now + wait)))
}

/// A lockout in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lock {
    pub locked_at: NaiveDateTime,
    pub locked_until: NaiveDateTime,
}

/// The lockout of `subject` in `bucket`, whether or not it is still in force.
pub fn lock_of(conn: &mut DbConnection, bucket: &str, subject: &str) -> QueryResult<Option<Lock>> {
    lockouts::table
        .filter(lockouts::bucket.eq(bucket))
        .filter(lockouts::subject.eq(subject))
        .select((lockouts::locked_at, lockouts::locked_until))
        .first::<(NaiveDateTime, NaiveDateTime)>(conn)
        .optional()
        .map(|row| {
            row.map(|(locked_at, locked_until)| Lock {
                locked_at,
                locked_until,
            })
        })
}

/// Locks `subject` in `bucket` from `now` until `until` (replacing an older lockout).
pub fn lock(
    conn: &mut DbConnection,
    bucket: &str,
    subject: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<()> {
    diesel::delete(
        lockouts::table
            .filter(lockouts::bucket.eq(bucket))
            .filter(lockouts::subject.eq(subject)),
    )
    .execute(conn)?;
    diesel::insert_into(lockouts::table)
        .values((
            lockouts::bucket.eq(bucket),
            lockouts::subject.eq(subject),
            lockouts::locked_at.eq(now),
            lockouts::locked_until.eq(until),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Lifts the lockout of `subject` in `bucket` and forgets its events.
pub fn unlock(conn: &mut DbConnection, bucket: &str, subject: &str) -> QueryResult<()> {
    diesel::delete(
        lockouts::table
            .filter(lockouts::bucket.eq(bucket))
            .filter(lockouts::subject.eq(subject)),
    )
    .execute(conn)?;
    clear(conn, bucket, subject)
}

/// Deletes events and lockouts older than `before`; run now and then by the housekeeping task.
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime) -> QueryResult<usize> {
    let events = diesel::delete(rate_events::table.filter(rate_events::occurred_at.lt(before)))
        .execute(conn)?;
    let locks =
        diesel::delete(lockouts::table.filter(lockouts::locked_until.lt(before))).execute(conn)?;
    Ok(events + locks)
}

/// Whole seconds from `now` until `later`, at least 1 (for `Retry-After`).
pub fn seconds_until(now: NaiveDateTime, later: NaiveDateTime) -> u64 {
    let ms = (later - now).num_milliseconds().max(0) as u64;
    ms.div_ceil(1000).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_rounds_up_and_is_never_zero() {
        let now = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .unwrap()
            .naive_utc();
        assert_eq!(seconds_until(now, now + Duration::milliseconds(1500)), 2);
        assert_eq!(seconds_until(now, now), 1);
        assert_eq!(seconds_until(now, now - Duration::seconds(5)), 1);
        assert_eq!(seconds_until(now, now + Duration::minutes(15)), 900);
    }
}

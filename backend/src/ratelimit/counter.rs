//! A sliding-window counter: one row per bucket, subject and minute, raised in a single
//! statement that also refuses. The count of the minute before is carried over in proportion to
//! how much of it still lies in the sliding minute ending now, so a client cannot spend its budget
//! twice across a minute's boundary, as it could with fixed windows.
//!
//! Compared with the per-request log of [`super::charge_ip`] (a lock, a count and an insert in a
//! transaction: five round trips), this is one round trip, for limits charged on every request
//! of a public endpoint. The statement is atomic on both engines: PostgreSQL's
//! `ON CONFLICT DO UPDATE` locks the row and checks its `WHERE` against the newest committed
//! count, and SQLite runs one writer at a time.

use chrono::{Duration, DurationRound, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Integer, Text, Timestamp};

use crate::db::schema::rate_counters;
use crate::db::DbConnection;

/// The length of a counter's window.
const MINUTE: i64 = 60;

/// Where `now` falls: the minute it is in, the minute before, and the share of the minute before
/// that still lies in the sliding minute ending at `now`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Position {
    pub start: NaiveDateTime,
    pub previous: NaiveDateTime,
    pub carry: f64,
}

impl Position {
    /// The position of `now`.
    pub fn of(now: NaiveDateTime) -> Self {
        let start = now
            .duration_trunc(Duration::seconds(MINUTE))
            .expect("a minute divides every timestamp");
        let elapsed = (now - start).num_microseconds().unwrap_or(0) as f64;
        Self {
            start,
            previous: start - Duration::seconds(MINUTE),
            carry: 1.0 - elapsed / (MINUTE as f64 * 1e6),
        }
    }

    /// How long after `now` a refused client may try again: when the estimate falls below
    /// `limit`, which happens as the minute before slides out of the window, or at the next
    /// minute when this one alone is full.
    pub fn wait(&self, now: NaiveDateTime, previous: i32, current: i32, limit: u32) -> Duration {
        let limit = f64::from(limit);
        let next_minute = self.start + Duration::seconds(MINUTE);
        if f64::from(current) >= limit || previous <= 0 {
            return next_minute - now;
        }
        // previous × (1 − t/MINUTE) + current < limit ⇔ t > MINUTE × (1 − (limit − current)/previous)
        let share = 1.0 - (limit - f64::from(current)) / f64::from(previous);
        let micros = (share.max(0.0) * MINUTE as f64 * 1e6).ceil() as i64;
        (self.start + Duration::microseconds(micros) - now).max(Duration::zero())
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Integer)]
    #[allow(dead_code)]
    n: i32,
}

/// The statement, with `{relaxed}` for PostgreSQL's unflushed commit and `{p}N` for parameter N.
const CHARGE: &str = "INSERT INTO rate_counters AS c (bucket, subject, window_start, n) \
     SELECT {p}1, {p}2, {p}3, 1 {relaxed} WHERE {carried} < {p}6 \
     ON CONFLICT (window_start, bucket, subject) DO UPDATE SET n = c.n + 1 \
     WHERE c.n + {carried} < {p}6 \
     RETURNING n";
const CARRIED: &str = "COALESCE((SELECT p.n FROM rate_counters p \
     WHERE p.bucket = {p}1 AND p.subject = {p}2 AND p.window_start = {p}4), 0) * {p}5";

fn statement(placeholder: &str, relaxed: &str) -> String {
    CHARGE
        .replace("{carried}", CARRIED)
        .replace("{relaxed}", relaxed)
        .replace("{p}", placeholder)
}

/// Counts one event of `subject` in `bucket` at `at` unless `limit` are already counted in
/// the sliding minute ending then (this minute's count plus the carried share of the last, as in
/// [`Position::wait`]); `true` when counted. On PostgreSQL the commit does not wait
/// for the disk (`synchronous_commit = off` for this statement's transaction only): a crash can
/// lose the last fraction of a second of counts, which readmits that many requests once. Call it
/// outside any transaction: inside one it would relax the commit of everything else written.
pub fn try_count(
    conn: &mut DbConnection,
    bucket: &str,
    subject: &str,
    limit: u32,
    at: Position,
) -> QueryResult<bool> {
    let limit = i32::try_from(limit).unwrap_or(i32::MAX);
    macro_rules! run {
        ($conn:expr, $sql:expr) => {
            diesel::sql_query($sql)
                .bind::<Text, _>(bucket)
                .bind::<Text, _>(subject)
                .bind::<Timestamp, _>(at.start)
                .bind::<Timestamp, _>(at.previous)
                .bind::<Double, _>(at.carry)
                .bind::<Integer, _>(limit)
                .load::<Count>($conn)
        };
    }
    let counted = match conn {
        DbConnection::Pg(pg) => run!(
            pg,
            statement(
                "$",
                "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed"
            )
        )?,
        DbConnection::Sqlite(lite) => run!(lite, statement("?", ""))?,
    };
    Ok(!counted.is_empty())
}

/// The counts of the minute before `at` and of the minute it is in.
pub fn counts(
    conn: &mut DbConnection,
    bucket: &str,
    subject: &str,
    at: Position,
) -> QueryResult<(i32, i32)> {
    let rows: Vec<(NaiveDateTime, i32)> = rate_counters::table
        .filter(rate_counters::bucket.eq(bucket))
        .filter(rate_counters::subject.eq(subject))
        .filter(rate_counters::window_start.eq_any([at.previous, at.start]))
        .select((rate_counters::window_start, rate_counters::n))
        .load(conn)?;
    let of = |start: NaiveDateTime| {
        rows.iter()
            .find(|(s, _)| *s == start)
            .map_or(0, |(_, n)| *n)
    };
    Ok((of(at.previous), of(at.start)))
}

/// Deletes at most `limit` counters of minutes that ended before `before`; returns how many.
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime, limit: i64) -> QueryResult<usize> {
    const PRUNE: &str = "DELETE FROM rate_counters WHERE (window_start, bucket, subject) IN \
         (SELECT window_start, bucket, subject FROM rate_counters WHERE window_start < {p}1 LIMIT {p}2)";
    let ended = before - Duration::seconds(MINUTE);
    macro_rules! run {
        ($conn:expr, $p:literal) => {
            diesel::sql_query(PRUNE.replace("{p}", $p))
                .bind::<Timestamp, _>(ended)
                .bind::<BigInt, _>(limit)
                .execute($conn)
        };
    }
    match conn {
        DbConnection::Pg(pg) => run!(pg, "$"),
        DbConnection::Sqlite(lite) => run!(lite, "?"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    /// What the charge statement compares with the limit: this minute's count and the carried
    /// share of the last.
    fn estimate(p: &Position, previous: i32, current: i32) -> f64 {
        f64::from(current) + f64::from(previous) * p.carry
    }

    #[test]
    fn the_minute_before_counts_for_the_share_still_in_the_window() {
        let p = Position::of(at("2026-12-03 10:01:15"));
        assert_eq!(p.start, at("2026-12-03 10:01:00"));
        assert_eq!(p.previous, at("2026-12-03 10:00:00"));
        assert!((p.carry - 0.75).abs() < 1e-9);
        assert!((estimate(&p, 8, 2) - 8.0).abs() < 1e-9);
        assert_eq!(Position::of(at("2026-12-03 10:01:00")).carry, 1.0);
    }

    #[test]
    fn a_refused_client_waits_until_the_estimate_falls_below_the_limit() {
        let now = at("2026-12-03 10:01:15");
        let p = Position::of(now);
        // This minute alone is full: the next minute, where its count is carried from a full 1.0
        // down, admits the first request an instant after it starts.
        assert_eq!(p.wait(now, 0, 10, 10), Duration::seconds(45));
        // 12 in the minute before, 3 now, limit 10: admitted once 12 × (1 − t/60) < 7, t > 25 s.
        assert_eq!(p.wait(now, 12, 3, 10), Duration::seconds(10));
        let later = now + p.wait(now, 12, 3, 10) + Duration::milliseconds(1);
        assert!(estimate(&Position::of(later), 12, 3) < 10.0);
        // Never negative.
        assert_eq!(p.wait(now, 1, 0, 10), Duration::zero());
    }
}

//! How long a session lives: an absolute limit fixed at login and an idle limit. A student's idle
//! limit is renewed by each refresh, and both are longer when the student ticks 记住我 (remember
//! me); a staff session's idle limit runs from its last recorded use. Pure rules, no I/O.

use chrono::{Duration, NaiveDateTime};

use crate::config::AuthSettings;

/// The two limits of one kind of session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionLimits {
    /// From login to the end of the session, whatever happens in between.
    pub absolute: Duration,
    /// How long an unused refresh token stays valid.
    pub idle: Duration,
}

impl SessionLimits {
    /// The configured limits of a session with or without 记住我.
    pub fn of(auth: &AuthSettings, remember_me: bool) -> Self {
        if remember_me {
            Self {
                absolute: Duration::days(auth.remembered_session_absolute_days as i64),
                idle: Duration::days(auth.remembered_session_idle_days as i64),
            }
        } else {
            Self {
                absolute: Duration::hours(auth.session_absolute_hours as i64),
                idle: Duration::minutes(auth.session_idle_mins as i64),
            }
        }
    }

    /// The configured limits of a staff session (`APP_STAFF_SESSION_HOURS`,
    /// `APP_STAFF_SESSION_IDLE_MINS`).
    pub fn staff(auth: &AuthSettings) -> Self {
        Self {
            absolute: Duration::hours(auth.staff_session_hours as i64),
            idle: Duration::minutes(auth.staff_session_idle_mins as i64),
        }
    }

    /// A session last used before this instant has been idle too long at `now`.
    pub fn idle_since(&self, now: NaiveDateTime) -> NaiveDateTime {
        now - self.idle
    }

    /// Whether a session that ends at `session_end` and was last used at `last_active` is live
    /// at `now`.
    pub fn is_live(
        &self,
        now: NaiveDateTime,
        last_active: NaiveDateTime,
        session_end: NaiveDateTime,
    ) -> bool {
        now < session_end && last_active > self.idle_since(now)
    }

    /// The end of a session that starts at `now`.
    pub fn session_end(&self, now: NaiveDateTime) -> NaiveDateTime {
        now + self.absolute
    }

    /// Until when a refresh token issued at `now` works: the idle limit, but never past the end of
    /// the session (so a refresh cannot extend a session).
    pub fn refresh_token_end(
        &self,
        now: NaiveDateTime,
        session_end: NaiveDateTime,
    ) -> NaiveDateTime {
        (now + self.idle).min(session_end)
    }
}

/// How stale a session's recorded last use may grow before a request records it again: use is
/// written at most once per this, not on every request.
pub const ACTIVITY_RESOLUTION: Duration = Duration::minutes(1);

/// Whether a request at `now` should record a session's use, last recorded at `last_active`.
pub fn activity_is_stale(last_active: NaiveDateTime, now: NaiveDateTime) -> bool {
    now - last_active >= ACTIVITY_RESOLUTION
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: u32) -> NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2026, 9, 1)
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    fn limits() -> SessionLimits {
        SessionLimits {
            absolute: Duration::hours(12),
            idle: Duration::minutes(30),
        }
    }

    #[test]
    fn a_refresh_token_lives_for_the_idle_limit() {
        let end = limits().session_end(at(8));
        assert_eq!(end, at(20));
        assert_eq!(
            limits().refresh_token_end(at(9), end),
            at(9) + Duration::minutes(30)
        );
    }

    #[test]
    fn a_refresh_token_never_outlives_its_session() {
        let end = limits().session_end(at(8));
        assert_eq!(
            limits().refresh_token_end(at(19) + Duration::minutes(50), end),
            at(20)
        );
    }

    #[test]
    fn a_staff_session_ends_at_its_lifetime_or_after_its_idle_limit() {
        let auth = crate::config::Config::from_lookup(&|_| None).unwrap().auth;
        let staff = SessionLimits::staff(&auth);
        assert_eq!(staff.absolute, Duration::hours(8));
        assert_eq!(staff.idle, Duration::minutes(30));
        let end = staff.session_end(at(8));
        let used = at(9);
        assert!(staff.is_live(used + Duration::minutes(29), used, end));
        assert!(!staff.is_live(used + Duration::minutes(30), used, end));
        // However busy, never past the lifetime.
        assert!(!staff.is_live(at(16), at(16) - Duration::seconds(1), end));
        assert!(staff.is_live(
            at(16) - Duration::seconds(1),
            at(15) + Duration::minutes(59),
            end
        ));
    }

    #[test]
    fn use_is_recorded_at_most_once_a_minute() {
        assert!(!activity_is_stale(at(9), at(9) + Duration::seconds(59)));
        assert!(activity_is_stale(at(9), at(9) + Duration::seconds(60)));
    }

    #[test]
    fn remember_me_picks_the_longer_limits() {
        let auth = crate::config::Config::from_lookup(&|_| None).unwrap().auth;
        assert_eq!(
            SessionLimits::of(&auth, false),
            SessionLimits {
                absolute: Duration::hours(12),
                idle: Duration::minutes(30)
            }
        );
        assert_eq!(
            SessionLimits::of(&auth, true),
            SessionLimits {
                absolute: Duration::days(30),
                idle: Duration::days(7)
            }
        );
    }
}

//! How long a student session lives: an absolute limit fixed at login and an idle limit renewed by
//! each refresh, both longer when the student ticks 记住我 (remember me). Pure rules, no I/O.

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

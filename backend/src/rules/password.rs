//! Passwords: 6–64 ASCII letters and digits (the guide's rule), not the email, not a common one.

use std::collections::HashSet;
use std::sync::OnceLock;

use super::Email;
use crate::rules::message::{FieldError, Text};

/// A password that satisfies every rule. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Shortest accepted password.
pub const MIN_LEN: usize = 6;
/// Longest accepted password.
pub const MAX_LEN: usize = 64;

/// The bundled list of common passwords (one per line, `#` lines are comments).
const COMMON: &str = include_str!("common_passwords.txt");

fn common_passwords() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_ascii_lowercase)
            .collect()
    })
}

/// Refuses a new password that is the current one (`field` names the new password).
pub fn differs(current: &str, new: &str, field: &'static str) -> Result<(), FieldError> {
    if current == new {
        return Err(FieldError::new(
            field,
            "password_unchanged",
            Text::new(
                "新密码不能与当前密码相同。",
                "The new password must differ from the current one.",
            ),
        ));
    }
    Ok(())
}

/// Whether `candidate` is on the bundled list of common passwords (case-insensitive).
pub fn is_common(candidate: &str) -> bool {
    common_passwords().contains(&candidate.to_ascii_lowercase())
}

impl Password {
    /// Checks `raw` (not trimmed: spaces are characters of a password) for the account `email`.
    pub fn parse(raw: &str, email: &Email, field: &'static str) -> Result<Self, FieldError> {
        Self::check(raw, Some(email), field)
    }

    /// Checks every rule that does not depend on the email (when the email itself is invalid).
    pub fn parse_without_email(raw: &str, field: &'static str) -> Result<Self, FieldError> {
        Self::check(raw, None, field)
    }

    fn check(raw: &str, email: Option<&Email>, field: &'static str) -> Result<Self, FieldError> {
        let fail = |code: &'static str, zh: String, en: String| {
            Err(FieldError::new(field, code, Text::new(zh, en)))
        };
        let len = raw.chars().count();
        if len < MIN_LEN {
            return fail(
                "password_too_short",
                format!("密码至少需要 {MIN_LEN} 位。"),
                format!("The password needs at least {MIN_LEN} characters."),
            );
        }
        if len > MAX_LEN {
            return fail(
                "password_too_long",
                format!("密码最多 {MAX_LEN} 位。"),
                format!("The password may have at most {MAX_LEN} characters."),
            );
        }
        if !raw.chars().all(|c| c.is_ascii_alphanumeric()) {
            return fail(
                "password_invalid_characters",
                "密码只能由英文字母和数字组成，不能包含空格、符号或中文。".into(),
                "The password may contain only letters (a–z, A–Z) and digits.".into(),
            );
        }
        let equals_email = email.is_some_and(|e| {
            raw.to_ascii_lowercase() == e.as_str()
                || raw.eq_ignore_ascii_case(e.as_str().split('@').next().unwrap_or(""))
        });
        if equals_email {
            return fail(
                "password_equals_email",
                "密码不能与邮箱或邮箱用户名相同。".into(),
                "The password may not be the email address or its name part.".into(),
            );
        }
        if is_common(raw) {
            return fail(
                "password_too_common",
                "这个密码太常见，很容易被猜到，请换一个更独特的密码。".into(),
                "This password is too common and easy to guess; choose another.".into(),
            );
        }
        Ok(Self(raw.to_owned()))
    }

    /// The password itself, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn email() -> Email {
        Email::parse("li.lei@example.cn", "email").unwrap()
    }

    fn code(raw: &str) -> String {
        Password::parse(raw, &email(), "password")
            .unwrap_err()
            .code
            .to_string()
    }

    #[test]
    fn letters_and_digits_of_six_to_sixty_four_pass() {
        for ok in ["Xuexin2026", "abc7z9", &"a1".repeat(32)] {
            assert!(Password::parse(ok, &email(), "password").is_ok(), "{ok}");
        }
    }

    #[test]
    fn every_rule_has_its_own_code() {
        assert_eq!(code(""), "password_too_short");
        assert_eq!(code("ab1"), "password_too_short");
        assert_eq!(code(&format!("{}z", "a1".repeat(32))), "password_too_long");
        assert_eq!(code("abc 12345"), "password_invalid_characters");
        assert_eq!(code("abc!12345"), "password_invalid_characters");
        assert_eq!(code("密码密码123"), "password_invalid_characters");
        assert_eq!(code("ａｂｃ１２３４"), "password_invalid_characters");
        assert_eq!(code("LiLei"), "password_too_short");
        assert_eq!(code("li.lei"), "password_invalid_characters");
    }

    #[test]
    fn the_email_or_its_name_part_is_refused() {
        let e = Email::parse("xuexin2026@example.cn", "email").unwrap();
        let err = Password::parse("XUEXIN2026", &e, "password").unwrap_err();
        assert_eq!(err.code, "password_equals_email");
    }

    #[test]
    fn common_passwords_are_refused_case_insensitively() {
        for common in [
            "123456",
            "password",
            "qwerty123",
            "Password",
            "woaini1314",
            "a123456",
            "iloveyou",
            "1qaz2wsx",
        ] {
            if common.len() >= MIN_LEN {
                assert_eq!(code(common), "password_too_common", "{common}");
            }
        }
    }

    #[test]
    fn the_bundled_list_has_at_least_ten_thousand_entries() {
        assert!(
            common_passwords().len() >= 10_000,
            "{}",
            common_passwords().len()
        );
    }
}

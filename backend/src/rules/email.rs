//! Email addresses: trimmed, lower-cased, syntactically valid (RFC 5321 limits, ASCII only).

use std::fmt;

use crate::rules::message::{FieldError, Text};

/// A syntactically valid email address in its normalised form (trimmed, lower-case).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

/// Longest address SMTP can carry (RFC 5321: a 256-octet path minus the angle brackets).
const MAX_LEN: usize = 254;
const MAX_LOCAL_LEN: usize = 64;

impl Email {
    /// Parses `raw` as the field `field`, with a message that says what is wrong.
    pub fn parse(raw: &str, field: &'static str) -> Result<Self, FieldError> {
        let value = normalize(raw);
        let fail = |code: &'static str, zh: &'static str, en: &'static str| {
            Err(FieldError::new(field, code, Text::new(zh, en)))
        };
        if value.is_empty() {
            return fail(
                "email_required",
                "请填写电子邮箱。",
                "Enter an email address.",
            );
        }
        if value.len() > MAX_LEN {
            return fail(
                "email_too_long",
                "电子邮箱地址过长（最多 254 个字符）。",
                "The address is too long (254 characters at most).",
            );
        }
        if !value.is_ascii() {
            return fail(
                "email_not_ascii",
                "电子邮箱只能包含英文字母、数字和符号，请检查是否输入了中文或全角字符。",
                "The address may contain only ASCII characters.",
            );
        }
        let Some((local, domain)) = value.rsplit_once('@') else {
            return fail(
                "email_invalid",
                "电子邮箱格式不正确，应类似 name@example.com。",
                "This is not an email address like name@example.com.",
            );
        };
        if !valid_local(local) || !valid_domain(domain) {
            return fail(
                "email_invalid",
                "电子邮箱格式不正确，应类似 name@example.com。",
                "This is not an email address like name@example.com.",
            );
        }
        Ok(Self(value))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The normalised form used for storage and comparison: trimmed and lower-cased.
pub fn normalize(raw: &str) -> String {
    raw.trim().to_lowercase()
}

fn valid_local(local: &str) -> bool {
    const SPECIALS: &[u8] = b"!#$%&'*+-/=?^_`{|}~.";
    !local.is_empty()
        && local.len() <= MAX_LOCAL_LEN
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || SPECIALS.contains(&b))
}

fn valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(raw: &str) -> String {
        Email::parse(raw, "email").unwrap_err().code.to_string()
    }

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Zhang.San@PKU.edu.CN \n", "email")
                .unwrap()
                .as_str(),
            "zhang.san@pku.edu.cn"
        );
    }

    #[test]
    fn ordinary_addresses_pass() {
        for ok in [
            "a@b.cn",
            "first.last+tag@mail.example.com",
            "x_y-z@sub-domain.example.org",
            "12345@qq.com",
        ] {
            assert!(Email::parse(ok, "email").is_ok(), "{ok}");
        }
    }

    #[test]
    fn each_kind_of_bad_address_is_refused_with_its_code() {
        assert_eq!(code(""), "email_required");
        assert_eq!(code("   "), "email_required");
        assert_eq!(code("张三@example.com"), "email_not_ascii");
        assert_eq!(code("a＠b.cn"), "email_not_ascii");
        assert_eq!(
            code(&format!("{}@example.com", "a".repeat(250))),
            "email_too_long"
        );
        for bad in [
            "plainaddress",
            "@example.com",
            "a@",
            "a@b",
            "a@b.c",
            "a..b@example.com",
            ".a@example.com",
            "a.@example.com",
            "a b@example.com",
            "a@-example.com",
            "a@example-.com",
            "a@exa_mple.com",
            "a@example.c0m",
            "a@@example.com",
            &format!("{}@example.com", "a".repeat(65)),
        ] {
            assert_eq!(code(bad), "email_invalid", "{bad}");
        }
    }

    #[test]
    fn the_message_names_the_field_given() {
        assert_eq!(
            Email::parse("x", "new_email").unwrap_err().field,
            "new_email"
        );
    }
}

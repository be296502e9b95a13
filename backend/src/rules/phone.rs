//! Mainland mobile numbers: 11 digits starting `1[3-9]`; a `+86`/`86` prefix is stripped.

use std::fmt;

use crate::rules::message::{FieldError, Text};

/// A mobile number as 11 bare digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mobile(String);

impl Mobile {
    /// Accepts spaces and hyphens between digits and an optional `+86`/`86` prefix.
    pub fn parse(raw: &str, field: &'static str) -> Result<Self, FieldError> {
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        if compact.is_empty() {
            return Err(FieldError::new(
                field,
                "phone_required",
                Text::new("请填写手机号。", "Enter the mobile number."),
            ));
        }
        let digits = compact
            .strip_prefix("+86")
            .or_else(|| {
                (compact.len() == 13)
                    .then(|| compact.strip_prefix("86"))
                    .flatten()
            })
            .unwrap_or(&compact);
        let valid = digits.len() == 11
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.as_bytes()[0] == b'1'
            && (b'3'..=b'9').contains(&digits.as_bytes()[1]);
        if !valid {
            return Err(FieldError::new(
                field,
                "phone_invalid",
                Text::new(
                    "请输入 11 位中国大陆手机号，例如 13812345678。",
                    "Enter an 11-digit mainland mobile number like 13812345678.",
                ),
            ));
        }
        Ok(Self(digits.to_owned()))
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_separators_are_stripped() {
        for raw in [
            "13812345678",
            "+8613812345678",
            "8613812345678",
            " 138-1234-5678 ",
            "+86 138 1234 5678",
        ] {
            assert_eq!(
                Mobile::parse(raw, "phone").unwrap().as_str(),
                "13812345678",
                "{raw}"
            );
        }
    }

    #[test]
    fn other_numbers_are_refused() {
        for raw in [
            "12812345678",
            "1381234567",
            "138123456789",
            "23812345678",
            "1381234567a",
            "+85213812345678",
            "+8612812345678",
        ] {
            assert_eq!(
                Mobile::parse(raw, "phone").unwrap_err().code,
                "phone_invalid",
                "{raw}"
            );
        }
        assert_eq!(
            Mobile::parse("", "phone").unwrap_err().code,
            "phone_required"
        );
    }

    #[test]
    fn masking_keeps_the_first_three_and_last_four() {
        assert_eq!(
            Mobile::parse("13812345678", "phone").unwrap().masked(),
            "138****5678"
        );
    }
}

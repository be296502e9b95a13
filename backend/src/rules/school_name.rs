//! The name of a school, as typed by staff or imported: 1–100 characters, trimmed, in NFC and
//! with nothing invisible (see [`super::text`]), so one school never has two names that look
//! the same.

use crate::rules::message::{FieldError, Text};

/// The longest school name, in characters.
pub const MAX_CHARS: usize = 100;

/// Reads a school name for `field`.
pub fn parse(raw: &str, field: &'static str) -> Result<String, FieldError> {
    let name = super::text::line(raw.trim(), field)?;
    if name.is_empty() || name.chars().count() > MAX_CHARS {
        return Err(FieldError::new(
            field,
            "school_name_invalid",
            Text::new(
                format!("学校名称不能为空，最多 {MAX_CHARS} 个字。"),
                format!("1 to {MAX_CHARS} characters."),
            ),
        ));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_school_name_is_trimmed_visible_and_bounded() {
        assert_eq!(parse(" 北京大学 ", "name").unwrap(), "北京大学");
        assert_eq!(
            parse("北京\u{200B}大学", "name").unwrap_err().code,
            "invalid_characters"
        );
        assert_eq!(parse("  ", "name").unwrap_err().code, "school_name_invalid");
        assert_eq!(
            parse(&"学".repeat(MAX_CHARS + 1), "name").unwrap_err().code,
            "school_name_invalid"
        );
        assert!(parse(&"学".repeat(MAX_CHARS), "name").is_ok());
    }
}

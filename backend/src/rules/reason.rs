//! The reason that staff give for a change: required, trimmed, at most 500 characters, several
//! lines allowed but no other invisible character (see [`super::text`]).

use super::text::{self, Lines};
use crate::rules::message::{FieldError, Text};

/// The longest reason, in characters.
pub const MAX_CHARS: usize = 500;

/// Reads a required reason for `field`.
pub fn required(raw: Option<&str>, field: &'static str) -> Result<String, FieldError> {
    let text = raw.map(str::trim).unwrap_or("");
    if text.is_empty() {
        return Err(FieldError::new(
            field,
            "reason_required",
            Text::new("请写明原因。", "Give a reason."),
        ));
    }
    optional(Some(text), field).map(|r| r.unwrap_or_default())
}

/// Reads an optional note for `field` (empty means none).
pub fn optional(raw: Option<&str>, field: &'static str) -> Result<Option<String>, FieldError> {
    let text = text::clean(raw.map(str::trim).unwrap_or(""), field, Lines::Multi)?;
    if text.chars().count() > MAX_CHARS {
        return Err(FieldError::new(
            field,
            "reason_too_long",
            Text::new(
                format!("最多 {MAX_CHARS} 个字。"),
                format!("At most {MAX_CHARS} characters."),
            ),
        ));
    }
    Ok((!text.is_empty()).then(|| text.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_required_trimmed_and_bounded() {
        assert_eq!(
            required(Some("  学生来电  "), "reason").unwrap(),
            "学生来电"
        );
        assert_eq!(
            required(Some("   "), "reason").unwrap_err().code,
            "reason_required"
        );
        assert_eq!(
            required(None, "reason").unwrap_err().code,
            "reason_required"
        );
        let long = "字".repeat(MAX_CHARS + 1);
        assert_eq!(
            required(Some(&long), "reason").unwrap_err().code,
            "reason_too_long"
        );
        assert_eq!(optional(Some(" "), "note").unwrap(), None);
        assert_eq!(
            required(Some("第一行\n第二行"), "reason").unwrap(),
            "第一行\n第二行"
        );
        assert_eq!(
            optional(Some("好\u{202E}的"), "note").unwrap_err().code,
            "invalid_characters"
        );
    }
}

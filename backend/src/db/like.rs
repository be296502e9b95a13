//! `LIKE` patterns built from what people type, with the wildcards taken literally.

/// `text` with the LIKE wildcards escaped (escape character `\`).
pub fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A pattern matching what starts with `text` (use with `.escape('\\')`).
pub fn starts_with(text: &str) -> String {
    format!("{}%", like_escape(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_are_taken_literally() {
        assert_eq!(like_escape(r"50%_a\b"), r"50\%\_a\\b");
        assert_eq!(starts_with("change_request."), r"change\_request.%");
    }
}

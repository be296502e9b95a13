//! The one rule every piece of typed or imported text passes first: characters that are not seen
//! (control, zero-width, bidi) are refused, because they make two strings look alike that are not
//! equal, or reorder what is shown; what remains is put in Unicode NFC, so text that looks the
//! same compares equal (a CJK compatibility ideograph such as U+F9E1 becomes U+674E 李).

use std::borrow::Cow;

use unicode_normalization::{is_nfc, UnicodeNormalization};

use crate::rules::message::{FieldError, Text};

/// The field error code for text with a character that is not shown.
pub const CODE: &str = "invalid_characters";

/// Whether line breaks and tabs are allowed (multi-line notes and reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// One line: every control character is refused.
    Single,
    /// Several lines: `\n`, `\r` and `\t` are allowed.
    Multi,
}

/// Why a character is refused, or `None` when it may stand in text.
fn kind_of(c: char, lines: Lines) -> Option<(&'static str, &'static str)> {
    match c {
        '\n' | '\r' | '\t' if lines == Lines::Multi => None,
        '\0' => Some(("空字符", "a NUL character")),
        c if c.is_control() => Some(("不可见的控制字符", "an invisible control character")),
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
            Some(("不可见的零宽字符", "an invisible zero-width character"))
        }
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some(("改变文字方向的控制字符", "a text-direction control")),
        _ => None,
    }
}

/// Refuses text with a character that is not shown, naming the first one; returns the text in
/// NFC (borrowed when it already is).
pub fn clean<'a>(
    raw: &'a str,
    field: impl Into<Cow<'static, str>>,
    lines: Lines,
) -> Result<Cow<'a, str>, FieldError> {
    if let Some((c, (zh, en))) = raw.chars().find_map(|c| kind_of(c, lines).map(|k| (c, k))) {
        let code_point = format!("U+{:04X}", c as u32);
        return Err(FieldError::new(
            field,
            CODE,
            Text::new(
                format!("含有{zh}（{code_point}），请删除后重新填写。"),
                format!("Contains {en} ({code_point}); remove it and try again."),
            ),
        ));
    }
    Ok(if is_nfc(raw) {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(raw.nfc().collect())
    })
}

/// [`clean`] for one line of text, owned.
pub fn line(raw: &str, field: impl Into<Cow<'static, str>>) -> Result<String, FieldError> {
    clean(raw, field, Lines::Single).map(Cow::into_owned)
}

/// A search term as stored text is compared: trimmed and in NFC; `None` when empty. (Not refused
/// when it holds a character [`clean`] refuses: it then finds nothing.)
pub fn search_term(raw: Option<&str>) -> Option<String> {
    raw.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.nfc().collect())
}

/// `raw` with every character [`clean`] refuses written as `<U+XXXX>`: safe to show and to
/// store in a report about the text.
pub fn shown(raw: &str) -> String {
    raw.chars()
        .map(|c| match kind_of(c, Lines::Single) {
            Some(_) => format!("<U+{:04X}>", c as u32),
            None => c.to_string(),
        })
        .collect()
}

/// Text a client sent about itself (a `User-Agent` header) made safe to store and show: characters
/// [`clean`] refuses are dropped rather than refused (the client is not asked to retype it), the
/// rest put in NFC, trimmed and cut to `max_chars`; `None` when nothing is left.
pub fn client_text(raw: &str, max_chars: usize) -> Option<String> {
    let kept: String = raw
        .chars()
        .filter(|c| kind_of(*c, Lines::Single).is_none())
        .collect::<String>()
        .nfc()
        .collect();
    let cut: String = kept.trim().chars().take(max_chars).collect();
    let cut = cut.trim_end().to_owned();
    (!cut.is_empty()).then_some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(s: &str, lines: Lines) -> Option<String> {
        clean(s, "f", lines).err().map(|e| e.code.into_owned())
    }

    #[test]
    fn compatibility_ideographs_become_the_unified_ones() {
        assert_eq!(line("\u{F9E1}华", "name").unwrap(), "李华");
        assert_eq!(line("北京大学", "name").unwrap(), "北京大学");
        // A decomposed é is composed.
        assert_eq!(line("e\u{0301}", "f").unwrap(), "\u{E9}");
    }

    #[test]
    fn invisible_characters_are_refused_with_their_code_point() {
        for c in [
            '\0', '\u{1}', '\u{7F}', '\u{85}', '\u{9F}', '\u{200B}', '\u{200C}', '\u{200D}',
            '\u{2060}', '\u{FEFF}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}',
            '\u{200F}', '\u{061C}',
        ] {
            let text = format!("北京{c}大学");
            let err = clean(&text, "name", Lines::Multi).unwrap_err();
            assert_eq!(err.code, CODE, "{:04X}", c as u32);
            assert_eq!(err.field, "name");
            assert!(
                err.message.zh.contains(&format!("U+{:04X}", c as u32)),
                "{}",
                err.message.zh
            );
        }
    }

    #[test]
    fn line_breaks_only_where_several_lines_are_allowed() {
        assert_eq!(
            code_of("第一行\n第二行\t", Lines::Single).as_deref(),
            Some(CODE)
        );
        assert_eq!(code_of("a\rb", Lines::Single).as_deref(), Some(CODE));
        assert_eq!(code_of("第一行\r\n第二行\t", Lines::Multi), None);
        assert_eq!(code_of("普通 文字·、。", Lines::Single), None);
    }

    #[test]
    fn client_text_drops_what_is_not_shown_and_is_cut() {
        assert_eq!(
            client_text("  Mozilla/5.0\u{0}\u{202E} (X11)\r\n ", 100).as_deref(),
            Some("Mozilla/5.0 (X11)")
        );
        assert_eq!(client_text("abcdef", 3).as_deref(), Some("abc"));
        assert_eq!(client_text("浏览器", 2).as_deref(), Some("浏览"));
        assert_eq!(client_text(" \u{200B} ", 10), None);
    }

    #[test]
    fn search_terms_compare_like_stored_text() {
        assert_eq!(search_term(Some(" \u{F9E1}华 ")).as_deref(), Some("李华"));
        assert_eq!(search_term(Some("  ")), None);
        assert_eq!(search_term(None), None);
    }

    #[test]
    fn refused_characters_can_be_shown() {
        assert_eq!(shown("a\u{0}b\u{202E}c.jpg"), "a<U+0000>b<U+202E>c.jpg");
    }

    #[test]
    fn the_message_names_the_kind() {
        let err = line("李\u{202E}华", "name").unwrap_err();
        assert_eq!(
            err.message.zh,
            "含有改变文字方向的控制字符（U+202E），请删除后重新填写。"
        );
        let err = line("北京\u{200B}大学", "name").unwrap_err();
        assert!(err.message.zh.contains("零宽字符（U+200B）"));
    }
}

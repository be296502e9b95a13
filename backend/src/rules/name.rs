//! Personal names in Chinese characters, as written on the ID card: 2–30 ideographs (every CJK
//! block, including those outside the Basic Multilingual Plane), with `·` between the parts of
//! names of ethnic minorities.

use std::fmt;

use crate::rules::message::{FieldError, Text};

/// A valid name: trimmed, in Unicode NFC (so a compatibility ideograph equals the character it
/// shows), look-alike dots normalised to `·` (U+00B7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

/// The separator of the parts of a name.
pub const DOT: char = '·';
const LOOK_ALIKE_DOTS: [char; 8] = ['・', '•', '．', '.', '‧', '∙', '⋅', '･'];
const MIN_LEN: usize = 2;
const MAX_LEN: usize = 30;

/// Whether `c` is a CJK ideograph of any block (unified, extensions A–I, compatibility, 〇).
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3007
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0x20000..=0x2A6DF
        | 0x2A700..=0x2EE5F
        | 0x2F800..=0x2FA1F
        | 0x30000..=0x323AF)
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F | 0x200D)
}

fn fail(field: &'static str, code: &'static str, zh: String, en: String) -> FieldError {
    FieldError::new(field, code, Text::new(zh, en))
}

/// A name with all but its first character hidden: `王**`, `买*****` — for showing that a
/// record exists without showing whose it is.
pub fn mask(name: &str) -> String {
    let mut chars = name.chars();
    let first = chars.next().map(String::from).unwrap_or_default();
    first + &"*".repeat(chars.count())
}

impl PersonName {
    /// Checks `raw` against the rules, with a message that says what is wrong and how to fix it.
    pub fn parse(raw: &str, field: &'static str) -> Result<Self, FieldError> {
        let value: String = super::text::line(raw.trim(), field)?
            .chars()
            .map(|c| if LOOK_ALIKE_DOTS.contains(&c) { DOT } else { c })
            .collect();
        if value.is_empty() {
            return Err(fail(
                field,
                "name_required",
                "请填写姓名。".into(),
                "Enter the name.".into(),
            ));
        }
        for c in value.chars() {
            if c == DOT || is_ideograph(c) {
                continue;
            }
            let (code, zh, en) = if c.is_ascii_alphabetic()
                || ('\u{00C0}'..='\u{024F}').contains(&c)
                || ('Ａ'..='ｚ').contains(&c)
            {
                (
                    "name_latin",
                    "姓名请用汉字填写，不要使用拼音或英文字母。",
                    "Write the name in Chinese characters, not pinyin or Latin letters.",
                )
            } else if c.is_numeric() {
                ("name_digits", "姓名中不能有数字。", "A name has no digits.")
            } else if c.is_whitespace() {
                (
                    "name_space",
                    "姓名中间不能有空格；少数民族姓名请用“·”分隔。",
                    "No spaces inside the name; separate parts with ·.",
                )
            } else if is_private_use(c) {
                (
                    "name_private_use",
                    "姓名中有无法识别的造字（私用区字符），请改用标准汉字；如果是生僻字，请用可以正常输入的标准写法。",
                    "The name contains a private-use character; use the standard character.",
                )
            } else if is_emoji(c) {
                (
                    "name_emoji",
                    "姓名中不能有表情符号。",
                    "A name has no emoji.",
                )
            } else {
                (
                    "name_invalid_character",
                    "姓名只能包含汉字和间隔号“·”。",
                    "A name may contain only Chinese characters and ·.",
                )
            };
            return Err(fail(
                field,
                code,
                format!("{zh}（“{c}”）"),
                format!("{en} (\"{c}\")"),
            ));
        }
        let len = value.chars().count();
        if len < MIN_LEN {
            return Err(fail(
                field,
                "name_too_short",
                format!("姓名至少 {MIN_LEN} 个字。"),
                format!("A name has at least {MIN_LEN} characters."),
            ));
        }
        if len > MAX_LEN {
            return Err(fail(
                field,
                "name_too_long",
                format!("姓名最多 {MAX_LEN} 个字。"),
                format!("A name has at most {MAX_LEN} characters."),
            ));
        }
        if value.starts_with(DOT) || value.ends_with(DOT) || value.contains("··") {
            return Err(fail(
                field,
                "name_dot_position",
                "间隔号“·”只能出现在姓名的各部分之间，不能在开头、结尾或连续出现。".into(),
                "The dot · may only stand between parts of the name, once.".into(),
            ));
        }
        Ok(Self(value))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_first_character_of_any_name() {
        assert_eq!(mask("王小明"), "王**");
        assert_eq!(mask("𠇔伟"), "𠇔*");
        assert_eq!(mask(""), "");
    }

    fn ok(s: &str) -> String {
        PersonName::parse(s, "name").unwrap().as_str().to_owned()
    }

    fn code(s: &str) -> String {
        PersonName::parse(s, "name").unwrap_err().code.to_string()
    }

    #[test]
    fn common_and_rare_names_pass() {
        assert_eq!(ok("李明"), "李明");
        assert_eq!(ok("  欧阳娜娜 "), "欧阳娜娜");
        assert_eq!(ok("𠇔伟"), "𠇔伟", "U+201D4, extension B");
        assert_eq!(ok("王𬱟"), "王𬱟", "U+2CC5F, extension E");
        assert_eq!(ok("张〇"), "张〇");
    }

    #[test]
    fn minority_names_keep_a_normalised_dot_between_parts() {
        assert_eq!(ok("买买提·艾力"), "买买提·艾力");
        assert_eq!(ok("买买提・艾力"), "买买提·艾力");
        assert_eq!(ok("买买提•艾力"), "买买提·艾力");
        assert_eq!(ok("买买提．艾力"), "买买提·艾力");
        assert_eq!(ok("买买提.艾力"), "买买提·艾力");
        assert_eq!(ok("阿卜杜·热合曼·阿不都"), "阿卜杜·热合曼·阿不都");
    }

    #[test]
    fn dots_only_between_parts() {
        assert_eq!(code("·艾力"), "name_dot_position");
        assert_eq!(code("艾力·"), "name_dot_position");
        assert_eq!(code("买买提··艾力"), "name_dot_position");
    }

    #[test]
    fn each_kind_of_wrong_character_has_its_own_code() {
        assert_eq!(code(""), "name_required");
        assert_eq!(code("   "), "name_required");
        assert_eq!(code("Li Ming"), "name_latin");
        assert_eq!(code("liming"), "name_latin");
        assert_eq!(code("李Ming"), "name_latin", "mixed scripts");
        assert_eq!(code("李ｍ"), "name_latin", "full-width Latin");
        assert_eq!(code("李明2"), "name_digits");
        assert_eq!(code("李 明"), "name_space");
        assert_eq!(code("李\u{E000}"), "name_private_use");
        assert_eq!(code("李明😀"), "name_emoji");
        assert_eq!(code("李明！"), "name_invalid_character");
        assert_eq!(code("김민"), "name_invalid_character", "Hangul");
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        assert_eq!(code("李"), "name_too_short");
        assert_eq!(code("𠇔"), "name_too_short", "one scalar value, four bytes");
        assert_eq!(ok(&"李".repeat(30)).chars().count(), 30);
        assert_eq!(code(&"李".repeat(31)), "name_too_long");
        assert_eq!(ok(&"𠇔".repeat(30)).chars().count(), 30);
    }

    #[test]
    fn names_that_look_alike_are_equal_and_invisible_characters_are_refused() {
        assert_eq!(ok("\u{F9E1}华"), "李华", "compatibility ideograph U+F9E1");
        assert_eq!(code("李\u{200B}华"), "invalid_characters");
        assert_eq!(code("李\u{202E}华"), "invalid_characters");
        assert_eq!(code("李\u{0}华"), "invalid_characters");
    }

    #[test]
    fn the_message_names_the_offending_character() {
        let err = PersonName::parse("李明！", "name").unwrap_err();
        assert!(err.message.zh.contains('！'));
    }
}

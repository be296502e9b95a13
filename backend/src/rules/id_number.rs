//! Resident ID numbers (GB 11643-1999): 18 characters, region + birth date + sequence + check.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use crate::rules::message::{FieldError, Text};

/// A valid 18-character ID number (final `x` stored as `X`), with what it encodes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

/// Sex as encoded in the ID number's 17th digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// `男` or `女`.
    pub fn as_chinese(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }

    /// Reads `男` or `女`.
    pub fn from_chinese(s: &str) -> Option<Self> {
        match s.trim() {
            "男" => Some(Sex::Male),
            "女" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// Province-level codes that start real ID numbers: the 31 mainland provinces, Taiwan (71) and
/// the residence permits of Hong Kong (81), Macao (82) and Taiwan (83) residents.
pub const PROVINCE_CODES: [&str; 35] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82", "83",
];

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The ISO 7064 MOD 11-2 check character of the first 17 digits.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK_CHARS[(sum % 11) as usize])
}

fn fail(
    field: &'static str,
    code: &'static str,
    zh: impl Into<String>,
    en: impl Into<String>,
) -> FieldError {
    FieldError::new(field, code, Text::new(zh.into(), en.into()))
}

impl IdNumber {
    /// Checks `raw` (trimmed) against every rule; `today` bounds the birth date.
    pub fn parse(raw: &str, today: NaiveDate, field: &'static str) -> Result<Self, FieldError> {
        let value = raw.trim().to_ascii_uppercase();
        let chars = value.chars().count();
        if chars == 0 {
            return Err(fail(
                field,
                "id_number_required",
                "请填写身份证号。",
                "Enter the ID number.",
            ));
        }
        if chars != 18 {
            return Err(fail(
                field,
                "id_number_length",
                format!("身份证号应为 18 位，您输入了 {chars} 位。"),
                format!("An ID number has 18 characters; this has {chars}."),
            ));
        }
        // Checked before slicing: a full-width digit is several bytes long.
        let ascii = value.is_ascii();
        let (first17, last) = if ascii { value.split_at(17) } else { ("", "") };
        if !ascii
            || !first17.bytes().all(|b| b.is_ascii_digit())
            || !(last.as_bytes()[0].is_ascii_digit() || last == "X")
        {
            return Err(fail(
                field,
                "id_number_format",
                "身份证号前 17 位必须是数字，最后一位是数字或字母 X。",
                "The first 17 characters must be digits and the last a digit or X.",
            ));
        }
        if !PROVINCE_CODES.contains(&&value[..2]) {
            return Err(fail(
                field,
                "id_number_region",
                format!(
                    "身份证号前两位 {} 不是有效的省级行政区代码，请检查。",
                    &value[..2]
                ),
                format!(
                    "The first two digits {} are not a province code.",
                    &value[..2]
                ),
            ));
        }
        let birth = NaiveDate::parse_from_str(&value[6..14], "%Y%m%d").ok();
        match birth {
            Some(date) if date <= today && date.year() >= 1900 => {}
            Some(_) => {
                return Err(fail(
                    field,
                    "id_number_birth_date",
                    "身份证号中的出生日期（第 7–14 位）不能晚于今天或早于 1900 年。",
                    "The birth date (characters 7–14) is in the future or before 1900.",
                ))
            }
            None => {
                return Err(fail(
                    field,
                    "id_number_birth_date",
                    format!(
                        "身份证号中的出生日期 {} 不是真实的日期，请检查第 7–14 位。",
                        &value[6..14]
                    ),
                    format!(
                        "The birth date {} (characters 7–14) is not a real date.",
                        &value[6..14]
                    ),
                ))
            }
        }
        let expected = check_char(first17).expect("17 digits");
        if last.chars().next() != Some(expected) {
            return Err(fail(
                field,
                "id_number_checksum",
                "身份证号校验位不正确，可能有数字输错了，请逐位核对。",
                "The check character does not match; a digit is probably mistyped.",
            ));
        }
        Ok(Self(value))
    }

    /// The number, 18 characters, final `X` upper-case.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date encoded in characters 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        NaiveDate::parse_from_str(&self.0[6..14], "%Y%m%d").expect("validated on parse")
    }

    /// The sex encoded by the 17th digit (odd: male).
    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// The number with the middle masked: `110105********123X`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

/// Masks all but the first 6 and last 4 characters of an ID number.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 10 {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < 6 || i >= chars.len() - 4 {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

/// Upgrades an old 15-digit number (`RRRRRRYYMMDDSSS`) to 18 digits: `19` before the year, then
/// the check character. `None` when `old` is not 15 digits.
pub fn upgrade_15(old: &str) -> Option<String> {
    let old = old.trim();
    if old.len() != 15 || !old.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let first17 = format!("{}19{}", &old[..6], &old[6..]);
    let check = check_char(&first17)?;
    Some(format!("{first17}{check}"))
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn parse(s: &str) -> Result<IdNumber, FieldError> {
        IdNumber::parse(s, today(), "id_number")
    }

    fn code(s: &str) -> String {
        parse(s).unwrap_err().code.to_string()
    }

    /// Completes 17 digits with their check character.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17).unwrap())
    }

    #[test]
    fn the_standard_example_and_numbers_of_several_regions_pass() {
        // The example number of GB 11643-1999 itself.
        let id = parse("11010519491231002X").unwrap();
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.sex(), Sex::Female);
        for first17 in [
            "44030420010203123",
            "31011519990707456",
            "51010720051111001",
            "65010220000101111",
            "81000019980808001",
        ] {
            assert!(parse(&with_check(first17)).is_ok(), "{first17}");
        }
    }

    #[test]
    fn a_lowercase_x_is_accepted_and_stored_upper_case() {
        assert_eq!(
            parse(" 11010519491231002x ").unwrap().as_str(),
            "11010519491231002X"
        );
    }

    #[test]
    fn birth_date_and_sex_are_derived() {
        let id = parse(&with_check("44030420010203123")).unwrap();
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(2001, 2, 3).unwrap()
        );
        assert_eq!(id.sex(), Sex::Male, "17th digit 3 is odd");
        let id = parse(&with_check("44030420010203124")).unwrap();
        assert_eq!(id.sex(), Sex::Female);
    }

    #[test]
    fn february_the_29th_only_in_leap_years() {
        assert!(
            parse(&with_check("11010520000229001")).is_ok(),
            "2000 is a leap year"
        );
        assert!(parse(&with_check("11010520040229001")).is_ok());
        assert_eq!(
            code(&with_check("11010519000229001")),
            "id_number_birth_date",
            "1900 is not"
        );
        assert_eq!(
            code(&with_check("11010520230229001")),
            "id_number_birth_date"
        );
        assert_eq!(
            code(&with_check("11010520011301001")),
            "id_number_birth_date",
            "month 13"
        );
        assert_eq!(
            code(&with_check("11010520010431001")),
            "id_number_birth_date",
            "April 31"
        );
        assert_eq!(
            code(&with_check("11010520010100001")),
            "id_number_birth_date",
            "day 0"
        );
    }

    #[test]
    fn future_and_ancient_birth_dates_are_refused() {
        assert_eq!(
            code(&with_check("11010520261130001")),
            "id_number_birth_date",
            "tomorrow"
        );
        assert!(
            parse(&with_check("11010520261129001")).is_ok(),
            "born today"
        );
        assert_eq!(
            code(&with_check("11010518991231001")),
            "id_number_birth_date"
        );
    }

    #[test]
    fn length_format_and_region_each_have_a_code() {
        assert_eq!(code(""), "id_number_required");
        assert_eq!(code("11010519491231002"), "id_number_length");
        assert_eq!(code("11010519491231002X1"), "id_number_length");
        assert_eq!(
            code("1101051949123100２X"),
            "id_number_format",
            "a full-width digit"
        );
        assert_eq!(code("11010519491231002Y"), "id_number_format");
        assert_eq!(code("1101051949123100X2"), "id_number_format");
        assert_eq!(code(&with_check("99010519491231002")), "id_number_region");
        assert_eq!(code(&with_check("00010519491231002")), "id_number_region");
        assert_eq!(code(&with_check("10010519491231002")), "id_number_region");
    }

    #[test]
    fn every_wrong_check_character_is_caught() {
        let good = with_check("32010619980512345");
        for c in "0123456789X".chars() {
            let candidate = format!("{}{c}", &good[..17]);
            if candidate != good {
                assert_eq!(code(&candidate), "id_number_checksum", "{candidate}");
            }
        }
    }

    #[test]
    fn masking_keeps_the_region_and_the_last_four() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
    }

    #[test]
    fn old_fifteen_digit_numbers_upgrade_to_eighteen() {
        assert_eq!(
            upgrade_15("110105491231002").as_deref(),
            Some("11010519491231002X")
        );
        assert_eq!(upgrade_15("11010549123100"), None);
    }

    fn valid_first17() -> impl Strategy<Value = String> {
        (
            0..PROVINCE_CODES.len(),
            0u32..10_000,
            0i64..(365 * 100),
            0u32..1000,
        )
            .prop_map(|(p, county, days, seq)| {
                let birth =
                    NaiveDate::from_ymd_opt(1926, 1, 1).unwrap() + chrono::Duration::days(days);
                format!(
                    "{}{county:04}{}{seq:03}",
                    PROVINCE_CODES[p],
                    birth.format("%Y%m%d")
                )
            })
    }

    proptest! {
        #[test]
        fn every_generated_valid_number_passes(first17 in valid_first17()) {
            let id = with_check(&first17);
            prop_assert!(parse(&id).is_ok(), "{}", id);
        }

        #[test]
        fn every_single_character_change_is_caught(first17 in valid_first17(), pos in 0usize..18, replacement in prop::sample::select("0123456789X".chars().collect::<Vec<_>>())) {
            let id = with_check(&first17);
            let original = id.chars().nth(pos).unwrap();
            prop_assume!(original != replacement);
            let changed: String = id.chars().enumerate().map(|(i, c)| if i == pos { replacement } else { c }).collect();
            // MOD 11-2 detects every single substitution; other rules may refuse it first.
            prop_assert!(parse(&changed).is_err(), "{} accepted", changed);
        }
    }
}

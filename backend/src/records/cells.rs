//! The rules one cell of a record must follow (non-empty text of a bounded length, a real date, a
//! vocabulary value, a name, an ID number, a known school), collecting every broken one with its
//! column. Shared by the record types, whichever way their fields arrive: an import file's row or
//! a record with a correction applied.

use std::collections::HashSet;

use chrono::NaiveDate;

use crate::rules::id_number::upgrade_15;
use crate::rules::{school_name, IdNumber, PersonName};

/// What the rows are checked against: the known provinces and schools, and today (an ID number's
/// birth date cannot lie in the future).
#[derive(Debug, Clone, Default)]
pub struct Reference {
    pub provinces: HashSet<String>,
    pub schools: HashSet<String>,
    pub today: NaiveDate,
}

/// A broken rule: the column and why, in Chinese (import reports are for Chinese staff).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub field: &'static str,
    pub reason: String,
}

/// Column → trimmed text ("" when absent).
pub type Fields<'a> = &'a dyn Fn(&'static str) -> &'a str;

/// Reads the cells of one record, collecting every broken rule.
pub struct Cells<'a> {
    get: Fields<'a>,
    /// Every broken rule so far, in the order the fields were read.
    pub errors: Vec<CellError>,
}

impl<'a> Cells<'a> {
    /// Reads from `get`.
    pub fn new(get: Fields<'a>) -> Self {
        Self {
            get,
            errors: Vec::new(),
        }
    }

    /// Notes a broken rule.
    pub fn fail(&mut self, field: &'static str, reason: impl Into<String>) {
        self.errors.push(CellError {
            field,
            reason: reason.into(),
        });
    }

    /// The value when no rule was broken, else every broken rule.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<CellError>> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(self.errors),
        }
    }

    /// The trimmed text of a column.
    pub fn raw(&self, field: &'static str) -> &'a str {
        (self.get)(field).trim()
    }

    /// Non-empty text of at most `max` characters.
    pub fn text(&mut self, field: &'static str, max: usize) -> String {
        let v = self.raw(field).to_owned();
        if v.is_empty() {
            self.fail(field, "不能为空");
        } else if v.chars().count() > max {
            self.fail(field, format!("最多 {max} 个字符"));
        }
        v
    }

    /// A real date written YYYY-MM-DD.
    pub fn date(&mut self, field: &'static str) -> Option<NaiveDate> {
        let v = self.raw(field).to_owned();
        let parsed = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok();
        if parsed.is_none() {
            self.fail(field, format!("`{v}` 不是 YYYY-MM-DD 格式的真实日期"));
        }
        parsed
    }

    /// One of a vocabulary's values.
    pub fn vocab<T>(
        &mut self,
        field: &'static str,
        parse: fn(&str) -> Option<T>,
        choices: String,
    ) -> Option<T> {
        let v = self.raw(field).to_owned();
        let parsed = parse(&v);
        if parsed.is_none() {
            self.fail(field, format!("`{v}` 不是允许的值（{choices}）"));
        }
        parsed
    }

    /// `true` or `false`.
    pub fn flag(&mut self, field: &'static str) -> Option<bool> {
        match self.raw(field) {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                let other = other.to_owned();
                self.fail(field, format!("`{other}` 应为 true 或 false"));
                None
            }
        }
    }

    /// A person's name, by the rules of registration.
    pub fn name(&mut self) -> Option<String> {
        match PersonName::parse(self.raw("name"), "name") {
            Ok(n) => Some(n.as_str().to_owned()),
            Err(e) => {
                self.fail("name", e.message.zh.to_string());
                None
            }
        }
    }

    /// An 18-digit number, or an old 15-digit one upgraded to 18.
    pub fn id_number(&mut self, today: NaiveDate) -> Option<IdNumber> {
        let raw = self.raw("id_number").to_owned();
        let candidate = upgrade_15(&raw).unwrap_or(raw);
        match IdNumber::parse(&candidate, today, "id_number") {
            Ok(id) => Some(id),
            Err(e) => {
                self.fail("id_number", e.message.zh.to_string());
                None
            }
        }
    }

    /// A school's name.
    pub fn school_name(&mut self) -> String {
        school_name::parse(self.raw("name"), "name").unwrap_or_else(|e| {
            self.fail("name", e.message.zh.to_string());
            String::new()
        })
    }

    /// The code of a school already imported.
    pub fn school(&mut self, reference: &Reference) -> String {
        let code = self.text("school_code", 20);
        if !code.is_empty() && !reference.schools.contains(&code) {
            self.fail(
                "school_code",
                format!("学校代码 `{code}` 不存在，请先导入学校"),
            );
        }
        code
    }
}

//! The enrollment record (学籍): its fields (one table that drives the import columns, what a
//! correction may change and the field → text snapshot audits and corrections keep), the stored
//! record with its vocabularies typed, and the rules a new or corrected record must follow.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::cells::{CellError, Cells, Fields, Reference};
use crate::rules::vocab::{EnrollmentStatus, Level, SexValue, StudyForm};

/// One field of an enrollment record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The name in the API, the import file's column and the snapshot's key.
    pub name: &'static str,
    /// What staff call it.
    pub label: &'static str,
    /// A correction may change it. The school is fixed (a record moves school by import),
    /// revocation has its own operation with a reason, and the 资格待查 flag is resolved by a
    /// qualification check.
    pub editable: bool,
}

const fn field(name: &'static str, label: &'static str, editable: bool) -> Field {
    Field {
        name,
        label,
        editable,
    }
}

/// Every field, in the order of an import file's columns.
pub const FIELDS: [Field; 14] = [
    field("school_code", "学校代码", false),
    field("student_no", "学号", true),
    field("name", "姓名", true),
    field("id_number", "身份证号", true),
    field("sex", "性别", true),
    field("birth_date", "出生日期", true),
    field("ethnicity", "民族", true),
    field("major", "专业", true),
    field("level", "层次", true),
    field("study_form", "学习形式", true),
    field("entry_date", "入学日期", true),
    field("expected_graduation", "预计毕业日期", true),
    field("status", "学籍状态", true),
    field("qualification_pending", "资格待查", false),
];

/// The column names, in order.
pub const COLUMNS: [&str; 14] = {
    let mut out = [""; 14];
    let mut i = 0;
    while i < FIELDS.len() {
        out[i] = FIELDS[i].name;
        i += 1;
    }
    out
};

/// The fields a correction may change, in order.
pub fn editable() -> impl Iterator<Item = &'static str> {
    FIELDS.iter().filter(|f| f.editable).map(|f| f.name)
}

/// A record as field → text, in the form of an import file's row.
pub type Snapshot = BTreeMap<String, String>;

/// An enrollment record with its school's name and province. Its own fields are in `fields`
/// (and readable as `record.name`, through `Deref`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrollment {
    pub id: String,
    pub fields: EnrollmentDraft,
    pub school_name: String,
    pub province_name: String,
    pub province_code: String,
    /// Why the record was revoked (status 注销).
    pub revocation_reason: Option<String>,
    /// The record this one duplicates, when revoked as a duplicate.
    pub duplicate_of: Option<String>,
    pub revoked_at: Option<NaiveDateTime>,
}

impl std::ops::Deref for Enrollment {
    type Target = EnrollmentDraft;
    fn deref(&self) -> &EnrollmentDraft {
        &self.fields
    }
}

impl crate::auth::authorize::Placed for Enrollment {
    fn school_code(&self) -> &str {
        &self.fields.school_code
    }
    fn province_code(&self) -> &str {
        &self.province_code
    }
}

impl Enrollment {
    /// Whether the record is revoked (注销).
    pub fn is_revoked(&self) -> bool {
        self.status == EnrollmentStatus::Revoked
    }
}

/// The fields of an enrollment record that follow every rule, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollmentDraft {
    pub school_code: String,
    pub student_no: String,
    pub name: String,
    pub id_number: String,
    pub sex: SexValue,
    pub birth_date: NaiveDate,
    pub ethnicity: String,
    pub major: String,
    pub level: Level,
    pub study_form: StudyForm,
    pub entry_date: NaiveDate,
    pub expected_graduation: NaiveDate,
    pub status: EnrollmentStatus,
    pub qualification_pending: bool,
}

impl EnrollmentDraft {
    /// Checks a complete record given as field → text (an import file's row, or a record with a
    /// correction applied): names and ID numbers by the rules of registration, sex and birth date
    /// against the ID number, the vocabularies, dates in order, the school known. Answers the
    /// record in its normalised form, or every broken rule in the order of the fields.
    pub fn parse(fields: Fields<'_>, reference: &Reference) -> Result<Self, Vec<CellError>> {
        let mut cells = Cells::new(fields);
        let school_code = cells.school(reference);
        let student_no = cells.text("student_no", 32);
        let name = cells.name();
        let id = cells.id_number(reference.today);
        let sex = cells.vocab("sex", SexValue::parse, SexValue::choices());
        let birth_date = cells.date("birth_date");
        if let (Some(id), Some(sex)) = (&id, sex) {
            if id.sex().as_chinese() != sex.as_str() {
                cells.fail(
                    "sex",
                    format!("与身份证号不符（身份证号表明为{}）", id.sex().as_chinese()),
                );
            }
        }
        if let (Some(id), Some(birth)) = (&id, birth_date) {
            if id.birth_date() != birth {
                cells.fail(
                    "birth_date",
                    format!(
                        "与身份证号不符（身份证号中的出生日期为 {}）",
                        id.birth_date()
                    ),
                );
            }
        }
        let ethnicity = cells.text("ethnicity", 20);
        let major = cells.text("major", 100);
        let level = cells.vocab("level", Level::parse, Level::choices());
        let study_form = cells.vocab("study_form", StudyForm::parse, StudyForm::choices());
        let entry_date = cells.date("entry_date");
        let expected_graduation = cells.date("expected_graduation");
        if let (Some(a), Some(b)) = (entry_date, expected_graduation) {
            if b < a {
                cells.fail("expected_graduation", "不能早于入学日期");
            }
        }
        let status = cells.vocab(
            "status",
            EnrollmentStatus::parse,
            EnrollmentStatus::choices(),
        );
        let pending = cells.flag("qualification_pending");
        let draft = (|| {
            Some(Self {
                school_code,
                student_no,
                name: name?,
                id_number: id?.as_str().to_owned(),
                sex: sex?,
                birth_date: birth_date?,
                ethnicity,
                major,
                level: level?,
                study_form: study_form?,
                entry_date: entry_date?,
                expected_graduation: expected_graduation?,
                status: status?,
                qualification_pending: pending?,
            })
        })();
        cells.finish(draft)
    }

    /// The text of one field, as an import file writes it.
    pub fn value(&self, field: &str) -> Option<String> {
        Some(match field {
            "school_code" => self.school_code.clone(),
            "student_no" => self.student_no.clone(),
            "name" => self.name.clone(),
            "id_number" => self.id_number.clone(),
            "sex" => self.sex.as_str().to_owned(),
            "birth_date" => self.birth_date.to_string(),
            "ethnicity" => self.ethnicity.clone(),
            "major" => self.major.clone(),
            "level" => self.level.as_str().to_owned(),
            "study_form" => self.study_form.as_str().to_owned(),
            "entry_date" => self.entry_date.to_string(),
            "expected_graduation" => self.expected_graduation.to_string(),
            "status" => self.status.as_str().to_owned(),
            "qualification_pending" => self.qualification_pending.to_string(),
            _ => return None,
        })
    }

    /// The record as field → text (values in their normalised, stored form).
    pub fn snapshot(&self) -> Snapshot {
        FIELDS
            .iter()
            .filter_map(|f| Some((f.name.to_owned(), self.value(f.name)?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_value_and_the_editable_ones_leave_out_school_and_flag() {
        let draft = EnrollmentDraft {
            school_code: "10001".into(),
            student_no: "1".into(),
            name: "王小明".into(),
            id_number: "11019920050314011X".into(),
            sex: SexValue::Male,
            birth_date: NaiveDate::from_ymd_opt(2005, 3, 14).unwrap(),
            ethnicity: "汉族".into(),
            major: "数学".into(),
            level: Level::Bachelor,
            study_form: StudyForm::FullTime,
            entry_date: NaiveDate::from_ymd_opt(2023, 9, 1).unwrap(),
            expected_graduation: NaiveDate::from_ymd_opt(2027, 7, 1).unwrap(),
            status: EnrollmentStatus::Enrolled,
            qualification_pending: false,
        };
        assert_eq!(draft.snapshot().len(), FIELDS.len());
        assert_eq!(draft.snapshot()["sex"], "男");
        let editable: Vec<_> = editable().collect();
        assert_eq!(editable.len(), 12);
        assert!(!editable.contains(&"school_code"));
        assert!(!editable.contains(&"qualification_pending"));
        assert_eq!(COLUMNS[0], "school_code");
    }
}

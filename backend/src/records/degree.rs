//! The degree record (学历): the stored record with its vocabularies typed, and the rules a new
//! record must follow (degrees come only from imports; no correction changes them).

use chrono::NaiveDate;

use super::cells::{CellError, Cells, Fields, Reference};
use crate::rules::vocab::{Level, StudyForm};

/// The fields of a degree record, in the order of an import file's columns.
pub const COLUMNS: [&str; 8] = [
    "certificate_no",
    "school_code",
    "name",
    "id_number",
    "major",
    "level",
    "study_form",
    "graduation_date",
];

/// A degree record with its school's name. Its own fields are in `fields` (and readable as
/// `degree.name`, through `Deref`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Degree {
    pub id: String,
    pub fields: DegreeDraft,
    pub school_name: String,
}

impl std::ops::Deref for Degree {
    type Target = DegreeDraft;
    fn deref(&self) -> &DegreeDraft {
        &self.fields
    }
}

/// The fields of a degree record that follow every rule, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DegreeDraft {
    pub certificate_no: String,
    pub school_code: String,
    pub name: String,
    pub id_number: String,
    pub major: String,
    pub level: Level,
    pub study_form: StudyForm,
    pub graduation_date: NaiveDate,
}

impl DegreeDraft {
    /// Checks a complete record given as field → text; answers it in its normalised form, or
    /// every broken rule in the order of the fields.
    pub fn parse(fields: Fields<'_>, reference: &Reference) -> Result<Self, Vec<CellError>> {
        let mut cells = Cells::new(fields);
        let certificate_no = cells.text("certificate_no", 32);
        let school_code = cells.school(reference);
        let name = cells.name();
        let id = cells.id_number(reference.today);
        let major = cells.text("major", 100);
        let level = cells.vocab("level", Level::parse, Level::choices());
        let study_form = cells.vocab("study_form", StudyForm::parse, StudyForm::choices());
        let graduation_date = cells.date("graduation_date");
        let draft = (|| {
            Some(Self {
                certificate_no,
                school_code,
                name: name?,
                id_number: id?.as_str().to_owned(),
                major,
                level: level?,
                study_form: study_form?,
                graduation_date: graduation_date?,
            })
        })();
        cells.finish(draft)
    }
}

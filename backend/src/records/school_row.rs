//! A school as an import file lists it: its code, name and province. Schools come before the
//! records that name them.

use super::cells::{CellError, Cells, Fields, Reference};

/// The columns of a schools file, in order.
pub const COLUMNS: [&str; 3] = ["code", "name", "province_code"];

/// A school that follows every rule, ready to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolDraft {
    pub code: String,
    pub name: String,
    pub province_code: String,
}

impl SchoolDraft {
    /// Checks a school given as column → text.
    pub fn parse(fields: Fields<'_>, reference: &Reference) -> Result<Self, Vec<CellError>> {
        let mut cells = Cells::new(fields);
        let code = cells.text("code", 20);
        let name = cells.school_name();
        let province_code = cells.text("province_code", 2);
        if !province_code.is_empty() && !reference.provinces.contains(&province_code) {
            cells.fail(
                "province_code",
                format!("`{province_code}` 不是省级行政区代码（身份证号前两位）"),
            );
        }
        cells.finish(Some(Self {
            code,
            name,
            province_code,
        }))
    }
}

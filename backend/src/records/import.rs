//! Bulk import of schools, enrollments and degrees from CSV (UTF-8, header row = line 1; errors
//! name lines as a text editor counts them, see [`super::csv_lines`]; the columns are fixed,
//! their order is free). All or nothing: the file is validated completely
//! first, streaming, and only a file without a single bad row is written, in batches inside one
//! transaction. Re-importing updates rows by their natural key instead of duplicating them.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use super::csv_lines::LineCounting;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::upsert::excluded;

use crate::db::schema::{degrees, enrollments, provinces, schools};
use crate::db::{write_transaction, DbConnection};
use crate::rules::id_number::upgrade_15;
use crate::rules::text::{self, Lines};
use crate::rules::vocab::{EnrollmentStatus, Level, SexValue, StudyForm};
use crate::rules::{school_name, IdNumber, PersonName};

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Schools,
    Enrollments,
    Degrees,
}

impl Kind {
    /// The fixed columns of the kind.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Kind::Schools => &["code", "name", "province_code"],
            Kind::Enrollments => &[
                "school_code",
                "student_no",
                "name",
                "id_number",
                "sex",
                "birth_date",
                "ethnicity",
                "major",
                "level",
                "study_form",
                "entry_date",
                "expected_graduation",
                "status",
                "qualification_pending",
            ],
            Kind::Degrees => &[
                "certificate_no",
                "school_code",
                "name",
                "id_number",
                "major",
                "level",
                "study_form",
                "graduation_date",
            ],
        }
    }

    /// Reads `schools`, `enrollments` or `degrees`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "schools" => Some(Kind::Schools),
            "enrollments" => Some(Kind::Enrollments),
            "degrees" => Some(Kind::Degrees),
            _ => None,
        }
    }
}

/// One bad cell (or row): the line as a text editor counts it, the column, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct RowError {
    pub line: u64,
    pub field: String,
    pub reason: String,
}

/// The outcome of an import.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// Data rows read (the header not counted).
    pub rows: u64,
    /// Rows written (inserted or updated); 0 on a dry run or when there are errors.
    pub imported: u64,
    pub dry_run: bool,
    /// Every bad row, up to [`MAX_ERRORS`].
    pub errors: Vec<RowError>,
    /// More errors were found than listed.
    pub errors_truncated: bool,
}

/// At most this many errors are listed; a file that bad needs fixing at its source.
pub const MAX_ERRORS: usize = 10_000;
const BATCH: usize = 500;

/// The reference data rows are checked against.
struct Reference {
    provinces: HashSet<String>,
    schools: HashSet<String>,
    today: NaiveDate,
}

fn load_reference(conn: &mut DbConnection, today: NaiveDate) -> QueryResult<Reference> {
    Ok(Reference {
        provinces: provinces::table
            .select(provinces::code)
            .load::<String>(conn)?
            .into_iter()
            .collect(),
        schools: schools::table
            .select(schools::code)
            .load::<String>(conn)?
            .into_iter()
            .collect(),
        today,
    })
}

/// A validated row, ready to write.
enum Row {
    School {
        code: String,
        name: String,
        province_code: String,
    },
    Enrollment(Box<EnrollmentRow>),
    Degree(Box<DegreeRow>),
}

/// A checked enrollment record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollmentRow {
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

struct DegreeRow {
    certificate_no: String,
    school_code: String,
    name: String,
    id_number: String,
    major: String,
    level: Level,
    study_form: StudyForm,
    graduation_date: NaiveDate,
}

/// Collects the errors of one row.
struct Cells<'a> {
    /// The trimmed text of a column ("" when absent).
    get: &'a dyn Fn(&'static str) -> &'a str,
    line: u64,
    errors: Vec<RowError>,
}

impl<'a> Cells<'a> {
    fn fail(&mut self, field: &str, reason: impl Into<String>) {
        self.errors.push(RowError {
            line: self.line,
            field: field.to_owned(),
            reason: reason.into(),
        });
    }

    fn raw(&self, field: &'static str) -> &'a str {
        (self.get)(field).trim()
    }

    fn text(&mut self, field: &'static str, max: usize) -> String {
        let v = self.raw(field).to_owned();
        if v.is_empty() {
            self.fail(field, "不能为空");
        } else if v.chars().count() > max {
            self.fail(field, format!("最多 {max} 个字符"));
        }
        v
    }

    fn date(&mut self, field: &'static str) -> Option<NaiveDate> {
        let v = self.raw(field).to_owned();
        let parsed = NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok();
        if parsed.is_none() {
            self.fail(field, format!("`{v}` 不是 YYYY-MM-DD 格式的真实日期"));
        }
        parsed
    }

    fn vocab<T>(
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

    fn name(&mut self) -> Option<String> {
        match PersonName::parse(self.raw("name"), "name") {
            Ok(n) => Some(n.as_str().to_owned()),
            Err(e) => {
                self.fail("name", e.message.zh.to_string());
                None
            }
        }
    }

    /// An 18-digit number, or an old 15-digit one upgraded to 18.
    fn id_number(&mut self, today: NaiveDate) -> Option<IdNumber> {
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

    fn school_name(&mut self) -> String {
        school_name::parse(self.raw("name"), "name").unwrap_or_else(|e| {
            self.fail("name", e.message.zh.to_string());
            String::new()
        })
    }

    fn school(&mut self, reference: &Reference) -> String {
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

fn validate_row(kind: Kind, cells: &mut Cells<'_>, reference: &Reference) -> Option<Row> {
    match kind {
        Kind::Schools => {
            let code = cells.text("code", 20);
            let name = cells.school_name();
            let province_code = cells.text("province_code", 2);
            if !province_code.is_empty() && !reference.provinces.contains(&province_code) {
                cells.fail(
                    "province_code",
                    format!("`{province_code}` 不是省级行政区代码（身份证号前两位）"),
                );
            }
            cells.errors.is_empty().then_some(Row::School {
                code,
                name,
                province_code,
            })
        }
        Kind::Enrollments => {
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
            let pending = match cells.raw("qualification_pending") {
                "true" => Some(true),
                "false" => Some(false),
                other => {
                    let other = other.to_owned();
                    cells.fail(
                        "qualification_pending",
                        format!("`{other}` 应为 true 或 false"),
                    );
                    None
                }
            };
            if !cells.errors.is_empty() {
                return None;
            }
            Some(Row::Enrollment(Box::new(EnrollmentRow {
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
            })))
        }
        Kind::Degrees => {
            let certificate_no = cells.text("certificate_no", 32);
            let school_code = cells.school(reference);
            let name = cells.name();
            let id = cells.id_number(reference.today);
            let major = cells.text("major", 100);
            let level = cells.vocab("level", Level::parse, Level::choices());
            let study_form = cells.vocab("study_form", StudyForm::parse, StudyForm::choices());
            let graduation_date = cells.date("graduation_date");
            if !cells.errors.is_empty() {
                return None;
            }
            Some(Row::Degree(Box::new(DegreeRow {
                certificate_no,
                school_code,
                name: name?,
                id_number: id?.as_str().to_owned(),
                major,
                level: level?,
                study_form: study_form?,
                graduation_date: graduation_date?,
            })))
        }
    }
}

/// Checks one complete enrollment record, given as column → text like a row of an import file,
/// with exactly the rules of an import; answers the checked record or each bad column and why.
pub fn check_enrollment(
    conn: &mut DbConnection,
    values: &std::collections::BTreeMap<String, String>,
    today: NaiveDate,
) -> QueryResult<Result<EnrollmentRow, Vec<(String, String)>>> {
    let reference = load_reference(conn, today)?;
    let get = |field: &'static str| values.get(field).map_or("", String::as_str);
    let mut cells = Cells {
        get: &get,
        line: 0,
        errors: Vec::new(),
    };
    let row = validate_row(Kind::Enrollments, &mut cells, &reference);
    Ok(match row {
        Some(Row::Enrollment(e)) if cells.errors.is_empty() => Ok(*e),
        _ => Err(cells
            .errors
            .into_iter()
            .map(|e| (e.field, e.reason))
            .collect()),
    })
}

/// The natural key of a row, to catch duplicates inside one file.
fn natural_key(row: &Row) -> String {
    match row {
        Row::School { code, .. } => code.clone(),
        Row::Enrollment(e) => format!("{}\u{0}{}", e.school_code, e.student_no),
        Row::Degree(d) => d.certificate_no.clone(),
    }
}

fn key_fields(kind: Kind) -> &'static str {
    match kind {
        Kind::Schools => "code",
        Kind::Enrollments => "student_no",
        Kind::Degrees => "certificate_no",
    }
}

/// Checks the header (at editor line `line`): every column present once, nothing else.
fn check_header(
    kind: Kind,
    header: &csv::StringRecord,
    line: u64,
) -> Result<HashMap<&'static str, usize>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut index = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}');
        match kind.columns().iter().find(|c| **c == name) {
            Some(c) if index.contains_key(c) => errors.push(RowError {
                line,
                field: name.into(),
                reason: "列重复".into(),
            }),
            Some(c) => {
                index.insert(*c, i);
            }
            None => errors.push(RowError {
                line,
                field: name.into(),
                reason: format!("多余的列；允许的列为 {}", kind.columns().join(",")),
            }),
        }
    }
    for c in kind.columns() {
        if !index.contains_key(c) {
            errors.push(RowError {
                line,
                field: (*c).into(),
                reason: "缺少这一列".into(),
            });
        }
    }
    if errors.is_empty() {
        Ok(index)
    } else {
        Err(errors)
    }
}

/// Reads `source` as CSV of `kind`, calling `each` with every valid row; returns the report of
/// the pass. `progress` gets the bytes read so far.
fn pass<R: Read>(
    kind: Kind,
    source: R,
    reference: &Reference,
    progress: &dyn Fn(u64),
    mut each: impl FnMut(Row) -> QueryResult<()>,
) -> QueryResult<ImportReport> {
    let mut report = ImportReport::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(LineCounting::new(source));
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            report.errors.push(RowError {
                line: 1,
                field: "".into(),
                reason: format!("无法读取表头：{e}"),
            });
            return Ok(report);
        }
    };
    let header_line = match header.position() {
        Some(p) => reader.get_mut().line_of(p),
        None => 1,
    };
    let index = match check_header(kind, &header, header_line) {
        Ok(i) => i,
        Err(errors) => {
            report.errors = errors;
            return Ok(report);
        }
    };
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().unwrap_or(reader.position()).clone();
                let line = reader.get_mut().line_of(&at).max(header_line + 1);
                push(
                    &mut report,
                    RowError {
                        line,
                        field: "".into(),
                        reason: format!("无法读取这一行：{e}"),
                    },
                );
                break;
            }
        }
        let line = match record.position() {
            Some(p) => reader.get_mut().line_of(p),
            None => header_line + report.rows + 1,
        };
        report.rows += 1;
        if report.rows % 1000 == 0 {
            progress(reader.position().byte());
        }
        if record.len() != header.len() {
            push(
                &mut report,
                RowError {
                    line,
                    field: "".into(),
                    reason: format!("应有 {} 列，这一行有 {} 列", header.len(), record.len()),
                },
            );
            continue;
        }
        let cleaned = match clean_cells(&header, &record, line) {
            Ok(cleaned) => cleaned,
            Err(errors) => {
                for e in errors {
                    push(&mut report, e);
                }
                continue;
            }
        };
        let get = |field: &'static str| {
            index
                .get(field)
                .and_then(|i| cleaned.get(*i))
                .map_or("", String::as_str)
        };
        let mut cells = Cells {
            get: &get,
            line,
            errors: Vec::new(),
        };
        let row = validate_row(kind, &mut cells, reference);
        for e in cells.errors {
            push(&mut report, e);
        }
        let Some(row) = row else { continue };
        if let Some(first) = seen.insert(natural_key(&row), line) {
            push(
                &mut report,
                RowError {
                    line,
                    field: key_fields(kind).into(),
                    reason: format!("与第 {first} 行重复"),
                },
            );
            continue;
        }
        each(row)?;
    }
    progress(reader.position().byte());
    Ok(report)
}

/// Every cell of a record in NFC, or an error for each cell with a character that is not shown
/// (a NUL that the database would refuse half-way through, a zero-width space that would make a
/// second 北京大学, a bidi control), named by its column.
fn clean_cells(
    header: &csv::StringRecord,
    record: &csv::StringRecord,
    line: u64,
) -> Result<Vec<String>, Vec<RowError>> {
    let mut cleaned = Vec::with_capacity(record.len());
    let mut errors = Vec::new();
    for (column, cell) in header.iter().zip(record.iter()) {
        let column = column.trim().trim_start_matches('\u{feff}');
        // Trimmed first, as every cell is read trimmed: a trailing tab is not refused.
        match text::clean(cell.trim(), column.to_owned(), Lines::Single) {
            Ok(c) => cleaned.push(c.into_owned()),
            Err(e) => errors.push(RowError {
                line,
                field: e.field.into_owned(),
                reason: e.message.zh.into_owned(),
            }),
        }
    }
    if errors.is_empty() {
        Ok(cleaned)
    } else {
        Err(errors)
    }
}

fn push(report: &mut ImportReport, error: RowError) {
    if report.errors.len() < MAX_ERRORS {
        report.errors.push(error);
    } else {
        report.errors_truncated = true;
    }
}

/// Imports the CSV that `open` yields (called twice: once to validate, once to write), unless
/// `dry_run` or any row is bad.
pub fn import<R: Read>(
    conn: &mut DbConnection,
    kind: Kind,
    mut open: impl FnMut() -> std::io::Result<R>,
    dry_run: bool,
    today: NaiveDate,
    now: NaiveDateTime,
    progress: &dyn Fn(u64),
) -> anyhow::Result<ImportReport> {
    let reference = load_reference(conn, today)?;
    let mut report = pass(kind, open()?, &reference, progress, |_| Ok(()))?;
    report.dry_run = dry_run;
    if dry_run || !report.errors.is_empty() {
        return Ok(report);
    }
    let source = open()?;
    let written = write_transaction(conn, |conn| -> QueryResult<u64> {
        let mut batch = Vec::with_capacity(BATCH);
        let mut written = 0u64;
        let second = pass(kind, source, &reference, &|_| {}, |row| {
            batch.push(row);
            if batch.len() == BATCH {
                written += write_batch(conn, &std::mem::take(&mut batch), now)?;
            }
            Ok(())
        })?;
        written += write_batch(conn, &batch, now)?;
        if !second.errors.is_empty() {
            // The file changed between the passes; write nothing.
            return Err(diesel::result::Error::RollbackTransaction);
        }
        Ok(written)
    });
    match written {
        Ok(n) => report.imported = n,
        Err(diesel::result::Error::RollbackTransaction) => {
            anyhow::bail!("the file changed while it was being imported; nothing was written")
        }
        Err(e) => return Err(e.into()),
    }
    Ok(report)
}

/// Inserts or updates a batch by natural key, on either engine.
fn write_batch(conn: &mut DbConnection, rows: &[Row], now: NaiveDateTime) -> QueryResult<u64> {
    if rows.is_empty() {
        return Ok(0);
    }
    macro_rules! upsert {
        ($c:expr) => {
            match &rows[0] {
                Row::School { .. } => {
                    let values: Vec<_> = rows
                        .iter()
                        .filter_map(|r| match r {
                            Row::School {
                                code,
                                name,
                                province_code,
                            } => Some((
                                schools::code.eq(code),
                                schools::name.eq(name),
                                schools::province_code.eq(province_code),
                            )),
                            _ => None,
                        })
                        .collect();
                    diesel::insert_into(schools::table)
                        .values(&values)
                        .on_conflict(schools::code)
                        .do_update()
                        .set((
                            schools::name.eq(excluded(schools::name)),
                            schools::province_code.eq(excluded(schools::province_code)),
                        ))
                        .execute($c)?
                }
                Row::Enrollment(_) => {
                    let values: Vec<_> = rows
                        .iter()
                        .filter_map(|r| match r {
                            Row::Enrollment(e) => Some((
                                enrollments::id.eq(uuid::Uuid::new_v4().to_string()),
                                enrollments::school_code.eq(&e.school_code),
                                enrollments::student_no.eq(&e.student_no),
                                enrollments::name.eq(&e.name),
                                enrollments::id_number.eq(&e.id_number),
                                enrollments::sex.eq(e.sex.as_str()),
                                enrollments::birth_date.eq(e.birth_date),
                                enrollments::ethnicity.eq(&e.ethnicity),
                                enrollments::major.eq(&e.major),
                                enrollments::level.eq(e.level.as_str()),
                                enrollments::study_form.eq(e.study_form.as_str()),
                                enrollments::entry_date.eq(e.entry_date),
                                enrollments::expected_graduation.eq(e.expected_graduation),
                                enrollments::status.eq(e.status.as_str()),
                                (
                                    enrollments::qualification_pending.eq(e.qualification_pending),
                                    enrollments::created_at.eq(now),
                                    enrollments::updated_at.eq(now),
                                ),
                            )),
                            _ => None,
                        })
                        .collect();
                    diesel::insert_into(enrollments::table)
                        .values(&values)
                        .on_conflict((enrollments::school_code, enrollments::student_no))
                        .do_update()
                        .set((
                            enrollments::name.eq(excluded(enrollments::name)),
                            enrollments::id_number.eq(excluded(enrollments::id_number)),
                            enrollments::sex.eq(excluded(enrollments::sex)),
                            enrollments::birth_date.eq(excluded(enrollments::birth_date)),
                            enrollments::ethnicity.eq(excluded(enrollments::ethnicity)),
                            enrollments::major.eq(excluded(enrollments::major)),
                            enrollments::level.eq(excluded(enrollments::level)),
                            enrollments::study_form.eq(excluded(enrollments::study_form)),
                            enrollments::entry_date.eq(excluded(enrollments::entry_date)),
                            enrollments::expected_graduation
                                .eq(excluded(enrollments::expected_graduation)),
                            enrollments::status.eq(excluded(enrollments::status)),
                            enrollments::qualification_pending
                                .eq(excluded(enrollments::qualification_pending)),
                            enrollments::updated_at.eq(excluded(enrollments::updated_at)),
                        ))
                        .execute($c)?
                }
                Row::Degree(_) => {
                    let values: Vec<_> = rows
                        .iter()
                        .filter_map(|r| match r {
                            Row::Degree(d) => Some((
                                degrees::id.eq(uuid::Uuid::new_v4().to_string()),
                                degrees::certificate_no.eq(&d.certificate_no),
                                degrees::school_code.eq(&d.school_code),
                                degrees::name.eq(&d.name),
                                degrees::id_number.eq(&d.id_number),
                                degrees::major.eq(&d.major),
                                degrees::level.eq(d.level.as_str()),
                                degrees::study_form.eq(d.study_form.as_str()),
                                degrees::graduation_date.eq(d.graduation_date),
                                degrees::created_at.eq(now),
                            )),
                            _ => None,
                        })
                        .collect();
                    diesel::insert_into(degrees::table)
                        .values(&values)
                        .on_conflict(degrees::certificate_no)
                        .do_update()
                        .set((
                            degrees::school_code.eq(excluded(degrees::school_code)),
                            degrees::name.eq(excluded(degrees::name)),
                            degrees::id_number.eq(excluded(degrees::id_number)),
                            degrees::major.eq(excluded(degrees::major)),
                            degrees::level.eq(excluded(degrees::level)),
                            degrees::study_form.eq(excluded(degrees::study_form)),
                            degrees::graduation_date.eq(excluded(degrees::graduation_date)),
                        ))
                        .execute($c)?
                }
            }
        };
    }
    let n = match conn {
        DbConnection::Sqlite(c) => upsert!(c),
        DbConnection::Pg(c) => upsert!(c),
    };
    Ok(n as u64)
}

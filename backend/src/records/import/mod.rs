//! Bulk import of schools, enrollments and degrees from CSV (UTF-8, header row = line 1; errors
//! name lines as a text editor counts them, see [`lines`]; the columns are fixed, their order is
//! free). All or nothing: the file is validated completely first, streaming, and only a file
//! without a single bad row is written, in batches inside one transaction. Re-importing updates
//! rows by their natural key instead of duplicating them.
//!
//! The reading is in [`csv`]; what a row must hold is each record type's own `parse`.

pub mod csv;
pub mod lines;

use std::io::Read;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::QueryResult;

use super::cells::{CellError, Fields, Reference};
use super::degree::{self, DegreeDraft};
use super::enrollment::{self, EnrollmentDraft};
use super::school_row::{self, SchoolDraft};
use super::store;
use crate::db::{write_transaction, DbConnection};

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
            Kind::Schools => SchoolDraft::COLUMNS,
            Kind::Enrollments => EnrollmentDraft::COLUMNS,
            Kind::Degrees => DegreeDraft::COLUMNS,
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
/// From this many rows written, an import refreshes the planner's statistics of its table.
const ANALYZE_AFTER_ROWS: u64 = 10_000;
/// Rows a write statement carries: a parameter per cell (SQLite allows 32,766 a statement,
/// PostgreSQL 65,535), or many more where PostgreSQL gets one array per column.
fn batch_size<T: Importable>(conn: &DbConnection) -> usize {
    match conn {
        DbConnection::Pg(_) if T::ARRAYS_ON_POSTGRES => 5_000,
        _ => 500,
    }
}

/// A record type an import file can hold.
pub trait Importable: Sized {
    /// The fixed columns.
    const COLUMNS: &'static [&'static str];
    /// The column named when a row repeats another's natural key.
    const KEY: &'static str;
    /// The table the rows go to.
    const TABLE: &'static str;
    /// [`Importable::write`] binds one array per column on PostgreSQL (any batch size).
    const ARRAYS_ON_POSTGRES: bool = false;
    /// Checks one row.
    fn parse(fields: Fields<'_>, reference: &Reference) -> Result<Self, Vec<CellError>>;
    /// The natural key, to catch duplicates inside one file.
    fn key(&self) -> String;
    /// Inserts or updates a batch by natural key.
    fn write(conn: &mut DbConnection, rows: &[Self], now: NaiveDateTime) -> QueryResult<usize>;
}

impl Importable for SchoolDraft {
    const COLUMNS: &'static [&'static str] = &school_row::COLUMNS;
    const KEY: &'static str = "code";
    const TABLE: &'static str = "schools";
    fn parse(fields: Fields<'_>, reference: &Reference) -> Result<Self, Vec<CellError>> {
        SchoolDraft::parse(fields, reference)
    }
    fn key(&self) -> String {
        self.code.clone()
    }
    fn write(conn: &mut DbConnection, rows: &[Self], _: NaiveDateTime) -> QueryResult<usize> {
        store::upsert_schools(conn, rows)
    }
}

impl Importable for EnrollmentDraft {
    const COLUMNS: &'static [&'static str] = &enrollment::COLUMNS;
    const KEY: &'static str = "student_no";
    const TABLE: &'static str = "enrollments";
    const ARRAYS_ON_POSTGRES: bool = true;
    fn parse(fields: Fields<'_>, reference: &Reference) -> Result<Self, Vec<CellError>> {
        EnrollmentDraft::parse(fields, reference)
    }
    fn key(&self) -> String {
        format!("{}\u{0}{}", self.school_code, self.student_no)
    }
    fn write(conn: &mut DbConnection, rows: &[Self], now: NaiveDateTime) -> QueryResult<usize> {
        store::upsert_enrollments(conn, rows, now)
    }
}

impl Importable for DegreeDraft {
    const COLUMNS: &'static [&'static str] = &degree::COLUMNS;
    const KEY: &'static str = "certificate_no";
    const TABLE: &'static str = "degrees";
    fn parse(fields: Fields<'_>, reference: &Reference) -> Result<Self, Vec<CellError>> {
        DegreeDraft::parse(fields, reference)
    }
    fn key(&self) -> String {
        self.certificate_no.clone()
    }
    fn write(conn: &mut DbConnection, rows: &[Self], now: NaiveDateTime) -> QueryResult<usize> {
        store::upsert_degrees(conn, rows, now)
    }
}

/// Imports the CSV that `open` yields (opened once), unless `dry_run` or any row is bad: then
/// nothing is written.
pub fn import<R: Read>(
    conn: &mut DbConnection,
    kind: Kind,
    open: impl FnMut() -> std::io::Result<R>,
    dry_run: bool,
    today: NaiveDate,
    now: NaiveDateTime,
    progress: &dyn Fn(u64),
) -> anyhow::Result<ImportReport> {
    match kind {
        Kind::Schools => import_as::<SchoolDraft, R>(conn, open, dry_run, today, now, progress),
        Kind::Enrollments => {
            import_as::<EnrollmentDraft, R>(conn, open, dry_run, today, now, progress)
        }
        Kind::Degrees => import_as::<DegreeDraft, R>(conn, open, dry_run, today, now, progress),
    }
}

fn import_as<T: Importable, R: Read>(
    conn: &mut DbConnection,
    mut open: impl FnMut() -> std::io::Result<R>,
    dry_run: bool,
    today: NaiveDate,
    now: NaiveDateTime,
    progress: &dyn Fn(u64),
) -> anyhow::Result<ImportReport> {
    let reference = store::reference(conn, today)?;
    let source = open()?;
    if dry_run {
        let mut report = csv::pass::<R, T>(source, &reference, progress, |_| Ok(()))?;
        report.dry_run = true;
        return Ok(report);
    }
    // One pass that checks and writes: rows are written as they are read, inside one
    // transaction that is rolled back if any row is bad (`csv::pass` stops handing rows over
    // at the first error and only checks the rest). A good file is read once instead of twice.
    let size = batch_size::<T>(conn);
    let mut report = ImportReport::default();
    let written = write_transaction(conn, |conn| -> QueryResult<u64> {
        let mut batch = Vec::with_capacity(size);
        let mut written = 0u64;
        report = csv::pass::<R, T>(source, &reference, progress, |row| {
            batch.push(row);
            if batch.len() == size {
                written += T::write(conn, &std::mem::take(&mut batch), now)? as u64;
            }
            Ok(())
        })?;
        if !report.errors.is_empty() {
            return Err(diesel::result::Error::RollbackTransaction);
        }
        if !batch.is_empty() {
            written += T::write(conn, &batch, now)? as u64;
        }
        Ok(written)
    });
    match written {
        Ok(n) => {
            report.imported = n;
            // Right after a large import the planner's row estimates are far off (80x was
            // measured) until autovacuum gets round to the table; refresh them now. A small
            // one leaves them right, and ANALYZE samples the whole table whatever was written.
            if n >= ANALYZE_AFTER_ROWS {
                store::analyze(conn, T::TABLE)?;
            }
        }
        Err(diesel::result::Error::RollbackTransaction) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(report)
}

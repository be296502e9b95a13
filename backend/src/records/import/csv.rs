//! The mechanics of reading an import file: the header, every record with its line as a text
//! editor counts it, cells cleaned of characters that are not shown, duplicates by natural key,
//! and the error list with its cap. What a row must hold is the record type's business.

use std::collections::HashMap;
use std::io::Read;

use diesel::QueryResult;

use super::lines::LineCounting;
use super::{ImportReport, Importable, RowError, MAX_ERRORS};
use crate::records::cells::Reference;
use crate::rules::text::{self, Lines};

/// Reads `source` as CSV of `T`, calling `each` with every valid row until the first bad one;
/// returns the report of the pass. `progress` gets the bytes read so far.
pub fn pass<R: Read, T: Importable>(
    source: R,
    reference: &Reference,
    progress: &dyn Fn(u64),
    mut each: impl FnMut(T) -> QueryResult<()>,
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
    let index = match check_header(T::COLUMNS, &header, header_line) {
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
                push(&mut report, line, "", format!("无法读取这一行：{e}"));
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
            let why = format!("应有 {} 列，这一行有 {} 列", header.len(), record.len());
            push(&mut report, line, "", why);
            continue;
        }
        let cleaned = match clean_cells(&header, &record, line) {
            Ok(cleaned) => cleaned,
            Err(errors) => {
                for e in errors {
                    push(&mut report, e.line, &e.field, e.reason);
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
        let row = match T::parse(&get, reference) {
            Ok(row) => row,
            Err(errors) => {
                for e in errors {
                    push(&mut report, line, e.field, e.reason);
                }
                continue;
            }
        };
        if let Some(first) = seen.insert(row.key(), line) {
            push(&mut report, line, T::KEY, format!("与第 {first} 行重复"));
            continue;
        }
        // After the first bad row nothing will be kept: the rest are only checked.
        if report.errors.is_empty() {
            each(row)?;
        }
    }
    progress(reader.position().byte());
    Ok(report)
}

/// Checks the header (at editor line `line`): every column present once, nothing else.
fn check_header(
    columns: &'static [&'static str],
    header: &csv::StringRecord,
    line: u64,
) -> Result<HashMap<&'static str, usize>, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut index = HashMap::new();
    let error = |field: &str, reason: String| RowError {
        line,
        field: field.into(),
        reason,
    };
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}');
        match columns.iter().find(|c| **c == name) {
            Some(c) if index.contains_key(c) => errors.push(error(name, "列重复".into())),
            Some(c) => {
                index.insert(*c, i);
            }
            None => errors.push(error(
                name,
                format!("多余的列；允许的列为 {}", columns.join(",")),
            )),
        }
    }
    for c in columns {
        if !index.contains_key(c) {
            errors.push(error(c, "缺少这一列".into()));
        }
    }
    if errors.is_empty() {
        Ok(index)
    } else {
        Err(errors)
    }
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

/// Lists an error, unless [`MAX_ERRORS`] are listed already.
fn push(report: &mut ImportReport, line: u64, field: &str, reason: String) {
    if report.errors.len() < MAX_ERRORS {
        report.errors.push(RowError {
            line,
            field: field.to_owned(),
            reason,
        });
    } else {
        report.errors_truncated = true;
    }
}

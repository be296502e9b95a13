//! Reading a photo batch: a ZIP holding the photos and `manifest.csv`
//! (`file,school_name,name,id_number,captured_on`). Hazards refuse the whole batch before a byte
//! is unpacked (path-traversal names, more entries than allowed, a total or per-entry unpacked
//! size past the limits or an implausible compression ratio: zip bombs); bad manifest lines are
//! reported by line and leave the good ones alone.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use zip::ZipArchive;

use crate::error::{AppError, Text};
use crate::records::csv_lines::LineCounting;
use crate::rules::id_number::upgrade_15;
use crate::rules::text::{self, Lines};
use crate::rules::{school_name, IdNumber, PersonName};

/// The manifest's name inside the ZIP.
pub const MANIFEST: &str = "manifest.csv";
/// The manifest's columns (order free, none extra).
pub const COLUMNS: [&str; 5] = ["file", "school_name", "name", "id_number", "captured_on"];
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;
/// An entry that unpacks to more than this many times its packed size is a bomb, not a photo.
const MAX_RATIO: u64 = 200;

/// The limits a batch is held to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_entries: usize,
    pub max_total_unpacked: u64,
    pub max_photo_bytes: u64,
}

/// A good manifest line: what was typed at capture, and the file it describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestRow {
    pub line: u64,
    pub file: String,
    pub school_name: String,
    pub name: String,
    pub id_number: String,
    pub captured_on: NaiveDate,
}

/// A manifest line that was not stored, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
pub struct Rejection {
    /// The manifest line (the header is line 1).
    pub line: u64,
    /// The photo file the line names.
    pub file: String,
    pub reason: String,
}

/// What the manifest says, before the photos are looked at.
#[derive(Debug, Clone, Default)]
pub struct Inspected {
    pub rows: Vec<ManifestRow>,
    pub rejected: Vec<Rejection>,
    /// Files in the ZIP that no manifest line names.
    pub unreferenced: Vec<String>,
}

fn refuse(code: &'static str, zh: String, en: String) -> AppError {
    super::unprocessable(code, Text::new(zh, en))
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    refuse(
        "invalid_zip",
        format!("上传的文件不是有效的 ZIP 压缩包（{e}）。"),
        format!("The body is not a readable ZIP archive ({e})."),
    )
}

/// Whether an entry name could leave the folder it is unpacked into.
fn unsafe_name(name: &str) -> bool {
    name.starts_with('/')
        || name.starts_with('\\')
        || name.contains('\\')
        || name.contains('\0')
        || name.split('/').any(|part| part == "..")
        || name.as_bytes().get(1) == Some(&b':')
}

/// Files that archivers add by themselves, not worth reporting as unreferenced.
fn is_junk(name: &str) -> bool {
    name.starts_with("__MACOSX/") || name.ends_with(".DS_Store") || name.ends_with("Thumbs.db")
}

/// Opens the archive and checks its hazards from the central directory, unpacking nothing.
pub fn open<R: Read + Seek>(source: R, limits: Limits) -> Result<ZipArchive<R>, AppError> {
    let mut archive = ZipArchive::new(source).map_err(unreadable)?;
    if archive.len() > limits.max_entries {
        return Err(refuse(
            "too_many_entries",
            format!(
                "压缩包里有 {} 个文件，每批最多 {} 个。",
                archive.len(),
                limits.max_entries
            ),
            format!(
                "The ZIP holds {} entries; at most {} per batch.",
                archive.len(),
                limits.max_entries
            ),
        ));
    }
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(unreadable)?;
        let name = entry.name().map_err(unreadable)?.into_owned();
        if unsafe_name(&name) || entry.enclosed_name().is_none() {
            return Err(refuse(
                "unsafe_entry_name",
                format!("压缩包里的文件名“{name}”指向压缩包之外（路径穿越），整批拒收。"),
                format!("The entry name `{name}` points outside the archive (path traversal); the batch is refused."),
            ));
        }
        let (size, packed) = (entry.size(), entry.compressed_size());
        let limit = if name == MANIFEST {
            MAX_MANIFEST_BYTES
        } else {
            limits.max_photo_bytes
        };
        // Past the per-entry limit by more than packing overhead, or implausibly compressed: a bomb.
        if size > limit.saturating_mul(4)
            || (size > 1024 * 1024 && size / packed.max(1) > MAX_RATIO)
        {
            return Err(refuse(
                "zip_bomb",
                format!("压缩包里的“{name}”解压后有 {size} 字节，远超单个文件的上限，疑似压缩炸弹，整批拒收。"),
                format!("`{name}` unpacks to {size} bytes, far past the per-file limit: a zip bomb; the batch is refused."),
            ));
        }
        total = total.saturating_add(size);
        if total > limits.max_total_unpacked {
            return Err(refuse(
                "zip_bomb",
                format!(
                    "压缩包解压后超过 {} 字节，疑似压缩炸弹，整批拒收。",
                    limits.max_total_unpacked
                ),
                format!(
                    "The ZIP unpacks to more than {} bytes: a zip bomb; the batch is refused.",
                    limits.max_total_unpacked
                ),
            ));
        }
    }
    Ok(archive)
}

/// Opens again an archive that [`open`] already checked (the same file), without walking its
/// entries a second time.
pub fn reopen<R: Read + Seek>(source: R) -> Result<ZipArchive<R>, AppError> {
    ZipArchive::new(source).map_err(unreadable)
}

/// Reads one entry, at most `limit` bytes: sizes in the directory can lie, what is read cannot.
pub fn read_entry<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    name: &str,
    limit: u64,
) -> Result<Vec<u8>, String> {
    let entry = archive
        .by_name(name)
        .map_err(|_| format!("压缩包里没有文件“{name}”"))?;
    let mut bytes = Vec::new();
    entry
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("无法解压这个文件（{e}）"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "文件超过 {:.1} MB 的上限",
            limit as f64 / 1_048_576.0
        ));
    }
    Ok(bytes)
}

/// Reads and checks the manifest against the archive's files.
pub fn inspect<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    today: NaiveDate,
) -> Result<Inspected, AppError> {
    let files: HashSet<String> = archive
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<Result<Vec<String>, _>>()
        .map_err(unreadable)?
        .into_iter()
        .filter(|n| !n.ends_with('/'))
        .collect();
    if !files.contains(MANIFEST) {
        return Err(refuse(
            "manifest_missing",
            format!(
                "压缩包根目录下没有 {MANIFEST}（列：{}）。",
                COLUMNS.join(",")
            ),
            format!(
                "The ZIP has no {MANIFEST} at its root (columns: {}).",
                COLUMNS.join(",")
            ),
        ));
    }
    let text = read_entry(archive, MANIFEST, MAX_MANIFEST_BYTES).map_err(|why| {
        refuse(
            "manifest_unreadable",
            format!("{MANIFEST}：{why}"),
            format!("{MANIFEST}: {why}"),
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(LineCounting::new(text.as_slice()));
    let header = reader.headers().map_err(|e| {
        refuse(
            "manifest_unreadable",
            format!("{MANIFEST} 不是 UTF-8 CSV（{e}）。"),
            format!("{MANIFEST} is not UTF-8 CSV ({e})."),
        )
    })?;
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}');
        match COLUMNS.iter().find(|c| **c == h) {
            Some(c) if !index.contains_key(c) => {
                index.insert(c, i);
            }
            _ => problems.push(format!("多余或重复的列“{h}”")),
        }
    }
    problems.extend(
        COLUMNS
            .iter()
            .filter(|c| !index.contains_key(*c))
            .map(|c| format!("缺少列“{c}”")),
    );
    if !problems.is_empty() {
        return Err(refuse(
            "manifest_header",
            format!(
                "{MANIFEST} 的表头不对：{}；应为 {}。",
                problems.join("；"),
                COLUMNS.join(",")
            ),
            format!(
                "The header of {MANIFEST} is wrong; it must be {}.",
                COLUMNS.join(",")
            ),
        ));
    }
    let mut out = Inspected::default();
    let mut named: HashMap<String, u64> = HashMap::new();
    let mut record = csv::StringRecord::new();
    while reader.read_record(&mut record).map_err(|e| {
        refuse(
            "manifest_unreadable",
            format!("{MANIFEST} 无法读取（{e}）。"),
            format!("{MANIFEST} cannot be read ({e})."),
        )
    })? {
        let line = match record.position() {
            Some(p) => reader.get_mut().line_of(p),
            None => 0,
        };
        let raw = |c: &str| record.get(index[c]).unwrap_or("").trim();
        let unseen: Vec<String> = COLUMNS
            .iter()
            .filter_map(|c| text::clean(raw(c), *c, Lines::Single).err())
            .map(|e| format!("{}：{}", e.field, e.message.zh))
            .collect();
        if !unseen.is_empty() {
            // Refused before anything else reads the line: a NUL or bidi control would reach
            // the database, or make this line look like another.
            out.rejected.push(Rejection {
                line,
                file: text::shown(raw("file")),
                reason: unseen.join("；"),
            });
            continue;
        }
        let cell = |c: &str| text::line(raw(c), "").unwrap_or_default();
        let file = cell("file");
        let mut why = Vec::new();
        if file.is_empty() {
            why.push("没有填写文件名".to_owned());
        } else if !files.contains(&file) || file == MANIFEST {
            why.push(format!("压缩包里没有文件“{file}”"));
        } else if let Some(first) = named.get(&file) {
            why.push(format!("与第 {first} 行是同一个文件"));
        }
        let school_name = school_name::parse(&cell("school_name"), "school_name")
            .map_err(|e| why.push(e.message.zh.trim_end_matches('。').to_owned()))
            .unwrap_or_default();
        let name = PersonName::parse(&cell("name"), "name")
            .map(|n| n.as_str().to_owned())
            .map_err(|e| why.push(format!("姓名：{}", e.message.zh)))
            .ok();
        let raw_id = cell("id_number");
        let id_number = IdNumber::parse(&upgrade_15(&raw_id).unwrap_or(raw_id), today, "id_number")
            .map(|i| i.as_str().to_owned())
            .map_err(|e| why.push(format!("身份证号：{}", e.message.zh)))
            .ok();
        let raw_date = cell("captured_on");
        let captured_on = match NaiveDate::parse_from_str(&raw_date, "%Y-%m-%d") {
            Ok(d) if d <= today => Some(d),
            Ok(_) => {
                why.push("采集日期不能晚于今天".into());
                None
            }
            Err(_) => {
                why.push(format!("采集日期“{raw_date}”不是 YYYY-MM-DD 格式的日期"));
                None
            }
        };
        if !file.is_empty() {
            named.entry(file.clone()).or_insert(line);
        }
        match (name, id_number, captured_on) {
            (Some(name), Some(id_number), Some(captured_on)) if why.is_empty() => {
                out.rows.push(ManifestRow {
                    line,
                    file,
                    school_name,
                    name,
                    id_number,
                    captured_on,
                })
            }
            _ => out.rejected.push(Rejection {
                line,
                file,
                reason: why.join("；"),
            }),
        }
    }
    let mut unreferenced: Vec<String> = files
        .into_iter()
        .filter(|f| f != MANIFEST && !named.contains_key(f) && !is_junk(f))
        .collect();
    unreferenced.sort();
    out.unreferenced = unreferenced;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;
    use zip::write::SimpleFileOptions;

    const LIMITS: Limits = Limits {
        max_entries: 10,
        max_total_unpacked: 50 * 1024 * 1024,
        max_photo_bytes: 2 * 1024 * 1024,
    };

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    #[test]
    fn good_lines_pass_and_bad_ones_are_reported_by_line() {
        let manifest = "file,school_name,name,id_number,captured_on\n\
            a.jpg,北京大学,王小明,11019920050314011X,2026-06-01\n\
            b.jpg,北京大学,Wang,11019920050314011X,2026-06-01\n\
            missing.jpg,北京大学,李华,31019920010802022X,2026-06-01\n\
            a.jpg,北京大学,李华,31019920010802022X,2031-06-01\n";
        let bytes = zip_of(&[
            ("manifest.csv", manifest.as_bytes()),
            ("a.jpg", b"x"),
            ("b.jpg", b"y"),
            ("extra.jpg", b"z"),
        ]);
        let mut archive = open(Cursor::new(bytes), LIMITS).unwrap();
        let got = inspect(&mut archive, today()).unwrap();
        assert_eq!(got.rows.len(), 1);
        assert_eq!((got.rows[0].line, got.rows[0].file.as_str()), (2, "a.jpg"));
        let lines: Vec<u64> = got.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        assert!(
            got.rejected[0].reason.starts_with("姓名"),
            "{:?}",
            got.rejected[0]
        );
        assert!(got.rejected[1].reason.contains("没有文件"));
        assert!(
            got.rejected[2].reason.contains("同一个文件")
                && got.rejected[2].reason.contains("晚于今天")
        );
        assert_eq!(got.unreferenced, ["extra.jpg"]);
    }

    #[test]
    fn traversal_names_too_many_entries_and_bombs_refuse_the_batch() {
        let evil = zip_of(&[("manifest.csv", b"file\n"), ("../../etc/passwd", b"x")]);
        assert_eq!(
            open(Cursor::new(evil), LIMITS).unwrap_err().code(),
            "unsafe_entry_name"
        );
        let many: Vec<(String, Vec<u8>)> =
            (0..11).map(|i| (format!("{i}.jpg"), vec![1u8])).collect();
        let refs: Vec<(&str, &[u8])> = many
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        assert_eq!(
            open(Cursor::new(zip_of(&refs)), LIMITS).unwrap_err().code(),
            "too_many_entries"
        );
        let zeros = vec![0u8; 20 * 1024 * 1024];
        let bomb = zip_of(&[("manifest.csv", b"file\n"), ("bomb.jpg", &zeros)]);
        assert!(bomb.len() < 100 * 1024, "deflated to {}", bomb.len());
        assert_eq!(
            open(Cursor::new(bomb), LIMITS).unwrap_err().code(),
            "zip_bomb"
        );
        assert_eq!(
            open(Cursor::new(b"not a zip".to_vec()), LIMITS)
                .unwrap_err()
                .code(),
            "invalid_zip"
        );
    }

    #[test]
    fn the_manifest_must_be_there_with_its_columns() {
        let none = zip_of(&[("a.jpg", b"x")]);
        let mut archive = open(Cursor::new(none), LIMITS).unwrap();
        assert_eq!(
            inspect(&mut archive, today()).unwrap_err().code(),
            "manifest_missing"
        );
        let wrong = zip_of(&[("manifest.csv", b"file,school,name,id_number,captured_on\n")]);
        let mut archive = open(Cursor::new(wrong), LIMITS).unwrap();
        assert_eq!(
            inspect(&mut archive, today()).unwrap_err().code(),
            "manifest_header"
        );
    }

    #[test]
    fn an_entry_larger_than_its_directory_says_is_cut_at_the_limit() {
        let bytes = zip_of(&[("big.jpg", &vec![7u8; 5000])]);
        let mut archive = open(Cursor::new(bytes), LIMITS).unwrap();
        assert!(read_entry(&mut archive, "big.jpg", 4000)
            .unwrap_err()
            .contains("上限"));
        assert_eq!(
            read_entry(&mut archive, "big.jpg", 5000).unwrap().len(),
            5000
        );
    }
}

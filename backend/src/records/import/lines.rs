//! Line numbers of CSV records as a text editor counts them (the header is line 1).
//!
//! The csv crate's own `Position::line()` is not that: it counts no line for a blank line it
//! skips, and none for a record's CRLF or lone CR ending, so a Windows file reports its first
//! record as line 1. Its byte offsets are exact, though: a record's position is where the bytes
//! after the previous record begin. So the bytes are counted here, on their way into the csv
//! reader, and a record's line is one more than the line breaks before its first byte that is not
//! a line break. A quoted cell that spans lines counts its lines, so the next record's number is
//! still the editor's.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A reader that notes where the line breaks are in what passes through it.
pub struct LineCounting<R> {
    inner: R,
    /// Bytes read so far.
    offset: u64,
    /// A CR at this offset, not yet known to be followed by LF (then LF ends the line).
    pending_cr: Option<u64>,
    /// The CR and LF bytes read but not yet passed by a record: (offset, ends a line).
    ahead: VecDeque<(u64, bool)>,
    /// The line breaks before the first offset in `ahead`.
    breaks_before: u64,
}

impl<R: Read> LineCounting<R> {
    /// Wraps `inner`; give the wrapper to `csv::ReaderBuilder::from_reader`.
    pub fn new(inner: R) -> Self {
        Self {
            inner,
            offset: 0,
            pending_cr: None,
            ahead: VecDeque::new(),
            breaks_before: 0,
        }
    }

    /// The editor line (from 1) of the record at csv position `position`; positions must be
    /// asked in order, as the reader hands out records.
    pub fn line_of(&mut self, position: &csv::Position) -> u64 {
        let byte = position.byte();
        while let Some(&(at, ends_line)) = self.ahead.front() {
            if at >= byte {
                break;
            }
            self.breaks_before += u64::from(ends_line);
            self.ahead.pop_front();
        }
        // The line breaks right at the position: the previous record's LF after its CR, and
        // blank lines the csv reader skipped, all before the record's first byte.
        let run = (byte..)
            .zip(&self.ahead)
            .take_while(|(next, (at, _))| at == next)
            .filter(|(_, (_, ends_line))| *ends_line)
            .count() as u64;
        self.breaks_before + run + 1
    }

    fn note(&mut self, bytes: &[u8]) {
        for (i, &b) in bytes.iter().enumerate() {
            let at = self.offset + i as u64;
            if let Some(cr) = self.pending_cr.take() {
                self.ahead.push_back((cr, b != b'\n'));
            }
            match b {
                b'\r' => self.pending_cr = Some(at),
                b'\n' => self.ahead.push_back((at, true)),
                _ => {}
            }
        }
        self.offset += bytes.len() as u64;
    }
}

impl<R: Read> Read for LineCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            if let Some(cr) = self.pending_cr.take() {
                self.ahead.push_back((cr, true));
            }
        } else {
            self.note(&buf[..n]);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hands out one byte per read, so that every break straddles a read.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.split_first() {
                Some((b, rest)) if !buf.is_empty() => {
                    buf[0] = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    fn lines_of(source: impl Read) -> (u64, Vec<(u64, String)>) {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(LineCounting::new(source));
        let header = reader.headers().unwrap().position().unwrap().clone();
        let header_line = reader.get_mut().line_of(&header);
        let mut record = csv::StringRecord::new();
        let mut lines = Vec::new();
        while reader.read_record(&mut record).unwrap() {
            let position = record.position().unwrap().clone();
            lines.push((reader.get_mut().line_of(&position), record[0].to_owned()));
        }
        (header_line, lines)
    }

    fn check(text: &str, header_line: u64, expected: &[(u64, &str)]) {
        let expected: Vec<(u64, String)> = expected
            .iter()
            .map(|(l, v)| (*l, (*v).to_owned()))
            .collect();
        assert_eq!(
            lines_of(text.as_bytes()),
            (header_line, expected.clone()),
            "{text:?}"
        );
        assert_eq!(
            lines_of(Trickle(text.as_bytes())),
            (header_line, expected),
            "{text:?}, a byte at a time"
        );
    }

    #[test]
    fn records_are_numbered_as_an_editor_numbers_their_first_line() {
        check("a,b\n1,x\n2,y\n", 1, &[(2, "1"), (3, "2")]);
        check("a,b\n1,x\n2,y", 1, &[(2, "1"), (3, "2")]);
        check("\u{feff}a,b\n1,x\n", 1, &[(2, "1")]);
    }

    #[test]
    fn crlf_and_lone_cr_endings_count_one_line_each() {
        check("a,b\r\n1,x\r\n2,y\r\n", 1, &[(2, "1"), (3, "2")]);
        check("a,b\r1,x\r2,y\r", 1, &[(2, "1"), (3, "2")]);
    }

    #[test]
    fn blank_lines_count_though_the_reader_skips_them() {
        check("a,b\n\n1,x\n\n\n2,y\n", 1, &[(3, "1"), (6, "2")]);
        check(
            "a,b\r\n\r\n\r\n1,x\r\n\r\n2,y\r\n",
            1,
            &[(4, "1"), (6, "2")],
        );
        check("\n\r\na,b\n1,x\n", 3, &[(4, "1")]);
    }

    #[test]
    fn a_quoted_cell_over_several_lines_keeps_the_next_records_number() {
        check("a,b\n\"x\ny\nz\",2\n3,4\n", 1, &[(2, "x\ny\nz"), (5, "3")]);
        check(
            "a,b\r\n\"x\r\ny\",2\r\n3,4\r\n",
            1,
            &[(2, "x\r\ny"), (4, "3")],
        );
    }
}

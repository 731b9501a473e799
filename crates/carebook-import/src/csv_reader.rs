//! CSV as Excel, POS systems and Google Contacts write it: `,`, `;` (Excel in
//! locales whose decimal separator is a comma, Vietnamese among them) or tab
//! separated, quoted fields that may span lines.
//!
//! Records are read as the text is decoded, one at a time (`csv_core`, the
//! engine under the `csv` crate, fed from a buffered reader), so a file of a
//! million rows is read in the memory of one row. Blank lines are counted
//! here, before each record, because the row numbers are the rows a
//! spreadsheet shows.

use std::io::BufRead;

use crate::{ImportError, MAX_COLUMNS};

/// A row longer than this is refused: it is a quote left open, not a customer.
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;
/// A row with more fields than this is refused (only [`MAX_COLUMNS`] are read).
const MAX_RECORD_FIELDS: usize = 64 * 1024;

/// The separator: the candidate that splits the first lines into the same
/// number of fields as the header, most often; `,` when nothing does.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    let mut best: (usize, usize, u8) = (0, 0, b',');
    for candidate in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, candidate)).collect();
        let Some(&header) = counts.first() else { continue };
        if header == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == header).count();
        if (agreeing, header) > (best.0, best.1) {
            best = (agreeing, header, candidate);
        }
    }
    best.2
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

/// Records of CSV text, numbered as a spreadsheet numbers its rows: a quoted
/// field over several lines is one row, and blank lines count.
pub(crate) struct CsvRecords<R> {
    input: R,
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    row: u32,
    /// The last byte read ended a line with `\r`: a `\n` right after it
    /// belongs to the same line end.
    after_cr: bool,
    done: bool,
}

fn io_error(e: std::io::Error) -> ImportError {
    ImportError::Io(e.to_string())
}

impl<R: BufRead> CsvRecords<R> {
    /// Reads UTF-8 text (the decoded file) split by `delimiter`.
    pub(crate) fn new(input: R, delimiter: u8) -> CsvRecords<R> {
        CsvRecords {
            input,
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; 4096],
            ends: vec![0; 64],
            row: 0,
            after_cr: false,
            done: false,
        }
    }

    /// Empty lines before the next record, each `\n`, `\r\n` or `\r` once.
    fn skip_blank_lines(&mut self) -> Result<u32, ImportError> {
        let mut lines = 0u32;
        loop {
            let buf = self.input.fill_buf().map_err(io_error)?;
            if buf.is_empty() {
                return Ok(lines);
            }
            let mut n = 0;
            for &b in buf {
                match b {
                    b'\n' if self.after_cr => self.after_cr = false,
                    b'\n' => lines = lines.saturating_add(1),
                    b'\r' => {
                        lines = lines.saturating_add(1);
                        self.after_cr = true;
                    }
                    _ => break,
                }
                n += 1;
            }
            let whole = n == buf.len();
            self.input.consume(n);
            if !whole {
                self.after_cr = false;
                return Ok(lines);
            }
        }
    }

    /// The next record: its row number and its fields (trimmed, at most
    /// [`MAX_COLUMNS`]). `None` at the end of the text.
    pub(crate) fn next_record(&mut self) -> Result<Option<(u32, Vec<String>)>, ImportError> {
        if self.done {
            return Ok(None);
        }
        let blank = self.skip_blank_lines()?;
        let (mut outlen, mut endlen) = (0usize, 0usize);
        let mut last_byte = None;
        loop {
            let buf = self.input.fill_buf().map_err(io_error)?;
            let (result, nin, nout, nend) =
                self.core.read_record(buf, &mut self.out[outlen..], &mut self.ends[endlen..]);
            if nin > 0 {
                last_byte = Some(buf[nin - 1]);
            }
            self.input.consume(nin);
            outlen += nout;
            endlen += nend;
            match result {
                csv_core::ReadRecordResult::InputEmpty => {}
                csv_core::ReadRecordResult::OutputFull => {
                    let row = self.row.saturating_add(blank).saturating_add(1);
                    if self.out.len() >= MAX_RECORD_BYTES {
                        return Err(ImportError::Csv(format!(
                            "row {row} is longer than {} bytes: is a quote (\") left open?",
                            MAX_RECORD_BYTES
                        )));
                    }
                    let len = self.out.len() * 2;
                    self.out.resize(len, 0);
                }
                csv_core::ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() >= MAX_RECORD_FIELDS {
                        let row = self.row.saturating_add(blank).saturating_add(1);
                        return Err(ImportError::Csv(format!("row {row} has more than {MAX_RECORD_FIELDS} fields")));
                    }
                    let len = self.ends.len() * 2;
                    self.ends.resize(len, 0);
                }
                csv_core::ReadRecordResult::Record => break,
                csv_core::ReadRecordResult::End => {
                    self.done = true;
                    return Ok(None);
                }
            }
        }
        self.after_cr = last_byte == Some(b'\r');
        self.row = self.row.saturating_add(blank).saturating_add(1);
        let mut fields = Vec::with_capacity(endlen.min(MAX_COLUMNS));
        let mut start = 0;
        for &end in self.ends[..endlen].iter().take(MAX_COLUMNS) {
            fields.push(String::from_utf8_lossy(&self.out[start..end]).trim().to_owned());
            start = end;
        }
        Ok(Some((self.row, fields)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Vec<(u32, Vec<String>)> {
        let mut reader = CsvRecords::new(text.as_bytes(), sniff_delimiter(text));
        let mut out = Vec::new();
        while let Some(r) = reader.next_record().unwrap() {
            out.push(r);
        }
        out
    }

    #[test]
    fn sniffs_the_separator() {
        let cases: [(&str, u8); 5] = [
            ("Tên,SĐT\nAn,0901234567\n", b','),
            ("Tên;SĐT;Ghi chú\nAn;0901234567;mua 1,5 kg\n", b';'),
            ("Tên\tSĐT\nAn\t0901234567\n", b'\t'),
            ("\"Tên, họ\";SĐT\n\"Nguyễn, An\";0901234567\n", b';'),
            ("Tên\nAn\n", b','),
        ];
        for (text, want) in cases {
            assert_eq!(sniff_delimiter(text) as char, want as char, "{text:?}");
        }
    }

    #[test]
    fn numbers_rows_as_a_spreadsheet_does() {
        let cases: &[(&str, &[u32])] = &[
            ("a\n\n\nb\r\n\r\nc\n", &[1, 4, 6]),
            ("a\r\rb\r\nc", &[1, 3, 4]),
            ("a\r\n\nb\n\r\nc\r\n", &[1, 3, 5]),
            ("\n\na\nb", &[3, 4]),
            ("a\r\n\"x\ny\"\r\n\r\nb", &[1, 2, 4]),
        ];
        for (text, want) in cases {
            let rows: Vec<u32> = records(text).iter().map(|r| r.0).collect();
            assert_eq!(&rows, want, "{text:?}");
        }
        let text = "Tên,Ghi chú\nAn,\"hai\ndòng\"\n\nBình,x\n,\nChi,y\n";
        let numbered: Vec<(u32, String)> = records(text).into_iter().map(|(n, f)| (n, f[0].clone())).collect();
        // Row 2 spans two lines; row 3 is blank; row 5 is empty cells.
        assert_eq!(
            numbered,
            [(1, "Tên".into()), (2, "An".into()), (4, "Bình".into()), (5, "".into()), (6, "Chi".into())]
        );
        assert_eq!(records(text)[1].1[1], "hai\ndòng");
    }

    #[test]
    fn a_row_longer_or_wider_than_any_customer_is_refused() {
        let mut text = String::from("Tên,Ghi chú\nAn,\"never closed\n");
        text.push_str(&"x,y\n".repeat(MAX_RECORD_BYTES / 4 + 10));
        let mut reader = CsvRecords::new(text.as_bytes(), b',');
        assert!(reader.next_record().unwrap().is_some());
        let err = reader.next_record().unwrap_err();
        assert_eq!(err.code(), "file_unreadable");
        assert!(err.to_string().contains("row 2"), "{err}");
        // Ten million separators in one row (10 MB) would be 80 MB of field ends.
        let text = format!("a,b\n{}\n", ",".repeat(10_000_000));
        let mut reader = CsvRecords::new(text.as_bytes(), b',');
        assert_eq!(reader.next_record().unwrap().unwrap().1, ["a", "b"]);
        let err = reader.next_record().unwrap_err();
        assert!(err.to_string().contains("row 2 has more than"), "{err}");
        // A wide row within the limit keeps its first columns.
        let text = format!("{}\n", ",".repeat(1000));
        let (_, fields) = CsvRecords::new(text.as_bytes(), b',').next_record().unwrap().unwrap();
        assert_eq!(fields.len(), MAX_COLUMNS);
    }
}

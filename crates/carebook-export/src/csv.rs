//! CSV: one dataset per file, UTF-8 with a byte-order mark (without it,
//! Excel reads UTF-8 as the system code page and mangles Vietnamese),
//! CRLF line ends, fields quoted when they need it (RFC 4180).

use std::io::Write;

use carebook_core::export::{Cell, Column, Lang};

use crate::text::csv_text;

pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The field separator. Comma is the standard; Excel set to Vietnamese
/// regional settings splits on semicolons when a file is double-clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Delimiter {
    #[default]
    Comma,
    Semicolon,
}

impl Delimiter {
    fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Semicolon => b';',
        }
    }
}

/// Writes one dataset as CSV: the header line first, then one line per row.
#[derive(Debug)]
pub struct CsvWriter<W: Write> {
    out: W,
    columns: Vec<Column>,
    lang: Lang,
    delimiter: u8,
    line: Vec<u8>,
}

impl<W: Write> CsvWriter<W> {
    pub fn new(mut out: W, columns: &[Column], lang: Lang, delimiter: Delimiter) -> std::io::Result<CsvWriter<W>> {
        out.write_all(BOM)?;
        let mut w = CsvWriter { out, columns: columns.to_vec(), lang, delimiter: delimiter.byte(), line: Vec::new() };
        let headers: Vec<String> = columns.iter().map(|c| c.header(lang).to_owned()).collect();
        w.write_fields(headers.iter().map(String::as_str))?;
        Ok(w)
    }

    pub fn write_row(&mut self, cells: &[Cell]) -> std::io::Result<()> {
        let texts: Vec<String> = self.columns.iter().zip(cells).map(|(c, cell)| csv_text(cell, c, self.lang)).collect();
        self.write_fields(texts.iter().map(String::as_str))
    }

    fn write_fields<'a>(&mut self, fields: impl Iterator<Item = &'a str>) -> std::io::Result<()> {
        self.line.clear();
        for (i, f) in fields.enumerate() {
            if i > 0 {
                self.line.push(self.delimiter);
            }
            let d = self.delimiter;
            let needs_quotes = f.bytes().any(|b| b == d || b == b'"' || b == b'\n' || b == b'\r')
                || f.starts_with(' ')
                || f.ends_with(' ');
            if needs_quotes {
                self.line.push(b'"');
                for b in f.bytes() {
                    if b == b'"' {
                        self.line.push(b'"');
                    }
                    self.line.push(b);
                }
                self.line.push(b'"');
            } else {
                self.line.extend_from_slice(f.as_bytes());
            }
        }
        self.line.extend_from_slice(b"\r\n");
        self.out.write_all(&self.line)
    }

    pub fn finish(mut self) -> std::io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use carebook_core::export::ColumnKind;

    use super::*;

    #[test]
    fn quoting_bom_and_headers() {
        let columns = [
            Column::new("name", "Họ và tên", "Full name", ColumnKind::Text),
            Column::new("notes", "Ghi chú", "Notes", ColumnKind::Text),
        ];
        let mut w = CsvWriter::new(Vec::new(), &columns, Lang::Vi, Delimiter::Comma).unwrap();
        w.write_row(&[Cell::Text("Đặng, Thuỳ".into()), Cell::Text("nói \"cảm ơn\"\nhai dòng".into())]).unwrap();
        w.write_row(&[Cell::Text("An".into()), Cell::Null]).unwrap();
        let bytes = w.finish().unwrap();
        assert!(bytes.starts_with(BOM), "the byte-order mark comes first");
        assert_eq!(
            std::str::from_utf8(&bytes[3..]).unwrap(),
            "Họ và tên,Ghi chú\r\n\"Đặng, Thuỳ\",\"nói \"\"cảm ơn\"\"\nhai dòng\"\r\nAn,\r\n"
        );
    }

    #[test]
    fn semicolon_files_quote_semicolons_not_commas() {
        let columns = [Column::new("a", "A", "A", ColumnKind::Text), Column::new("b", "B", "B", ColumnKind::Text)];
        let mut w = CsvWriter::new(Vec::new(), &columns, Lang::En, Delimiter::Semicolon).unwrap();
        w.write_row(&[Cell::Text("x,y".into()), Cell::Text("p;q".into())]).unwrap();
        let bytes = w.finish().unwrap();
        assert_eq!(std::str::from_utf8(&bytes[3..]).unwrap(), "A;B\r\nx,y;\"p;q\"\r\n");
    }
}

//! XLSX: one workbook, one sheet per dataset. Dates are real Excel dates
//! shown `dd/mm/yyyy`, money is a whole number shown `#,##0 ₫`, the header
//! row is frozen and filterable. Sheets are written row by row to disk
//! (constant memory), so a book of any size exports in little memory; a
//! dataset longer than a sheet continues on the next one.

use std::io::{Seek, Write};

use carebook_core::export::{Cell, Column, ColumnKind, Lang};
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, Worksheet};

use crate::Result;
use crate::text::{LIST_SEPARATOR, yes_no};

/// Rows of one sheet, the header included (Excel's limit).
pub const MAX_ROWS: u32 = 1_048_576;
/// Characters of one cell (Excel's limit).
const MAX_CELL_CHARS: usize = 32_767;

struct Formats {
    header: Format,
    money: Format,
    date: Format,
    datetime: Format,
}

/// A workbook being written, one sheet after another.
pub struct XlsxWriter {
    workbook: Workbook,
    formats: Formats,
    lang: Lang,
    sheet: Option<Sheet>,
    /// Rows per sheet, the header included.
    sheet_rows: u32,
}

impl std::fmt::Debug for XlsxWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XlsxWriter").finish_non_exhaustive()
    }
}

struct Sheet {
    title: String,
    columns: Vec<Column>,
    index: usize,
    part: u32,
    /// The next row to write (0 is the header).
    row: u32,
}

impl XlsxWriter {
    pub fn new(lang: Lang) -> XlsxWriter {
        let formats = Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x00E3_F3F1))
                .set_border_bottom(FormatBorder::Thin),
            money: Format::new().set_num_format("#,##0 \"₫\""),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            datetime: Format::new().set_num_format("dd/mm/yyyy hh:mm"),
        };
        XlsxWriter { workbook: Workbook::new(), formats, lang, sheet: None, sheet_rows: MAX_ROWS }
    }

    /// Fewer rows per sheet than Excel allows: how the overflow to a next
    /// sheet is tested without writing a million rows.
    #[doc(hidden)]
    pub fn with_sheet_rows(mut self, rows: u32) -> XlsxWriter {
        self.sheet_rows = rows.clamp(2, MAX_ROWS);
        self
    }

    /// Starts the sheet of a dataset titled `title` (31 characters at most).
    pub fn begin_sheet(&mut self, title: &str, columns: &[Column]) -> Result<()> {
        self.end_sheet()?;
        let mut sheet = Sheet { title: title.to_owned(), columns: columns.to_vec(), index: 0, part: 1, row: 0 };
        self.add_sheet(&mut sheet)?;
        self.sheet = Some(sheet);
        Ok(())
    }

    fn add_sheet(&mut self, sheet: &mut Sheet) -> Result<()> {
        let name = if sheet.part == 1 { sheet.title.clone() } else { format!("{} ({})", sheet.title, sheet.part) };
        let name: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
        let ws = self.workbook.add_worksheet_with_constant_memory();
        ws.set_name(&name)?;
        for (i, c) in sheet.columns.iter().enumerate() {
            let col = i as u16;
            ws.set_column_width(col, width(c, self.lang))?;
            ws.write_string_with_format(0, col, c.header(self.lang), &self.formats.header)?;
        }
        ws.set_freeze_panes(1, 0)?;
        sheet.index = self.workbook.worksheets().len() - 1;
        sheet.row = 1;
        Ok(())
    }

    pub fn write_row(&mut self, cells: &[Cell]) -> Result<()> {
        let Some(mut sheet) = self.sheet.take() else { return Ok(()) };
        if sheet.row >= self.sheet_rows {
            self.finish_sheet(&sheet)?;
            sheet.part += 1;
            self.add_sheet(&mut sheet)?;
        }
        let out = self.write_cells(&sheet, cells);
        sheet.row += 1;
        self.sheet = Some(sheet);
        out
    }

    fn write_cells(&mut self, sheet: &Sheet, cells: &[Cell]) -> Result<()> {
        let lang = self.lang;
        let ws: &mut Worksheet = self.workbook.worksheet_from_index(sheet.index)?;
        let f = &self.formats;
        let row = sheet.row;
        for (i, (column, cell)) in sheet.columns.iter().zip(cells).enumerate() {
            let col = i as u16;
            match cell {
                Cell::Null => {}
                Cell::Int(n) if column.kind == ColumnKind::Money => {
                    ws.write_number_with_format(row, col, *n as f64, &f.money)?;
                }
                Cell::Int(n) => {
                    ws.write_number(row, col, *n as f64)?;
                }
                Cell::Text(s) => {
                    let text = match column.kind {
                        ColumnKind::Enum(_) => column.label(s, lang),
                        _ => s.as_str(),
                    };
                    ws.write_string(row, col, clip(text))?;
                }
                Cell::Date(d) => match excel_date(*d) {
                    Some(serial) => {
                        ws.write_number_with_format(row, col, serial, &f.date)?;
                    }
                    None => {
                        ws.write_string(row, col, d.format("%Y-%m-%d").to_string())?;
                    }
                },
                Cell::DateTime(t) => match excel_datetime(*t) {
                    Some(serial) => {
                        ws.write_number_with_format(row, col, serial, &f.datetime)?;
                    }
                    None => {
                        ws.write_string(row, col, t.format("%Y-%m-%d %H:%M:%S").to_string())?;
                    }
                },
                Cell::Bool(b) => {
                    ws.write_string(row, col, yes_no(*b, lang))?;
                }
                Cell::List(items) => {
                    ws.write_string(row, col, clip(&items.join(LIST_SEPARATOR)))?;
                }
                Cell::Phones(phones) => {
                    let shown = phones.iter().map(|p| p.display.as_str()).collect::<Vec<_>>().join(LIST_SEPARATOR);
                    ws.write_string(row, col, clip(&shown))?;
                }
            }
        }
        Ok(())
    }

    fn finish_sheet(&mut self, sheet: &Sheet) -> Result<()> {
        let ws = self.workbook.worksheet_from_index(sheet.index)?;
        let last_col = sheet.columns.len().saturating_sub(1) as u16;
        ws.autofilter(0, 0, sheet.row.saturating_sub(1), last_col)?;
        Ok(())
    }

    /// Ends the current sheet (done by `begin_sheet` and `save` too).
    pub fn end_sheet(&mut self) -> Result<()> {
        if let Some(sheet) = self.sheet.take() {
            self.finish_sheet(&sheet)?;
        }
        Ok(())
    }

    /// Writes the workbook to `out` (an [`crate::AtomicFile`]).
    pub fn save<W: Write + Seek + Send>(mut self, out: W) -> Result<()> {
        self.end_sheet()?;
        if self.workbook.worksheets().is_empty() {
            // A workbook needs a sheet to open at all.
            self.workbook.add_worksheet();
        }
        self.workbook.save_to_writer(out)?;
        Ok(())
    }
}

fn clip(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Column width in characters: wide enough for the header and typical values.
fn width(c: &Column, lang: Lang) -> f64 {
    let typical: usize = match (c.kind, c.key.as_ref()) {
        (_, "name" | "customerName") => 26,
        (_, "notes" | "body" | "items" | "address" | "changes" | "summary") => 36,
        (ColumnKind::Int, _) => 8,
        (ColumnKind::Money, _) => 14,
        (ColumnKind::Date, _) => 11,
        (ColumnKind::DateTime, _) => 16,
        (ColumnKind::Bool, _) => 8,
        (ColumnKind::Phones, _) => 16,
        _ => 16,
    };
    typical.max(c.header(lang).chars().count() + 2) as f64
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default()
}

/// Excel's serial day number (1 = 1900-01-01, counting Excel's 1900 leap
/// day); dates before March 1900 are written as text instead.
pub fn excel_date(d: NaiveDate) -> Option<f64> {
    let serial = (d - epoch()).num_days();
    (serial >= 61).then_some(serial as f64)
}

pub fn excel_datetime(t: NaiveDateTime) -> Option<f64> {
    let day = excel_date(t.date())?;
    Some(day + f64::from(t.num_seconds_from_midnight()) / 86_400.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serial_dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(excel_date(d(2026, 1, 2)), Some(46024.0), "Excel shows serial 46024 as 02/01/2026");
        assert_eq!(excel_date(d(1900, 3, 1)), Some(61.0), "the first day after Excel's phantom 29/02/1900");
        assert_eq!(excel_date(d(1899, 1, 1)), None, "Excel has no dates before 1900: written as text");
        assert_eq!(excel_datetime(d(2026, 1, 2).and_hms_opt(12, 0, 0).unwrap()), Some(46024.5));
    }

    #[test]
    fn long_text_is_clipped_to_what_a_cell_holds() {
        let long = "ă".repeat(MAX_CELL_CHARS + 10);
        assert_eq!(clip(&long).chars().count(), MAX_CELL_CHARS, "clipped on a character boundary");
        assert_eq!(clip("ngắn"), "ngắn");
    }
}

//! Excel workbooks (XLSX, and the older XLS) through `calamine`.
//!
//! Cells become text the way a person reads them: whole numbers without a
//! decimal point (a phone number typed as a number stays `901234567`), dates
//! as `yyyy-mm-dd`. An XLSX sheet is read cell by cell, so a file that claims
//! a cell far away (row 1,000,000, column XFD) cannot make the reader allocate
//! the whole empty rectangle: cells beyond the row and column limits are refused.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto_from_rs};

use crate::{ImportError, MAX_COLUMNS, MAX_ROWS, Table};

pub(crate) struct Book {
    pub sheets: Vec<String>,
    pub sheet: String,
    pub table: Table,
}

fn unreadable(e: impl std::fmt::Display) -> ImportError {
    ImportError::Spreadsheet(e.to_string())
}

pub(crate) fn read(bytes: &[u8], sheet: Option<&str>) -> Result<Book, ImportError> {
    let mut book: Sheets<Cursor<&[u8]>> = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let sheets = book.sheet_names();
    if sheets.is_empty() {
        return Err(ImportError::Spreadsheet("the workbook has no sheet".into()));
    }
    let candidates: Vec<String> = match sheet {
        Some(name) if sheets.iter().any(|s| s == name) => vec![name.to_owned()],
        Some(name) => return Err(ImportError::NoSuchSheet(name.to_owned())),
        None => sheets.clone(),
    };
    let mut first: Option<(String, Table)> = None;
    for name in candidates {
        let table = Table::from_records(read_sheet(&mut book, &name)?)?;
        let has_rows = !table.headers.is_empty();
        if first.is_none() {
            first = Some((name.clone(), table.clone()));
        }
        if has_rows {
            return Ok(Book { sheets, sheet: name, table });
        }
    }
    let (sheet, table) = first.unwrap_or_default();
    Ok(Book { sheets, sheet, table })
}

/// The non-empty rows of a sheet, numbered as Excel numbers them (from 1).
fn read_sheet(book: &mut Sheets<Cursor<&[u8]>>, name: &str) -> Result<Vec<(u32, Vec<String>)>, ImportError> {
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let mut put = |row: u32, col: u32, text: String| -> Result<(), ImportError> {
        if text.is_empty() || col as usize >= MAX_COLUMNS {
            return Ok(());
        }
        if row as usize > MAX_ROWS + 10 {
            return Err(ImportError::TooManyRows { max: MAX_ROWS });
        }
        let cells = rows.entry(row).or_default();
        if cells.len() <= col as usize {
            cells.resize(col as usize + 1, String::new());
        }
        cells[col as usize] = text;
        Ok(())
    };
    match book {
        Sheets::Xlsx(xlsx) => {
            let mut cells = xlsx.worksheet_cells_reader(name).map_err(unreadable)?;
            while let Some(cell) = cells.next_cell().map_err(unreadable)? {
                let (row, col) = cell.get_position();
                put(row, col, data_ref_text(cell.get_value()))?;
            }
        }
        other => {
            let range = other.worksheet_range(name).map_err(unreadable)?;
            let (row0, col0) = range.start().unwrap_or((0, 0));
            for (i, cells) in range.rows().enumerate() {
                for (j, cell) in cells.iter().enumerate() {
                    put(row0 + i as u32, col0 + j as u32, data_text(cell))?;
                }
            }
        }
    }
    Ok(rows.into_iter().map(|(row, cells)| (row + 1, cells)).collect())
}

/// A number as a person typed it: `901234567`, not `901234567.0`.
fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e15 { format!("{}", f as i64) } else { f.to_string() }
}

fn date_text(dt: &calamine::ExcelDateTime) -> String {
    if dt.is_duration() {
        return number_text(dt.as_f64());
    }
    match dt.as_datetime() {
        Some(d) if d.time() == chrono::NaiveTime::MIN => d.date().format("%Y-%m-%d").to_string(),
        Some(d) => d.format("%Y-%m-%d %H:%M:%S").to_string(),
        None => number_text(dt.as_f64()),
    }
}

fn data_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_owned(),
        Data::DateTime(dt) => date_text(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_owned(),
    }
}

fn data_ref_text(d: &DataRef<'_>) -> String {
    match d {
        DataRef::Empty | DataRef::Error(_) => String::new(),
        DataRef::String(s) => s.trim().to_owned(),
        DataRef::SharedString(s) => s.trim().to_owned(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_owned(),
        DataRef::DateTime(dt) => date_text(dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.trim().to_owned(),
    }
}

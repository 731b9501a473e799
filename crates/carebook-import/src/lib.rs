//! carebook-import: customer lists kept elsewhere, read into rows of customers.
//!
//! A shop brings its customers from Excel (XLSX, XLS), from CSV files written
//! by Excel, a POS system or Google Contacts, and from a phone's contacts
//! (vCard). This crate turns the bytes of such a file into a [`Table`] of text
//! cells under a header ([`read_file`]), guesses which column holds which
//! field from Vietnamese and English headers ([`columns::guess_mapping`]), and
//! converts each row into a validated customer (and optional purchase), with
//! the problems of each row by row number ([`rows::convert`]). Rows that share
//! a phone number or email are grouped ([`rows::group`]).
//!
//! Nothing here touches the database or reads the clock: what already exists
//! in the book is the caller's business, and `today` is an argument.

pub mod columns;
mod csv_reader;
pub mod encoding;
pub mod rows;
pub mod values;
mod vcard;
mod xlsx;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use columns::{Field, guess_mapping};
pub use encoding::TextEncoding;
pub use rows::{Converted, Group, ImportPurchase, ImportRow, MergedNotes, Problem, RowProblems, convert, group};

/// The largest file accepted: a customer list of 100,000 rows is about 10 MB.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Rows beyond this are refused rather than read.
pub const MAX_ROWS: usize = 250_000;
/// Columns beyond this are not read.
pub const MAX_COLUMNS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ImportFormat")]
pub enum FileFormat {
    Csv,
    Xlsx,
    Xls,
    Vcard,
}

impl FileFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            FileFormat::Csv => "csv",
            FileFormat::Xlsx => "xlsx",
            FileFormat::Xls => "xls",
            FileFormat::Vcard => "vcard",
        }
    }
}

/// A file that cannot be read as a customer list. `code` is stable; the UI translates it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes; files up to {max} bytes can be imported")]
    TooLarge { size: usize, max: usize },
    #[error("the file has more than {max} rows")]
    TooManyRows { max: usize },
    #[error("cannot read the spreadsheet: {0}")]
    Spreadsheet(String),
    #[error("the workbook has no sheet named `{0}`")]
    NoSuchSheet(String),
    #[error("cannot read the CSV file: {0}")]
    Csv(String),
    #[error("the file holds no contact (BEGIN:VCARD … END:VCARD)")]
    NoContacts,
}

impl ImportError {
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty => "file_empty",
            ImportError::TooLarge { .. } => "file_too_large",
            ImportError::TooManyRows { .. } => "file_too_many_rows",
            ImportError::Spreadsheet(_) | ImportError::Csv(_) => "file_unreadable",
            ImportError::NoSuchSheet(_) => "sheet_not_found",
            ImportError::NoContacts => "file_no_contacts",
        }
    }
}

/// One row of the file: its number as the user sees it (in a spreadsheet or
/// CSV file the header is row 1; in a vCard file, the contact's position) and
/// its cells, trimmed, one per column of the header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<String>,
}

/// The header and the data rows of a file. Empty rows are left out (they
/// still count in the row numbers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Builds a table from numbered records: the first non-empty one is the
    /// header, unless it looks like data (no known header and a phone number
    /// or email in it), in which case the columns are named `Column 1`….
    pub(crate) fn from_records(records: Vec<(u32, Vec<String>)>) -> Result<Table, ImportError> {
        let mut records = records.into_iter().filter(|(_, cells)| cells.iter().any(|c| !c.is_empty())).peekable();
        let Some((_, first)) = records.peek().cloned() else { return Ok(Table::default()) };
        let header_like = columns::looks_like_header(&first);
        if header_like {
            records.next();
        }
        let mut rows: Vec<Row> = Vec::new();
        let mut width = if header_like { first.len() } else { 0 };
        for (number, mut cells) in records {
            if rows.len() >= MAX_ROWS {
                return Err(ImportError::TooManyRows { max: MAX_ROWS });
            }
            cells.truncate(MAX_COLUMNS);
            width = width.max(cells.len());
            rows.push(Row { number, cells });
        }
        let mut headers: Vec<String> = if header_like { first } else { Vec::new() };
        headers.truncate(MAX_COLUMNS);
        width = width.min(MAX_COLUMNS);
        for (i, h) in headers.iter_mut().enumerate() {
            if h.is_empty() {
                *h = format!("Column {}", i + 1);
            }
        }
        while headers.len() < width {
            headers.push(format!("Column {}", headers.len() + 1));
        }
        for row in &mut rows {
            row.cells.resize(headers.len(), String::new());
        }
        Ok(Table { headers, rows })
    }
}

/// How to read a file: the user's choices, each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Overrides the detected text encoding (CSV and vCard).
    pub encoding: Option<TextEncoding>,
    /// The sheet of a workbook; the first one with data by default.
    pub sheet: Option<String>,
}

/// A file read into a table, and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileContents {
    pub format: FileFormat,
    /// What the bytes look like (text formats only).
    pub detected_encoding: Option<TextEncoding>,
    /// What was used: the user's choice or the detected one.
    pub encoding: Option<TextEncoding>,
    /// The sheets of a workbook, in order.
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    pub table: Table,
}

/// Which format a file is in: by its first bytes, else by its name.
pub fn detect_format(file_name: &str, bytes: &[u8]) -> FileFormat {
    if bytes.starts_with(b"PK\x03\x04") {
        return FileFormat::Xlsx;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return FileFormat::Xls;
    }
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".vcf") || lower.ends_with(".vcard") {
        return FileFormat::Vcard;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let text = encoding::decode(head, encoding::detect(head));
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if start.len() >= 11 && start.is_char_boundary(11) && start[..11].eq_ignore_ascii_case("BEGIN:VCARD") {
        return FileFormat::Vcard;
    }
    FileFormat::Csv
}

/// Reads a customer list from the bytes of a file.
pub fn read_file(file_name: &str, bytes: &[u8], options: &ReadOptions) -> Result<FileContents, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { size: bytes.len(), max: MAX_FILE_BYTES });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    let format = detect_format(file_name, bytes);
    match format {
        FileFormat::Xlsx | FileFormat::Xls => {
            let book = xlsx::read(bytes, options.sheet.as_deref())?;
            Ok(FileContents {
                format,
                detected_encoding: None,
                encoding: None,
                sheets: book.sheets,
                sheet: Some(book.sheet),
                table: book.table,
            })
        }
        FileFormat::Csv | FileFormat::Vcard => {
            let detected = encoding::detect(bytes);
            let used = options.encoding.unwrap_or(detected);
            let text = encoding::decode(bytes, used);
            let table = if format == FileFormat::Csv { csv_reader::read(&text)? } else { vcard::read(&text)? };
            Ok(FileContents {
                format,
                detected_encoding: Some(detected),
                encoding: Some(used),
                sheets: Vec::new(),
                sheet: None,
                table,
            })
        }
    }
}

/// Reads CSV bytes (for fuzzing and tests): never panics, whatever the bytes.
pub fn read_csv_bytes(bytes: &[u8]) -> Result<Table, ImportError> {
    let text = encoding::decode(bytes, encoding::detect(bytes));
    csv_reader::read(&text)
}

/// Reads XLSX or XLS bytes (for fuzzing and tests): never panics, whatever the bytes.
pub fn read_spreadsheet_bytes(bytes: &[u8]) -> Result<Table, ImportError> {
    xlsx::read(bytes, None).map(|book| book.table)
}

/// Reads vCard bytes (for fuzzing and tests): never panics, whatever the bytes.
pub fn read_vcard_bytes(bytes: &[u8]) -> Result<Table, ImportError> {
    let text = encoding::decode(bytes, encoding::detect(bytes));
    vcard::read(&text)
}

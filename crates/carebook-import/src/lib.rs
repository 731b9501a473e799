//! carebook-import: customer lists kept elsewhere, read into rows of customers.
//!
//! A shop brings its customers from Excel (XLSX, XLS), from CSV files written
//! by Excel, a POS system or Google Contacts, from a phone's contacts
//! (vCard), and from CareBook's own export (recognised by its headers and
//! mapped exactly, [`own_export`]). This crate reads such a file as a stream
//! of rows under a header ([`open_path`] for a file on disk, of any size;
//! [`open_bytes`] and [`read_file`] for an upload in memory), guesses which
//! column holds which field from Vietnamese and English headers
//! ([`columns::guess_mapping`]), and converts each row into a validated
//! customer (and optional purchase), with the problems of each row by row
//! number ([`rows::convert`], [`rows::convert_rows`]). Rows that share a
//! phone number, an email or a customer code are grouped ([`rows::group_rows`]).
//!
//! Hostile files are refused before they can take the machine: workbooks
//! that unpack to too much or declare absurd sheets ([`xlsx_limits`]), rows
//! longer than a customer, customers with more than
//! [`MAX_PHONES_PER_CUSTOMER`] numbers or [`MAX_TAGS_PER_CUSTOMER`] tags.
//!
//! Nothing here touches the database or reads the clock: what already exists
//! in the book is the caller's business, and `today` is an argument.

pub mod columns;
mod csv_reader;
pub mod encoding;
pub mod own_export;
mod reader;
pub mod rows;
pub mod values;
mod vcard;
mod xlsx;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use columns::{Field, guess_mapping};
pub use csv_reader::MAX_RECORD_BYTES;
pub use encoding::TextEncoding;
pub use own_export::{FileKind, is_carebook_export};
pub use reader::{FileReader, ReadProgress, SAMPLE_ROWS, open_bytes, open_path};
pub use rows::{
    Converted, Group, GroupBuilder, Grouped, ImportPurchase, ImportRow, MAX_PHONES_PER_CUSTOMER, MAX_TAGS_PER_CUSTOMER,
    MergedNotes, Problem, RowProblems, convert, convert_rows, convert_stream, group, group_keys, group_rows,
};
pub use values::ParsedBirthday;

/// The limits a workbook is checked against before it is read.
pub mod xlsx_limits {
    pub use crate::xlsx::{
        MAX_COMPRESSION_RATIO, MAX_PART_BYTES, MAX_SHARED_STRINGS_BYTES, MAX_UNPACKED_BYTES, MAX_XLS_BYTES,
        MAX_XLS_CELLS, MAX_ZIP_ENTRIES, RATIO_CHECKED_FROM,
    };
}

/// The largest file [`read_file`] takes in memory (a browser upload); a
/// file on disk has no such cap ([`open_path`]). CareBook's own export of
/// 100,000 customers is about 26 MB: import it from its path.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Rows beyond this are refused rather than read.
pub const MAX_ROWS: usize = 2_000_000;
/// Columns beyond this are not read.
pub const MAX_COLUMNS: usize = 200;

/// The format of a file.
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
    /// `csv`, `xlsx`, `xls`, `vcard`.
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
    /// The file could not be opened or read.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// A kind of file this reader does not take (XLSB, ODS, a ZIP that is not a workbook).
    #[error("{0}")]
    Unsupported(String),
    /// A workbook that would unpack or allocate beyond the limits ([`xlsx_limits`]).
    #[error("the workbook is too large once unpacked: {part}: {reason}")]
    Unpacks { part: String, reason: String },
    /// Reading was stopped ([`FileReader::set_cancel`]).
    #[error("reading the file was cancelled")]
    Cancelled,
}

impl ImportError {
    /// The stable code of the error: `file_empty`, `file_too_large`,
    /// `file_too_many_rows`, `file_unreadable`, `file_unsupported`,
    /// `sheet_not_found`, `file_no_contacts`, `cancelled`.
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::Empty => "file_empty",
            ImportError::TooLarge { .. } | ImportError::Unpacks { .. } => "file_too_large",
            ImportError::TooManyRows { .. } => "file_too_many_rows",
            ImportError::Spreadsheet(_) | ImportError::Csv(_) | ImportError::Io(_) => "file_unreadable",
            ImportError::Unsupported(_) => "file_unsupported",
            ImportError::NoSuchSheet(_) => "sheet_not_found",
            ImportError::NoContacts => "file_no_contacts",
            ImportError::Cancelled => "cancelled",
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
    /// The sheet read.
    pub sheet: Option<String>,
    /// Whether it is CareBook's own export.
    pub kind: FileKind,
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

/// Reads a customer list from the bytes of a file, whole (at most
/// [`MAX_FILE_BYTES`]; a larger file is read from its path, [`open_path`]).
pub fn read_file(file_name: &str, bytes: &[u8], options: &ReadOptions) -> Result<FileContents, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge { size: bytes.len(), max: MAX_FILE_BYTES });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    open_bytes(file_name, bytes, options)?.into_contents()
}

/// Reads CSV bytes (for fuzzing and tests): never panics, whatever the bytes.
pub fn read_csv_bytes(bytes: &[u8]) -> Result<Table, ImportError> {
    reader::open_bytes_as(FileFormat::Csv, bytes, &ReadOptions::default())?.into_table()
}

/// Reads XLSX or XLS bytes (for fuzzing and tests): never panics, whatever the bytes.
pub fn read_spreadsheet_bytes(bytes: &[u8]) -> Result<Table, ImportError> {
    match detect_format("", bytes) {
        format @ (FileFormat::Xlsx | FileFormat::Xls) => {
            reader::open_bytes_as(format, bytes, &ReadOptions::default())?.into_table()
        }
        _ => Err(ImportError::Unsupported("this file is not an Excel workbook".into())),
    }
}

/// Reads vCard bytes (for fuzzing and tests): never panics, whatever the bytes.
pub fn read_vcard_bytes(bytes: &[u8]) -> Result<Table, ImportError> {
    reader::open_bytes_as(FileFormat::Vcard, bytes, &ReadOptions::default())?.into_table()
}

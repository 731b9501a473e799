//! carebook-export: the files CareBook writes for people and other programs.
//!
//! - [`csv`]: one dataset per file, UTF-8 with a byte-order mark so Excel
//!   reads Vietnamese correctly;
//! - [`xlsx`]: one workbook, one sheet per dataset, real dates and money;
//! - [`json`]: everything in one file, streamed;
//! - [`html`]: the printable page of everything held about one customer.
//!
//! Writers take plain rows ([`carebook_core::export::Cell`]) and never touch
//! the database. Every file is written beside its destination under a
//! temporary name and renamed at the end ([`atomic::AtomicFile`]): a failed
//! export leaves no half-written file behind.

pub mod atomic;
pub mod csv;
pub mod html;
pub mod json;
pub mod text;
pub mod xlsx;

use std::path::PathBuf;

pub use atomic::AtomicFile;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write the spreadsheet: {0}")]
    Xlsx(String),
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        ExportError::Xlsx(e.to_string())
    }
}

pub type Result<T, E = ExportError> = std::result::Result<T, E>;

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} was written by a newer version of CareBook (schema {found}, this version reads up to {supported}); \
         it was left untouched — update CareBook to open it"
    )]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    #[error("{path} is not a CareBook database; it was left untouched")]
    NotCarebook { path: PathBuf },
    #[error("there is no customer book at {path}")]
    Missing { path: PathBuf },
    #[error("{path} already exists; a new book goes into a new file")]
    Exists { path: PathBuf },
    #[error("cannot open {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("cannot create {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("migration to schema {version} failed: {source}")]
    Migration { version: i64, source: rusqlite::Error },
    #[error(
        "migration to schema {version} would leave {rows} rows pointing at records that do not exist; nothing was changed"
    )]
    BrokenReferences { version: i64, rows: i64 },
    #[error("{what} {id} does not exist")]
    NotFound { what: &'static str, id: i64 },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{path} is damaged ({problems}); it was not used")]
    Corrupt { path: PathBuf, problems: String },
    #[error("cannot {action} {path}: {source}")]
    File { action: &'static str, path: PathBuf, source: std::io::Error },
    #[error("{path} is the open customer book itself")]
    SameFile { path: PathBuf },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

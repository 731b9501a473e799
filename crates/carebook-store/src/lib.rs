//! carebook-store: the one SQLite file that holds a shop's customer book.
//!
//! This is the only crate that touches `rusqlite`. Connection set-up (WAL,
//! foreign keys, busy timeout, durability) happens in [`Store::open`] and
//! nowhere else; the schema is versioned in [`migrations`].

mod audit;
mod backup;
mod calendar;
mod care;
mod customers;
mod error;
pub mod export;
mod import;
mod loyalty;
mod measures;
pub mod migrations;
mod pool;
mod records;
mod reference;
mod reports;
mod scratch;
mod search;
mod settings;
mod staff;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use audit::{AuditFilter, AuditPage, AuditRecord, CustomerRecords};
pub use backup::{BackupReport, Restored, unique_path};
pub use calendar::{BirthdayRow, CareTaskLine, DayCounts, TaskFilter};
pub use carebook_core::ImportBatch;
pub use customers::{CustomerFootprint, CustomerPage, ListQuery};
pub use error::{Result, StoreError};
pub use import::{ContactOwners, ImportBatchId, ImportWriter, UndoneImport};
pub use loyalty::NewEntry;
pub use measures::MeasureRows;
pub use migrations::{LATEST_VERSION, Migrating};
pub use pool::ReadPool;
pub use reports::{NewCustomerRow, PrintFacts};
pub use scratch::{IdKind, Scratch};
pub use search::SearchHit;
pub use settings::Settings;

/// `PRAGMA application_id` of a CareBook file: "CBK1".
pub const APPLICATION_ID: i32 = 0x4342_4B31;

/// An open customer book.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the book at `path` and brings its schema up to date in one
    /// transaction. A missing file is refused ([`StoreError::Missing`]): only
    /// [`Store::create`] makes a new book.
    ///
    /// A file written by a newer CareBook, or a SQLite file that is not a
    /// CareBook database, is refused and left exactly as it was.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        Store::open_with_progress(path, &mut |_| {})
    }

    /// [`Store::open`], telling `progress` about each migration step it runs
    /// (a large book takes a while to upgrade).
    pub fn open_with_progress(path: impl AsRef<Path>, progress: &mut dyn FnMut(Migrating)) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if !path.is_file() {
            return Err(StoreError::Missing { path });
        }
        Store::connect(path, OpenFlags::empty(), progress)
    }

    /// Creates a new, empty book at `path`; refuses a file that exists.
    pub fn create(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        if path.exists() {
            return Err(StoreError::Exists { path });
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io { path: parent.to_path_buf(), source })?;
        }
        // The file is made here, readable by its owner only (SQLite gives its
        // `-wal` and `-shm` the same permissions), and never through a link.
        match create_private(&path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(StoreError::Exists { path }),
            Err(source) => return Err(StoreError::Io { path, source }),
        }
        Store::connect(path.clone(), OpenFlags::SQLITE_OPEN_NOFOLLOW, &mut |_| {}).inspect_err(|_| {
            drop(std::fs::remove_file(&path));
        })
    }

    /// Opens the book at `path`, creating an empty one when there is none:
    /// for tests and tools that make their own files.
    pub fn open_or_create(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if path.exists() { Store::open(path) } else { Store::create(path) }
    }

    fn connect(path: PathBuf, create: OpenFlags, progress: &mut dyn FnMut(Migrating)) -> Result<Store> {
        let open_err = |source| StoreError::Open { path: path.clone(), source };
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | create | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(open_err)?;
        // Before the first read: another process may be writing.
        conn.busy_timeout(Duration::from_secs(5)).map_err(open_err)?;
        // Look before touching anything: switching to WAL writes to the file.
        migrations::check_compatible(&conn, &path)?;
        conn.set_prepared_statement_cache_capacity(64);
        // `fullfsync`: on macOS a plain fsync leaves the data in the drive's
        // cache; F_FULLFSYNC is what makes a commit survive a power cut
        // (elsewhere these two do nothing).
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA fullfsync = ON;
             PRAGMA checkpoint_fullfsync = ON;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -32000;",
        )
        .map_err(open_err)?;
        let mut store = Store { conn, path };
        migrations::migrate(&mut store.conn, progress)?;
        Ok(store)
    }

    /// A pool of read connections to this book (see [`ReadPool`]).
    pub fn read_pool(&self) -> ReadPool {
        ReadPool::new(&self.path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Runs `f` inside one transaction: everything it writes lands, or nothing.
    pub fn transaction<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        let tx =
            self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let out = f(&Tx::new(&tx))?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// [`Store::transaction`] for writing many customers: their search index
    /// rows are written together at the end rather than one by one (see
    /// [`Tx::write_index_rows`] for why that is ten times faster).
    pub fn bulk_transaction<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let tx =
            self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let handle = Tx { tx: &tx, deferred: Some(RefCell::new(BTreeSet::new())) };
        let out = f(&handle)?;
        handle.write_deferred_index()?;
        tx.commit().map_err(StoreError::from)?;
        Ok(out)
    }

    /// Read access without a write transaction.
    pub fn read(&self) -> Tx<'_> {
        Tx::new(&self.conn)
    }

    /// The settings of the book's connection that decide whether a commit
    /// survives a crash or a power cut, as SQLite reports them.
    pub fn durability(&self) -> Result<Durability> {
        let int = |name: &str| -> Result<i64> { Ok(self.conn.pragma_query_value(None, name, |r| r.get(0))?) };
        Ok(Durability {
            journal_mode: self.conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?,
            synchronous: int("synchronous")?,
            fullfsync: int("fullfsync")? == 1,
            checkpoint_fullfsync: int("checkpoint_fullfsync")? == 1,
            foreign_keys: int("foreign_keys")? == 1,
            busy_timeout_ms: int("busy_timeout")?,
        })
    }

    /// `PRAGMA integrity_check`: `ok`, or the problems found.
    pub fn integrity_check(&self) -> Result<String> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let lines: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(lines.join("\n"))
    }
}

/// Creates a new, empty file that only its owner may read and write; fails
/// when anything (a file, a link) already has the name.
pub(crate) fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// See [`Store::durability`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Durability {
    pub journal_mode: String,
    /// 2 is `FULL`: every commit is synced before it returns.
    pub synchronous: i64,
    pub fullfsync: bool,
    pub checkpoint_fullfsync: bool,
    pub foreign_keys: bool,
    pub busy_timeout_ms: i64,
}

/// A handle for queries, inside a transaction or on the bare connection.
/// All table modules hang their functions off it.
pub struct Tx<'c> {
    tx: &'c Connection,
    /// In a bulk transaction: the customers whose search index rows are
    /// written at its end.
    deferred: Option<RefCell<BTreeSet<i64>>>,
}

impl<'c> Tx<'c> {
    fn new(tx: &'c Connection) -> Tx<'c> {
        Tx { tx, deferred: None }
    }
    fn conn(&self) -> &Connection {
        self.tx
    }

    /// Rows of `table` (a name of this schema's, letters and `_` only).
    #[doc(hidden)]
    pub fn count_rows(&self, table: &str) -> Result<i64> {
        if !table.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err(StoreError::NotFound { what: "table", id: 0 });
        }
        Ok(self.tx.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    }

    /// Rows pointing at records that do not exist (`PRAGMA foreign_key_check`).
    pub fn count_foreign_key_problems(&self) -> Result<i64> {
        Ok(self.tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?)
    }

    /// Executes one statement, prepared once per connection and then reused.
    fn exec<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.tx.prepare_cached(sql)?.execute(params)
    }

    /// Queries one row, with the statement prepared once per connection.
    fn row<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.tx.prepare_cached(sql)?.query_row(params, f)
    }
}

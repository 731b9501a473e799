//! Backups of the open book, and restores from them, with SQLite's online
//! backup API.
//!
//! A backup is one moment of the book: all pages are copied in a single step,
//! inside one read transaction, so writers on other connections go on (WAL)
//! and never show up half-done in the copy. [`Store::backup_file`] reads
//! through a short-lived read-only connection of its own, so the book's own
//! connection stays free for the application meanwhile. The copy is written under a
//! temporary name in the destination folder, turned into a self-contained
//! file (rollback journal: no `-wal` beside it), synced, renamed into place,
//! and only then read back by [`Store::verify_backup`].
//!
//! A restore cannot half-happen: the backup is verified (its schema must be
//! CareBook's own), copied to a private file, migrated and checked there,
//! the book's erasures are applied to it again, and only then are its pages
//! copied into the open connection in one write transaction, after a safety
//! copy of the book. Whatever fails before that step changes nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::thread;
use std::time::Duration;

use chrono::NaiveDateTime;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use crate::{APPLICATION_ID, LATEST_VERSION, Result, Store, StoreError, Tx, migrations};

/// What a backup file holds, read without changing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    pub path: PathBuf,
    /// The answer of `PRAGMA integrity_check`: always `ok` in a report,
    /// a damaged file is an error ([`StoreError::Corrupt`]).
    pub integrity: String,
    pub schema_version: i64,
    pub customers: i64,
    pub purchases: i64,
    pub notes: i64,
    pub staff: i64,
    pub shop_name: String,
    pub is_demo: bool,
    pub size_bytes: u64,
}

impl BackupReport {
    /// Restoring it upgrades it to this build's schema.
    pub fn needs_upgrade(&self) -> bool {
        self.schema_version < LATEST_VERSION
    }
}

/// The outcome of [`Store::restore_from`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The backup that is now the book, as verified before the restore.
    pub report: BackupReport,
    /// The book as it was just before the restore.
    pub safety_copy: PathBuf,
    /// Customers erased from the book that the backup still held: erased again.
    pub erased_again: Vec<i64>,
}

/// Numbers the temporary files of copies made by this process.
static NEXT_TEMP: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// How long a backup waits for a busy book before giving up.
const BUSY_RETRIES: u32 = 50;
const BUSY_PAUSE: Duration = Duration::from_millis(100);

impl Store {
    /// Writes a copy of the book to `dest` and verifies it.
    ///
    /// `dest` is replaced if it exists; it may not be the open book itself.
    /// A copy that fails verification is removed and the error returned.
    pub fn backup_to(&self, dest: &Path) -> Result<BackupReport> {
        copy_pages(&self.conn, &self.path, dest)?;
        verify_new(dest)
    }

    /// Like [`Store::backup_to`], but reads the book at `live` through a
    /// read-only connection of its own: the book's own connection is not
    /// needed, so writes to the book go on during the copy (WAL) and the copy
    /// is still one moment of the book.
    pub fn backup_file(live: &Path, dest: &Path) -> Result<BackupReport> {
        let conn = open_read_only(live)?;
        migrations::check_compatible(&conn, live)?;
        copy_pages(&conn, live, dest)?;
        drop(conn);
        verify_new(dest)
    }

    /// Opens `path` read-only and reports what it holds: integrity, schema
    /// version, counts and shop name.
    ///
    /// Refused, with nothing written anywhere: a file that is not a CareBook
    /// book ([`StoreError::NotCarebook`]), one written by a newer CareBook
    /// ([`StoreError::NewerSchema`]), a damaged one ([`StoreError::Corrupt`]).
    pub fn verify_backup(path: &Path) -> Result<BackupReport> {
        let size_bytes = fs::metadata(path).map_err(|source| file_error("read", path, source))?.len();
        let conn = open_read_only(path)?;
        let corrupt = |e: rusqlite::Error| corrupt_or(path, e);
        migrations::check_compatible(&conn, path).map_err(|e| match e {
            StoreError::Sqlite(e) | StoreError::Open { source: e, .. } => corrupt(e),
            e => e,
        })?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(corrupt)?;
        let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(corrupt)?;
        // `check_compatible` lets an empty SQLite file through (it becomes a
        // new book); an empty file is no backup.
        if app_id != APPLICATION_ID || version < 1 {
            return Err(StoreError::NotCarebook { path: path.to_path_buf() });
        }
        let integrity = integrity_check(&conn).map_err(corrupt)?;
        if integrity != "ok" {
            return Err(StoreError::Corrupt { path: path.to_path_buf(), problems: first_lines(&integrity, 5) });
        }
        let (customers, purchases, notes, staff) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM purchases),
                        (SELECT count(*) FROM notes), (SELECT count(*) FROM staff)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .map_err(corrupt)?;
        let setting = |key: &str| -> Result<Option<String>> {
            let mut stmt = conn.prepare("SELECT value FROM settings WHERE key = ?1").map_err(corrupt)?;
            let mut rows = stmt.query([key]).map_err(corrupt)?;
            Ok(match rows.next().map_err(corrupt)? {
                Some(row) => Some(row.get(0).map_err(corrupt)?),
                None => None,
            })
        };
        Ok(BackupReport {
            path: path.to_path_buf(),
            integrity,
            schema_version: version,
            customers,
            purchases,
            notes,
            staff,
            shop_name: setting("shop_name")?.unwrap_or_default(),
            is_demo: setting("is_demo")?.as_deref() == Some("1"),
            size_bytes,
        })
    }

    /// [`Store::verify_backup`], and the backup's schema must be CareBook's
    /// own for its version: a trigger, view, table or index CareBook did not
    /// make (one that copies customers elsewhere, or deletes audit rows) is
    /// refused as damage ([`StoreError::Corrupt`]), nothing written.
    pub fn verify_restorable(path: &Path) -> Result<BackupReport> {
        let report = Store::verify_backup(path)?;
        let conn = open_read_only(path)?;
        let foreign = migrations::schema_difference(&conn).map_err(|e| match e {
            StoreError::Sqlite(e) => corrupt_or(path, e),
            e => e,
        })?;
        if !foreign.is_empty() {
            return Err(StoreError::Corrupt {
                path: path.to_path_buf(),
                problems: format!("its schema is not CareBook's: {}", first_lines(&foreign.join("\n"), 5)),
            });
        }
        Ok(report)
    }

    /// Replaces the book with the backup at `backup`; see [`Store::restore_with`].
    pub fn restore_from(&mut self, backup: &Path, safety_dir: &Path, now: NaiveDateTime) -> Result<Restored> {
        self.restore_with(backup, safety_dir, now, |_, _, _| Ok::<(), StoreError>(()))
    }

    /// Replaces the book with the backup at `backup`, all at once or not at all.
    ///
    /// In order, none of it touching the book: the backup is verified,
    /// schema included ([`Store::verify_restorable`]); it is copied to a
    /// private file beside the book, opened there with `trusted_schema=OFF`
    /// and SQLite's defensive mode, brought to this build's schema and
    /// checked again; the customers erased from the book are erased from it
    /// again ([`Tx::erase_again`]); `prepare` (given the safety copy's
    /// name and the ids erased again) writes into it what the book keeps
    /// across a restore (settings, the audit entry), in the same transaction
    /// as the erasures. Then the book as it is is copied to
    /// `carebook-before-restore-YYYYMMDD-HHMMSS.sqlite` in `safety_dir`, and
    /// the prepared copy's pages replace the book's in one write transaction.
    /// Any failure before that last step leaves the book exactly as it was.
    pub fn restore_with<E: From<StoreError>>(
        &mut self,
        backup: &Path,
        safety_dir: &Path,
        now: NaiveDateTime,
        prepare: impl FnOnce(&Tx<'_>, &Path, &[i64]) -> Result<(), E>,
    ) -> Result<Restored, E> {
        if same_file(backup, &self.path) {
            return Err(StoreError::SameFile { path: backup.to_path_buf() }.into());
        }
        let report = Store::verify_restorable(backup)?;
        let erased = self.read().erased_customers()?;
        let stem = format!("carebook-before-restore-{}", now.format("%Y%m%d-%H%M%S"));
        let safety_copy = unique_path(safety_dir, &stem, "sqlite");

        let dir = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let n = NEXT_TEMP.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let staged = dir.join(format!(".{name}.restore-{}-{n}.sqlite", std::process::id()));
        let _cleanup = RemoveOnDrop(staged.clone());
        {
            let src = open_read_only(backup)?;
            copy_pages(&src, backup, &staged)?;
        }
        let mut copy = Store::open_staged(&staged).map_err(|e| match e {
            StoreError::Sqlite(e) => corrupt_or(backup, e),
            e => e,
        })?;
        let erased_again = copy.erase_transaction(|tx| -> Result<Vec<i64>, E> {
            let again = tx.erase_again(&erased)?;
            prepare(tx, &safety_copy, &again)?;
            Ok(again)
        })?;
        if !erased_again.is_empty() {
            // Older copies of their rows may sit in the backup's free pages.
            copy.conn.execute_batch("VACUUM").map_err(StoreError::from)?;
        }
        let checked = integrity_check(&copy.conn).map_err(StoreError::from)?;
        if checked != "ok" {
            return Err(StoreError::Corrupt { path: backup.to_path_buf(), problems: first_lines(&checked, 5) }.into());
        }

        // The book as it is, damaged or not: a page copy, not verified, so a
        // damaged book can still be replaced without losing what it holds.
        copy_pages(&self.conn, &self.path, &safety_copy)?;

        let page_size = |c: &Connection| c.pragma_query_value::<i64, _>(None, "page_size", |r| r.get(0));
        // SQLite refuses to copy into a WAL book with another page size: the
        // book leaves WAL for the copy and goes back to it afterwards.
        let leave_wal =
            page_size(&copy.conn).map_err(StoreError::from)? != page_size(&self.conn).map_err(StoreError::from)?;
        if leave_wal {
            set_journal_mode(&self.conn, "DELETE")?;
        }
        let copied = run_backup(&copy.conn, &mut self.conn);
        if leave_wal {
            set_journal_mode(&self.conn, "WAL")?;
        }
        copied?;
        drop(copy);
        Ok(Restored { report, safety_copy, erased_again })
    }

    /// Opens the private copy a restore prepares: never through a link, with
    /// the schema distrusted (`trusted_schema=OFF`, defensive mode), checked
    /// against CareBook's own, then migrated. It is a scratch file: not synced.
    fn open_staged(path: &Path) -> Result<Store> {
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )
        .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
        conn.pragma_update(None, "trusted_schema", false)?;
        conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;")?;
        migrations::check_compatible(&conn, path)?;
        let foreign = migrations::schema_difference(&conn)?;
        if !foreign.is_empty() {
            return Err(StoreError::Corrupt { path: path.to_path_buf(), problems: foreign.join("; ") });
        }
        migrations::migrate(&mut conn, &mut |_| {})?;
        let foreign = migrations::schema_difference(&conn)?;
        if !foreign.is_empty() {
            return Err(StoreError::Corrupt { path: path.to_path_buf(), problems: foreign.join("; ") });
        }
        Ok(Store { conn, path: path.to_path_buf() })
    }
}

/// Removes a scratch file (and any journal beside it) when dropped.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        for ext in ["", "-journal", "-wal", "-shm"] {
            drop(fs::remove_file(format!("{}{ext}", self.0.display())));
        }
    }
}

/// A new backup that fails verification is removed.
fn verify_new(dest: &Path) -> Result<BackupReport> {
    Store::verify_backup(dest).inspect_err(|_| {
        drop(fs::remove_file(dest));
    })
}

/// Copies every page of `src` (the book at `live`) to a temporary file beside
/// `dest`, syncs it and renames it to `dest`: `dest` is either the old file or
/// a whole copy.
fn copy_pages(src: &Connection, live: &Path, dest: &Path) -> Result<()> {
    if same_file(dest, live) {
        return Err(StoreError::SameFile { path: dest.to_path_buf() });
    }
    let name = dest
        .file_name()
        .ok_or_else(|| file_error("write", dest, std::io::Error::other("not a file name")))?
        .to_string_lossy()
        .into_owned();
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).map_err(|source| StoreError::Io { path: dir.clone(), source })?;
    // A name of this copy's own, made here and now (O_EXCL, owner-only): a
    // file or link someone left under that name makes the copy fail rather
    // than be written through.
    let n = NEXT_TEMP.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}-{n}.partial", std::process::id()));
    crate::create_private(&tmp).map_err(|e| file_error("write", &tmp, e))?;
    let written = (|| -> Result<()> {
        let mut dst = Connection::open_with_flags(
            &tmp,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_NOFOLLOW,
        )
        .map_err(|source| StoreError::Open { path: tmp.clone(), source })?;
        run_backup(src, &mut dst)?;
        // The pages say WAL, like the book's: make the copy one file.
        set_journal_mode(&dst, "DELETE")?;
        dst.close().map_err(|(_, e)| e)?;
        let file = fs::OpenOptions::new().write(true).open(&tmp).map_err(|e| file_error("sync", &tmp, e))?;
        file.sync_all().map_err(|e| file_error("sync", &tmp, e))?;
        drop(file);
        fs::rename(&tmp, dest).map_err(|e| file_error("write", dest, e))?;
        sync_dir(&dir);
        Ok(())
    })();
    if written.is_err() {
        drop(fs::remove_file(&tmp));
    }
    written
}

/// Copies all pages of `src` into `dst` in one step: one read transaction on
/// the source, one write transaction on the destination.
fn run_backup(src: &Connection, dst: &mut Connection) -> Result<()> {
    let backup = Backup::new(src, dst)?;
    let mut waited = 0;
    loop {
        // Busy or locked: another connection holds a lock for a moment.
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if waited < BUSY_RETRIES => {
                waited += 1;
                thread::sleep(BUSY_PAUSE);
            }
            _ => {
                return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                    rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                    Some("the customer book stayed busy; try again".into()),
                )));
            }
        }
    }
}

fn set_journal_mode(conn: &Connection, mode: &str) -> Result<()> {
    let _: String = conn.pragma_update_and_check(None, "journal_mode", mode, |r| r.get(0))?;
    Ok(())
}

fn open_read_only(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|source| StoreError::Open { path: path.to_path_buf(), source })?;
    conn.busy_timeout(Duration::from_secs(5))?;
    Ok(conn)
}

fn integrity_check(conn: &Connection) -> rusqlite::Result<String> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let lines: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(lines.join("\n"))
}

/// SQLite's "malformed" and "not a database" become [`StoreError::Corrupt`].
fn corrupt_or(path: &Path, e: rusqlite::Error) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            StoreError::Corrupt { path: path.to_path_buf(), problems: e.to_string() }
        }
        _ => StoreError::Sqlite(e),
    }
}

fn first_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = lines.iter().take(n).copied().collect::<Vec<_>>().join("; ");
    if lines.len() > n {
        // integrity_check stops at 100 problems: the count is a lower bound.
        out.push_str("; and more");
    }
    out
}

fn file_error(action: &'static str, path: &Path, source: std::io::Error) -> StoreError {
    StoreError::File { action, path: path.to_path_buf(), source }
}

/// Makes the rename durable (POSIX); elsewhere the rename itself is enough.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        drop(d.sync_all());
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Both paths name the same file (existing or not).
fn same_file(a: &Path, b: &Path) -> bool {
    fn resolve(p: &Path) -> PathBuf {
        if let Ok(c) = p.canonicalize() {
            return c;
        }
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        match (abs.parent().and_then(|d| d.canonicalize().ok()), abs.file_name()) {
            (Some(dir), Some(name)) => dir.join(name),
            _ => abs,
        }
    }
    resolve(a) == resolve(b)
}

/// `dir/stem.ext`, or `dir/stem-2.ext`, `-3`… when taken.
pub fn unique_path(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{stem}-{n}.{ext}"))).find(|p| !p.exists()).unwrap_or(first)
}

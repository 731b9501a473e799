//! Versioned schema migrations.
//!
//! `PRAGMA user_version` is the schema version. All pending migrations run in
//! one transaction at open; a file whose version is newer than
//! [`LATEST_VERSION`] is refused before anything is written to it.
//! Migrations are append-only: a shipped one is never edited.

use std::path::Path;

use rusqlite::Connection;

use crate::{APPLICATION_ID, Result, StoreError, Tx};

struct Migration {
    version: i64,
    sql: &'static str,
    /// Work SQL cannot do (folding text the Rust way), run after `sql`.
    after: Option<fn(&Tx<'_>) -> Result<()>>,
}

const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, sql: include_str!("../migrations/0001_base.sql"), after: None },
    Migration {
        version: 2,
        sql: include_str!("../migrations/0002_search.sql"),
        after: Some(|tx| tx.reindex_all_customers()),
    },
    Migration { version: 3, sql: include_str!("../migrations/0003_import.sql"), after: None },
    Migration { version: 4, sql: include_str!("../migrations/0004_privacy.sql"), after: None },
    Migration { version: 5, sql: include_str!("../migrations/0005_care.sql"), after: None },
];

/// The schema version this build writes: the last migration's.
pub const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

/// Refuses files that are not CareBook's or are too new, without writing.
pub(crate) fn check_compatible(conn: &Connection, path: &Path) -> Result<()> {
    let not_carebook = || StoreError::NotCarebook { path: path.to_path_buf() };
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => not_carebook(),
        e => StoreError::Open { path: path.to_path_buf(), source: e },
    })?;
    let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID && (version != 0 || objects != 0) {
        return Err(not_carebook());
    }
    if version > LATEST_VERSION {
        return Err(StoreError::NewerSchema { path: path.to_path_buf(), found: version, supported: LATEST_VERSION });
    }
    Ok(())
}

/// Brings the schema to [`LATEST_VERSION`].
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST_VERSION)
}

/// Brings the schema to `target`, all steps in one transaction.
fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for m in MIGRATIONS.iter().filter(|m| m.version > current && m.version <= target) {
        let fail = |source| StoreError::Migration { version: m.version, source };
        tx.execute_batch(m.sql).map_err(fail)?;
        if let Some(after) = m.after {
            after(&Tx::new(&tx))?;
        }
        tx.pragma_update(None, "user_version", m.version).map_err(fail)?;
    }
    tx.commit()?;
    Ok(())
}

/// Creates a database at an older schema version: how the test fixtures of
/// earlier versions were made. Not for application use.
#[doc(hidden)]
pub fn create_at_version(path: &Path, version: i64) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = ON;")?;
    migrate_to(&mut conn, version)?;
    Ok(conn)
}

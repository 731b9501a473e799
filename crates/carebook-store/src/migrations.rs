//! Versioned schema migrations.
//!
//! `PRAGMA user_version` is the schema version. All pending migrations run in
//! one transaction at open; a file whose version is newer than
//! [`LATEST_VERSION`] is refused before anything is written to it.
//! Migrations are append-only: a shipped one is never edited.
//!
//! Widening a `CHECK` (a new task kind, a new channel) or adding a constraint
//! means rebuilding the table, the way SQLite documents it ("Making Other
//! Kinds Of Table Schema Changes"): create the new table, copy the rows, drop
//! the old one, rename, recreate its indexes and triggers. A step marked
//! [`Migration::rebuilds`] runs with foreign-key enforcement off — switched
//! off *before* the transaction, where the pragma takes effect — so dropping
//! `customers` does not cascade into their purchases; before the commit,
//! `PRAGMA foreign_key_check` must find nothing, or everything rolls back.

use std::path::Path;

use rusqlite::Connection;

use crate::{APPLICATION_ID, Result, StoreError, Tx};

struct Migration {
    version: i64,
    sql: &'static str,
    /// Work SQL cannot do (folding text the Rust way), run after `sql`.
    after: Option<fn(&Tx<'_>) -> Result<()>>,
    /// The step rebuilds tables: it runs with foreign keys off (see above).
    rebuilds: bool,
}

/// One migration step about to run, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Migrating {
    /// The schema version the step brings the file to.
    pub version: i64,
    /// 1-based position of the step among the ones this open runs.
    pub step: usize,
    pub steps: usize,
}

const MIGRATIONS: &[Migration] = &[
    Migration { version: 1, sql: include_str!("../migrations/0001_base.sql"), after: None, rebuilds: false },
    Migration {
        version: 2,
        sql: include_str!("../migrations/0002_search.sql"),
        after: Some(|tx| tx.reindex_all_customers()),
        rebuilds: false,
    },
    Migration { version: 3, sql: include_str!("../migrations/0003_import.sql"), after: None, rebuilds: false },
    Migration { version: 4, sql: include_str!("../migrations/0004_privacy.sql"), after: None, rebuilds: false },
    Migration { version: 5, sql: include_str!("../migrations/0005_care.sql"), after: None, rebuilds: false },
    Migration { version: 6, sql: include_str!("../migrations/0006_rebuild.sql"), after: None, rebuilds: true },
    Migration { version: 7, sql: include_str!("../migrations/0007_care_plans.sql"), after: None, rebuilds: false },
    Migration { version: 8, sql: include_str!("../migrations/0008_request_history.sql"), after: None, rebuilds: false },
    Migration { version: 9, sql: include_str!("../migrations/0009_erased.sql"), after: None, rebuilds: false },
    Migration { version: 10, sql: include_str!("../migrations/0010_loyalty.sql"), after: None, rebuilds: false },
    Migration {
        version: 11,
        sql: include_str!("../migrations/0011_feedback_channel.sql"),
        after: None,
        rebuilds: false,
    },
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
pub(crate) fn migrate(conn: &mut Connection, progress: &mut dyn FnMut(Migrating)) -> Result<()> {
    migrate_to(conn, LATEST_VERSION, progress)
}

/// Brings the schema to `target`, all steps in one transaction.
fn migrate_to(conn: &mut Connection, target: i64, progress: &mut dyn FnMut(Migrating)) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let pending: Vec<&Migration> = MIGRATIONS.iter().filter(|m| m.version > current && m.version <= target).collect();
    run_steps(conn, &pending, progress)
}

/// Runs `steps` in one transaction; with foreign keys off around it when one
/// of them rebuilds tables, and checked before the commit.
fn run_steps(conn: &mut Connection, steps: &[&Migration], progress: &mut dyn FnMut(Migrating)) -> Result<()> {
    if steps.is_empty() {
        return Ok(());
    }
    let rebuilds = steps.iter().any(|m| m.rebuilds);
    let fk_on: bool = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    if rebuilds {
        // Outside a transaction: inside one this pragma does nothing.
        conn.pragma_update(None, "foreign_keys", false)?;
    }
    let result = (|| -> Result<()> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        for (i, m) in steps.iter().enumerate() {
            progress(Migrating { version: m.version, step: i + 1, steps: steps.len() });
            let fail = |source| StoreError::Migration { version: m.version, source };
            tx.execute_batch(m.sql).map_err(fail)?;
            if let Some(after) = m.after {
                after(&Tx::new(&tx))?;
            }
            tx.pragma_update(None, "user_version", m.version).map_err(fail)?;
        }
        if rebuilds {
            let broken: i64 = tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))?;
            if broken > 0 {
                let version = steps[steps.len() - 1].version;
                return Err(StoreError::BrokenReferences { version, rows: broken });
            }
        }
        tx.commit()?;
        Ok(())
    })();
    if rebuilds && fk_on {
        conn.pragma_update(None, "foreign_keys", true)?;
    }
    result
}

/// One object of a schema: type, name, table and the SQL that made it.
type SchemaObject = (String, String, String, Option<String>);

/// The schema objects of `conn`'s main database, SQLite's statistics tables
/// (written by `ANALYZE`, `PRAGMA optimize`) left out.
fn schema_objects(conn: &Connection) -> rusqlite::Result<std::collections::BTreeSet<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_schema
         WHERE name NOT IN ('sqlite_stat1', 'sqlite_stat2', 'sqlite_stat3', 'sqlite_stat4')",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    rows.collect()
}

/// What differs between the schema of `conn` (at its `user_version`) and
/// the one CareBook's migrations make for that version: objects it has that
/// CareBook did not make (a trigger, a view, a table), objects missing, and
/// objects whose SQL was changed. Empty when the schema is CareBook's own.
pub(crate) fn schema_difference(conn: &Connection) -> Result<Vec<String>> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let mut expected_db = Connection::open_in_memory()?;
    migrate_to(&mut expected_db, version, &mut |_| {})?;
    let expected_version: i64 = expected_db.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let mut out = Vec::new();
    if expected_version != version {
        out.push(format!("schema {version} is not one this CareBook knows"));
    }
    let expected = schema_objects(&expected_db)?;
    let found = schema_objects(conn)?;
    // SQL compared with runs of white space as one space: SQLite keeps the
    // text as written, and only its words matter.
    let normal = |sql: &Option<String>| sql.as_ref().map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    let by_name = |set: &std::collections::BTreeSet<SchemaObject>| {
        set.iter().map(|o| ((o.0.clone(), o.1.clone()), normal(&o.3))).collect::<std::collections::BTreeMap<_, _>>()
    };
    let (expected, found) = (by_name(&expected), by_name(&found));
    for ((kind, name), sql) in &found {
        match expected.get(&(kind.clone(), name.clone())) {
            None => out.push(format!("{kind} {name} that CareBook did not make")),
            Some(want) if want != sql => out.push(format!("{kind} {name} changed from CareBook's")),
            Some(_) => {}
        }
    }
    for (kind, name) in expected.keys() {
        if !found.contains_key(&(kind.clone(), name.clone())) {
            out.push(format!("{kind} {name} missing"));
        }
    }
    Ok(out)
}

/// Runs one extra step on an open book the way migrations run: the table
/// rebuild test uses it to rebuild `customers` on a filled book.
#[doc(hidden)]
pub fn run_rebuild_step(store: &mut crate::Store, version: i64, sql: &'static str) -> Result<()> {
    let m = Migration { version, sql, after: None, rebuilds: true };
    run_steps(&mut store.conn, &[&m], &mut |_| {})
}

/// Creates a database at an older schema version: how the test fixtures of
/// earlier versions were made. Not for application use.
#[doc(hidden)]
pub fn create_at_version(path: &Path, version: i64) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA foreign_keys = ON;")?;
    migrate_to(&mut conn, version, &mut |_| {})?;
    Ok(conn)
}

//! Read connections: every query that only reads runs on one of these, in a
//! read transaction of its own, so it never waits for the writer (WAL lets a
//! reader see the last committed state while a long import, an erasure's
//! `VACUUM` or a restore holds the one write connection).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::{Result, StoreError, Tx};

/// How many idle read connections are kept open.
const KEEP_IDLE: usize = 4;

/// A pool of read-only connections to one book.
pub struct ReadPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for ReadPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadPool").field("path", &self.path).finish_non_exhaustive()
    }
}

pub(crate) fn open_reader(path: &Path) -> Result<Connection> {
    let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(open_err)?;
    conn.busy_timeout(Duration::from_secs(5)).map_err(open_err)?;
    conn.set_prepared_statement_cache_capacity(64);
    conn.execute_batch("PRAGMA query_only = ON; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16000;")
        .map_err(open_err)?;
    Ok(conn)
}

impl ReadPool {
    pub(crate) fn new(path: &Path) -> ReadPool {
        ReadPool { path: path.to_path_buf(), idle: Mutex::new(Vec::new()) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` in one read transaction: everything it reads is one moment
    /// of the book, and no write waits for it or it for a write.
    pub fn read<T, E: From<StoreError>>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T, E>) -> Result<T, E> {
        let taken = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut conn = match taken {
            Some(conn) => conn,
            None => open_reader(&self.path)?,
        };
        let out = {
            let tx =
                conn.transaction_with_behavior(rusqlite::TransactionBehavior::Deferred).map_err(StoreError::from)?;
            let out = f(&Tx::new(&tx));
            // A read transaction has nothing to keep: ending it either way only lets the WAL move on.
            drop(tx.rollback());
            out
        };
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < KEEP_IDLE {
            idle.push(conn);
        }
        out
    }
}

//! A private scratch database for work on files too large to hold in
//! memory: an import's grouping keys and the ids it gave to the records of
//! the file. SQLite's own temporary file (`Connection::open("")`): on disk
//! with a small page cache, never journaled, deleted when dropped. It holds
//! nothing of the book.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use crate::Result;

/// Pages the scratch database keeps in memory (KiB).
const CACHE_KIB: i64 = 8 * 1024;

pub struct Scratch {
    conn: Connection,
}

impl std::fmt::Debug for Scratch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scratch").finish_non_exhaustive()
    }
}

/// What an id of the file names, for [`Scratch::map_id`]: ids of one kind
/// of record never meet another kind's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i64)]
pub enum IdKind {
    Customer = 1,
    Request = 2,
    CareTask = 3,
}

impl Scratch {
    pub fn new() -> Result<Scratch> {
        let conn = Connection::open("")?;
        conn.execute_batch(&format!(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -{CACHE_KIB};
             PRAGMA temp_store = FILE;
             CREATE TABLE keys (key TEXT NOT NULL, row INTEGER NOT NULL);
             CREATE TABLE ids (kind INTEGER NOT NULL, file_id INTEGER NOT NULL, id INTEGER NOT NULL,
                               PRIMARY KEY (kind, file_id)) WITHOUT ROWID;
             BEGIN;"
        ))?;
        Ok(Scratch { conn })
    }

    /// Remembers that row `row` (its position among the good rows) has `key`.
    pub fn add_key(&self, key: &str, row: u32) -> Result<()> {
        self.conn.prepare_cached("INSERT INTO keys (key, row) VALUES (?1, ?2)")?.execute(params![key, row])?;
        Ok(())
    }

    /// The rows that share a key with an earlier row, each with the first
    /// row of its group (keys shared through other rows included): rows not
    /// in the map are alone or first. Costs memory for those rows only.
    pub fn groups(&self) -> Result<HashMap<u32, u32>> {
        let mut stmt = self.conn.prepare(
            "SELECT key, row FROM keys WHERE key IN (SELECT key FROM keys GROUP BY key HAVING count(*) > 1)
             ORDER BY key, row",
        )?;
        let mut parent: HashMap<u32, u32> = HashMap::new();
        fn root(parent: &mut HashMap<u32, u32>, mut i: u32) -> u32 {
            while let Some(&p) = parent.get(&i) {
                if p == i {
                    break;
                }
                let grand = parent.get(&p).copied().unwrap_or(p);
                parent.insert(i, grand);
                i = p;
            }
            i
        }
        let mut first: Option<(String, u32)> = None;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (key, row): (String, u32) = (r.get(0)?, r.get(1)?);
            match &first {
                Some((k, f)) if *k == key => {
                    let (a, b) = (root(&mut parent, *f), root(&mut parent, row));
                    if a != b {
                        // The earlier row stays the root: groups keep file order.
                        let (keep, join) = if a < b { (a, b) } else { (b, a) };
                        parent.insert(join, keep);
                        parent.entry(keep).or_insert(keep);
                    }
                }
                _ => first = Some((key, row)),
            }
        }
        let members: Vec<u32> = parent.keys().copied().collect();
        let mut out = HashMap::new();
        for m in members {
            let r = root(&mut parent, m);
            if r != m {
                out.insert(m, r);
            }
        }
        Ok(out)
    }

    /// Remembers the book's id of a record the file named `file_id`.
    pub fn map_id(&self, kind: IdKind, file_id: i64, id: i64) -> Result<()> {
        self.conn
            .prepare_cached("INSERT OR REPLACE INTO ids (kind, file_id, id) VALUES (?1, ?2, ?3)")?
            .execute(params![kind as i64, file_id, id])?;
        Ok(())
    }

    /// The book's id of the record the file named `file_id`, if it was written.
    pub fn mapped_id(&self, kind: IdKind, file_id: i64) -> Result<Option<i64>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM ids WHERE kind = ?1 AND file_id = ?2")?
            .query_row(params![kind as i64, file_id], |r| r.get(0))
            .optional()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_sharing_keys_directly_or_through_others_join_the_first() {
        let s = Scratch::new().unwrap();
        // 0: p1 · 1: e2 · 2: p1 e2 (joins 0 and 1) · 3: p3 alone · 4: e2 · 5: p5 · 6: p5
        for (row, keys) in
            [(0, &["p1"][..]), (1, &["e2"]), (2, &["p1", "e2"]), (3, &["p3"]), (4, &["e2"]), (5, &["p5"]), (6, &["p5"])]
        {
            for k in keys {
                s.add_key(k, row).unwrap();
            }
        }
        let g = s.groups().unwrap();
        let mut got: Vec<(u32, u32)> = g.into_iter().collect();
        got.sort();
        assert_eq!(got, vec![(1, 0), (2, 0), (4, 0), (6, 5)]);
    }

    #[test]
    fn ids_are_mapped_by_kind() {
        let s = Scratch::new().unwrap();
        s.map_id(IdKind::Customer, 7, 101).unwrap();
        s.map_id(IdKind::Request, 7, 55).unwrap();
        assert_eq!(s.mapped_id(IdKind::Customer, 7).unwrap(), Some(101));
        assert_eq!(s.mapped_id(IdKind::Request, 7).unwrap(), Some(55));
        assert_eq!(s.mapped_id(IdKind::CareTask, 7).unwrap(), None);
    }
}

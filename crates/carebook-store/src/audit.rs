//! Personal data: the audit log, the consent history, everything about one
//! customer, and erasing a customer beyond recovery.
//!
//! The consent history is written by triggers (migration 4) whatever code
//! writes a customer; [`Tx::stamp_consent_actor`] adds who did it. Audit
//! entries are appended by the API inside the transaction of the write they
//! describe.

use carebook_core::{AuditEntry, Consent, ConsentEvent, CustomerId, FieldChange, Note, Purchase};
use chrono::NaiveDateTime;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Result, Store, StoreError, Tx};

/// What to append to the audit log.
#[derive(Debug, Clone, Copy)]
pub struct AuditRecord<'a> {
    pub at: NaiveDateTime,
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    /// The customer the entry is about: erasing them redacts it.
    pub customer_id: Option<CustomerId>,
    pub summary: &'a str,
    pub changes: &'a [FieldChange],
}

/// Which audit entries to list; every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub customer_id: Option<CustomerId>,
    pub actor: Option<String>,
    /// Entries at or after this moment.
    pub from: Option<NaiveDateTime>,
    /// Entries before this moment.
    pub until: Option<NaiveDateTime>,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AuditPage {
    pub total: i64,
    /// Newest first.
    pub rows: Vec<AuditEntry>,
}

/// Rows that belong to one customer, by table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerRecords {
    /// `(table, rows)` for every table with a `customer_id` column, the audit
    /// log excepted, in name order.
    pub tables: Vec<(String, i64)>,
    /// Audit entries about the customer.
    pub audit_entries: i64,
}

impl CustomerRecords {
    pub fn rows(&self, table: &str) -> i64 {
        self.tables.iter().find(|(t, _)| t == table).map_or(0, |(_, n)| *n)
    }
}

const AUDIT_COLUMNS: &str = "id, at, actor, action, entity, entity_id, customer_id, summary, changes";

/// Entries about customer `?1`: its own record and everything tagged with it.
const ABOUT_CUSTOMER: &str = "(customer_id = ?1 OR (entity = 'customer' AND entity_id = ?1))";

fn audit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    let changes: Option<String> = r.get(8)?;
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        customer_id: r.get(6)?,
        summary: r.get(7)?,
        changes: changes.as_deref().map(decode_changes).unwrap_or_default(),
    })
}

fn consent_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConsentEvent> {
    Ok(ConsentEvent {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        consent: Consent::parse(&r.get::<_, String>(2)?).unwrap_or_default(),
        date: r.get(3)?,
        recorded_at: r.get(4)?,
        actor: r.get(5)?,
    })
}

/// Double-quotes an SQL identifier.
pub(crate) fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

impl Tx<'_> {
    pub fn append_audit(&self, e: &AuditRecord<'_>) -> Result<i64> {
        let changes = encode_changes(e.changes)?;
        self.conn()
            .prepare_cached(
                "INSERT INTO audit_log (at, actor, action, entity, entity_id, customer_id, summary, changes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![e.at, e.actor, e.action, e.entity, e.entity_id, e.customer_id, e.summary, changes])?;
        Ok(self.conn().last_insert_rowid())
    }

    /// A page of the audit log, newest first.
    pub fn audit_page(&self, f: &AuditFilter) -> Result<AuditPage> {
        let mut clauses: Vec<&str> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        for (clause, value) in [
            ("action = ?", f.action.clone()),
            ("entity = ?", f.entity.clone()),
            ("actor = ?", f.actor.clone()),
            ("at >= ?", f.from.map(stamp)),
            ("at < ?", f.until.map(stamp)),
        ] {
            if let Some(v) = value {
                clauses.push(clause);
                values.push(Value::Text(v));
            }
        }
        if let Some(id) = f.entity_id {
            clauses.push("entity_id = ?");
            values.push(Value::Integer(id));
        }
        if let Some(id) = f.customer_id {
            clauses.push("customer_id = ?");
            values.push(Value::Integer(id));
        }
        let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
        let total: i64 = self.conn().query_row(
            &format!("SELECT count(*) FROM audit_log {filter}"),
            params_from_iter(values.iter()),
            |r| r.get(0),
        )?;
        values.push(Value::Integer(i64::from(f.limit)));
        values.push(Value::Integer(i64::from(f.offset)));
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log {filter} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?"
        ))?;
        let rows = stmt.query_map(params_from_iter(values.iter()), audit_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(AuditPage { total, rows })
    }

    /// Everyone who appears in the audit log, by name.
    pub fn audit_actors(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached("SELECT DISTINCT actor FROM audit_log ORDER BY actor")?;
        let actors = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(actors)
    }

    /// The audit entries about one customer, oldest first.
    pub fn customer_audit(&self, id: CustomerId) -> Result<Vec<AuditEntry>> {
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE {ABOUT_CUSTOMER} ORDER BY at, id"))?;
        let rows = stmt.query_map([id], audit_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Removes the personal data of a customer from the audit log: their
    /// entries keep who did what and when, and name them only as `#id`.
    pub fn redact_customer_audit(&self, id: CustomerId) -> Result<usize> {
        Ok(self.conn().execute(
            &format!(
                "UPDATE audit_log SET summary = '#' || ?1, changes = NULL, customer_id = NULL WHERE {ABOUT_CUSTOMER}"
            ),
            [id],
        )?)
    }

    /// Empties the audit log (a demo book becoming a shop's own).
    pub fn clear_audit_log(&self) -> Result<()> {
        self.conn().execute("DELETE FROM audit_log", [])?;
        Ok(())
    }

    /// A customer's consent changes, newest first.
    pub fn consent_history(&self, id: CustomerId) -> Result<Vec<ConsentEvent>> {
        self.require_customer(id)?;
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, customer_id, consent, date, recorded_at, actor FROM consent_events
             WHERE customer_id = ?1 ORDER BY recorded_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([id], consent_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Names `actor` on the consent changes the last write of customer `id`
    /// caused (the triggers cannot know who is working).
    pub fn stamp_consent_actor(&self, id: CustomerId, actor: &str) -> Result<usize> {
        Ok(self
            .conn()
            .prepare_cached(
                "UPDATE consent_events SET actor = ?2
             WHERE customer_id = ?1 AND actor IS NULL
               AND recorded_at = (SELECT updated_at FROM customers WHERE id = ?1)",
            )?
            .execute(params![id, actor])?)
    }

    /// All purchases of a customer, oldest first.
    pub fn customer_purchases(&self, id: CustomerId) -> Result<Vec<Purchase>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.customer_id, p.date, p.amount_vnd, p.items, p.staff_id, s.name, p.created_at
             FROM purchases p LEFT JOIN staff s ON s.id = p.staff_id
             WHERE p.customer_id = ?1 ORDER BY p.date, p.id",
        )?;
        let rows = stmt.query_map([id], crate::records::purchase_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// All timeline notes of a customer, oldest first.
    pub fn customer_notes(&self, id: CustomerId) -> Result<Vec<Note>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT n.id, n.customer_id, n.body, n.staff_id, s.name, n.created_at
             FROM notes n LEFT JOIN staff s ON s.id = n.staff_id
             WHERE n.customer_id = ?1 ORDER BY n.created_at, n.id",
        )?;
        let rows = stmt.query_map([id], crate::records::note_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Every table that has a `customer_id` column (the audit log excepted):
    /// what erasing a customer must empty, including tables added later.
    fn customer_tables(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND p.name = 'customer_id'
               AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.name <> 'audit_log'
             ORDER BY m.name",
        )?;
        let tables = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(tables)
    }

    /// What the shop holds about customer `id`, by table.
    pub fn customer_records(&self, id: CustomerId) -> Result<CustomerRecords> {
        self.require_customer(id)?;
        let mut tables = Vec::new();
        for table in self.customer_tables()? {
            let n: i64 = self.conn().query_row(
                &format!("SELECT count(*) FROM {} WHERE customer_id = ?1", quote_ident(&table)),
                [id],
                |r| r.get(0),
            )?;
            tables.push((table, n));
        }
        let audit_entries =
            self.conn()
                .query_row(&format!("SELECT count(*) FROM audit_log WHERE {ABOUT_CUSTOMER}"), [id], |r| r.get(0))?;
        Ok(CustomerRecords { tables, audit_entries })
    }

    /// Deletes customer `id` and every row of every table that refers to
    /// them, takes them out of the search index, and redacts the audit log.
    /// Returns what was removed. Run it through [`Store::erase_transaction`]
    /// so the deleted bytes are overwritten too.
    pub fn erase_customer(&self, id: CustomerId) -> Result<CustomerRecords> {
        let found = self.customer_records(id)?;
        // Remembered (id and creation time only): a restore of an older
        // backup erases them again.
        self.exec(
            "INSERT OR IGNORE INTO erased_customers (id, created_at) SELECT id, created_at FROM customers WHERE id = ?1",
            [id],
        )?;
        // Tables added later may reference each other without ON DELETE
        // CASCADE: check the keys once, at commit, instead of per statement.
        self.conn().execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let mut tables = Vec::new();
        for (table, _) in &found.tables {
            let n = self.conn().execute(&format!("DELETE FROM {} WHERE customer_id = ?1", quote_ident(table)), [id])?;
            tables.push((table.clone(), n as i64));
        }
        self.unindex_customer(id)?;
        self.conn().execute("DELETE FROM customers WHERE id = ?1", [id])?;
        let audit_entries = self.redact_customer_audit(id)? as i64;
        Ok(CustomerRecords { tables, audit_entries })
    }

    /// The customers erased from this book: id and creation time.
    pub fn erased_customers(&self) -> Result<Vec<(CustomerId, String)>> {
        let mut stmt =
            self.conn().prepare_cached("SELECT id, created_at FROM erased_customers ORDER BY id, created_at")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Erases again, in a book brought back from a backup, the customers
    /// `erased` names (see [`Tx::erased_customers`]) that it still holds,
    /// and remembers them all. Returns the ids erased again.
    pub fn erase_again(&self, erased: &[(CustomerId, String)]) -> Result<Vec<CustomerId>> {
        let mut again = Vec::new();
        for (id, created_at) in erased {
            let held: bool = self.row(
                "SELECT EXISTS (SELECT 1 FROM customers WHERE id = ?1 AND created_at = ?2)",
                params![id, created_at],
                |r| r.get(0),
            )?;
            if held {
                self.erase_customer(*id)?;
                again.push(*id);
            }
            self.exec(
                "INSERT OR IGNORE INTO erased_customers (id, created_at) VALUES (?1, ?2)",
                params![id, created_at],
            )?;
        }
        Ok(again)
    }

    /// Merges the full-text indexes so that the words of deleted rows leave
    /// the file (deletes only mark them until segments are merged).
    pub fn purge_search_index(&self) -> Result<()> {
        self.conn().execute_batch(
            "INSERT INTO customer_fts (customer_fts) VALUES ('optimize');
             INSERT INTO phone_fts (phone_fts) VALUES ('optimize');",
        )?;
        Ok(())
    }
}

impl Store {
    /// A transaction for erasing personal data: SQLite overwrites what it
    /// deletes with zeros (`secure_delete`), and the full-text indexes are
    /// merged so that deleted words leave them. Follow it with
    /// [`Store::purge_free_space`] for what earlier edits left behind.
    pub fn erase_transaction<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn.pragma_update(None, "secure_delete", true).map_err(StoreError::from)?;
        let out = self.transaction(|tx| {
            let out = f(tx)?;
            tx.purge_search_index()?;
            Ok(out)
        });
        self.conn.pragma_update(None, "secure_delete", false).map_err(StoreError::from)?;
        out
    }

    /// Rewrites the file from its live rows (`VACUUM`) and empties the
    /// write-ahead log, so that no older copy of deleted or edited data
    /// remains in free space. Takes time in proportion to the book's size.
    /// Fails with "database is locked" while a snapshot (an export) is open.
    pub fn purge_free_space(&mut self) -> Result<()> {
        self.conn.execute_batch("VACUUM")?;
        let busy: i64 = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                Some("a reader kept the write-ahead log from being emptied".into()),
            )));
        }
        Ok(())
    }
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `{"field": [before, after], ...}` in the order given.
struct ChangesJson<'a>(&'a [FieldChange]);

impl Serialize for ChangesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for c in self.0 {
            map.serialize_entry(&c.field, &(&c.before, &c.after))?;
        }
        map.end()
    }
}

fn encode_changes(changes: &[FieldChange]) -> Result<Option<String>> {
    if changes.is_empty() {
        return Ok(None);
    }
    serde_json::to_string(&ChangesJson(changes))
        .map(Some)
        .map_err(|e| StoreError::Sqlite(rusqlite::Error::ToSqlConversionFailure(Box::new(e))))
}

/// Reads the changes back in their order. Values that are not text (written
/// by other code) are shown as JSON; text that is not such an object is
/// shown whole rather than lost.
fn decode_changes(text: &str) -> Vec<FieldChange> {
    struct Changes(Vec<FieldChange>);
    impl<'de> Deserialize<'de> for Changes {
        fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Changes;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("a map of field to [before, after]")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Changes, A::Error> {
                    let mut out = Vec::new();
                    while let Some((field, (before, after))) =
                        map.next_entry::<String, (serde_json::Value, serde_json::Value)>()?
                    {
                        out.push(FieldChange { field, before: shown(before), after: shown(after) });
                    }
                    Ok(Changes(out))
                }
            }
            d.deserialize_map(V)
        }
    }
    fn shown(v: serde_json::Value) -> Option<String> {
        match v {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s),
            other => Some(other.to_string()),
        }
    }
    match serde_json::from_str::<Changes>(text) {
        Ok(Changes(changes)) => changes,
        Err(_) => vec![FieldChange::new("changes", None, Some(text.to_owned()))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_round_trip_in_order() {
        let changes = vec![
            FieldChange::new("name", Some("An".into()), Some("Ân".into())),
            FieldChange::new("email", None, Some("an@example.com".into())),
            FieldChange::new("consent", Some("given".into()), None),
        ];
        let text = encode_changes(&changes).unwrap().unwrap();
        assert_eq!(text, r#"{"name":["An","Ân"],"email":[null,"an@example.com"],"consent":["given",null]}"#);
        assert_eq!(decode_changes(&text), changes, "the order of fields is the order they were written in");
        assert_eq!(encode_changes(&[]).unwrap(), None, "no changes, no JSON");
    }

    #[test]
    fn foreign_change_json_is_shown_not_lost() {
        assert_eq!(
            decode_changes(r#"{"rows":[0,12]}"#),
            vec![FieldChange::new("rows", Some("0".into()), Some("12".into()))],
            "numbers written by other code are shown as text"
        );
        assert_eq!(
            decode_changes("not json"),
            vec![FieldChange::new("changes", None, Some("not json".into()))],
            "unreadable text is kept whole"
        );
    }
}

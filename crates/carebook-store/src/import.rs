//! Imports that can be undone (schema 3): a batch records every customer an
//! import created or merged into, the merged ones' state before the import,
//! and tags the purchases and notes it added, so that undoing it reverts it
//! exactly, in one transaction.
//!
//! Creating customers here is the bulk path: one prepared `INSERT` per row,
//! and the search index rows `reindex_customer` would write, all together at
//! the end (a test compares the two paths).

use std::collections::HashMap;

use carebook_core::{Customer, CustomerId, ImportBatch, NoteId, PurchaseId, ValidCustomer};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};

use crate::search::IndexRow;
use crate::{Result, StoreError, Tx};

pub type ImportBatchId = i64;

/// Customers whose search index rows an import holds before writing them
/// (each slice is one full-text segment; see [`Tx::write_index_rows`]).
const INDEX_SLICE: usize = 25_000;

/// The customers that own each phone number and email of the book.
#[derive(Debug, Clone, Default)]
pub struct ContactOwners {
    pub phones: HashMap<String, Vec<CustomerId>>,
    pub emails: HashMap<String, Vec<CustomerId>>,
}

/// What undoing a batch reverted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoneImport {
    pub customers_deleted: i64,
    pub customers_restored: i64,
    pub purchases_deleted: i64,
    pub notes_deleted: i64,
}

const BATCH_COLUMNS: &str = "id, source_name, format, created_at, rows_total, customers_created, customers_merged,
    purchases_created, undone_at";

fn batch_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImportBatch> {
    Ok(ImportBatch {
        id: r.get(0)?,
        source_name: r.get(1)?,
        format: r.get(2)?,
        created_at: r.get(3)?,
        rows_total: r.get(4)?,
        customers_created: r.get(5)?,
        customers_merged: r.get(6)?,
        purchases_created: r.get(7)?,
        undone_at: r.get(8)?,
    })
}

/// Writes one import: created by [`Tx::import_begin`], ended by
/// [`ImportWriter::finish`], which writes the search index rows of the
/// customers it created (see [`Tx::write_index_rows`] for why they wait).
/// Dropping it without `finish` leaves those customers unsearchable, so the
/// caller must fail its transaction instead.
pub struct ImportWriter<'t, 'c> {
    tx: &'t Tx<'c>,
    batch: ImportBatchId,
    now: NaiveDateTime,
    index: Vec<IndexRow>,
    reindex: Vec<CustomerId>,
    created: i64,
    merged: i64,
    purchases: i64,
    rows_total: i64,
    /// What the batch's purchases earn.
    rules: carebook_care::LoyaltyRules,
    /// Customers created with the file's points: that balance already holds
    /// what the file's purchases earned, so they earn nothing more.
    with_points: std::collections::HashSet<CustomerId>,
}

impl std::fmt::Debug for ImportWriter<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImportWriter").field("batch", &self.batch).field("created", &self.created).finish()
    }
}

impl<'c> Tx<'c> {
    /// Starts a batch.
    pub fn import_begin<'t>(
        &'t self,
        source_name: &str,
        format: &str,
        rows_total: i64,
        now: NaiveDateTime,
    ) -> Result<ImportWriter<'t, 'c>> {
        self.conn().execute(
            "INSERT INTO import_batches (source_name, format, created_at, rows_total, customers_created,
                customers_merged, purchases_created) VALUES (?1, ?2, ?3, ?4, 0, 0, 0)",
            params![source_name, format, now, rows_total],
        )?;
        Ok(ImportWriter {
            tx: self,
            batch: self.conn().last_insert_rowid(),
            now,
            index: Vec::new(),
            reindex: Vec::new(),
            created: 0,
            merged: 0,
            purchases: 0,
            rows_total,
            rules: self.loyalty_rules()?,
            with_points: Default::default(),
        })
    }
}

impl ImportWriter<'_, '_> {
    pub fn batch(&self) -> ImportBatchId {
        self.batch
    }

    /// The rows the batch imported, when known only once they are written.
    pub fn set_rows_total(&mut self, rows: i64) {
        self.rows_total = rows;
    }

    /// Creates a customer of the batch, with phones and tags; its search
    /// index row is written by [`ImportWriter::finish`].
    pub fn create_customer(&mut self, c: &ValidCustomer) -> Result<CustomerId> {
        let (cal, day, month, year, leap) = match c.birthday {
            Some(b) => (Some(b.calendar.as_str()), Some(b.day), Some(b.month), b.year, b.leap),
            None => (None, None, None, None, false),
        };
        // The same index row as `reindex_customer`: a new customer has no timeline notes yet.
        let texts = [c.email.as_deref(), c.notes.as_deref()].into_iter().flatten();
        let mut row = IndexRow::new(
            0,
            &c.name,
            texts.chain(c.tags.iter().map(String::as_str)),
            c.phones.iter().map(|p| p.e164.as_str()),
        );
        let conn = self.tx.conn();
        conn.prepare_cached(
            "INSERT INTO customers (name, email, birthday_calendar, birthday_day, birthday_month, birthday_year,
                gender, address, kind, source, notes, consent, consent_date, preferred_channel, loyalty_points,
                tier, created_at, updated_at, name_fold, birthday_leap)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?19)",
        )?
        .execute(params![
            c.name,
            c.email,
            cal,
            day,
            month,
            year,
            c.gender.map(|g| g.as_str()),
            c.address,
            c.kind.as_str(),
            c.source,
            c.notes,
            c.consent.as_str(),
            c.consent_date,
            c.preferred_channel.map(|ch| ch.as_str()),
            0,
            c.tier,
            self.now,
            row.name_fold,
            leap,
        ])?;
        let id = conn.last_insert_rowid();
        self.tx.insert_phones_and_tags(id, c)?;
        // The file's points: the opening balance, gone with the batch's undo.
        self.tx.insert_opening(id, c.loyalty_points, Some(self.batch), self.now)?;
        if c.loyalty_points != 0 {
            self.with_points.insert(id);
        }
        conn.prepare_cached("INSERT INTO import_changes (batch_id, customer_id, action) VALUES (?1, ?2, 'created')")?
            .execute(params![self.batch, id])?;
        row.id = id;
        self.index.push(row);
        self.created += 1;
        // Index rows go in slices: a large import holds one slice, not the file's.
        if self.index.len() >= INDEX_SLICE {
            self.tx.write_index_rows(&self.index)?;
            self.index.clear();
        }
        Ok(id)
    }

    /// Writes the merged state of an existing customer, remembering the state
    /// before (only the first time a batch touches the customer). Their
    /// points stay as the ledger has them (merging keeps the book's values).
    pub fn merge_customer(&mut self, id: CustomerId, merged: &ValidCustomer) -> Result<()> {
        let before = self.tx.customer(id)?;
        let json = serde_json::to_string(&before).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let first = self
            .tx
            .conn()
            .prepare_cached(
                "INSERT INTO import_changes (batch_id, customer_id, action, before_json) VALUES (?1, ?2, 'merged', ?3)
                 ON CONFLICT (batch_id, customer_id) DO NOTHING",
            )?
            .execute(params![self.batch, id, json])?;
        self.merged += first as i64;
        self.tx.update_customer(id, merged, self.now)
    }

    /// A purchase of the batch, earning its points (see `with_points`).
    pub fn add_purchase(
        &mut self,
        customer: CustomerId,
        date: NaiveDate,
        amount_vnd: i64,
        items: Option<&str>,
    ) -> Result<PurchaseId> {
        self.tx
            .conn()
            .prepare_cached(
                "INSERT INTO purchases (customer_id, date, amount_vnd, items, created_at, import_batch_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![customer, date, amount_vnd, items, self.now, self.batch])?;
        self.purchases += 1;
        let id = self.tx.conn().last_insert_rowid();
        if !self.with_points.contains(&customer) {
            self.tx.earn_for_purchase(id, &self.rules, Some(self.batch), self.now)?;
        }
        Ok(id)
    }

    /// A timeline note of the batch; the customer is reindexed by `finish`.
    pub fn add_note(&mut self, customer: CustomerId, body: &str) -> Result<NoteId> {
        self.tx
            .conn()
            .prepare_cached(
                "INSERT INTO notes (customer_id, body, created_at, import_batch_id) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![customer, body, self.now, self.batch])?;
        if !self.reindex.contains(&customer) {
            self.reindex.push(customer);
        }
        Ok(self.tx.conn().last_insert_rowid())
    }

    /// Writes the search index rows and the batch's counts.
    pub fn finish(self) -> Result<ImportBatch> {
        for &id in &self.reindex {
            self.tx.reindex_customer(id)?;
        }
        self.tx.write_index_rows(&self.index)?;
        self.tx.conn().execute(
            "UPDATE import_batches SET customers_created = ?2, customers_merged = ?3, purchases_created = ?4,
                rows_total = ?5 WHERE id = ?1",
            params![self.batch, self.created, self.merged, self.purchases, self.rows_total],
        )?;
        self.tx.import_batch(self.batch)
    }
}

impl Tx<'_> {
    /// Who owns each phone number (E.164) and email of the book, for matching
    /// a large file in memory rather than with two queries per row.
    pub fn import_contact_owners(&self) -> Result<ContactOwners> {
        let mut owners = ContactOwners::default();
        let mut stmt = self.conn().prepare("SELECT e164, customer_id FROM customer_phones")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, CustomerId>(1)?)))? {
            let (e164, id) = row?;
            let ids = owners.phones.entry(e164).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let mut stmt = self.conn().prepare("SELECT email, id FROM customers WHERE email IS NOT NULL")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, CustomerId>(1)?)))? {
            let (email, id) = row?;
            owners.emails.entry(email).or_default().push(id);
        }
        Ok(owners)
    }

    /// The highest customer id of the book (0 when it has none): customers an
    /// import creates come after it.
    pub fn max_customer_id(&self) -> Result<CustomerId> {
        Ok(self.conn().query_row("SELECT coalesce(max(id), 0) FROM customers", [], |r| r.get(0))?)
    }

    pub fn customer_name(&self, id: CustomerId) -> Result<String> {
        self.conn()
            .prepare_cached("SELECT name FROM customers WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound { what: "customer", id })
    }

    /// Sets the page cache of the connection (KiB): a large import keeps the
    /// pages it writes in memory until its commit rather than spilling them.
    pub fn set_cache_kib(&self, kib: i64) -> Result<()> {
        self.conn().execute_batch(&format!("PRAGMA cache_size = -{}", kib.max(2000)))?;
        Ok(())
    }

    pub fn cache_kib(&self) -> Result<i64> {
        let pages: i64 = self.conn().pragma_query_value(None, "cache_size", |r| r.get(0))?;
        let page_size: i64 = self.conn().pragma_query_value(None, "page_size", |r| r.get(0))?;
        Ok(if pages < 0 { -pages } else { pages * page_size / 1024 })
    }

    pub fn import_batch(&self, id: ImportBatchId) -> Result<ImportBatch> {
        self.conn()
            .query_row(&format!("SELECT {BATCH_COLUMNS} FROM import_batches WHERE id = ?1"), [id], batch_row)
            .optional()?
            .ok_or(StoreError::NotFound { what: "import", id })
    }

    /// Imports, newest first.
    pub fn import_batches(&self, limit: u32) -> Result<Vec<ImportBatch>> {
        let mut stmt =
            self.conn().prepare(&format!("SELECT {BATCH_COLUMNS} FROM import_batches ORDER BY id DESC LIMIT ?1"))?;
        let rows = stmt.query_map([limit], batch_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The newest import that has not been undone.
    pub fn last_import_batch(&self) -> Result<Option<ImportBatch>> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {BATCH_COLUMNS} FROM import_batches WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"),
                [],
                batch_row,
            )
            .optional()?)
    }

    /// Customers of the batch that were edited, or got purchases or notes
    /// other than the import's, after the import: undoing it would lose that work.
    pub fn import_changed_since(&self, batch: &ImportBatch) -> Result<Vec<(CustomerId, String)>> {
        let mut stmt = self.conn().prepare(
            "SELECT c.id, c.name FROM import_changes x JOIN customers c ON c.id = x.customer_id
             WHERE x.batch_id = ?1 AND (c.updated_at > ?2
                OR EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id AND p.created_at > ?2
                           AND p.import_batch_id IS NOT ?1)
                OR EXISTS (SELECT 1 FROM notes n WHERE n.customer_id = c.id AND n.created_at > ?2
                           AND n.import_batch_id IS NOT ?1)
                OR EXISTS (SELECT 1 FROM loyalty_ledger l WHERE l.customer_id = c.id AND l.created_at > ?2
                           AND l.import_batch_id IS NOT ?1))
             ORDER BY c.id LIMIT 20",
        )?;
        let rows = stmt
            .query_map(params![batch.id, batch.created_at], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Reverts a batch: the customers it created are deleted (with everything
    /// that hangs off them), the ones it merged into get their state from
    /// before back, its purchases and notes are deleted, and so are the
    /// points they earned (the batch's ledger entries): the balances are as before.
    pub fn import_undo(&self, batch: ImportBatchId, now: NaiveDateTime) -> Result<UndoneImport> {
        self.conn().execute("DELETE FROM loyalty_ledger WHERE import_batch_id = ?1", [batch])?;
        let purchases_deleted = self.conn().execute("DELETE FROM purchases WHERE import_batch_id = ?1", [batch])?;
        let notes_deleted = self.conn().execute("DELETE FROM notes WHERE import_batch_id = ?1", [batch])?;

        let created = "SELECT customer_id FROM import_changes WHERE batch_id = ?1 AND action = 'created'";
        self.conn().execute(&format!("DELETE FROM customer_fts WHERE rowid IN ({created})"), [batch])?;
        self.conn().execute(&format!("DELETE FROM phone_fts WHERE rowid IN ({created})"), [batch])?;
        // Phones, tags, purchases, notes, consent history and the change rows go too (ON DELETE CASCADE).
        let customers_deleted =
            self.conn().execute(&format!("DELETE FROM customers WHERE id IN ({created})"), [batch])?;

        let merged: Vec<(CustomerId, String)> = self
            .conn()
            .prepare(
                "SELECT customer_id, before_json FROM import_changes
                 WHERE batch_id = ?1 AND action = 'merged' AND before_json IS NOT NULL ORDER BY customer_id",
            )?
            .query_map([batch], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (id, json) in &merged {
            let before: Customer = serde_json::from_str(json)
                .map_err(|e| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e)))?;
            // Written back with its own `updated_at`: the customer is as it was.
            self.update_customer(*id, &ValidCustomer::from(&before), before.updated_at)?;
        }
        self.conn().execute("DELETE FROM import_changes WHERE batch_id = ?1", [batch])?;
        self.conn().execute("UPDATE import_batches SET undone_at = ?2 WHERE id = ?1", params![batch, now])?;
        Ok(UndoneImport {
            customers_deleted: customers_deleted as i64,
            customers_restored: merged.len() as i64,
            purchases_deleted: purchases_deleted as i64,
            notes_deleted: notes_deleted as i64,
        })
    }
}

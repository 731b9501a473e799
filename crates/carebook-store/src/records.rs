//! Purchases (visits) and timeline notes.

use carebook_core::{CustomerId, Note, NoteId, Purchase, PurchaseId, TimelineItem, ValidNote, ValidPurchase};
use chrono::NaiveDateTime;
use rusqlite::params;

use crate::{Result, StoreError, Tx};

impl Tx<'_> {
    pub fn insert_purchase(&self, p: &ValidPurchase, now: NaiveDateTime) -> Result<PurchaseId> {
        self.require_customer(p.customer_id)?;
        self.require_staff_opt(p.staff_id)?;
        self.exec(
            "INSERT INTO purchases (customer_id, date, amount_vnd, items, staff_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![p.customer_id, p.date, p.amount_vnd, p.items, p.staff_id, now],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    pub fn insert_note(&self, n: &ValidNote, now: NaiveDateTime) -> Result<NoteId> {
        self.require_customer(n.customer_id)?;
        self.require_staff_opt(n.staff_id)?;
        self.exec(
            "INSERT INTO notes (customer_id, body, staff_id, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![n.customer_id, n.body, n.staff_id, now],
        )?;
        let id = self.conn().last_insert_rowid();
        // Timeline notes are searchable.
        self.reindex_customer(n.customer_id)?;
        Ok(id)
    }

    pub fn purchase(&self, id: PurchaseId) -> Result<Purchase> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT p.id, p.customer_id, p.date, p.amount_vnd, p.items, p.staff_id, s.name, p.created_at
             FROM purchases p LEFT JOIN staff s ON s.id = p.staff_id WHERE p.id = ?1",
        )?;
        let mut rows = stmt.query_map([id], purchase_row)?;
        rows.next().transpose()?.ok_or(StoreError::NotFound { what: "purchase", id })
    }

    /// A customer's purchases and notes, newest first.
    pub fn timeline(&self, customer: CustomerId, limit: u32) -> Result<Vec<TimelineItem>> {
        self.require_customer(customer)?;
        let mut purchases = self.conn().prepare_cached(
            "SELECT p.id, p.customer_id, p.date, p.amount_vnd, p.items, p.staff_id, s.name, p.created_at
             FROM purchases p LEFT JOIN staff s ON s.id = p.staff_id
             WHERE p.customer_id = ?1 ORDER BY p.date DESC, p.id DESC LIMIT ?2",
        )?;
        let mut items: Vec<TimelineItem> = purchases
            .query_map(params![customer, limit], purchase_row)?
            .map(|p| p.map(TimelineItem::Purchase))
            .collect::<rusqlite::Result<_>>()?;
        let mut notes = self.conn().prepare_cached(
            "SELECT n.id, n.customer_id, n.body, n.staff_id, s.name, n.created_at
             FROM notes n LEFT JOIN staff s ON s.id = n.staff_id
             WHERE n.customer_id = ?1 ORDER BY n.created_at DESC, n.id DESC LIMIT ?2",
        )?;
        for note in notes.query_map(params![customer, limit], note_row)? {
            items.push(TimelineItem::Note(note?));
        }
        items.sort_by_key(TimelineItem::newest_first_key);
        items.truncate(limit as usize);
        Ok(items)
    }
}

/// A [`Note`] from `n.id, n.customer_id, n.body, n.staff_id, s.name, n.created_at`.
pub(crate) fn note_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        body: r.get(2)?,
        staff_id: r.get(3)?,
        staff_name: r.get(4)?,
        created_at: r.get(5)?,
    })
}

/// A [`Purchase`] from `p.id, p.customer_id, p.date, p.amount_vnd, p.items, p.staff_id, s.name, p.created_at`.
pub(crate) fn purchase_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Purchase> {
    Ok(Purchase {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        date: r.get(2)?,
        amount_vnd: r.get(3)?,
        items: r.get(4)?,
        staff_id: r.get(5)?,
        staff_name: r.get(6)?,
        created_at: r.get(7)?,
    })
}

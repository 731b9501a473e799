//! The loyalty ledger's storage (schema 10): entries, the programme's rules
//! as a setting, and deleting a purchase with the reversal of what it
//! earned. The arithmetic is `carebook-care`'s (`loyalty.rs`); the balance
//! cached in `customers.loyalty_points` is kept by triggers on the ledger.

use std::collections::HashMap;

use carebook_care::loyalty::{points_for_purchase, reversal_points};
use carebook_care::{EntryKind, LedgerEntry, LoyaltyRules};
use carebook_core::{CustomerId, PurchaseId};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};

use crate::import::ImportBatchId;
use crate::{Result, StoreError, Tx};

/// Settings key of the rules (JSON of [`LoyaltyRules`]).
const RULES: &str = "loyalty_rules";

/// An entry about to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    pub customer_id: CustomerId,
    pub at: NaiveDate,
    pub kind: EntryKind,
    pub points: i64,
    pub reason: Option<String>,
    pub purchase_id: Option<PurchaseId>,
    pub import_batch_id: Option<ImportBatchId>,
}

pub(crate) fn kind_str(k: EntryKind) -> &'static str {
    match k {
        EntryKind::Opening => "opening",
        EntryKind::Earn => "earn",
        EntryKind::Adjust => "adjust",
        EntryKind::Redeem => "redeem",
        EntryKind::Reverse => "reverse",
    }
}

fn parse_kind(s: &str) -> EntryKind {
    match s {
        "earn" => EntryKind::Earn,
        "adjust" => EntryKind::Adjust,
        "redeem" => EntryKind::Redeem,
        "reverse" => EntryKind::Reverse,
        _ => EntryKind::Opening,
    }
}

const ENTRY_SELECT: &str = "SELECT id, customer_id, at, kind, points, reason, purchase_id FROM loyalty_ledger";

fn entry_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<LedgerEntry> {
    Ok(LedgerEntry {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        at: r.get(2)?,
        kind: parse_kind(&r.get::<_, String>(3)?),
        points: r.get(4)?,
        reason: r.get(5)?,
        purchase_id: r.get(6)?,
    })
}

impl Tx<'_> {
    /// The programme's rules: the saved ones, else the defaults.
    pub fn loyalty_rules(&self) -> Result<LoyaltyRules> {
        Ok(self.setting(RULES)?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
    }

    pub fn save_loyalty_rules(&self, rules: &LoyaltyRules) -> Result<()> {
        let json = serde_json::to_string(rules).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        self.set_setting(RULES, &json)
    }

    /// Writes one entry (the triggers move the cached balance); its id.
    pub fn insert_ledger_entry(&self, e: &NewEntry, now: NaiveDateTime) -> Result<i64> {
        self.exec(
            "INSERT INTO loyalty_ledger (customer_id, at, kind, points, reason, purchase_id, import_batch_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                e.customer_id,
                e.at,
                kind_str(e.kind),
                e.points,
                e.reason.as_deref().map(str::trim),
                e.purchase_id,
                e.import_batch_id,
                now
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    /// A customer's entries, by day and id.
    pub fn ledger(&self, customer: CustomerId) -> Result<Vec<LedgerEntry>> {
        self.require_customer(customer)?;
        let mut stmt = self.conn().prepare_cached(&format!("{ENTRY_SELECT} WHERE customer_id = ?1 ORDER BY at, id"))?;
        let rows = stmt.query_map([customer], entry_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn ledger_entry(&self, id: i64) -> Result<LedgerEntry> {
        self.row(&format!("{ENTRY_SELECT} WHERE id = ?1"), [id], entry_row)
            .optional()?
            .ok_or(StoreError::NotFound { what: "loyalty entry", id })
    }

    /// Every entry by customer (`only`: these customers'), for the days
    /// tiers were reached.
    pub fn ledgers(&self, only: Option<&[CustomerId]>) -> Result<HashMap<CustomerId, Vec<LedgerEntry>>> {
        let filter = match only {
            Some(ids) => {
                format!("WHERE customer_id IN ({})", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","))
            }
            None => String::new(),
        };
        let mut out: HashMap<CustomerId, Vec<LedgerEntry>> = HashMap::new();
        let mut stmt = self.conn().prepare(&format!("{ENTRY_SELECT} {filter} ORDER BY customer_id, at, id"))?;
        for e in stmt.query_map([], entry_row)? {
            let e = e?;
            out.entry(e.customer_id).or_default().push(e);
        }
        Ok(out)
    }

    /// The points purchase `id` earns under `rules`, written as its `Earn`
    /// entry on the purchase's day (nothing when it earns none). Returns the points.
    pub fn earn_for_purchase(
        &self,
        id: PurchaseId,
        rules: &LoyaltyRules,
        import_batch_id: Option<ImportBatchId>,
        now: NaiveDateTime,
    ) -> Result<i64> {
        let (customer_id, at, amount): (CustomerId, NaiveDate, i64) = self
            .row("SELECT customer_id, date, amount_vnd FROM purchases WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?
            .ok_or(StoreError::NotFound { what: "purchase", id })?;
        let points = points_for_purchase(amount, rules);
        if points > 0 {
            let entry = NewEntry {
                customer_id,
                at,
                kind: EntryKind::Earn,
                points,
                reason: None,
                purchase_id: Some(id),
                import_batch_id,
            };
            self.insert_ledger_entry(&entry, now)?;
        }
        Ok(points)
    }

    /// Deletes a purchase and writes the reversal of what it earned, dated
    /// `today`. Returns the reversal's points (0 or negative).
    pub fn delete_purchase(&self, id: PurchaseId, today: NaiveDate, now: NaiveDateTime) -> Result<i64> {
        let p = self.purchase(id)?;
        let points = reversal_points(&self.ledger(p.customer_id)?, id);
        if points != 0 {
            let entry = NewEntry {
                customer_id: p.customer_id,
                at: today,
                kind: EntryKind::Reverse,
                points,
                reason: None,
                purchase_id: Some(id),
                import_batch_id: None,
            };
            self.insert_ledger_entry(&entry, now)?;
        }
        self.exec("DELETE FROM purchases WHERE id = ?1", [id])?;
        Ok(points)
    }
}

//! What the printed documents read besides the measure rows: the customers
//! first recorded in a range, customers' first phone numbers, and what cards
//! and call lists print of a customer (consent, address, last purchase).

use std::collections::HashMap;

use carebook_core::{Consent, CustomerId};
use chrono::NaiveDate;

use crate::{Result, Tx};

/// A customer first recorded in a range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustomerRow {
    pub id: CustomerId,
    /// The day the customer was recorded.
    pub created: NaiveDate,
    pub name: String,
    /// First phone number, display form.
    pub phone: Option<String>,
    pub source: Option<String>,
}

/// What a card or a call list prints of a customer beyond the task's line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrintFacts {
    pub consent: Consent,
    pub address: Option<String>,
    /// The day and amount (VND) of the latest purchase.
    pub last_purchase: Option<(NaiveDate, i64)>,
}

impl Tx<'_> {
    /// Consent, address and latest purchase of each of `ids` (unknown ids are left out).
    pub fn print_facts(&self, ids: &[CustomerId]) -> Result<HashMap<CustomerId, PrintFacts>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.consent, c.address, p.date, p.amount_vnd FROM customers c \
             LEFT JOIN (SELECT date, amount_vnd FROM purchases WHERE customer_id = ?1 \
                        ORDER BY date DESC, id DESC LIMIT 1) p ON 1 \
             WHERE c.id = ?1",
        )?;
        let mut out = HashMap::with_capacity(ids.len());
        for &id in ids {
            if out.contains_key(&id) {
                continue;
            }
            let mut rows = stmt.query([id])?;
            if let Some(r) = rows.next()? {
                let date: Option<NaiveDate> = r.get(2)?;
                let amount: Option<i64> = r.get(3)?;
                out.insert(
                    id,
                    PrintFacts {
                        consent: Consent::parse(&r.get::<_, String>(0)?).unwrap_or_default(),
                        address: r.get(1)?,
                        last_purchase: date.zip(amount),
                    },
                );
            }
        }
        Ok(out)
    }

    /// Customers recorded from `from` to `to` (inclusive days), oldest first;
    /// archived customers are left out.
    pub fn customers_created_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<NewCustomerRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id, substr(c.created_at, 1, 10), c.name, \
                    (SELECT display FROM customer_phones p WHERE p.customer_id = c.id ORDER BY position LIMIT 1), \
                    c.source \
             FROM customers c \
             WHERE c.created_at >= ?1 AND c.created_at < date(?2, '+1 day') AND c.archived_at IS NULL \
             ORDER BY c.created_at, c.id",
        )?;
        let rows = stmt
            .query_map([from.to_string(), to.to_string()], |r| {
                Ok(NewCustomerRow {
                    id: r.get(0)?,
                    created: r.get(1)?,
                    name: r.get(2)?,
                    phone: r.get(3)?,
                    source: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// The first phone number (display form) of each of `ids` that has one.
    pub fn first_phones(&self, ids: &[CustomerId]) -> Result<HashMap<CustomerId, String>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT display FROM customer_phones WHERE customer_id = ?1 ORDER BY position LIMIT 1")?;
        let mut out = HashMap::with_capacity(ids.len());
        for &id in ids {
            let mut rows = stmt.query([id])?;
            if let Some(row) = rows.next()? {
                out.insert(id, row.get(0)?);
            }
        }
        Ok(out)
    }
}

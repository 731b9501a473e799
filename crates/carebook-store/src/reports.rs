//! What the printed documents read besides the measure rows: the customers
//! first recorded in a range, and customers' first phone numbers.

use std::collections::HashMap;

use carebook_core::CustomerId;
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

impl Tx<'_> {
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

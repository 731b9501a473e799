//! The `customers` table and what hangs off it (phones, tags).

use carebook_core::phone::lookup_keys;
use carebook_core::{
    Birthday, CalendarKind, Channel, Consent, Customer, CustomerId, CustomerKind, CustomerRow, Gender, Phone,
    ValidCustomer,
};
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Row, params};

use crate::{Result, StoreError, Tx};

/// Separates tags in `group_concat`: a control character no tag contains.
pub(crate) const TAG_SEP: char = '\u{1f}';

/// Columns of a [`CustomerRow`], for `FROM customers c`.
pub(crate) const ROW_COLUMNS: &str = "c.id, c.name, c.email, c.kind, c.archived_at IS NOT NULL,
    (SELECT display FROM customer_phones p WHERE p.customer_id = c.id ORDER BY position LIMIT 1),
    (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM customer_tags t WHERE t.customer_id = c.id ORDER BY position)),
    (SELECT max(date) FROM purchases b WHERE b.customer_id = c.id),
    (SELECT count(*) FROM purchases b WHERE b.customer_id = c.id),
    (SELECT coalesce(sum(amount_vnd), 0) FROM purchases b WHERE b.customer_id = c.id)";

pub(crate) fn customer_row(r: &Row<'_>) -> rusqlite::Result<CustomerRow> {
    let tags: Option<String> = r.get(6)?;
    Ok(CustomerRow {
        id: r.get(0)?,
        name: r.get(1)?,
        email: r.get(2)?,
        kind: CustomerKind::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
        archived: r.get(4)?,
        phone: r.get(5)?,
        tags: split_tags(tags),
        last_purchase: r.get(7)?,
        purchase_count: r.get(8)?,
        total_spent_vnd: r.get(9)?,
    })
}

pub(crate) fn split_tags(joined: Option<String>) -> Vec<String> {
    joined.map(|s| s.split(TAG_SEP).map(str::to_owned).collect()).unwrap_or_default()
}

/// Which customers a list shows and which slice of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListQuery {
    pub archived: bool,
    pub offset: u32,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CustomerPage {
    pub total: i64,
    pub rows: Vec<CustomerRow>,
}

/// What a permanent delete takes with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CustomerFootprint {
    pub purchases: i64,
    pub notes: i64,
}

impl Tx<'_> {
    /// A new customer; the points typed with them are their opening balance.
    pub fn insert_customer(&self, c: &ValidCustomer, now: NaiveDateTime) -> Result<CustomerId> {
        self.exec(
            "INSERT INTO customers (name, created_at, updated_at, kind) VALUES (?1, ?2, ?2, 'external')",
            params![c.name, now],
        )?;
        let id = self.conn().last_insert_rowid();
        self.write_customer(id, c, now)?;
        self.insert_opening(id, c.loyalty_points, None, now)?;
        Ok(id)
    }

    /// The opening-balance entry of a new customer (none for 0 points).
    pub(crate) fn insert_opening(
        &self,
        id: CustomerId,
        points: i64,
        import_batch_id: Option<i64>,
        now: NaiveDateTime,
    ) -> Result<()> {
        if points != 0 {
            let entry = crate::NewEntry {
                customer_id: id,
                at: now.date(),
                kind: carebook_care::EntryKind::Opening,
                points,
                reason: None,
                purchase_id: None,
                import_batch_id,
            };
            self.insert_ledger_entry(&entry, now)?;
        }
        Ok(())
    }

    /// Writes a customer's fields. Their points are not among them: points
    /// change by ledger entries only ([`Tx::insert_ledger_entry`]).
    pub fn update_customer(&self, id: CustomerId, c: &ValidCustomer, now: NaiveDateTime) -> Result<()> {
        self.require_customer(id)?;
        self.write_customer(id, c, now)
    }

    fn write_customer(&self, id: CustomerId, c: &ValidCustomer, now: NaiveDateTime) -> Result<()> {
        let (cal, day, month, year, leap) = match c.birthday {
            Some(b) => (Some(b.calendar.as_str()), Some(b.day), Some(b.month), b.year, b.leap),
            None => (None, None, None, None, false),
        };
        self.exec(
            "UPDATE customers SET name = ?2, email = ?3, birthday_calendar = ?4, birthday_day = ?5,
                birthday_month = ?6, birthday_year = ?7, gender = ?8, address = ?9, kind = ?10, source = ?11,
                notes = ?12, consent = ?13, consent_date = ?14, preferred_channel = ?15,
                tier = ?16, updated_at = ?17, birthday_leap = ?18
             WHERE id = ?1",
            params![
                id,
                c.name,
                c.email,
                cal,
                day,
                month,
                year,
                c.gender.map(Gender::as_str),
                c.address,
                c.kind.as_str(),
                c.source,
                c.notes,
                c.consent.as_str(),
                c.consent_date,
                c.preferred_channel.map(Channel::as_str),
                c.tier,
                now,
                leap,
            ],
        )?;
        self.exec("DELETE FROM customer_phones WHERE customer_id = ?1", [id])?;
        self.exec("DELETE FROM customer_tags WHERE customer_id = ?1", [id])?;
        self.insert_phones_and_tags(id, c)?;
        self.reindex_customer(id)
    }

    /// The phone rows (with their lookup keys) and tag rows of a customer
    /// that has none.
    pub(crate) fn insert_phones_and_tags(&self, id: CustomerId, c: &ValidCustomer) -> Result<()> {
        let mut phone = self.conn().prepare_cached(
            "INSERT INTO customer_phones (customer_id, position, e164, display, national, reversed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (i, p) in c.phones.iter().enumerate() {
            let (national, reversed) = lookup_keys(&p.e164);
            phone.execute(params![id, i as i64, p.e164, p.display, national, reversed])?;
        }
        let mut tag =
            self.conn().prepare_cached("INSERT INTO customer_tags (customer_id, position, tag) VALUES (?1, ?2, ?3)")?;
        for (i, t) in c.tags.iter().enumerate() {
            tag.execute(params![id, i as i64, t])?;
        }
        Ok(())
    }

    pub(crate) fn require_customer(&self, id: CustomerId) -> Result<()> {
        let found: Option<i64> = self.row("SELECT id FROM customers WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        found.map(|_| ()).ok_or(StoreError::NotFound { what: "customer", id })
    }

    pub fn customer(&self, id: CustomerId) -> Result<Customer> {
        let mut c = self
            .conn()
            .query_row(
                "SELECT id, name, email, birthday_calendar, birthday_day, birthday_month, birthday_year, gender,
                    address, kind, source, notes, consent, consent_date, preferred_channel, loyalty_points, tier,
                    archived_at, created_at, updated_at,
                    (SELECT count(*) FROM purchases b WHERE b.customer_id = c.id),
                    (SELECT coalesce(sum(amount_vnd), 0) FROM purchases b WHERE b.customer_id = c.id),
                    (SELECT max(date) FROM purchases b WHERE b.customer_id = c.id),
                    birthday_leap
                 FROM customers c WHERE id = ?1",
                [id],
                |r| {
                    let calendar: Option<String> = r.get(3)?;
                    let birthday = match (calendar.as_deref().and_then(CalendarKind::parse), r.get(4)?, r.get(5)?) {
                        (Some(calendar), Some(day), Some(month)) => {
                            Some(Birthday { calendar, day, month, year: r.get(6)?, leap: r.get(23)? })
                        }
                        _ => None,
                    };
                    Ok(Customer {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        phones: Vec::new(),
                        email: r.get(2)?,
                        birthday,
                        gender: r.get::<_, Option<String>>(7)?.as_deref().and_then(Gender::parse),
                        address: r.get(8)?,
                        kind: CustomerKind::parse(&r.get::<_, String>(9)?).unwrap_or_default(),
                        source: r.get(10)?,
                        tags: Vec::new(),
                        notes: r.get(11)?,
                        consent: Consent::parse(&r.get::<_, String>(12)?).unwrap_or_default(),
                        consent_date: r.get(13)?,
                        preferred_channel: r.get::<_, Option<String>>(14)?.as_deref().and_then(Channel::parse),
                        loyalty_points: r.get(15)?,
                        tier: r.get(16)?,
                        archived_at: r.get(17)?,
                        created_at: r.get(18)?,
                        updated_at: r.get(19)?,
                        purchase_count: r.get(20)?,
                        total_spent_vnd: r.get(21)?,
                        last_purchase: r.get(22)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::NotFound { what: "customer", id })?;
        c.phones = self.customer_phones(id)?;
        c.tags = self.customer_tags(id)?;
        Ok(c)
    }

    pub(crate) fn customer_phones(&self, id: CustomerId) -> Result<Vec<Phone>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT e164, display FROM customer_phones WHERE customer_id = ?1 ORDER BY position")?;
        let phones = stmt
            .query_map([id], |r| Ok(Phone { e164: r.get(0)?, display: r.get(1)? }))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(phones)
    }

    pub(crate) fn customer_tags(&self, id: CustomerId) -> Result<Vec<String>> {
        let mut stmt =
            self.conn().prepare_cached("SELECT tag FROM customer_tags WHERE customer_id = ?1 ORDER BY position")?;
        let tags = stmt.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(tags)
    }

    /// A page of the customer list, in name order.
    pub fn list_customers(&self, q: ListQuery) -> Result<CustomerPage> {
        let (filter, order) = if q.archived {
            ("c.archived_at IS NOT NULL", "c.archived_at DESC, c.id DESC")
        } else {
            ("c.archived_at IS NULL", "c.name_fold, c.id")
        };
        let total: i64 = self.row(&format!("SELECT count(*) FROM customers c WHERE {filter}"), [], |r| r.get(0))?;
        let sql = format!("SELECT {ROW_COLUMNS} FROM customers c WHERE {filter} ORDER BY {order} LIMIT ?1 OFFSET ?2");
        let mut stmt = self.conn().prepare_cached(&sql)?;
        let rows = stmt.query_map([q.limit, q.offset], customer_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(CustomerPage { total, rows })
    }

    /// Rows for the given ids, in the order given; missing ids are skipped.
    pub fn customer_rows(&self, ids: &[CustomerId]) -> Result<Vec<CustomerRow>> {
        let mut stmt = self.conn().prepare_cached(&format!("SELECT {ROW_COLUMNS} FROM customers c WHERE c.id = ?1"))?;
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(row) = stmt.query_row([id], customer_row).optional()? {
                rows.push(row);
            }
        }
        Ok(rows)
    }

    pub fn set_archived(&self, id: CustomerId, archived_at: Option<NaiveDateTime>) -> Result<()> {
        let changed = self.exec("UPDATE customers SET archived_at = ?2 WHERE id = ?1", params![id, archived_at])?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "customer", id });
        }
        Ok(())
    }

    pub fn customer_footprint(&self, id: CustomerId) -> Result<CustomerFootprint> {
        self.require_customer(id)?;
        let count = |table: &str| -> Result<i64> {
            Ok(self
                .conn()
                .query_row(&format!("SELECT count(*) FROM {table} WHERE customer_id = ?1"), [id], |r| r.get(0))?)
        };
        Ok(CustomerFootprint { purchases: count("purchases")?, notes: count("notes")? })
    }

    /// Deletes the customer and everything that belongs to them.
    pub fn delete_customer(&self, id: CustomerId) -> Result<()> {
        self.require_customer(id)?;
        self.unindex_customer(id)?;
        // Phones, tags, purchases and notes go with it (ON DELETE CASCADE).
        self.exec("DELETE FROM customers WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Other customers (archived ones too) that have this phone number.
    pub fn customers_with_phone(&self, e164: &str, except: Option<CustomerId>) -> Result<Vec<(CustomerId, String)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT DISTINCT c.id, c.name FROM customer_phones p JOIN customers c ON c.id = p.customer_id
             WHERE p.e164 = ?1 AND c.id IS NOT ?2 ORDER BY c.id",
        )?;
        let found =
            stmt.query_map(params![e164, except], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(found)
    }

    /// Other customers (archived ones too) that have this email.
    pub fn customers_with_email(&self, email: &str, except: Option<CustomerId>) -> Result<Vec<(CustomerId, String)>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT id, name FROM customers WHERE email = ?1 AND id IS NOT ?2 ORDER BY id")?;
        let found =
            stmt.query_map(params![email, except], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(found)
    }

    pub fn count_customers(&self) -> Result<i64> {
        Ok(self.row("SELECT count(*) FROM customers", [], |r| r.get(0))?)
    }

    /// Deletes every customer, purchase, note and staff member: a fresh start.
    pub fn clear_book(&self) -> Result<()> {
        self.conn().execute_batch(
            "DELETE FROM notes; DELETE FROM purchases; DELETE FROM customer_tags; DELETE FROM customer_phones;
             DELETE FROM customers; DELETE FROM staff;
             INSERT INTO customer_fts (customer_fts) VALUES ('delete-all');
             INSERT INTO phone_fts (phone_fts) VALUES ('delete-all');",
        )?;
        Ok(())
    }
}

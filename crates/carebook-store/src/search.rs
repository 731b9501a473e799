//! Customer search: accent-, case- and normalisation-insensitive, ranked.
//!
//! The application folds text (see `carebook_core::fold`) before it reaches
//! SQLite, so the database never needs to know Vietnamese: `customers.name_fold`
//! holds the folded name (an index serves exact and prefix matches),
//! `customer_fts` the folded words of name, email, tags and notes, and
//! `phone_fts` (trigram) the digits of every number in the `84…` and `0…` form,
//! so any three or more consecutive digits find it.
//!
//! Results come in tiers, each tier asked only while the page is not full:
//! exact phone number, name equal to or starting with the query, phone
//! fragment, every query word starting a word of the name, every query word
//! starting a word anywhere (email, tags, notes).

use std::collections::HashSet;

use carebook_core::phone::{lookup_keys, search_forms};
use carebook_core::{CustomerId, CustomerRow, digits, fold, normalize_phone};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::customers::split_tags;
use crate::{Result, Tx};

/// One search result and why it matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub row: CustomerRow,
    /// `exact`, `name_prefix`, `phone`, `name_words` or `other`, best first.
    pub matched: &'static str,
}

/// What the search index holds for one customer: its folded name, the
/// folded words of email, notes, timeline notes and tags, and the digit forms
/// of its phone numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexRow {
    pub id: CustomerId,
    pub name_fold: String,
    pub other: String,
    pub digits: String,
}

impl IndexRow {
    pub fn new<'a>(
        id: CustomerId,
        name: &str,
        texts: impl IntoIterator<Item = &'a str>,
        phones_e164: impl IntoIterator<Item = &'a str>,
    ) -> IndexRow {
        let mut other = String::new();
        for part in texts {
            other.push_str(&fold(part));
            other.push(' ');
        }
        let digits: Vec<String> = phones_e164.into_iter().flat_map(search_forms).collect();
        IndexRow { id, name_fold: fold(name), other, digits: digits.join(" ") }
    }
}

impl Tx<'_> {
    /// Recomputes the folded name and the search index rows of one customer.
    pub(crate) fn reindex_customer(&self, id: CustomerId) -> Result<()> {
        if let Some(deferred) = &self.deferred {
            deferred.borrow_mut().insert(id);
            return Ok(());
        }
        let row = self.index_row(id)?;
        self.exec("UPDATE customers SET name_fold = ?2 WHERE id = ?1", params![id, row.name_fold])?;
        self.unindex_customer(id)?;
        self.write_index_rows(std::slice::from_ref(&row))
    }

    /// The index row of a stored customer, read from its tables.
    fn index_row(&self, id: CustomerId) -> Result<IndexRow> {
        let (name, email, notes): (String, Option<String>, Option<String>) =
            self.row("SELECT name, email, notes FROM customers WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        let tags: Option<String> =
            self.row("SELECT group_concat(tag, char(31)) FROM customer_tags WHERE customer_id = ?1", [id], |r| {
                r.get(0)
            })?;
        let note_bodies: Option<String> =
            self.row("SELECT group_concat(body, ' ') FROM notes WHERE customer_id = ?1", [id], |r| r.get(0))?;
        let tags = split_tags(tags);
        let phones = self.customer_phones(id)?;
        let texts = [email.as_deref(), notes.as_deref(), note_bodies.as_deref()].into_iter().flatten();
        Ok(IndexRow::new(
            id,
            &name,
            texts.chain(tags.iter().map(String::as_str)),
            phones.iter().map(|p| p.e164.as_str()),
        ))
    }

    /// Writes index rows of customers that have none, one table after the other.
    ///
    /// FTS5 keeps new terms in memory until the transaction ends, but flushes
    /// them to a new on-disk segment at every statement savepoint, and most
    /// writes open one (a trigger, a foreign key). Interleaving index rows with
    /// such writes costs a segment per customer (ten times slower, and a
    /// fragmented index), so bulk writers collect the rows and call this once.
    pub(crate) fn write_index_rows(&self, rows: &[IndexRow]) -> Result<()> {
        let mut words =
            self.conn().prepare_cached("INSERT INTO customer_fts (rowid, name, other) VALUES (?1, ?2, ?3)")?;
        for r in rows {
            words.execute(params![r.id, r.name_fold, r.other])?;
        }
        let mut phones = self.conn().prepare_cached("INSERT INTO phone_fts (rowid, digits) VALUES (?1, ?2)")?;
        for r in rows.iter().filter(|r| !r.digits.is_empty()) {
            phones.execute(params![r.id, r.digits])?;
        }
        Ok(())
    }

    /// Ends a bulk transaction: the index rows of every customer it touched.
    pub(crate) fn write_deferred_index(&self) -> Result<()> {
        let Some(deferred) = &self.deferred else { return Ok(()) };
        let ids = std::mem::take(&mut *deferred.borrow_mut());
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            // A customer deleted later in the same transaction has nothing to index.
            if self.row("SELECT 1 FROM customers WHERE id = ?1", [id], |_| Ok(())).optional()?.is_none() {
                continue;
            }
            let row = self.index_row(id)?;
            self.exec("UPDATE customers SET name_fold = ?2 WHERE id = ?1", params![id, row.name_fold])?;
            rows.push(row);
        }
        for r in &rows {
            self.unindex_customer(r.id)?;
        }
        self.write_index_rows(&rows)
    }

    pub(crate) fn unindex_customer(&self, id: CustomerId) -> Result<()> {
        self.conn().prepare_cached("DELETE FROM customer_fts WHERE rowid = ?1")?.execute([id])?;
        self.conn().prepare_cached("DELETE FROM phone_fts WHERE rowid = ?1")?.execute([id])?;
        Ok(())
    }

    /// Rebuilds the whole search index (used by the migration that added it).
    pub(crate) fn reindex_all_customers(&self) -> Result<()> {
        let phones: Vec<(i64, String)> = self
            .conn()
            .prepare("SELECT id, e164 FROM customer_phones")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut update =
            self.conn().prepare("UPDATE customer_phones SET national = ?2, reversed = ?3 WHERE id = ?1")?;
        for (id, e164) in phones {
            let (national, reversed) = lookup_keys(&e164);
            update.execute(params![id, national, reversed])?;
        }
        let ids: Vec<CustomerId> = self
            .conn()
            .prepare("SELECT id FROM customers ORDER BY id")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let rows = ids.into_iter().map(|id| self.index_row(id)).collect::<Result<Vec<_>>>()?;
        for r in &rows {
            self.exec("UPDATE customers SET name_fold = ?2 WHERE id = ?1", params![r.id, r.name_fold])?;
        }
        self.conn().execute_batch(
            "INSERT INTO customer_fts (customer_fts) VALUES ('delete-all');
             INSERT INTO phone_fts (phone_fts) VALUES ('delete-all');",
        )?;
        self.write_index_rows(&rows)
    }

    /// Searches active (not archived) customers; at most `limit` hits, best first.
    pub fn search_customers(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>> {
        let folded = fold(query);
        if folded.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let mut found = Found { ids: Vec::new(), seen: HashSet::new(), limit: limit as usize, batch: 0 };
        let query_digits = digits(query);
        let phone_like = query_digits.len() >= 3
            && query.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || "+-.()".contains(c));

        if phone_like && let Ok(phone) = normalize_phone(query) {
            let mut stmt = self.conn().prepare_cached(
                "SELECT c.id FROM customer_phones p JOIN customers c ON c.id = p.customer_id
                 WHERE p.e164 = ?1 AND c.archived_at IS NULL ORDER BY c.name_fold, c.id LIMIT ?2",
            )?;
            found.extend("exact", stmt.query_map(params![phone.e164, limit], |r| r.get(0))?)?;
        }
        if !found.full() {
            let mut upper = folded.clone();
            upper.push(char::MAX);
            let mut stmt = self.conn().prepare_cached(
                "SELECT id, name_fold = ?1 FROM customers
                 WHERE archived_at IS NULL AND name_fold >= ?1 AND name_fold < ?2
                 ORDER BY name_fold, id LIMIT ?3",
            )?;
            let rows =
                stmt.query_map(params![folded, upper, limit], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))?;
            for row in rows {
                let (id, exact) = row?;
                found.push(if exact { "exact" } else { "name_prefix" }, id);
            }
            found.batch += 1;
        }
        if phone_like {
            // Numbers starting with the digits (0 or 84 form), then numbers ending
            // with them: index ranges. Only then digits in the middle: trigrams.
            let reversed: String = query_digits.chars().rev().collect();
            let lookups: [(&str, String); 3] = [
                (
                    "SELECT DISTINCT c.id FROM customer_phones p JOIN customers c ON c.id = p.customer_id
                     WHERE ((p.national >= ?1 AND p.national < ?1 || ':')
                            OR (p.e164 >= '+' || ?1 AND p.e164 < '+' || ?1 || ':'))
                       AND c.archived_at IS NULL LIMIT ?2",
                    query_digits.clone(),
                ),
                (
                    "SELECT DISTINCT c.id FROM customer_phones p JOIN customers c ON c.id = p.customer_id
                     WHERE p.reversed >= ?1 AND p.reversed < ?1 || ':' AND c.archived_at IS NULL LIMIT ?2",
                    reversed,
                ),
                (
                    "SELECT c.id FROM phone_fts JOIN customers c ON c.id = phone_fts.rowid
                     WHERE phone_fts MATCH ?1 AND c.archived_at IS NULL LIMIT ?2",
                    format!("\"{query_digits}\""),
                ),
            ];
            for (sql, key) in lookups {
                if found.full() {
                    break;
                }
                let want = (limit as usize + found.ids.len()) as u32;
                let mut stmt = self.conn().prepare_cached(sql)?;
                found.extend("phone", stmt.query_map(params![key, want], |r| r.get(0))?)?;
            }
        }
        let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        if !words.is_empty() {
            let expr = |column: &str, star: &str| {
                words.iter().map(|w| format!("{column}\"{w}\"{star}")).collect::<Vec<_>>().join(" AND ")
            };
            let tiers =
                [("name_words", expr("name : ", "")), ("name_words", expr("name : ", "*")), ("other", expr("", "*"))];
            for (tier, expr) in tiers {
                if found.full() {
                    break;
                }
                let mut stmt = self.conn().prepare_cached(
                    "SELECT c.id FROM customer_fts JOIN customers c ON c.id = customer_fts.rowid
                     WHERE customer_fts MATCH ?1 AND c.archived_at IS NULL LIMIT ?2",
                )?;
                // Over-fetch: some of these are already found in earlier tiers.
                let want = (limit as usize + found.ids.len()) as u32;
                found.extend(tier, stmt.query_map(params![expr, want], |r| r.get(0))?)?;
            }
        }

        let ids: Vec<CustomerId> = found.ids.iter().map(|(id, _, _)| *id).collect();
        let rows = self.customer_rows(&ids)?;
        let mut hits: Vec<(u32, SearchHit)> = rows
            .into_iter()
            .zip(found.ids)
            .map(|(row, (_, matched, batch))| (batch, SearchHit { row, matched }))
            .collect();
        // Tier by tier; by name within a tier (the index returns full-text matches in id order).
        hits.sort_by_cached_key(|(batch, h)| (*batch, fold(&h.row.name), h.row.id));
        Ok(hits.into_iter().map(|(_, h)| h).collect())
    }

    /// The storage limit, for comparison in benchmarks only: one ranked FTS5
    /// query (`ORDER BY rank`, bm25) of every folded word as a prefix of the
    /// name, ids only: no tiers, no phones, no rows read.
    #[doc(hidden)]
    pub fn search_customers_fts_raw(&self, query: &str, limit: u32) -> Result<Vec<CustomerId>> {
        let folded = fold(query);
        let words: Vec<String> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| format!("\"{w}\"*"))
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let expr = format!("name : ({})", words.join(" AND "));
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?1 ORDER BY rank LIMIT ?2")?;
        let ids = stmt.query_map(params![expr, limit], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The naive way, for comparison in benchmarks only: `LIKE '%q%'` over the
    /// same columns, no index, no folding.
    #[doc(hidden)]
    pub fn search_customers_like_scan(&self, query: &str, limit: u32) -> Result<Vec<CustomerRow>> {
        let pattern = format!("%{}%", query.trim());
        let mut stmt = self.conn().prepare_cached(
            "SELECT c.id FROM customers c WHERE c.archived_at IS NULL AND (
                c.name LIKE ?1 OR c.email LIKE ?1 OR c.notes LIKE ?1
                OR EXISTS (SELECT 1 FROM customer_phones p WHERE p.customer_id = c.id AND (p.e164 LIKE ?1 OR p.display LIKE ?1))
                OR EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = c.id AND t.tag LIKE ?1)
                OR EXISTS (SELECT 1 FROM notes n WHERE n.customer_id = c.id AND n.body LIKE ?1))
             LIMIT ?2",
        )?;
        let ids: Vec<CustomerId> =
            stmt.query_map(params![pattern, limit], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        self.customer_rows(&ids)
    }
}

/// Hits gathered so far, in tier order, without repeats.
struct Found {
    /// Customer, why it matched, and the number of the query that found it.
    ids: Vec<(CustomerId, &'static str, u32)>,
    seen: HashSet<CustomerId>,
    limit: usize,
    batch: u32,
}

impl Found {
    fn full(&self) -> bool {
        self.ids.len() >= self.limit
    }

    fn push(&mut self, tier: &'static str, id: CustomerId) {
        if !self.full() && self.seen.insert(id) {
            self.ids.push((id, tier, self.batch));
        }
    }

    /// Takes the results of one query, then starts the next batch.
    fn extend(&mut self, tier: &'static str, ids: impl Iterator<Item = rusqlite::Result<CustomerId>>) -> Result<()> {
        for id in ids {
            self.push(tier, id?);
        }
        self.batch += 1;
        Ok(())
    }
}

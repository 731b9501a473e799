//! The rows `carebook-measures` computes from: every service request,
//! feedback answer, purchase and care task of the book, read in one pass per
//! table (one read transaction, so the four lists are one moment of the
//! book). Text is decoded in place: timestamps and dates are parsed from the
//! stored bytes without a string per value.

use carebook_core::{CareTaskKind, CareTaskOrigin, CareTaskStatus, Channel, RequestKind, RequestStatus};
use carebook_measures::{CustomerName, FeedbackRow, PurchaseRow, Records, RequestRow, TaskRow};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use rusqlite::types::ValueRef;

use crate::{Result, Tx};

/// Everything the measures read, owned.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeasureRows {
    pub requests: Vec<RequestRow>,
    pub feedback: Vec<FeedbackRow>,
    /// Customer, date and amount (from the covering index
    /// `purchases_customer_date`); `staff_id` is not read (no measure uses it)
    /// and is always `None`.
    pub purchases: Vec<PurchaseRow>,
    pub tasks: Vec<TaskRow>,
}

impl MeasureRows {
    /// The rows as the measure functions take them.
    pub fn records(&self) -> Records<'_> {
        Records { requests: &self.requests, feedback: &self.feedback, purchases: &self.purchases, tasks: &self.tasks }
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    let mut n = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u32::from(c - b'0');
    }
    Some(n)
}

/// `YYYY-MM-DD`.
pub(crate) fn parse_date(s: &[u8]) -> Option<NaiveDate> {
    if s.len() < 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(digits(&s[0..4])? as i32, digits(&s[5..7])?, digits(&s[8..10])?)
}

/// `YYYY-MM-DD HH:MM:SS` (or with a `T`, fractions ignored), as the book stores times.
pub(crate) fn parse_time(s: &[u8]) -> Option<NaiveDateTime> {
    let date = parse_date(s)?;
    if s.len() == 10 {
        return Some(date.and_time(NaiveTime::MIN));
    }
    if s.len() < 16 || !(s[10] == b' ' || s[10] == b'T') || s[13] != b':' {
        return None;
    }
    let sec = if s.len() >= 19 && s[16] == b':' { digits(&s[17..19])? } else { 0 };
    Some(date.and_time(NaiveTime::from_hms_opt(digits(&s[11..13])?, digits(&s[14..16])?, sec)?))
}

fn text<'a>(v: ValueRef<'a>) -> Option<&'a [u8]> {
    match v {
        ValueRef::Text(t) => Some(t),
        _ => None,
    }
}

fn time_at(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDateTime>> {
    Ok(text(row.get_ref(i)?).and_then(parse_time))
}

fn str_at<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    Ok(std::str::from_utf8(text(row.get_ref(i)?).unwrap_or_default()).unwrap_or_default())
}

impl Tx<'_> {
    /// Every row the measures read. Rows whose stored time does not parse
    /// (never written by CareBook) are left out.
    pub fn measure_rows(&self) -> Result<MeasureRows> {
        Ok(MeasureRows {
            requests: self.measure_requests()?,
            feedback: self.measure_feedback()?,
            purchases: self.measure_purchases()?,
            tasks: self.measure_tasks()?,
        })
    }

    fn count_hint(&self, table: &str) -> usize {
        // The largest id is a cheap upper bound of the row count.
        self.tx
            .query_row(&format!("SELECT coalesce(max(rowid), 0) FROM {table}"), [], |r| r.get::<_, i64>(0))
            .map_or(0, |n| n.clamp(0, 10_000_000) as usize)
    }

    fn measure_requests(&self) -> Result<Vec<RequestRow>> {
        let mut out = Vec::with_capacity(self.count_hint("service_requests"));
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, customer_id, channel, kind, received_at, first_response_at, resolved_at, wait_minutes,
                handled_by, transferred_to, status, first_contact, reopened FROM service_requests",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(received_at) = time_at(r, 4)? else { continue };
            out.push(RequestRow {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                channel: Channel::parse(str_at(r, 2)?).unwrap_or(Channel::Other),
                kind: RequestKind::parse(str_at(r, 3)?).unwrap_or_default(),
                received_at,
                first_response_at: time_at(r, 5)?,
                resolved_at: time_at(r, 6)?,
                wait_minutes: r.get(7)?,
                handled_by: r.get(8)?,
                transferred_to: r.get(9)?,
                status: RequestStatus::parse(str_at(r, 10)?).unwrap_or_default(),
                first_contact: r.get(11)?,
                reopened: r.get(12)?,
            });
        }
        Ok(out)
    }

    fn measure_feedback(&self) -> Result<Vec<FeedbackRow>> {
        let mut out = Vec::with_capacity(self.count_hint("feedback"));
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, customer_id, csat, nps, given_at, request_id, care_task_id, comment, channel FROM feedback",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(given_at) = time_at(r, 4)? else { continue };
            out.push(FeedbackRow {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                csat: r.get(2)?,
                nps: r.get(3)?,
                given_at,
                request_id: r.get(5)?,
                care_task_id: r.get(6)?,
                comment: r.get(7)?,
                channel: r.get::<_, Option<String>>(8)?.as_deref().and_then(Channel::parse),
            });
        }
        Ok(out)
    }

    fn measure_purchases(&self) -> Result<Vec<PurchaseRow>> {
        let mut out = Vec::with_capacity(self.count_hint("purchases"));
        // Only columns of the covering index: the table itself is not read.
        let mut stmt = self
            .tx
            .prepare_cached("SELECT customer_id, date, amount_vnd FROM purchases INDEXED BY purchases_customer_date")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(date) = text(r.get_ref(1)?).and_then(parse_date) else { continue };
            out.push(PurchaseRow { customer_id: r.get(0)?, date, amount: r.get(2)?, staff_id: None });
        }
        Ok(out)
    }

    fn measure_tasks(&self) -> Result<Vec<TaskRow>> {
        let mut out = Vec::with_capacity(self.count_hint("care_tasks"));
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, customer_id, kind, due_date, status, completed_at, assignee_id, origin FROM care_tasks",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(due_date) = text(r.get_ref(3)?).and_then(parse_date) else { continue };
            out.push(TaskRow {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                kind: CareTaskKind::parse(str_at(r, 2)?).unwrap_or_default(),
                due_date,
                status: CareTaskStatus::parse(str_at(r, 4)?).unwrap_or_default(),
                completed_at: time_at(r, 5)?,
                assignee_id: r.get(6)?,
                origin: CareTaskOrigin::parse(str_at(r, 7)?).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// The customers the at-risk list considers: every customer not archived.
    pub fn measure_customers(&self) -> Result<Vec<CustomerName>> {
        let mut stmt = self.tx.prepare_cached("SELECT id, name FROM customers WHERE archived_at IS NULL")?;
        let rows = stmt.query_map([], |r| Ok(CustomerName { id: r.get(0)?, name: r.get(1)? }))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_parse_without_chrono_formats() {
        let d = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        assert_eq!(parse_date(b"2026-09-30"), Some(d));
        assert_eq!(parse_time(b"2026-09-30 23:59:59"), d.and_hms_opt(23, 59, 59));
        assert_eq!(parse_time(b"2026-09-30T08:05"), d.and_hms_opt(8, 5, 0));
        assert_eq!(parse_time(b"2026-09-30 08:05:07.250"), d.and_hms_opt(8, 5, 7));
        assert_eq!(parse_time(b"2026-09-30"), d.and_hms_opt(0, 0, 0));
        for bad in [&b"2026-13-01"[..], b"2026/09/30", b"20260930", b"2026-09-30 25:00:00", b"", b"x"] {
            assert_eq!(parse_time(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}

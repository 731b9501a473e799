//! The measures of one range by straightforward SQL over the raw tables, one
//! query per figure: the reference the engine (`carebook-measures` over
//! `Tx::measure_rows`) is checked against in the tests and compared with in
//! the dashboard benchmark. Only the counting and the choice of rows are
//! SQL; ratios use the engine's `percent`/`mean` so equal counts give equal
//! figures. Not used by the application.

use carebook_measures::stats::{mean, percent};
use carebook_measures::{DateRange, LevelInputs, MeasureSet, Settings, assess};
use chrono::NaiveDate;
use rusqlite::params;

use crate::{Result, Tx};

/// `[from, to + 1 day)` as text bounds of stored timestamps.
fn bounds(r: DateRange) -> (String, String) {
    let end = r.to.succ_opt().unwrap_or(r.to);
    (r.from.to_string(), end.to_string())
}

impl Tx<'_> {
    fn count(&self, sql: &str, p: impl rusqlite::Params) -> Result<u64> {
        Ok(self.tx.query_row(sql, p, |r| r.get::<_, i64>(0))? as u64)
    }

    /// The nearest-rank p-th percentile of the values `select` returns
    /// (rank ⌈p·n/100⌉, at least 1), by `ORDER BY … LIMIT 1 OFFSET`.
    fn percentile(&self, select: &str, p: i64, from: &str, to: &str) -> Result<Option<i64>> {
        let n = self.count(&format!("SELECT count(*) FROM ({select})"), params![from, to])? as i64;
        if n == 0 {
            return Ok(None);
        }
        let rank = ((p * n + 99) / 100).max(1);
        Ok(Some(self.tx.query_row(
            &format!("SELECT v FROM ({select}) ORDER BY v LIMIT 1 OFFSET ?3"),
            params![from, to, rank - 1],
            |r| r.get(0),
        )?))
    }

    /// The measures of `range` by plain SQL (see the module's docs).
    /// `previous` and `window` are the retention and loyalty ranges
    /// (`DateRange::previous`, `carebook_measures::loyal_window`).
    #[doc(hidden)]
    pub fn measures_by_sql(
        &self,
        range: DateRange,
        previous: DateRange,
        window: DateRange,
        today: NaiveDate,
        settings: &Settings,
    ) -> Result<MeasureSet> {
        let (f, t) = bounds(range);
        let (f, t) = (f.as_str(), t.as_str());
        let req = "FROM service_requests WHERE received_at >= ?1 AND received_at < ?2";
        let received = self.count(&format!("SELECT count(*) {req}"), params![f, t])?;
        let resolved = self.count(&format!("SELECT count(*) {req} AND status = 'resolved'"), params![f, t])?;
        let first_contact = self.count(
            &format!(
                "SELECT count(*) {req} AND status = 'resolved' AND first_contact = 1 AND transferred_to IS NULL
                 AND reopened = 0"
            ),
            params![f, t],
        )?;
        let response = format!(
            "SELECT unixepoch(first_response_at) - unixepoch(received_at) AS v {req} AND first_response_at IS NOT NULL"
        );
        let resolution = format!(
            "SELECT unixepoch(resolved_at) - unixepoch(received_at) AS v {req} AND status = 'resolved'
             AND resolved_at IS NOT NULL"
        );
        let waits = format!("{req} AND channel IN ('in_store', 'phone')");
        let wait = format!("SELECT wait_minutes AS v {waits} AND wait_minutes IS NOT NULL");
        let count_of = |select: &str| self.count(&format!("SELECT count(*) FROM ({select})"), params![f, t]);
        let minutes = |s: Option<i64>| s.map(|s| s as f64 / 60.0);
        let wait_count = count_of(&wait)?;
        let wait_sum: i64 =
            self.tx.query_row(&format!("SELECT coalesce(sum(v), 0) FROM ({wait})"), params![f, t], |r| r.get(0))?;

        let fb = "FROM feedback WHERE given_at >= ?1 AND given_at < ?2";
        let csat = self.count(&format!("SELECT count(*) {fb} AND csat IS NOT NULL"), params![f, t])?;
        let satisfied = self.count(&format!("SELECT count(*) {fb} AND csat >= 4"), params![f, t])?;
        let csat_sum: i64 = self.tx.query_row(
            &format!("SELECT coalesce(sum(csat), 0) {fb} AND csat IS NOT NULL"),
            params![f, t],
            |r| r.get(0),
        )?;
        let nps = self.count(&format!("SELECT count(*) {fb} AND nps IS NOT NULL"), params![f, t])?;
        let promoters = self.count(&format!("SELECT count(*) {fb} AND nps >= 9"), params![f, t])?;
        let passives = self.count(&format!("SELECT count(*) {fb} AND nps IN (7, 8)"), params![f, t])?;
        let detractors = self.count(&format!("SELECT count(*) {fb} AND nps <= 6"), params![f, t])?;
        let nps_value = (nps > 0).then(|| (promoters as i64 - detractors as i64) as f64 * 100.0 / nps as f64);

        let (wf, wt) = bounds(window);
        let window_customers = self.count(
            "SELECT count(DISTINCT customer_id) FROM purchases WHERE date >= ?1 AND date < ?2",
            params![wf, wt],
        )?;
        let loyal = self.count(
            "SELECT count(*) FROM (SELECT customer_id FROM purchases WHERE date >= ?1 AND date < ?2
                GROUP BY customer_id HAVING count(DISTINCT substr(date, 1, 7)) >= ?3)",
            params![wf, wt, settings.loyal_months],
        )?;
        let (pf, pt) = bounds(previous);
        let previous_customers = self.count(
            "SELECT count(DISTINCT customer_id) FROM purchases WHERE date >= ?1 AND date < ?2",
            params![pf, pt],
        )?;
        let retained = self.count(
            "SELECT count(*) FROM (SELECT customer_id FROM purchases WHERE date >= ?1 AND date < ?2
                INTERSECT SELECT customer_id FROM purchases WHERE date >= ?3 AND date < ?4)",
            params![pf, pt, f, t],
        )?;

        let tasks = "FROM care_tasks WHERE due_date >= ?1 AND due_date < ?2";
        let today = today.to_string();
        let on_time = self.count(
            &format!("SELECT count(*) {tasks} AND status = 'done' AND completed_at < date(due_date, '+1 day')"),
            params![f, t],
        )?;
        let done = self.count(&format!("SELECT count(*) {tasks} AND status = 'done'"), params![f, t])?;
        let skipped = self.count(&format!("SELECT count(*) {tasks} AND status = 'skipped'"), params![f, t])?;
        let overdue = self.count(
            &format!("SELECT count(*) {tasks} AND status = 'planned' AND due_date < ?3"),
            params![f, t, today],
        )?;
        let upcoming = self.count(
            &format!("SELECT count(*) {tasks} AND status = 'planned' AND due_date >= ?3"),
            params![f, t, today],
        )?;
        let due = done + skipped + overdue;

        let csat_share = percent(satisfied, csat);
        let care_on_time_rate = percent(on_time, due);
        Ok(MeasureSet {
            range,
            requests_received: received,
            requests_resolved: resolved,
            resolution_rate: percent(resolved, received),
            requests_resolved_first_contact: first_contact,
            fcr: percent(first_contact, resolved),
            response_time_count: count_of(&response)?,
            response_time_median_min: minutes(self.percentile(&response, 50, f, t)?),
            response_time_p90_min: minutes(self.percentile(&response, 90, f, t)?),
            resolution_time_count: count_of(&resolution)?,
            resolution_time_median_min: minutes(self.percentile(&resolution, 50, f, t)?),
            resolution_time_p90_min: minutes(self.percentile(&resolution, 90, f, t)?),
            wait_time_requests: self.count(&format!("SELECT count(*) {waits}"), params![f, t])?,
            wait_time_count: wait_count,
            wait_time_mean_min: mean(wait_sum, wait_count),
            wait_time_p90_min: self.percentile(&wait, 90, f, t)?.map(|w| w as f64),
            feedback_answers: self.count(&format!("SELECT count(*) {fb}"), params![f, t])?,
            csat_answers: csat,
            csat_satisfied: satisfied,
            csat_share,
            csat_mean: mean(csat_sum, csat),
            nps_answers: nps,
            nps_promoters: promoters,
            nps_passives: passives,
            nps_detractors: detractors,
            nps: nps_value,
            loyal_window: window,
            loyal_customers: loyal,
            loyal_window_customers: window_customers,
            loyal_rate: percent(loyal, window_customers),
            retention_previous: previous,
            retention_previous_customers: previous_customers,
            retention_retained_customers: retained,
            retention: percent(retained, previous_customers),
            care_tasks_due: due,
            care_tasks_on_time: on_time,
            care_tasks_late: done - on_time,
            care_tasks_skipped: skipped,
            care_tasks_upcoming: upcoming,
            care_on_time_rate,
            overdue_tasks: overdue,
            service_level: assess(
                LevelInputs { csat_answers: csat, csat_share, nps_answers: nps, nps: nps_value, care_on_time_rate },
                &settings.service_level,
            ),
        })
    }

    /// The customers at risk on `today` by plain SQL (window functions for the
    /// latest answer and the usual visit interval), ascending ids.
    #[doc(hidden)]
    pub fn at_risk_by_sql(&self, today: NaiveDate, settings: &Settings) -> Result<Vec<i64>> {
        let end = today.succ_opt().unwrap_or(today).to_string();
        let low_from = (today - chrono::Days::new(u64::from(settings.low_csat_days.saturating_sub(1)))).to_string();
        let sql = "WITH
            detractors AS (SELECT customer_id FROM (SELECT customer_id, nps, row_number() OVER
                    (PARTITION BY customer_id ORDER BY given_at DESC, id DESC) AS k
                FROM feedback WHERE nps IS NOT NULL AND given_at < ?1) WHERE k = 1 AND nps <= 6),
            complaints AS (SELECT customer_id FROM service_requests
                WHERE kind = 'complaint' AND status <> 'resolved' AND received_at < ?1),
            low AS (SELECT customer_id FROM feedback WHERE csat <= ?2 AND given_at >= ?3 AND given_at < ?1),
            d AS (SELECT DISTINCT customer_id, date FROM purchases WHERE date < ?1),
            g AS (SELECT customer_id, CAST(round(julianday(date) - julianday(lag(date) OVER
                    (PARTITION BY customer_id ORDER BY date))) AS INTEGER) AS gap FROM d),
            r AS (SELECT customer_id, gap, row_number() OVER (PARTITION BY customer_id ORDER BY gap) AS k,
                    count(*) OVER (PARTITION BY customer_id) AS n FROM g WHERE gap > 0),
            usual AS (SELECT customer_id, gap FROM r WHERE k = max(1, (50 * n + 99) / 100)),
            last AS (SELECT customer_id, max(date) AS last FROM d GROUP BY customer_id),
            lapsed AS (SELECT usual.customer_id FROM usual JOIN last USING (customer_id)
                WHERE CAST(round(julianday(?4) - julianday(last)) AS INTEGER) > max(usual.gap * ?5, ?6))
            SELECT id FROM customers WHERE archived_at IS NULL AND id IN
                (SELECT customer_id FROM detractors UNION SELECT customer_id FROM complaints
                 UNION SELECT customer_id FROM low UNION SELECT customer_id FROM lapsed)
            ORDER BY id";
        let mut stmt = self.tx.prepare(sql)?;
        let rows = stmt.query_map(
            params![
                end,
                settings.low_csat_max,
                low_from,
                today.to_string(),
                settings.inactivity.factor,
                settings.inactivity.min_days
            ],
            |r| r.get(0),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

//! The measures of a range (`MeasureSet`) and the engine that computes many
//! ranges in one pass over each kind of row.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use carebook_core::CareTaskId;

use crate::error::{MeasureError, Result};
use crate::facts::{NpsGroup, RequestFacts, TaskOutcome, csat_satisfied, feedback_facts};
use crate::index::CustomerBits;
use crate::level::{LevelInputs, ServiceAssessment, assess};
use crate::range::{DateRange, YearMonth};
use crate::rows::{PurchaseRow, Records, TaskRow};
use crate::settings::Settings;
use crate::stats::{mean, median_p90, minutes, percent};

/// Every measure of one range, with the counts behind each ratio.
///
/// Ratios and shares are percent (0–100), NPS is points (−100–100), times
/// are minutes; a ratio whose denominator is empty, and a median of no
/// values, is `None` (JSON `null`, shown "—"). Field names are snake_case in
/// JSON too (`resolution_rate`, `fcr`, `response_time_median_min`,
/// `csat_share`, `nps`…): the dashboard, `carebook measures --json` and the
/// printed report read the same names.
///
/// Which rows count: requests **received** in the range (their resolution
/// may come later), feedback **given** in the range, purchases by date, care
/// tasks **due** in the range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub struct MeasureSet {
    /// The range measured.
    pub range: DateRange,

    /// Requests received in the range.
    pub requests_received: u64,
    /// Of those, resolved now.
    pub requests_resolved: u64,
    /// `requests_resolved ÷ requests_received`.
    pub resolution_rate: Option<f64>,
    /// Resolved requests marked first-contact, not transferred, not reopened.
    pub requests_resolved_first_contact: u64,
    /// First-contact resolution: `requests_resolved_first_contact ÷ requests_resolved`.
    pub fcr: Option<f64>,

    /// Requests with a first response (the others are left out).
    pub response_time_count: u64,
    /// Median of first response − received (nearest rank).
    pub response_time_median_min: Option<f64>,
    /// 90th percentile of first response − received (nearest rank).
    pub response_time_p90_min: Option<f64>,
    /// Resolved requests with a resolution time.
    pub resolution_time_count: u64,
    /// Median of resolved − received.
    pub resolution_time_median_min: Option<f64>,
    /// 90th percentile of resolved − received.
    pub resolution_time_p90_min: Option<f64>,

    /// In-store and phone requests received (the only ones whose wait counts).
    pub wait_time_requests: u64,
    /// Of those, with wait minutes recorded.
    pub wait_time_count: u64,
    /// Mean wait, minutes.
    pub wait_time_mean_min: Option<f64>,
    /// 90th percentile of the wait, minutes.
    pub wait_time_p90_min: Option<f64>,

    /// Feedback answers given in the range (with a CSAT score, an NPS score or both).
    pub feedback_answers: u64,
    /// CSAT answers.
    pub csat_answers: u64,
    /// CSAT answers of 4 or 5.
    pub csat_satisfied: u64,
    /// `csat_satisfied ÷ csat_answers`.
    pub csat_share: Option<f64>,
    /// Mean CSAT score, 1–5.
    pub csat_mean: Option<f64>,
    /// NPS answers.
    pub nps_answers: u64,
    /// NPS answers of 9–10.
    pub nps_promoters: u64,
    /// NPS answers of 7–8.
    pub nps_passives: u64,
    /// NPS answers of 0–6.
    pub nps_detractors: u64,
    /// `% promoters − % detractors`, −100 to 100.
    pub nps: Option<f64>,

    /// The loyalty window: the `loyal_window_months` calendar months ending
    /// with the range's last day (the last one up to that day).
    pub loyal_window: DateRange,
    /// Customers who bought in at least `loyal_months` distinct months of the window.
    pub loyal_customers: u64,
    /// Customers who bought at all in the window.
    pub loyal_window_customers: u64,
    /// `loyal_customers ÷ loyal_window_customers`.
    pub loyal_rate: Option<f64>,

    /// The range just before, of the same length ([`DateRange::previous`]).
    pub retention_previous: DateRange,
    /// Customers who bought in the previous range.
    pub retention_previous_customers: u64,
    /// Of those, customers who bought again in this range.
    pub retention_retained_customers: u64,
    /// `retention_retained_customers ÷ retention_previous_customers`.
    pub retention: Option<f64>,

    /// Care tasks due in the range and counted: done, skipped, or planned
    /// past their due day (tasks still planned and due today or later are
    /// `care_tasks_upcoming`, not counted yet).
    pub care_tasks_due: u64,
    /// Done with `completed_at` on or before the end of the due day.
    pub care_tasks_on_time: u64,
    /// Done after the due day (or without a recorded completion time).
    pub care_tasks_late: u64,
    /// Skipped.
    pub care_tasks_skipped: u64,
    /// Due in the range, still planned, due today or later.
    pub care_tasks_upcoming: u64,
    /// `care_tasks_on_time ÷ care_tasks_due`.
    pub care_on_time_rate: Option<f64>,
    /// Tasks due in the range that are still planned and due before today.
    /// (`care_tasks_due = on_time + late + skipped + overdue`.)
    pub overdue_tasks: u64,

    /// The range's service level from its CSAT share and NPS.
    pub service_level: ServiceAssessment,
}

/// A range against the range before it and the same dates a year earlier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The range asked for.
    pub current: MeasureSet,
    /// The range just before, same length ([`DateRange::previous`]).
    pub previous: MeasureSet,
    /// The same dates a year earlier ([`DateRange::last_year`]).
    pub last_year: MeasureSet,
}

/// One month of a trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// The calendar month.
    pub month: YearMonth,
    /// Its measures.
    pub measures: MeasureSet,
}

/// What the dashboard shows: a range compared, and the monthly trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// The range against the previous one and last year's.
    pub comparison: Comparison,
    /// Oldest month first.
    pub trend: Vec<TrendPoint>,
}

/// The measures of one range. `today` decides which planned tasks are
/// overdue and which are not due yet.
pub fn measures(range: DateRange, records: &Records<'_>, settings: &Settings, today: NaiveDate) -> Result<MeasureSet> {
    let mut sets = measure_ranges(&[range], records, settings, today)?;
    sets.pop().ok_or(MeasureError::DateOutOfRange)
}

/// `range` against the range just before (same length) and the same dates a
/// year earlier (29 Feb → 28 Feb): three full sets from one pass.
pub fn compare(range: DateRange, records: &Records<'_>, settings: &Settings, today: NaiveDate) -> Result<Comparison> {
    let ranges = [range, range.previous()?, range.last_year()?];
    let sets = measure_ranges(&ranges, records, settings, today)?;
    let mut sets = sets.into_iter();
    match (sets.next(), sets.next(), sets.next()) {
        (Some(current), Some(previous), Some(last_year)) => Ok(Comparison { current, previous, last_year }),
        _ => Err(MeasureError::DateOutOfRange),
    }
}

/// The `months` calendar months ending with `end_month`, oldest first, each
/// a full set; one pass over the rows for all of them.
pub fn monthly_trend(
    end_month: YearMonth,
    months: u32,
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Vec<TrendPoint>> {
    let month_list = month_list(end_month, months)?;
    let ranges = month_list.iter().map(|m| m.range()).collect::<Result<Vec<_>>>()?;
    let sets = measure_ranges(&ranges, records, settings, today)?;
    Ok(month_list.into_iter().zip(sets).map(|(month, measures)| TrendPoint { month, measures }).collect())
}

/// [`compare`] and [`monthly_trend`] together, in one pass over the rows.
pub fn dashboard(
    range: DateRange,
    trend_end: YearMonth,
    trend_months: u32,
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Dashboard> {
    let month_list = month_list(trend_end, trend_months)?;
    let mut ranges = vec![range, range.previous()?, range.last_year()?];
    for m in &month_list {
        ranges.push(m.range()?);
    }
    let mut sets = measure_ranges(&ranges, records, settings, today)?.into_iter();
    let (Some(current), Some(previous), Some(last_year)) = (sets.next(), sets.next(), sets.next()) else {
        return Err(MeasureError::DateOutOfRange);
    };
    let trend = month_list.into_iter().zip(sets).map(|(month, measures)| TrendPoint { month, measures }).collect();
    Ok(Dashboard { comparison: Comparison { current, previous, last_year }, trend })
}

fn month_list(end: YearMonth, months: u32) -> Result<Vec<YearMonth>> {
    YearMonth::new(end.year, end.month)?;
    (0..i64::from(months)).rev().map(|back| end.plus(-back)).collect()
}

/// The measures of any list of ranges (they may overlap), in order, with one
/// pass over each kind of row per 64 ranges.
pub fn measure_ranges(
    ranges: &[DateRange],
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Vec<MeasureSet>> {
    settings.check()?;
    for r in ranges {
        r.check()?;
    }
    // A range asked twice (the current month is also the trend's last) is
    // computed once.
    let mut unique: Vec<DateRange> = Vec::with_capacity(ranges.len());
    let positions: Vec<usize> = ranges
        .iter()
        .map(|r| match unique.iter().position(|u| u == r) {
            Some(i) => i,
            None => {
                unique.push(*r);
                unique.len() - 1
            }
        })
        .collect();
    let mut sets = Vec::with_capacity(unique.len());
    for chunk in unique.chunks(64) {
        sets.extend(compute_chunk(chunk, records, settings, today)?);
    }
    Ok(positions.into_iter().map(|i| sets[i].clone()).collect())
}

/// Planned care tasks due before `today`, whatever their range: the
/// overdue list of the day, ascending ids.
pub fn overdue_tasks(tasks: &[TaskRow], today: NaiveDate) -> Vec<CareTaskId> {
    let mut ids: Vec<_> =
        tasks.iter().filter(|t| TaskOutcome::of(t, today) == TaskOutcome::Overdue).map(|t| t.id).collect();
    ids.sort_unstable();
    ids
}

fn compute_chunk(
    ranges: &[DateRange],
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Vec<MeasureSet>> {
    let days = DayMasks::new(ranges);
    let mut accs: Vec<Acc> = ranges.iter().map(|_| Acc::default()).collect();
    for r in records.requests {
        let mask = days.mask(r.received_at.date());
        if mask != 0 {
            let facts = RequestFacts::of(r);
            for_each_bit(mask, |i| accs[i].add_request(&facts));
        }
    }
    for f in records.feedback {
        let mask = days.mask(f.given_at.date());
        if mask != 0 {
            let (csat, nps) = feedback_facts(f);
            for_each_bit(mask, |i| accs[i].add_feedback(csat, nps));
        }
    }
    for t in records.tasks {
        let mask = days.mask(t.due_date);
        if mask != 0 {
            let outcome = TaskOutcome::of(t, today);
            for_each_bit(mask, |i| accs[i].add_task(outcome));
        }
    }
    let mut parts = Vec::with_capacity(ranges.len());
    for r in ranges {
        parts.push(PurchasePart::empty(*r, settings)?);
    }
    scan_purchases(ranges, records.purchases, settings, |k, _, flags| parts[k].add(flags))?;
    Ok(accs.into_iter().zip(ranges).zip(parts).map(|((acc, range), part)| acc.finish(*range, part, settings)).collect())
}

/// Calls `f` with the index of every set bit of `mask`, lowest first.
fn for_each_bit(mut mask: u64, mut f: impl FnMut(usize)) {
    while mask != 0 {
        f(mask.trailing_zeros() as usize);
        mask &= mask - 1;
    }
}

/// Day → which of (up to 64) ranges contain it: a table over the span of
/// the ranges, or a scan of the ranges when the span is very long.
struct DayMasks {
    start: i32,
    table: Vec<u64>,
    /// Used when `table` is empty.
    ranges: Vec<(i32, i32)>,
}

/// Longest span (days) worth a table: 100 years of ranges.
const TABLE_DAYS: i64 = 36_600;

impl DayMasks {
    fn new(ranges: &[DateRange]) -> DayMasks {
        let bounds: Vec<(i32, i32)> =
            ranges.iter().map(|r| (r.from.num_days_from_ce(), r.to.num_days_from_ce())).collect();
        let start = bounds.iter().map(|b| b.0).min().unwrap_or(0);
        let end = bounds.iter().map(|b| b.1).max().unwrap_or(-1);
        let span = i64::from(end) - i64::from(start) + 1;
        if span <= 0 || span > TABLE_DAYS {
            return DayMasks { start, table: Vec::new(), ranges: bounds };
        }
        let mut table = vec![0u64; span as usize];
        for (i, (from, to)) in bounds.iter().enumerate() {
            for day in *from..=*to {
                table[(day - start) as usize] |= 1 << i;
            }
        }
        DayMasks { start, table, ranges: Vec::new() }
    }

    fn mask(&self, day: NaiveDate) -> u64 {
        let n = day.num_days_from_ce();
        if self.table.is_empty() {
            let mut mask = 0;
            for (i, (from, to)) in self.ranges.iter().enumerate() {
                if *from <= n && n <= *to {
                    mask |= 1 << i;
                }
            }
            return mask;
        }
        // Days before `start` wrap to huge indices and miss the table.
        self.table.get(n.wrapping_sub(self.start) as u32 as usize).copied().unwrap_or(0)
    }
}

/// Sums of the request, feedback and task measures of one range (or group).
#[derive(Debug, Default, Clone)]
pub(crate) struct Acc {
    received: u64,
    resolved: u64,
    first_contact: u64,
    response: Vec<i64>,
    resolution: Vec<i64>,
    wait_requests: u64,
    wait: Vec<i64>,
    wait_sum: i64,
    feedback: u64,
    csat: u64,
    csat_satisfied: u64,
    csat_sum: i64,
    nps: u64,
    promoters: u64,
    passives: u64,
    detractors: u64,
    on_time: u64,
    late: u64,
    skipped: u64,
    overdue: u64,
    upcoming: u64,
}

impl Acc {
    pub(crate) fn add_request(&mut self, f: &RequestFacts) {
        self.received += 1;
        self.resolved += u64::from(f.resolved);
        self.first_contact += u64::from(f.first_contact);
        if let Some(s) = f.response_secs {
            self.response.push(s);
        }
        if let Some(s) = f.resolution_secs {
            self.resolution.push(s);
        }
        self.wait_requests += u64::from(f.waits);
        if let Some(w) = f.wait_minutes {
            self.wait.push(w);
            self.wait_sum = self.wait_sum.saturating_add(w);
        }
    }

    pub(crate) fn add_feedback(&mut self, csat: Option<u8>, nps: Option<NpsGroup>) {
        if csat.is_none() && nps.is_none() {
            return;
        }
        self.feedback += 1;
        if let Some(score) = csat {
            self.csat += 1;
            self.csat_sum += i64::from(score);
            self.csat_satisfied += u64::from(csat_satisfied(score));
        }
        match nps {
            Some(NpsGroup::Promoter) => self.promoters += 1,
            Some(NpsGroup::Passive) => self.passives += 1,
            Some(NpsGroup::Detractor) => self.detractors += 1,
            None => return,
        }
        self.nps += 1;
    }

    pub(crate) fn add_task(&mut self, outcome: TaskOutcome) {
        match outcome {
            TaskOutcome::OnTime => self.on_time += 1,
            TaskOutcome::Late => self.late += 1,
            TaskOutcome::Skipped => self.skipped += 1,
            TaskOutcome::Overdue => self.overdue += 1,
            TaskOutcome::Upcoming => self.upcoming += 1,
        }
    }

    pub(crate) fn finish(mut self, range: DateRange, p: PurchasePart, settings: &Settings) -> MeasureSet {
        let (response_median, response_p90) = median_p90(&mut self.response);
        let (resolution_median, resolution_p90) = median_p90(&mut self.resolution);
        let (_, wait_p90) = median_p90(&mut self.wait);
        let wait_count = self.wait.len() as u64;
        let csat_share = percent(self.csat_satisfied, self.csat);
        // (promoters − detractors) × 100 ÷ answers, exact in i64 before the division.
        let nps =
            (self.nps > 0).then(|| (self.promoters as i64 - self.detractors as i64) as f64 * 100.0 / self.nps as f64);
        let due = self.on_time + self.late + self.skipped + self.overdue;
        let care_on_time_rate = percent(self.on_time, due);
        let service_level = assess(
            LevelInputs { csat_answers: self.csat, csat_share, nps_answers: self.nps, nps, care_on_time_rate },
            &settings.service_level,
        );
        MeasureSet {
            range,
            requests_received: self.received,
            requests_resolved: self.resolved,
            resolution_rate: percent(self.resolved, self.received),
            requests_resolved_first_contact: self.first_contact,
            fcr: percent(self.first_contact, self.resolved),
            response_time_count: self.response.len() as u64,
            response_time_median_min: minutes(response_median),
            response_time_p90_min: minutes(response_p90),
            resolution_time_count: self.resolution.len() as u64,
            resolution_time_median_min: minutes(resolution_median),
            resolution_time_p90_min: minutes(resolution_p90),
            wait_time_requests: self.wait_requests,
            wait_time_count: wait_count,
            wait_time_mean_min: mean(self.wait_sum, wait_count),
            wait_time_p90_min: wait_p90.map(|w| w as f64),
            feedback_answers: self.feedback,
            csat_answers: self.csat,
            csat_satisfied: self.csat_satisfied,
            csat_share,
            csat_mean: mean(self.csat_sum, self.csat),
            nps_answers: self.nps,
            nps_promoters: self.promoters,
            nps_passives: self.passives,
            nps_detractors: self.detractors,
            nps,
            loyal_window: p.window,
            loyal_customers: p.loyal,
            loyal_window_customers: p.window_customers,
            loyal_rate: percent(p.loyal, p.window_customers),
            retention_previous: p.previous,
            retention_previous_customers: p.previous_customers,
            retention_retained_customers: p.retained,
            retention: percent(p.retained, p.previous_customers),
            care_tasks_due: due,
            care_tasks_on_time: self.on_time,
            care_tasks_late: self.late,
            care_tasks_skipped: self.skipped,
            care_tasks_upcoming: self.upcoming,
            care_on_time_rate,
            overdue_tasks: self.overdue,
            service_level,
        }
    }
}

/// The purchase measures of one range.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PurchasePart {
    window: DateRange,
    loyal: u64,
    window_customers: u64,
    previous: DateRange,
    previous_customers: u64,
    retained: u64,
}

impl PurchasePart {
    /// No purchases counted yet (also what breakdowns carry: purchase
    /// measures are the shop's, not a staff member's or a channel's).
    pub(crate) fn empty(range: DateRange, settings: &Settings) -> Result<PurchasePart> {
        Ok(PurchasePart {
            window: loyal_window(range, settings)?,
            loyal: 0,
            window_customers: 0,
            previous: range.previous()?,
            previous_customers: 0,
            retained: 0,
        })
    }

    fn add(&mut self, flags: CustomerFlags) {
        self.window_customers += u64::from(flags.in_window);
        self.loyal += u64::from(flags.loyal);
        self.previous_customers += u64::from(flags.previous);
        self.retained += u64::from(flags.retained);
    }
}

/// The loyalty window of `range`: the `loyal_window_months` calendar months
/// ending with the month of `range.to`, up to `range.to`.
pub fn loyal_window(range: DateRange, settings: &Settings) -> Result<DateRange> {
    let back = i64::from(settings.loyal_window_months.max(1)) - 1;
    let from = YearMonth::of(range.to).plus(-back)?.first_day()?;
    Ok(DateRange { from, to: range.to })
}

/// What one customer's purchases say for one range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CustomerFlags {
    /// Bought in the loyalty window.
    pub in_window: bool,
    /// Bought in at least `loyal_months` distinct months of it.
    pub loyal: bool,
    /// Bought in the previous range.
    pub previous: bool,
    /// Bought in the previous range and in this one.
    pub retained: bool,
}

/// The segments of one range's intervals, as bit masks over segments.
struct RangeMasks {
    window: Vec<u64>,
    previous: Vec<u64>,
    current: Vec<u64>,
    /// One mask per calendar month of the window (empty when every month
    /// is a single segment: then a popcount of `window` counts months).
    months: Vec<Vec<u64>>,
}

/// One pass over the purchases for all `ranges`: calls `sink(range index,
/// customer id, flags)` once per customer and range where the customer
/// bought in the loyalty window or in the previous range.
///
/// The timeline is cut at every boundary of every interval asked about
/// (ranges, previous ranges, loyalty windows and each month of them); each
/// customer gets a bit per segment they bought in, and every question is a
/// mask over those bits.
pub(crate) fn scan_purchases(
    ranges: &[DateRange],
    purchases: &[PurchaseRow],
    settings: &Settings,
    mut sink: impl FnMut(usize, i64, CustomerFlags),
) -> Result<()> {
    struct Intervals {
        window: DateRange,
        previous: DateRange,
        current: DateRange,
        month_starts: Vec<NaiveDate>,
    }
    let mut wanted = Vec::with_capacity(ranges.len());
    let mut bounds: Vec<i32> = Vec::new();
    let next_day = |d: NaiveDate| d.succ_opt().map(|n| n.num_days_from_ce()).ok_or(MeasureError::DateOutOfRange);
    for r in ranges {
        let window = loyal_window(*r, settings)?;
        let previous = r.previous()?;
        let month_starts = window.months().map(|m| m.first_day()).collect::<Result<Vec<_>>>()?;
        for iv in [window, previous, *r] {
            bounds.push(iv.from.num_days_from_ce());
            bounds.push(next_day(iv.to)?);
        }
        bounds.extend(month_starts.iter().map(|d| d.num_days_from_ce()));
        wanted.push(Intervals { window, previous, current: *r, month_starts });
    }
    bounds.sort_unstable();
    bounds.dedup();
    let (Some(&first), Some(&end)) = (bounds.first(), bounds.last()) else { return Ok(()) };
    let segments = bounds.len() - 1;
    let words = segments.div_ceil(64).max(1);
    let seg = |day: i32| bounds.binary_search(&day).unwrap_or_else(|i| i.saturating_sub(1));
    let mask = |from: i32, to_excl: i32| {
        let mut m = vec![0u64; words];
        for s in seg(from)..seg(to_excl) {
            m[s / 64] |= 1 << (s % 64);
        }
        m
    };
    let masks: Vec<RangeMasks> = wanted
        .iter()
        .map(|w| -> Result<RangeMasks> {
            let days = |iv: DateRange| Ok((iv.from.num_days_from_ce(), next_day(iv.to)?));
            let (wf, wt) = days(w.window)?;
            let (pf, pt) = days(w.previous)?;
            let (cf, ct) = days(w.current)?;
            // Month k of the window runs from its first day (the window's
            // start for the first) to the next month's first day or the
            // window's end.
            let mut months = Vec::with_capacity(w.month_starts.len());
            let mut single = true;
            for (k, start) in w.month_starts.iter().enumerate() {
                let from = start.num_days_from_ce().max(wf);
                let to = w.month_starts.get(k + 1).map_or(wt, |n| n.num_days_from_ce()).min(wt);
                single &= seg(to) - seg(from) == 1;
                months.push(mask(from, to));
            }
            if single {
                months.clear();
            }
            Ok(RangeMasks { window: mask(wf, wt), previous: mask(pf, pt), current: mask(cf, ct), months })
        })
        .collect::<Result<_>>()?;

    // Day → segment, by table over the whole span (a few hundred days for a
    // dashboard) or by binary search when it is very long.
    let span = i64::from(end) - i64::from(first);
    let table: Vec<u32> = if span <= TABLE_DAYS {
        let mut t = vec![0u32; span as usize];
        for s in 0..segments {
            for day in bounds[s]..bounds[s + 1] {
                t[(day - first) as usize] = s as u32;
            }
        }
        t
    } else {
        Vec::new()
    };
    let segment_of = |day: i32| -> Option<usize> {
        if day < first || day >= end {
            return None;
        }
        if table.is_empty() { Some(seg(day)) } else { Some(table[(day - first) as usize] as usize) }
    };

    // One pass: a bit per segment bought in, per customer.
    let mut bits = CustomerBits::new(words, purchases.len());
    for p in purchases {
        if let Some(s) = segment_of(p.date.num_days_from_ce()) {
            bits.row_mut(p.customer_id)[s / 64] |= 1 << (s % 64);
        }
    }

    let any = |b: &[u64], m: &[u64]| b.iter().zip(m).any(|(x, y)| x & y != 0);
    let loyal_months = settings.loyal_months;
    for (id, b) in bits.rows() {
        for (k, m) in masks.iter().enumerate() {
            let in_window = any(b, &m.window);
            let previous = any(b, &m.previous);
            if !in_window && !previous {
                continue;
            }
            let loyal = in_window && {
                let months = if m.months.is_empty() {
                    b.iter().zip(&m.window).map(|(x, y)| (x & y).count_ones()).sum::<u32>()
                } else {
                    m.months.iter().filter(|mm| any(b, mm)).count() as u32
                };
                months >= loyal_months
            };
            let retained = previous && any(b, &m.current);
            sink(k, id, CustomerFlags { in_window, loyal, previous, retained });
        }
    }
    Ok(())
}

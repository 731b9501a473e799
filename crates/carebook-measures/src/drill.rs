//! Drill-down: the records behind a measure, so the dashboard can list them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::breakdown::{BreakdownGroup, GroupFilter};
use crate::error::Result;
use crate::facts::{NpsGroup, RequestFacts, TaskOutcome, csat_satisfied};
use crate::measures::scan_purchases;
use crate::range::DateRange;
use crate::rows::{FeedbackRow, Records, RequestRow, TaskRow};
use crate::settings::Settings;

/// A measure of [`crate::MeasureSet`], by the name of its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKey {
    /// `resolution_rate`.
    ResolutionRate,
    /// `fcr`, first-contact resolution.
    Fcr,
    /// Both the median and the p90.
    ResponseTime,
    /// Both the median and the p90.
    ResolutionTime,
    /// Both the mean and the p90.
    WaitTime,
    /// Both the share and the mean.
    Csat,
    /// `nps`.
    Nps,
    /// `loyal_rate`.
    LoyalRate,
    /// `retention`.
    Retention,
    /// `care_on_time_rate`.
    CareOnTimeRate,
    /// `overdue_tasks`.
    OverdueTasks,
}

impl MeasureKey {
    /// Every measure, in the order of the dashboard.
    pub const ALL: [MeasureKey; 11] = [
        MeasureKey::ResolutionRate,
        MeasureKey::Fcr,
        MeasureKey::ResponseTime,
        MeasureKey::ResolutionTime,
        MeasureKey::WaitTime,
        MeasureKey::Csat,
        MeasureKey::Nps,
        MeasureKey::LoyalRate,
        MeasureKey::Retention,
        MeasureKey::CareOnTimeRate,
        MeasureKey::OverdueTasks,
    ];

    /// What the ids of its drill-down are.
    pub fn entity(self) -> DrillEntity {
        match self {
            MeasureKey::ResolutionRate
            | MeasureKey::Fcr
            | MeasureKey::ResponseTime
            | MeasureKey::ResolutionTime
            | MeasureKey::WaitTime => DrillEntity::Requests,
            MeasureKey::Csat | MeasureKey::Nps => DrillEntity::Feedback,
            MeasureKey::LoyalRate | MeasureKey::Retention => DrillEntity::Customers,
            MeasureKey::CareOnTimeRate | MeasureKey::OverdueTasks => DrillEntity::Tasks,
        }
    }
}

/// The kind of record a drill-down lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DrillEntity {
    /// Service request ids.
    Requests,
    /// Feedback ids.
    Feedback,
    /// Care task ids.
    Tasks,
    /// Customer ids.
    Customers,
}

/// The ids behind one measure of one range, ascending. For each measure:
///
/// | measure | numerator | denominator |
/// |---|---|---|
/// | resolution_rate | resolved requests | requests received |
/// | fcr | resolved at first contact | resolved requests |
/// | response_time | requests with a first response | requests received |
/// | resolution_time | resolved requests with a resolution time | resolved requests |
/// | wait_time | in-store/phone requests with wait minutes | in-store/phone requests |
/// | csat | answers of 4 or 5 | CSAT answers |
/// | nps | promoters (`subtracted`: detractors) | NPS answers |
/// | loyal_rate | loyal customers | customers who bought in the window |
/// | retention | customers retained | customers of the previous range |
/// | care_on_time_rate | tasks done on time | tasks due (counted) |
/// | overdue_tasks | overdue tasks | tasks due (counted) |
///
/// The lengths are the counts of the [`crate::MeasureSet`] of the same range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Drill {
    /// The measure explained.
    pub measure: MeasureKey,
    /// Its range.
    pub range: DateRange,
    /// What the ids are.
    pub entity: DrillEntity,
    /// The records counted above the line (or in the distribution).
    pub numerator: Vec<i64>,
    /// The records counted below the line; the numerator is part of it.
    pub denominator: Vec<i64>,
    /// Ids subtracted in the numerator: NPS detractors; empty otherwise.
    pub subtracted: Vec<i64>,
}

/// The records behind `measure` over `range`.
pub fn drill(
    measure: MeasureKey,
    range: DateRange,
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Drill> {
    drill_group(measure, range, None, records, settings, today)
}

/// The records behind `measure` over `range`, narrowed to one line of a
/// breakdown when `group` is given: the lengths are then the counts of that
/// line's [`crate::MeasureSet`] in [`crate::by_staff`] or
/// [`crate::by_channel`]. The purchase measures (loyal rate, retention)
/// belong to the shop and care tasks have no channel: those drill-downs of
/// a line are empty, as the line's figures are.
pub fn drill_group(
    measure: MeasureKey,
    range: DateRange,
    group: Option<BreakdownGroup>,
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Drill> {
    settings.check()?;
    range.check()?;
    let filter = group.map(|g| GroupFilter::new(g, range, records));
    let mut numerator = Vec::new();
    let mut denominator = Vec::new();
    let mut subtracted = Vec::new();
    match measure.entity() {
        DrillEntity::Customers if filter.is_some() => {}
        DrillEntity::Requests => {
            let wanted = |r: &&RequestRow| filter.as_ref().is_none_or(|g| g.request(r));
            for r in records.requests.iter().filter(|r| range.contains_time(r.received_at)).filter(wanted) {
                let f = RequestFacts::of(r);
                let (num, den) = match measure {
                    MeasureKey::ResolutionRate => (f.resolved, true),
                    MeasureKey::Fcr => (f.first_contact, f.resolved),
                    MeasureKey::ResponseTime => (f.response_secs.is_some(), true),
                    MeasureKey::ResolutionTime => (f.resolution_secs.is_some(), f.resolved),
                    _ => (f.wait_minutes.is_some(), f.waits),
                };
                push(r.id, num, den, &mut numerator, &mut denominator);
            }
        }
        DrillEntity::Feedback => {
            let wanted = |f: &&FeedbackRow| filter.as_ref().is_none_or(|g| g.feedback(f));
            for f in records.feedback.iter().filter(|f| range.contains_time(f.given_at)).filter(wanted) {
                if measure == MeasureKey::Csat {
                    if let Some(score) = f.csat {
                        push(f.id, csat_satisfied(score), true, &mut numerator, &mut denominator);
                    }
                } else if let Some(score) = f.nps {
                    let group = NpsGroup::of(score);
                    push(f.id, group == NpsGroup::Promoter, true, &mut numerator, &mut denominator);
                    if group == NpsGroup::Detractor {
                        subtracted.push(f.id);
                    }
                }
            }
        }
        DrillEntity::Tasks => {
            let wanted = |t: &&TaskRow| filter.as_ref().is_none_or(|g| g.task(t));
            for t in records.tasks.iter().filter(|t| range.contains(t.due_date)).filter(wanted) {
                let outcome = TaskOutcome::of(t, today);
                let wanted =
                    if measure == MeasureKey::CareOnTimeRate { TaskOutcome::OnTime } else { TaskOutcome::Overdue };
                push(t.id, outcome == wanted, outcome.is_due(), &mut numerator, &mut denominator);
            }
        }
        DrillEntity::Customers => {
            scan_purchases(&[range], records.purchases, settings, |_, id, flags| {
                let (num, den) = if measure == MeasureKey::LoyalRate {
                    (flags.loyal, flags.in_window)
                } else {
                    (flags.retained, flags.previous)
                };
                push(id, num, den, &mut numerator, &mut denominator);
            })?;
        }
    }
    for ids in [&mut numerator, &mut denominator, &mut subtracted] {
        ids.sort_unstable();
    }
    Ok(Drill { measure, range, entity: measure.entity(), numerator, denominator, subtracted })
}

fn push(id: i64, num: bool, den: bool, numerator: &mut Vec<i64>, denominator: &mut Vec<i64>) {
    if den {
        denominator.push(id);
        if num {
            numerator.push(id);
        }
    }
}

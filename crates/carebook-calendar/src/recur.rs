//! Recurring dates, expanded for a range of days.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::LunarDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    Solar,
    Lunar,
}

/// A day and month that comes back every year (a birthday, an anniversary).
/// `leap` is meaningful on the lunar calendar only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct YearlyDate {
    pub calendar: Calendar,
    pub month: u8,
    pub day: u8,
    pub leap: bool,
}

/// Why an occurrence is not on the exact day and month asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Shift {
    /// 29 February in a common year: kept on 28 February.
    Feb29ToFeb28,
    /// A leap-month date in a year without that leap month: the ordinary month.
    LeapToOrdinaryMonth,
    /// Day 30 of a lunar month that has 29 days this year: day 29.
    Day30ToDay29,
}

/// One occurrence of a yearly date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct Occurrence {
    pub date: NaiveDate,
    /// The year it belongs to: the solar year for solar dates, the lunar year for lunar ones.
    pub year: i32,
    /// The lunar date it falls on (for lunar dates; `None` for solar ones).
    pub lunar: Option<LunarDate>,
    pub shift: Option<Shift>,
}

/// Every occurrence of `date` with `from <= occurrence.date <= to`, in order.
pub fn yearly_occurrences(_date: &YearlyDate, _from: NaiveDate, _to: NaiveDate) -> Vec<Occurrence> {
    unimplemented!("written next")
}

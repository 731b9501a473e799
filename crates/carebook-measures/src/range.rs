//! Date ranges and calendar months, in the shop's local days.

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{MeasureError, Result};

/// An inclusive range of local days: `from` and `to` both belong to it.
///
/// A request belongs to the range of the day it was **received**, feedback
/// to the day it was **given**, a purchase to its date and a care task to its
/// due date; what happened later (a resolution on the next day) does not move
/// it to another range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DateRange {
    /// First day, included.
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
}

impl DateRange {
    /// The range `from..=to`; refused when `from` is after `to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<DateRange> {
        let range = DateRange { from, to };
        range.check()?;
        Ok(range)
    }

    /// A single day.
    pub fn day(day: NaiveDate) -> DateRange {
        DateRange { from: day, to: day }
    }

    /// Refuses a range whose first day is after its last day (the fields
    /// are public, so every computation checks).
    pub fn check(&self) -> Result<()> {
        if self.from > self.to {
            return Err(MeasureError::InvertedRange { from: self.from, to: self.to });
        }
        Ok(())
    }

    /// Whether `day` is in the range.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Whether the local moment `at` falls on a day of the range
    /// (23:59:59 of the last day is in, 00:00:00 of the next day is out).
    pub fn contains_time(&self, at: NaiveDateTime) -> bool {
        self.contains(at.date())
    }

    /// Number of days, both ends included (at least 1 for a checked range).
    pub fn len_days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// When the range is made of whole calendar months (starts on a 1st,
    /// ends on a month's last day), how many.
    pub fn whole_months(&self) -> Option<u32> {
        let next = self.to.succ_opt()?;
        if self.from.day() != 1 || next.day() != 1 || self.from > self.to {
            return None;
        }
        let months = YearMonth::of(next).index() - YearMonth::of(self.from).index();
        u32::try_from(months).ok()
    }

    /// The range just before this one, of the same length: the same number
    /// of whole calendar months when the range is whole months (March →
    /// February, a quarter → the quarter before), otherwise the same number
    /// of days ending the day before `from`.
    pub fn previous(&self) -> Result<DateRange> {
        self.check()?;
        if let Some(months) = self.whole_months() {
            let from = self.from.checked_sub_months(Months::new(months)).ok_or(MeasureError::DateOutOfRange)?;
            let to = self.from.pred_opt().ok_or(MeasureError::DateOutOfRange)?;
            return Ok(DateRange { from, to });
        }
        let to = self.from.pred_opt().ok_or(MeasureError::DateOutOfRange)?;
        let from = self
            .from
            .checked_sub_signed(chrono::TimeDelta::days(self.len_days()))
            .ok_or(MeasureError::DateOutOfRange)?;
        Ok(DateRange { from, to })
    }

    /// The same dates a year earlier; 29 February becomes 28 February.
    /// Whole calendar months map to the same whole months (February 2025 →
    /// 1–29 February 2024).
    pub fn last_year(&self) -> Result<DateRange> {
        self.check()?;
        let year_back = |d: NaiveDate| d.checked_sub_months(Months::new(12)).ok_or(MeasureError::DateOutOfRange);
        let from = year_back(self.from)?;
        let to = if self.whole_months().is_some() {
            // The last day of the same month a year back.
            let next = self.to.succ_opt().ok_or(MeasureError::DateOutOfRange)?;
            year_back(next)?.pred_opt().ok_or(MeasureError::DateOutOfRange)?
        } else {
            year_back(self.to)?
        };
        Ok(DateRange { from, to })
    }

    /// The calendar months the range touches, first to last.
    pub fn months(&self) -> impl Iterator<Item = YearMonth> + use<> {
        let first = YearMonth::of(self.from).index();
        let last = YearMonth::of(self.to).index();
        (first..=last).map(YearMonth::from_index)
    }
}

/// A calendar month, e.g. `{year: 2024, month: 2}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct YearMonth {
    /// The year, e.g. 2024.
    pub year: i32,
    /// 1–12.
    pub month: u32,
}

impl YearMonth {
    /// The month `month` (1–12) of `year`; refused outside 1–12 or outside
    /// chrono's calendar.
    pub fn new(year: i32, month: u32) -> Result<YearMonth> {
        if NaiveDate::from_ymd_opt(year, month, 1).is_none() {
            return Err(MeasureError::InvalidMonth { year, month });
        }
        Ok(YearMonth { year, month })
    }

    /// The month `day` is in.
    pub fn of(day: NaiveDate) -> YearMonth {
        YearMonth { year: day.year(), month: day.month() }
    }

    /// Months since year 0, for arithmetic.
    pub(crate) fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    pub(crate) fn from_index(index: i64) -> YearMonth {
        // Years stay far inside i32 for any index built from a NaiveDate.
        let year = i32::try_from(index.div_euclid(12)).unwrap_or(i32::MAX);
        let month = u32::try_from(index.rem_euclid(12) + 1).unwrap_or(1);
        YearMonth { year, month }
    }

    /// This month shifted by `delta` months (negative goes back).
    pub fn plus(self, delta: i64) -> Result<YearMonth> {
        let shifted = YearMonth::from_index(self.index() + delta);
        YearMonth::new(shifted.year, shifted.month).map_err(|_| MeasureError::DateOutOfRange)
    }

    /// The first day of the month.
    pub fn first_day(self) -> Result<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .ok_or(MeasureError::InvalidMonth { year: self.year, month: self.month })
    }

    /// The whole month as a range.
    pub fn range(self) -> Result<DateRange> {
        let from = self.first_day()?;
        let to =
            from.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).ok_or(MeasureError::DateOutOfRange)?;
        Ok(DateRange { from, to })
    }
}

impl std::fmt::Display for YearMonth {
    /// `2024-02`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn r(from: &str, to: &str) -> DateRange {
        DateRange::new(d(from), d(to)).unwrap()
    }

    #[test]
    fn previous_and_last_year_ranges() {
        // (range, previous, last year)
        let table = [
            // A whole month: the month before, whatever its length.
            (r("2024-03-01", "2024-03-31"), r("2024-02-01", "2024-02-29"), r("2023-03-01", "2023-03-31")),
            // February of a common year: last year's February has 29 days.
            (r("2025-02-01", "2025-02-28"), r("2025-01-01", "2025-01-31"), r("2024-02-01", "2024-02-29")),
            // February of a leap year: a year back ends on the 28th.
            (r("2024-02-01", "2024-02-29"), r("2024-01-01", "2024-01-31"), r("2023-02-01", "2023-02-28")),
            // A quarter: the quarter before.
            (r("2024-04-01", "2024-06-30"), r("2024-01-01", "2024-03-31"), r("2023-04-01", "2023-06-30")),
            // Ten days: the ten days before (1 Mar − 10 days = 20 Feb in a leap year).
            (r("2024-03-01", "2024-03-10"), r("2024-02-20", "2024-02-29"), r("2023-03-01", "2023-03-10")),
            // The leap day alone: the day before; a year back 29 Feb → 28 Feb.
            (r("2024-02-29", "2024-02-29"), r("2024-02-28", "2024-02-28"), r("2023-02-28", "2023-02-28")),
            // A week across the leap day.
            (r("2024-02-26", "2024-03-03"), r("2024-02-19", "2024-02-25"), r("2023-02-26", "2023-03-03")),
            // Half a month (not whole months): 15 days before.
            (r("2024-01-01", "2024-01-15"), r("2023-12-17", "2023-12-31"), r("2023-01-01", "2023-01-15")),
        ];
        for (range, previous, last_year) in table {
            assert_eq!(range.previous().unwrap(), previous, "previous of {range:?}");
            assert_eq!(range.last_year().unwrap(), last_year, "last year of {range:?}");
        }
    }

    #[test]
    fn whole_months_and_lengths() {
        assert_eq!(r("2024-02-01", "2024-02-29").whole_months(), Some(1));
        assert_eq!(r("2024-01-01", "2024-12-31").whole_months(), Some(12));
        assert_eq!(r("2024-02-01", "2024-02-28").whole_months(), None, "28 Feb 2024 is not the month's end");
        assert_eq!(r("2024-02-02", "2024-02-29").whole_months(), None);
        assert_eq!(r("2024-02-01", "2024-02-29").len_days(), 29);
        assert_eq!(DateRange::day(d("2024-05-05")).len_days(), 1);
    }

    #[test]
    fn inverted_ranges_and_bad_months_are_refused() {
        assert_eq!(
            DateRange::new(d("2024-02-02"), d("2024-02-01")),
            Err(MeasureError::InvertedRange { from: d("2024-02-02"), to: d("2024-02-01") })
        );
        let inverted = DateRange { from: d("2024-02-02"), to: d("2024-02-01") };
        assert!(inverted.previous().is_err() && inverted.last_year().is_err());
        assert_eq!(YearMonth::new(2024, 13), Err(MeasureError::InvalidMonth { year: 2024, month: 13 }));
        assert_eq!(YearMonth::new(2024, 0), Err(MeasureError::InvalidMonth { year: 2024, month: 0 }));
    }

    #[test]
    fn month_arithmetic() {
        let jan = YearMonth::new(2024, 1).unwrap();
        assert_eq!(jan.plus(-1).unwrap(), YearMonth { year: 2023, month: 12 });
        assert_eq!(jan.plus(13).unwrap(), YearMonth { year: 2025, month: 2 });
        assert_eq!(YearMonth::new(2024, 2).unwrap().range().unwrap(), r("2024-02-01", "2024-02-29"));
        assert_eq!(jan.to_string(), "2024-01");
        let months: Vec<_> = r("2023-11-15", "2024-02-03").months().map(|m| m.to_string()).collect();
        assert_eq!(months, ["2023-11", "2023-12", "2024-01", "2024-02"]);
        let range = r("2024-01-31", "2024-02-01");
        assert!(range.contains_time(d("2024-02-01").and_hms_opt(23, 59, 59).unwrap()));
        assert!(!range.contains_time(d("2024-02-02").and_hms_opt(0, 0, 0).unwrap()));
    }
}

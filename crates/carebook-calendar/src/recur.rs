//! Recurring dates, expanded for a range of days.
//!
//! - [`yearly_occurrences`]: a day and month that comes back every year on
//!   the solar or the lunar calendar (birthdays, anniversaries), with the
//!   shift made when that day does not exist in a given year.
//! - [`lunar_days`]: the 1st and/or 15th of every lunar month (mùng 1, rằm).
//! - [`tet_days`]: Tết of every lunar year.
//! - [`CustomRule`]: an RFC 5545 RRULE line on all-day dates, expanded with
//!   the `rrule` crate.
//!
//! Every range is inclusive at both ends; `from > to` gives nothing.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate, TimeZone};
use rrule::{Frequency, RRule, RRuleSet, Tz, Unvalidated};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::LunarDate;
use crate::lunar::{self, FIRST_YEAR, LAST_YEAR};

/// The calendar a yearly date is kept on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    /// The Gregorian calendar (dương lịch).
    Solar,
    /// The Vietnamese lunar calendar (âm lịch).
    Lunar,
}

/// A day and month that comes back every year (a birthday, an anniversary).
/// `leap` is meaningful on the lunar calendar only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub struct YearlyDate {
    /// Which calendar `month` and `day` belong to.
    pub calendar: Calendar,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31 (solar, within the month's length in a leap year) or 1 to 30 (lunar).
    pub day: u8,
    /// The date is in a leap month (tháng nhuận); lunar only.
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
    /// The solar day it falls on.
    pub date: NaiveDate,
    /// The year it belongs to: the solar year for solar dates, the lunar year for lunar ones.
    pub year: i32,
    /// The lunar date it falls on (for lunar dates; `None` for solar ones).
    pub lunar: Option<LunarDate>,
    /// Set when the day asked for does not exist that year. When a leap-month
    /// day 30 lands in a 29-day ordinary month, both shifts apply: this says
    /// [`Shift::LeapToOrdinaryMonth`] and `lunar.day` is 29.
    pub shift: Option<Shift>,
}

/// Every occurrence of `date` with `from <= occurrence.date <= to`, in order.
///
/// Solar dates come back every solar year; 29 February is kept on
/// 28 February in common years. Lunar dates come back once per lunar year of
/// 1900–2100: a leap-month date falls in that leap month in the years that
/// have it and in the ordinary month of the same number otherwise; day 30
/// falls on day 29 when the month has 29 days.
///
/// Input is validated elsewhere: a date that never exists (month 13, day 32,
/// 31 April, lunar day 31, month or day 0) gives no occurrence at all.
pub fn yearly_occurrences(date: &YearlyDate, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
    if from > to {
        return Vec::new();
    }
    match date.calendar {
        Calendar::Solar => solar_occurrences(date.month, date.day, from, to),
        Calendar::Lunar => lunar_occurrences(date.month, date.day, date.leap, from, to),
    }
}

fn solar_occurrences(month: u8, day: u8, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
    let (month, day) = (u32::from(month), u32::from(day));
    // Valid when it exists in a leap year (2000).
    if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
        return Vec::new();
    }
    (from.year()..=to.year())
        .filter_map(|year| {
            let (date, shift) = match NaiveDate::from_ymd_opt(year, month, day) {
                Some(date) => (date, None),
                None => (NaiveDate::from_ymd_opt(year, 2, 28)?, Some(Shift::Feb29ToFeb28)),
            };
            (from <= date && date <= to).then_some(Occurrence { date, year, lunar: None, shift })
        })
        .collect()
}

fn lunar_occurrences(month: u8, day: u8, leap: bool, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return Vec::new();
    }
    // Lunar year Y runs from late January/February of solar year Y into
    // solar year Y + 1.
    let first = (from.year() - 1).max(FIRST_YEAR);
    let last = to.year().min(LAST_YEAR);
    (first..=last)
        .filter_map(|year| {
            let (lunar, shift) = resolve_lunar(year, month, day, leap)?;
            let date = lunar::to_solar(lunar)?;
            (from <= date && date <= to).then_some(Occurrence { date, year, lunar: Some(lunar), shift })
        })
        .collect()
}

/// The day that a lunar yearly date falls on in `year`, with its shift.
fn resolve_lunar(year: i32, month: u8, day: u8, leap: bool) -> Option<(LunarDate, Option<Shift>)> {
    let mut shift = None;
    let leap = if leap && lunar::leap_month(year) != Some(month) {
        shift = Some(Shift::LeapToOrdinaryMonth);
        false
    } else {
        leap
    };
    let len = lunar::month_length(year, month, leap)?;
    let day = if day > len {
        shift = shift.or(Some(Shift::Day30ToDay29));
        len
    } else {
        day
    };
    Some((LunarDate { year, month, day, leap }, shift))
}

/// Every day in `[from, to]` whose lunar day of the month is one of `days`
/// (1 = mùng 1, 15 = rằm), leap months included, in order. Days outside
/// 1–30 are ignored; a 30 is skipped in 29-day months.
pub fn lunar_days(days: &[u8], from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, LunarDate)> {
    let mut wanted: Vec<u8> = days.iter().copied().filter(|d| (1..=30).contains(d)).collect();
    wanted.sort_unstable();
    wanted.dedup();
    if from > to || wanted.is_empty() {
        return Vec::new();
    }
    let (from_jdn, to_jdn) = (lunar::jdn_of(from), lunar::jdn_of(to));
    let mut out = Vec::new();
    for m in lunar::months_between(from_jdn, to_jdn) {
        for &day in wanted.iter().take_while(|&&d| d <= m.len) {
            let jdn = m.start + i32::from(day) - 1;
            if (from_jdn..=to_jdn).contains(&jdn)
                && let Some(date) = lunar::date_of(jdn)
            {
                out.push((date, LunarDate { year: m.year, month: m.month, day, leap: m.leap }));
            }
        }
    }
    out
}

/// Tết (lunar 1/1) of every lunar year that falls in `[from, to]`, with that
/// lunar year, in order.
pub fn tet_days(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, i32)> {
    if from > to {
        return Vec::new();
    }
    (from.year().max(FIRST_YEAR)..=to.year().min(LAST_YEAR))
        .filter_map(|year| lunar::tet(year).map(|date| (date, year)))
        .filter(|&(date, _)| from <= date && date <= to)
        .collect()
}

/// Why a custom rule was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// Nothing but blanks.
    #[error("the rule is empty")]
    Empty,
    /// Not an RRULE line the parser understands.
    #[error("the rule cannot be read: {0}")]
    Syntax(String),
    /// Readable, but not a valid rule (RFC 5545's limits).
    #[error("the rule is not valid: {0}")]
    Invalid(String),
    /// `FREQ=HOURLY`, `MINUTELY` or `SECONDLY`: care tasks are days.
    #[error("the rule repeats more often than daily ({0}); rules are for whole days")]
    TooFrequent(String),
    /// `BYHOUR`, `BYMINUTE` or `BYSECOND`: a rule here gives whole days.
    #[error("{0} sets a time of day; rules are for whole days")]
    TimeOfDay(String),
    /// An `UNTIL` that is not a date (`YYYYMMDD`, optionally `THHMMSS[Z]`).
    #[error("UNTIL={0} is not a date")]
    BadUntil(String),
    /// An `UNTIL` before the start date.
    #[error("UNTIL {until} is before the start {start}")]
    UntilBeforeStart {
        /// The last day asked for.
        until: NaiveDate,
        /// The start date.
        start: NaiveDate,
    },
}

impl RuleError {
    /// A stable code the UI can branch on and translate.
    pub fn code(&self) -> &'static str {
        match self {
            RuleError::Empty => "empty",
            RuleError::Syntax(_) => "syntax",
            RuleError::Invalid(_) => "invalid",
            RuleError::TooFrequent(_) => "too_frequent",
            RuleError::TimeOfDay(_) => "time_of_day",
            RuleError::BadUntil(_) => "bad_until",
            RuleError::UntilBeforeStart { .. } => "until_before_start",
        }
    }
}

/// A custom recurrence: an RFC 5545 RRULE line (`FREQ=WEEKLY;INTERVAL=2;BYDAY=MO`,
/// `FREQ=MONTHLY;BYMONTHDAY=-1`, `COUNT=…`, `UNTIL=…`) from a start date,
/// on whole days.
///
/// The rule is expanded by the `rrule` crate with the start at 00:00 UTC, so
/// no time zone or daylight-saving change can move a day. `UNTIL` is read as
/// a date (a time after it is ignored) and is inclusive. As RFC 5545 says,
/// `FREQ=YEARLY` from 29 February gives leap years only (use
/// `BYMONTH=2;BYMONTHDAY=-1` for the last day of February).
#[derive(Debug, Clone)]
pub struct CustomRule {
    text: String,
    start: NaiveDate,
    set: RRuleSet,
}

impl CustomRule {
    /// Reads `rrule` (with or without the `RRULE:` prefix; keys in any case)
    /// for occurrences from `start`.
    pub fn parse(rrule: &str, start: NaiveDate) -> Result<CustomRule, RuleError> {
        let text = rrule.trim();
        let text = match text.get(..6) {
            Some(prefix) if prefix.eq_ignore_ascii_case("RRULE:") => &text[6..],
            _ => text,
        };
        let text = text.trim();
        if text.is_empty() {
            return Err(RuleError::Empty);
        }
        if text.contains(['\r', '\n']) {
            return Err(RuleError::Syntax("one RRULE line is expected".into()));
        }
        let mut until = None;
        let mut parts = Vec::new();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').unwrap_or((part, ""));
            let key = key.trim().to_ascii_uppercase();
            let value = value.trim();
            match key.as_str() {
                "UNTIL" => until = Some(parse_until(value)?),
                "BYHOUR" | "BYMINUTE" | "BYSECOND" => return Err(RuleError::TimeOfDay(key)),
                _ => parts.push(format!("{key}={}", value.to_ascii_uppercase())),
            }
        }
        let mut rule = RRule::<Unvalidated>::from_str(&parts.join(";"))
            .map_err(|e| RuleError::Syntax(strip_prefix(&e.to_string())))?;
        match rule.get_freq() {
            Frequency::Hourly | Frequency::Minutely | Frequency::Secondly => {
                return Err(RuleError::TooFrequent(rule.get_freq().to_string()));
            }
            Frequency::Daily | Frequency::Weekly | Frequency::Monthly | Frequency::Yearly => {}
        }
        let dt_start = utc(start, 0, 0, 0).ok_or_else(|| RuleError::Invalid(format!("start {start}")))?;
        if let Some(until) = until {
            if until < start {
                return Err(RuleError::UntilBeforeStart { until, start });
            }
            let end = utc(until, 23, 59, 59).ok_or_else(|| RuleError::BadUntil(until.to_string()))?;
            rule = rule.until(end);
        }
        let normalized = {
            let mut p = parts.clone();
            if let Some(until) = until {
                p.push(format!("UNTIL={}", until.format("%Y%m%d")));
            }
            p.join(";")
        };
        let rule = rule.validate(dt_start).map_err(|e| RuleError::Invalid(strip_prefix(&e.to_string())))?;
        Ok(CustomRule { text: normalized, start, set: RRuleSet::new(dt_start).rrule(rule) })
    }

    /// The rule as read, normalised: upper-case keys and values, `UNTIL` as
    /// a date, without the `RRULE:` prefix.
    pub fn rrule(&self) -> &str {
        &self.text
    }

    /// The first day the rule counts from.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The days of the rule in `[from, to]`, in order, at most `limit` of them
    /// (and never more than 65,535).
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate, limit: usize) -> Vec<NaiveDate> {
        let (Some(after), Some(before)) = (utc(from, 0, 0, 0), utc(to, 23, 59, 59)) else {
            return Vec::new();
        };
        if from > to || limit == 0 {
            return Vec::new();
        }
        let limit = u16::try_from(limit).unwrap_or(u16::MAX);
        let mut days: Vec<NaiveDate> =
            self.set.clone().after(after).before(before).all(limit).dates.iter().map(|d| d.date_naive()).collect();
        days.dedup();
        days
    }
}

/// Midnight-based UTC instant of a day.
fn utc(date: NaiveDate, h: u32, m: u32, s: u32) -> Option<chrono::DateTime<Tz>> {
    let t = date.and_hms_opt(h, m, s)?;
    Some(Tz::UTC.from_utc_datetime(&t))
}

/// The date of an UNTIL value: `YYYYMMDD`, optionally followed by a time.
fn parse_until(value: &str) -> Result<NaiveDate, RuleError> {
    let bad = || RuleError::BadUntil(value.to_owned());
    let date = value.get(..8).ok_or_else(bad)?;
    let rest = &value[8..];
    let time_ok = rest.is_empty() || {
        let t = rest.strip_suffix(['Z', 'z']).unwrap_or(rest);
        t.len() == 7 && t.starts_with(['T', 't']) && t[1..].bytes().all(|b| b.is_ascii_digit())
    };
    if !time_ok || !date.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    NaiveDate::parse_from_str(date, "%Y%m%d").map_err(|_| bad())
}

/// The `rrule` crate's messages start with "RRule parsing error: ".
fn strip_prefix(message: &str) -> String {
    message.split_once(": ").map_or(message, |(_, rest)| rest).to_owned()
}

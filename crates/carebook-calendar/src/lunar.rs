//! The Vietnamese lunar calendar (âm lịch), lunar years 1900–2100.
//!
//! Months are computed with Hồ Ngọc Đức's published algorithm ("Thuật toán
//! tính âm lịch"): a month starts on the civil day of a new moon (ngày Sóc),
//! month 11 contains the December solstice (Đông chí), and in a span of 13
//! months between two months 11 the first month without a major solar term
//! (trung khí) is the leap month (tháng nhuận), named after the month before
//! it. New moons and solar terms use Jean Meeus' series, with the time zone
//! as a parameter.
//!
//! # Why UTC+7 throughout
//!
//! Vietnam's calendar is computed for the 105° E meridian (UTC+7); that is
//! what makes it differ from the Chinese calendar (UTC+8) in years such as
//! 1985 and 2007, when a new moon or a major solar term falls between
//! midnight in Hà Nội and midnight in Beijing (17:00–18:00 UT). The whole
//! range uses UTC+7, as published Vietnamese perpetual calendars do,
//! although North Vietnam used UTC+8 until 8 August 1967 (the South until
//! 1975): a lunar date derived today from an old solar date may differ from
//! the one a family remembers. CareBook therefore stores lunar birthdays as entered
//! (day, month, leap flag) and never derives them from a solar date.
//!
//! # Accuracy
//!
//! The series place new moons and solar terms within a minute or two. Where
//! such an instant falls that close to midnight, precise ephemerides may put
//! it on the other day: against astronomy-engine (`tests/data/`), every Tết
//! 1900–2100 agrees, the leap month differs in 1938 only (8 here, 7 there;
//! JPL's DE421 agrees with 8), and 2 of the 2,486 month starts (December 2072,
//! October 2085, new moons within 40 s of midnight) differ by a day.
//!
//! # Speed
//!
//! The first call builds, once per process, a table of the first day (Julian
//! day number) and the name of every month from lunar 1/1900 to Tết 2101
//! (about 2,500 entries, 15 KB); every conversion is then an index
//! computation on that table, without trigonometry.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The first lunar year supported.
pub const FIRST_YEAR: i32 = 1900;
/// The last lunar year supported.
pub const LAST_YEAR: i32 = 2100;

/// Vietnam's time zone for the calendar: UTC+7 (the 105° E meridian).
pub const UTC_OFFSET_HOURS: f64 = 7.0;

/// A day of the Vietnamese lunar calendar. `year` is the lunar year (the one
/// that starts at its Tết); `leap` marks the intercalary month (tháng nhuận)
/// that follows the ordinary month of the same number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct LunarDate {
    /// The lunar year, numbered like the solar year in which it starts.
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 30.
    pub day: u8,
    /// The leap month (tháng nhuận) that follows ordinary month `month`.
    pub leap: bool,
}

/// The lunar date of a solar day; `None` outside the supported range
/// (before Tết 1900, 31 January 1900, or from Tết 2101, 29 January 2101).
pub fn to_lunar(date: NaiveDate) -> Option<LunarDate> {
    table().to_lunar(jdn_of(date))
}

/// The solar day of a lunar date; `None` when that day does not exist
/// (a 30th in a 29-day month, a leap month the year does not have).
pub fn to_solar(date: LunarDate) -> Option<NaiveDate> {
    table().to_solar(date).and_then(date_of)
}

/// The solar day of Tết (1st day of the 1st month) of `lunar_year`.
pub fn tet(lunar_year: i32) -> Option<NaiveDate> {
    let t = table();
    t.year_start(lunar_year).map(|i| t.starts[i]).and_then(date_of)
}

/// The number of the month that is doubled in `lunar_year`, if any.
pub fn leap_month(lunar_year: i32) -> Option<u8> {
    let t = table();
    let i = t.year_index(lunar_year)?;
    match t.leap[i] {
        0 => None,
        m => Some(m),
    }
}

/// 29 or 30: the length of a month; `None` when the year has no such month.
pub fn month_length(lunar_year: i32, month: u8, leap: bool) -> Option<u8> {
    let t = table();
    let i = t.month_index(lunar_year, month, leap)?;
    u8::try_from(t.starts[i + 1] - t.starts[i]).ok()
}

/// The first and the last solar day that [`to_lunar`] converts: Tết 1900
/// and the day before Tết 2101.
pub fn supported_range() -> (NaiveDate, NaiveDate) {
    let t = table();
    let first = t.starts.first().copied().and_then(date_of);
    let last = t.starts.last().and_then(|&j| date_of(j - 1));
    // The table spans 1900..=2100, well inside chrono's range.
    (first.unwrap_or(NaiveDate::MIN), last.unwrap_or(NaiveDate::MIN))
}

/// A lunar date written the Vietnamese way, day/month: "15/8", "15/8 nhuận".
pub fn format_vi(l: &LunarDate) -> String {
    if l.leap { format!("{}/{} nhuận", l.day, l.month) } else { format!("{}/{}", l.day, l.month) }
}

/// One lunar month of the table: its first solar day and its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Month {
    /// Julian day number of day 1.
    pub start: i32,
    /// Number of days, 29 or 30.
    pub len: u8,
    pub year: i32,
    pub month: u8,
    pub leap: bool,
}

/// Every lunar month of lunar years 1900..=2100 whose days meet `[from, to]`
/// (Julian day numbers), in order.
pub(crate) fn months_between(from: i32, to: i32) -> impl Iterator<Item = Month> {
    let t = table();
    let first = match t.index_of_day(from) {
        Some(i) => i,
        None if t.starts.first().is_some_and(|&s| from < s) => 0,
        None => t.labels.len(),
    };
    (first..t.labels.len()).map_while(move |i| {
        let start = t.starts[i];
        if start > to {
            return None;
        }
        let (year, month, leap) = t.label(i);
        Some(Month { start, len: (t.starts[i + 1] - start) as u8, year, month, leap })
    })
}

/// Julian day number of a solar date (1 January 2000 = 2451545).
pub(crate) fn jdn_of(date: NaiveDate) -> i32 {
    date.num_days_from_ce() + JDN_CE_OFFSET
}

/// The solar date of a Julian day number.
pub(crate) fn date_of(jdn: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(jdn - JDN_CE_OFFSET)
}

/// `jdn - num_days_from_ce`: 0001-01-01 is day 1 from CE and JDN 1721426.
const JDN_CE_OFFSET: i32 = 1_721_425;

/// Mean length of a synodic month, in days.
const SYNODIC_MONTH: f64 = 29.530588853;

/// The month table, built once.
fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table::build(UTC_OFFSET_HOURS, FIRST_YEAR, LAST_YEAR))
}

/// First days and names of consecutive lunar months.
#[derive(Debug)]
pub(crate) struct Table {
    first_year: i32,
    /// Julian day number of day 1 of each month, plus the first day after the
    /// last month (so `starts.len() == labels.len() + 1`).
    starts: Vec<i32>,
    /// Per month: `(year - first_year) << 5 | month << 1 | leap`.
    labels: Vec<u16>,
    /// Per lunar year: the index of its month 1, plus one past the end.
    year_first: Vec<u16>,
    /// Per lunar year: the leap month, or 0.
    leap: Vec<u8>,
}

impl Table {
    /// The months of lunar years `first_year..=last_year` at a time zone of
    /// `utc_offset_hours`.
    pub(crate) fn build(utc_offset_hours: f64, first_year: i32, last_year: i32) -> Table {
        let tz = utc_offset_hours;
        let mut starts = Vec::new();
        let mut labels = Vec::new();
        let mut year_first = Vec::new();
        let mut leap = vec![0u8; (last_year - first_year + 1) as usize];
        // Each span runs from month 11 of solar year `y` to the day before
        // month 11 of `y + 1`: months 11 and 12 of lunar year `y`, then 1 to
        // 10 of `y + 1`. The spans of `first_year - 1 ..= last_year` cover
        // the lunar years asked for, and the start of the next month 1.
        for y in (first_year - 1)..=last_year {
            let a11 = astro::month_11(y, tz);
            let b11 = astro::month_11(y + 1, tz);
            let k = astro::lunation_of(a11);
            let count = if b11 - a11 > 365 { 13 } else { 12 };
            let leap_offset = if count == 13 { astro::leap_month_offset(a11, tz) } else { i32::MAX };
            for off in 0..count {
                let number = 11 + off - i32::from(off >= leap_offset);
                let number = (number - 1) % 12 + 1;
                let is_leap = off == leap_offset;
                // Month 1 is never the leap month, and comes after 11 and 12.
                let year = if off >= 2 && number <= 10 { y + 1 } else { y };
                if year < first_year {
                    continue;
                }
                let start = astro::new_moon_day(k + off, tz);
                if year > last_year {
                    // The first month after the range ends the last month.
                    starts.push(start);
                    break;
                }
                if number == 1 && !is_leap {
                    year_first.push(labels.len() as u16);
                }
                if is_leap {
                    leap[(year - first_year) as usize] = number as u8;
                }
                starts.push(start);
                labels.push((((year - first_year) as u16) << 5) | ((number as u16) << 1) | u16::from(is_leap));
            }
        }
        year_first.push(labels.len() as u16);
        Table { first_year, starts, labels, year_first, leap }
    }

    fn label(&self, i: usize) -> (i32, u8, bool) {
        let l = self.labels[i];
        (self.first_year + i32::from(l >> 5), ((l >> 1) & 0xF) as u8, l & 1 == 1)
    }

    fn year_index(&self, lunar_year: i32) -> Option<usize> {
        let i = usize::try_from(lunar_year - self.first_year).ok()?;
        (i < self.leap.len()).then_some(i)
    }

    /// Index of month 1 of `lunar_year`.
    pub(crate) fn year_start(&self, lunar_year: i32) -> Option<usize> {
        self.year_index(lunar_year).map(|i| usize::from(self.year_first[i]))
    }

    /// Index of a month, if the year has it.
    fn month_index(&self, lunar_year: i32, month: u8, leap: bool) -> Option<usize> {
        let y = self.year_index(lunar_year)?;
        if !(1..=12).contains(&month) {
            return None;
        }
        let leap_month = self.leap[y];
        if leap && leap_month != month {
            return None;
        }
        let after_leap = leap_month != 0 && (month > leap_month || (month == leap_month && leap));
        Some(usize::from(self.year_first[y]) + usize::from(month - 1) + usize::from(after_leap))
    }

    /// Index of the month that contains day `jdn`.
    fn index_of_day(&self, jdn: i32) -> Option<usize> {
        let first = *self.starts.first()?;
        let last = *self.starts.last()?;
        if jdn < first || jdn >= last {
            return None;
        }
        // New moons stray less than a day from their mean: the estimate is
        // at most one month off.
        let mut i = ((f64::from(jdn - first) + 0.5) / SYNODIC_MONTH) as usize;
        i = i.min(self.labels.len() - 1);
        while self.starts[i] > jdn {
            i -= 1;
        }
        while self.starts[i + 1] <= jdn {
            i += 1;
        }
        Some(i)
    }

    pub(crate) fn to_lunar(&self, jdn: i32) -> Option<LunarDate> {
        let i = self.index_of_day(jdn)?;
        let (year, month, leap) = self.label(i);
        Some(LunarDate { year, month, day: (jdn - self.starts[i] + 1) as u8, leap })
    }

    /// Julian day number of a lunar date.
    pub(crate) fn to_solar(&self, l: LunarDate) -> Option<i32> {
        let i = self.month_index(l.year, l.month, l.leap)?;
        let len = self.starts[i + 1] - self.starts[i];
        (l.day >= 1 && i32::from(l.day) <= len).then(|| self.starts[i] + i32::from(l.day) - 1)
    }

    /// Julian day number of Tết of `lunar_year`.
    #[cfg(test)]
    pub(crate) fn tet(&self, lunar_year: i32) -> Option<i32> {
        self.year_start(lunar_year).map(|i| self.starts[i])
    }

    /// The leap month of `lunar_year`, or 0.
    #[cfg(test)]
    pub(crate) fn leap_of(&self, lunar_year: i32) -> Option<u8> {
        self.year_index(lunar_year).map(|i| self.leap[i])
    }
}

/// Hồ Ngọc Đức's astronomical functions, with `tz` the offset from UTC in
/// hours. Days are Julian day numbers; `INT` of the original is `floor`.
mod astro {
    use std::f64::consts::PI;

    const DR: f64 = PI / 180.0;

    /// Julian day (fractional) of the `k`-th new moon after 1 January 1900.
    fn new_moon(k: i32) -> f64 {
        let k = f64::from(k);
        let t = k / 1236.85;
        let t2 = t * t;
        let t3 = t2 * t;
        let mut jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
        jd1 += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * DR).sin();
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3; // Sun's mean anomaly
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; // Moon's mean anomaly
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3; // Moon's argument of latitude
        let mut c1 = (0.1734 - 0.000393 * t) * (m * DR).sin() + 0.0021 * (2.0 * DR * m).sin();
        c1 = c1 - 0.4068 * (mpr * DR).sin() + 0.0161 * (DR * 2.0 * mpr).sin();
        c1 -= 0.0004 * (DR * 3.0 * mpr).sin();
        c1 = c1 + 0.0104 * (DR * 2.0 * f).sin() - 0.0051 * (DR * (m + mpr)).sin();
        c1 = c1 - 0.0074 * (DR * (m - mpr)).sin() + 0.0004 * (DR * (2.0 * f + m)).sin();
        c1 = c1 - 0.0004 * (DR * (2.0 * f - m)).sin() - 0.0006 * (DR * (2.0 * f + mpr)).sin();
        c1 = c1 + 0.0010 * (DR * (2.0 * f - mpr)).sin() + 0.0005 * (DR * (2.0 * mpr + m)).sin();
        let delta_t = if t < -11.0 {
            0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
        } else {
            -0.000278 + 0.000265 * t + 0.000262 * t2
        };
        jd1 + c1 - delta_t
    }

    /// The Sun's true longitude at Julian day `jd`, in radians, in [0, 2π).
    fn sun_longitude(jd: f64) -> f64 {
        let t = (jd - 2451545.0) / 36525.0;
        let t2 = t * t;
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2; // mean anomaly
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2; // mean longitude
        let mut dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (DR * m).sin();
        dl += (0.019993 - 0.000101 * t) * (DR * 2.0 * m).sin() + 0.000290 * (DR * 3.0 * m).sin();
        let l = (l0 + dl) * DR;
        l - 2.0 * PI * (l / (2.0 * PI)).floor()
    }

    /// The civil day of the `k`-th new moon.
    pub(super) fn new_moon_day(k: i32, tz: f64) -> i32 {
        (new_moon(k) + 0.5 + tz / 24.0).floor() as i32
    }

    /// Which 30° sector (0 = from the March equinox) the Sun is in at the
    /// start of day `day`.
    fn sun_sector(day: i32, tz: f64) -> i32 {
        (sun_longitude(f64::from(day) - 0.5 - tz / 24.0) / PI * 6.0).floor() as i32
    }

    /// The first day of lunar month 11 of solar year `year` (the month of the
    /// December solstice).
    pub(super) fn month_11(year: i32, tz: f64) -> i32 {
        let off = super::jdn_from_ymd(year, 12, 31) - 2415021;
        let k = (f64::from(off) / super::SYNODIC_MONTH).floor() as i32;
        let nm = new_moon_day(k, tz);
        if sun_sector(nm, tz) >= 9 { new_moon_day(k - 1, tz) } else { nm }
    }

    /// The index `k` of the new moon that starts on day `day`.
    pub(super) fn lunation_of(day: i32) -> i32 {
        ((f64::from(day) - 2415021.076998695) / super::SYNODIC_MONTH + 0.5).floor() as i32
    }

    /// In a 13-month span starting with month 11 on day `a11`: the offset
    /// (1 = the month after month 11) of the leap month, the first month
    /// in which no major solar term begins.
    pub(super) fn leap_month_offset(a11: i32, tz: f64) -> i32 {
        let k = lunation_of(a11);
        let mut i = 1;
        let mut arc = sun_sector(new_moon_day(k + i, tz), tz);
        loop {
            let last = arc;
            i += 1;
            arc = sun_sector(new_moon_day(k + i, tz), tz);
            if arc == last || i >= 14 {
                return i - 1;
            }
        }
    }
}

/// Julian day number of a Gregorian date (the Fliegel–Van Flandern formula
/// the published algorithm uses; valid for every Gregorian date).
fn jdn_from_ymd(year: i32, month: i32, day: i32) -> i32 {
    let a = (14 - month) / 12;
    let y = year + 4800 - a;
    let m = month + 12 * a - 3;
    day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn julian_day_numbers_agree_with_chrono() {
        for date in [d(1900, 1, 1), d(2000, 1, 1), d(2100, 12, 31), d(1967, 8, 8)] {
            assert_eq!(jdn_of(date), jdn_from_ymd(date.year(), date.month() as i32, date.day() as i32));
            assert_eq!(date_of(jdn_of(date)), Some(date));
        }
        assert_eq!(jdn_of(d(2000, 1, 1)), 2451545);
    }

    /// The fixture's columns for the Chinese calendar, computed by
    /// astronomy-engine at UTC+8: the same algorithm at UTC+8 reproduces
    /// them, so the Vietnamese/Chinese differences come from the time zone.
    #[test]
    fn at_utc8_the_algorithm_gives_the_chinese_calendar_of_the_fixture() {
        let cn = Table::build(8.0, FIRST_YEAR, LAST_YEAR);
        let csv = include_str!("../tests/data/vn_lunar_1900_2100.csv");
        let mut rows = 0;
        for line in csv.lines().skip(1) {
            let cols: Vec<&str> = line.split(',').collect();
            let year: i32 = cols[0].parse().expect("year");
            let new_year: NaiveDate = cols[3].parse().expect("date");
            let leap: u8 = cols[4].parse().expect("leap");
            assert_eq!(cn.tet(year).and_then(date_of), Some(new_year), "Chinese New Year {year}");
            assert_eq!(cn.leap_of(year), Some(leap), "Chinese leap month {year}");
            rows += 1;
        }
        assert_eq!(rows, 201);
    }

    #[test]
    fn the_table_is_contiguous_and_complete() {
        let t = table();
        assert_eq!(t.starts.len(), t.labels.len() + 1);
        assert_eq!(t.year_first.len(), (LAST_YEAR - FIRST_YEAR + 2) as usize);
        for w in t.starts.windows(2) {
            assert!(matches!(w[1] - w[0], 29 | 30), "month of {} days at {}", w[1] - w[0], w[0]);
        }
        // Labels run 1..12 with the leap month after its namesake.
        for i in 1..t.labels.len() {
            let (y0, m0, l0) = t.label(i - 1);
            let (y1, m1, l1) = t.label(i);
            let ok = if l1 {
                (y0, m0, l0) == (y1, m1, false)
            } else {
                (y1, m1) == if m0 == 12 { (y0 + 1, 1) } else { (y0, m0 + 1) }
            };
            assert!(ok, "{:?} then {:?}", (y0, m0, l0), (y1, m1, l1));
        }
        assert_eq!(t.label(0), (1900, 1, false));
        assert_eq!(t.label(t.labels.len() - 1), (2100, 12, false));
    }
}

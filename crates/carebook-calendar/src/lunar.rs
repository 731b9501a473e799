//! The Vietnamese lunar calendar.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The first and last lunar years supported.
pub const FIRST_YEAR: i32 = 1900;
pub const LAST_YEAR: i32 = 2100;

/// A day of the Vietnamese lunar calendar. `year` is the lunar year (the one
/// that starts at its Tết); `leap` marks the intercalary month (tháng nhuận)
/// that follows the ordinary month of the same number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
pub struct LunarDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub leap: bool,
}

/// The lunar date of a solar day; `None` outside the supported range.
pub fn to_lunar(_date: NaiveDate) -> Option<LunarDate> {
    unimplemented!("written next")
}

/// The solar day of a lunar date; `None` when that day does not exist
/// (a 30th in a 29-day month, a leap month the year does not have).
pub fn to_solar(_date: LunarDate) -> Option<NaiveDate> {
    unimplemented!("written next")
}

/// The solar day of Tết (1st day of the 1st month) of `lunar_year`.
pub fn tet(_lunar_year: i32) -> Option<NaiveDate> {
    unimplemented!("written next")
}

/// The number of the month that is doubled in `lunar_year`, if any.
pub fn leap_month(_lunar_year: i32) -> Option<u8> {
    unimplemented!("written next")
}

/// 29 or 30: the length of a month; `None` when the year has no such month.
pub fn month_length(_lunar_year: i32, _month: u8, _leap: bool) -> Option<u8> {
    unimplemented!("written next")
}

//! carebook-calendar: the calendar rules of CareBook, as pure functions.
//!
//! - [`lunar`]: the Vietnamese lunar calendar (new moons and solar terms at
//!   UTC+7), solar ↔ lunar for 1900–2100, Tết, leap months.
//! - [`recur`]: yearly dates on either calendar (birthdays, anniversaries),
//!   the 1st and 15th of each lunar month, Tết, and custom RRULE rules,
//!   expanded for a range of days.
//! - [`ics`]: an iCalendar (RFC 5545) file of dated items.
//!
//! Nothing here reads the clock or touches storage: `today` and ranges are
//! arguments.

#![warn(missing_docs)]

pub mod ics;
pub mod lunar;
pub mod recur;

pub use ics::{IcsEvent, write_ics};
pub use lunar::LunarDate;
pub use recur::{Calendar, CustomRule, Occurrence, RuleError, Shift, YearlyDate};

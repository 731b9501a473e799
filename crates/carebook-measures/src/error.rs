//! The one error type of this crate.

use chrono::NaiveDate;
use thiserror::Error;

/// Why a measure could not be computed: the question was malformed, never
/// the data (rows that say odd things are counted as they are).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MeasureError {
    /// A range whose first day is after its last day.
    #[error("the range starts on {from} after it ends on {to}")]
    InvertedRange {
        /// The range's first day.
        from: NaiveDate,
        /// The range's last day, before `from`.
        to: NaiveDate,
    },
    /// A month number outside 1–12, or a year chrono cannot represent.
    #[error("there is no month {month} in year {year}")]
    InvalidMonth {
        /// The year asked for.
        year: i32,
        /// The month asked for.
        month: u32,
    },
    /// A date computed from the question (a previous range, a window a year
    /// back) falls outside the calendar chrono supports.
    #[error("a date needed for this range is outside the supported calendar")]
    DateOutOfRange,
    /// A setting with a value the rules cannot use.
    #[error("setting {name}: {reason}")]
    InvalidSetting {
        /// The setting's JSON name, e.g. `loyalMonths`.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, MeasureError>;

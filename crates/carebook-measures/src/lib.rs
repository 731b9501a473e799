//! carebook-measures: CareBook's service measures, service level and
//! at-risk list, as pure functions over plain rows.
//!
//! The store reads the rows ([`RequestRow`], [`FeedbackRow`],
//! [`PurchaseRow`], [`TaskRow`], [`CustomerName`]), the API passes them in
//! with `today`, and the dashboard, `carebook measures --json` and the
//! printed monthly report show the structures returned here
//! ([`MeasureSet`], [`Comparison`], [`TrendPoint`], [`ServiceAssessment`],
//! [`AtRisk`], [`Drill`]). Nothing here reads the clock, a database or the
//! network.
//!
//! Definitions (the product brief's):
//!
//! - A range is inclusive local days ([`DateRange`]). Requests count in the
//!   range they were **received** in, feedback where it was **given**,
//!   purchases by date, care tasks by **due** date.
//! - Resolution rate = resolved ÷ received. FCR = resolved requests marked
//!   first-contact, not transferred, not reopened ÷ resolved requests.
//! - Response time = first response − received; resolution time = resolved
//!   − received: median and 90th percentile, **nearest rank** (see
//!   [`stats`]); requests without the time are left out.
//! - Wait time: in-store and phone requests only, mean and p90.
//! - CSAT share = answers of 4 or 5 ÷ CSAT answers, and the mean. NPS = %
//!   promoters (9–10) − % detractors (0–6).
//! - Loyal rate = customers who bought in ≥ 3 distinct calendar months of
//!   the 12 ending with the range's last day ÷ customers who bought in them.
//!   Retention = customers of the previous range who bought again in this
//!   one ÷ customers of the previous range.
//! - Care on-time rate = tasks due in the range done by the end of their due
//!   day ÷ tasks due in the range (planned tasks not yet past their due day
//!   are left out until they are). Overdue = planned, due before today.
//!   Overdue in a [`MeasureSet`] counts the range's tasks; [`overdue_tasks`]
//!   lists today's, whatever their due date.
//! - The previous range has the same length just before: the same number of
//!   whole calendar months for a range of whole months (March → February),
//!   else the same number of days. Last year is the same dates a year back
//!   (29 Feb → 28 Feb; whole months → the same months).
//! - Service level ([`assess`]): seed 003's six levels from the CSAT share
//!   and NPS; fewer than 10 CSAT answers is "not enough feedback".
//! - A ratio over nothing is `None`, never 0 or NaN.
//!
//! Cost: one pass over each kind of row serves any number of ranges
//! ([`dashboard`] computes the comparison and a 12-month trend together).

#![warn(missing_docs)]

pub mod breakdown;
pub mod drill;
pub mod error;
mod facts;
mod index;
pub mod level;
pub mod measures;
pub mod range;
pub mod risk;
pub mod rows;
pub mod settings;
pub mod stats;

pub use breakdown::{BreakdownGroup, Breakdowns, ChannelMeasures, StaffMeasures, breakdowns, by_channel, by_staff};
pub use drill::{Drill, DrillEntity, MeasureKey, drill, drill_group};
pub use error::{MeasureError, Result};
pub use level::{LevelCap, LevelInfo, LevelInputs, ServiceAssessment, ServiceLevel, assess, remedies};
pub use measures::{
    Comparison, Dashboard, MeasureSet, TrendPoint, compare, dashboard, loyal_window, measure_ranges, measures,
    monthly_trend, overdue_tasks,
};
pub use range::{DateRange, YearMonth};
pub use risk::{AtRisk, RiskBase, RiskEvidence, RiskReason, at_risk, at_risk_top, usual_visit_interval};
pub use rows::{CustomerName, FeedbackRow, PurchaseRow, Records, RequestRow, TaskRow};
pub use settings::{InactivityRule, LevelThresholds, Settings};

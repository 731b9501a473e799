//! carebook-care: the care rules of CareBook, as pure functions over plain rows.
//!
//! - [`template`]: message templates with placeholders in Vietnamese and
//!   English, checked and rendered; the default templates.
//! - [`loyalty`]: the points ledger, the balance derived from it, tiers and
//!   the days tiers were reached.
//! - [`contact`]: Zalo, call and email links to a customer, and the
//!   language a message to them is written in.
//! - [`plans`]: care plans (a trigger and dated steps) and the generation of
//!   care tasks from them, idempotent by a stable key per task.
//! - [`print`]: the mail merge of care tasks into cards and letters
//!   (consent respected) and which tasks go on a call list.
//! - [`reminder`]: whether the daily care reminder is due (its setting, the
//!   day it was last shown).
//!
//! Nothing here reads the clock or touches storage: `today` is an argument.

#![warn(missing_docs)]

mod error;
mod text;

pub mod contact;
pub mod loyalty;
pub mod plans;
pub mod print;
pub mod reminder;
pub mod template;

use carebook_core::CalendarKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use contact::{ContactLinks, contact_links, message_lang};
pub use error::{CareError, LoyaltyError, TemplateError};
pub use loyalty::{EntryKind, LedgerEntry, LoyaltyRules, Standing, Tier, TierReached};
pub use plans::{
    AssigneeRule, CustomerFacts, GenerateInput, Generated, LeftOut, Plan, PlanStep, PlannedTask, PurchaseFact, Reason,
    ServiceEvent, ServiceEventKind, Trigger, generate,
};
pub use reminder::{ReminderSetting, reminder_due};
pub use template::{Placeholder, Template, TemplateContext};

/// A customer's birthday as the care rules need it: day and month on the
/// solar or the lunar calendar, and for lunar ones whether the month is the
/// leap month (tháng nhuận). The year of birth plays no part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BirthdayDate {
    /// The calendar `day` and `month` are on.
    pub calendar: CalendarKind,
    /// 1 to 31 (solar) or 1 to 30 (lunar).
    pub day: u8,
    /// 1 to 12.
    pub month: u8,
    /// Meaningful for lunar birthdays only.
    pub leap: bool,
}

// `CalendarKind` is not `Hash`; generation caches occurrences by birthday.
impl std::hash::Hash for BirthdayDate {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self.calendar == CalendarKind::Lunar, self.day, self.month, self.leap).hash(state);
    }
}

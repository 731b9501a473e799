//! The records of the customer book, as they cross the API.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Phone;

pub type CustomerId = i64;
pub type StaffId = i64;
pub type PurchaseId = i64;
pub type NoteId = i64;

use crate::labels::labelled;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
    Other,
}
labelled!(Gender, "gender" {
    Female = "female", "Nữ", "Female";
    Male = "male", "Nam", "Male";
    Other = "other", "Khác", "Other";
});

/// External customers buy; internal customers are colleagues the shop serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    #[default]
    External,
    Internal,
}
labelled!(CustomerKind, "kind" {
    External = "external", "Khách hàng bên ngoài", "External customer";
    Internal = "internal", "Khách hàng nội bộ", "Internal customer";
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CalendarKind {
    Solar,
    Lunar,
}
labelled!(CalendarKind, "calendar" {
    Solar = "solar", "Dương lịch", "Solar";
    Lunar = "lunar", "Âm lịch", "Lunar";
});

/// A birthday on the solar or the lunar calendar; the year is optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Birthday {
    pub calendar: CalendarKind,
    pub day: u8,
    pub month: u8,
    #[ts(optional = nullable)]
    pub year: Option<i32>,
    /// A lunar birthday in a leap month (tháng nhuận). In years without that
    /// leap month it falls in the ordinary month of the same number.
    #[serde(default)]
    pub leap: bool,
}

/// Consent to receive offers and thank-you messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    #[default]
    Unknown,
    Given,
    Withdrawn,
}
labelled!(Consent, "consent" {
    Unknown = "unknown", "Chưa rõ", "Unknown";
    Given = "given", "Đã đồng ý", "Given";
    Withdrawn = "withdrawn", "Đã rút lại", "Withdrawn";
});

/// Where the shop talks with a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    InStore,
    Phone,
    Zalo,
    Facebook,
    Email,
    Web,
    Other,
}
labelled!(Channel, "channel" {
    InStore = "in_store", "Tại cửa hàng", "In store";
    Phone = "phone", "Điện thoại", "Phone";
    Zalo = "zalo", "Zalo", "Zalo";
    Facebook = "facebook", "Facebook", "Facebook";
    Email = "email", "Email", "Email";
    Web = "web", "Web", "Web";
    Other = "other", "Khác", "Other";
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    Owner,
    #[default]
    Staff,
}
labelled!(StaffRole, "role" {
    Owner = "owner", "Chủ cửa hàng", "Owner";
    Staff = "staff", "Nhân viên", "Staff";
});

/// What a person types into the customer form. Validated into a
/// [`crate::ValidCustomer`] before anything is stored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerInput {
    pub name: String,
    pub phones: Vec<String>,
    #[ts(optional = nullable)]
    pub email: Option<String>,
    #[ts(optional = nullable)]
    pub birthday: Option<Birthday>,
    #[ts(optional = nullable)]
    pub gender: Option<Gender>,
    #[ts(optional = nullable)]
    pub address: Option<String>,
    pub kind: CustomerKind,
    #[ts(optional = nullable)]
    pub source: Option<String>,
    pub tags: Vec<String>,
    #[ts(optional = nullable)]
    pub notes: Option<String>,
    pub consent: Consent,
    /// When consent was given or withdrawn; today when left empty.
    #[ts(optional = nullable)]
    pub consent_date: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub preferred_channel: Option<Channel>,
    pub loyalty_points: i64,
    #[ts(optional = nullable)]
    pub tier: Option<String>,
}

/// A customer as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: CustomerId,
    pub name: String,
    pub phones: Vec<Phone>,
    pub email: Option<String>,
    pub birthday: Option<Birthday>,
    pub gender: Option<Gender>,
    pub address: Option<String>,
    pub kind: CustomerKind,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub consent: Consent,
    pub consent_date: Option<NaiveDate>,
    pub preferred_channel: Option<Channel>,
    pub loyalty_points: i64,
    pub tier: Option<String>,
    pub archived_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Totals over all the customer's purchases (derived, never stored).
    pub purchase_count: i64,
    pub total_spent_vnd: i64,
    pub last_purchase: Option<NaiveDate>,
}

/// One row of the customer list or of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRow {
    pub id: CustomerId,
    pub name: String,
    /// The first phone number, as displayed.
    pub phone: Option<String>,
    pub email: Option<String>,
    pub tags: Vec<String>,
    pub kind: CustomerKind,
    pub last_purchase: Option<NaiveDate>,
    pub purchase_count: i64,
    pub total_spent_vnd: i64,
    pub archived: bool,
}

/// Money amounts are whole Vietnamese đồng.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PurchaseInput {
    pub customer_id: CustomerId,
    /// Today when left empty.
    #[ts(optional = nullable)]
    pub date: Option<NaiveDate>,
    pub amount_vnd: i64,
    #[ts(optional = nullable)]
    pub items: Option<String>,
    #[ts(optional = nullable)]
    pub staff_id: Option<StaffId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Purchase {
    pub id: PurchaseId,
    pub customer_id: CustomerId,
    pub date: NaiveDate,
    pub amount_vnd: i64,
    pub items: Option<String>,
    pub staff_id: Option<StaffId>,
    pub staff_name: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NoteInput {
    pub customer_id: CustomerId,
    pub body: String,
    #[ts(optional = nullable)]
    pub staff_id: Option<StaffId>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub id: NoteId,
    pub customer_id: CustomerId,
    pub body: String,
    pub staff_id: Option<StaffId>,
    pub staff_name: Option<String>,
    pub created_at: NaiveDateTime,
}

/// One entry of a customer's history, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TimelineItem {
    Purchase(Purchase),
    Note(Note),
}

impl TimelineItem {
    /// The moment by which the timeline is ordered.
    pub fn at(&self) -> NaiveDateTime {
        match self {
            TimelineItem::Purchase(p) => p.date.and_time(p.created_at.time()),
            TimelineItem::Note(n) => n.created_at,
        }
    }

    /// Orders the timeline, newest first: by [`Self::at`], then by when the
    /// entry was written, then notes before purchases written the same second.
    pub fn newest_first_key(&self) -> std::cmp::Reverse<(NaiveDateTime, NaiveDateTime, u8, i64)> {
        let (written, kind, id) = match self {
            TimelineItem::Purchase(p) => (p.created_at, 0, p.id),
            TimelineItem::Note(n) => (n.created_at, 1, n.id),
        };
        std::cmp::Reverse((self.at(), written, kind, id))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct StaffInput {
    pub name: String,
    pub role: StaffRole,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Staff {
    pub id: StaffId,
    pub name: String,
    pub role: StaffRole,
    pub active: bool,
}

/// Another customer already has this phone number or email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateWarning {
    /// `phone` or `email`.
    pub field: String,
    /// The phone number (displayed form) or email that is shared.
    pub value: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
}

/// One import of a file, as listed for the owner and returned by a commit or
/// an undo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ImportBatchInfo")]
pub struct ImportBatch {
    pub id: i64,
    pub source_name: String,
    pub format: String,
    pub created_at: NaiveDateTime,
    pub rows_total: i64,
    pub customers_created: i64,
    pub customers_merged: i64,
    pub purchases_created: i64,
    #[ts(optional = nullable)]
    pub undone_at: Option<NaiveDateTime>,
}

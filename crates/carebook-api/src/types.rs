//! Arguments and results of the API commands, as they cross to the UI.
//! `ui/src/lib/bindings.ts` is generated from these (see tests/bindings.rs).

use carebook_core::{
    Customer, CustomerId, CustomerInput, CustomerRow, DuplicateWarning, NoteInput, PurchaseInput, StaffId, StaffInput,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub shop_name: String,
    pub is_demo: bool,
    pub db_path: String,
    pub schema_version: i64,
    pub customer_count: i64,
    pub version: String,
    /// The shop's date today, by its computer's clock.
    pub today: NaiveDate,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StartOwnShop {
    pub shop_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ListArgs {
    pub archived: bool,
    pub offset: u32,
    pub limit: u32,
}

impl Default for ListArgs {
    fn default() -> Self {
        ListArgs { archived: false, offset: 0, limit: 100 }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerPage {
    pub total: i64,
    pub rows: Vec<CustomerRow>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchArgs {
    pub query: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
}

/// One search result and why it matched: `exact`, `name_prefix`, `phone`,
/// `name_words` or `other` (email, tags, notes), best first.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub row: CustomerRow,
    pub matched: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    pub hits: Vec<SearchHit>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IdArgs {
    pub id: i64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TimelineArgs {
    pub id: CustomerId,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateCustomer {
    pub input: CustomerInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateCustomer {
    pub id: CustomerId,
    pub input: CustomerInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckDuplicates {
    pub input: CustomerInput,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub exclude_id: Option<CustomerId>,
}

/// A saved customer, with the other customers that share a phone or email.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedCustomer {
    pub customer: Customer,
    pub warnings: Vec<DuplicateWarning>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Duplicates {
    pub warnings: Vec<DuplicateWarning>,
}

/// What a permanent delete of a customer takes with it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Footprint {
    pub purchases: i64,
    pub notes: i64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
pub struct Empty {}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddPurchase {
    pub input: PurchaseInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddNote {
    pub input: NoteInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateStaff {
    pub input: StaffInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStaff {
    pub id: StaffId,
    pub input: StaffInput,
}

//! Personal data (Vietnam's Decree 13/2023): the consent history, the audit
//! log, and everything the shop holds about one customer.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::labels::labelled;
use crate::{CareTask, Consent, Customer, CustomerId, Feedback, Note, Purchase, ServiceRequest};

/// What an audit entry says was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Archive,
    Restore,
    Delete,
    Erase,
    Export,
    Import,
    ImportUndo,
    StartOwnShop,
    Backup,
    BackupSettings,
    RestoreBackup,
    MoveBook,
    /// Care plans created tasks.
    Generate,
    /// Loyalty points corrected by hand, up or down.
    AdjustPoints,
    /// Loyalty points spent on a reward.
    RedeemPoints,
}
labelled!(AuditAction, "audit.action" {
    Create = "create", "Tạo mới", "Created";
    Update = "update", "Sửa", "Edited";
    Archive = "archive", "Lưu trữ", "Archived";
    Restore = "restore", "Khôi phục", "Restored";
    Delete = "delete", "Xoá vĩnh viễn", "Deleted";
    Erase = "erase", "Xoá toàn bộ dữ liệu", "Erased all data";
    Export = "export", "Xuất dữ liệu", "Exported";
    Import = "import", "Nhập dữ liệu", "Imported";
    ImportUndo = "import_undo", "Hoàn tác lần nhập dữ liệu", "Undid an import";
    StartOwnShop = "start_own_shop", "Bắt đầu cửa hàng", "Started own shop";
    Backup = "backup", "Sao lưu", "Backed up";
    BackupSettings = "backup_settings", "Đổi cài đặt sao lưu", "Changed backup settings";
    RestoreBackup = "restore_backup", "Khôi phục từ bản sao lưu", "Restored from a backup";
    MoveBook = "move_book", "Chuyển nơi lưu sổ khách hàng", "Moved the customer book";
    Generate = "generate", "Tạo việc chăm sóc theo kế hoạch", "Created care tasks from plans";
    AdjustPoints = "adjust_points", "Điều chỉnh điểm", "Adjusted points";
    RedeemPoints = "redeem_points", "Đổi điểm", "Redeemed points";
});

/// The kind of record an audit entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AuditEntity {
    Customer,
    Purchase,
    Note,
    Request,
    CareTask,
    Feedback,
    Staff,
    Shop,
    Import,
    CarePlan,
    Template,
    /// An entry of a customer's points ledger.
    Loyalty,
    /// The rate and tiers of the loyalty programme.
    LoyaltyRules,
}
labelled!(AuditEntity, "audit.entity" {
    Customer = "customer", "Khách hàng", "Customer";
    Purchase = "purchase", "Lần mua hàng", "Purchase";
    Note = "note", "Ghi chú", "Note";
    Request = "request", "Yêu cầu", "Request";
    CareTask = "care_task", "Việc chăm sóc", "Care task";
    Feedback = "feedback", "Phản hồi", "Feedback";
    Staff = "staff", "Nhân viên", "Staff member";
    Shop = "shop", "Cửa hàng", "Shop";
    Import = "import", "Lần nhập dữ liệu", "Import";
    CarePlan = "care_plan", "Kế hoạch chăm sóc", "Care plan";
    Template = "template", "Mẫu tin nhắn", "Message template";
    Loyalty = "loyalty", "Điểm tích luỹ", "Loyalty points";
    LoyaltyRules = "loyalty_rules", "Chương trình tích điểm", "Loyalty programme";
});

/// One change of a customer's consent to receive offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConsentEvent {
    pub id: i64,
    pub customer_id: CustomerId,
    pub consent: Consent,
    /// The date the customer gave or withdrew consent.
    pub date: Option<NaiveDate>,
    /// When the shop recorded the change.
    pub recorded_at: NaiveDateTime,
    /// Who recorded it; absent for demo data and rows older than the history.
    pub actor: Option<String>,
}

/// One field of a record before and after a change, as shown to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    /// The API's field name: `name`, `phones`, `consent`…
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl FieldChange {
    pub fn new(field: &str, before: Option<String>, after: Option<String>) -> FieldChange {
        FieldChange { field: field.to_owned(), before, after }
    }
}

/// One entry of the audit log: who did what to which record, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor: String,
    /// An [`AuditAction`] code. Read as text: an entry is shown even when a
    /// newer CareBook wrote a code this one does not know.
    pub action: String,
    /// An [`AuditEntity`] code, read as text for the same reason.
    pub entity: String,
    pub entity_id: Option<i64>,
    /// The customer the entry is about, if any.
    pub customer_id: Option<CustomerId>,
    /// The subject's label at the time (a name, a file); `#id` once erased.
    pub summary: String,
    pub changes: Vec<FieldChange>,
}

/// Everything the shop holds about one customer: what `customer_export` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerDossier {
    /// Always `carebook-customer-export`.
    pub format: String,
    pub version: u32,
    pub exported_at: NaiveDateTime,
    pub shop_name: String,
    pub customer: Customer,
    /// Oldest first.
    pub consent_history: Vec<ConsentEvent>,
    /// Oldest first.
    pub purchases: Vec<Purchase>,
    /// Oldest first.
    pub notes: Vec<Note>,
    /// Service requests, oldest first.
    pub requests: Vec<ServiceRequest>,
    /// Care tasks, by due date.
    pub care_tasks: Vec<CareTask>,
    /// Oldest first.
    pub feedback: Vec<Feedback>,
    /// Entries of the audit log about this customer, oldest first.
    pub audit: Vec<AuditEntry>,
}

impl CustomerDossier {
    pub const FORMAT: &'static str = "carebook-customer-export";
    /// 2 added requests, care tasks and feedback.
    pub const VERSION: u32 = 2;
}

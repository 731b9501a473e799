//! The plain rows the measures are computed from. The store reads them; all
//! times are the shop's local wall clock already.

use carebook_core::{
    CareTaskId, CareTaskKind, CareTaskOrigin, CareTaskStatus, Channel, CustomerId, FeedbackId, RequestId, RequestKind,
    RequestStatus, StaffId,
};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A service request (question, order, complaint…) as the measures see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRow {
    pub id: RequestId,
    pub customer_id: CustomerId,
    pub channel: Channel,
    pub kind: RequestKind,
    pub received_at: NaiveDateTime,
    pub first_response_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    /// Minutes in the queue or on hold (recorded for in-store and phone requests).
    pub wait_minutes: Option<i64>,
    pub handled_by: Option<StaffId>,
    pub transferred_to: Option<StaffId>,
    pub status: RequestStatus,
    /// Marked resolved at the first contact.
    pub first_contact: bool,
    /// A resolved request that was opened again.
    pub reopened: bool,
}

/// A customer's answer: CSAT 1–5 and/or NPS 0–10.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackRow {
    pub id: FeedbackId,
    pub customer_id: CustomerId,
    pub csat: Option<u8>,
    pub nps: Option<u8>,
    pub given_at: NaiveDateTime,
    pub request_id: Option<RequestId>,
    pub care_task_id: Option<CareTaskId>,
    pub comment: Option<String>,
}

/// A purchase or visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseRow {
    pub customer_id: CustomerId,
    pub date: NaiveDate,
    /// Whole đồng.
    pub amount: i64,
    pub staff_id: Option<StaffId>,
}

/// A care task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRow {
    pub id: CareTaskId,
    pub customer_id: CustomerId,
    pub kind: CareTaskKind,
    pub due_date: NaiveDate,
    pub status: CareTaskStatus,
    /// When it left *planned* (done or skipped).
    pub completed_at: Option<NaiveDateTime>,
    pub assignee_id: Option<StaffId>,
    pub origin: CareTaskOrigin,
}

/// A customer's name, for the at-risk list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerName {
    pub id: CustomerId,
    pub name: String,
}

/// All the rows of a book the measures read, borrowed. Order does not
/// matter; every function makes its own pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Records<'a> {
    pub requests: &'a [RequestRow],
    pub feedback: &'a [FeedbackRow],
    pub purchases: &'a [PurchaseRow],
    pub tasks: &'a [TaskRow],
}

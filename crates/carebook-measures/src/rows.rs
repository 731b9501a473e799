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
    /// The request.
    pub id: RequestId,
    /// Whose request it is.
    pub customer_id: CustomerId,
    /// Where it came in.
    pub channel: Channel,
    /// Question, order, complaint, return, other.
    pub kind: RequestKind,
    /// When it came in; decides its range.
    pub received_at: NaiveDateTime,
    /// When the shop first answered.
    pub first_response_at: Option<NaiveDateTime>,
    /// When it was resolved (used only while the status is resolved).
    pub resolved_at: Option<NaiveDateTime>,
    /// Minutes in the queue or on hold (recorded for in-store and phone requests).
    pub wait_minutes: Option<i64>,
    /// Who handled it first.
    pub handled_by: Option<StaffId>,
    /// Whom it was passed on to.
    pub transferred_to: Option<StaffId>,
    /// Open, waiting or resolved, now.
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
    /// The answer.
    pub id: FeedbackId,
    /// Who answered.
    pub customer_id: CustomerId,
    /// CSAT score, 1–5.
    pub csat: Option<u8>,
    /// NPS score, 0–10.
    pub nps: Option<u8>,
    /// When it was given; decides its range.
    pub given_at: NaiveDateTime,
    /// The request it is about.
    pub request_id: Option<RequestId>,
    /// The care task it answered.
    pub care_task_id: Option<CareTaskId>,
    /// The customer's words.
    pub comment: Option<String>,
    /// How it came when it is not about a request (a check-in call, the
    /// kiosk); an answer about a request counts under the request's channel.
    pub channel: Option<Channel>,
}

/// A purchase or visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseRow {
    /// Who bought.
    pub customer_id: CustomerId,
    /// The day of the purchase or visit.
    pub date: NaiveDate,
    /// Whole đồng.
    pub amount: i64,
    /// Who served.
    pub staff_id: Option<StaffId>,
}

/// A care task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskRow {
    /// The task.
    pub id: CareTaskId,
    /// For whom.
    pub customer_id: CustomerId,
    /// Thank-you note, offer, call…
    pub kind: CareTaskKind,
    /// The day it is due; decides its range.
    pub due_date: NaiveDate,
    /// Planned, done or skipped, now.
    pub status: CareTaskStatus,
    /// When it left *planned* (done or skipped).
    pub completed_at: Option<NaiveDateTime>,
    /// Who is to do it.
    pub assignee_id: Option<StaffId>,
    /// Manual, plan or recurrence.
    pub origin: CareTaskOrigin,
}

/// A customer's name, for the at-risk list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerName {
    /// The customer.
    pub id: CustomerId,
    /// As shown in lists.
    pub name: String,
}

/// All the rows of a book the measures read, borrowed. Order does not
/// matter; every function makes its own pass.
#[derive(Debug, Clone, Copy, Default)]
pub struct Records<'a> {
    /// Every service request.
    pub requests: &'a [RequestRow],
    /// Every feedback answer.
    pub feedback: &'a [FeedbackRow],
    /// Every purchase.
    pub purchases: &'a [PurchaseRow],
    /// Every care task.
    pub tasks: &'a [TaskRow],
}

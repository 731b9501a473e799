//! Service requests, feedback and care tasks: what happens between the shop
//! and a customer besides purchases. Definitions follow the product brief:
//! a request is received, answered, maybe transferred, resolved; feedback is a
//! CSAT (1–5) and/or NPS (0–10) answer; a care task is one dated thing to do.
//! Overdue is derived from the due date, never stored.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::labels::labelled;
use crate::model::{Channel, CustomerId, StaffId};
use crate::validate::{FieldError, MAX_TEXT, Validation, optional_text, required_text};

pub type RequestId = i64;
pub type FeedbackId = i64;
pub type CareTaskId = i64;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    #[default]
    Question,
    Order,
    Complaint,
    Return,
    Other,
}
labelled!(RequestKind, "request.kind" {
    Question = "question", "Hỏi thông tin", "Question";
    Order = "order", "Đặt hàng", "Order";
    Complaint = "complaint", "Khiếu nại", "Complaint";
    Return = "return", "Đổi trả", "Return or exchange";
    Other = "other", "Khác", "Other";
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    #[default]
    Open,
    Waiting,
    Resolved,
}
labelled!(RequestStatus, "request.status" {
    Open = "open", "Đang xử lý", "Open";
    Waiting = "waiting", "Chờ phản hồi", "Waiting for reply";
    Resolved = "resolved", "Đã giải quyết", "Resolved";
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CareTaskKind {
    ThankYou,
    Offer,
    EventInvitation,
    BirthdayGreeting,
    /// Tết and other holiday greetings.
    Greeting,
    #[default]
    FollowUpCall,
    CheckIn,
    SurveyRequest,
    Custom,
}
labelled!(CareTaskKind, "task.kind" {
    ThankYou = "thank_you", "Thiệp / lời cảm ơn", "Thank-you card or message";
    Offer = "offer", "Ưu đãi", "Offer";
    EventInvitation = "event_invitation", "Mời sự kiện khách hàng thân thiết", "Loyalty event invitation";
    BirthdayGreeting = "birthday_greeting", "Chúc mừng sinh nhật", "Birthday greeting";
    Greeting = "greeting", "Thiệp chúc mừng (Tết, lễ)", "Holiday greeting";
    FollowUpCall = "follow_up_call", "Gọi điện hỏi thăm", "Follow-up call";
    CheckIn = "check_in", "Hỏi thăm", "Check-in";
    SurveyRequest = "survey_request", "Khảo sát mức độ hài lòng", "Satisfaction survey";
    Custom = "custom", "Việc khác", "Other task";
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CareTaskStatus {
    #[default]
    Planned,
    Done,
    Skipped,
}
labelled!(CareTaskStatus, "task.status" {
    Planned = "planned", "Đã lên lịch", "Planned";
    Done = "done", "Đã xong", "Done";
    Skipped = "skipped", "Bỏ qua", "Skipped";
});

/// Where a care task came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CareTaskOrigin {
    #[default]
    Manual,
    Plan,
    Recurrence,
}
labelled!(CareTaskOrigin, "task.origin" {
    Manual = "manual", "Tạo tay", "Added by hand";
    Plan = "plan", "Kế hoạch chăm sóc", "Care plan";
    Recurrence = "recurrence", "Lặp lại", "Repeating task";
});

/// A request, question or complaint as the counter records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RequestInput {
    pub customer_id: CustomerId,
    pub channel: Channel,
    pub kind: RequestKind,
    /// What the customer asked for, in a sentence.
    pub summary: String,
    /// Now when left empty.
    #[ts(optional = nullable)]
    pub received_at: Option<NaiveDateTime>,
    #[ts(optional = nullable)]
    pub first_response_at: Option<NaiveDateTime>,
    /// Now when the status is `resolved` and this is left empty.
    #[ts(optional = nullable)]
    pub resolved_at: Option<NaiveDateTime>,
    /// Minutes the customer waited in the queue or on hold.
    #[ts(optional = nullable)]
    pub wait_minutes: Option<i64>,
    #[ts(optional = nullable)]
    pub handled_by: Option<StaffId>,
    #[ts(optional = nullable)]
    pub transferred_to: Option<StaffId>,
    pub status: RequestStatus,
    /// Resolved during the first contact, without a transfer.
    pub first_contact: bool,
}

impl Default for RequestInput {
    fn default() -> Self {
        RequestInput {
            customer_id: 0,
            channel: Channel::InStore,
            kind: RequestKind::default(),
            summary: String::new(),
            received_at: None,
            first_response_at: None,
            resolved_at: None,
            wait_minutes: None,
            handled_by: None,
            transferred_to: None,
            status: RequestStatus::default(),
            first_contact: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidRequest {
    pub customer_id: CustomerId,
    pub channel: Channel,
    pub kind: RequestKind,
    pub summary: String,
    pub received_at: NaiveDateTime,
    pub first_response_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub wait_minutes: Option<i64>,
    pub handled_by: Option<StaffId>,
    pub transferred_to: Option<StaffId>,
    pub status: RequestStatus,
    pub first_contact: bool,
}

/// A stored request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRequest {
    pub id: RequestId,
    pub customer_id: CustomerId,
    pub channel: Channel,
    pub kind: RequestKind,
    pub summary: String,
    pub received_at: NaiveDateTime,
    pub first_response_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub wait_minutes: Option<i64>,
    pub handled_by: Option<StaffId>,
    pub handled_by_name: Option<String>,
    pub transferred_to: Option<StaffId>,
    pub transferred_to_name: Option<String>,
    pub status: RequestStatus,
    pub first_contact: bool,
    /// Set when a resolved request was opened again.
    pub reopened: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Longest wait worth recording: a week.
pub const MAX_WAIT_MINUTES: i64 = 7 * 24 * 60;

impl RequestInput {
    pub fn validate(&self, now: NaiveDateTime) -> Validation<ValidRequest> {
        let mut errors = Vec::new();
        let summary = required_text("summary", &self.summary, 1_000, &mut errors);
        let received_at = self.received_at.unwrap_or(now);
        let not_future = |field: &str, at: NaiveDateTime, errors: &mut Vec<FieldError>| {
            if at > now {
                errors.push(FieldError::new(field, "date_in_future", format!("{field} is in the future")));
            }
        };
        not_future("receivedAt", received_at, &mut errors);
        let not_before_received = |field: &str, at: NaiveDateTime, errors: &mut Vec<FieldError>| {
            not_future(field, at, errors);
            if at < received_at {
                errors.push(FieldError::new(
                    field,
                    "before_received",
                    format!("{field} is before the request was received"),
                ));
            }
        };
        if let Some(at) = self.first_response_at {
            not_before_received("firstResponseAt", at, &mut errors);
        }
        let resolved_at = match self.status {
            RequestStatus::Resolved => {
                if let Some(at) = self.resolved_at {
                    not_before_received("resolvedAt", at, &mut errors);
                }
                Some(self.resolved_at.unwrap_or(now))
            }
            // Only a resolved request has a resolution time.
            RequestStatus::Open | RequestStatus::Waiting => None,
        };
        if let Some(w) = self.wait_minutes
            && !(0..=MAX_WAIT_MINUTES).contains(&w)
        {
            errors.push(FieldError::new(
                "waitMinutes",
                "number_invalid",
                format!("wait must be between 0 and {MAX_WAIT_MINUTES} minutes"),
            ));
        }
        if self.first_contact && self.status != RequestStatus::Resolved {
            errors.push(FieldError::new(
                "firstContact",
                "not_resolved",
                "only a resolved request is resolved at first contact",
            ));
        }
        if self.first_contact && self.transferred_to.is_some() {
            errors.push(FieldError::new(
                "firstContact",
                "transferred",
                "a transferred request is not resolved at first contact",
            ));
        }
        if errors.is_empty() {
            Ok(ValidRequest {
                customer_id: self.customer_id,
                channel: self.channel,
                kind: self.kind,
                summary,
                received_at,
                // Resolving a request answers it, at the latest.
                first_response_at: self.first_response_at.or(resolved_at),
                resolved_at,
                wait_minutes: self.wait_minutes,
                handled_by: self.handled_by,
                transferred_to: self.transferred_to,
                status: self.status,
                first_contact: self.first_contact,
            })
        } else {
            Err(errors)
        }
    }
}

/// A customer's answer: CSAT 1–5 and/or NPS 0–10, with a comment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct FeedbackInput {
    pub customer_id: CustomerId,
    #[ts(optional = nullable)]
    pub csat: Option<i64>,
    #[ts(optional = nullable)]
    pub nps: Option<i64>,
    #[ts(optional = nullable)]
    pub comment: Option<String>,
    #[ts(optional = nullable)]
    pub request_id: Option<RequestId>,
    #[ts(optional = nullable)]
    pub care_task_id: Option<CareTaskId>,
    /// How the answer came when it is not about a request (a request's
    /// answer counts under the request's channel).
    #[ts(optional = nullable)]
    pub channel: Option<Channel>,
    /// Now when left empty.
    #[ts(optional = nullable)]
    pub given_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidFeedback {
    pub customer_id: CustomerId,
    pub csat: Option<i64>,
    pub nps: Option<i64>,
    pub comment: Option<String>,
    pub request_id: Option<RequestId>,
    pub care_task_id: Option<CareTaskId>,
    pub channel: Option<Channel>,
    pub given_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Feedback {
    pub id: FeedbackId,
    pub customer_id: CustomerId,
    pub csat: Option<i64>,
    pub nps: Option<i64>,
    pub comment: Option<String>,
    pub request_id: Option<RequestId>,
    pub care_task_id: Option<CareTaskId>,
    pub channel: Option<Channel>,
    pub given_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

impl FeedbackInput {
    pub fn validate(&self, now: NaiveDateTime) -> Validation<ValidFeedback> {
        let mut errors = Vec::new();
        if let Some(c) = self.csat
            && !(1..=5).contains(&c)
        {
            errors.push(FieldError::new("csat", "number_invalid", "CSAT is a score from 1 to 5"));
        }
        if let Some(n) = self.nps
            && !(0..=10).contains(&n)
        {
            errors.push(FieldError::new("nps", "number_invalid", "NPS is a score from 0 to 10"));
        }
        if self.csat.is_none() && self.nps.is_none() {
            errors.push(FieldError::new("csat", "required", "give a CSAT or an NPS score"));
        }
        let comment = optional_text("comment", &self.comment, MAX_TEXT, &mut errors);
        let given_at = self.given_at.unwrap_or(now);
        if given_at > now {
            errors.push(FieldError::new("givenAt", "date_in_future", "givenAt is in the future"));
        }
        if errors.is_empty() {
            Ok(ValidFeedback {
                customer_id: self.customer_id,
                csat: self.csat,
                nps: self.nps,
                comment,
                request_id: self.request_id,
                care_task_id: self.care_task_id,
                channel: self.channel,
                given_at,
            })
        } else {
            Err(errors)
        }
    }
}

/// One dated thing to do for a customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CareTaskInput {
    pub customer_id: CustomerId,
    pub kind: CareTaskKind,
    /// What to do; required for a custom task.
    #[ts(optional = nullable)]
    pub title: Option<String>,
    /// Today when left empty.
    #[ts(optional = nullable)]
    pub due_date: Option<NaiveDate>,
    #[ts(optional = nullable, type = "string | null")]
    pub due_time: Option<NaiveTime>,
    #[ts(optional = nullable)]
    pub assignee_id: Option<StaffId>,
    pub status: CareTaskStatus,
    #[ts(optional = nullable)]
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidCareTask {
    pub customer_id: CustomerId,
    pub kind: CareTaskKind,
    pub title: Option<String>,
    pub due_date: NaiveDate,
    pub due_time: Option<NaiveTime>,
    pub assignee_id: Option<StaffId>,
    pub status: CareTaskStatus,
    pub outcome: Option<String>,
    pub origin: CareTaskOrigin,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CareTask {
    pub id: CareTaskId,
    pub customer_id: CustomerId,
    pub kind: CareTaskKind,
    pub title: Option<String>,
    pub due_date: NaiveDate,
    #[ts(type = "string | null")]
    pub due_time: Option<NaiveTime>,
    pub assignee_id: Option<StaffId>,
    pub assignee_name: Option<String>,
    pub status: CareTaskStatus,
    pub outcome: Option<String>,
    pub origin: CareTaskOrigin,
    /// When it was marked done or skipped.
    pub completed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl CareTask {
    /// Planned and due before `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status == CareTaskStatus::Planned && self.due_date < today
    }
}

impl CareTaskInput {
    /// A task typed by a person (`origin` manual).
    pub fn validate(&self, today: NaiveDate) -> Validation<ValidCareTask> {
        let mut errors = Vec::new();
        let title = optional_text("title", &self.title, 300, &mut errors);
        if self.kind == CareTaskKind::Custom && title.is_none() {
            errors.push(FieldError::new("title", "required", "a custom task needs a title"));
        }
        let outcome = optional_text("outcome", &self.outcome, MAX_TEXT, &mut errors);
        if errors.is_empty() {
            Ok(ValidCareTask {
                customer_id: self.customer_id,
                kind: self.kind,
                title,
                due_date: self.due_date.unwrap_or(today),
                due_time: self.due_time,
                assignee_id: self.assignee_id,
                status: self.status,
                outcome,
                origin: CareTaskOrigin::Manual,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap()
    }

    fn codes<T: std::fmt::Debug>(r: Validation<T>) -> Vec<(String, String)> {
        r.unwrap_err().into_iter().map(|e| (e.field, e.code)).collect()
    }

    fn pair(field: &str, code: &str) -> (String, String) {
        (field.to_owned(), code.to_owned())
    }

    #[test]
    fn a_resolved_request_gets_a_resolution_time_and_an_open_one_none() {
        let input = RequestInput {
            customer_id: 1,
            summary: "  Hỏi giá bánh kem  ".into(),
            status: RequestStatus::Resolved,
            first_contact: true,
            resolved_at: None,
            ..Default::default()
        };
        let valid = input.validate(now()).unwrap();
        assert_eq!(valid.summary, "Hỏi giá bánh kem");
        assert_eq!((valid.received_at, valid.resolved_at), (now(), Some(now())));
        assert_eq!(valid.first_response_at, Some(now()), "resolving answers the request, at the latest");
        let open =
            RequestInput { status: RequestStatus::Open, first_contact: false, resolved_at: Some(now()), ..input };
        assert_eq!(open.validate(now()).unwrap().resolved_at, None);
    }

    #[test]
    fn request_times_are_in_order_and_first_contact_means_no_transfer() {
        let earlier = now() - chrono::Duration::hours(2);
        let input = RequestInput {
            customer_id: 1,
            summary: String::new(),
            received_at: Some(earlier),
            first_response_at: Some(earlier - chrono::Duration::minutes(5)),
            status: RequestStatus::Resolved,
            resolved_at: Some(now() + chrono::Duration::minutes(1)),
            wait_minutes: Some(-3),
            transferred_to: Some(2),
            first_contact: true,
            ..Default::default()
        };
        assert_eq!(
            codes(input.validate(now())),
            [
                pair("summary", "required"),
                pair("firstResponseAt", "before_received"),
                pair("resolvedAt", "date_in_future"),
                pair("waitMinutes", "number_invalid"),
                pair("firstContact", "transferred"),
            ]
        );
    }

    #[test]
    fn feedback_needs_a_score_in_range() {
        let none = FeedbackInput { customer_id: 1, comment: Some("ngon".into()), ..Default::default() };
        assert_eq!(codes(none.validate(now())), [pair("csat", "required")]);
        let bad = FeedbackInput { customer_id: 1, csat: Some(6), nps: Some(11), ..Default::default() };
        assert_eq!(codes(bad.validate(now())), [pair("csat", "number_invalid"), pair("nps", "number_invalid")]);
        let nps_only = FeedbackInput { customer_id: 1, nps: Some(0), ..Default::default() };
        assert_eq!(nps_only.validate(now()).unwrap().given_at, now());
    }

    #[test]
    fn a_custom_task_needs_a_title_and_overdue_is_derived() {
        let today = now().date();
        let custom = CareTaskInput { customer_id: 1, kind: CareTaskKind::Custom, ..Default::default() };
        assert_eq!(codes(custom.validate(today)), [pair("title", "required")]);
        let call = CareTaskInput { customer_id: 1, ..Default::default() }.validate(today).unwrap();
        assert_eq!((call.due_date, call.origin), (today, CareTaskOrigin::Manual));
        let mut task = CareTask {
            id: 1,
            customer_id: 1,
            kind: CareTaskKind::CheckIn,
            title: None,
            due_date: today.pred_opt().unwrap(),
            due_time: None,
            assignee_id: None,
            assignee_name: None,
            status: CareTaskStatus::Planned,
            outcome: None,
            origin: CareTaskOrigin::Manual,
            completed_at: None,
            created_at: now(),
            updated_at: now(),
        };
        assert!(task.is_overdue(today));
        assert!(!task.is_overdue(task.due_date), "due today is not overdue");
        task.status = CareTaskStatus::Done;
        assert!(!task.is_overdue(today), "a done task is never overdue");
    }
}

/// A step in a request's life, as its history shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RequestAction {
    /// Logged.
    Received,
    /// First answered.
    Respond,
    /// Passed to a colleague (from → to: staff names).
    Transfer,
    /// Resolved.
    Resolve,
    /// A resolved request opened again.
    Reopen,
    /// Open ↔ waiting (from → to: status codes).
    Status,
}

impl RequestAction {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestAction::Received => "received",
            RequestAction::Respond => "respond",
            RequestAction::Transfer => "transfer",
            RequestAction::Resolve => "resolve",
            RequestAction::Reopen => "reopen",
            RequestAction::Status => "status",
        }
    }

    pub fn parse(s: &str) -> Option<RequestAction> {
        [
            RequestAction::Received,
            RequestAction::Respond,
            RequestAction::Transfer,
            RequestAction::Resolve,
            RequestAction::Reopen,
            RequestAction::Status,
        ]
        .into_iter()
        .find(|a| a.as_str() == s)
    }
}

/// One change of a request: who, when, from → to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestEvent {
    pub id: i64,
    pub request_id: RequestId,
    pub at: NaiveDateTime,
    /// Who made the change (the audit log's actor).
    pub actor: String,
    pub action: RequestAction,
    /// Before: a status code, a staff name; none for a first response.
    #[ts(optional = nullable)]
    pub from: Option<String>,
    /// After.
    #[ts(optional = nullable)]
    pub to: Option<String>,
}

/// The history entries a change from `before` (none: a new request) to
/// `after` makes, in the order they happened.
pub fn request_events(
    before: Option<&ServiceRequest>,
    after: &ServiceRequest,
) -> Vec<(RequestAction, Option<String>, Option<String>)> {
    let mut out = Vec::new();
    let Some(b) = before else {
        out.push((RequestAction::Received, None, Some(after.status.as_str().to_owned())));
        if after.status == RequestStatus::Resolved {
            out.push((RequestAction::Resolve, Some(RequestStatus::Open.as_str().to_owned()), Some("resolved".into())));
        }
        return out;
    };
    if b.first_response_at.is_none()
        && let Some(at) = after.first_response_at
        && after.status != RequestStatus::Resolved
    {
        out.push((RequestAction::Respond, None, Some(at.format("%Y-%m-%d %H:%M").to_string())));
    }
    if after.transferred_to.is_some() && after.transferred_to != b.transferred_to {
        let from = b.transferred_to_name.clone().or_else(|| b.handled_by_name.clone());
        out.push((RequestAction::Transfer, from, after.transferred_to_name.clone()));
    }
    if b.status != after.status {
        let action = match (b.status, after.status) {
            (_, RequestStatus::Resolved) => RequestAction::Resolve,
            (RequestStatus::Resolved, _) => RequestAction::Reopen,
            _ => RequestAction::Status,
        };
        out.push((action, Some(b.status.as_str().to_owned()), Some(after.status.as_str().to_owned())));
    }
    out
}

//! Service requests, feedback and care tasks of one customer: record, edit,
//! list, delete. Every write is audited.

use carebook_core::{
    AuditAction, AuditEntity, CareTask, CareTaskId, CareTaskInput, CareTaskKind, CareTaskOrigin, CareTaskStatus,
    CustomerId, Feedback, FeedbackInput, FieldChange, RequestAction, RequestEvent, RequestId, RequestInput,
    RequestStatus, ServiceRequest, StaffId, ValidFeedback, request_events,
};
use carebook_store::Tx;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{AuditEvent, diff};
use crate::{Api, ApiError, Empty, IdArgs, Result};

/// A request's fields as an edit that changes nothing.
fn input_of(r: &ServiceRequest) -> RequestInput {
    RequestInput {
        customer_id: r.customer_id,
        channel: r.channel,
        kind: r.kind,
        summary: r.summary.clone(),
        received_at: Some(r.received_at),
        first_response_at: r.first_response_at,
        resolved_at: r.resolved_at,
        wait_minutes: r.wait_minutes,
        handled_by: r.handled_by,
        transferred_to: r.transferred_to,
        status: r.status,
        first_contact: r.first_contact,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResolveRequest {
    pub id: RequestId,
    /// Resolved at the first contact (ignored for a transferred or reopened request).
    #[serde(default)]
    pub first_contact: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TransferRequest {
    pub id: RequestId,
    /// The colleague who takes it over.
    pub to: StaffId,
    /// The follow-up task's title (default: a Vietnamese sentence naming the request).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub title: Option<String>,
}

/// A request after a one-click step, and the follow-up task a transfer made.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestChanged {
    pub request: ServiceRequest,
    #[ts(optional = nullable)]
    pub follow_up: Option<CareTaskView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveRequest {
    /// None records a new request.
    #[ts(optional = nullable)]
    pub id: Option<RequestId>,
    pub input: RequestInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveCareTask {
    /// None plans a new task.
    #[ts(optional = nullable)]
    pub id: Option<CareTaskId>,
    pub input: CareTaskInput,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddFeedback {
    pub input: FeedbackInput,
}

/// A care task as the UI shows it: with whether it is overdue today.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CareTaskView {
    #[serde(flatten)]
    pub task: CareTask,
    pub overdue: bool,
}

/// Everything between the shop and one customer besides purchases and notes.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerCare {
    pub requests: Vec<ServiceRequest>,
    pub tasks: Vec<CareTaskView>,
    pub feedback: Vec<Feedback>,
}

/// A record's fields as the audit log shows them.
type Fields = Vec<(&'static str, Option<String>)>;

fn request_fields(r: &ServiceRequest) -> Fields {
    vec![
        ("channel", Some(r.channel.as_str().to_owned())),
        ("requestKind", Some(r.kind.as_str().to_owned())),
        ("summary", Some(r.summary.clone())),
        ("receivedAt", Some(r.received_at.to_string())),
        ("firstResponseAt", r.first_response_at.map(|t| t.to_string())),
        ("resolvedAt", r.resolved_at.map(|t| t.to_string())),
        ("waitMinutes", r.wait_minutes.map(|w| w.to_string())),
        ("handledBy", r.handled_by_name.clone()),
        ("transferredTo", r.transferred_to_name.clone()),
        ("requestStatus", Some(r.status.as_str().to_owned())),
        ("firstContact", Some(r.first_contact.to_string())),
    ]
}

fn task_fields(t: &CareTask) -> Fields {
    vec![
        ("taskKind", Some(t.kind.as_str().to_owned())),
        ("title", t.title.clone()),
        ("dueDate", Some(t.due_date.to_string())),
        ("dueTime", t.due_time.map(|t| t.format("%H:%M").to_string())),
        ("assignee", t.assignee_name.clone()),
        ("taskStatus", Some(t.status.as_str().to_owned())),
        ("outcome", t.outcome.clone()),
    ]
}

fn feedback_fields(f: &Feedback) -> Fields {
    vec![
        ("csat", f.csat.map(|c| c.to_string())),
        ("nps", f.nps.map(|n| n.to_string())),
        ("comment", f.comment.clone()),
        ("channel", f.channel.map(|c| c.as_str().to_owned())),
        ("givenAt", Some(f.given_at.to_string())),
    ]
}

/// Every field of a deleted record, from its value to nothing.
fn removed(fields: &[(&'static str, Option<String>)]) -> Vec<FieldChange> {
    let gone: Vec<_> = fields.iter().map(|(f, _)| (*f, None)).collect();
    diff(fields, &gone)
}

impl Api {
    /// A customer's requests, care tasks and feedback.
    pub fn customer_care(&self, args: IdArgs) -> Result<CustomerCare> {
        let today = self.today();
        self.read(|tx| {
            Ok(CustomerCare {
                requests: tx.customer_requests(args.id)?,
                tasks: tx
                    .customer_care_tasks(args.id)?
                    .into_iter()
                    .map(|task| CareTaskView { overdue: task.is_overdue(today), task })
                    .collect(),
                feedback: tx.customer_feedback(args.id)?,
            })
        })
    }

    /// Records a request, or edits one: times left out of an edit keep their
    /// stored values (a request that stays resolved keeps when it was resolved).
    pub fn request_save(&self, args: SaveRequest) -> Result<ServiceRequest> {
        let now = self.now();
        self.write().transaction(|tx| self.save_request_in(tx, args.id, args.input.clone(), now))
    }

    /// [`Api::request_save`] inside a transaction: validates, writes, appends
    /// the history entries the change makes and audits it.
    pub(crate) fn save_request_in(
        &self,
        tx: &Tx<'_>,
        id: Option<RequestId>,
        mut input: RequestInput,
        now: NaiveDateTime,
    ) -> Result<ServiceRequest> {
        let before = id.map(|id| tx.request(id)).transpose()?;
        if let Some(b) = &before {
            input.received_at = input.received_at.or(Some(b.received_at));
            input.first_response_at = input.first_response_at.or(b.first_response_at);
            input.resolved_at = input.resolved_at.or(b.resolved_at);
        }
        let valid = input.validate(now)?;
        let id = tx.save_request(id, &valid, now)?;
        let after = tx.request(id)?;
        let actor = self.actor();
        for (action, from, to) in request_events(before.as_ref(), &after) {
            let at = match action {
                RequestAction::Received => after.received_at,
                RequestAction::Resolve if before.is_none() => after.resolved_at.unwrap_or(now),
                _ => now,
            };
            tx.add_request_event(&after, at, &actor, action, from.as_deref(), to.as_deref())?;
        }
        let changes = diff(&before.as_ref().map(request_fields).unwrap_or_default(), &request_fields(&after));
        self.audit_care(tx, before.is_some(), AuditEntity::Request, id, after.customer_id, changes)?;
        Ok(after)
    }

    /// A request's history: who changed it, when, from → to; oldest first.
    pub fn request_history(&self, args: IdArgs) -> Result<Vec<RequestEvent>> {
        self.read(|tx| {
            tx.request(args.id)?;
            Ok(tx.request_events(args.id)?)
        })
    }

    /// One click: the shop answered the request now.
    pub fn request_respond(&self, args: IdArgs) -> Result<RequestChanged> {
        self.request_step(args.id, |r, now| {
            if r.first_response_at.is_some() {
                return Err(ApiError::conflict("this request was already answered"));
            }
            if r.status == RequestStatus::Resolved {
                return Err(ApiError::conflict("this request is resolved; reopen it first"));
            }
            let mut input = input_of(r);
            input.first_response_at = Some(now);
            Ok(input)
        })
    }

    /// One click: the request is resolved now (at first contact when said so
    /// and it was never transferred or reopened).
    pub fn request_resolve(&self, args: ResolveRequest) -> Result<RequestChanged> {
        self.request_step(args.id, |r, now| {
            if r.status == RequestStatus::Resolved {
                return Err(ApiError::conflict("this request is already resolved"));
            }
            let mut input = input_of(r);
            input.status = RequestStatus::Resolved;
            input.resolved_at = Some(now);
            input.first_contact = args.first_contact && r.transferred_to.is_none() && !r.reopened;
            Ok(input)
        })
    }

    /// One click: a resolved request opens again (it no longer counts as
    /// resolved, nor ever again as resolved at first contact).
    pub fn request_reopen(&self, args: IdArgs) -> Result<RequestChanged> {
        self.request_step(args.id, |r, _| {
            if r.status != RequestStatus::Resolved {
                return Err(ApiError::conflict("only a resolved request can be reopened"));
            }
            let mut input = input_of(r);
            input.status = RequestStatus::Open;
            input.resolved_at = None;
            input.first_contact = false;
            Ok(input)
        })
    }

    /// One click: the request passes to a colleague; whoever handled it first
    /// gets a follow-up task for the next day (seed 002: the one who hands a
    /// request on follows it up until it is solved).
    pub fn request_transfer(&self, args: TransferRequest) -> Result<RequestChanged> {
        let now = self.now();
        let today = self.today();
        self.write().transaction(|tx| {
            let before = tx.request(args.id)?;
            if before.status == RequestStatus::Resolved {
                return Err(ApiError::conflict("this request is resolved; reopen it first"));
            }
            if before.transferred_to == Some(args.to)
                || (before.transferred_to.is_none() && before.handled_by == Some(args.to))
            {
                return Err(ApiError::field("to", "same_staff", "the request is already with this colleague"));
            }
            let mut input = input_of(&before);
            input.transferred_to = Some(args.to);
            input.first_contact = false;
            let request = self.save_request_in(tx, Some(args.id), input, now)?;
            let due = today.succ_opt().unwrap_or(today);
            let to_name = request.transferred_to_name.clone().unwrap_or_default();
            let title = args.title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).unwrap_or_else(|| {
                format!("Theo dõi yêu cầu #{} đã chuyển cho {to_name}: {}", request.id, request.summary)
            });
            let task = CareTaskInput {
                customer_id: request.customer_id,
                kind: CareTaskKind::FollowUpCall,
                title: Some(title),
                due_date: Some(due),
                due_time: None,
                assignee_id: before.handled_by,
                status: CareTaskStatus::Planned,
                outcome: None,
            };
            let mut valid = task.validate(today)?;
            // The rule "request transferred to a colleague" of the default care plans.
            valid.origin = CareTaskOrigin::Plan;
            let task_id = tx.save_care_task(None, &valid, now)?;
            let task = tx.care_task(task_id)?;
            self.audit_care(
                tx,
                false,
                AuditEntity::CareTask,
                task_id,
                task.customer_id,
                diff(&[], &task_fields(&task)),
            )?;
            Ok(RequestChanged { request, follow_up: Some(CareTaskView { overdue: task.is_overdue(today), task }) })
        })
    }

    /// Reads request `id`, builds the new input with `change` and saves it in one transaction.
    fn request_step(
        &self,
        id: RequestId,
        change: impl FnOnce(&ServiceRequest, NaiveDateTime) -> Result<RequestInput>,
    ) -> Result<RequestChanged> {
        let now = self.now();
        self.write().transaction(|tx| {
            let before = tx.request(id)?;
            let input = change(&before, now)?;
            Ok(RequestChanged { request: self.save_request_in(tx, Some(id), input, now)?, follow_up: None })
        })
    }

    pub fn request_delete(&self, args: IdArgs) -> Result<Empty> {
        self.delete_care(args.id, AuditEntity::Request, |tx, id| {
            let r = tx.request(id)?;
            tx.delete_request(id)?;
            Ok((r.customer_id, request_fields(&r)))
        })
    }

    pub fn care_task_save(&self, args: SaveCareTask) -> Result<CareTaskView> {
        let today = self.today();
        let valid = args.input.validate(today)?;
        let now = self.now();
        self.write().transaction(|tx| {
            let before = args.id.map(|id| tx.care_task(id)).transpose()?;
            let id = tx.save_care_task(args.id, &valid, now)?;
            let after = tx.care_task(id)?;
            let changes = diff(&before.as_ref().map(task_fields).unwrap_or_default(), &task_fields(&after));
            self.audit_care(tx, before.is_some(), AuditEntity::CareTask, id, after.customer_id, changes)?;
            Ok(CareTaskView { overdue: after.is_overdue(today), task: after })
        })
    }

    pub fn care_task_delete(&self, args: IdArgs) -> Result<Empty> {
        self.delete_care(args.id, AuditEntity::CareTask, |tx, id| {
            let t = tx.care_task(id)?;
            tx.delete_care_task(id)?;
            Ok((t.customer_id, task_fields(&t)))
        })
    }

    pub fn feedback_add(&self, args: AddFeedback) -> Result<Feedback> {
        let now = self.now();
        let valid = args.input.validate(now)?;
        self.write().transaction(|tx| self.insert_feedback_in(tx, &valid, now))
    }

    /// Writes an answer and its audit entry inside the caller's transaction.
    pub(crate) fn insert_feedback_in(
        &self,
        tx: &Tx<'_>,
        valid: &ValidFeedback,
        now: NaiveDateTime,
    ) -> Result<Feedback> {
        let id = tx.insert_feedback(valid, now)?;
        let after = tx.feedback(id)?;
        let changes = diff(&[], &feedback_fields(&after));
        self.audit_care(tx, false, AuditEntity::Feedback, id, after.customer_id, changes)?;
        Ok(after)
    }

    pub fn feedback_delete(&self, args: IdArgs) -> Result<Empty> {
        self.delete_care(args.id, AuditEntity::Feedback, |tx, id| {
            let f = tx.feedback(id)?;
            tx.delete_feedback(id)?;
            Ok((f.customer_id, feedback_fields(&f)))
        })
    }

    /// Deletes a record with `delete` (which returns its customer and its
    /// fields as they were) and audits it, in one transaction.
    fn delete_care(
        &self,
        id: i64,
        entity: AuditEntity,
        delete: impl FnOnce(&Tx<'_>, i64) -> carebook_store::Result<(CustomerId, Fields)>,
    ) -> Result<Empty> {
        self.write().transaction(|tx| {
            let (customer, fields) = delete(tx, id)?;
            self.audit_care_event(tx, AuditAction::Delete, entity, id, customer, removed(&fields))?;
            Ok(Empty {})
        })
    }

    fn audit_care(
        &self,
        tx: &Tx<'_>,
        existed: bool,
        entity: AuditEntity,
        id: i64,
        customer: CustomerId,
        changes: Vec<FieldChange>,
    ) -> Result<()> {
        if existed && changes.is_empty() {
            return Ok(());
        }
        let action = if existed { AuditAction::Update } else { AuditAction::Create };
        self.audit_care_event(tx, action, entity, id, customer, changes)
    }

    fn audit_care_event(
        &self,
        tx: &Tx<'_>,
        action: AuditAction,
        entity: AuditEntity,
        id: i64,
        customer: CustomerId,
        changes: Vec<FieldChange>,
    ) -> Result<()> {
        let summary = tx.customer_name(customer)?;
        self.audit(
            tx,
            AuditEvent { action, entity, entity_id: Some(id), customer_id: Some(customer), summary, changes },
        )
    }
}

//! Service requests, feedback and care tasks of one customer: record, edit,
//! list, delete. Every write is audited.

use carebook_core::{
    AuditAction, AuditEntity, CareTask, CareTaskId, CareTaskInput, CustomerId, Feedback, FeedbackInput, FieldChange,
    RequestId, RequestInput, ServiceRequest,
};
use carebook_store::Tx;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{AuditEvent, diff};
use crate::{Api, Empty, IdArgs, Result};

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
        self.write().transaction(|tx| {
            let before = args.id.map(|id| tx.request(id)).transpose()?;
            let mut input = args.input.clone();
            if let Some(b) = &before {
                input.received_at = input.received_at.or(Some(b.received_at));
                input.first_response_at = input.first_response_at.or(b.first_response_at);
                input.resolved_at = input.resolved_at.or(b.resolved_at);
            }
            let valid = input.validate(now)?;
            let id = tx.save_request(args.id, &valid, now)?;
            let after = tx.request(id)?;
            let changes = diff(&before.as_ref().map(request_fields).unwrap_or_default(), &request_fields(&after));
            self.audit_care(tx, before.is_some(), AuditEntity::Request, id, after.customer_id, changes)?;
            Ok(after)
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
        self.write().transaction(|tx| {
            let id = tx.insert_feedback(&valid, now)?;
            let after = tx.feedback(id)?;
            let changes = diff(&[], &feedback_fields(&after));
            self.audit_care(tx, false, AuditEntity::Feedback, id, after.customer_id, changes)?;
            Ok(after)
        })
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

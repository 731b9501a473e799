//! Service requests, feedback and care tasks (schema 5). They hang off a
//! customer and go with them (`ON DELETE CASCADE`); staff references become
//! empty when a staff member is deleted.

use carebook_core::{
    CareTask, CareTaskId, CareTaskKind, CareTaskOrigin, CareTaskStatus, Channel, CustomerId, Feedback, FeedbackId,
    RequestAction, RequestEvent, RequestId, RequestKind, RequestStatus, ServiceRequest, ValidCareTask, ValidFeedback,
    ValidRequest,
};
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, ToSql, params};

use crate::{Result, StoreError, Tx};

const REQUEST_SELECT: &str = "SELECT r.id, r.customer_id, r.channel, r.kind, r.summary, r.received_at,
        r.first_response_at, r.resolved_at, r.wait_minutes, r.handled_by, h.name, r.transferred_to, t.name,
        r.status, r.first_contact, r.reopened, r.created_at, r.updated_at
    FROM service_requests r LEFT JOIN staff h ON h.id = r.handled_by LEFT JOIN staff t ON t.id = r.transferred_to";

fn request_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ServiceRequest> {
    Ok(ServiceRequest {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        channel: Channel::parse(&r.get::<_, String>(2)?).unwrap_or(Channel::Other),
        kind: RequestKind::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
        summary: r.get(4)?,
        received_at: r.get(5)?,
        first_response_at: r.get(6)?,
        resolved_at: r.get(7)?,
        wait_minutes: r.get(8)?,
        handled_by: r.get(9)?,
        handled_by_name: r.get(10)?,
        transferred_to: r.get(11)?,
        transferred_to_name: r.get(12)?,
        status: RequestStatus::parse(&r.get::<_, String>(13)?).unwrap_or_default(),
        first_contact: r.get(14)?,
        reopened: r.get(15)?,
        created_at: r.get(16)?,
        updated_at: r.get(17)?,
    })
}

const TASK_SELECT: &str = "SELECT k.id, k.customer_id, k.kind, k.title, k.due_date, k.due_time, k.assignee_id,
        s.name, k.status, k.outcome, k.origin, k.completed_at, k.created_at, k.updated_at
    FROM care_tasks k LEFT JOIN staff s ON s.id = k.assignee_id";

/// A care task from the first 14 columns in `TASK_SELECT`'s order (the calendar's lines start with the same columns).
pub(crate) fn task_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CareTask> {
    Ok(CareTask {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        kind: CareTaskKind::parse(&r.get::<_, String>(2)?).unwrap_or_default(),
        title: r.get(3)?,
        due_date: r.get(4)?,
        due_time: r.get(5)?,
        assignee_id: r.get(6)?,
        assignee_name: r.get(7)?,
        status: CareTaskStatus::parse(&r.get::<_, String>(8)?).unwrap_or_default(),
        outcome: r.get(9)?,
        origin: CareTaskOrigin::parse(&r.get::<_, String>(10)?).unwrap_or_default(),
        completed_at: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

const FEEDBACK_SELECT: &str = "SELECT id, customer_id, csat, nps, comment, request_id, care_task_id, given_at,
        created_at, channel FROM feedback";

fn feedback_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Feedback> {
    Ok(Feedback {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        csat: r.get(2)?,
        nps: r.get(3)?,
        comment: r.get(4)?,
        request_id: r.get(5)?,
        care_task_id: r.get(6)?,
        given_at: r.get(7)?,
        created_at: r.get(8)?,
        channel: r.get::<_, Option<String>>(9)?.as_deref().and_then(Channel::parse),
    })
}

impl Tx<'_> {
    /// Deletes row `id` of `table` (one of this module's).
    fn delete_row(&self, table: &'static str, what: &'static str, id: i64) -> Result<()> {
        match self.exec(&format!("DELETE FROM {table} WHERE id = ?1"), [id])? {
            0 => Err(StoreError::NotFound { what, id }),
            _ => Ok(()),
        }
    }

    /// Writes a new request (`id` None) or replaces one of the same customer.
    /// A resolved request set back to open or waiting is marked reopened.
    pub fn save_request(&self, id: Option<RequestId>, v: &ValidRequest, now: NaiveDateTime) -> Result<RequestId> {
        self.require_customer(v.customer_id)?;
        self.require_staff_opt(v.handled_by)?;
        self.require_staff_opt(v.transferred_to)?;
        let values = params![
            v.customer_id,
            v.channel.as_str(),
            v.kind.as_str(),
            v.summary,
            v.received_at,
            v.first_response_at,
            v.resolved_at,
            v.wait_minutes,
            v.handled_by,
            v.transferred_to,
            v.status.as_str(),
            v.first_contact,
            now,
        ];
        match id {
            None => {
                self.exec(
                    "INSERT INTO service_requests (customer_id, channel, kind, summary, received_at, first_response_at,
                        resolved_at, wait_minutes, handled_by, transferred_to, status, first_contact, created_at,
                        updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
                    values,
                )?;
                Ok(self.conn().last_insert_rowid())
            }
            Some(id) => {
                let before = self.request(id)?;
                if before.customer_id != v.customer_id {
                    return Err(StoreError::NotFound { what: "request of this customer", id });
                }
                let reopened = before.reopened
                    || (before.status == RequestStatus::Resolved && v.status != RequestStatus::Resolved);
                self.exec(
                    "UPDATE service_requests SET customer_id = ?1, channel = ?2, kind = ?3, summary = ?4,
                        received_at = ?5, first_response_at = ?6, resolved_at = ?7, wait_minutes = ?8,
                        handled_by = ?9, transferred_to = ?10, status = ?11, first_contact = ?12, updated_at = ?13,
                        reopened = ?15
                     WHERE id = ?14",
                    rusqlite::params_from_iter(
                        values.iter().copied().chain([&id as &dyn ToSql, &reopened as &dyn ToSql]),
                    ),
                )?;
                Ok(id)
            }
        }
    }

    pub fn request(&self, id: RequestId) -> Result<ServiceRequest> {
        self.row(&format!("{REQUEST_SELECT} WHERE r.id = ?1"), [id], request_row)
            .optional()?
            .ok_or(StoreError::NotFound { what: "request", id })
    }

    /// A customer's requests, newest first.
    pub fn customer_requests(&self, customer: CustomerId) -> Result<Vec<ServiceRequest>> {
        self.require_customer(customer)?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "{REQUEST_SELECT} WHERE r.customer_id = ?1 ORDER BY r.received_at DESC, r.id DESC"
        ))?;
        let rows = stmt.query_map([customer], request_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn delete_request(&self, id: RequestId) -> Result<()> {
        self.delete_row("service_requests", "request", id)
    }

    /// Writes a new care task (`id` None) or replaces one of the same
    /// customer. `completed_at` is set when it leaves `planned` and cleared
    /// when it goes back.
    pub fn save_care_task(&self, id: Option<CareTaskId>, v: &ValidCareTask, now: NaiveDateTime) -> Result<CareTaskId> {
        self.require_customer(v.customer_id)?;
        self.require_staff_opt(v.assignee_id)?;
        let before = id.map(|id| self.care_task(id)).transpose()?;
        if let (Some(b), Some(id)) = (&before, id)
            && b.customer_id != v.customer_id
        {
            return Err(StoreError::NotFound { what: "care task of this customer", id });
        }
        let completed_at = match (v.status, before.as_ref().and_then(|b| b.completed_at)) {
            (CareTaskStatus::Planned, _) => None,
            (_, Some(at)) if before.as_ref().is_some_and(|b| b.status == v.status) => Some(at),
            _ => Some(now),
        };
        // An edit keeps where the task came from.
        let origin = before.as_ref().map_or(v.origin, |b| b.origin);
        let values = params![
            v.customer_id,
            v.kind.as_str(),
            v.title,
            v.due_date,
            v.due_time,
            v.assignee_id,
            v.status.as_str(),
            v.outcome,
            origin.as_str(),
            completed_at,
            now,
        ];
        match id {
            None => {
                self.exec(
                    "INSERT INTO care_tasks (customer_id, kind, title, due_date, due_time, assignee_id, status, outcome,
                        origin, completed_at, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
                    values,
                )?;
                Ok(self.conn().last_insert_rowid())
            }
            Some(id) => {
                self.exec(
                    "UPDATE care_tasks SET customer_id = ?1, kind = ?2, title = ?3, due_date = ?4, due_time = ?5,
                        assignee_id = ?6, status = ?7, outcome = ?8, origin = ?9, completed_at = ?10, updated_at = ?11
                     WHERE id = ?12",
                    rusqlite::params_from_iter(values.iter().copied().chain([&id as &dyn ToSql])),
                )?;
                Ok(id)
            }
        }
    }

    pub fn care_task(&self, id: CareTaskId) -> Result<CareTask> {
        self.row(&format!("{TASK_SELECT} WHERE k.id = ?1"), [id], task_row)
            .optional()?
            .ok_or(StoreError::NotFound { what: "care task", id })
    }

    /// A customer's care tasks: planned ones first by due date, then the
    /// others, most recently due first.
    pub fn customer_care_tasks(&self, customer: CustomerId) -> Result<Vec<CareTask>> {
        self.require_customer(customer)?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "{TASK_SELECT} WHERE k.customer_id = ?1
             ORDER BY k.status <> 'planned',
                      CASE WHEN k.status = 'planned' THEN k.due_date END,
                      CASE WHEN k.status = 'planned' THEN k.due_time END,
                      k.due_date DESC, k.id DESC"
        ))?;
        let rows = stmt.query_map([customer], task_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn delete_care_task(&self, id: CareTaskId) -> Result<()> {
        self.delete_row("care_tasks", "care task", id)
    }

    /// Records feedback. A linked request or care task must be the same customer's.
    pub fn insert_feedback(&self, v: &ValidFeedback, now: NaiveDateTime) -> Result<FeedbackId> {
        self.require_customer(v.customer_id)?;
        if let Some(id) = v.request_id
            && self.request(id)?.customer_id != v.customer_id
        {
            return Err(StoreError::NotFound { what: "request of this customer", id });
        }
        if let Some(id) = v.care_task_id
            && self.care_task(id)?.customer_id != v.customer_id
        {
            return Err(StoreError::NotFound { what: "care task of this customer", id });
        }
        self.exec(
            "INSERT INTO feedback (customer_id, csat, nps, comment, request_id, care_task_id, given_at, created_at,
                                   channel)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                v.customer_id,
                v.csat,
                v.nps,
                v.comment,
                v.request_id,
                v.care_task_id,
                v.given_at,
                now,
                v.channel.map(Channel::as_str)
            ],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    pub fn feedback(&self, id: FeedbackId) -> Result<Feedback> {
        self.row(&format!("{FEEDBACK_SELECT} WHERE id = ?1"), [id], feedback_row)
            .optional()?
            .ok_or(StoreError::NotFound { what: "feedback", id })
    }

    /// A customer's feedback, newest first.
    pub fn customer_feedback(&self, customer: CustomerId) -> Result<Vec<Feedback>> {
        self.require_customer(customer)?;
        let mut stmt = self
            .conn()
            .prepare_cached(&format!("{FEEDBACK_SELECT} WHERE customer_id = ?1 ORDER BY given_at DESC, id DESC"))?;
        let rows = stmt.query_map([customer], feedback_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn delete_feedback(&self, id: FeedbackId) -> Result<()> {
        self.delete_row("feedback", "feedback", id)
    }
}

impl Tx<'_> {
    /// Appends one entry to a request's history.
    pub fn add_request_event(
        &self,
        request: &ServiceRequest,
        at: NaiveDateTime,
        actor: &str,
        action: RequestAction,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<()> {
        self.exec(
            "INSERT INTO request_events (request_id, customer_id, at, actor, action, from_value, to_value)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![request.id, request.customer_id, at, actor, action.as_str(), from, to],
        )?;
        Ok(())
    }

    /// A request's history, oldest first.
    pub fn request_events(&self, request: RequestId) -> Result<Vec<RequestEvent>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, request_id, at, actor, action, from_value, to_value FROM request_events
             WHERE request_id = ?1 ORDER BY at, id",
        )?;
        let rows = stmt.query_map([request], |r| {
            Ok(RequestEvent {
                id: r.get(0)?,
                request_id: r.get(1)?,
                at: r.get(2)?,
                actor: r.get(3)?,
                action: RequestAction::parse(&r.get::<_, String>(4)?).unwrap_or(RequestAction::Status),
                from: r.get(5)?,
                to: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

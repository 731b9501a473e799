//! The care calendar's storage (schema 7): care plans and message templates,
//! the facts plan generation reads, the keys of generated tasks, and the
//! queries of the today list and the agenda. The rules themselves live in
//! `carebook-care` and `carebook-calendar`; occurrences (birthdays, lunar
//! days) are never stored, only the tasks plans create.

use std::collections::HashMap;

use carebook_care::loyalty::tier_events;
use carebook_care::{
    BirthdayDate, CustomerFacts, LoyaltyRules, Plan, PlanStep, PlannedTask, PurchaseFact, Reason, ServiceEvent,
    ServiceEventKind, Template,
};
use carebook_core::{
    CalendarKind, CareTask, CareTaskId, CareTaskKind, CareTaskOrigin, CareTaskStatus, Consent, CustomerId, Gender,
    StaffId,
};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};

use crate::{Result, StoreError, Tx};

const PLAN_SELECT: &str = "SELECT id, key, name, trigger, active, active_since, steps FROM care_plans";

fn json_err(e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::ToSqlConversionFailure(Box::new(e))
}

fn plan_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Plan> {
    let trigger: String = r.get(3)?;
    let steps: String = r.get(6)?;
    Ok(Plan {
        id: r.get(0)?,
        key: r.get(1)?,
        name: r.get(2)?,
        trigger: serde_json::from_str(&trigger).map_err(json_err)?,
        active: r.get(4)?,
        active_since: r.get(5)?,
        steps: serde_json::from_str::<Vec<PlanStep>>(&steps).map_err(json_err)?,
    })
}

fn template_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Template> {
    Ok(Template {
        key: r.get(0)?,
        name: r.get(1)?,
        kind: CareTaskKind::parse(&r.get::<_, String>(2)?).unwrap_or_default(),
        text_vi: r.get(3)?,
        text_en: r.get(4)?,
    })
}

/// A care task with what the today list and the agenda show beside it: the
/// customer's name, contacts and facts for the message, and why it exists.
#[derive(Debug, Clone, PartialEq)]
pub struct CareTaskLine {
    pub task: CareTask,
    pub customer_name: String,
    pub gender: Option<Gender>,
    pub email: Option<String>,
    /// The first phone number, E.164.
    pub phone_e164: Option<String>,
    /// The first phone number as shown.
    pub phone_display: Option<String>,
    pub loyalty_points: i64,
    pub tier: Option<String>,
    pub birthday: Option<BirthdayDate>,
    pub plan_id: Option<i64>,
    pub plan_name: Option<String>,
    pub template_key: Option<String>,
    pub reason: Option<Reason>,
    pub first_due_date: Option<NaiveDate>,
}

const LINE_SELECT: &str = "SELECT k.id, k.customer_id, k.kind, k.title, k.due_date, k.due_time, k.assignee_id,
        s.name, k.status, k.outcome, k.origin, k.completed_at, k.created_at, k.updated_at,
        c.name, c.gender, c.email,
        (SELECT e164 FROM customer_phones p WHERE p.customer_id = c.id ORDER BY position LIMIT 1),
        (SELECT display FROM customer_phones p WHERE p.customer_id = c.id ORDER BY position LIMIT 1),
        c.loyalty_points, c.tier, c.birthday_calendar, c.birthday_day, c.birthday_month, c.birthday_leap,
        k.plan_id, pl.name, k.template_key, k.reason, k.first_due_date
    FROM care_tasks k JOIN customers c ON c.id = k.customer_id
        LEFT JOIN staff s ON s.id = k.assignee_id LEFT JOIN care_plans pl ON pl.id = k.plan_id";

fn birthday_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<BirthdayDate>> {
    let calendar: Option<String> = r.get(i)?;
    let (day, month): (Option<u8>, Option<u8>) = (r.get(i + 1)?, r.get(i + 2)?);
    Ok(match (calendar.as_deref().and_then(CalendarKind::parse), day, month) {
        (Some(calendar), Some(day), Some(month)) => {
            Some(BirthdayDate { calendar, day, month, leap: r.get::<_, bool>(i + 3)? })
        }
        _ => None,
    })
}

fn line_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CareTaskLine> {
    let task = crate::care::task_row(r)?;
    let reason: Option<String> = r.get(28)?;
    Ok(CareTaskLine {
        task,
        customer_name: r.get(14)?,
        gender: r.get::<_, Option<String>>(15)?.as_deref().and_then(Gender::parse),
        email: r.get(16)?,
        phone_e164: r.get(17)?,
        phone_display: r.get(18)?,
        loyalty_points: r.get(19)?,
        tier: r.get(20)?,
        birthday: birthday_at(r, 21)?,
        plan_id: r.get(25)?,
        plan_name: r.get(26)?,
        template_key: r.get(27)?,
        // A reason this version cannot read is shown as none, not an error.
        reason: reason.and_then(|s| serde_json::from_str(&s).ok()),
        first_due_date: r.get(29)?,
    })
}

/// Which tasks a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub assignee: Option<StaffId>,
    pub kind: Option<CareTaskKind>,
    pub status: Option<CareTaskStatus>,
    pub customer: Option<CustomerId>,
    pub origin: Option<CareTaskOrigin>,
    pub plan: Option<i64>,
}

/// Tasks per day of a range, and the lines listed (see [`Tx::care_agenda_tasks`]).
pub type AgendaTasks = (Vec<(NaiveDate, u32)>, Vec<CareTaskLine>);

/// How many planned tasks are overdue and due on the day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayCounts {
    pub overdue: i64,
    pub today: i64,
}

/// A customer whose birthday may fall in the days being viewed.
#[derive(Debug, Clone, PartialEq)]
pub struct BirthdayRow {
    pub customer_id: CustomerId,
    pub name: String,
    pub birthday: BirthdayDate,
    pub birth_year: Option<i32>,
}

impl Tx<'_> {
    /// Every care plan, by id.
    pub fn care_plans(&self) -> Result<Vec<Plan>> {
        let mut stmt = self.conn().prepare_cached(&format!("{PLAN_SELECT} ORDER BY id"))?;
        let rows = stmt.query_map([], plan_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn care_plan(&self, id: i64) -> Result<Plan> {
        self.row(&format!("{PLAN_SELECT} WHERE id = ?1"), [id], plan_row)
            .optional()?
            .ok_or(StoreError::NotFound { what: "care plan", id })
    }

    /// Writes a plan: a new one when `id` is None (the stored id is
    /// returned), else replaces plan `id` (its key stays).
    pub fn save_care_plan(&self, id: Option<i64>, plan: &Plan, now: NaiveDateTime) -> Result<i64> {
        let trigger = serde_json::to_string(&plan.trigger).map_err(json_err)?;
        let steps = serde_json::to_string(&plan.steps).map_err(json_err)?;
        match id {
            None => {
                self.exec(
                    "INSERT INTO care_plans (key, name, trigger, active, active_since, steps, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                    params![plan.key, plan.name.trim(), trigger, plan.active, plan.active_since, steps, now],
                )?;
                Ok(self.conn().last_insert_rowid())
            }
            Some(id) => {
                let n = self.exec(
                    "UPDATE care_plans SET name = ?1, trigger = ?2, active = ?3, active_since = ?4, steps = ?5,
                        updated_at = ?6 WHERE id = ?7",
                    params![plan.name.trim(), trigger, plan.active, plan.active_since, steps, now, id],
                )?;
                if n == 0 {
                    return Err(StoreError::NotFound { what: "care plan", id });
                }
                Ok(id)
            }
        }
    }

    /// Deletes a plan; its tasks stay (they lose the link to it) and so do
    /// their keys.
    pub fn delete_care_plan(&self, id: i64) -> Result<()> {
        match self.exec("DELETE FROM care_plans WHERE id = ?1", [id])? {
            0 => Err(StoreError::NotFound { what: "care plan", id }),
            _ => Ok(()),
        }
    }

    /// Every message template, by key.
    pub fn care_templates(&self) -> Result<Vec<Template>> {
        let mut stmt = self
            .conn()
            .prepare_cached("SELECT key, name, kind, text_vi, text_en FROM message_templates ORDER BY key")?;
        let rows = stmt.query_map([], template_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    pub fn care_template(&self, key: &str) -> Result<Option<Template>> {
        Ok(self
            .row("SELECT key, name, kind, text_vi, text_en FROM message_templates WHERE key = ?1", [key], template_row)
            .optional()?)
    }

    /// Writes a template, new or replacing the one with its key.
    pub fn save_care_template(&self, t: &Template, now: NaiveDateTime) -> Result<()> {
        self.exec(
            "INSERT INTO message_templates (key, name, kind, text_vi, text_en, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (key) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                 text_vi = excluded.text_vi, text_en = excluded.text_en, updated_at = excluded.updated_at",
            params![t.key, t.name.trim(), t.kind.as_str(), t.text_vi, t.text_en, now],
        )?;
        Ok(())
    }

    /// Customers not archived who carry `tag` (letter case ignored, as
    /// schedule plans match it).
    pub fn customers_with_tag(&self, tag: &str) -> Result<u64> {
        let folded = tag.trim().to_lowercase();
        if folded.is_empty() {
            return Ok(0);
        }
        // SQLite's lower() folds ASCII only: Vietnamese tags are compared here.
        let mut stmt = self.conn().prepare_cached(
            "SELECT t.customer_id, t.tag FROM customer_tags t
             JOIN customers c ON c.id = t.customer_id WHERE c.archived_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        let mut matched = std::collections::HashSet::new();
        while let Some(r) = rows.next()? {
            if r.get_ref(1)?.as_str().is_ok_and(|t| t.trim().to_lowercase() == folded) {
                matched.insert(r.get::<_, CustomerId>(0)?);
            }
        }
        Ok(matched.len() as u64)
    }

    /// What plan generation reads about customers: every customer with a
    /// purchase or a birthday (`only`: just these), with their purchases and
    /// the days they reached each tier of `rules` (from their ledger), and
    /// their tags when `with_tags` (schedule plans need them).
    pub fn care_customer_facts(
        &self,
        only: Option<&[CustomerId]>,
        rules: &LoyaltyRules,
        with_tags: bool,
    ) -> Result<Vec<CustomerFacts>> {
        let filter = match only {
            Some(ids) => format!("AND c.id IN ({})", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")),
            None => String::new(),
        };
        let mut customers: Vec<CustomerFacts> = Vec::new();
        let mut at: HashMap<CustomerId, usize> = HashMap::new();
        {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT c.id, c.name, c.gender, c.consent, c.birthday_calendar, c.birthday_day, c.birthday_month,
                        c.birthday_leap, c.archived_at IS NOT NULL
                 FROM customers c WHERE 1 = 1 {filter} ORDER BY c.id"
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: CustomerId = r.get(0)?;
                at.insert(id, customers.len());
                customers.push(CustomerFacts {
                    id,
                    name: r.get(1)?,
                    gender: r.get::<_, Option<String>>(2)?.as_deref().and_then(Gender::parse),
                    consent: Consent::parse(&r.get::<_, String>(3)?).unwrap_or_default(),
                    birthday: birthday_at(r, 4)?,
                    archived: r.get(8)?,
                    purchases: Vec::new(),
                    tier_events: Vec::new(),
                    tags: Vec::new(),
                });
            }
        }
        if with_tags {
            let mut stmt = self.conn().prepare(&format!(
                "SELECT t.customer_id, t.tag FROM customer_tags t
                 JOIN customers c ON c.id = t.customer_id WHERE 1 = 1 {filter} ORDER BY t.customer_id, t.position"
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                if let Some(&i) = at.get(&r.get::<_, CustomerId>(0)?) {
                    customers[i].tags.push(r.get(1)?);
                }
            }
        }
        let mut stmt = self.conn().prepare(&format!(
            "SELECT p.customer_id, p.id, p.date, p.amount_vnd, p.staff_id FROM purchases p
             JOIN customers c ON c.id = p.customer_id WHERE 1 = 1 {filter}"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some(&i) = at.get(&r.get::<_, CustomerId>(0)?) else { continue };
            customers[i].purchases.push(PurchaseFact {
                id: r.get(1)?,
                date: r.get(2)?,
                amount_vnd: r.get(3)?,
                staff_id: r.get(4)?,
            });
        }
        for (id, entries) in self.ledgers(only)? {
            if let Some(&i) = at.get(&id) {
                customers[i].tier_events = tier_events(&entries, rules);
            }
        }
        Ok(customers)
    }

    /// The service events plans follow (the hook of the complaint-resolved
    /// and request-transferred triggers): each resolved complaint (its second
    /// resolution when it was reopened), and each request passed to a
    /// colleague, whose first handler follows up.
    pub fn care_service_events(&self, only: Option<&[CustomerId]>) -> Result<Vec<ServiceEvent>> {
        let filter = match only {
            Some(ids) => {
                format!("AND customer_id IN ({})", ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","))
            }
            None => String::new(),
        };
        let mut stmt = self.conn().prepare(&format!(
            "SELECT id, customer_id, 'complaint_resolved', date(resolved_at), 1 + reopened, handled_by
               FROM service_requests WHERE kind = 'complaint' AND resolved_at IS NOT NULL {filter}
             UNION ALL
             SELECT id, customer_id, 'request_transferred', date(coalesce(first_response_at, received_at)), 1,
                    handled_by
               FROM service_requests WHERE transferred_to IS NOT NULL {filter}"
        ))?;
        let rows = stmt
            .query_map([], |r| {
                let kind: String = r.get(2)?;
                Ok(ServiceEvent {
                    request_id: r.get(0)?,
                    customer_id: r.get(1)?,
                    kind: if kind == "complaint_resolved" {
                        ServiceEventKind::ComplaintResolved
                    } else {
                        ServiceEventKind::RequestTransferred
                    },
                    on: r.get(3)?,
                    seq: r.get(4)?,
                    handler: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Inserts the tasks whose key was never inserted before (a task deleted
    /// or moved keeps its key: it does not come back). Returns how many were new.
    pub fn insert_planned_tasks(&self, tasks: &[PlannedTask], now: NaiveDateTime) -> Result<u32> {
        let mut added = 0;
        for t in tasks {
            let fresh = self.exec(
                "INSERT INTO care_task_keys (key, customer_id) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                params![t.key, t.customer_id],
            )?;
            if fresh == 0 {
                continue;
            }
            let reason = serde_json::to_string(&t.reason).map_err(json_err)?;
            // The assignee may have been deleted since: then nobody.
            let assignee: Option<StaffId> = match t.assignee {
                Some(id) => self.row("SELECT id FROM staff WHERE id = ?1", [id], |r| r.get(0)).optional()?,
                None => None,
            };
            self.exec(
                "INSERT INTO care_tasks (customer_id, kind, due_date, assignee_id, status, origin, created_at,
                    updated_at, task_key, plan_id, template_key, reason)
                 VALUES (?1, ?2, ?3, ?4, 'planned', 'plan', ?5, ?5, ?6,
                    (SELECT id FROM care_plans WHERE id = ?7), ?8, ?9)",
                params![
                    t.customer_id,
                    t.kind.as_str(),
                    t.due_date,
                    assignee,
                    now,
                    t.key,
                    t.plan_id,
                    t.template_key,
                    reason
                ],
            )?;
            added += 1;
        }
        Ok(added)
    }

    /// Planned tasks overdue on `today` and due on it (`assignee`: only theirs).
    pub fn care_day_counts(&self, today: NaiveDate, assignee: Option<StaffId>) -> Result<DayCounts> {
        // One staff member's counts come from the planned tasks' index by assignee.
        let count = |op: &str| -> Result<i64> {
            Ok(match assignee {
                None => self.row(
                    &format!("SELECT count(*) FROM care_tasks WHERE status = 'planned' AND due_date {op} ?1"),
                    [today],
                    |r| r.get(0),
                )?,
                Some(a) => self.row(
                    &format!(
                        "SELECT count(*) FROM care_tasks INDEXED BY care_tasks_planned
                         WHERE status = 'planned' AND assignee_id = ?2 AND due_date {op} ?1"
                    ),
                    params![today, a],
                    |r| r.get(0),
                )?,
            })
        };
        let overdue = count("<")?;
        let due = count("=")?;
        Ok(DayCounts { overdue, today: due })
    }

    /// One page of the today list: planned tasks overdue on `today` (by
    /// assignee, unassigned first, then due date), then those due on it (by
    /// assignee). Each part is read in the order of an index, so a long
    /// backlog is not sorted for every page; only the page's lines are read
    /// in full. `overdue` is [`DayCounts::overdue`] for the same filter.
    pub fn care_day_page(
        &self,
        today: NaiveDate,
        assignee: Option<StaffId>,
        overdue: i64,
        offset: u32,
        limit: u32,
    ) -> Result<Vec<CareTaskLine>> {
        let mut ids: Vec<CareTaskId> = Vec::with_capacity(limit as usize);
        let overdue = u32::try_from(overdue).unwrap_or(u32::MAX);
        if offset < overdue {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id FROM care_tasks INDEXED BY care_tasks_planned
                 WHERE status = 'planned' AND due_date < ?1 AND (?2 IS NULL OR assignee_id = ?2)
                 ORDER BY assignee_id, due_date, id LIMIT ?3 OFFSET ?4",
            )?;
            let rows = stmt.query_map(params![today, assignee, limit, offset], |r| r.get(0))?;
            for id in rows {
                ids.push(id?);
            }
        }
        let left = limit - ids.len() as u32;
        if left > 0 {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id FROM care_tasks
                 WHERE status = 'planned' AND due_date = ?1 AND (?2 IS NULL OR assignee_id = ?2)
                 ORDER BY assignee_id, due_time, id LIMIT ?3 OFFSET ?4",
            )?;
            let rows = stmt.query_map(params![today, assignee, left, offset.saturating_sub(overdue)], |r| r.get(0))?;
            for id in rows {
                ids.push(id?);
            }
        }
        ids.into_iter().map(|id| self.care_task_line(id)).collect()
    }

    /// The tasks of days `from ..= to` (`assignee`: only theirs): how many
    /// each day has, and the first `per_day` of each day (by id) in full.
    pub fn care_agenda_tasks(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        assignee: Option<StaffId>,
        per_day: u32,
    ) -> Result<AgendaTasks> {
        let counts = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT due_date, count(*) FROM care_tasks
                 WHERE due_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR assignee_id = ?3) GROUP BY due_date",
            )?;
            stmt.query_map(params![from, to, assignee], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let ids: Vec<CareTaskId> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id FROM (
                    SELECT id, due_date, row_number() OVER (PARTITION BY due_date ORDER BY id) AS n
                    FROM care_tasks WHERE due_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR assignee_id = ?3))
                 WHERE n <= ?4 ORDER BY due_date, id",
            )?;
            stmt.query_map(params![from, to, assignee, per_day], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        let lines = ids.into_iter().map(|id| self.care_task_line(id)).collect::<Result<_>>()?;
        Ok((counts, lines))
    }

    /// The distinct `calendar` birthdays in `month` on days `from_day ..=
    /// to_day` (not archived), each with how many customers have it.
    pub fn birthday_groups(
        &self,
        calendar: CalendarKind,
        month: u8,
        from_day: u8,
        to_day: u8,
    ) -> Result<Vec<(BirthdayDate, u32)>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT birthday_day, birthday_leap, count(*) FROM customers
             WHERE birthday_calendar = ?1 AND birthday_month = ?2 AND birthday_day BETWEEN ?3 AND ?4
               AND archived_at IS NULL
             GROUP BY birthday_day, birthday_leap ORDER BY birthday_day, birthday_leap",
        )?;
        let rows = stmt
            .query_map(params![calendar.as_str(), month, from_day, to_day], |r| {
                Ok((BirthdayDate { calendar, day: r.get(0)?, month, leap: r.get(1)? }, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Customers (not archived) whose birthday is `b`, the first `limit` by
    /// id (read in the order of the birthday index, without sorting them all).
    pub fn customers_with_birthday(&self, b: BirthdayDate, limit: u32) -> Result<Vec<BirthdayRow>> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT id, name, birthday_year FROM customers
             WHERE birthday_calendar = ?1 AND birthday_month = ?2 AND birthday_day = ?3 AND birthday_leap = ?4
               AND archived_at IS NULL
             ORDER BY id LIMIT ?5",
        )?;
        let rows = stmt
            .query_map(params![b.calendar.as_str(), b.month, b.day, b.leap, limit], |r| {
                Ok(BirthdayRow { customer_id: r.get(0)?, name: r.get(1)?, birthday: b, birth_year: r.get(2)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Tasks matching `f`, by due date, time and id, one page.
    pub fn care_task_lines(&self, f: &TaskFilter, offset: u32, limit: u32) -> Result<(i64, Vec<CareTaskLine>)> {
        let clauses = "(?1 IS NULL OR k.due_date >= ?1) AND (?2 IS NULL OR k.due_date <= ?2)
            AND (?3 IS NULL OR k.assignee_id = ?3) AND (?4 IS NULL OR k.kind = ?4) AND (?5 IS NULL OR k.status = ?5)
            AND (?6 IS NULL OR k.customer_id = ?6) AND (?7 IS NULL OR k.origin = ?7) AND (?8 IS NULL OR k.plan_id = ?8)";
        let values = params![
            f.from,
            f.to,
            f.assignee,
            f.kind.map(|k| k.as_str()),
            f.status.map(|s| s.as_str()),
            f.customer,
            f.origin.map(|o| o.as_str()),
            f.plan,
        ];
        let total: i64 =
            self.row(&format!("SELECT count(*) FROM care_tasks k WHERE {clauses}"), values, |r| r.get(0))?;
        let mut stmt = self.conn().prepare_cached(&format!(
            "{LINE_SELECT} WHERE {clauses} ORDER BY k.due_date, k.due_time, k.id LIMIT ?9 OFFSET ?10"
        ))?;
        let rows = stmt
            .query_map(
                params![
                    f.from,
                    f.to,
                    f.assignee,
                    f.kind.map(|k| k.as_str()),
                    f.status.map(|s| s.as_str()),
                    f.customer,
                    f.origin.map(|o| o.as_str()),
                    f.plan,
                    limit,
                    offset
                ],
                line_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok((total, rows))
    }

    pub fn care_task_line(&self, id: CareTaskId) -> Result<CareTaskLine> {
        self.row(&format!("{LINE_SELECT} WHERE k.id = ?1"), [id], line_row)
            .optional()?
            .ok_or(StoreError::NotFound { what: "care task", id })
    }

    /// Marks a task done or skipped with its outcome or reason, at `now`.
    pub fn finish_care_task(
        &self,
        id: CareTaskId,
        status: CareTaskStatus,
        outcome: Option<&str>,
        now: NaiveDateTime,
    ) -> Result<()> {
        let n = self.exec(
            "UPDATE care_tasks SET status = ?1, outcome = ?2, completed_at = ?3, updated_at = ?3 WHERE id = ?4",
            params![status.as_str(), outcome, now, id],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound { what: "care task", id });
        }
        Ok(())
    }

    /// Moves a task to another day; the first due date is kept.
    pub fn move_care_task(&self, id: CareTaskId, to: NaiveDate, now: NaiveDateTime) -> Result<()> {
        let n = self.exec(
            "UPDATE care_tasks SET first_due_date = coalesce(first_due_date, due_date), due_date = ?1,
                updated_at = ?2 WHERE id = ?3",
            params![to, now, id],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound { what: "care task", id });
        }
        Ok(())
    }

    /// The day of a customer's last purchase.
    pub fn last_purchase_date(&self, customer: CustomerId) -> Result<Option<NaiveDate>> {
        Ok(self.row("SELECT max(date) FROM purchases WHERE customer_id = ?1", [customer], |r| r.get(0))?)
    }
}

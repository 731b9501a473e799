//! The care calendar, wired: plan generation (at start, daily from the
//! scheduler, after a purchase, on demand), the today list, the agenda of a
//! range, done / skip / move, care plans and message templates. The rules
//! are `carebook-care`'s and `carebook-calendar`'s; this module only reads
//! rows, calls them and writes what they return.

use std::collections::HashMap;

use carebook_calendar::lunar::{self, LunarDate};
use carebook_calendar::recur::{Calendar, YearlyDate, yearly_occurrences};
use carebook_care::template::{self as tpl, Placeholder, TemplateContext};
use carebook_care::{
    ContactLinks, GenerateInput, Plan, Template, contact_links, generate, message_lang, plans::default_plans,
    template::default_templates,
};
use carebook_core::export::Lang;
use carebook_core::labels::Labelled;
use carebook_core::{
    AuditAction, AuditEntity, CalendarKind, CareTaskId, CareTaskKind, CareTaskOrigin, CareTaskStatus, Channel,
    CustomerId, Feedback, FeedbackInput, FieldChange, StaffId, StaffRole,
};
use carebook_store::{CareTaskLine, TaskFilter, Tx};
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{AuditEvent, diff};
use crate::care::CareTaskView;
use crate::{Api, ApiError, Empty, IdArgs, Result};

pub use carebook_care::plans::can_chi;

/// Birthdays and Tết are planned this many days ahead.
pub const HORIZON_DAYS: u32 = 30;
/// The longest range the agenda shows at once.
pub const MAX_AGENDA_DAYS: i64 = 400;
/// Settings keys.
const GENERATED_ON: &str = "care_generated_on";
const DEFAULTS_SEEDED: &str = "care_defaults_seeded";
const LEFT_OUT: &str = "care_left_out";

/// A Vietnamese lunar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LunarDay {
    pub day: u8,
    pub month: u8,
    pub year: i32,
    /// In the leap month (tháng nhuận).
    pub leap: bool,
}

impl From<LunarDate> for LunarDay {
    fn from(l: LunarDate) -> LunarDay {
        LunarDay { day: l.day, month: l.month, year: l.year, leap: l.leap }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DateArgs {
    pub date: NaiveDate,
}

/// What a generation run did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GenerateReport {
    /// Events from this day on were looked at.
    pub since: NaiveDate,
    pub today: NaiveDate,
    /// New tasks written.
    pub added: u32,
    /// Tasks the plans called for that already existed (or were deleted).
    pub existing: u32,
    /// Marketing tasks not created because the customer has not consented.
    pub left_out_no_consent: u32,
}

/// One line of the today list or of the agenda.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CareLine {
    #[serde(flatten)]
    pub task: CareTaskView,
    pub customer_name: String,
    #[ts(optional = nullable)]
    pub phone: Option<String>,
    /// Why the task exists, in the language asked for: "7 ngày sau lần mua đầu (12/03/2026)".
    pub why: String,
    #[ts(optional = nullable)]
    pub plan_name: Option<String>,
    /// The message from the task's template in the customer's language
    /// (today list only).
    #[ts(optional = nullable)]
    pub message: Option<String>,
    pub message_lang: Lang,
    pub links: ContactLinks,
    /// Done or skipped after the due day.
    pub late: bool,
    /// The due date before it was first moved.
    #[ts(optional = nullable)]
    pub first_due_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TodayArgs {
    /// The shop's today when left out.
    #[ts(optional = nullable)]
    pub date: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub assignee_id: Option<StaffId>,
    pub offset: u32,
    pub limit: u32,
    /// The language of the reasons (the UI's).
    pub lang: Lang,
}

impl Default for TodayArgs {
    fn default() -> TodayArgs {
        TodayArgs { date: None, assignee_id: None, offset: 0, limit: 50, lang: Lang::Vi }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TodayList {
    pub date: NaiveDate,
    pub overdue: i64,
    pub due_today: i64,
    /// Overdue lines first, then today's, each by assignee.
    pub lines: Vec<CareLine>,
    /// Marketing tasks the last generation left out for want of consent.
    pub left_out_no_consent: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaArgs {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[ts(optional = nullable)]
    pub assignee_id: Option<StaffId>,
    #[serde(default)]
    pub lang: Lang,
    /// At most this many birthdays and tasks listed per day (all are counted); all when left out.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub per_day: Option<u32>,
}

/// A customer's birthday falling on a day.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BirthdayOccurrence {
    pub customer_id: CustomerId,
    pub name: String,
    pub calendar: CalendarKind,
    pub day: u8,
    pub month: u8,
    pub leap: bool,
    /// The age reached, when the year of birth is known.
    #[ts(optional = nullable)]
    pub age: Option<i32>,
    /// Why it is not on its own day this year: "no 29 February this year".
    #[ts(optional = nullable)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaDay {
    pub date: NaiveDate,
    #[ts(optional = nullable)]
    pub lunar: Option<LunarDay>,
    /// Mùng 1 Tết (the first day of the lunar year).
    pub tet: bool,
    pub birthday_count: u32,
    pub birthdays: Vec<BirthdayOccurrence>,
    pub task_count: u32,
    pub tasks: Vec<CareLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Agenda {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: Vec<AgendaDay>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TaskListArgs {
    #[ts(optional = nullable)]
    pub from: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub to: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub assignee_id: Option<StaffId>,
    #[ts(optional = nullable)]
    pub kind: Option<CareTaskKind>,
    #[ts(optional = nullable)]
    pub status: Option<CareTaskStatus>,
    #[ts(optional = nullable)]
    pub customer_id: Option<CustomerId>,
    #[ts(optional = nullable)]
    pub origin: Option<CareTaskOrigin>,
    #[ts(optional = nullable)]
    pub plan_id: Option<i64>,
    pub offset: u32,
    pub limit: u32,
    pub lang: Lang,
}

impl Default for TaskListArgs {
    fn default() -> TaskListArgs {
        TaskListArgs {
            from: None,
            to: None,
            assignee_id: None,
            kind: None,
            status: None,
            customer_id: None,
            origin: None,
            plan_id: None,
            offset: 0,
            limit: 100,
            lang: Lang::Vi,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskList {
    pub total: i64,
    pub lines: Vec<CareLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FinishTask {
    pub id: CareTaskId,
    /// The outcome (done) or the reason (skip; required).
    #[ts(optional = nullable)]
    pub note: Option<String>,
}

/// A check-in's answer: the customer's CSAT score, taken on the call.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskCsat {
    pub id: CareTaskId,
    /// 1–5.
    pub csat: i64,
    /// How the customer answered: the phone unless told otherwise (a
    /// check-in is a call; Zalo when it was a Zalo chat).
    #[ts(optional = nullable)]
    #[serde(default)]
    pub channel: Option<Channel>,
}

/// The answer recorded and the task it closed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TaskCsatResult {
    pub feedback: Feedback,
    pub line: CareLine,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoveTask {
    pub id: CareTaskId,
    pub date: NaiveDate,
}

/// A schedule plan's rule, start and tag, as the editor has them.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SchedulePreviewArgs {
    pub rule: String,
    pub start: NaiveDate,
    pub tag: String,
}

/// What a schedule plan would do: its next days and whom it is for.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SchedulePreview {
    /// The rule as the calendar reads it.
    pub rule: String,
    /// Its next days from today (at most 5).
    pub next: Vec<NaiveDate>,
    /// Customers (not archived) who carry the tag.
    pub customers: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavePlan {
    /// None creates a plan.
    #[ts(optional = nullable)]
    pub id: Option<i64>,
    pub plan: Plan,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanList {
    pub plans: Vec<Plan>,
    pub templates: Vec<Template>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateList {
    pub templates: Vec<Template>,
    #[serde(skip_deserializing)]
    pub placeholders: Vec<Placeholder>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveTemplate {
    pub template: Template,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewTemplate {
    pub template: Template,
    /// A real customer to fill the placeholders with; made-up values when left out.
    #[ts(optional = nullable)]
    pub customer_id: Option<CustomerId>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplatePreview {
    pub text_vi: String,
    pub text_en: String,
}

/// The agenda of a range written to an `.ics` file.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaExport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// One staff member's tasks only; the whole shop (with birthdays) when left out.
    #[ts(optional = nullable)]
    pub assignee_id: Option<StaffId>,
    #[serde(default)]
    pub lang: Lang,
    /// A file, or a folder to put `carebook-{from}-{to}.ics` in.
    pub path: String,
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    d.checked_add_signed(TimeDelta::days(n)).unwrap_or(d)
}

fn field(field: &str, code: &str, message: impl Into<String>) -> ApiError {
    ApiError::field(field, code, &message.into())
}

/// The task's fields as the audit log shows them.
fn line_fields(l: &CareTaskLine) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("dueDate", Some(l.task.due_date.to_string())),
        ("taskStatus", Some(l.task.status.as_str().to_owned())),
        ("outcome", l.task.outcome.clone()),
    ]
}

impl Api {
    /// The owner: the first active staff member whose role is owner.
    fn owner_id(tx: &Tx<'_>) -> Result<Option<StaffId>> {
        Ok(tx.list_staff()?.into_iter().find(|s| s.role == StaffRole::Owner && s.active).map(|s| s.id))
    }

    /// Writes the default plans and templates once per book (a deleted
    /// default does not come back).
    pub(crate) fn seed_care_defaults(&self, tx: &Tx<'_>, today: NaiveDate, now: NaiveDateTime) -> Result<()> {
        if tx.setting(DEFAULTS_SEEDED)?.is_some() {
            return Ok(());
        }
        for t in default_templates() {
            if tx.care_template(&t.key)?.is_none() {
                tx.save_care_template(&t, now)?;
            }
        }
        let existing = tx.care_plans()?;
        for p in default_plans(today) {
            if !existing.iter().any(|e| e.key == p.key) {
                tx.save_care_plan(None, &p, now)?;
            }
        }
        tx.set_setting(DEFAULTS_SEEDED, "1")?;
        Ok(())
    }

    /// Runs generation for `since ..= today` (`only`: these customers'
    /// events) inside `tx`.
    fn generate_in(&self, tx: &Tx<'_>, since: NaiveDate, only: Option<&[CustomerId]>) -> Result<GenerateReport> {
        let (today, now) = (self.today(), self.now());
        self.seed_care_defaults(tx, today, now)?;
        let plans = tx.care_plans()?;
        let input = GenerateInput { today, since, horizon_days: HORIZON_DAYS, owner: Self::owner_id(tx)? };
        let with_tags = plans.iter().any(|p| p.active && matches!(p.trigger, carebook_care::Trigger::Schedule { .. }));
        let customers = tx.care_customer_facts(only, &tx.loyalty_rules()?, with_tags)?;
        let events = tx.care_service_events(only)?;
        let out = generate(&input, &plans, &customers, &events);
        let added = tx.insert_planned_tasks(&out.tasks, now)?;
        let left_out = out.left_out.iter().map(|l| l.no_consent).sum();
        let report = GenerateReport {
            since,
            today,
            added,
            existing: out.tasks.len() as u32 - added,
            left_out_no_consent: left_out,
        };
        if added > 0 {
            let changes = vec![FieldChange { field: "added".into(), before: None, after: Some(added.to_string()) }];
            let summary = match only {
                Some([one]) => tx.customer_name(*one)?,
                _ => format!("{added}"),
            };
            self.audit(
                tx,
                AuditEvent {
                    action: AuditAction::Generate,
                    entity: AuditEntity::CareTask,
                    entity_id: None,
                    customer_id: match only {
                        Some([one]) => Some(*one),
                        _ => None,
                    },
                    summary,
                    changes,
                },
            )?;
        }
        Ok(report)
    }

    /// Runs the care plans over the days since the last run (catching up a
    /// computer that was off), up to today plus [`HORIZON_DAYS`] for
    /// birthdays and Tết. Idempotent: every task has a key that is never
    /// inserted twice.
    pub fn care_generate(&self) -> Result<GenerateReport> {
        let today = self.today();
        self.write().transaction(|tx| {
            let last = tx.setting(GENERATED_ON)?.and_then(|s| s.parse::<NaiveDate>().ok());
            // The last run's day again: events recorded after it ran count.
            let since = last.map_or(today, |d| d.min(today));
            let report = self.generate_in(tx, since, None)?;
            tx.set_setting(GENERATED_ON, &today.to_string())?;
            tx.set_setting(LEFT_OUT, &report.left_out_no_consent.to_string())?;
            Ok(report)
        })
    }

    /// The scheduler's job: generation when it has not run today.
    pub fn care_generate_due(&self) -> Result<Option<GenerateReport>> {
        let today = self.today();
        let last = self.read(|tx| Ok(tx.setting(GENERATED_ON)?))?;
        if last.and_then(|s| s.parse::<NaiveDate>().ok()).is_some_and(|d| d >= today) {
            return Ok(None);
        }
        self.care_generate().map(Some)
    }

    /// After a purchase: the plans run for that customer's events of today,
    /// so their tasks appear at once. (Service events are picked up by the
    /// next run: the daily one, or `care_generate`.)
    pub(crate) fn care_generate_for(&self, tx: &Tx<'_>, customer: CustomerId) -> Result<()> {
        self.generate_in(tx, self.today(), Some(&[customer]))?;
        Ok(())
    }

    /// The templates by key (a handful).
    pub(crate) fn templates_by_key(tx: &Tx<'_>) -> Result<HashMap<String, Template>> {
        Ok(tx.care_templates()?.into_iter().map(|t| (t.key.clone(), t)).collect())
    }

    /// A stored line as the UI shows it; the message only when `templates` is given.
    pub(crate) fn care_line(
        &self,
        tx: &Tx<'_>,
        l: CareTaskLine,
        lang: Lang,
        templates: Option<(&HashMap<String, Template>, &str)>,
    ) -> Result<CareLine> {
        let today = self.today();
        let why = match (&l.reason, &l.task.title) {
            (Some(r), _) => r.describe(lang),
            (None, Some(title)) => title.clone(),
            (None, None) => l.task.kind.label(lang).to_owned(),
        };
        let msg_lang = message_lang(l.phone_e164.as_deref());
        let message = match (templates, &l.template_key) {
            (Some((all, shop)), Some(key)) => match all.get(key) {
                Some(t) => Some(Self::render_for(tx, &l, t, shop, msg_lang)?),
                None => None,
            },
            _ => None,
        };
        let subject = l.plan_name.clone().unwrap_or_else(|| l.task.kind.label(msg_lang).to_owned());
        let links = contact_links(l.phone_e164.as_deref(), l.email.as_deref(), &subject, message.as_deref());
        let late = l.task.completed_at.is_some_and(|at| at.date() > l.task.due_date);
        Ok(CareLine {
            customer_name: l.customer_name,
            phone: l.phone_display,
            why,
            plan_name: l.plan_name,
            message,
            message_lang: msg_lang,
            links,
            late,
            first_due_date: l.first_due_date,
            task: CareTaskView { overdue: l.task.is_overdue(today), task: l.task },
        })
    }

    /// `t` filled in for the task's customer, in `lang`.
    pub(crate) fn render_for(tx: &Tx<'_>, l: &CareTaskLine, t: &Template, shop: &str, lang: Lang) -> Result<String> {
        let ctx = TemplateContext {
            lang,
            customer_name: l.customer_name.clone(),
            gender: l.gender,
            shop: Some(shop.to_owned()),
            last_purchase: tx.last_purchase_date(l.task.customer_id)?,
            points: Some(l.loyalty_points),
            tier: if tpl::uses_tier(t.text(lang)) {
                Some(Self::ledger_tier(tx, l.task.customer_id, lang)?)
            } else {
                None
            },
            due_date: Some(l.task.due_date),
            staff: l.task.assignee_name.clone(),
            birthday: l.birthday,
        };
        Ok(t.render(&ctx))
    }

    /// Today's care list: planned tasks overdue and due today, overdue
    /// first, each part by assignee (unassigned first); one page, with the
    /// message of each line.
    pub fn care_today(&self, args: TodayArgs) -> Result<TodayList> {
        let date = args.date.unwrap_or_else(|| self.today());
        let limit = args.limit.clamp(1, 500);
        self.read(|tx| {
            let counts = tx.care_day_counts(date, args.assignee_id)?;
            let page = tx.care_day_page(date, args.assignee_id, counts.overdue, args.offset, limit)?;
            let templates = Self::templates_by_key(tx)?;
            let shop = tx.settings()?.shop_name;
            let lines = page
                .into_iter()
                .map(|l| self.care_line(tx, l, args.lang, Some((&templates, &shop))))
                .collect::<Result<_>>()?;
            Ok(TodayList {
                date,
                overdue: counts.overdue,
                due_today: counts.today,
                lines,
                left_out_no_consent: tx.setting(LEFT_OUT)?.and_then(|s| s.parse().ok()).unwrap_or(0),
            })
        })
    }

    /// Tasks by filters (staff, kind, status, customer, origin, plan, dates).
    pub fn care_task_list(&self, args: TaskListArgs) -> Result<TaskList> {
        let filter = TaskFilter {
            from: args.from,
            to: args.to,
            assignee: args.assignee_id,
            kind: args.kind,
            status: args.status,
            customer: args.customer_id,
            origin: args.origin,
            plan: args.plan_id,
        };
        self.read(|tx| {
            let (total, rows) = tx.care_task_lines(&filter, args.offset, args.limit.clamp(1, 1000))?;
            let lines = rows.into_iter().map(|l| self.care_line(tx, l, args.lang, None)).collect::<Result<_>>()?;
            Ok(TaskList { total, lines })
        })
    }

    /// Every day of `from ..= to` with its lunar date, Tết, the birthdays
    /// falling on it (computed, never stored) and its tasks.
    pub fn care_agenda(&self, args: AgendaArgs) -> Result<Agenda> {
        let (from, to) = (args.from, args.to);
        if to < from {
            return Err(field("to", "range_invalid", "the range ends before it starts"));
        }
        if (to - from).num_days() >= MAX_AGENDA_DAYS {
            return Err(field("to", "range_too_long", format!("at most {MAX_AGENDA_DAYS} days at once")));
        }
        let per_day = args.per_day.map_or(usize::MAX, |n| n as usize);
        self.read(|tx| {
            let mut days: Vec<AgendaDay> = (0..=(to - from).num_days())
                .map(|i| {
                    let date = add_days(from, i);
                    let lunar = lunar::to_lunar(date);
                    AgendaDay {
                        date,
                        lunar: lunar.map(LunarDay::from),
                        tet: lunar.is_some_and(|l| l.day == 1 && l.month == 1 && !l.leap),
                        birthday_count: 0,
                        birthdays: Vec::new(),
                        task_count: 0,
                        tasks: Vec::new(),
                    }
                })
                .collect();
            let index = |d: NaiveDate| (d - from).num_days() as usize;
            for (o, b) in birthdays_between(tx, from, to, args.lang, args.per_day)? {
                let day = &mut days[index(o.date)];
                match b {
                    Birthdays::Count(n) => day.birthday_count += n,
                    Birthdays::Listed(b) => day.birthdays.push(b),
                }
            }
            for day in &mut days {
                day.birthdays.sort_by(|a, b| (&a.name, a.customer_id).cmp(&(&b.name, b.customer_id)));
                day.birthdays.truncate(per_day);
            }
            let limit = args.per_day.unwrap_or(u32::MAX);
            let (counts, rows) = tx.care_agenda_tasks(from, to, args.assignee_id, limit)?;
            for (date, n) in counts {
                days[index(date)].task_count = n;
            }
            for l in rows {
                let i = index(l.task.due_date);
                let line = self.care_line(tx, l, args.lang, None)?;
                days[i].tasks.push(line);
            }
            for day in &mut days {
                day.tasks.sort_by_key(|l| (l.task.task.due_time, l.task.task.id));
            }
            Ok(Agenda { from, to, days })
        })
    }

    /// Marks a task done, with an outcome.
    pub fn care_task_done(&self, args: FinishTask) -> Result<CareLine> {
        self.finish(args, CareTaskStatus::Done)
    }

    /// Skips a task; the reason is required.
    pub fn care_task_skip(&self, args: FinishTask) -> Result<CareLine> {
        if args.note.as_deref().is_none_or(|n| n.trim().is_empty()) {
            return Err(field("note", "required", "say why the task is skipped"));
        }
        self.finish(args, CareTaskStatus::Skipped)
    }

    fn finish(&self, args: FinishTask, status: CareTaskStatus) -> Result<CareLine> {
        let note = args.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        if note.is_some_and(|n| n.chars().count() > 2000) {
            return Err(field("note", "too_long", "at most 2000 characters"));
        }
        let now = self.now();
        self.write().transaction(|tx| {
            let before = tx.care_task_line(args.id)?;
            tx.finish_care_task(args.id, status, note, now)?;
            self.audit_task_change(tx, &before)
        })
    }

    /// Records the customer's CSAT answer on a planned task (the day-7
    /// check-in) and marks the task done with the outcome "CSAT n/5", in one
    /// transaction: the answer is linked to the customer and the task, given now.
    pub fn care_task_csat(&self, args: TaskCsat) -> Result<TaskCsatResult> {
        let now = self.now();
        self.write().transaction(|tx| {
            let before = tx.care_task_line(args.id)?;
            if before.task.status != CareTaskStatus::Planned {
                return Err(ApiError::conflict("the task is already done or skipped"));
            }
            let input = FeedbackInput {
                customer_id: before.task.customer_id,
                csat: Some(args.csat),
                nps: None,
                comment: None,
                request_id: None,
                care_task_id: Some(args.id),
                channel: Some(args.channel.unwrap_or(Channel::Phone)),
                given_at: Some(now),
            };
            let feedback = self.insert_feedback_in(tx, &input.validate(now)?, now)?;
            let outcome = format!("CSAT {}/5", args.csat);
            tx.finish_care_task(args.id, CareTaskStatus::Done, Some(&outcome), now)?;
            let line = self.audit_task_change(tx, &before)?;
            Ok(TaskCsatResult { feedback, line })
        })
    }

    /// Moves a task to another day (a planned one: done and skipped tasks stay where they were).
    pub fn care_task_move(&self, args: MoveTask) -> Result<CareLine> {
        let now = self.now();
        self.write().transaction(|tx| {
            let before = tx.care_task_line(args.id)?;
            if before.task.status != CareTaskStatus::Planned {
                return Err(ApiError::conflict("only a planned task can be moved"));
            }
            tx.move_care_task(args.id, args.date, now)?;
            self.audit_task_change(tx, &before)
        })
    }

    pub(crate) fn audit_task_change(&self, tx: &Tx<'_>, before: &CareTaskLine) -> Result<CareLine> {
        let after = tx.care_task_line(before.task.id)?;
        let changes = diff(&line_fields(before), &line_fields(&after));
        self.audit(
            tx,
            AuditEvent {
                action: AuditAction::Update,
                entity: AuditEntity::CareTask,
                entity_id: Some(after.task.id),
                customer_id: Some(after.task.customer_id),
                summary: after.customer_name.clone(),
                changes,
            },
        )?;
        self.care_line(tx, after, Lang::Vi, None)
    }

    /// The next days of a schedule plan's rule and how many customers carry
    /// its tag; a rule the calendar cannot read is refused on `rule`.
    pub fn care_schedule_preview(&self, args: SchedulePreviewArgs) -> Result<SchedulePreview> {
        let rule = carebook_calendar::recur::CustomRule::parse(&args.rule, args.start)
            .map_err(|e| ApiError::field("rule", "rule_invalid", &e.to_string()))?;
        let today = self.today();
        let next = rule.occurrences(today.max(args.start), add_days(today, 5 * 366), 5);
        let customers = self.read(|tx| Ok(tx.customers_with_tag(args.tag.trim())?))?;
        Ok(SchedulePreview { rule: rule.rrule().to_owned(), next, customers })
    }

    /// The care plans and the templates their steps may use.
    pub fn care_plan_list(&self) -> Result<PlanList> {
        self.read(|tx| Ok(PlanList { plans: tx.care_plans()?, templates: tx.care_templates()? }))
    }

    /// Creates or edits a plan. Its step ids are kept by the UI: they are
    /// part of the task keys, so an edited step does not make its tasks again.
    pub fn care_plan_save(&self, args: SavePlan) -> Result<Plan> {
        let now = self.now();
        self.write().transaction(|tx| {
            let keys: Vec<String> = tx.care_templates()?.into_iter().map(|t| t.key).collect();
            let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
            args.plan.validate(&refs)?;
            let before = args.id.map(|id| tx.care_plan(id)).transpose()?;
            let mut plan = args.plan.clone();
            plan.key = before.as_ref().and_then(|b| b.key.clone());
            let id = tx.save_care_plan(args.id, &plan, now)?;
            let after = tx.care_plan(id)?;
            let fields = |p: &Plan| {
                vec![
                    ("name", Some(p.name.clone())),
                    ("active", Some(p.active.to_string())),
                    ("trigger", serde_json::to_string(&p.trigger).ok()),
                    ("steps", serde_json::to_string(&p.steps).ok()),
                ]
            };
            let changes = diff(&before.as_ref().map(fields).unwrap_or_default(), &fields(&after));
            if before.is_none() || !changes.is_empty() {
                let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
                let summary = after.name.clone();
                self.audit(
                    tx,
                    AuditEvent {
                        action,
                        entity: AuditEntity::CarePlan,
                        entity_id: Some(id),
                        customer_id: None,
                        summary,
                        changes,
                    },
                )?;
            }
            Ok(after)
        })
    }

    /// Deletes a plan; the tasks it made stay.
    pub fn care_plan_delete(&self, args: IdArgs) -> Result<Empty> {
        self.write().transaction(|tx| {
            let plan = tx.care_plan(args.id)?;
            tx.delete_care_plan(args.id)?;
            self.audit(
                tx,
                AuditEvent {
                    action: AuditAction::Delete,
                    entity: AuditEntity::CarePlan,
                    entity_id: Some(args.id),
                    customer_id: None,
                    summary: plan.name,
                    changes: vec![],
                },
            )?;
            Ok(Empty {})
        })
    }

    /// The message templates and the placeholders they may use.
    pub fn care_template_list(&self) -> Result<TemplateList> {
        self.read(|tx| Ok(TemplateList { templates: tx.care_templates()?, placeholders: tpl::placeholders().to_vec() }))
    }

    /// Saves a template; an unknown placeholder is refused with its name.
    pub fn care_template_save(&self, args: SaveTemplate) -> Result<Template> {
        args.template.validate()?;
        let now = self.now();
        self.write().transaction(|tx| {
            let before = tx.care_template(&args.template.key)?;
            tx.save_care_template(&args.template, now)?;
            let fields = |t: &Template| {
                vec![
                    ("name", Some(t.name.clone())),
                    ("textVi", Some(t.text_vi.clone())),
                    ("textEn", Some(t.text_en.clone())),
                ]
            };
            let changes = diff(&before.as_ref().map(fields).unwrap_or_default(), &fields(&args.template));
            if !changes.is_empty() {
                let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
                self.audit(
                    tx,
                    AuditEvent {
                        action,
                        entity: AuditEntity::Template,
                        entity_id: None,
                        customer_id: None,
                        summary: args.template.name.clone(),
                        changes,
                    },
                )?;
            }
            Ok(tx.care_template(&args.template.key)?.unwrap_or(args.template.clone()))
        })
    }

    /// A template's texts filled with a real customer's values (or examples).
    pub fn care_template_preview(&self, args: PreviewTemplate) -> Result<TemplatePreview> {
        let today = self.today();
        self.read(|tx| {
            let shop = tx.settings()?.shop_name;
            let tier_en = match args.customer_id {
                Some(id) => Some(Self::ledger_tier(tx, id, Lang::En)?),
                None => None,
            };
            let ctx = match args.customer_id {
                Some(id) => {
                    let c = tx.customer(id)?;
                    TemplateContext {
                        lang: Lang::Vi,
                        customer_name: c.name.clone(),
                        gender: c.gender,
                        shop: Some(shop),
                        last_purchase: tx.last_purchase_date(id)?,
                        points: Some(c.loyalty_points),
                        tier: Some(Self::ledger_tier(tx, id, Lang::Vi)?),
                        due_date: Some(today),
                        staff: None,
                        birthday: c.birthday.map(|b| carebook_care::BirthdayDate {
                            calendar: b.calendar,
                            day: b.day,
                            month: b.month,
                            leap: b.leap,
                        }),
                    }
                }
                None => TemplateContext {
                    lang: Lang::Vi,
                    customer_name: "Nguyễn Thị Lan".into(),
                    gender: Some(carebook_core::Gender::Female),
                    shop: Some(shop),
                    last_purchase: Some(add_days(today, -30)),
                    points: Some(1250),
                    tier: None,
                    due_date: Some(today),
                    staff: None,
                    birthday: None,
                },
            };
            let en = TemplateContext { lang: Lang::En, tier: tier_en.or(ctx.tier.clone()), ..ctx.clone() };
            Ok(TemplatePreview {
                text_vi: tpl::render(&args.template.text_vi, &ctx),
                text_en: tpl::render(&args.template.text_en, &en),
            })
        })
    }

    /// The agenda of a range as an iCalendar file (RFC 5545): one all-day
    /// event per care task (UID `task-{id}@carebook`), birthday
    /// (`birthday-{customer}-{date}@carebook`) and Tết, so a new export
    /// updates the same events on a phone.
    pub fn care_agenda_ics(&self, args: AgendaArgs) -> Result<String> {
        use carebook_calendar::ics::{IcsEvent, write_ics};
        let lang = args.lang;
        let staff = args.assignee_id;
        let agenda = self.care_agenda(AgendaArgs { per_day: None, ..args })?;
        let mut events = Vec::new();
        for day in &agenda.days {
            if day.tet {
                let year = day.lunar.map_or(day.date.year(), |l| l.year);
                events.push(IcsEvent {
                    uid: format!("tet-{year}@carebook"),
                    date: day.date,
                    time: None,
                    summary: format!("Tết {} {year}", can_chi(year)),
                    description: None,
                    categories: vec!["Tết".into()],
                });
            }
            if staff.is_none() {
                for b in &day.birthdays {
                    let what = match (b.calendar, lang) {
                        (CalendarKind::Lunar, Lang::Vi) => "Sinh nhật âm lịch",
                        (CalendarKind::Lunar, Lang::En) => "Lunar birthday",
                        (CalendarKind::Solar, Lang::Vi) => "Sinh nhật",
                        (CalendarKind::Solar, Lang::En) => "Birthday",
                    };
                    events.push(IcsEvent {
                        uid: format!("birthday-{}-{}@carebook", b.customer_id, day.date),
                        date: day.date,
                        time: None,
                        summary: format!("{what}: {}", b.name),
                        description: b.note.clone(),
                        categories: vec![what.to_owned()],
                    });
                }
            }
            for t in &day.tasks {
                let kind = t.task.task.kind.label(lang);
                events.push(IcsEvent {
                    uid: format!("task-{}@carebook", t.task.task.id),
                    date: t.task.task.due_date,
                    time: t.task.task.due_time,
                    summary: format!("{kind}: {}", t.customer_name),
                    description: Some(t.why.clone()),
                    categories: vec![kind.to_owned()],
                });
            }
        }
        let name = self.read(|tx| Ok(tx.settings()?.shop_name))?;
        let stamp = self.clock.now_utc();
        Ok(write_ics(&format!("CareBook {name}"), &events, stamp))
    }

    /// Writes the agenda of a range as an `.ics` file (whole, or not at all).
    pub fn care_agenda_export(&self, args: AgendaExport) -> Result<crate::ExportedFile> {
        use crate::files::{check_target, resolve_file, write_file};
        let text = self.care_agenda_ics(AgendaArgs {
            from: args.from,
            to: args.to,
            assignee_id: args.assignee_id,
            lang: args.lang,
            per_day: None,
        })?;
        let path = resolve_file(&args.path, &format!("carebook-{}-{}.ics", args.from, args.to))?;
        check_target(&path, "ics", &self.db_path())?;
        let bytes = write_file(&path, text.as_bytes())?;
        let shown = path.display().to_string();
        self.write().transaction(|tx| {
            self.audit(
                tx,
                AuditEvent {
                    action: AuditAction::Export,
                    entity: AuditEntity::CareTask,
                    entity_id: None,
                    customer_id: None,
                    summary: format!("{} – {}", args.from, args.to),
                    changes: vec![
                        FieldChange::new("format", None, Some("ics".to_owned())),
                        FieldChange::new("path", None, Some(shown.clone())),
                    ],
                },
            )
        })?;
        Ok(crate::ExportedFile { path: shown, bytes })
    }

    /// The Vietnamese lunar date of a day (1900–2100).
    pub fn lunar_date(&self, args: DateArgs) -> Result<LunarDay> {
        lunar::to_lunar(args.date)
            .map(LunarDay::from)
            .ok_or_else(|| field("date", "out_of_range", "the lunar calendar is known from 1900 to 2100"))
    }
}

/// What [`birthdays_between`] finds on a day: how many customers, and the
/// ones listed.
enum Birthdays {
    Count(u32),
    Listed(BirthdayOccurrence),
}

/// The birthdays falling on days `from ..= to`: the distinct birthdays of
/// the months touched come from an index by calendar, month and day, the
/// calendar rules place each exactly (29 February in common years, leap
/// months, 30th days), and names are read only for the first `per_day`
/// customers of a day (all when `None`).
fn birthdays_between(
    tx: &Tx<'_>,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
    per_day: Option<u32>,
) -> Result<Vec<(carebook_calendar::recur::Occurrence, Birthdays)>> {
    // (calendar, month) → (first day, last day) of candidate birthdays.
    let mut wanted: Vec<((CalendarKind, u8), (u8, u8))> = Vec::new();
    let mut want = |key: (CalendarKind, u8), day: u8| match wanted.iter_mut().find(|(k, _)| *k == key) {
        Some((_, (a, b))) => {
            *a = (*a).min(day);
            *b = (*b).max(day);
        }
        None => wanted.push((key, (day, day))),
    };
    let mut d = from;
    while d <= to {
        let (m, day) = (d.month() as u8, d.day() as u8);
        want((CalendarKind::Solar, m), day);
        if m == 2 && day == 28 {
            want((CalendarKind::Solar, 2), 29);
        }
        if let Some(l) = lunar::to_lunar(d) {
            want((CalendarKind::Lunar, l.month), l.day);
            // A 30th in a 29-day month falls on the 29th.
            if l.day == 29 {
                want((CalendarKind::Lunar, l.month), 30);
            }
        }
        d = add_days(d, 1);
    }
    let mut out = Vec::new();
    // Names listed so far per day.
    let mut listed: HashMap<NaiveDate, u32> = HashMap::new();
    for ((calendar, month), (a, b)) in wanted {
        for (bd, count) in tx.birthday_groups(calendar, month, a, b)? {
            let lunar = bd.calendar == CalendarKind::Lunar;
            let y = YearlyDate {
                calendar: if lunar { Calendar::Lunar } else { Calendar::Solar },
                month: bd.month,
                day: bd.day,
                leap: bd.leap,
            };
            for o in yearly_occurrences(&y, from, to) {
                out.push((o, Birthdays::Count(count)));
                let shown = listed.entry(o.date).or_default();
                let room = per_day.map_or(u32::MAX, |p| p.saturating_sub(*shown));
                if room == 0 {
                    continue;
                }
                let reason = carebook_care::Reason::Birthday {
                    birthday: bd,
                    year: o.year,
                    date: o.date,
                    shift: o.shift,
                    offset_days: 0,
                };
                let note = o.shift.map(|_| {
                    let text = reason.describe(lang);
                    // "sinh nhật 29/2 (28/02/2027, năm nay không có ngày 29/2)" → the part after the date.
                    text.rsplit_once(", ").map(|(_, n)| n.trim_end_matches(')').to_owned()).unwrap_or(text)
                });
                for row in tx.customers_with_birthday(bd, room)? {
                    *shown += 1;
                    let age = row.birth_year.map(|y| o.date.year() - y).filter(|a| *a > 0 && !lunar);
                    out.push((
                        o,
                        Birthdays::Listed(BirthdayOccurrence {
                            customer_id: row.customer_id,
                            name: row.name,
                            calendar: bd.calendar,
                            day: bd.day,
                            month: bd.month,
                            leap: bd.leap,
                            age,
                            note: note.clone(),
                        }),
                    ));
                }
            }
        }
    }
    Ok(out)
}

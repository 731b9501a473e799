//! Care plans and the care tasks they generate.
//!
//! A plan is a trigger and dated steps. [`generate`] reads plain rows
//! (customers with their purchases and tier events, service events) and
//! returns the tasks the active plans call for in a window of days.
//!
//! # Task keys (stable)
//!
//! Every task has a key, unique per plan step × customer × occurrence:
//! `p{plan id}/s{step id}/c{customer id}/{occurrence}` with the occurrence
//!
//! | trigger | occurrence |
//! |---|---|
//! | first purchase, any purchase | `purchase:{purchase id}` |
//! | birthday | `birthday:{year}` (solar year, or lunar year for a lunar birthday) |
//! | Tết | `tet:{lunar year}` |
//! | inactivity | `inactive:{last purchase date, YYYY-MM-DD}` |
//! | tier reached | `tier:{tier key}` |
//! | complaint resolved, request transferred | `request:{request id}:{seq}` |
//! | schedule (RRULE, for a tag) | `schedule:{day of the rule, YYYY-MM-DD}` |
//!
//! The key holds no due date, offset or template, so editing a step keeps
//! it. The store inserts tasks with the key unique and keeps the keys of
//! deleted tasks: running generation again, after a restart, after editing
//! a plan or over overlapping windows never adds a task twice. This format
//! is stored: it must not change.

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::hash::{BuildHasherDefault, Hasher};

use carebook_calendar::lunar;
use carebook_calendar::recur::{Calendar, CustomRule, Occurrence, Shift, YearlyDate, yearly_occurrences};
use carebook_core::export::Lang;
use carebook_core::{CalendarKind, CareTaskKind, Consent, CustomerId, FieldError, Gender, PurchaseId, StaffId};
use chrono::{Datelike, NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::BirthdayDate;
use crate::loyalty::{TierReached, default_tiers};
use crate::template::keys as template_keys;
use crate::text::{dmy, field_error};

/// Who a generated task is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "type", content = "staffId", rename_all = "snake_case")]
pub enum AssigneeRule {
    /// The staff member of the purchase, or the handler of the request, that
    /// triggered the task; the owner when there is none.
    WhoServed,
    /// Always this staff member.
    Fixed(StaffId),
    /// Always the owner ([`GenerateInput::owner`]).
    Owner,
}

/// The event that starts a plan.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum Trigger {
    /// The customer's earliest purchase.
    FirstPurchase,
    /// Every purchase.
    AnyPurchase,
    /// A tier reached for the first time: this tier, or any above the first.
    TierReached {
        /// The tier's key; `None` for any tier above the first.
        #[ts(optional = nullable)]
        tier_key: Option<String>,
    },
    /// Every year on the birthday (solar or lunar).
    Birthday,
    /// Every year at Tết (lunar new year).
    Tet,
    /// No purchase for twice the customer's usual interval, at least 60 days.
    Inactivity,
    /// A complaint resolved (again, when it was reopened).
    ComplaintResolved,
    /// A request passed on to a colleague: its first handler follows up.
    RequestTransferred,
    /// The shop's own rhythm: the days of an RRULE (RFC 5545, whole days)
    /// counted from `start`, for the customers who carry `tag` ("every
    /// first Monday, call the wholesale customers").
    Schedule {
        /// `FREQ=MONTHLY;BYDAY=1MO`, `FREQ=WEEKLY;INTERVAL=2;BYDAY=FR` …
        rule: String,
        /// The rule's first day.
        start: NaiveDate,
        /// Only customers with this tag (letter case ignored).
        tag: String,
    },
}

/// One step of a plan: a task `offset_days` after the trigger (before it
/// when negative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanStep {
    /// Unique within the plan and kept when the step is edited: it is part of
    /// the task keys.
    pub id: i64,
    /// Days from the trigger to the task's due date; negative for before
    /// (a birthday, Tết).
    pub offset_days: i32,
    /// The kind of care task created.
    pub kind: CareTaskKind,
    /// The [`crate::Template::key`] of its message.
    pub template_key: String,
    /// Who the task is for.
    pub assignee: AssigneeRule,
    /// A marketing step (thank-you, offer, invitation, greeting): only for
    /// customers whose consent is given.
    pub needs_consent: bool,
}

/// A care plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// Stored id; part of the task keys.
    pub id: i64,
    /// The key of a shipped default plan (`first_purchase` …); `None` for the owner's own.
    #[ts(optional = nullable)]
    pub key: Option<String>,
    /// Shown to the owner.
    pub name: String,
    /// What starts it.
    pub trigger: Trigger,
    /// An inactive plan creates nothing.
    pub active: bool,
    /// The plan acts on events from this day on (not on older history).
    pub active_since: NaiveDate,
    /// 1 to [`MAX_STEPS`] steps.
    pub steps: Vec<PlanStep>,
}

/// Most steps a plan may have.
pub const MAX_STEPS: usize = 10;
/// Largest offset of a step, in days either way.
pub const MAX_OFFSET_DAYS: i32 = 365;
/// Inactivity never fires before this many days without a purchase.
pub const MIN_INACTIVE_DAYS: i64 = 60;

impl Plan {
    /// Field errors: `name` required, at most 200 characters (`too_long`);
    /// 1 to [`MAX_STEPS`] `steps` (`required`, `too_many`); per step
    /// `steps[i].offsetDays` within ±[`MAX_OFFSET_DAYS`] (`number_invalid`),
    /// `steps[i].templateKey` required and one of `template_keys`
    /// (`unknown_template`), `steps[i].id` distinct (`duplicate`); a tier
    /// trigger's `trigger.tierKey`, when given, not empty (`required`); a
    /// schedule's `trigger.rule` an RRULE the calendar reads
    /// (`rule_invalid`) and its `trigger.tag` not empty (`required`).
    pub fn validate(&self, template_keys: &[&str]) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = self.name.trim();
        if name.is_empty() {
            errors.push(field_error("name", "required", "a plan needs a name"));
        } else if name.chars().count() > 200 {
            errors.push(field_error("name", "too_long", "at most 200 characters"));
        }
        if let Trigger::TierReached { tier_key: Some(k) } = &self.trigger
            && k.trim().is_empty()
        {
            errors.push(field_error("trigger.tierKey", "required", "choose a tier, or any tier"));
        }
        if let Trigger::Schedule { rule, start, tag } = &self.trigger {
            if let Err(e) = CustomRule::parse(rule, *start) {
                errors.push(field_error("trigger.rule", "rule_invalid", e.to_string()));
            }
            if tag.trim().is_empty() {
                errors.push(field_error("trigger.tag", "required", "choose the tag of the customers to plan for"));
            }
        }
        if self.steps.is_empty() {
            errors.push(field_error("steps", "required", "a plan needs at least one step"));
        } else if self.steps.len() > MAX_STEPS {
            errors.push(field_error("steps", "too_many", format!("at most {MAX_STEPS} steps")));
        }
        for (i, s) in self.steps.iter().enumerate() {
            if self.steps[..i].iter().any(|o| o.id == s.id) {
                errors.push(field_error(format!("steps[{i}].id"), "duplicate", format!("step id {} twice", s.id)));
            }
            if !(-MAX_OFFSET_DAYS..=MAX_OFFSET_DAYS).contains(&s.offset_days) {
                errors.push(field_error(
                    format!("steps[{i}].offsetDays"),
                    "number_invalid",
                    format!("an offset is between -{MAX_OFFSET_DAYS} and {MAX_OFFSET_DAYS} days"),
                ));
            }
            let field = format!("steps[{i}].templateKey");
            if s.template_key.trim().is_empty() {
                errors.push(field_error(field, "required", "a step needs a message template"));
            } else if !template_keys.contains(&s.template_key.as_str()) {
                errors.push(field_error(field, "unknown_template", format!("no template {}", s.template_key)));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// Keys of the default plans.
pub mod keys {
    /// After the first purchase: thank-you, check-in call, come-back offer.
    pub const FIRST_PURCHASE: &str = "first_purchase";
    /// Follow-up call after a complaint is resolved.
    pub const COMPLAINT_RESOLVED: &str = "complaint_resolved";
    /// The first handler follows up on a transferred request.
    pub const REQUEST_TRANSFERRED: &str = "request_transferred";
    /// Birthday greeting and offer.
    pub const BIRTHDAY: &str = "birthday";
    /// Loyalty event invitation on reaching a tier.
    pub const TIER_REACHED: &str = "tier_reached";
    /// Win-back offer for an inactive customer.
    pub const WIN_BACK: &str = "win_back";
    /// Tết greeting.
    pub const TET: &str = "tet";
}

/// The plans shipped with CareBook, active from `today` (history before
/// the shop starts using them triggers nothing). Ids 1–7, step ids from 1
/// in each plan; marketing steps need consent, calls do not.
pub fn default_plans(today: NaiveDate) -> Vec<Plan> {
    let step = |id, offset_days, kind, template_key: &str, assignee, needs_consent| PlanStep {
        id,
        offset_days,
        kind,
        template_key: template_key.to_owned(),
        assignee,
        needs_consent,
    };
    let plan = |id, key: &str, name: &str, trigger, steps| Plan {
        id,
        key: Some(key.to_owned()),
        name: name.to_owned(),
        trigger,
        active: true,
        active_since: today,
        steps,
    };
    use AssigneeRule::{Owner, WhoServed};
    use CareTaskKind as K;
    vec![
        plan(
            1,
            keys::FIRST_PURCHASE,
            "Sau lần mua đầu",
            Trigger::FirstPurchase,
            vec![
                step(1, 1, K::ThankYou, template_keys::FIRST_PURCHASE_THANKS, WhoServed, true),
                step(2, 7, K::CheckIn, template_keys::CHECK_IN_CSAT, WhoServed, false),
                step(3, 30, K::Offer, template_keys::COME_BACK_OFFER, WhoServed, true),
            ],
        ),
        plan(
            2,
            keys::COMPLAINT_RESOLVED,
            "Sau khi giải quyết khiếu nại",
            Trigger::ComplaintResolved,
            vec![step(1, 2, K::FollowUpCall, template_keys::COMPLAINT_FOLLOW_UP, WhoServed, false)],
        ),
        plan(
            3,
            keys::REQUEST_TRANSFERRED,
            "Khi chuyển yêu cầu cho đồng nghiệp",
            Trigger::RequestTransferred,
            vec![step(1, 1, K::FollowUpCall, template_keys::TRANSFER_FOLLOW_UP, WhoServed, false)],
        ),
        plan(
            4,
            keys::BIRTHDAY,
            "Sinh nhật khách hàng",
            Trigger::Birthday,
            vec![step(1, -3, K::BirthdayGreeting, template_keys::BIRTHDAY_GREETING, Owner, true)],
        ),
        plan(
            5,
            keys::TIER_REACHED,
            "Lên hạng thành viên",
            Trigger::TierReached { tier_key: None },
            vec![step(1, 1, K::EventInvitation, template_keys::LOYALTY_EVENT_INVITATION, Owner, true)],
        ),
        plan(
            6,
            keys::WIN_BACK,
            "Khách lâu chưa quay lại",
            Trigger::Inactivity,
            vec![step(1, 0, K::Offer, template_keys::WIN_BACK_OFFER, WhoServed, true)],
        ),
        plan(
            7,
            keys::TET,
            "Chúc Tết Nguyên đán",
            Trigger::Tet,
            vec![step(1, -7, K::Greeting, template_keys::TET_GREETING, Owner, true)],
        ),
    ]
}

/// What a generation run looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GenerateInput {
    /// The day of the run.
    pub today: NaiveDate,
    /// Trigger events on days `since ..= today` are acted on (the day after
    /// the last run, to catch up after days off).
    pub since: NaiveDate,
    /// Birthdays and Tết are planned when their task is due in
    /// `since ..= today + horizon_days`.
    pub horizon_days: u32,
    /// Assignee of `Owner` steps and of `WhoServed` steps nobody served.
    #[ts(optional = nullable)]
    pub owner: Option<StaffId>,
}

/// One purchase, as generation needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseFact {
    /// Stored id; part of the task keys.
    pub id: PurchaseId,
    /// The day of the purchase.
    pub date: NaiveDate,
    /// Whole đồng.
    pub amount_vnd: i64,
    /// Who served the customer.
    #[ts(optional = nullable)]
    pub staff_id: Option<StaffId>,
}

/// One customer, as generation needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerFacts {
    /// Stored id; part of the task keys.
    pub id: CustomerId,
    /// Full name.
    pub name: String,
    /// For the messages' `anh` / `chị`.
    #[ts(optional = nullable)]
    pub gender: Option<Gender>,
    /// Marketing steps need [`Consent::Given`].
    pub consent: Consent,
    /// For birthday plans.
    #[ts(optional = nullable)]
    pub birthday: Option<BirthdayDate>,
    /// Archived customers get no tasks.
    pub archived: bool,
    /// In any order.
    pub purchases: Vec<PurchaseFact>,
    /// From [`crate::loyalty::tier_events`].
    pub tier_events: Vec<TierReached>,
    /// The customer's tags, for schedule plans.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// What happened to a service request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ServiceEventKind {
    /// A complaint was resolved.
    ComplaintResolved,
    /// A request was transferred to another staff member.
    RequestTransferred,
}

/// A complaint resolved or a request transferred, on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEvent {
    /// The request's stored id; part of the task keys.
    pub request_id: i64,
    /// Whose request.
    pub customer_id: CustomerId,
    /// What happened.
    pub kind: ServiceEventKind,
    /// The day it happened.
    pub on: NaiveDate,
    /// The nth time this happened to the request (a reopened complaint
    /// resolved again is 2).
    pub seq: u32,
    /// Who handled the request (for a transfer: the first handler, who follows up).
    #[ts(optional = nullable)]
    pub handler: Option<StaffId>,
}

/// Why a task exists, with what [`Reason::describe`] needs: the event, the
/// day it happened (or falls this year) and the step's offset from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum Reason {
    /// The customer's first purchase.
    FirstPurchase {
        /// The purchase.
        purchase_id: PurchaseId,
        /// Its day.
        date: NaiveDate,
        /// The step's offset from it.
        offset_days: i32,
    },
    /// A purchase.
    Purchase {
        /// The purchase.
        purchase_id: PurchaseId,
        /// Its day.
        date: NaiveDate,
        /// The step's offset from it.
        offset_days: i32,
    },
    /// A birthday this year.
    Birthday {
        /// The birthday as recorded.
        birthday: BirthdayDate,
        /// The occurrence's year (lunar year for a lunar birthday).
        year: i32,
        /// The day it falls on this year.
        date: NaiveDate,
        /// Why it is not on the birthday's own day and month this year.
        #[ts(optional = nullable)]
        shift: Option<Shift>,
        /// The step's offset from it.
        offset_days: i32,
    },
    /// Tết of a lunar year.
    Tet {
        /// The lunar year that starts.
        lunar_year: i32,
        /// The day of Tết.
        date: NaiveDate,
        /// The step's offset from it.
        offset_days: i32,
    },
    /// No purchase for long.
    Inactivity {
        /// The day of the last visit.
        last_purchase: NaiveDate,
        /// Days from the last purchase to the task's due date.
        days: i64,
        /// The median gap between visits; `None` after a single visit.
        #[ts(optional = nullable)]
        usual_interval_days: Option<i64>,
    },
    /// A tier reached for the first time.
    TierReached {
        /// [`crate::Tier::key`].
        tier_key: String,
        /// The day it was reached.
        on: NaiveDate,
        /// The step's offset from it.
        offset_days: i32,
        /// The tier's name in the shop's rules when the task was made
        /// (reasons written before the names were kept: the default names).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        name_vi: Option<String>,
        /// Likewise in English.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        name_en: Option<String>,
    },
    /// A day of the plan's own schedule.
    Scheduled {
        /// The day of the rule.
        date: NaiveDate,
        /// The step's offset from it.
        offset_days: i32,
    },
    /// A complaint resolved.
    ComplaintResolved {
        /// The request.
        request_id: i64,
        /// The nth resolution of that request.
        seq: u32,
        /// The day it was resolved.
        on: NaiveDate,
        /// The step's offset from it.
        offset_days: i32,
    },
    /// A request transferred to a colleague.
    RequestTransferred {
        /// The request.
        request_id: i64,
        /// The nth transfer of that request.
        seq: u32,
        /// The day it was transferred.
        on: NaiveDate,
        /// The step's offset from it.
        offset_days: i32,
    },
}

/// A task a plan calls for. The store inserts it unless a task with the same
/// `key` exists or existed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedTask {
    /// Stable and unique: see the module documentation.
    pub key: String,
    /// The plan that calls for it.
    pub plan_id: i64,
    /// The step of that plan.
    pub step_id: i64,
    /// Whom it is for.
    pub customer_id: CustomerId,
    /// The step's task kind.
    pub kind: CareTaskKind,
    /// The trigger's day plus the step's offset.
    pub due_date: NaiveDate,
    /// From the step's [`AssigneeRule`]; `None` when it names the owner and none is set.
    #[ts(optional = nullable)]
    pub assignee: Option<StaffId>,
    /// The step's message template.
    pub template_key: String,
    /// Why it exists.
    pub reason: Reason,
}

/// Tasks a plan did not create because the customer has not given consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeftOut {
    /// The plan.
    pub plan_id: i64,
    /// How many tasks (step × customer × occurrence) were left out.
    pub no_consent: u32,
}

/// The result of [`generate`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Generated {
    /// By due date, then plan, step and customer.
    pub tasks: Vec<PlannedTask>,
    /// Plans that left customers out, by plan id.
    pub left_out: Vec<LeftOut>,
}

/// The occurrence part of a task key.
enum Occ<'a> {
    Purchase(PurchaseId),
    Birthday(i32),
    Tet(i32),
    Inactive(NaiveDate),
    Tier(&'a str),
    Request(i64, u32),
    Scheduled(NaiveDate),
}

impl fmt::Display for Occ<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Occ::Purchase(id) => write!(f, "purchase:{id}"),
            Occ::Birthday(year) => write!(f, "birthday:{year}"),
            Occ::Tet(year) => write!(f, "tet:{year}"),
            Occ::Inactive(day) => write!(f, "inactive:{:04}-{:02}-{:02}", day.year(), day.month(), day.day()),
            Occ::Tier(key) => write!(f, "tier:{key}"),
            Occ::Request(id, seq) => write!(f, "request:{id}:{seq}"),
            Occ::Scheduled(day) => write!(f, "schedule:{:04}-{:02}-{:02}", day.year(), day.month(), day.day()),
        }
    }
}

/// A fast hash for the maps of one run (customer ids, birthdays): the keys
/// come from the shop's own rows, not from an adversary.
#[derive(Default, Clone, Copy)]
struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

impl Occ<'_> {
    /// Orders occurrences of one step for one customer on one day; ties are
    /// settled by the key.
    fn rank(&self) -> i64 {
        match self {
            Occ::Purchase(id) => *id,
            Occ::Birthday(year) | Occ::Tet(year) => i64::from(*year),
            Occ::Inactive(day) | Occ::Scheduled(day) => i64::from(day.num_days_from_ce()),
            Occ::Tier(key) => {
                let mut prefix = [0; 8];
                prefix.iter_mut().zip(key.bytes()).for_each(|(p, b)| *p = b);
                i64::from_be_bytes(prefix) >> 1
            }
            Occ::Request(id, seq) => id.saturating_mul(1 << 20).saturating_add(i64::from(*seq)),
        }
    }
}

fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_signed(TimeDelta::try_days(days)?)
}

/// The tasks being collected.
struct Out {
    owner: Option<StaffId>,
    tasks: Vec<PlannedTask>,
    /// Sorted instead of the tasks themselves (small and in cache).
    order: Vec<Order>,
    left_out: BTreeMap<i64, u32>,
}

/// Where a task goes in the output: due date, plan, step, customer, a number
/// that orders occurrences ([`Occ::rank`]), then its index in `Out::tasks`.
type Order = (NaiveDate, i64, i64, CustomerId, i64, usize);

impl Out {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        plan: &Plan,
        step: &PlanStep,
        customer: &CustomerFacts,
        occ: Occ<'_>,
        due: NaiveDate,
        served_by: Option<StaffId>,
        reason: impl FnOnce() -> Reason,
    ) {
        if step.needs_consent && customer.consent != Consent::Given {
            *self.left_out.entry(plan.id).or_default() += 1;
            return;
        }
        let assignee = match step.assignee {
            AssigneeRule::WhoServed => served_by.or(self.owner),
            AssigneeRule::Fixed(staff) => Some(staff),
            AssigneeRule::Owner => self.owner,
        };
        self.order.push((due, plan.id, step.id, customer.id, occ.rank(), self.tasks.len()));
        let mut key = String::with_capacity(64);
        // Writing to a String cannot fail.
        let _ = write!(key, "p{}/s{}/c{}/{occ}", plan.id, step.id, customer.id);
        self.tasks.push(PlannedTask {
            key,
            plan_id: plan.id,
            step_id: step.id,
            customer_id: customer.id,
            kind: step.kind,
            due_date: due,
            assignee,
            template_key: step.template_key.clone(),
            reason: reason(),
        });
    }
}

/// The plans of one trigger kind, with the days their events may fall on.
struct Active<'a> {
    plan: &'a Plan,
    /// First day an event counts: the later of `since` and `active_since`.
    from: NaiveDate,
}

/// A Tết step with the (lunar year, day of Tết) it is planned for.
type TetStep<'a> = (&'a Plan, &'a PlanStep, Vec<(i32, NaiveDate)>);

/// A schedule step with its customers' folded tag and the days it is planned for.
type ScheduleStep<'a> = (&'a Plan, &'a PlanStep, String, Vec<NaiveDate>);

/// At most this many days of one schedule step in one run (a daily rule
/// over a year's catch-up and horizon).
const MAX_SCHEDULED_DAYS: usize = 1_000;

/// A customer's inactivity episode: no purchase for `threshold` days after `last`.
struct Episode {
    last: NaiveDate,
    fires: NaiveDate,
    usual: Option<i64>,
    served_by: Option<StaffId>,
}

/// The median of the gaps (in days) between consecutive purchase days; the
/// mean of the two middle gaps, rounded down, for an even count.
fn median(gaps: &mut [i64]) -> Option<i64> {
    if gaps.is_empty() {
        return None;
    }
    gaps.sort_unstable();
    let mid = gaps.len() / 2;
    Some(if gaps.len() % 2 == 1 { gaps[mid] } else { (gaps[mid - 1] + gaps[mid]) / 2 })
}

/// Buffers reused from one customer to the next.
#[derive(Default)]
struct Scratch {
    seen: Vec<(NaiveDate, PurchaseId, Option<StaffId>)>,
    /// Distinct purchase days, each with the staff of its last purchase.
    days: Vec<(NaiveDate, Option<StaffId>)>,
    gaps: Vec<i64>,
    sorted: Vec<i64>,
    episodes: Vec<Episode>,
}

/// The inactivity episodes that fire on days `since ..= today` (into
/// `s.episodes`), reading only purchases up to `today`. After each purchase
/// day the usual interval is the median gap so far; the episode fires at
/// `max(2 × interval, 60)` days unless the customer bought again by then.
fn episodes(purchases: &[PurchaseFact], since: NaiveDate, today: NaiveDate, s: &mut Scratch) {
    s.episodes.clear();
    // Every episode starts on a purchase day at least 60 days before it fires.
    let Some(latest_start) = add_days(today, -MIN_INACTIVE_DAYS) else { return };
    let Some(old) = purchases.iter().map(|p| p.date).filter(|&d| d <= latest_start).max() else { return };
    // From `since` on, only the episode after the latest of those days can
    // fire when the window starts after it: not when the customer came back
    // within 60 days (most customers, found without sorting anything).
    if since >= old {
        let back = purchases.iter().map(|p| p.date).filter(|&d| d > old && d <= today).min();
        if back.is_some_and(|b| (b - old).num_days() <= MIN_INACTIVE_DAYS) {
            return;
        }
    }
    s.seen.clear();
    s.seen.extend(purchases.iter().filter(|p| p.date <= today).map(|p| (p.date, p.id, p.staff_id)));
    s.seen.sort_unstable();
    s.days.clear();
    for &(date, _, staff) in &s.seen {
        match s.days.last_mut() {
            Some(last) if last.0 == date => last.1 = staff.or(last.1),
            _ => s.days.push((date, staff)),
        }
    }
    s.gaps.clear();
    s.gaps.extend(s.days.windows(2).map(|w| (w[1].0 - w[0].0).num_days()));
    for i in (0..s.days.len()).rev() {
        let (day, served_by) = s.days[i];
        let next = s.days.get(i + 1).map(|d| d.0);
        // An episode ends before the next purchase: none can fire from `since` on.
        if next.is_some_and(|n| n <= since) {
            break;
        }
        // It fires at least 60 days on, before the next purchase and by today.
        if day > latest_start || next.is_some_and(|n| (n - day).num_days() <= MIN_INACTIVE_DAYS) {
            continue;
        }
        s.sorted.clear();
        s.sorted.extend_from_slice(&s.gaps[..i]);
        let usual = median(&mut s.sorted);
        let threshold = usual.map_or(MIN_INACTIVE_DAYS, |u| (2 * u).max(MIN_INACTIVE_DAYS));
        let Some(fires) = add_days(day, threshold) else { continue };
        if fires >= since && fires <= today && next.is_none_or(|n| n > fires) {
            s.episodes.push(Episode { last: day, fires, usual, served_by });
        }
    }
}

/// The staff member of the last purchase on `day`, if any.
fn served_on(purchases: &[PurchaseFact], day: NaiveDate) -> Option<StaffId> {
    purchases.iter().filter(|p| p.date == day && p.staff_id.is_some()).max_by_key(|p| p.id).and_then(|p| p.staff_id)
}

fn yearly(b: &BirthdayDate) -> YearlyDate {
    match b.calendar {
        CalendarKind::Solar => YearlyDate { calendar: Calendar::Solar, month: b.month, day: b.day, leap: false },
        CalendarKind::Lunar => YearlyDate { calendar: Calendar::Lunar, month: b.month, day: b.day, leap: b.leap },
    }
}

/// The care tasks that `plans` call for.
///
/// - Trigger events (purchases, tiers reached, inactivity, service events)
///   count on days `since ..= today`, and on or after the plan's
///   `active_since`; a step's task is due `offset_days` after the event,
///   whatever the window.
/// - Birthdays, Tết and the days of a schedule plan count when the step's
///   task is due in `since ..= today + horizon_days` and the day itself is
///   on or after `active_since`; a schedule plan is for the customers with
///   its tag.
/// - Inactive plans, archived customers and events of customers not in
///   `customers` give nothing; steps that need consent skip customers
///   without it and count them in `left_out`.
/// - A row given twice (the same purchase, tier event or service event)
///   gives one task.
///
/// Running it over `since ..= today` gives, as a set of keys, what daily
/// runs over the same days would have given.
pub fn generate(
    input: &GenerateInput,
    plans: &[Plan],
    customers: &[CustomerFacts],
    events: &[ServiceEvent],
) -> Generated {
    let today = input.today;
    let horizon_end = add_days(today, i64::from(input.horizon_days)).unwrap_or(NaiveDate::MAX);
    let mut by_trigger: HashMap<std::mem::Discriminant<Trigger>, Vec<Active<'_>>> = HashMap::new();
    for plan in plans.iter().filter(|p| p.active) {
        let from = input.since.max(plan.active_since);
        by_trigger.entry(std::mem::discriminant(&plan.trigger)).or_default().push(Active { plan, from });
    }
    let of = |t: Trigger| by_trigger.get(&std::mem::discriminant(&t)).map_or(&[][..], Vec::as_slice);
    let first_purchase = of(Trigger::FirstPurchase);
    let any_purchase = of(Trigger::AnyPurchase);
    let tier_reached = of(Trigger::TierReached { tier_key: None });
    let birthday = of(Trigger::Birthday);
    let inactivity = of(Trigger::Inactivity);
    let complaint = of(Trigger::ComplaintResolved);
    let transferred = of(Trigger::RequestTransferred);
    let in_events = |a: &Active<'_>, day: NaiveDate| day >= a.from && day <= today;

    // The occurrences whose due date is in the window, for a step's offset.
    let due_range = |offset: i32| -> Option<(NaiveDate, NaiveDate)> {
        Some((add_days(input.since, -i64::from(offset))?, add_days(horizon_end, -i64::from(offset))?))
    };
    let tet_days: Vec<TetStep<'_>> = of(Trigger::Tet)
        .iter()
        .flat_map(|a| a.plan.steps.iter().map(move |s| (a.plan, s)))
        .map(|(plan, step)| {
            let days = due_range(step.offset_days)
                .map(|(from, to)| {
                    (from.year().max(lunar::FIRST_YEAR)..=to.year().min(lunar::LAST_YEAR))
                        .filter_map(|y| lunar::tet(y).map(|d| (y, d)))
                        .filter(|&(_, d)| d >= from && d <= to && d >= plan.active_since)
                        .collect()
                })
                .unwrap_or_default();
            (plan, step, days)
        })
        .collect();
    // Schedule plans: their days whose step is due in the window, and the
    // tag (folded) of the customers they are for.
    let schedules: Vec<ScheduleStep<'_>> =
        of(Trigger::Schedule { rule: String::new(), start: NaiveDate::MIN, tag: String::new() })
            .iter()
            .filter_map(|a| match &a.plan.trigger {
                Trigger::Schedule { rule, start, tag } => {
                    Some((a, CustomRule::parse(rule, *start).ok()?, tag.trim().to_lowercase()))
                }
                _ => None,
            })
            .flat_map(|(a, rule, tag)| {
                a.plan.steps.iter().map(move |step| {
                    let days = due_range(step.offset_days)
                        .map(|(from, to)| rule.occurrences(from.max(a.plan.active_since), to, MAX_SCHEDULED_DAYS))
                        .unwrap_or_default();
                    (a.plan, step, tag.clone(), days)
                })
            })
            .filter(|s| !s.3.is_empty())
            .collect();
    // Birthday occurrences by step and date: a few hundred distinct dates.
    let mut birthday_cache: FastMap<(i64, i64, BirthdayDate), Vec<Occurrence>> = FastMap::default();

    // About as many tasks as customers in a year's window.
    let capacity = customers.len();
    let mut out = Out {
        owner: input.owner,
        tasks: Vec::with_capacity(capacity),
        order: Vec::with_capacity(capacity),
        left_out: BTreeMap::new(),
    };
    let mut scratch = Scratch::default();
    let inactive_from = inactivity.iter().map(|a| a.from).min();
    for c in customers.iter().filter(|c| !c.archived) {
        if !first_purchase.is_empty()
            && let Some(first) = c.purchases.iter().min_by_key(|p| (p.date, p.id))
        {
            for a in first_purchase.iter().filter(|a| in_events(a, first.date)) {
                for step in &a.plan.steps {
                    let Some(due) = add_days(first.date, i64::from(step.offset_days)) else { continue };
                    let reason = || Reason::FirstPurchase {
                        purchase_id: first.id,
                        date: first.date,
                        offset_days: step.offset_days,
                    };
                    out.push(a.plan, step, c, Occ::Purchase(first.id), due, first.staff_id, reason);
                }
            }
        }
        for a in any_purchase {
            for p in c.purchases.iter().filter(|p| in_events(a, p.date)) {
                for step in &a.plan.steps {
                    let Some(due) = add_days(p.date, i64::from(step.offset_days)) else { continue };
                    let reason = || Reason::Purchase { purchase_id: p.id, date: p.date, offset_days: step.offset_days };
                    out.push(a.plan, step, c, Occ::Purchase(p.id), due, p.staff_id, reason);
                }
            }
        }
        for a in tier_reached {
            let Trigger::TierReached { tier_key } = &a.plan.trigger else { continue };
            let wanted = |e: &&TierReached| tier_key.as_ref().is_none_or(|k| *k == e.tier_key);
            for e in c.tier_events.iter().filter(|e| in_events(a, e.on)).filter(wanted) {
                let served_by = served_on(&c.purchases, e.on);
                for step in &a.plan.steps {
                    let Some(due) = add_days(e.on, i64::from(step.offset_days)) else { continue };
                    let reason = || Reason::TierReached {
                        tier_key: e.tier_key.clone(),
                        on: e.on,
                        offset_days: step.offset_days,
                        name_vi: Some(e.name_vi.clone()),
                        name_en: Some(e.name_en.clone()),
                    };
                    out.push(a.plan, step, c, Occ::Tier(&e.tier_key), due, served_by, reason);
                }
            }
        }
        if let Some(b) = &c.birthday {
            for a in birthday {
                for step in &a.plan.steps {
                    let Some((from, to)) = due_range(step.offset_days) else { continue };
                    let cache_key = (a.plan.id, step.id, *b);
                    let occurrences =
                        birthday_cache.entry(cache_key).or_insert_with(|| yearly_occurrences(&yearly(b), from, to));
                    for o in occurrences.iter().filter(|o| o.date >= a.plan.active_since) {
                        let Some(due) = add_days(o.date, i64::from(step.offset_days)) else { continue };
                        let reason = || Reason::Birthday {
                            birthday: *b,
                            year: o.year,
                            date: o.date,
                            shift: o.shift,
                            offset_days: step.offset_days,
                        };
                        out.push(a.plan, step, c, Occ::Birthday(o.year), due, None, reason);
                    }
                }
            }
        }
        if !schedules.is_empty() {
            let tags: Vec<String> = c.tags.iter().map(|t| t.trim().to_lowercase()).collect();
            for (plan, step, _, days) in schedules.iter().filter(|s| tags.contains(&s.2)) {
                for &day in days {
                    let Some(due) = add_days(day, i64::from(step.offset_days)) else { continue };
                    let reason = || Reason::Scheduled { date: day, offset_days: step.offset_days };
                    out.push(plan, step, c, Occ::Scheduled(day), due, None, reason);
                }
            }
        }
        for (plan, step, days) in &tet_days {
            for &(year, day) in days {
                let Some(due) = add_days(day, i64::from(step.offset_days)) else { continue };
                let reason = || Reason::Tet { lunar_year: year, date: day, offset_days: step.offset_days };
                out.push(plan, step, c, Occ::Tet(year), due, None, reason);
            }
        }
        if let Some(earliest) = inactive_from
            && !c.purchases.is_empty()
        {
            episodes(&c.purchases, earliest, today, &mut scratch);
            for e in &scratch.episodes {
                for a in inactivity.iter().filter(|a| in_events(a, e.fires)) {
                    for step in &a.plan.steps {
                        let Some(due) = add_days(e.fires, i64::from(step.offset_days)) else { continue };
                        let reason = || Reason::Inactivity {
                            last_purchase: e.last,
                            days: (due - e.last).num_days(),
                            usual_interval_days: e.usual,
                        };
                        out.push(a.plan, step, c, Occ::Inactive(e.last), due, e.served_by, reason);
                    }
                }
            }
        }
    }

    if !complaint.is_empty() || !transferred.is_empty() {
        let by_id: FastMap<CustomerId, &CustomerFacts> = customers.iter().map(|c| (c.id, c)).collect();
        for ev in events {
            let Some(c) = by_id.get(&ev.customer_id).filter(|c| !c.archived) else { continue };
            let plans = match ev.kind {
                ServiceEventKind::ComplaintResolved => complaint,
                ServiceEventKind::RequestTransferred => transferred,
            };
            for a in plans.iter().filter(|a| in_events(a, ev.on)) {
                for step in &a.plan.steps {
                    let Some(due) = add_days(ev.on, i64::from(step.offset_days)) else { continue };
                    let (request_id, seq, on, offset_days) = (ev.request_id, ev.seq, ev.on, step.offset_days);
                    let reason = || match ev.kind {
                        ServiceEventKind::ComplaintResolved => {
                            Reason::ComplaintResolved { request_id, seq, on, offset_days }
                        }
                        ServiceEventKind::RequestTransferred => {
                            Reason::RequestTransferred { request_id, seq, on, offset_days }
                        }
                    };
                    out.push(a.plan, step, c, Occ::Request(ev.request_id, ev.seq), due, ev.handler, reason);
                }
            }
        }
    }

    let Out { tasks, mut order, left_out, .. } = out;
    order.sort_unstable();
    let mut slots: Vec<Option<PlannedTask>> = tasks.into_iter().map(Some).collect();
    let mut tasks = Vec::with_capacity(slots.len());
    let group = |o: &Order| (o.0, o.1, o.2, o.3, o.4);
    for run in order.chunk_by(|a, b| group(a) == group(b)) {
        if let [one] = run {
            tasks.extend(slots[one.5].take());
        } else {
            // Ties: by key; the same event given twice (a duplicated row) is one task.
            let mut tied: Vec<PlannedTask> = run.iter().filter_map(|o| slots[o.5].take()).collect();
            tied.sort_unstable_by(|a, b| a.key.cmp(&b.key));
            tied.dedup_by(|a, b| a.key == b.key);
            tasks.append(&mut tied);
        }
    }
    let left_out = left_out.into_iter().map(|(plan_id, no_consent)| LeftOut { plan_id, no_consent }).collect();
    Generated { tasks, left_out }
}

const CAN: [&str; 10] = ["Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"];
const CHI: [&str; 12] = ["Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"];

/// The can-chi name of a lunar year: 2026 → `Bính Ngọ`, 1984 → `Giáp Tý`.
pub fn can_chi(lunar_year: i32) -> String {
    let can = CAN[(lunar_year + 6).rem_euclid(10) as usize];
    let chi = CHI[(lunar_year + 8).rem_euclid(12) as usize];
    format!("{can} {chi}")
}

/// The name of a tier key in `lang`: the default tiers' names, else the key.
fn tier_name(key: &str, lang: Lang) -> String {
    default_tiers()
        .into_iter()
        .find(|t| t.key == key)
        .map_or_else(|| key.to_owned(), |t| lang.pick(&t.name_vi, &t.name_en).to_owned())
}

fn ordinal_en(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `"7 ngày sau "`, `"3 days before "`, `""` for the day itself.
fn offset_prefix(offset: i32, lang: Lang) -> String {
    let n = offset.unsigned_abs();
    match (offset.signum(), lang) {
        (0, _) => String::new(),
        (1, Lang::Vi) => format!("{n} ngày sau "),
        (_, Lang::Vi) => format!("{n} ngày trước "),
        (1, Lang::En) => format!("{n} day{} after ", if n == 1 { "" } else { "s" }),
        (_, Lang::En) => format!("{n} day{} before ", if n == 1 { "" } else { "s" }),
    }
}

impl Reason {
    /// Why the task exists, in a short phrase: "7 ngày sau lần mua đầu
    /// (12/03/2026)", "3 days before the lunar birthday 15/8 (27/09/2026)",
    /// "không ghé 94 ngày (thường 30 ngày)", "khiếu nại #12 đã giải quyết
    /// (05/03/2026)".
    pub fn describe(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        // (phrase on the day itself, phrase after "N days after/before", day, notes)
        let (alone, after, day, offset, notes): (String, String, NaiveDate, i32, Vec<String>) = match self {
            Reason::FirstPurchase { date, offset_days, .. } => {
                let (a, b) = if vi {
                    ("lần mua đầu", "lần mua đầu")
                } else {
                    ("first purchase", "the first purchase")
                };
                (a.into(), b.into(), *date, *offset_days, vec![])
            }
            Reason::Purchase { date, offset_days, .. } => {
                let (a, b) = if vi { ("lần mua", "lần mua") } else { ("purchase", "the purchase") };
                (a.into(), b.into(), *date, *offset_days, vec![])
            }
            Reason::Birthday { birthday: b, date, shift, offset_days, .. } => {
                let leap = if b.leap && b.calendar == CalendarKind::Lunar {
                    lang.pick(" nhuận", " (leap month)")
                } else {
                    ""
                };
                let what = match (b.calendar, vi) {
                    (CalendarKind::Solar, true) => "sinh nhật",
                    (CalendarKind::Lunar, true) => "sinh nhật âm lịch",
                    (CalendarKind::Solar, false) => "birthday",
                    (CalendarKind::Lunar, false) => "lunar birthday",
                };
                let phrase = format!("{what} {}/{}{leap}", b.day, b.month);
                let notes = shift
                    .map(|s| match (s, vi) {
                        (Shift::Feb29ToFeb28, true) => "năm nay không có ngày 29/2".to_owned(),
                        (Shift::Feb29ToFeb28, false) => "no 29 February this year".to_owned(),
                        (Shift::LeapToOrdinaryMonth, true) => format!("năm nay không có tháng {} nhuận", b.month),
                        (Shift::LeapToOrdinaryMonth, false) => format!("no leap month {} this year", b.month),
                        (Shift::Day30ToDay29, true) => format!("tháng {} năm nay chỉ có 29 ngày", b.month),
                        (Shift::Day30ToDay29, false) => format!("month {} has 29 days this year", b.month),
                    })
                    .into_iter()
                    .collect();
                let after = if vi { phrase.clone() } else { format!("the {phrase}") };
                (phrase, after, *date, *offset_days, notes)
            }
            Reason::Tet { lunar_year, date, offset_days } => {
                let phrase = format!("Tết {} {lunar_year}", can_chi(*lunar_year));
                (phrase.clone(), phrase, *date, *offset_days, vec![])
            }
            Reason::Inactivity { days, usual_interval_days, .. } => {
                return match (usual_interval_days, vi) {
                    (Some(u), true) => format!("không ghé {days} ngày (thường {u} ngày)"),
                    (Some(u), false) => format!("no visit for {days} days (usually every {u})"),
                    (None, true) => format!("không ghé {days} ngày (mới mua một lần)"),
                    (None, false) => format!("no visit for {days} days (a single purchase so far)"),
                };
            }
            Reason::TierReached { tier_key, on, offset_days, name_vi, name_en } => {
                let own = if vi { name_vi } else { name_en };
                let name = own.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| tier_name(tier_key, lang));
                let (a, b) = if vi {
                    (format!("đạt hạng {name}"), format!("khi đạt hạng {name}"))
                } else {
                    (format!("reached the {name} tier"), format!("reaching the {name} tier"))
                };
                (a, b, *on, *offset_days, vec![])
            }
            Reason::Scheduled { date, offset_days } => {
                let (a, b) = if vi {
                    ("lịch định kỳ", "lịch định kỳ")
                } else {
                    ("scheduled day", "the scheduled day")
                };
                (a.to_owned(), b.to_owned(), *date, *offset_days, vec![])
            }
            Reason::ComplaintResolved { request_id, seq, on, offset_days } => {
                let (a, b) = if vi {
                    (
                        format!("khiếu nại #{request_id} đã giải quyết"),
                        format!("khi khiếu nại #{request_id} được giải quyết"),
                    )
                } else {
                    (format!("complaint #{request_id} resolved"), format!("complaint #{request_id} was resolved"))
                };
                (a, b, *on, *offset_days, seq_note(*seq, lang))
            }
            Reason::RequestTransferred { request_id, seq, on, offset_days } => {
                let (a, b) = if vi {
                    (
                        format!("yêu cầu #{request_id} đã chuyển cho đồng nghiệp"),
                        format!("khi yêu cầu #{request_id} được chuyển cho đồng nghiệp"),
                    )
                } else {
                    (
                        format!("request #{request_id} transferred to a colleague"),
                        format!("request #{request_id} was transferred to a colleague"),
                    )
                };
                (a, b, *on, *offset_days, seq_note(*seq, lang))
            }
        };
        let phrase = if offset == 0 { alone } else { format!("{}{after}", offset_prefix(offset, lang)) };
        let mut detail = vec![dmy(day)];
        detail.extend(notes);
        format!("{phrase} ({})", detail.join(", "))
    }
}

/// "lần 2" / "2nd time" for a request's second event and later.
fn seq_note(seq: u32, lang: Lang) -> Vec<String> {
    if seq <= 1 {
        return vec![];
    }
    vec![match lang {
        Lang::Vi => format!("lần {seq}"),
        Lang::En => format!("{} time", ordinal_en(seq)),
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn template_keys() -> Vec<&'static str> {
        vec![
            template_keys::FIRST_PURCHASE_THANKS,
            template_keys::CHECK_IN_CSAT,
            template_keys::COME_BACK_OFFER,
            template_keys::COMPLAINT_FOLLOW_UP,
            template_keys::TRANSFER_FOLLOW_UP,
            template_keys::BIRTHDAY_GREETING,
            template_keys::LOYALTY_EVENT_INVITATION,
            template_keys::WIN_BACK_OFFER,
            template_keys::TET_GREETING,
        ]
    }

    #[test]
    fn can_chi_names() {
        for (year, name) in [
            (2026, "Bính Ngọ"),
            (2025, "Ất Tỵ"),
            (2024, "Giáp Thìn"),
            (1984, "Giáp Tý"),
            (2000, "Canh Thìn"),
            (1975, "Ất Mão"),
            (2043, "Quý Hợi"),
            (4, "Giáp Tý"),
            (0, "Canh Thân"),
            (-1, "Kỷ Mùi"),
        ] {
            assert_eq!(can_chi(year), name, "{year}");
        }
    }

    #[test]
    fn reasons_describe_themselves_in_both_languages() {
        let d = date(2026, 3, 12);
        let lunar = |day, month, leap| BirthdayDate { calendar: CalendarKind::Lunar, day, month, leap };
        let table: Vec<(Reason, &str, &str)> = vec![
            (
                Reason::FirstPurchase { purchase_id: 1, date: d, offset_days: 7 },
                "7 ngày sau lần mua đầu (12/03/2026)",
                "7 days after the first purchase (12/03/2026)",
            ),
            (
                Reason::FirstPurchase { purchase_id: 1, date: d, offset_days: 1 },
                "1 ngày sau lần mua đầu (12/03/2026)",
                "1 day after the first purchase (12/03/2026)",
            ),
            (
                Reason::Purchase { purchase_id: 1, date: d, offset_days: 0 },
                "lần mua (12/03/2026)",
                "purchase (12/03/2026)",
            ),
            (
                Reason::Birthday {
                    birthday: lunar(15, 8, false),
                    year: 2026,
                    date: date(2026, 9, 25),
                    shift: None,
                    offset_days: 0,
                },
                "sinh nhật âm lịch 15/8 (25/09/2026)",
                "lunar birthday 15/8 (25/09/2026)",
            ),
            (
                Reason::Birthday {
                    birthday: lunar(15, 8, false),
                    year: 2026,
                    date: date(2026, 9, 25),
                    shift: None,
                    offset_days: -3,
                },
                "3 ngày trước sinh nhật âm lịch 15/8 (25/09/2026)",
                "3 days before the lunar birthday 15/8 (25/09/2026)",
            ),
            (
                Reason::Birthday {
                    birthday: lunar(10, 6, true),
                    year: 2026,
                    date: date(2026, 7, 22),
                    shift: Some(Shift::LeapToOrdinaryMonth),
                    offset_days: -3,
                },
                "3 ngày trước sinh nhật âm lịch 10/6 nhuận (22/07/2026, năm nay không có tháng 6 nhuận)",
                "3 days before the lunar birthday 10/6 (leap month) (22/07/2026, no leap month 6 this year)",
            ),
            (
                Reason::Birthday {
                    birthday: BirthdayDate { calendar: CalendarKind::Solar, day: 29, month: 2, leap: false },
                    year: 2027,
                    date: date(2027, 2, 28),
                    shift: Some(Shift::Feb29ToFeb28),
                    offset_days: 0,
                },
                "sinh nhật 29/2 (28/02/2027, năm nay không có ngày 29/2)",
                "birthday 29/2 (28/02/2027, no 29 February this year)",
            ),
            (
                Reason::Birthday {
                    birthday: lunar(30, 12, false),
                    year: 2026,
                    date: date(2027, 2, 5),
                    shift: Some(Shift::Day30ToDay29),
                    offset_days: 0,
                },
                "sinh nhật âm lịch 30/12 (05/02/2027, tháng 12 năm nay chỉ có 29 ngày)",
                "lunar birthday 30/12 (05/02/2027, month 12 has 29 days this year)",
            ),
            (
                Reason::Tet { lunar_year: 2026, date: date(2026, 2, 17), offset_days: -7 },
                "7 ngày trước Tết Bính Ngọ 2026 (17/02/2026)",
                "7 days before Tết Bính Ngọ 2026 (17/02/2026)",
            ),
            (
                Reason::Inactivity { last_purchase: d, days: 94, usual_interval_days: Some(30) },
                "không ghé 94 ngày (thường 30 ngày)",
                "no visit for 94 days (usually every 30)",
            ),
            (
                Reason::Inactivity { last_purchase: d, days: 60, usual_interval_days: None },
                "không ghé 60 ngày (mới mua một lần)",
                "no visit for 60 days (a single purchase so far)",
            ),
            (
                Reason::TierReached { tier_key: "gold".into(), on: d, offset_days: 1, name_vi: None, name_en: None },
                "1 ngày sau khi đạt hạng Vàng (12/03/2026)",
                "1 day after reaching the Gold tier (12/03/2026)",
            ),
            (
                Reason::TierReached { tier_key: "vip".into(), on: d, offset_days: 0, name_vi: None, name_en: None },
                "đạt hạng vip (12/03/2026)",
                "reached the vip tier (12/03/2026)",
            ),
            (
                // The shop renamed its tiers: the names it had when the task was made.
                Reason::TierReached {
                    tier_key: "gold".into(),
                    on: d,
                    offset_days: 0,
                    name_vi: Some("Hạng Vàng Hồng".into()),
                    name_en: Some("Rose Gold".into()),
                },
                "đạt hạng Hạng Vàng Hồng (12/03/2026)",
                "reached the Rose Gold tier (12/03/2026)",
            ),
            (
                Reason::ComplaintResolved { request_id: 12, seq: 1, on: d, offset_days: 0 },
                "khiếu nại #12 đã giải quyết (12/03/2026)",
                "complaint #12 resolved (12/03/2026)",
            ),
            (
                Reason::ComplaintResolved { request_id: 12, seq: 2, on: d, offset_days: 2 },
                "2 ngày sau khi khiếu nại #12 được giải quyết (12/03/2026, lần 2)",
                "2 days after complaint #12 was resolved (12/03/2026, 2nd time)",
            ),
            (
                Reason::RequestTransferred { request_id: 5, seq: 1, on: d, offset_days: 1 },
                "1 ngày sau khi yêu cầu #5 được chuyển cho đồng nghiệp (12/03/2026)",
                "1 day after request #5 was transferred to a colleague (12/03/2026)",
            ),
        ];
        for (reason, vi, en) in table {
            assert_eq!(reason.describe(Lang::Vi), vi, "{reason:?}");
            assert_eq!(reason.describe(Lang::En), en, "{reason:?}");
        }
        let ordinals: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].into_iter().map(ordinal_en).collect();
        assert_eq!(ordinals, ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]);
    }

    #[test]
    fn default_plans_are_valid_and_match_the_brief() {
        let today = date(2026, 3, 1);
        let plans = default_plans(today);
        for p in &plans {
            assert_eq!(p.validate(&template_keys()), Ok(()), "{}", p.name);
            assert!(p.active && p.active_since == today);
        }
        type Steps = Vec<(i32, CareTaskKind, bool)>;
        let summary: Vec<(&str, Steps)> = plans
            .iter()
            .map(|p| {
                (
                    p.key.as_deref().unwrap_or(""),
                    p.steps.iter().map(|s| (s.offset_days, s.kind, s.needs_consent)).collect(),
                )
            })
            .collect();
        use CareTaskKind as K;
        assert_eq!(
            summary,
            [
                ("first_purchase", vec![(1, K::ThankYou, true), (7, K::CheckIn, false), (30, K::Offer, true)]),
                ("complaint_resolved", vec![(2, K::FollowUpCall, false)]),
                ("request_transferred", vec![(1, K::FollowUpCall, false)]),
                ("birthday", vec![(-3, K::BirthdayGreeting, true)]),
                ("tier_reached", vec![(1, K::EventInvitation, true)]),
                ("win_back", vec![(0, K::Offer, true)]),
                ("tet", vec![(-7, K::Greeting, true)]),
            ]
        );
        let ids: std::collections::HashSet<i64> = plans.iter().map(|p| p.id).collect();
        assert_eq!(ids.len(), plans.len(), "distinct plan ids");
    }

    #[test]
    fn plans_are_validated_field_by_field() {
        let good = &default_plans(date(2026, 3, 1))[0];
        let codes = |p: &Plan| -> Vec<String> {
            p.validate(&template_keys())
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|e| format!("{}:{}", e.field, e.code))
                .collect()
        };
        let mut bad = good.clone();
        bad.name = "  ".into();
        bad.steps[0].offset_days = 366;
        bad.steps[1].template_key = " ".into();
        bad.steps[2].template_key = "no_such".into();
        bad.steps[2].id = bad.steps[0].id;
        bad.steps[2].offset_days = -366;
        assert_eq!(
            codes(&bad),
            [
                "name:required",
                "steps[0].offsetDays:number_invalid",
                "steps[1].templateKey:required",
                "steps[2].id:duplicate",
                "steps[2].offsetDays:number_invalid",
                "steps[2].templateKey:unknown_template",
            ]
        );
        let edges = Plan {
            steps: vec![
                PlanStep { offset_days: -365, ..good.steps[0].clone() },
                PlanStep { id: 9, offset_days: 365, ..good.steps[0].clone() },
            ],
            ..good.clone()
        };
        assert_eq!(codes(&edges), Vec::<String>::new(), "±365 is allowed");
        let empty = Plan {
            name: "x".repeat(201),
            steps: vec![],
            trigger: Trigger::TierReached { tier_key: Some(String::new()) },
            ..good.clone()
        };
        assert_eq!(codes(&empty), ["name:too_long", "trigger.tierKey:required", "steps:required"]);
        let many =
            Plan { steps: (0..11).map(|i| PlanStep { id: i, ..good.steps[0].clone() }).collect(), ..good.clone() };
        assert_eq!(codes(&many), ["steps:too_many"]);
    }

    fn purchase(id: i64, date: NaiveDate) -> PurchaseFact {
        PurchaseFact { id, date, amount_vnd: 100_000, staff_id: Some(id * 10) }
    }

    #[test]
    fn inactivity_uses_the_median_gap_and_at_least_sixty_days() {
        let d0 = date(2025, 1, 1);
        let at = |n: i64| add_days(d0, n).expect("date");
        let mut scratch = Scratch::default();
        let mut run = |purchases: &[PurchaseFact], since, today| {
            episodes(purchases, since, today, &mut scratch);
            std::mem::take(&mut scratch.episodes)
        };
        // (purchase days, since, today) → (last purchase, fires, usual interval) of each episode
        type Case = (Vec<i64>, i64, i64, Vec<(i64, i64, Option<i64>)>);
        let table: Vec<Case> = vec![
            // A single purchase: 60 days.
            (vec![0], 0, 200, vec![(0, 60, None)]),
            (vec![0], 61, 200, vec![]),
            (vec![0], 0, 59, vec![]),
            (vec![0], 60, 60, vec![(0, 60, None)]),
            // Every 10 days: still 60.
            (vec![0, 10, 20, 30], 0, 200, vec![(30, 90, Some(10))]),
            // Every 45 days: 90.
            (vec![0, 45, 90], 0, 300, vec![(90, 180, Some(45))]),
            // Gaps 40, 50, 100 → median 50 → 100 days, but the 100-day gap
            // came after gaps 40, 50 (median 45 → 90): an episode fired then.
            (vec![0, 40, 90, 190], 0, 400, vec![(190, 290, Some(50)), (90, 180, Some(45))]),
            // Several purchases on one day are one visit.
            (vec![0, 0, 30, 30, 60], 0, 400, vec![(60, 120, Some(30))]),
            // Bought again on the day it would fire: no episode.
            (vec![0, 60], 0, 100, vec![]),
            (vec![0, 61], 0, 100, vec![(0, 60, None)]),
            // Purchases after today are not seen yet.
            (vec![0, 90], 0, 70, vec![(0, 60, None)]),
        ];
        for (days, since, today, expected) in table {
            let purchases: Vec<PurchaseFact> =
                days.iter().enumerate().map(|(i, &n)| purchase(i as i64 + 1, at(n))).collect();
            let got: Vec<(i64, i64, Option<i64>)> = run(&purchases, at(since), at(today))
                .into_iter()
                .map(|e| ((e.last - d0).num_days(), (e.fires - d0).num_days(), e.usual))
                .collect();
            assert_eq!(got, expected, "{days:?} {since}..={today}");
        }
        // Who served: the last purchase of the last day that names someone.
        let mut last_day = vec![purchase(1, at(0)), purchase(3, at(5)), purchase(2, at(5)), purchase(4, at(5))];
        last_day[3].staff_id = None;
        let served: Vec<Option<i64>> = run(&last_day, at(0), at(100)).iter().map(|e| e.served_by).collect();
        assert_eq!(served, [Some(30)]);
        assert_eq!(median(&mut [5, 1, 3]), Some(3));
        assert_eq!(median(&mut [10, 20, 31, 40]), Some(25));
        assert_eq!(median(&mut []), None);
    }

    #[test]
    fn plan_types_cross_the_api_as_tagged_objects() {
        let plan = &default_plans(date(2026, 3, 1))[4];
        let json = serde_json::to_value(plan).expect("json");
        assert_eq!(json["trigger"], serde_json::json!({"type": "tier_reached", "tierKey": null}));
        assert_eq!(json["steps"][0]["assignee"], serde_json::json!({"type": "owner"}));
        assert_eq!(json["activeSince"], "2026-03-01");
        let fixed = serde_json::to_value(AssigneeRule::Fixed(4)).expect("json");
        assert_eq!(fixed, serde_json::json!({"type": "fixed", "staffId": 4}));
        let back: Plan = serde_json::from_value(json).expect("round trip");
        assert_eq!(&back, plan);
        let cfg = ts_rs::Config::new().with_large_int("number");
        assert_eq!(
            AssigneeRule::decl(&cfg),
            r#"type AssigneeRule = { "type": "who_served" } | { "type": "fixed", "staffId": number } | { "type": "owner" };"#
        );
        assert!(Trigger::decl(&cfg).contains(r#"{ "type": "tier_reached", "#), "{}", Trigger::decl(&cfg));
        assert!(Reason::decl(&cfg).contains("usualIntervalDays?: number | null"), "{}", Reason::decl(&cfg));
        let missing: Trigger = serde_json::from_str(r#"{"type": "tier_reached"}"#).expect("tierKey may be left out");
        assert_eq!(missing, Trigger::TierReached { tier_key: None });
        let reason = serde_json::to_value(Reason::ComplaintResolved {
            request_id: 3,
            seq: 1,
            on: date(2026, 3, 2),
            offset_days: 2,
        })
        .expect("json");
        assert_eq!(
            reason,
            serde_json::json!({"type": "complaint_resolved", "requestId": 3, "seq": 1, "on": "2026-03-02", "offsetDays": 2})
        );
    }
}

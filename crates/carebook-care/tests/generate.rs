//! Care-plan generation through the public API: each trigger, consent,
//! archived customers, inactive plans, `active_since`, and idempotence by key
//! (repeated runs, overlapping windows, edited steps, the catch-up after days
//! off).

use std::collections::{BTreeMap, BTreeSet};

use carebook_calendar::lunar::{self, LunarDate};
use carebook_calendar::recur::Shift;
use carebook_care::loyalty::{self, EntryKind, LedgerEntry, LoyaltyRules};
use carebook_care::plans::{self, default_plans};
use carebook_care::{
    AssigneeRule, BirthdayDate, CustomerFacts, GenerateInput, Generated, Plan, PlannedTask, PurchaseFact, Reason,
    ServiceEvent, ServiceEventKind, TierReached, Trigger, generate,
};
use carebook_core::{CalendarKind, CareTaskKind, Consent};
use chrono::{Days, NaiveDate};

const OWNER: i64 = 1;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 { d + Days::new(days.unsigned_abs()) } else { d - Days::new(days.unsigned_abs()) }
}

fn customer(id: i64, consent: Consent) -> CustomerFacts {
    CustomerFacts {
        id,
        name: format!("Khách {id}"),
        gender: None,
        consent,
        birthday: None,
        archived: false,
        purchases: vec![],
        tier_events: vec![],
        tags: vec![],
    }
}

fn buy(id: i64, on: NaiveDate, staff: Option<i64>) -> PurchaseFact {
    PurchaseFact { id, date: on, amount_vnd: 250_000, staff_id: staff }
}

/// The default plans, active since long ago so that every test event counts.
fn plans_since(since: NaiveDate) -> Vec<Plan> {
    default_plans(since)
}

fn plan(key: &str) -> Plan {
    plans_since(date(2000, 1, 1)).into_iter().find(|p| p.key.as_deref() == Some(key)).expect("default plan")
}

fn input(since: NaiveDate, today: NaiveDate, horizon_days: u32) -> GenerateInput {
    GenerateInput { today, since, horizon_days, owner: Some(OWNER) }
}

fn day_run(today: NaiveDate) -> GenerateInput {
    input(today, today, 7)
}

/// (key, due date, assignee) of each task.
fn summary(g: &Generated) -> Vec<(String, NaiveDate, Option<i64>)> {
    g.tasks.iter().map(|t| (t.key.clone(), t.due_date, t.assignee)).collect()
}

fn left_out(g: &Generated) -> Vec<(i64, u32)> {
    g.left_out.iter().map(|l| (l.plan_id, l.no_consent)).collect()
}

#[test]
fn first_purchase_plan_thanks_calls_and_offers_once_and_only_recent_customers() {
    let today = date(2026, 3, 12);
    let mut new = customer(10, Consent::Given);
    new.purchases = vec![buy(101, today, Some(5)), buy(100, today, Some(6))];
    let mut old = customer(11, Consent::Given);
    old.purchases = vec![buy(102, date(2025, 1, 3), Some(5)), buy(103, today, Some(5))];
    let mut no_consent = customer(12, Consent::Unknown);
    no_consent.purchases = vec![buy(104, today, None)];
    let g = generate(&day_run(today), &[plan(plans::keys::FIRST_PURCHASE)], &[new, old, no_consent], &[]);
    assert_eq!(
        summary(&g),
        [
            ("p1/s1/c10/purchase:100".to_owned(), date(2026, 3, 13), Some(6)),
            ("p1/s2/c10/purchase:100".to_owned(), date(2026, 3, 19), Some(6)),
            ("p1/s2/c12/purchase:104".to_owned(), date(2026, 3, 19), Some(OWNER)),
            ("p1/s3/c10/purchase:100".to_owned(), date(2026, 4, 11), Some(6)),
        ],
        "the earliest purchase (lowest id on the same day); nobody served → the owner; \
         an old customer gets no thank-you; without consent only the call"
    );
    assert_eq!(left_out(&g), [(1, 2)], "thank-you and offer left out for customer 12");
    let kinds: Vec<CareTaskKind> = g.tasks.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, [CareTaskKind::ThankYou, CareTaskKind::CheckIn, CareTaskKind::CheckIn, CareTaskKind::Offer]);
    assert_eq!(g.tasks[1].reason.describe(carebook_core::export::Lang::Vi), "7 ngày sau lần mua đầu (12/03/2026)");
    assert_eq!(g.tasks[1].template_key, "check_in_csat");
}

#[test]
fn any_purchase_plan_follows_every_purchase_in_the_window() {
    let today = date(2026, 3, 12);
    let mut p = plan(plans::keys::FIRST_PURCHASE);
    p.trigger = Trigger::AnyPurchase;
    p.steps.truncate(1);
    p.steps[0].assignee = AssigneeRule::Fixed(9);
    let mut c = customer(1, Consent::Given);
    c.purchases = vec![buy(1, date(2026, 3, 1), None), buy(2, date(2026, 3, 10), None), buy(3, today, None)];
    let g = generate(&input(date(2026, 3, 10), today, 0), &[p], &[c], &[]);
    assert_eq!(
        summary(&g),
        [
            ("p1/s1/c1/purchase:2".to_owned(), date(2026, 3, 11), Some(9)),
            ("p1/s1/c1/purchase:3".to_owned(), date(2026, 3, 13), Some(9)),
        ]
    );
}

#[test]
fn tier_plans_fire_once_per_tier_reached() {
    let today = date(2026, 3, 12);
    let rules = LoyaltyRules::default();
    // A ledger: silver long ago, gold today (reached, lost by a reversal, reached again).
    let entry = |id, at, kind, points, purchase_id| LedgerEntry {
        id,
        customer_id: 1,
        at,
        kind,
        points,
        reason: None,
        purchase_id: Some(purchase_id),
    };
    let ledger = vec![
        entry(1, date(2025, 6, 1), EntryKind::Earn, 250, 1),
        entry(2, date(2026, 3, 11), EntryKind::Earn, 300, 2),
        entry(3, date(2026, 3, 11), EntryKind::Reverse, -300, 2),
        entry(4, today, EntryKind::Earn, 300, 3),
    ];
    let mut c = customer(1, Consent::Given);
    c.tier_events = loyalty::tier_events(&ledger, &rules);
    c.purchases = vec![buy(2, date(2026, 3, 11), Some(4)), buy(3, today, Some(5))];
    let any = plan(plans::keys::TIER_REACHED);
    let mut gold_only = any.clone();
    gold_only.id = 8;
    gold_only.trigger = Trigger::TierReached { tier_key: Some("gold".into()) };
    gold_only.steps[0].assignee = AssigneeRule::WhoServed;
    let mut diamond_only = gold_only.clone();
    diamond_only.id = 9;
    diamond_only.trigger = Trigger::TierReached { tier_key: Some("diamond".into()) };
    let plans = [any, gold_only, diamond_only];
    let g = generate(&input(date(2026, 3, 10), today, 0), &plans, std::slice::from_ref(&c), &[]);
    assert_eq!(
        summary(&g),
        [
            ("p5/s1/c1/tier:gold".to_owned(), date(2026, 3, 12), Some(OWNER)),
            ("p8/s1/c1/tier:gold".to_owned(), date(2026, 3, 12), Some(4)),
        ],
        "gold was first reached on 11/03; silver is outside the window; the staff of that day's purchase serves"
    );
    assert_eq!(g.tasks[0].kind, CareTaskKind::EventInvitation);
    let later = generate(&input(date(2026, 3, 12), date(2026, 3, 20), 0), &plans, &[c], &[]);
    assert!(later.tasks.is_empty(), "reaching gold again fires nothing");
}

#[test]
fn service_events_call_back_the_customer() {
    let today = date(2026, 3, 12);
    let ev = |request_id, customer_id, kind, on, seq, handler| ServiceEvent {
        request_id,
        customer_id,
        kind,
        on,
        seq,
        handler,
    };
    let mut archived = customer(3, Consent::Given);
    archived.archived = true;
    let customers = [customer(1, Consent::Withdrawn), customer(2, Consent::Unknown), archived];
    let events = [
        ev(12, 1, ServiceEventKind::ComplaintResolved, today, 1, Some(7)),
        ev(12, 1, ServiceEventKind::ComplaintResolved, today, 2, Some(7)),
        ev(13, 2, ServiceEventKind::RequestTransferred, date(2026, 3, 11), 1, Some(8)),
        ev(14, 2, ServiceEventKind::RequestTransferred, date(2026, 3, 9), 1, Some(8)),
        ev(15, 2, ServiceEventKind::ComplaintResolved, today, 1, None),
        ev(16, 3, ServiceEventKind::ComplaintResolved, today, 1, Some(7)),
        ev(17, 99, ServiceEventKind::ComplaintResolved, today, 1, Some(7)),
    ];
    let plans = [plan(plans::keys::COMPLAINT_RESOLVED), plan(plans::keys::REQUEST_TRANSFERRED)];
    let g = generate(&input(date(2026, 3, 10), today, 0), &plans, &customers, &events);
    assert_eq!(
        summary(&g),
        [
            ("p3/s1/c2/request:13:1".to_owned(), date(2026, 3, 12), Some(8)),
            ("p2/s1/c1/request:12:1".to_owned(), date(2026, 3, 14), Some(7)),
            ("p2/s1/c1/request:12:2".to_owned(), date(2026, 3, 14), Some(7)),
            ("p2/s1/c2/request:15:1".to_owned(), date(2026, 3, 14), Some(OWNER)),
        ],
        "calls need no consent; archived and unknown customers and events before the window give nothing"
    );
    assert!(g.left_out.is_empty());
    let en = carebook_core::export::Lang::En;
    assert_eq!(g.tasks[0].reason.describe(en), "1 day after request #13 was transferred to a colleague (11/03/2026)");
    assert_eq!(g.tasks[2].reason.describe(en), "2 days after complaint #12 was resolved (12/03/2026, 2nd time)");
}

fn with_birthday(id: i64, calendar: CalendarKind, day: u8, month: u8, leap: bool) -> CustomerFacts {
    CustomerFacts { birthday: Some(BirthdayDate { calendar, day, month, leap }), ..customer(id, Consent::Given) }
}

#[test]
fn birthdays_are_planned_three_days_ahead_on_either_calendar() {
    let today = date(2026, 9, 15);
    let customers = [
        with_birthday(1, CalendarKind::Solar, 20, 9, false),
        with_birthday(2, CalendarKind::Solar, 25, 9, false),
        // Rằm tháng Tám 2026 (Tết Trung thu) is 25/09/2026.
        with_birthday(3, CalendarKind::Lunar, 15, 8, false),
        with_birthday(4, CalendarKind::Solar, 16, 9, false),
        CustomerFacts { consent: Consent::Unknown, ..with_birthday(5, CalendarKind::Solar, 19, 9, false) },
    ];
    let g = generate(&day_run(today), &[plan(plans::keys::BIRTHDAY)], &customers, &[]);
    assert_eq!(
        summary(&g),
        [
            ("p4/s1/c1/birthday:2026".to_owned(), date(2026, 9, 17), Some(OWNER)),
            ("p4/s1/c2/birthday:2026".to_owned(), date(2026, 9, 22), Some(OWNER)),
            ("p4/s1/c3/birthday:2026".to_owned(), date(2026, 9, 22), Some(OWNER)),
        ],
        "due in 15/09..=22/09; customer 4's task was due 13/09, customer 5 gave no consent"
    );
    assert_eq!(left_out(&g), [(4, 1)]);
    let vi = carebook_core::export::Lang::Vi;
    assert_eq!(g.tasks[2].reason.describe(vi), "3 ngày trước sinh nhật âm lịch 15/8 (25/09/2026)");
    assert_eq!(g.tasks[2].kind, CareTaskKind::BirthdayGreeting);
}

#[test]
fn leap_year_and_leap_month_birthdays() {
    let leap_day = with_birthday(1, CalendarKind::Solar, 29, 2, false);
    let birthday = plan(plans::keys::BIRTHDAY);
    let run = |since, today, c: &CustomerFacts| {
        generate(&input(since, today, 0), std::slice::from_ref(&birthday), std::slice::from_ref(c), &[])
    };
    // 29 February: on 28 February in common years, on the 29th in leap years.
    let common = run(date(2027, 1, 1), date(2027, 12, 31), &leap_day);
    assert_eq!(summary(&common), [("p4/s1/c1/birthday:2027".to_owned(), date(2027, 2, 25), Some(OWNER))]);
    assert!(matches!(common.tasks[0].reason, Reason::Birthday { shift: Some(Shift::Feb29ToFeb28), .. }));
    let leap = run(date(2028, 1, 1), date(2028, 12, 31), &leap_day);
    assert_eq!(summary(&leap), [("p4/s1/c1/birthday:2028".to_owned(), date(2028, 2, 26), Some(OWNER))]);
    assert!(matches!(leap.tasks[0].reason, Reason::Birthday { shift: None, .. }));

    // Lunar 2025 has a leap 6th month: a birthday on 10/6 nhuận falls in it,
    // one on 10/6 in the ordinary month; in 2026 (no leap 6th month) both
    // fall on the ordinary 10/6.
    assert_eq!(lunar::leap_month(2025), Some(6));
    let solar = |year, leap| lunar::to_solar(LunarDate { year, month: 6, day: 10, leap }).expect("lunar date");
    let in_leap = with_birthday(2, CalendarKind::Lunar, 10, 6, true);
    let ordinary = with_birthday(3, CalendarKind::Lunar, 10, 6, false);
    let year_2025 = (date(2025, 2, 1), date(2026, 1, 20));
    let g = generate(
        &input(year_2025.0, year_2025.1, 0),
        std::slice::from_ref(&birthday),
        &[in_leap.clone(), ordinary.clone()],
        &[],
    );
    let due: BTreeMap<i64, NaiveDate> = g.tasks.iter().map(|t| (t.customer_id, t.due_date)).collect();
    assert_eq!(due, BTreeMap::from([(2, plus(solar(2025, true), -3)), (3, plus(solar(2025, false), -3))]));
    assert!(solar(2025, true) > solar(2025, false), "the leap month follows the ordinary one");
    let g = generate(
        &input(date(2026, 2, 17), date(2027, 2, 5), 0),
        std::slice::from_ref(&birthday),
        &[in_leap, ordinary],
        &[],
    );
    let due: Vec<(i64, NaiveDate)> = g.tasks.iter().map(|t| (t.customer_id, t.due_date)).collect();
    assert_eq!(due, [(2, plus(solar(2026, false), -3)), (3, plus(solar(2026, false), -3))]);
    assert!(matches!(g.tasks[0].reason, Reason::Birthday { shift: Some(Shift::LeapToOrdinaryMonth), year: 2026, .. }));
    assert_eq!(g.tasks[0].key, "p4/s1/c2/birthday:2026");
}

#[test]
fn tet_greetings_go_to_consenting_customers_a_week_before() {
    // Tết Đinh Mùi 2027 is 06/02/2027.
    assert_eq!(lunar::tet(2027), Some(date(2027, 2, 6)));
    let today = date(2027, 1, 25);
    let customers = [
        customer(1, Consent::Given),
        customer(2, Consent::Withdrawn),
        customer(3, Consent::Unknown),
        customer(4, Consent::Given),
    ];
    let g = generate(&day_run(today), &[plan(plans::keys::TET)], &customers, &[]);
    assert_eq!(
        summary(&g),
        [
            ("p7/s1/c1/tet:2027".to_owned(), date(2027, 1, 30), Some(OWNER)),
            ("p7/s1/c4/tet:2027".to_owned(), date(2027, 1, 30), Some(OWNER)),
        ]
    );
    assert_eq!(left_out(&g), [(7, 2)]);
    assert_eq!(
        g.tasks[0].reason.describe(carebook_core::export::Lang::Vi),
        "7 ngày trước Tết Đinh Mùi 2027 (06/02/2027)"
    );
    let too_early = generate(&day_run(date(2027, 1, 20)), &[plan(plans::keys::TET)], &customers, &[]);
    assert!(too_early.tasks.is_empty(), "due 30/01, beyond 20/01 + 7 days");
}

#[test]
fn win_back_when_a_customer_stays_away_twice_as_long_as_usual() {
    let mut regular = customer(1, Consent::Given);
    // Every 45 days: away for 90 days after the last visit on 01/02/2026 → 02/05/2026.
    regular.purchases = (0..4).map(|i| buy(i + 1, plus(date(2025, 9, 19), 45 * i), Some(3))).collect();
    assert_eq!(regular.purchases[3].date, date(2026, 2, 1));
    let mut once = customer(2, Consent::Given);
    once.purchases = vec![buy(10, date(2026, 3, 3), None)];
    let mut back = customer(3, Consent::Given);
    back.purchases = vec![buy(20, date(2026, 3, 3), None), buy(21, date(2026, 4, 30), None)];
    let p = plan(plans::keys::WIN_BACK);
    let customers = [regular, once, back];
    let g = generate(&input(date(2026, 4, 25), date(2026, 5, 5), 0), std::slice::from_ref(&p), &customers, &[]);
    assert_eq!(
        summary(&g),
        [
            ("p6/s1/c1/inactive:2026-02-01".to_owned(), date(2026, 5, 2), Some(3)),
            ("p6/s1/c2/inactive:2026-03-03".to_owned(), date(2026, 5, 2), Some(OWNER)),
        ]
    );
    let vi = carebook_core::export::Lang::Vi;
    let reasons: Vec<String> = g.tasks.iter().map(|t| t.reason.describe(vi)).collect();
    assert_eq!(reasons, ["không ghé 90 ngày (thường 45 ngày)", "không ghé 60 ngày (mới mua một lần)"]);
    let next_week = generate(&input(date(2026, 5, 6), date(2026, 5, 12), 0), &[p], &customers, &[]);
    assert!(next_week.tasks.is_empty(), "fires once per episode");
}

#[test]
fn archived_customers_inactive_plans_and_active_since() {
    let today = date(2026, 3, 12);
    let mut c = customer(1, Consent::Given);
    c.purchases = vec![buy(1, today, None)];
    let archived = CustomerFacts { archived: true, ..c.clone() };
    let first = plan(plans::keys::FIRST_PURCHASE);
    assert_eq!(generate(&day_run(today), std::slice::from_ref(&first), &[archived], &[]).tasks.len(), 0);
    let off = Plan { active: false, ..first.clone() };
    assert_eq!(generate(&day_run(today), &[off], std::slice::from_ref(&c), &[]).tasks.len(), 0);
    let tomorrow = Plan { active_since: plus(today, 1), ..first.clone() };
    assert_eq!(generate(&day_run(today), &[tomorrow], std::slice::from_ref(&c), &[]).tasks.len(), 0);
    let since_today = Plan { active_since: today, ..first };
    assert_eq!(generate(&day_run(today), &[since_today], std::slice::from_ref(&c), &[]).tasks.len(), 3);
    // Installed today, the defaults ignore a purchase made yesterday.
    let mut yesterday = c.clone();
    yesterday.purchases[0].date = plus(today, -1);
    let g = generate(&input(plus(today, -7), today, 7), &default_plans(today), &[yesterday], &[]);
    assert!(g.tasks.is_empty(), "{:?}", summary(&g));
    // Birthdays and Tết count from `active_since` on the day itself, not the due date.
    let birthday = Plan { active_since: today, ..plan(plans::keys::BIRTHDAY) };
    let customers = [
        with_birthday(1, CalendarKind::Solar, 10, 3, false),
        with_birthday(2, CalendarKind::Solar, 12, 3, false),
        with_birthday(3, CalendarKind::Solar, 17, 3, false),
    ];
    let g = generate(&input(plus(today, -7), today, 7), &[birthday], &customers, &[]);
    assert_eq!(
        summary(&g),
        [
            ("p4/s1/c2/birthday:2026".to_owned(), date(2026, 3, 9), Some(OWNER)),
            ("p4/s1/c3/birthday:2026".to_owned(), date(2026, 3, 14), Some(OWNER))
        ]
    );
    let tet = date(2026, 2, 17);
    let late = Plan { active_since: plus(tet, 1), ..plan(plans::keys::TET) };
    let on_time = Plan { id: 70, active_since: tet, ..late.clone() };
    let g = generate(&input(plus(tet, -8), plus(tet, 1), 0), &[late, on_time], &[customer(1, Consent::Given)], &[]);
    assert_eq!(summary(&g), [("p70/s1/c1/tet:2026".to_owned(), date(2026, 2, 10), Some(OWNER))]);
}

/// A small deterministic shop: every trigger, mixed consent, two years of
/// purchases, tier events from the ledger, service events.
fn shop() -> (Vec<CustomerFacts>, Vec<ServiceEvent>) {
    let mut seed: u64 = 0x5eed;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let start = date(2024, 6, 1);
    let rules = LoyaltyRules::default();
    let mut customers = Vec::new();
    let mut events = Vec::new();
    let mut purchase_id = 0;
    for id in 1..=300 {
        let consent = [Consent::Given, Consent::Given, Consent::Unknown, Consent::Withdrawn][next(4) as usize];
        let mut c = customer(id, consent);
        c.archived = next(20) == 0;
        c.birthday = match next(5) {
            0 => None,
            1 => Some(BirthdayDate {
                calendar: CalendarKind::Lunar,
                day: 1 + next(30) as u8,
                month: 1 + next(12) as u8,
                leap: next(4) == 0,
            }),
            2 => Some(BirthdayDate { calendar: CalendarKind::Solar, day: 29, month: 2, leap: false }),
            _ => Some(BirthdayDate {
                calendar: CalendarKind::Solar,
                day: 1 + next(28) as u8,
                month: 1 + next(12) as u8,
                leap: false,
            }),
        };
        let mut day = plus(start, next(600) as i64);
        let gap = 5 + next(60) as i64;
        let mut ledger = Vec::new();
        while day <= date(2026, 6, 30) {
            purchase_id += 1;
            let amount = 50_000 * (1 + next(40) as i64);
            c.purchases.push(PurchaseFact {
                id: purchase_id,
                date: day,
                amount_vnd: amount,
                staff_id: Some(2 + next(3) as i64),
            });
            ledger.push(LedgerEntry {
                id: purchase_id,
                customer_id: id,
                at: day,
                kind: EntryKind::Earn,
                points: loyalty::points_for_purchase(amount, &rules),
                reason: None,
                purchase_id: Some(purchase_id),
            });
            day = plus(day, gap / 2 + next(gap as u64 * 2) as i64);
        }
        c.tier_events = loyalty::tier_events(&ledger, &rules);
        if next(3) == 0 {
            let on = plus(start, next(760) as i64);
            let kind =
                if next(2) == 0 { ServiceEventKind::ComplaintResolved } else { ServiceEventKind::RequestTransferred };
            events.push(ServiceEvent { request_id: id * 10, customer_id: id, kind, on, seq: 1, handler: Some(2) });
            if next(2) == 0 {
                events.push(ServiceEvent {
                    request_id: id * 10,
                    customer_id: id,
                    kind,
                    on: plus(on, 3),
                    seq: 2,
                    handler: None,
                });
            }
        }
        customers.push(c);
    }
    (customers, events)
}

fn by_key(g: &Generated) -> BTreeMap<String, PlannedTask> {
    g.tasks.iter().map(|t| (t.key.clone(), t.clone())).collect()
}

fn keys(g: &Generated) -> BTreeSet<String> {
    g.tasks.iter().map(|t| t.key.clone()).collect()
}

#[test]
fn the_shop_exercises_every_trigger() {
    let (customers, events) = shop();
    let plans = plans_since(date(2024, 1, 1));
    let g = generate(&input(date(2025, 1, 1), date(2026, 6, 30), 7), &plans, &customers, &events);
    let per_plan: BTreeMap<i64, usize> = g.tasks.iter().fold(BTreeMap::new(), |mut m, t| {
        *m.entry(t.plan_id).or_default() += 1;
        m
    });
    for plan in &plans {
        assert!(per_plan.get(&plan.id).is_some_and(|&n| n > 0), "plan {} made tasks: {per_plan:?}", plan.id);
    }
    assert_eq!(keys(&g).len(), g.tasks.len(), "keys are unique");
    let archived: BTreeSet<i64> = customers.iter().filter(|c| c.archived).map(|c| c.id).collect();
    assert!(!archived.is_empty() && g.tasks.iter().all(|t| !archived.contains(&t.customer_id)));
    let given: BTreeSet<i64> = customers.iter().filter(|c| c.consent == Consent::Given).map(|c| c.id).collect();
    let needs_consent = |t: &PlannedTask| {
        plans
            .iter()
            .find(|p| p.id == t.plan_id)
            .and_then(|p| p.steps.iter().find(|s| s.id == t.step_id))
            .is_some_and(|s| s.needs_consent)
    };
    assert!(g.tasks.iter().filter(|t| needs_consent(t)).all(|t| given.contains(&t.customer_id)));
    assert!(g.tasks.iter().any(|t| !needs_consent(t) && !given.contains(&t.customer_id)), "calls reach everyone");
    assert!(g.left_out.iter().all(|l| l.no_consent > 0) && !g.left_out.is_empty());
    assert!(g.tasks.windows(2).all(|w| w[0].due_date <= w[1].due_date), "ordered by due date");
}

#[test]
fn generating_twice_gives_the_same_tasks() {
    let (customers, events) = shop();
    let plans = plans_since(date(2024, 1, 1));
    let run = input(date(2026, 1, 1), date(2026, 3, 31), 7);
    let a = generate(&run, &plans, &customers, &events);
    let b = generate(&run, &plans, &customers, &events);
    assert!(!a.tasks.is_empty());
    assert_eq!(a, b);
}

#[test]
fn overlapping_windows_agree_on_every_shared_key() {
    let (customers, events) = shop();
    let plans = plans_since(date(2024, 1, 1));
    let today = date(2026, 4, 30);
    let early = generate(&input(plus(today, -60), plus(today, -20), 7), &plans, &customers, &events);
    let late = generate(&input(plus(today, -30), today, 7), &plans, &customers, &events);
    let whole = generate(&input(plus(today, -60), today, 7), &plans, &customers, &events);
    let (early, late, whole) = (by_key(&early), by_key(&late), by_key(&whole));
    let shared: Vec<&String> = early.keys().filter(|k| late.contains_key(*k)).collect();
    assert!(!shared.is_empty(), "the windows overlap");
    for k in shared {
        assert_eq!(early[k], late[k], "{k}");
    }
    let mut union = early.clone();
    union.extend(late);
    assert_eq!(union, whole, "two overlapping runs store what one run over both would");
}

#[test]
fn a_week_off_is_caught_up_as_seven_daily_runs_would_have() {
    let (customers, events) = shop();
    let plans = plans_since(date(2024, 1, 1));
    for today in [date(2025, 2, 3), date(2026, 1, 28), date(2026, 6, 30)] {
        let catch_up = generate(&input(plus(today, -6), today, 7), &plans, &customers, &events);
        let mut daily = BTreeMap::new();
        for back in (0..7).rev() {
            daily.extend(by_key(&generate(&day_run(plus(today, -back)), &plans, &customers, &events)));
        }
        assert!(!daily.is_empty());
        assert_eq!(by_key(&catch_up), daily, "catch-up up to {today}");
    }
}

#[test]
fn editing_a_step_keeps_its_keys() {
    let (customers, events) = shop();
    let plans = plans_since(date(2024, 1, 1));
    let run = input(date(2025, 6, 1), date(2026, 6, 30), 7);
    let before = generate(&run, &plans, &customers, &events);
    let mut edited = plans.clone();
    for p in &mut edited {
        if p.key.as_deref() == Some(plans::keys::FIRST_PURCHASE) {
            p.steps[2].offset_days = 45;
            p.steps[2].template_key = "another".into();
            p.name = "Khách mới".into();
        }
    }
    let after = generate(&run, &edited, &customers, &events);
    assert_eq!(keys(&before), keys(&after));
    let (before, after) = (by_key(&before), by_key(&after));
    let moved: Vec<&String> = before.keys().filter(|k| k.starts_with("p1/s3/")).collect();
    assert!(!moved.is_empty());
    for k in moved {
        assert_eq!(plus(before[k].due_date, 15), after[k].due_date, "{k}");
        assert_eq!(after[k].template_key, "another");
    }
}

#[test]
fn the_same_event_given_twice_is_one_task() {
    let today = date(2026, 3, 12);
    let ev = ServiceEvent {
        request_id: 1,
        customer_id: 1,
        kind: ServiceEventKind::ComplaintResolved,
        on: today,
        seq: 1,
        handler: None,
    };
    let g =
        generate(&day_run(today), &[plan(plans::keys::COMPLAINT_RESOLVED)], &[customer(1, Consent::Given)], &[ev, ev]);
    assert_eq!(g.tasks.len(), 1);
    let tier = TierReached { tier_key: "gold".into(), on: today, name_vi: "Vàng".into(), name_en: "Gold".into() };
    let c = CustomerFacts { tier_events: vec![tier.clone(), tier], ..customer(2, Consent::Given) };
    let g = generate(&day_run(today), &[plan(plans::keys::TIER_REACHED)], &[c], &[]);
    assert_eq!(g.tasks.len(), 1);
}

/// A schedule plan: every first Monday of the month, a call to the
/// customers tagged "Khách sỉ".
fn schedule_plan(rule: &str, tag: &str) -> Plan {
    let mut p = plan(plans::keys::COMPLAINT_RESOLVED);
    p.id = 20;
    p.key = None;
    p.name = "Gọi khách sỉ đầu tháng".into();
    p.trigger = Trigger::Schedule { rule: rule.into(), start: date(2026, 1, 1), tag: tag.into() };
    p.steps[0].offset_days = 0;
    p
}

#[test]
fn a_schedule_plan_plans_the_days_of_its_rule_for_the_customers_with_its_tag() {
    let today = date(2026, 3, 1);
    let p = schedule_plan("FREQ=MONTHLY;BYDAY=1MO", "Khách sỉ");
    let mut wholesale = customer(1, Consent::Given);
    // The tag in other letter case and with spaces still counts.
    wholesale.tags = vec!["VIP".into(), " khách SỈ ".into()];
    let mut other = customer(2, Consent::Given);
    other.tags = vec!["VIP".into()];
    let archived = CustomerFacts { archived: true, tags: vec!["Khách sỉ".into()], ..customer(3, Consent::Given) };
    let customers = [wholesale, other, archived];
    // A run on 1 March with a 40-day horizon: the first Mondays of March and April.
    let g = generate(&input(today, today, 40), std::slice::from_ref(&p), &customers, &[]);
    assert_eq!(
        summary(&g),
        [
            ("p20/s1/c1/schedule:2026-03-02".to_owned(), date(2026, 3, 2), Some(OWNER)),
            ("p20/s1/c1/schedule:2026-04-06".to_owned(), date(2026, 4, 6), Some(OWNER)),
        ]
    );
    assert_eq!(g.tasks[0].reason.describe(carebook_core::export::Lang::Vi), "lịch định kỳ (02/03/2026)");
    assert_eq!(g.tasks[0].reason.describe(carebook_core::export::Lang::En), "scheduled day (02/03/2026)");
    // The next day's run (overlapping window) gives the same keys: nothing new.
    let again = generate(&input(plus(today, 1), plus(today, 1), 40), std::slice::from_ref(&p), &customers, &[]);
    let keys: BTreeSet<_> = g.tasks.iter().map(|t| t.key.clone()).collect();
    assert!(again.tasks.iter().all(|t| keys.contains(&t.key)), "{:?}", summary(&again));
    // Days before the plan became active are not planned.
    let mut late = p.clone();
    late.active_since = date(2026, 3, 10);
    let g = generate(&input(today, today, 40), &[late], &customers, &[]);
    assert_eq!(summary(&g).iter().map(|s| s.1).collect::<Vec<_>>(), [date(2026, 4, 6)]);
}

#[test]
fn a_schedule_plan_needs_a_rule_the_calendar_reads_and_a_tag() {
    let keys = ["follow_up"];
    let mut p = schedule_plan("FREQ=SOMETIMES", " ");
    p.steps[0].template_key = "follow_up".into();
    let errors = p.validate(&keys).unwrap_err();
    let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
    assert_eq!(fields, [("trigger.rule", "rule_invalid"), ("trigger.tag", "required")]);
    let ok = schedule_plan("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "Khách sỉ");
    let mut ok = ok;
    ok.steps[0].template_key = "follow_up".into();
    assert_eq!(ok.validate(&keys), Ok(()));
}

#[test]
fn a_tier_reached_task_says_the_shops_own_name_for_the_tier() {
    let today = date(2026, 3, 12);
    let mut rules = LoyaltyRules::default();
    rules.tiers[2].name_vi = "Vàng Hồng".into();
    rules.tiers[2].name_en = "Rose Gold".into();
    let ledger = vec![LedgerEntry {
        id: 1,
        customer_id: 1,
        at: today,
        kind: EntryKind::Earn,
        points: 600,
        reason: None,
        purchase_id: Some(1),
    }];
    let mut c = customer(1, Consent::Given);
    c.tier_events = loyalty::tier_events(&ledger, &rules);
    let g = generate(&day_run(today), &[plan(plans::keys::TIER_REACHED)], &[c], &[]);
    let reasons: Vec<String> = g.tasks.iter().map(|t| t.reason.describe(carebook_core::export::Lang::Vi)).collect();
    assert!(reasons.iter().any(|r| r.contains("đạt hạng Vàng Hồng")), "{reasons:?}");
    let reasons: Vec<String> = g.tasks.iter().map(|t| t.reason.describe(carebook_core::export::Lang::En)).collect();
    assert!(reasons.iter().any(|r| r.contains("the Rose Gold tier")), "{reasons:?}");
}

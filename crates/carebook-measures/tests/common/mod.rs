//! Builders for the hand-made data sets of the tests.
#![allow(dead_code)]

use carebook_core::{CareTaskKind, CareTaskOrigin, CareTaskStatus, Channel, RequestKind, RequestStatus};
use carebook_measures::*;
use chrono::{NaiveDate, NaiveDateTime};

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// `2024-09-30 23:59:59`, or `2024-09-30 12:00` without seconds.
pub fn dt(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .unwrap()
}

pub fn range(from: &str, to: &str) -> DateRange {
    DateRange::new(d(from), d(to)).unwrap()
}

pub fn month(year: i32, month: u32) -> DateRange {
    YearMonth::new(year, month).unwrap().range().unwrap()
}

/// An open in-store question from customer 1, received at `received`.
pub fn req(id: i64, received: &str) -> RequestRow {
    RequestRow {
        id,
        customer_id: 1,
        channel: Channel::InStore,
        kind: RequestKind::Question,
        received_at: dt(received),
        first_response_at: None,
        resolved_at: None,
        wait_minutes: None,
        handled_by: None,
        transferred_to: None,
        status: RequestStatus::Open,
        first_contact: false,
        reopened: false,
    }
}

/// A request resolved at `resolved` (answered then too).
pub fn resolved(id: i64, received: &str, resolved: &str) -> RequestRow {
    RequestRow {
        status: RequestStatus::Resolved,
        resolved_at: Some(dt(resolved)),
        first_response_at: Some(dt(resolved)),
        ..req(id, received)
    }
}

pub fn fb(id: i64, customer_id: i64, given: &str, csat: Option<u8>, nps: Option<u8>) -> FeedbackRow {
    FeedbackRow {
        id,
        customer_id,
        csat,
        nps,
        given_at: dt(given),
        request_id: None,
        care_task_id: None,
        comment: None,
        channel: None,
    }
}

pub fn buy(customer_id: i64, date: &str) -> PurchaseRow {
    PurchaseRow { customer_id, date: d(date), amount: 100_000, staff_id: None }
}

pub fn task(id: i64, due: &str, status: CareTaskStatus, completed: Option<&str>) -> TaskRow {
    TaskRow {
        id,
        customer_id: 1,
        kind: CareTaskKind::FollowUpCall,
        due_date: d(due),
        status,
        completed_at: completed.map(dt),
        assignee_id: None,
        origin: CareTaskOrigin::Manual,
    }
}

/// The measures of `r` with the default settings.
pub fn measure(r: DateRange, records: &Records<'_>, today: &str) -> MeasureSet {
    measures(r, records, &Settings::default(), d(today)).unwrap()
}

/// `Some(x)` within 1e-9 of `expected`, or both `None`.
#[track_caller]
pub fn close(actual: Option<f64>, expected: Option<f64>) {
    match (actual, expected) {
        (Some(a), Some(e)) => assert!((a - e).abs() < 1e-9, "{a} ≠ {e}"),
        (a, e) => assert_eq!(a, e),
    }
}

/// A deterministic pseudo-random sequence (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// 0..n.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A small shop over 2022-07-01..2024-12-31 with every kind of row, for the
/// tests that compare two ways of computing the same thing.
pub struct Shop {
    pub requests: Vec<RequestRow>,
    pub feedback: Vec<FeedbackRow>,
    pub purchases: Vec<PurchaseRow>,
    pub tasks: Vec<TaskRow>,
}

impl Shop {
    pub fn generate(seed: u64, customers: u64) -> Shop {
        let mut rng = Rng(seed);
        let start = d("2022-07-01");
        let days = 915; // to 2024-12-31
        let at = |rng: &mut Rng| {
            start.and_hms_opt(0, 0, 0).unwrap()
                + chrono::TimeDelta::seconds((rng.below(days) * 86_400 + rng.below(86_400)) as i64)
        };
        let channels = Channel::ALL;
        let mut requests = Vec::new();
        for id in 1..=1_500 {
            let received_at = at(&mut rng);
            let status = [RequestStatus::Open, RequestStatus::Waiting, RequestStatus::Resolved][rng.below(3) as usize];
            let answered = rng.below(4) != 0;
            let first_response_at = answered.then(|| received_at + chrono::TimeDelta::minutes(rng.below(600) as i64));
            let resolved_at = (status == RequestStatus::Resolved)
                .then(|| received_at + chrono::TimeDelta::minutes(rng.below(3_000) as i64));
            let transferred_to = (rng.below(5) == 0).then(|| rng.below(3) as i64 + 1);
            requests.push(RequestRow {
                id,
                customer_id: rng.below(customers) as i64 + 1,
                channel: channels[rng.below(channels.len() as u64) as usize],
                kind: [RequestKind::Question, RequestKind::Complaint, RequestKind::Order][rng.below(3) as usize],
                received_at,
                first_response_at,
                resolved_at,
                wait_minutes: (rng.below(3) != 0).then(|| rng.below(40) as i64),
                handled_by: (rng.below(6) != 0).then(|| rng.below(4) as i64 + 1),
                transferred_to,
                status,
                first_contact: status == RequestStatus::Resolved && transferred_to.is_none() && rng.below(2) == 0,
                reopened: rng.below(10) == 0,
            });
        }
        let mut feedback = Vec::new();
        for id in 1..=700 {
            let kind = rng.below(3);
            feedback.push(FeedbackRow {
                id,
                customer_id: rng.below(customers) as i64 + 1,
                csat: (kind != 1).then(|| rng.below(5) as u8 + 1),
                nps: (kind != 0).then(|| rng.below(11) as u8),
                given_at: at(&mut rng),
                request_id: (rng.below(2) == 0).then(|| rng.below(1_500) as i64 + 1),
                care_task_id: (rng.below(4) == 0).then(|| rng.below(800) as i64 + 1),
                comment: None,
                channel: None,
            });
        }
        let mut purchases = Vec::new();
        for _ in 0..6_000 {
            // Some customers buy often, most rarely.
            let c = (rng.below(customers) * rng.below(customers) / customers) as i64 + 1;
            purchases.push(PurchaseRow {
                customer_id: c,
                date: at(&mut rng).date(),
                amount: (rng.below(50) as i64 + 1) * 10_000,
                staff_id: Some(rng.below(4) as i64 + 1),
            });
        }
        let mut tasks = Vec::new();
        for id in 1..=800 {
            let due_date = at(&mut rng).date();
            let status =
                [CareTaskStatus::Planned, CareTaskStatus::Done, CareTaskStatus::Skipped][rng.below(3) as usize];
            let completed_at = (status != CareTaskStatus::Planned)
                .then(|| due_date.and_hms_opt(9, 0, 0).unwrap() + chrono::TimeDelta::hours(rng.below(72) as i64 - 24));
            tasks.push(TaskRow {
                id,
                customer_id: rng.below(customers) as i64 + 1,
                kind: CareTaskKind::CheckIn,
                due_date,
                status,
                completed_at,
                assignee_id: (rng.below(5) != 0).then(|| rng.below(4) as i64 + 1),
                origin: CareTaskOrigin::Plan,
            });
        }
        Shop { requests, feedback, purchases, tasks }
    }

    pub fn records(&self) -> Records<'_> {
        Records { requests: &self.requests, feedback: &self.feedback, purchases: &self.purchases, tasks: &self.tasks }
    }
}

//! The dashboard's computation at the scale of a busy shop: 300,000
//! requests, 100,000 feedback answers, 1,000,000 purchases and 150,000 care
//! tasks over three years, generated deterministically and in no particular
//! order. Run with `cargo bench -p carebook-measures --bench dashboard`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use carebook_core::{CareTaskKind, CareTaskOrigin, CareTaskStatus, Channel, RequestKind, RequestStatus};
use carebook_measures::*;
use chrono::{NaiveDate, TimeDelta};

const CUSTOMERS: u64 = 40_000;
const REQUESTS: i64 = 300_000;
const FEEDBACK: i64 = 100_000;
const PURCHASES: usize = 1_000_000;
const TASKS: i64 = 150_000;
const DAYS: u64 = 1_096; // 2022-07-01 ..= 2025-06-30

/// xorshift64*: the same rows on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

struct Shop {
    customers: Vec<CustomerName>,
    requests: Vec<RequestRow>,
    feedback: Vec<FeedbackRow>,
    purchases: Vec<PurchaseRow>,
    tasks: Vec<TaskRow>,
}

fn generate() -> Shop {
    let mut rng = Rng(0x5eed_cafe);
    let start = NaiveDate::from_ymd_opt(2022, 7, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("a valid date");
    let at = |rng: &mut Rng| start + TimeDelta::seconds((rng.below(DAYS) * 86_400 + rng.below(86_400)) as i64);
    let customers = (1..=CUSTOMERS as i64).map(|id| CustomerName { id, name: format!("Khách hàng {id}") }).collect();
    let mut requests = Vec::with_capacity(REQUESTS as usize);
    for id in 1..=REQUESTS {
        let received_at = at(&mut rng);
        let status = [RequestStatus::Open, RequestStatus::Waiting, RequestStatus::Resolved, RequestStatus::Resolved]
            [rng.below(4) as usize];
        let resolved_at =
            (status == RequestStatus::Resolved).then(|| received_at + TimeDelta::minutes(rng.below(2_880) as i64));
        let transferred_to = (rng.below(8) == 0).then(|| rng.below(6) as i64 + 1);
        requests.push(RequestRow {
            id,
            customer_id: rng.below(CUSTOMERS) as i64 + 1,
            channel: Channel::ALL[rng.below(Channel::ALL.len() as u64) as usize],
            kind: [RequestKind::Question, RequestKind::Order, RequestKind::Complaint][rng.below(3) as usize],
            received_at,
            first_response_at: (rng.below(5) != 0).then(|| received_at + TimeDelta::minutes(rng.below(240) as i64)),
            resolved_at,
            wait_minutes: (rng.below(2) == 0).then(|| rng.below(45) as i64),
            handled_by: (rng.below(10) != 0).then(|| rng.below(6) as i64 + 1),
            transferred_to,
            status,
            first_contact: status == RequestStatus::Resolved && transferred_to.is_none() && rng.below(3) != 0,
            reopened: rng.below(20) == 0,
        });
    }
    let mut feedback = Vec::with_capacity(FEEDBACK as usize);
    for id in 1..=FEEDBACK {
        let both = rng.below(3);
        feedback.push(FeedbackRow {
            id,
            customer_id: rng.below(CUSTOMERS) as i64 + 1,
            csat: (both != 1).then(|| rng.below(5) as u8 + 1),
            nps: (both != 0).then(|| rng.below(11) as u8),
            given_at: at(&mut rng),
            request_id: (rng.below(2) == 0).then(|| rng.below(REQUESTS as u64) as i64 + 1),
            care_task_id: (rng.below(4) == 0).then(|| rng.below(TASKS as u64) as i64 + 1),
            comment: None,
            channel: None,
        });
    }
    let mut purchases = Vec::with_capacity(PURCHASES);
    for _ in 0..PURCHASES {
        // Regulars buy often, most customers rarely.
        let c = rng.below(CUSTOMERS) * rng.below(CUSTOMERS) / CUSTOMERS;
        purchases.push(PurchaseRow {
            customer_id: c as i64 + 1,
            date: at(&mut rng).date(),
            amount: (rng.below(200) as i64 + 1) * 5_000,
            staff_id: Some(rng.below(6) as i64 + 1),
        });
    }
    let mut tasks = Vec::with_capacity(TASKS as usize);
    for id in 1..=TASKS {
        let due_date = at(&mut rng).date();
        let status = [CareTaskStatus::Planned, CareTaskStatus::Done, CareTaskStatus::Done, CareTaskStatus::Skipped]
            [rng.below(4) as usize];
        let completed_at = (status != CareTaskStatus::Planned).then(|| {
            due_date.and_hms_opt(8, 0, 0).expect("a valid time") + TimeDelta::hours(rng.below(60) as i64 - 12)
        });
        tasks.push(TaskRow {
            id,
            customer_id: rng.below(CUSTOMERS) as i64 + 1,
            kind: CareTaskKind::ALL[rng.below(CareTaskKind::ALL.len() as u64) as usize],
            due_date,
            status,
            completed_at,
            assignee_id: (rng.below(6) != 0).then(|| rng.below(6) as i64 + 1),
            origin: CareTaskOrigin::Plan,
        });
    }
    Shop { customers, requests, feedback, purchases, tasks }
}

/// Nanoseconds this thread has run on a CPU (Linux; `None` elsewhere): on a
/// busy machine the wall clock also counts the time spent waiting for a
/// core. The kernel brings the figure up to date at each scheduler tick, so
/// only its total over many runs is meaningful.
fn cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

/// Runs `f` `runs` times; prints the median and fastest wall-clock times and
/// the mean time on a CPU.
fn time<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) {
    // `cargo bench … -- dashboard` runs only the cases whose label contains "dashboard".
    if let Some(filter) = std::env::args().skip(1).find(|a| !a.starts_with("--"))
        && !label.contains(&filter)
    {
        return;
    }
    let mut wall = Vec::with_capacity(runs);
    let cpu_before = cpu_ns();
    for _ in 0..runs {
        let t = Instant::now();
        black_box(f());
        wall.push(t.elapsed());
    }
    let on_cpu = match (cpu_before, cpu_ns()) {
        (Some(before), Some(after)) => format!("{:>7.2}", (after - before) as f64 / runs as f64 / 1e6),
        _ => "    n/a".to_owned(),
    };
    wall.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{label:<58} wall median {:>7.2} ms, min {:>7.2} ms; on CPU mean {on_cpu} ms",
        ms(wall[runs / 2]),
        ms(wall[0])
    );
}

fn main() {
    let t = Instant::now();
    let shop = generate();
    println!(
        "generated {} requests, {} feedback, {} purchases, {} tasks, {} customers in {:.1} s",
        shop.requests.len(),
        shop.feedback.len(),
        shop.purchases.len(),
        shop.tasks.len(),
        shop.customers.len(),
        t.elapsed().as_secs_f64()
    );
    let records =
        Records { requests: &shop.requests, feedback: &shop.feedback, purchases: &shop.purchases, tasks: &shop.tasks };
    let settings = Settings::default();
    let today = NaiveDate::from_ymd_opt(2025, 6, 20).expect("a valid date");
    let june = YearMonth::new(2025, 6).and_then(YearMonth::range).expect("June 2025");
    let end = YearMonth::new(2025, 6).expect("June 2025");
    let runs = 30;

    time("dashboard: compare(June 2025) + 12-month trend, one pass", runs, || {
        dashboard(june, end, 12, &records, &settings, today).expect("dashboard")
    });
    time("compare(June 2025) then monthly_trend(12), two passes", runs, || {
        (
            compare(june, &records, &settings, today).expect("compare"),
            monthly_trend(end, 12, &records, &settings, today).expect("trend"),
        )
    });
    time("measures(June 2025)", runs, || measures(june, &records, &settings, today).expect("measures"));
    time("by_staff(June 2025)", runs, || by_staff(june, &records, &settings, today).expect("by staff"));
    time("by_channel(June 2025)", runs, || by_channel(june, &records, &settings, today).expect("by channel"));
    time("drill(retention, June 2025)", runs, || {
        drill(MeasureKey::Retention, june, &records, &settings, today).expect("drill")
    });
    time("at_risk(today) over 40,000 customers", runs, || {
        at_risk(today, &shop.customers, &records, &settings).expect("at risk")
    });
    time("RiskBase::new: the customers and purchases prepared (once per reading)", runs, || {
        RiskBase::new(&shop.customers, &shop.purchases)
    });
    let base = RiskBase::new(&shop.customers, &shop.purchases);
    time("at_risk_top(today, 200) over the prepared base", runs, || {
        at_risk_top(today, &base, &records, &settings, 200).expect("at risk")
    });

    let dash = dashboard(june, end, 12, &records, &settings, today).expect("dashboard");
    let c = &dash.comparison.current;
    println!(
        "June 2025: {} requests, resolution {:.1} %, FCR {:.1} %, CSAT {:.1} %, NPS {:.1}, loyal {:.1} % of {}, retention {:.1} %, on time {:.1} %",
        c.requests_received,
        c.resolution_rate.unwrap_or(f64::NAN),
        c.fcr.unwrap_or(f64::NAN),
        c.csat_share.unwrap_or(f64::NAN),
        c.nps.unwrap_or(f64::NAN),
        c.loyal_rate.unwrap_or(f64::NAN),
        c.loyal_window_customers,
        c.retention.unwrap_or(f64::NAN),
        c.care_on_time_rate.unwrap_or(f64::NAN),
    );
    let risk = at_risk(today, &shop.customers, &records, &settings).expect("at risk");
    println!("at risk: {} customers", risk.len());
}

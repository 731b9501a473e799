//! Care-plan generation on a large generated shop.
//!
//!     cargo bench -p carebook-care --bench generate                 # 100,000 customers
//!     CAREBOOK_BENCH_CUSTOMERS=20000 cargo bench -p carebook-care --bench generate
//!
//! Builds the customers in memory (about 10 purchases each over three years,
//! birthdays on both calendars, mixed consent, tier events from each
//! customer's ledger, service events), then measures, five runs each: the
//! tier events of every ledger, the default plans over a 365-day window with
//! a week's horizon (all together, then each plan alone), and a daily run
//! (one day and a week ahead). Only the computation is timed: the rows are
//! built before. Wall time and this thread's CPU time are both shown: on a
//! busy machine the first also counts other processes' turns.

use std::time::{Duration, Instant};

use carebook_care::loyalty::{self, EntryKind, LedgerEntry, LoyaltyRules};
use carebook_care::plans::default_plans;
use carebook_care::{
    BirthdayDate, CustomerFacts, GenerateInput, PurchaseFact, ServiceEvent, ServiceEventKind, generate,
};
use carebook_core::{CalendarKind, Consent, Gender};
use chrono::{Days, NaiveDate};

const RUNS: usize = 5;

/// splitmix64: deterministic and good enough for test data.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) % n
    }
}

fn median_ms(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

/// The CPU time this thread has run, where Linux tells it
/// (`/proc/thread-self/schedstat`, in ns): on a busy machine wall time also
/// counts the time other processes had the CPU.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok().map(Duration::from_nanos)
}

/// Median wall time and median CPU time (when known) of `RUNS` runs, in ms.
fn time<T>(mut f: impl FnMut() -> T) -> (String, T) {
    let mut wall = Vec::with_capacity(RUNS);
    let mut cpu = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let (start, cpu_start) = (Instant::now(), cpu_time());
        let out = std::hint::black_box(f());
        wall.push(start.elapsed());
        if let (Some(a), Some(b)) = (cpu_start, cpu_time()) {
            cpu.push(b.saturating_sub(a));
        }
        last = Some(out);
    }
    let text = if cpu.len() == RUNS {
        format!("{:.1} ms | {:.1} ms", median_ms(wall), median_ms(cpu))
    } else {
        format!("{:.1} ms | –", median_ms(wall))
    };
    match last {
        Some(out) => (text, out),
        None => unreachable!("RUNS > 0"),
    }
}

fn main() {
    let n: i64 = std::env::var("CAREBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let today = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default();
    let start = today - Days::new(3 * 365);
    let rules = LoyaltyRules::default();
    let mut rng = Rng(42);
    let mut customers = Vec::with_capacity(n as usize);
    let mut ledgers = Vec::with_capacity(n as usize);
    let mut events = Vec::new();
    let mut purchase_id = 0;
    let mut purchases_total = 0;
    for id in 1..=n {
        let consent = match rng.below(10) {
            0..6 => Consent::Given,
            6..8 => Consent::Unknown,
            _ => Consent::Withdrawn,
        };
        let birthday = match rng.below(10) {
            0..3 => None,
            3..5 => Some(BirthdayDate {
                calendar: CalendarKind::Lunar,
                day: 1 + rng.below(30) as u8,
                month: 1 + rng.below(12) as u8,
                leap: rng.below(50) == 0,
            }),
            _ => Some(BirthdayDate {
                calendar: CalendarKind::Solar,
                day: 1 + rng.below(28) as u8,
                month: 1 + rng.below(12) as u8,
                leap: false,
            }),
        };
        // About 10 purchases over three years, some customers far more.
        let visits = match rng.below(100) {
            0..25 => 1,
            25..65 => 2 + rng.below(7),
            65..90 => 9 + rng.below(17),
            _ => 26 + rng.below(20),
        };
        let first = start + Days::new(rng.below(3 * 365));
        let span = (today - first).num_days().max(1) as u64;
        let mut purchases: Vec<PurchaseFact> = (0..visits)
            .map(|_| {
                purchase_id += 1;
                PurchaseFact {
                    id: purchase_id,
                    date: first + Days::new(rng.below(span)),
                    amount_vnd: 20_000 * (1 + rng.below(50) as i64),
                    staff_id: Some(2 + rng.below(5) as i64),
                }
            })
            .collect();
        purchases.sort_by_key(|p| (p.date, p.id));
        purchases_total += purchases.len();
        let ledger: Vec<LedgerEntry> = purchases
            .iter()
            .map(|p| LedgerEntry {
                id: p.id,
                customer_id: id,
                at: p.date,
                kind: EntryKind::Earn,
                points: loyalty::points_for_purchase(p.amount_vnd, &rules),
                reason: None,
                purchase_id: Some(p.id),
            })
            .collect();
        if rng.below(5) == 0 {
            let kind = if rng.below(2) == 0 {
                ServiceEventKind::ComplaintResolved
            } else {
                ServiceEventKind::RequestTransferred
            };
            let on = today - Days::new(rng.below(365));
            events.push(ServiceEvent { request_id: id, customer_id: id, kind, on, seq: 1, handler: Some(2) });
        }
        customers.push(CustomerFacts {
            id,
            name: format!("Nguyễn Văn Khách {id}"),
            gender: Some(if rng.below(2) == 0 { Gender::Female } else { Gender::Male }),
            consent,
            birthday,
            archived: rng.below(50) == 0,
            purchases,
            tier_events: loyalty::tier_events(&ledger, &rules),
            tags: Vec::new(),
        });
        ledgers.push(ledger);
    }
    let plans = default_plans(start);
    println!("## Care-plan generation ({n} customers, {purchases_total} purchases, {} service events)\n", events.len());
    println!("| what | wall (median of {RUNS}) | CPU (median) | result |");
    println!("|---|---:|---:|---:|");

    let (ms, tiers) = time(|| ledgers.iter().map(|l| loyalty::tier_events(l, &rules).len()).sum::<usize>());
    println!("| tier events of every ledger | {ms} | {tiers} events |");

    let year = GenerateInput { today, since: today - Days::new(364), horizon_days: 7, owner: Some(1) };
    let (ms, g) = time(|| generate(&year, &plans, &customers, &events));
    let left: u32 = g.left_out.iter().map(|l| l.no_consent).sum();
    println!("| generate, 365-day window + 7 days ahead | {ms} | {} tasks, {left} left out |", g.tasks.len());

    for plan in &plans {
        let (ms, g) = time(|| generate(&year, std::slice::from_ref(plan), &customers, &events));
        let name = plan.key.as_deref().unwrap_or("");
        println!("| … the {name} plan alone | {ms} | {} tasks |", g.tasks.len());
    }

    let day = GenerateInput { today, since: today, horizon_days: 7, owner: Some(1) };
    let (ms, g) = time(|| generate(&day, &plans, &customers, &events));
    println!("| generate, one day + 7 days ahead | {ms} | {} tasks |", g.tasks.len());
}

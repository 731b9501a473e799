//! Dashboard benchmark on the 100,000-customer demo shop.
//!
//!     cargo bench -p carebook-cli --bench dashboard            # 100,000 customers
//!     CAREBOOK_BENCH_CUSTOMERS=20000 cargo bench -p carebook-cli --bench dashboard
//!
//! Reuses the search benchmark's demo database (seed 42, today 2026-11-23,
//! generated once under `$CARGO_TARGET_DIR/carebook-bench/`) and measures,
//! through the API as the dashboard calls it:
//! - the 12-month dashboard: `measures` over the last 12 months (the range,
//!   the previous 12 months, last year, by staff and by channel) plus
//!   `measures_trend` (12 months); warm (rows already read) and cold (rows
//!   read from the book first);
//! - the at-risk list (`at_risk`), warm and cold;
//! - side by side, in the same run, the same figures by straightforward SQL
//!   over the raw tables: the range, previous and last year plus the 12
//!   months (15 measure sets, no breakdowns), and the at-risk customers.

mod common;

use std::time::{Duration, Instant};

use carebook_api::{Api, AtRiskArgs, OpenOptions, RangeArgs, TrendArgs};
use chrono::NaiveDate;
use common::{clock, demo_book};

struct Stats {
    p50: f64,
    p95: f64,
    max: f64,
}

fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(samples[((samples.len() as f64 * q).ceil() as usize).saturating_sub(1)]);
    Stats { p50: at(0.50), p95: at(0.95), max: ms(*samples.last().unwrap()) }
}

fn time<T>(n: usize, mut before: impl FnMut(), mut f: impl FnMut() -> T) -> Stats {
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n {
        before();
        let started = Instant::now();
        std::hint::black_box(f());
        samples.push(started.elapsed());
    }
    stats(samples)
}

fn line(name: &str, s: &Stats) {
    println!("| {name} | {:.1} | {:.1} | {:.1} |", s.p50, s.p95, s.max);
}

fn main() {
    let customers: u32 = std::env::var("CAREBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let path = demo_book(customers);
    let api = Api::open_with_clock(&path, OpenOptions::default(), clock()).unwrap();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let range = RangeArgs { from: d("2025-12-01"), to: d("2026-11-30") };
    let trend = TrendArgs { to: range.to, months: Some(12) };

    let started = Instant::now();
    let first = api.measures(range).unwrap();
    let read = started.elapsed();
    let c = &first.comparison.current;
    println!(
        "- book: {customers} customers; last 12 months: {} requests received, {} feedback answers, {} care tasks due; first call (reads the rows) {:.0} ms",
        c.requests_received,
        c.feedback_answers,
        c.care_tasks_due + c.care_tasks_upcoming,
        read.as_secs_f64() * 1000.0
    );
    let dashboard = || api.dashboard(range).unwrap();
    let separate = || (api.measures(range).unwrap(), api.measures_trend(trend).unwrap());
    let none = || {};
    let clear = || api.measure_cache_clear();

    println!("\n| what | p50 ms | p95 ms | max ms |\n|---|---|---|---|");
    let warm = time(50, none, dashboard);
    line("12-month dashboard (`dashboard`: measures + trend in one pass), warm", &warm);
    line("the same as two calls, `measures` + `measures_trend`, warm", &time(30, none, separate));
    let cold = time(10, clear, dashboard);
    line("12-month dashboard, cold (rows read first)", &cold);
    let risk_warm = time(50, none, || api.at_risk(AtRiskArgs { limit: Some(200) }).unwrap());
    line("at-risk list, warm", &risk_warm);
    let risk_cold = time(10, clear, || api.at_risk(AtRiskArgs { limit: Some(200) }).unwrap());
    line("at-risk list, cold", &risk_cold);

    // The same figures by plain SQL: the range, previous, last year and 12 months.
    let m = &first.comparison;
    let mut ranges = vec![range, RangeArgs { from: m.previous.range.from, to: m.previous.range.to }];
    ranges.push(RangeArgs { from: m.last_year.range.from, to: m.last_year.range.to });
    for p in api.measures_trend(trend).unwrap() {
        ranges.push(RangeArgs { from: p.measures.range.from, to: p.measures.range.to });
    }
    let sql = time(3, none, || ranges.iter().map(|r| api.measures_by_sql(*r).unwrap()).collect::<Vec<_>>());
    line("12-month dashboard by plain SQL (15 measure sets, no breakdowns)", &sql);
    let risk_sql = time(5, none, || api.at_risk_by_sql().unwrap());
    line("at-risk list by plain SQL", &risk_sql);
    // Same answers.
    assert_eq!(api.measures_by_sql(range).unwrap(), api.measures(range).unwrap().comparison.current);
    let listed = api.at_risk(AtRiskArgs { limit: Some(2000) }).unwrap();
    let by_sql = api.at_risk_by_sql().unwrap();
    // The API lists at most 2,000; every one of them is in the SQL's set, and the totals agree.
    assert_eq!(listed.total as usize, by_sql.len());
    assert!(listed.rows.iter().all(|r| by_sql.binary_search(&r.customer_id).is_ok()));
    println!(
        "\n- ratio plain SQL ÷ API, p95: dashboard {:.0}× warm, {:.1}× cold; at-risk {:.0}× warm, {:.1}× cold ({} customers at risk, the same count as the SQL's)",
        sql.p95 / warm.p95,
        sql.p95 / cold.p95,
        risk_sql.p95 / risk_warm.p95,
        risk_sql.p95 / risk_cold.p95,
        listed.total
    );
}

//! Care calendar benchmark on the 100,000-customer demo shop.
//!
//!     cargo bench -p carebook-cli --bench agenda
//!     CAREBOOK_BENCH_CUSTOMERS=20000 cargo bench -p carebook-cli --bench agenda
//!
//! Copies the search benchmark's demo database (seed 42) and, with the
//! default plans: on one copy, runs generation over a whole year of purchases
//! (the plans made active a year before today) and measures the today list
//! with all of that year's tasks left undone; on another, the plans start a
//! week before today, the computer is off that week, and the next start
//! catches up; then measures today's list there (first page of 50 lines with
//! their messages) and a month's agenda (a 35-day month grid: lunar dates,
//! birthdays, plan tasks; 5 names per day shown, all counted).

mod common;

use std::time::{Duration, Instant};

use carebook_api::{AgendaArgs, Api, OpenOptions, TodayArgs};
use carebook_core::export::Lang;
use chrono::{NaiveDate, NaiveDateTime};
use common::{bench_dir, demo_book, remove_book};

fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn open(path: &std::path::Path, now: NaiveDateTime) -> Api {
    Api::open_with_clock(path, OpenOptions::default(), Box::new(carebook_api::FixedClock(now))).unwrap()
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let q = |p: f64| ms(samples[((samples.len() as f64 * p).ceil() as usize).saturating_sub(1)]);
    (q(0.5), q(0.95), ms(*samples.last().unwrap()))
}

/// p50 and p95 of the today list's first page (200 runs), and how many tasks it counts.
fn today_list(api: &Api) -> (f64, f64, i64) {
    let mut samples = Vec::new();
    let mut n = 0;
    for i in 0..210 {
        let started = Instant::now();
        let list = api.care_today(TodayArgs { limit: 50, ..Default::default() }).unwrap();
        if i >= 10 {
            samples.push(started.elapsed());
        }
        n = list.overdue + list.due_today;
    }
    let (p50, p95, _) = percentiles(samples);
    (p50, p95, n)
}

fn main() {
    let customers: u32 = std::env::var("CAREBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    println!("## CareBook care calendar benchmark ({customers} customers)\n");
    let demo = demo_book(customers);
    let work = bench_dir().join(format!("agenda-{}.sqlite", std::process::id()));
    let year_book = bench_dir().join(format!("agenda-year-{}.sqlite", std::process::id()));
    remove_book(&work);
    remove_book(&year_book);
    std::fs::copy(&demo, &work).unwrap();
    std::fs::copy(&demo, &year_book).unwrap();
    let today = at(2026, 11, 23);

    // A whole year of purchases: the default plans made active a year before today.
    let year_ago = at(2025, 11, 23);
    let api = open(&year_book, year_ago);
    for mut plan in api.care_plan_list().unwrap().plans {
        plan.active_since = year_ago.date();
        let id = Some(plan.id);
        api.care_plan_save(carebook_api::SavePlan { id, plan }).unwrap();
    }
    api.care_generate().unwrap();
    drop(api);
    let api = open(&year_book, today);
    let started = Instant::now();
    let year = api.care_generate().unwrap();
    println!(
        "- generation over a year of purchases ({} → {}): {} tasks added, {} left out for want of consent, {:.2} s",
        year.since,
        year.today,
        year.added,
        year.left_out_no_consent,
        started.elapsed().as_secs_f64()
    );
    let (p50, p95, n) = today_list(&api);
    println!(
        "- today's list with that year's {n} tasks all left undone (the worst backlog): p50 {p50:.2} ms, p95 {p95:.2} ms"
    );
    drop(api);
    remove_book(&year_book);

    // The shop starts using the plans on 2026-11-16 and the computer is then
    // off for a week: the next start catches up.
    let api = open(&work, at(2026, 11, 16));
    for mut plan in api.care_plan_list().unwrap().plans {
        plan.active_since = at(2026, 11, 16).date();
        let id = Some(plan.id);
        api.care_plan_save(carebook_api::SavePlan { id, plan }).unwrap();
    }
    api.care_generate().unwrap();
    drop(api);
    let api = open(&work, today);
    let started = Instant::now();
    let week = api.care_generate().unwrap();
    println!(
        "- daily catch-up after a week off ({} → {}): {} tasks added, {:.2} s",
        week.since,
        week.today,
        week.added,
        started.elapsed().as_secs_f64()
    );
    drop(api);

    let api = open(&work, today);
    let runs = 200;
    let mut samples = Vec::with_capacity(runs);
    let mut first = None;
    for i in 0..runs + 10 {
        let started = Instant::now();
        let list = api.care_today(TodayArgs { limit: 50, ..Default::default() }).unwrap();
        if i >= 10 {
            samples.push(started.elapsed());
        }
        first.get_or_insert((list.overdue, list.due_today, list.lines.len()));
    }
    let (overdue, due, lines) = first.unwrap();
    let (p50, p95, max) = percentiles(samples);
    println!(
        "- today's list ({overdue} overdue, {due} due today; first page of {lines} lines with messages), \
         {runs} runs: p50 {p50:.2} ms, **p95 {p95:.2} ms**, max {max:.2} ms (target p95 < 20 ms)"
    );

    let mut samples = Vec::with_capacity(runs);
    let mut totals = None;
    for i in 0..runs + 10 {
        let started = Instant::now();
        let agenda = api
            .care_agenda(AgendaArgs {
                from: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                to: NaiveDate::from_ymd_opt(2027, 1, 3).unwrap(),
                assignee_id: None,
                lang: Lang::Vi,
                per_day: Some(5),
            })
            .unwrap();
        if i >= 10 {
            samples.push(started.elapsed());
        }
        totals.get_or_insert_with(|| {
            let b: u32 = agenda.days.iter().map(|d| d.birthday_count).sum();
            let t: u32 = agenda.days.iter().map(|d| d.task_count).sum();
            (agenda.days.len(), b, t)
        });
    }
    let (days, birthdays, tasks) = totals.unwrap();
    let (p50, p95, max) = percentiles(samples);
    println!(
        "- month agenda ({days} days, {birthdays} birthdays of which the lunar ones placed by the lunar calendar, \
         {tasks} tasks), {runs} runs: p50 {p50:.2} ms, **p95 {p95:.2} ms**, max {max:.2} ms (target p95 < 50 ms)"
    );
    drop(api);
    remove_book(&work);
}

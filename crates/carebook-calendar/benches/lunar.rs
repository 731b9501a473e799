//! Conversion speed: `cargo bench -p carebook-calendar --bench lunar`.
//!
//! Prints nanoseconds per call for the table build, solar → lunar, lunar →
//! solar, and a month's agenda of lunar birthdays.

use std::hint::black_box;
use std::time::Instant;

use carebook_calendar::lunar::{to_lunar, to_solar};
use carebook_calendar::recur::yearly_occurrences;
use carebook_calendar::{Calendar, YearlyDate};
use chrono::{Days, NaiveDate};

fn main() {
    let start = Instant::now();
    black_box(to_lunar(NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")));
    println!("table build (first call): {:.2} ms", start.elapsed().as_secs_f64() * 1e3);

    let first = NaiveDate::from_ymd_opt(1900, 2, 1).expect("date");
    let days: Vec<NaiveDate> = (0..73_000).map(|i| first + Days::new(i)).collect();
    let rounds = 20;
    let start = Instant::now();
    let mut lunar = Vec::with_capacity(days.len());
    for _ in 0..rounds {
        lunar.clear();
        lunar.extend(days.iter().filter_map(|&d| to_lunar(black_box(d))));
    }
    let per = start.elapsed().as_nanos() as f64 / (rounds * days.len()) as f64;
    println!("to_lunar: {per:.1} ns per conversion ({} days x {rounds})", days.len());

    let start = Instant::now();
    let mut n = 0usize;
    for _ in 0..rounds {
        n += lunar.iter().filter_map(|&l| to_solar(black_box(l))).count();
    }
    let per = start.elapsed().as_nanos() as f64 / n as f64;
    println!("to_solar: {per:.1} ns per conversion");

    // A month's agenda: 50,000 customers with lunar birthdays.
    let birthdays: Vec<YearlyDate> = (0..50_000u32)
        .map(|i| YearlyDate {
            calendar: Calendar::Lunar,
            month: (i % 12 + 1) as u8,
            day: (i % 30 + 1) as u8,
            leap: i % 97 == 0,
        })
        .collect();
    let (from, to) =
        (NaiveDate::from_ymd_opt(2026, 3, 1).expect("date"), NaiveDate::from_ymd_opt(2026, 3, 31).expect("date"));
    let start = Instant::now();
    let found: usize = birthdays.iter().map(|b| yearly_occurrences(black_box(b), from, to).len()).sum();
    let elapsed = start.elapsed();
    println!(
        "yearly_occurrences: {} lunar birthdays for March 2026 in {:.2} ms ({:.0} ns each, {found} occurrences)",
        birthdays.len(),
        elapsed.as_secs_f64() * 1e3,
        elapsed.as_nanos() as f64 / birthdays.len() as f64
    );
}

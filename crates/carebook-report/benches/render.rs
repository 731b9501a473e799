//! Render times and file sizes: `cargo bench -p carebook-report --bench render`.
//! Each document is rendered a few times; the fastest and the median run are printed.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use carebook_report::*;

fn measure(name: &str, runs: usize, mut render: impl FnMut() -> Vec<u8>) {
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    let mut pages = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let bytes = render();
        times.push(started.elapsed());
        size = bytes.len();
        // Pages are counted from the page objects of the file.
        pages = count_pages(&bytes);
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name:<38} {pages:>4} pages {:>9.1} KB   fastest {:>8.1} ms   median {:>8.1} ms",
        size as f64 / 1024.0,
        ms(times[0]),
        ms(median)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn count_pages(pdf: &[u8]) -> usize {
    let needle = b"/Type /Page";
    let alt = b"/Type/Page";
    let count = |n: &[u8]| {
        pdf.windows(n.len()).enumerate().filter(|(i, w)| *w == n && pdf.get(i + n.len()) != Some(&b's')).count()
    };
    count(needle) + count(alt)
}

fn main() {
    let mut go = |_: Progress| true;
    let full = common::full_month(Lang::Vi, Some(common::logo_png()), 100);
    measure("monthly report, full (vi, PNG logo)", 5, || render_monthly_report(&full, &mut go).expect("renders"));
    let big = common::full_month(Lang::Vi, None, 500);
    measure("monthly report, 500 at-risk customers", 3, || render_monthly_report(&big, &mut go).expect("renders"));
    let empty = common::empty_month(Lang::En);
    measure("monthly report, empty month (en)", 5, || render_monthly_report(&empty, &mut go).expect("renders"));
    for (layout, name) in [
        (CardLayout::A4x4, "1,000 cards, A4x4"),
        (CardLayout::A6, "1,000 cards, A6"),
        (CardLayout::A4x2, "1,000 cards, A4x2"),
        (CardLayout::Letter, "1,000 letters"),
    ] {
        let batch = common::cards(1000, layout, Some(common::logo_png()));
        measure(name, 3, || render_cards(&batch, &mut go).expect("renders"));
    }
    let calls = common::call_list(Lang::Vi, 40);
    measure("call list, 40 calls", 5, || render_call_list(&calls, &mut go).expect("renders"));
    let profile = common::profile(Lang::Vi);
    measure("customer profile", 5, || render_customer_profile(&profile, &mut go).expect("renders"));
}

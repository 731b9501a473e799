//! Printed documents on the 100,000-customer demo shop.
//!
//!     cargo bench -p carebook-cli --bench reports
//!     CAREBOOK_BENCH_CUSTOMERS=20000 cargo bench -p carebook-cli --bench reports
//!
//! Reuses the search benchmark's demo database (seed 42, today 2026-11-23) and
//! measures, through the API as the window calls it:
//! - the monthly service report of October 2026 end to end (every query and
//!   the render), cold (the measure rows read from the book first) and warm;
//! - side by side, in the same run, the way web CRMs print: the same report
//!   (every figure, table and trend series of the same document, the charts
//!   as inline SVG) written as an HTML page and printed to PDF by headless
//!   Chromium (`--print-to-pdf`, process start included, as a server-side
//!   "print to PDF" runs it); the ratio of the two;
//! - 1,000 cards and 1,000 letters of a day's birthday tasks, end to end
//!   (tasks read, templates filled, consent checked, rendered), on a copy of
//!   the book;
//! - the files' sizes and pages, and the peak memory (VmHWM, reset before each
//!   phase) of each phase.
//!
//! Chromium is `/usr/bin/chromium` or `$CHROMIUM`; without it the comparison is skipped.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use carebook_api::reports::cards::{CardsArgs, PrintLayout};
use carebook_api::reports::{PrintLang, parse_month};
use carebook_api::{Api, IdArgs, OpenOptions};
use carebook_core::Consent;
use common::{clock, demo_book, remove_book};
use serde_json::Value;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn pct(mut v: Vec<Duration>, q: f64) -> f64 {
    v.sort();
    ms(v[((v.len() as f64 * q).ceil() as usize).saturating_sub(1)])
}

/// Peak resident memory of this process since the last [`reset_peak`], in MB.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Resets the peak to the current resident size (Linux: `echo 5 > /proc/self/clear_refs`).
fn reset_peak() {
    drop(std::fs::write("/proc/self/clear_refs", "5"));
}

fn pages(pdf: &[u8]) -> usize {
    let count = |n: &[u8]| {
        pdf.windows(n.len()).enumerate().filter(|(i, w)| *w == n && pdf.get(i + n.len()) != Some(&b's')).count()
    };
    count(b"/Type /Page") + count(b"/Type/Page")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A value of the report as HTML: arrays of records as tables, numbers
/// series as an SVG line, records as headed sections.
fn html_of(name: &str, v: &Value, out: &mut String) {
    match v {
        Value::Array(items) if items.iter().all(Value::is_number) && !items.is_empty() => {
            let nums: Vec<f64> = items.iter().filter_map(Value::as_f64).collect();
            let max = nums.iter().cloned().fold(f64::MIN, f64::max).max(1e-9);
            let pts: Vec<String> = nums
                .iter()
                .enumerate()
                .map(|(i, y)| {
                    format!("{:.1},{:.1}", i as f64 * 300.0 / (nums.len().max(2) - 1) as f64, 80.0 - y / max * 70.0)
                })
                .collect();
            out.push_str(&format!(
                "<svg width=\"300\" height=\"80\"><polyline fill=\"none\" stroke=\"#1f6feb\" points=\"{}\"/></svg>",
                pts.join(" ")
            ));
        }
        Value::Array(items) if items.first().is_some_and(Value::is_object) => {
            out.push_str(&format!("<h3>{}</h3><table><thead><tr>", esc(name)));
            let keys: Vec<String> = items[0].as_object().unwrap().keys().cloned().collect();
            for k in &keys {
                out.push_str(&format!("<th>{}</th>", esc(k)));
            }
            out.push_str("</tr></thead><tbody>");
            for item in items {
                out.push_str("<tr>");
                for k in &keys {
                    out.push_str("<td>");
                    match &item[k] {
                        Value::String(s) => out.push_str(&esc(s)),
                        Value::Null => {}
                        other => html_of(k, other, out),
                    }
                    out.push_str("</td>");
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody></table>");
        }
        Value::Array(items) => {
            for i in items {
                html_of(name, i, out);
            }
        }
        Value::Object(map) => {
            out.push_str(&format!("<section><h2>{}</h2>", esc(name)));
            for (k, v) in map {
                html_of(k, v, out);
            }
            out.push_str("</section>");
        }
        Value::String(s) => out.push_str(&format!("<p><b>{}</b>: {}</p>", esc(name), esc(s))),
        Value::Number(n) => out.push_str(&format!("<p><b>{}</b>: {n}</p>", esc(name))),
        Value::Bool(_) | Value::Null => {}
    }
}

fn report_html(api: &Api) -> String {
    let doc = api.monthly_report_document(parse_month("2026-10").unwrap(), PrintLang::Vi).unwrap();
    let mut v = serde_json::to_value(&doc).unwrap();
    v.as_object_mut().unwrap().remove("logo");
    let mut out = String::from(
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><style>@page{size:A4;margin:15mm}\
         body{font-family:'Noto Sans',sans-serif;font-size:9pt}table{border-collapse:collapse;width:100%}\
         th,td{border:1px solid #ccc;padding:2px 4px;text-align:left}thead{display:table-header-group}</style><body>",
    );
    html_of("Báo cáo dịch vụ", &v, &mut out);
    out.push_str("</body></html>");
    out
}

fn chromium() -> Option<PathBuf> {
    let p = std::env::var_os("CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    p.exists().then_some(p)
}

/// The report as HTML, printed by headless Chromium; returns the time and the PDF's size.
fn chromium_print(chrome: &Path, api: &Api, dir: &Path, run: usize) -> (Duration, u64) {
    let started = Instant::now();
    let html = dir.join(format!("report-{run}.html"));
    std::fs::write(&html, report_html(api)).unwrap();
    let pdf = dir.join(format!("report-{run}.pdf"));
    let profile = dir.join(format!("profile-{run}"));
    let out = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(pdf.exists(), "chromium printed nothing: {}", String::from_utf8_lossy(&out.stderr));
    (took, std::fs::metadata(&pdf).unwrap().len())
}

fn main() {
    let customers: u32 = std::env::var("CAREBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let path = demo_book(customers);
    let month = parse_month("2026-10").unwrap();
    println!("- {customers} customers; the monthly report of October 2026 (today 2026-11-23)");
    println!();
    println!("| what | p50 ms | p95 ms | runs | pages | size KB | peak MB |");
    println!("|---|---:|---:|---:|---:|---:|---:|");

    // Cold: a newly opened book, the measure rows not yet read.
    let mut cold = Vec::new();
    let mut cold_peak: f64 = 0.0;
    let mut bytes = Vec::new();
    for _ in 0..3 {
        let api = Api::open_with_clock(&path, OpenOptions::default(), clock()).unwrap();
        reset_peak();
        let started = Instant::now();
        bytes = api.monthly_report_pdf(month, PrintLang::Vi).unwrap();
        cold.push(started.elapsed());
        cold_peak = cold_peak.max(peak_mb());
    }
    let row = |what: &str, t: &[Duration], pages: usize, size: usize, peak: f64| {
        println!(
            "| {what} | {:.1} | {:.1} | {} | {pages} | {:.0} | {peak:.0} |",
            pct(t.to_vec(), 0.5),
            pct(t.to_vec(), 0.95),
            t.len(),
            size as f64 / 1024.0
        );
    };
    row("monthly report, cold (rows read + queries + render)", &cold, pages(&bytes), bytes.len(), cold_peak);

    let api = Api::open_with_clock(&path, OpenOptions::default(), clock()).unwrap();
    api.monthly_report_pdf(month, PrintLang::Vi).unwrap();
    reset_peak();
    let mut warm = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        bytes = api.monthly_report_pdf(month, PrintLang::Vi).unwrap();
        warm.push(started.elapsed());
    }
    row("monthly report, warm (queries + render)", &warm, pages(&bytes), bytes.len(), peak_mb());
    let mut en = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        bytes = api.monthly_report_pdf(month, PrintLang::En).unwrap();
        en.push(started.elapsed());
    }
    row("monthly report, warm, English", &en, pages(&bytes), bytes.len(), peak_mb());
    // Where the time goes: the document's data (every query and measure) and the render.
    let (mut gather, mut render) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        let started = Instant::now();
        let doc = api.monthly_report_document(month, PrintLang::Vi).unwrap();
        gather.push(started.elapsed());
        let started = Instant::now();
        bytes = carebook_report::render_monthly_report(&doc, &mut |_| true).unwrap();
        render.push(started.elapsed());
    }
    row("of which the data (queries, measures, at risk)", &gather, 0, 0, f64::NAN);
    row("of which the render", &render, pages(&bytes), bytes.len(), f64::NAN);

    let tmp = tempfile::tempdir().unwrap();
    if let Some(chrome) = chromium() {
        let mut times = Vec::new();
        let mut size = 0;
        for run in 0..5 {
            let (t, s) = chromium_print(&chrome, &api, tmp.path(), run);
            times.push(t);
            size = s as usize;
        }
        let pdf = std::fs::read(tmp.path().join("report-4.pdf")).unwrap();
        row("same report as HTML, Chromium --print-to-pdf", &times, pages(&pdf), size, f64::NAN);
        println!();
        println!(
            "- Chromium / CareBook: {:.1}× (p50, warm), {:.1}× (p50, cold)",
            pct(times.clone(), 0.5) / pct(warm.clone(), 0.5),
            pct(times, 0.5) / pct(cold.clone(), 0.5)
        );
    } else {
        println!("- no Chromium at /usr/bin/chromium (or $CHROMIUM): the comparison is skipped");
    }
    drop(api);

    // 1,000 cards on a copy of the book: birthday greetings due on 23 November.
    let copy = tmp.path().join("cards.sqlite");
    std::fs::copy(&path, &copy).unwrap();
    let api = Api::open_with_clock(&copy, OpenOptions::default(), clock()).unwrap();
    let mut ids = Vec::new();
    let mut id = 1;
    while ids.len() < 1000 && id < i64::from(customers) {
        if let Ok(c) = api.customer_get(IdArgs { id })
            && c.consent == Consent::Given
        {
            ids.push(id);
        }
        id += 1;
    }
    let planned_before =
        api.dispatch("report_cards_preview", serde_json::json!({ "date": "2026-11-23" })).unwrap()["cards"]
            .as_array()
            .unwrap()
            .len();
    for &c in &ids {
        api.dispatch(
            "care_task_save",
            serde_json::json!({ "input": { "customerId": c, "kind": "birthday_greeting", "dueDate": "2026-11-23", "status": "planned" } }),
        )
        .unwrap();
    }
    println!();
    println!("| cards (end to end) | p50 ms | p95 ms | runs | pages | size KB | peak MB |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    // The birthday cards just planned: exactly 1,000, picked as the window picks them.
    let due = api.dispatch("report_cards_preview", serde_json::json!({ "date": "2026-11-23" })).unwrap();
    let picked: Vec<i64> = due["cards"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "birthday_greeting" && c["dueDate"] == "2026-11-23")
        .filter_map(|c| c["taskId"].as_i64())
        .take(1000)
        .collect();
    for (layout, name) in [
        (PrintLayout::A4x4, "A4, four per sheet"),
        (PrintLayout::A4x2, "A4, two per sheet"),
        (PrintLayout::A6, "A6, one per page"),
        (PrintLayout::Letter, "A4 letters"),
    ] {
        let args = CardsArgs { task_ids: Some(picked.clone()), layout, ..Default::default() };
        let mut times = Vec::new();
        let mut made = (Vec::new(), 0);
        reset_peak();
        for _ in 0..3 {
            let started = Instant::now();
            let (b, preview) = api.cards_pdf(&args, &mut |_| true).unwrap();
            times.push(started.elapsed());
            made = (b, preview.cards.len());
        }
        let (b, n) = made;
        row(&format!("{n} cards, {name}"), &times, pages(&b), b.len(), peak_mb());
    }
    println!();
    println!(
        "- {} birthday tasks added for consenting customers ({planned_before} card tasks were already due)",
        ids.len()
    );
    drop(api);
    remove_book(&copy);
}

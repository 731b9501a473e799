//! Export, customer data and erase benchmark on the 100,000-customer demo shop.
//!
//!     cargo bench -p carebook-cli --bench export            # 100,000 customers
//!     CAREBOOK_BENCH_CUSTOMERS=20000 cargo bench -p carebook-cli --bench export
//!
//! Reuses `$CARGO_TARGET_DIR/carebook-bench/demo-<n>-seed42.sqlite` (the search
//! benchmark's demo database, made the same way when missing), copies it to a
//! work file with SQLite's backup API, then measures through the API: a full
//! export in each format (rows, size, time, and the longest call another
//! thread made meanwhile: exports read a snapshot, the book stays usable), one
//! customer's data as JSON and HTML, an erase (the customer's rows, the search
//! index merge, the file rewritten), and the audit log with 200,000 entries.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use carebook_api::{
    Api, AuditListArgs, CsvDelimiter, CustomerExportArgs, CustomerExportFormat, EraseArgs, ExportArgs, ExportFormat,
    IdArgs, OpenOptions,
};
use carebook_core::FieldChange;
use carebook_core::export::Lang;
use carebook_store::{AuditRecord, Store};
use chrono::NaiveDate;
use common::{SEED, bench_dir, clock, demo_book, with_probe};

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Peak resident memory of this process so far, in MB (Linux).
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn dir_size(path: &Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum()
    } else {
        std::fs::metadata(path).unwrap().len()
    }
}

fn main() {
    let customers: u32 = std::env::var("CAREBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = bench_dir();
    println!("## CareBook export and privacy benchmark ({customers} customers, seed {SEED})\n");
    let demo = demo_book(customers);

    let work = dir.join("export-work");
    drop(std::fs::remove_dir_all(&work));
    std::fs::create_dir_all(&work).unwrap();
    let live = work.join("live.sqlite");
    Store::open_or_create(&demo).unwrap().backup_to(&live).unwrap();
    let api = Api::open_with_clock(&live, OpenOptions::create(), clock()).unwrap();
    println!("- database file: {:.1} MB", std::fs::metadata(&live).unwrap().len() as f64 / 1e6);

    println!("\n| export | rows | size MB | seconds | rows/s | longest other API call ms |");
    println!("|---|---|---|---|---|---|");
    for (format, name) in
        [(ExportFormat::Csv, "export-csv"), (ExportFormat::Xlsx, "book.xlsx"), (ExportFormat::Json, "book.json")]
    {
        let out = work.join(name);
        let (result, took, stall) = with_probe(&api, || {
            api.export_all(ExportArgs {
                format,
                path: out.display().to_string(),
                datasets: Vec::new(),
                lang: Lang::Vi,
                delimiter: CsvDelimiter::Comma,
            })
            .unwrap()
        });
        let rows: u64 = result.datasets.iter().map(|d| d.rows).sum();
        println!(
            "| {:?} (all datasets) | {rows} | {:.1} | {:.2} | {:.0} | {:.0} |",
            format,
            dir_size(&out) as f64 / 1e6,
            took.as_secs_f64(),
            rows as f64 / took.as_secs_f64(),
            ms(stall)
        );
        if format == ExportFormat::Csv {
            let detail: Vec<String> = result.datasets.iter().map(|d| format!("{} {}", d.dataset, d.rows)).collect();
            println!("|   rows per dataset: {} | | | | | |", detail.join(", "));
        }
    }
    if let Some(mb) = peak_rss_mb() {
        println!("\nPeak memory of the whole run so far (VmHWM): {mb:.0} MB");
    }

    // One customer: the one with the most purchases among the first thousand.
    let id = (1..=1000.min(i64::from(customers)))
        .max_by_key(|id| {
            api.customer_data(IdArgs { id: *id }).map(|d| d.tables.iter().map(|t| t.rows).sum::<i64>()).unwrap_or(0)
        })
        .unwrap();
    let data = api.customer_data(IdArgs { id }).unwrap();
    let rows: i64 = data.tables.iter().map(|t| t.rows).sum();
    println!("\n| one customer (#{id}, {rows} rows) | ms |");
    println!("|---|---|");
    for (format, ext) in [(CustomerExportFormat::Json, "json"), (CustomerExportFormat::Html, "html")] {
        let started = Instant::now();
        api.customer_export(CustomerExportArgs {
            id,
            path: work.join(format!("customer.{ext}")).display().to_string(),
            format,
            lang: Lang::Vi,
        })
        .unwrap();
        println!("| customer_export {ext} | {:.1} |", ms(started.elapsed()));
    }
    let started = Instant::now();
    api.customer_data(IdArgs { id }).unwrap();
    println!("| customer_data (what an erase removes) | {:.1} |", ms(started.elapsed()));
    for erase_id in [id, id + 1, id + 2] {
        let name = api.customer_data(IdArgs { id: erase_id }).unwrap().name;
        let started = Instant::now();
        let erased = api.customer_erase(EraseArgs { id: erase_id, confirm_name: name }).unwrap();
        println!(
            "| customer_erase #{erase_id} (rows, index merge, VACUUM of the file; compacted: {}) | {:.0} |",
            erased.compacted,
            ms(started.elapsed())
        );
    }

    // The audit log with 200,000 entries.
    drop(api);
    {
        let mut store = Store::open_or_create(&live).unwrap();
        let changes = [FieldChange::new("email", None, Some("x@example.com".into()))];
        let at0 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(8, 0, 0).unwrap();
        store
            .transaction(|tx| {
                for i in 0..200_000i64 {
                    tx.append_audit(&AuditRecord {
                        at: at0 + chrono::Duration::minutes(2 * i),
                        actor: ["Mai", "Hà", "Lan", "Tuấn"][i as usize % 4],
                        action: "update",
                        entity: "customer",
                        entity_id: Some(i % 100_000 + 1),
                        customer_id: Some(i % 100_000 + 1),
                        summary: "Khách hàng",
                        changes: &changes,
                    })?;
                }
                Ok::<_, carebook_store::StoreError>(())
            })
            .unwrap();
    }
    let api = Api::open_with_clock(&live, OpenOptions::create(), clock()).unwrap();
    println!("\n| audit_list, 200,000+ entries, 50 per page | ms |");
    println!("|---|---|");
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
    for (label, args) in [
        ("first page, no filter", AuditListArgs::default()),
        ("page 1,000 (offset 50,000)", AuditListArgs { offset: 50_000, ..Default::default() }),
        ("one person", AuditListArgs { actor: Some("Lan".into()), ..Default::default() }),
        ("one customer", AuditListArgs { customer_id: Some(777), ..Default::default() }),
        ("one week", AuditListArgs { from: day(3, 1), to: day(3, 7), ..Default::default() }),
    ] {
        let started = Instant::now();
        let page = api.audit_list(args).unwrap();
        println!("| {label} ({} matching) | {:.1} |", page.total, ms(started.elapsed()));
    }
    drop(api);
    drop(std::fs::remove_dir_all(&work));
}

//! Import benchmark: a 100,000-row CSV into a fresh book, side by side with
//! the `sqlite3` shell's `.import` of the same file into a bare table.
//!
//!     cargo bench -p carebook-cli --bench import
//!     CAREBOOK_BENCH_ROWS=20000 cargo bench -p carebook-cli --bench import
//!     CAREBOOK_BENCH_CUSTOMERS=1000000 cargo bench -p carebook-cli --bench import
//!
//! The file is read from its path as a stream of rows, as `carebook import`
//! and the import window do; the commit's phases (reading and validating,
//! matching against the book, writing) are timed from its progress reports.
//!
//! The CSV (Vietnamese names, phones, emails, birthdays; seed 42) is written
//! under `$CARGO_TARGET_DIR/carebook-bench/`. CareBook's figure is the whole
//! commit through the API: reading and decoding the file, guessing columns,
//! validating and normalising every row, checking each phone and email
//! against the book, writing customers, phones, the search index and the
//! undo record, in one transaction. The shell's figure is a plain `.import`
//! (one transaction, no validation, no index) — the storage floor.

mod common;

use std::process::{Command, Stdio};
use std::time::Instant;

use carebook_api::{Api, FixedClock, ImportFile, OpenOptions};
use chrono::NaiveDate;
use common::{bench_dir, write_people_csv};

fn main() {
    let rows: usize = ["CAREBOOK_BENCH_ROWS", "CAREBOOK_BENCH_CUSTOMERS"]
        .iter()
        .find_map(|v| std::env::var(v).ok().and_then(|v| v.parse().ok()))
        .unwrap_or(100_000);
    let dir = bench_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let csv = dir.join(format!("import-{rows}.csv"));
    let size = write_people_csv(&csv, rows);
    println!("CSV: {rows} rows, {:.1} MB ({})", size as f64 / 1e6, csv.display());

    // CareBook: preview, then commit through the API into a fresh book.
    let db = dir.join(format!("import-{rows}.sqlite"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let now = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(9, 0, 0).unwrap();
    let api = Api::open_with_clock(&db, OpenOptions::create(), Box::new(FixedClock(now))).unwrap();
    let file = ImportFile::from_path(&csv);
    let started = Instant::now();
    let preview = api.import_preview_file(&file).unwrap();
    let preview_s = started.elapsed().as_secs_f64();
    assert_eq!(preview.counts.new as usize, rows, "every row is a new customer: {:?}", preview.counts);
    let started = Instant::now();
    // When each phase began, from the progress reports.
    let mut phases: Vec<(carebook_api::ImportPhase, Instant)> = Vec::new();
    let result = api
        .import_commit_with(&file, false, |p| {
            if phases.last().map(|l| l.0) != Some(p.phase) {
                phases.push((p.phase, Instant::now()));
            }
            true
        })
        .unwrap();
    let commit_s = started.elapsed().as_secs_f64();
    let ended = Instant::now();
    let phase_s: Vec<(carebook_api::ImportPhase, f64)> = phases
        .iter()
        .enumerate()
        .map(|(i, (phase, at))| (*phase, phases.get(i + 1).map_or(ended, |n| n.1).duration_since(*at).as_secs_f64()))
        .collect();
    assert_eq!(result.batch.customers_created as usize, rows);
    let started = Instant::now();
    let hits = api
        .customer_search(carebook_api::SearchArgs { query: "nguyen van an".into(), limit: Some(10) })
        .unwrap()
        .hits
        .len();
    let search_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert!(hits > 0, "imported customers are searchable");
    let started = Instant::now();
    let undone = api.import_undo_last(Default::default()).unwrap();
    let undo_s = started.elapsed().as_secs_f64();
    assert_eq!(undone.customers_deleted as usize, rows);
    drop(api);

    // The sqlite3 shell: `.import` of the same file into a bare table.
    let bare = dir.join(format!("import-{rows}-bare.sqlite"));
    let _ = std::fs::remove_file(&bare);
    let script = format!(
        "CREATE TABLE t (name TEXT, phone TEXT, email TEXT, birthday TEXT, gender TEXT, tags TEXT, notes TEXT);\n\
         .import --csv --skip 1 {} t\nSELECT count(*) FROM t;\n",
        csv.display()
    );
    let started = Instant::now();
    let mut child = Command::new("sqlite3")
        .arg(&bare)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the sqlite3 command-line shell is needed for the comparison");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let shell_s = started.elapsed().as_secs_f64();
    let counted: usize = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0);
    assert_eq!(counted, rows, "sqlite3 imported every row");
    let version =
        Command::new("sqlite3").arg("--version").output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
    let version = version.unwrap_or_default();

    println!();
    println!("| step | time | rows/s |");
    println!("|---|---|---|");
    println!(
        "| CareBook preview (read, validate, match; nothing written) | {preview_s:.2} s | {:.0} |",
        rows as f64 / preview_s
    );
    println!(
        "| CareBook import (commit through the API, one transaction) | {commit_s:.2} s | {:.0} |",
        rows as f64 / commit_s
    );
    println!("| sqlite3 shell `.import --csv` into a bare table | {shell_s:.2} s | {:.0} |", rows as f64 / shell_s);
    println!("| ratio import / `.import` | {:.1}× | |", commit_s / shell_s);
    for (phase, s) in &phase_s {
        println!("| — commit phase {phase:?} | {s:.2} s | |");
    }
    println!("| search “nguyen van an” right after | {search_ms:.1} ms | |");
    println!("| undo of the import ({rows} customers deleted) | {undo_s:.2} s | |");
    println!();
    println!("sqlite3 shell: {}", version.split_whitespace().next().unwrap_or("?"));
}

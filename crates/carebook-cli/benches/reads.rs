//! Reads that never wait: search latency on the 100,000-customer demo shop
//! while long writes run, against the same searches on a quiet book.
//!
//!     cargo bench -p carebook-cli --bench reads
//!     CAREBOOK_BENCH_CUSTOMERS=20000 CAREBOOK_BENCH_ROWS=20000 cargo bench -p carebook-cli --bench reads
//!
//! Works on a copy of the demo book (seed 42, generated once under
//! `$CARGO_TARGET_DIR/carebook-bench/`). Three phases, each with the same
//! searches typed by a second thread every 2 ms through the API:
//! 1. quiet: nothing else runs;
//! 2. a 100,000-row CSV import commits through the API (read, check, one write
//!    transaction); the samples taken while it writes are counted apart;
//! 3. three customers are erased one after the other (each erasure rewrites the
//!    file with `VACUUM`).
//!
//! Searches are served by read-only WAL connections, so they see the last
//! committed book and never wait for the writer.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::time::{Duration, Instant};

use carebook_api::{Api, EraseArgs, IdArgs, ImportFile, ImportPhase, ListArgs, OpenOptions, SearchArgs};
use carebook_core::fold;
use common::{Stats, bench_dir, clock, demo_book, remove_book, stats, write_people_csv};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Searches typed while `work` runs: (latency, phase of the writer when asked).
fn search_during<T>(
    api: &Arc<Api>,
    queries: &[String],
    phase: &AtomicU8,
    work: impl FnOnce() -> T,
) -> (T, Vec<(Duration, u8)>) {
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let searcher = scope.spawn(|| {
            let mut samples = Vec::new();
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let query = queries[i % queries.len()].clone();
                i += 1;
                let asked_in = phase.load(Ordering::Relaxed);
                let started = Instant::now();
                api.customer_search(SearchArgs { query, limit: Some(50) }).unwrap();
                samples.push((started.elapsed(), asked_in));
                std::thread::sleep(Duration::from_millis(2));
            }
            samples
        });
        std::thread::sleep(Duration::from_millis(20));
        let out = work();
        stop.store(true, Ordering::Relaxed);
        (out, searcher.join().unwrap())
    })
}

fn row(label: &str, samples: Vec<Duration>) {
    let n = samples.len();
    let Stats { p50, p95, p99, max, .. } = stats(samples);
    println!("| {label} | {n} | {p50:.2} | {p95:.2} | {p99:.2} | {max:.1} |");
}

fn main() {
    let customers: u32 = std::env::var("CAREBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let rows: usize = std::env::var("CAREBOOK_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    println!("## CareBook reads during long writes ({customers} customers, {rows}-row import)\n");
    let demo = demo_book(customers);
    let dir = bench_dir();
    let db = dir.join("reads.sqlite");
    remove_book(&db);
    std::fs::copy(&demo, &db).unwrap();
    let api = Arc::new(Api::open_with_clock(&db, OpenOptions::default(), clock()).unwrap());

    // Queries a person would type: unaccented surname + given name, and full names.
    let total = api.customer_list(ListArgs { archived: false, offset: 0, limit: 1 }).unwrap().total;
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut queries = Vec::new();
    for i in 0..300 {
        let offset = rng.random_range(0..total) as u32;
        let name = api.customer_list(ListArgs { archived: false, offset, limit: 1 }).unwrap().rows.remove(0).name;
        let folded = fold(&name);
        let words: Vec<&str> = folded.split(' ').collect();
        queries.push(if i % 2 == 0 { format!("{} {}", words[0], words[words.len() - 1]) } else { name });
    }
    for q in queries.iter().take(30) {
        api.customer_search(SearchArgs { query: q.clone(), limit: Some(50) }).unwrap();
    }

    let phase = AtomicU8::new(0);
    let ((), quiet) = search_during(&api, &queries, &phase, || std::thread::sleep(Duration::from_secs(3)));

    let csv = dir.join(format!("import-{rows}.csv"));
    write_people_csv(&csv, rows);
    let file = ImportFile { name: "reads.csv".into(), bytes: std::fs::read(&csv).unwrap(), ..Default::default() };
    let (import_s, during_import) = search_during(&api, &queries, &phase, || {
        let started = Instant::now();
        let result = api
            .import_commit_with(&file, false, |p| {
                phase.store(if p.phase == ImportPhase::Writing { 1 } else { 0 }, Ordering::Relaxed);
                true
            })
            .unwrap();
        phase.store(0, Ordering::Relaxed);
        // A few rows share a phone or email with the demo shop and merge into it.
        assert!(result.batch.customers_created as usize > rows * 9 / 10, "{:?}", result.batch);
        started.elapsed().as_secs_f64()
    });

    let victims: Vec<_> = api.customer_list(ListArgs { archived: false, offset: 1_000, limit: 3 }).unwrap().rows;
    let (erase_s, during_erase) = search_during(&api, &queries, &phase, || {
        let started = Instant::now();
        for victim in &victims {
            api.customer_erase(EraseArgs { id: victim.id, confirm_name: victim.name.clone() }).unwrap();
        }
        started.elapsed().as_secs_f64()
    });
    assert!(api.customer_get(IdArgs { id: victims[0].id }).is_err(), "the erased customer is gone");

    let writing: Vec<Duration> = during_import.iter().filter(|(_, p)| *p == 1).map(|(d, _)| *d).collect();
    let whole_import: Vec<Duration> = during_import.iter().map(|(d, _)| *d).collect();
    let erase: Vec<Duration> = during_erase.iter().map(|(d, _)| *d).collect();
    println!("- import of {rows} rows: {import_s:.2} s; 3 erasures with VACUUM: {erase_s:.2} s\n");
    println!("| search (50 results at most) | searches | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---|---|---|---|---|");
    row("quiet book", quiet.into_iter().map(|(d, _)| d).collect());
    row("during the import (whole call)", whole_import);
    row("during the import's write transaction", writing);
    row("during 3 erasures (each with VACUUM)", erase);
    drop(api);
    remove_book(&db);
}

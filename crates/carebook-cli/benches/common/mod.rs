//! What the benchmarks share: the fixed clock, where generated data lives, and
//! the 100,000-customer demo database they all measure on.
#![allow(dead_code)] // each benchmark uses a part of this

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use carebook_api::{Api, FixedClock, OpenOptions};
use chrono::NaiveDate;

/// The demo shop's seed: the same shop in every benchmark.
pub const SEED: u64 = 42;

/// "Today" for every benchmark: 2026-11-23 09:00.
pub fn clock() -> Box<FixedClock> {
    Box::new(FixedClock(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(9, 0, 0).unwrap()))
}

/// `$CARGO_TARGET_DIR/carebook-bench`: generated files, kept between runs.
pub fn bench_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join("carebook-bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Removes a database file with its WAL and shared-memory files.
pub fn remove_book(path: &Path) {
    for ext in ["", "-wal", "-shm"] {
        drop(std::fs::remove_file(format!("{}{ext}", path.display())));
    }
}

/// The demo database of `customers` customers (seed [`SEED`]), generated under
/// [`bench_dir`] the first time and reused after; prints which.
pub fn demo_book(customers: u32) -> PathBuf {
    let dir = bench_dir();
    let path = dir.join(format!("demo-{customers}-seed{SEED}.sqlite"));
    if path.exists() {
        println!("- demo generation: reused {} (delete it to measure generation)", path.display());
        return path;
    }
    let tmp = dir.join(format!("generating-{}.sqlite", std::process::id()));
    remove_book(&tmp);
    let api = Api::open_with_clock(&tmp, OpenOptions::create(), clock()).unwrap();
    let started = Instant::now();
    let stats = api.generate_demo(customers, SEED, |_| {}).unwrap();
    let took = started.elapsed();
    drop(api);
    std::fs::rename(&tmp, &path).unwrap();
    println!(
        "- demo generation: {} customers, {} purchases, {} notes, {} requests, {} care tasks, {} feedback in {:.1} s",
        stats.customers,
        stats.purchases,
        stats.notes,
        stats.requests,
        stats.care_tasks,
        stats.feedback,
        took.as_secs_f64()
    );
    path
}

/// Runs `f` while another thread calls the API every 5 ms; returns what `f`
/// returned, how long it took, and the longest API call meanwhile.
pub fn with_probe<T>(api: &Api, f: impl FnOnce() -> T) -> (T, Duration, Duration) {
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let probe = scope.spawn(|| {
            let mut longest = Duration::ZERO;
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                api.app_info().unwrap();
                longest = longest.max(started.elapsed());
                std::thread::sleep(Duration::from_millis(5));
            }
            longest
        });
        std::thread::sleep(Duration::from_millis(20));
        let started = Instant::now();
        let out = f();
        let took = started.elapsed();
        stop.store(true, Ordering::Relaxed);
        (out, took, probe.join().unwrap())
    })
}

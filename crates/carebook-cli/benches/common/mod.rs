//! What the benchmarks share: the fixed clock, where generated data lives, and
//! the 100,000-customer demo database they all measure on.
#![allow(dead_code)] // each benchmark uses a part of this

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use carebook_api::{Api, FixedClock, OpenOptions};
use chrono::NaiveDate;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

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

const SURNAMES: &[&str] = &[
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
];
const MIDDLE: &[&str] = &["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Đức", "Thu", "Quốc", "Hoài", "Gia", "Bảo", "Kim"];
const GIVEN: &[&str] = &[
    "An", "Bình", "Châu", "Dũng", "Dương", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Ngọc", "Nhung", "Phúc", "Phương", "Quân", "Quỳnh", "Sơn",
    "Tâm", "Thảo", "Thắng", "Trang", "Trinh", "Tuấn", "Tú", "Uyên", "Việt", "Xuân", "Yến",
];
const PREFIXES: &[&str] = &["090", "091", "093", "094", "096", "097", "098", "086", "088", "039", "070", "077", "038"];
const NOTES: &[&str] = &["", "", "", "Khách quen", "Thích bánh kem ít đường", "Hay mua buổi sáng", "Giao tận nhà"];
const TAGS: &[&str] = &["", "", "VIP", "khách sỉ", "Zalo"];

fn fold_ascii(s: &str) -> String {
    carebook_core::fold(s).replace(' ', ".")
}

/// Writes a deterministic customer list of `rows` people to import (Vietnamese
/// names, unique phone numbers and emails, birthdays, tags, notes; seed 42);
/// returns its size in bytes.
pub fn write_people_csv(path: &Path, rows: usize) -> usize {
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let mut out = String::with_capacity(rows * 110);
    out.push_str("Họ và tên,Số điện thoại,Email,Ngày sinh,Giới tính,Nhãn,Ghi chú\n");
    for i in 0..rows {
        let surname = SURNAMES[rng.random_range(0..SURNAMES.len())];
        let middle = MIDDLE[rng.random_range(0..MIDDLE.len())];
        let given = GIVEN[rng.random_range(0..GIVEN.len())];
        let name = format!("{surname} {middle} {given}");
        let prefix = PREFIXES[i % PREFIXES.len()];
        let number = format!("{prefix}{:07}", 1_000_000 + (i / PREFIXES.len()) * 7);
        let phone = format!("{} {} {}", &number[..4], &number[4..7], &number[7..]);
        let email = if rng.random_range(0..3) == 0 {
            String::new()
        } else {
            format!("{}.{}{i}@example.com", fold_ascii(given), fold_ascii(surname))
        };
        let birthday = if rng.random_range(0..4) == 0 {
            String::new()
        } else {
            format!("{:02}/{:02}/{}", rng.random_range(1..=28), rng.random_range(1..=12), rng.random_range(1950..2008))
        };
        let gender = if middle == "Thị" { "Nữ" } else { "Nam" };
        let tag = TAGS[rng.random_range(0..TAGS.len())];
        let note = NOTES[rng.random_range(0..NOTES.len())];
        out.push_str(&format!("{name},{phone},{email},{birthday},{gender},{tag},{note}\n"));
    }
    std::fs::write(path, &out).unwrap();
    out.len()
}

/// Latency percentiles of a set of samples, in milliseconds.
pub struct Stats {
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub mean: f64,
    pub max: f64,
}

/// The percentiles of `samples` (nearest rank).
pub fn stats(mut samples: Vec<Duration>) -> Stats {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(samples[((samples.len() as f64 * q).ceil() as usize).saturating_sub(1)]);
    Stats {
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
        mean: samples.iter().map(|d| ms(*d)).sum::<f64>() / samples.len() as f64,
        max: ms(*samples.last().unwrap()),
    }
}

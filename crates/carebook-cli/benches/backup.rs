//! Backup and restore benchmark on the 100,000-customer demo shop.
//!
//!     cargo bench -p carebook-cli --bench backup            # 100,000 customers
//!     CAREBOOK_BENCH_CUSTOMERS=20000 cargo bench -p carebook-cli --bench backup
//!
//! Reuses `$CARGO_TARGET_DIR/carebook-bench/demo-<n>-seed42.sqlite`, the
//! search benchmark's demo database (made the same way when missing), copies
//! it to a work file, then measures through the API, five runs each:
//! a backup (online copy + rename + verification), the verification alone
//! (integrity check and counts), and a restore (verification, safety copy of
//! the book, copy into the open book, migrations). A plain file copy of the
//! same file in the same run says how close to the disk's limit a backup is.
//! Meanwhile another thread calls the API (`app_info`) every 5 ms: the longest
//! of those calls says how long the app stalls during a backup or a restore.

mod common;

use std::time::{Duration, Instant};

use carebook_api::backup::{BackupNow, PathArgs};
use carebook_api::{Api, OpenOptions};
use common::{SEED, bench_dir, clock, demo_book, with_probe};

const RUNS: usize = 5;

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median and best of the runs, in ms.
fn summary(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    (ms(samples[samples.len() / 2]), ms(samples[0]))
}

fn main() {
    let customers: u32 = std::env::var("CAREBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = bench_dir();
    println!("## CareBook backup and restore benchmark ({customers} customers, seed {SEED})\n");
    let demo = demo_book(customers);

    let work = dir.join("backup-work");
    drop(std::fs::remove_dir_all(&work));
    std::fs::create_dir_all(&work).unwrap();
    let live = work.join("live.sqlite");
    {
        // Copy the demo book through the backup API, so the work file is whole
        // whatever state the demo file's WAL is in.
        let demo_api = Api::open_with_clock(&demo, OpenOptions::create(), clock()).unwrap();
        demo_api.backup_now(BackupNow { path: Some(live.display().to_string()) }).unwrap();
    }
    let api = Api::open_with_clock(&live, OpenOptions::create(), clock()).unwrap();
    let size = std::fs::metadata(&live).unwrap().len();
    let info = api.app_info().unwrap();
    println!("- database file: {:.1} MB, {} customers", size as f64 / 1e6, info.customer_count);

    let (mut backup, mut verify, mut restore, mut raw) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut stall_backup, mut stall_restore) = (Vec::new(), Vec::new());
    for run in 0..RUNS {
        let dest = work.join(format!("backup-{run}.sqlite"));
        let (made, took, stall) =
            with_probe(&api, || api.backup_now(BackupNow { path: Some(dest.display().to_string()) }).unwrap());
        backup.push(took);
        stall_backup.push(stall);
        assert_eq!(made.customers, info.customer_count, "the backup holds every customer");

        let started = Instant::now();
        api.backup_verify(PathArgs { path: made.path.clone() }).unwrap();
        verify.push(started.elapsed());

        let copy = work.join("raw-copy.sqlite");
        let started = Instant::now();
        std::fs::copy(&live, &copy).unwrap();
        std::fs::File::open(&copy).unwrap().sync_all().unwrap();
        raw.push(started.elapsed());
        std::fs::remove_file(&copy).unwrap();

        let (done, took, stall) =
            with_probe(&api, || api.backup_restore(PathArgs { path: made.path.clone() }).unwrap());
        restore.push(took);
        stall_restore.push(stall);
        assert_eq!(done.app.customer_count, info.customer_count, "the restored book holds every customer");

        std::fs::remove_file(&dest).unwrap();
        std::fs::remove_file(&done.safety_copy).unwrap();
    }

    // The copy alone: each run's backup minus the same run's verification.
    let copy: Vec<Duration> = backup.iter().zip(&verify).map(|(b, v)| b.saturating_sub(*v)).collect();
    let (copy50, _) = summary(copy);
    let (b50, b0) = summary(backup);
    let (v50, v0) = summary(verify);
    let (r50, r0) = summary(restore);
    let (c50, c0) = summary(raw);
    let (sb50, _) = summary(stall_backup);
    let (sr50, _) = summary(stall_restore);
    let mb = size as f64 / 1e6;
    println!("\n{RUNS} runs each, same run, same file ({mb:.1} MB):\n");
    println!("| operation | median ms | best ms | MB/s (median) |");
    println!("|---|---|---|---|");
    println!(
        "| backup (`backup_now`: online copy, sync, rename, verify) | {b50:.0} | {b0:.0} | {:.0} |",
        mb / b50 * 1e3
    );
    println!(
        "| of which verification (`backup_verify`: integrity check, counts) | {v50:.0} | {v0:.0} | {:.0} |",
        mb / v50 * 1e3
    );
    println!(
        "| restore (`backup_restore`: verify, safety copy, copy into the open book) | {r50:.0} | {r0:.0} | {:.0} |",
        mb / r50 * 1e3
    );
    println!(
        "| plain file copy + sync (reference, not a safe backup of a live book) | {c50:.0} | {c0:.0} | {:.0} |",
        mb / c50 * 1e3
    );
    println!(
        "\nRatio backup / plain copy: {:.1}x; the online copy alone (backup − verification, per run) ≈ {copy50:.0} ms",
        b50 / c50
    );
    println!(
        "Longest API call of another thread meanwhile (median of the runs): {sb50:.0} ms during a backup, \
         {sr50:.0} ms during a restore (the book is locked for the whole restore)"
    );
    drop(api);
    drop(std::fs::remove_dir_all(&work));
}

//! Background work, in one place: a single thread per open book runs every
//! job that is due at start and then checks once a minute. Each job decides
//! from the book whether it is due (an automatic backup once a day…), so a
//! computer that was off catches up at the next start, and a second process
//! on the same book finds the work already done.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::Api;
use crate::backup::AutoBackup;

/// How often the scheduler looks for due work.
pub const TICK: Duration = Duration::from_secs(60);

/// What a run of the due jobs did, for the log and the shell.
#[derive(Debug, Clone, Default)]
pub struct JobReport {
    /// The automatic backup made, if one was due.
    pub backup: Option<AutoBackup>,
    /// The care plans' run, when one was due (once a day, catching up missed days).
    pub care: Option<crate::GenerateReport>,
    /// Jobs that failed, with why; the others still ran.
    pub failed: Vec<(&'static str, String)>,
}

impl Api {
    /// Runs every background job that is due now.
    pub fn run_due_jobs(&self) -> JobReport {
        let mut report = JobReport::default();
        match self.backup_auto() {
            Ok(made) => report.backup = Some(made),
            Err(e) => report.failed.push(("backup", e.to_string())),
        }
        match self.care_generate_due() {
            Ok(run) => report.care = run,
            Err(e) => report.failed.push(("care plans", e.to_string())),
        }
        // An erasure whose rewrite of the file failed (an export was running).
        if let Err(e) = self.purge_pending() {
            report.failed.push(("purge", e.to_string()));
        }
        report
    }
}

/// The running scheduler; dropping the handle does not stop it, [`Scheduler::stop`] does.
#[derive(Debug, Clone)]
pub struct Scheduler {
    stop: Arc<AtomicBool>,
}

impl Scheduler {
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts the scheduler thread for `api`. `on_report` sees each run's report
/// (the desktop shows reminders from it); errors go to standard error and
/// the app carries on.
pub fn spawn(api: Arc<Api>, on_report: impl Fn(&JobReport) + Send + 'static) -> Scheduler {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let spawned = std::thread::Builder::new().name("carebook-jobs".into()).spawn(move || {
        while !flag.load(Ordering::Relaxed) {
            let report = api.run_due_jobs();
            if let Some(AutoBackup { made: Some(info), .. }) = &report.backup {
                eprintln!("CareBook: automatic backup {}", info.path);
            }
            for (job, why) in &report.failed {
                eprintln!("CareBook: {job} failed: {why}");
            }
            on_report(&report);
            let mut slept = Duration::ZERO;
            while slept < TICK && !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(500));
                slept += Duration::from_millis(500);
            }
        }
    });
    if let Err(e) = spawned {
        eprintln!("CareBook: background jobs are off: {e}");
    }
    Scheduler { stop }
}

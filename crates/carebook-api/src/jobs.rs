//! Background work, in one place: a single thread per open book runs every
//! job that is due at start and then checks once a minute. Each job decides
//! from the book whether it is due (an automatic backup once a day…), so a
//! computer that was off catches up at the next start, and a second process
//! on the same book finds the work already done. The daily care reminder is
//! one of them where a front end shows it (the desktop window,
//! [`spawn_with_reminders`]).

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
    /// The day's care reminder, when it became due (only where reminders
    /// are shown); recorded as shown in the book.
    pub reminder: Option<crate::Reminder>,
    /// Jobs that failed, with why; the others still ran.
    pub failed: Vec<(&'static str, String)>,
}

impl Api {
    /// Runs every background job that is due now (the reminder aside).
    pub fn run_due_jobs(&self) -> JobReport {
        self.run_due_jobs_with(false)
    }

    /// Runs every background job that is due now, the care reminder too
    /// when `reminders` (after the care plans, so it counts their tasks).
    pub fn run_due_jobs_with(&self, reminders: bool) -> JobReport {
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
        if reminders {
            match self.reminder_due_now() {
                Ok(due) => report.reminder = due,
                Err(e) => report.failed.push(("reminder", e.to_string())),
            }
        }
        report
    }

    /// Asks the scheduler to run its jobs now (a setting it reads changed).
    pub(crate) fn wake_jobs(&self) {
        self.jobs_wake.store(true, Ordering::Relaxed);
    }

    /// Whether the scheduler was asked to run now; clears the request.
    fn take_wake(&self) -> bool {
        self.jobs_wake.swap(false, Ordering::Relaxed)
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

/// Starts the scheduler thread for `api`, without reminders (the browser
/// mode and the command line show none). `on_report` sees each run's
/// report; errors go to standard error and the app carries on.
pub fn spawn(api: Arc<Api>, on_report: impl Fn(&JobReport) + Send + 'static) -> Scheduler {
    start(api, false, on_report)
}

/// Starts the scheduler thread for `api` with the daily care reminder:
/// `on_report` gets [`JobReport::reminder`] to show (the desktop window).
pub fn spawn_with_reminders(api: Arc<Api>, on_report: impl Fn(&JobReport) + Send + 'static) -> Scheduler {
    start(api, true, on_report)
}

fn start(api: Arc<Api>, reminders: bool, on_report: impl Fn(&JobReport) + Send + 'static) -> Scheduler {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let spawned = std::thread::Builder::new().name("carebook-jobs".into()).spawn(move || {
        while !flag.load(Ordering::Relaxed) {
            let report = api.run_due_jobs_with(reminders);
            if let Some(AutoBackup { made: Some(info), .. }) = &report.backup {
                eprintln!("CareBook: automatic backup {}", info.path);
            }
            if let Some(r) = &report.reminder {
                eprintln!("CareBook: care reminder for {}: {} overdue, {} due today", r.date, r.overdue, r.due_today);
            }
            for (job, why) in &report.failed {
                eprintln!("CareBook: {job} failed: {why}");
            }
            on_report(&report);
            let mut slept = Duration::ZERO;
            while slept < TICK && !flag.load(Ordering::Relaxed) && !api.take_wake() {
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

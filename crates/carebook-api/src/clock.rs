//! The only place the API reads the time; tests use a fixed clock.

use chrono::NaiveDateTime;

pub trait Clock: Send + Sync {
    /// The shop's local date and time.
    fn now(&self) -> NaiveDateTime;
    /// The same moment in UTC (the stamp of an iCalendar file); the local
    /// time unless the clock knows better.
    fn now_utc(&self) -> NaiveDateTime {
        self.now()
    }
}

#[derive(Debug, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> NaiveDateTime {
        let now = chrono::Local::now().naive_local();
        // Whole seconds: stored timestamps compare and display cleanly.
        now.with_nanosecond(0).unwrap_or(now)
    }

    fn now_utc(&self) -> NaiveDateTime {
        let now = chrono::Utc::now().naive_utc();
        now.with_nanosecond(0).unwrap_or(now)
    }
}

use chrono::Timelike;

#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub NaiveDateTime);

impl Clock for FixedClock {
    fn now(&self) -> NaiveDateTime {
        self.0
    }
}

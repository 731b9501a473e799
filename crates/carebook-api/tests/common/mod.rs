//! What the API test files share: a book in a temporary folder with the clock
//! fixed at 2026-11-23 10:00, and calls by command name as the UI makes them.

use carebook_api::{Api, FixedClock, OpenOptions};
use chrono::NaiveDate;
use serde_json::Value;

pub fn open() -> (tempfile::TempDir, Api) {
    let dir = tempfile::tempdir().unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let api =
        Api::open_with_clock(dir.path().join("shop.sqlite"), OpenOptions::create(), Box::new(FixedClock(now))).unwrap();
    (dir, api)
}

/// A command that must succeed.
pub fn call(api: &Api, cmd: &str, args: Value) -> Value {
    api.dispatch(cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
}

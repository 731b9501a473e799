//! The daily care reminder through the API on a real file: the setting
//! round-trips (and is audited), the scheduler hands the reminder out once a
//! day from its time with Today's counts, catches up a week off once, and
//! only where reminders are shown.

use std::sync::{Arc, Mutex};

use carebook_api::{Api, Clock, OpenOptions, Reminder};
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde_json::{Value, json};

#[derive(Clone)]
struct TestClock(Arc<Mutex<NaiveDateTime>>);

impl TestClock {
    fn set(&self, at: &str) {
        *self.0.lock().unwrap() = NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").unwrap();
    }
}

impl Clock for TestClock {
    fn now(&self) -> NaiveDateTime {
        *self.0.lock().unwrap()
    }
}

fn open() -> (tempfile::TempDir, Api, TestClock) {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock(Arc::new(Mutex::new(NaiveDateTime::default())));
    clock.set("2026-12-03 07:00");
    let api =
        Api::open_with_clock(dir.path().join("shop.sqlite"), OpenOptions::create(), Box::new(clock.clone())).unwrap();
    (dir, api, clock)
}

fn call(api: &Api, cmd: &str, args: Value) -> Value {
    api.dispatch(cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
}

fn task(api: &Api, customer: i64, due: &str) -> i64 {
    let t = call(
        api,
        "care_task_save",
        json!({ "input": { "customerId": customer, "kind": "follow_up_call", "dueDate": due } }),
    );
    t["id"].as_i64().unwrap()
}

/// Today's counts as the navigation shows them (the `care_today` command).
fn today_counts(api: &Api) -> (i64, i64) {
    let list = call(api, "care_today", json!({ "limit": 1, "offset": 0, "lang": "vi" }));
    (list["overdue"].as_i64().unwrap(), list["dueToday"].as_i64().unwrap())
}

/// What the desktop's scheduler hands the window on one tick.
fn tick(api: &Api) -> Option<Reminder> {
    let report = api.run_due_jobs_with(true);
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    report.reminder
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_reminder_setting_round_trips_and_is_audited() {
    let (dir, api, clock) = open();
    assert_eq!(call(&api, "reminder_settings_get", json!({})), json!({ "enabled": true, "time": "08:30" }));
    let audited = |api: &Api| call(api, "audit_list", json!({ "limit": 100 }))["total"].as_i64().unwrap();
    let before = audited(&api);
    let set = json!({ "enabled": false, "time": "18:05" });
    assert_eq!(call(&api, "reminder_settings_set", set.clone()), set);
    assert_eq!(call(&api, "reminder_settings_get", json!({})), set);
    assert_eq!(audited(&api), before + 1);
    // The same setting again changes nothing and logs nothing.
    call(&api, "reminder_settings_set", set.clone());
    assert_eq!(audited(&api), before + 1);
    // A time of day that is not one is refused, and the setting stays.
    for bad in ["25:00", "8h30", ""] {
        let e = api.dispatch("reminder_settings_set", json!({ "enabled": true, "time": bad })).unwrap_err();
        assert_eq!(e.code, carebook_api::ErrorCode::BadRequest, "{bad}");
    }
    // Kept in the book: another opening of the file reads it.
    drop(api);
    let again =
        Api::open_with_clock(dir.path().join("shop.sqlite"), OpenOptions::default(), Box::new(clock.clone())).unwrap();
    assert_eq!(call(&again, "reminder_settings_get", json!({})), set);
}

#[test]
fn the_reminder_comes_once_a_day_from_its_time_with_today_s_counts() {
    let (_dir, api, clock) = open();
    let an = call(&api, "customer_create", json!({ "input": { "name": "Nguyễn Văn An", "phones": ["0901234567"] } }))
        ["customer"]["id"]
        .as_i64()
        .unwrap();
    let late = [task(&api, an, "2026-11-20"), task(&api, an, "2026-12-01")];
    for _ in 0..3 {
        task(&api, an, "2026-12-03");
    }
    task(&api, an, "2026-12-04");
    let done = task(&api, an, "2026-11-25");
    call(&api, "care_task_done", json!({ "id": done }));
    let skipped = task(&api, an, "2026-12-02");
    call(&api, "care_task_skip", json!({ "id": skipped, "note": "Khách đi vắng" }));

    // Before 08:30: nothing; the browser mode's scheduler never reminds.
    assert_eq!(tick(&api), None);
    clock.set("2026-12-03 08:30");
    assert_eq!(api.run_due_jobs().reminder, None);
    // From 08:30: the reminder, with the counts beside Today.
    let r = tick(&api).expect("due at 08:30");
    assert_eq!((r.date, r.overdue, r.due_today), (date("2026-12-03"), 2, 3));
    assert_eq!((r.overdue, r.due_today), today_counts(&api));
    // Once a day: not at the next tick, nor later that day.
    assert_eq!(tick(&api), None);
    clock.set("2026-12-03 17:00");
    assert_eq!(tick(&api), None);

    // The next day: nothing before the time; an undone task stays overdue
    // (yesterday's three join the two), a done one leaves the count.
    call(&api, "care_task_done", json!({ "id": late[0] }));
    clock.set("2026-12-04 08:29");
    assert_eq!(tick(&api), None);
    clock.set("2026-12-04 08:31");
    let r = tick(&api).expect("due the next day");
    assert_eq!((r.date, r.overdue, r.due_today), (date("2026-12-04"), 4, 1));
    assert_eq!((r.overdue, r.due_today), today_counts(&api));

    // A week closed: one reminder when it starts after the time, not seven.
    clock.set("2026-12-11 10:15");
    let r = tick(&api).expect("caught up");
    assert_eq!((r.date, r.overdue, r.due_today), (date("2026-12-11"), 5, 0));
    assert_eq!((r.overdue, r.due_today), today_counts(&api));
    let mut now = NaiveDateTime::parse_from_str("2026-12-11 10:16", "%Y-%m-%d %H:%M").unwrap();
    while now.date() == date("2026-12-11") {
        *clock.0.lock().unwrap() = now;
        assert_eq!(tick(&api), None, "{now}");
        now += TimeDelta::minutes(30);
    }

    // Turned off: no reminder; back on after its time that day: at once.
    call(&api, "reminder_settings_set", json!({ "enabled": false, "time": "08:30" }));
    clock.set("2026-12-12 09:00");
    assert_eq!(tick(&api), None);
    call(&api, "reminder_settings_set", json!({ "enabled": true, "time": "08:30" }));
    assert!(tick(&api).is_some());
    // A later time the next day waits for that time.
    call(&api, "reminder_settings_set", json!({ "enabled": true, "time": "14:00" }));
    clock.set("2026-12-13 13:59");
    assert_eq!(tick(&api), None);
    clock.set("2026-12-13 14:00");
    assert!(tick(&api).is_some());
}

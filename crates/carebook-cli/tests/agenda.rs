//! `carebook lunar` and `carebook agenda`: the Vietnamese lunar date of a
//! day, and every birthday, Tết and task of a range (lines, JSON, .ics).

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carebook")).args(args).env_remove("CAREBOOK_DB").output().unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn lunar_prints_the_vietnamese_lunar_date() {
    let json: serde_json::Value = serde_json::from_str(&ok(&["lunar", "--json", "2026-02-17"])).unwrap();
    assert_eq!(json, serde_json::json!({"day": 1, "month": 1, "year": 2026, "leap": false}));
    // Tết 2007 differs from the Chinese calendar's (18 February): 17 February in Vietnam.
    let tet: serde_json::Value = serde_json::from_str(&ok(&["lunar", "--json", "2007-02-17"])).unwrap();
    assert_eq!((tet["day"].as_u64(), tet["month"].as_u64()), (Some(1), Some(1)));
    // A leap month: 2025 has a leap 6th month.
    assert_eq!(ok(&["lunar", "2025-07-25"]).trim(), "1/6 nhuận năm 2025 (Ất Tỵ)");
    let out = run(&["lunar", "1800-01-01"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("outside the lunar calendar"));
}

#[test]
fn agenda_lists_birthdays_tet_and_tasks_of_a_range() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.sqlite");
    let db = db.to_str().unwrap();
    ok(&["demo", "--db", db, "--customers", "60", "--seed", "3"]);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["agenda", "--db", db, "--from", "2027-01-01", "--days", "365", "--json"])).unwrap();
    let days = json["days"].as_array().unwrap();
    assert_eq!(days.len(), 365);
    let tet: Vec<&str> = days.iter().filter(|d| d["tet"] == true).map(|d| d["date"].as_str().unwrap()).collect();
    assert_eq!(tet, ["2027-02-06"]);
    let birthdays: Vec<&serde_json::Value> = days.iter().flat_map(|d| d["birthdays"].as_array().unwrap()).collect();
    assert!(birthdays.len() >= 20, "the demo shop has birthdays: {}", birthdays.len());
    // Each lunar birthday falls on a day whose lunar date is that birthday (unless shifted, with a note).
    let mut lunar = 0;
    for d in days {
        for b in d["birthdays"].as_array().unwrap() {
            if b["calendar"] == "lunar" && b["note"].is_null() {
                lunar += 1;
                assert_eq!((&d["lunar"]["day"], &d["lunar"]["month"]), (&b["day"], &b["month"]), "{d}");
            }
        }
    }
    assert!(lunar > 0, "some demo birthdays are lunar");
    // Lines, one day.
    let text = ok(&["agenda", "--db", db, "--date", "2027-02-06"]);
    assert!(text.starts_with("2027-02-06 (âm lịch 1/1) Tết Nguyên đán"), "{text}");
    // The .ics file of the range, with stable UIDs.
    let ics = dir.path().join("agenda.ics");
    ok(&["agenda", "--db", db, "--from", "2027-01-01", "--to", "2027-03-31", "--ics", ics.to_str().unwrap()]);
    let body = std::fs::read_to_string(&ics).unwrap();
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n") && body.contains("UID:tet-2027@carebook\r\n"), "{body}");
    // A mistyped book is refused, not created.
    let out = run(&["agenda", "--db", dir.path().join("nope.sqlite").to_str().unwrap(), "--date", "2027-01-01"]);
    assert!(!out.status.success());
    assert!(!dir.path().join("nope.sqlite").exists());
    let out = run(&["agenda", "--db", db, "--from", "2027-02-01", "--to", "2027-01-01"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("before it starts"));
}

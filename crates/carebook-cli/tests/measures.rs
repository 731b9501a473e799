//! `carebook measures` prints the figures of the API's `measures` command:
//! the range's measures as top-level fields, `previous` and `last_year` in
//! their own objects.

use std::process::Command;

use carebook_api::{Api, FixedClock, OpenOptions, RangeArgs};
use chrono::NaiveDate;
use serde_json::{Value, json};

fn book() -> (tempfile::TempDir, std::path::PathBuf, Api) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.sqlite");
    let now = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let api = Api::open_with_clock(&path, OpenOptions::create(), Box::new(FixedClock(now))).unwrap();
    let id = api
        .dispatch("customer_create", json!({ "input": { "name": "Vũ Hoàng Yến", "phones": ["0933 111 222"] } }))
        .unwrap()["customer"]["id"]
        .as_i64()
        .unwrap();
    for (received, resolved) in [
        ("2026-09-30T23:30:00", Some("2026-10-01T00:10:00")),
        ("2026-10-02T09:00:00", None),
        ("2026-10-03T09:00:00", Some("2026-10-03T09:30:00")),
    ] {
        let status = if resolved.is_some() { "resolved" } else { "open" };
        api.dispatch(
            "request_save",
            json!({ "input": { "customerId": id, "channel": "phone", "kind": "question", "summary": "Hỏi giá",
                "receivedAt": received, "resolvedAt": resolved, "status": status, "waitMinutes": 4 } }),
        )
        .unwrap();
    }
    api.dispatch(
        "feedback_add",
        json!({ "input": { "customerId": id, "csat": 4, "nps": 9, "givenAt": "2026-10-05T10:00:00" } }),
    )
    .unwrap();
    (dir, path, api)
}

fn run(path: &std::path::Path, args: &[&str]) -> String {
    let out =
        Command::new(env!("CARGO_BIN_EXE_carebook")).arg("measures").arg("--db").arg(path).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn json_has_the_api_figures_by_name() {
    let (_dir, path, api) = book();
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    for (args, from, to) in [
        (vec!["--month", "2026-10", "--json"], "2026-10-01", "2026-10-31"),
        (vec!["--from", "2026-09-15", "--to", "2026-10-02", "--json"], "2026-09-15", "2026-10-02"),
    ] {
        let printed: Value = serde_json::from_str(&run(&path, &args)).unwrap();
        let api_result = api.measures(RangeArgs { from: d(from), to: d(to) }).unwrap();
        let current = serde_json::to_value(&api_result.comparison.current).unwrap();
        // Every field of the range's measures is printed at the top, with its value.
        for (k, v) in current.as_object().unwrap() {
            // Care measures depend on today, which the command reads from the computer's clock.
            if k.starts_with("care_") || k == "overdue_tasks" || k == "service_level" {
                continue;
            }
            assert_eq!(&printed[k], v, "{k}");
        }
        assert_eq!(printed["previous"]["requests_received"], json!(api_result.comparison.previous.requests_received));
        assert_eq!(printed["last_year"]["range"], serde_json::to_value(api_result.comparison.last_year.range).unwrap());
    }
    // October: two requests received (the one of 30 September belongs to September), one resolved.
    let oct: Value = serde_json::from_str(&run(&path, &["--month", "2026-10", "--json"])).unwrap();
    assert_eq!((oct["requests_received"].as_u64(), oct["resolution_rate"].as_f64()), (Some(2), Some(50.0)));
    assert_eq!((oct["csat_share"].as_f64(), oct["nps"].as_f64()), (Some(100.0), Some(100.0)));
    assert_eq!(oct["previous"]["requests_received"], 1);
}

#[test]
fn the_table_names_every_measure() {
    let (_dir, path, _api) = book();
    let text = run(&path, &["--from", "2026-10-01", "--to", "2026-10-31"]);
    assert!(text.starts_with("2026-10-01 – 2026-10-31"), "{text}");
    for name in
        ["resolution_rate", "fcr", "response_time_median_min", "wait_time_p90_min", "csat_share", "nps", "loyal_rate"]
    {
        assert!(text.lines().any(|l| l.starts_with(name)), "{name} missing:\n{text}");
    }
    assert!(text.lines().any(|l| l.starts_with("resolution_rate") && l.contains("50.0 %")), "{text}");
    assert!(text.contains("service level: not enough feedback (1 of 10 answers)"), "{text}");
}

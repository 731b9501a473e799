//! The dashboard's figures through the API on a real book, against values
//! worked out by hand in the comments. "Today" is 2026-11-23 10:00 (see
//! `common`). Percentiles are nearest-rank: the value of rank ⌈p·n/100⌉.

mod common;

use carebook_api::Api;
use common::{call, open};
use serde_json::{Value, json};

struct Shop {
    a: i64,
    b: i64,
    c: i64,
    ha: i64,
    nam: i64,
    r2: i64,
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().unwrap_or_else(|| v["customer"]["id"].as_i64().unwrap())
}

fn request(api: &Api, input: Value) -> i64 {
    id(&call(api, "request_save", json!({ "input": input })))
}

/// Three customers, two staff members, and the rows of September–November 2026:
///
/// | request | customer | channel | type | received | first response | resolved | notes |
/// |---|---|---|---|---|---|---|---|
/// | R1 | A | in store | question | 30/09 23:30 | 23:40 | 01/10 00:10 | first contact, wait 5 |
/// | R2 | B | phone | complaint | 01/10 00:00 | 00:30 | open | wait 15 |
/// | R3 | A | Zalo | order | 15/10 09:00 | 09:05 | 15/10 10:00 | transferred to Nam |
/// | R4 | C | in store | question | 31/10 23:59 | 01/11 00:09 | 01/11 01:00 | first contact, wait 3 |
/// | R5 | B | email | return | 20/10 10:00 | 10:30 | 21/10 09:00 | first contact, then reopened and resolved again |
///
/// Feedback: F4 A CSAT 1 (30/09 23:59); F1 A CSAT 5 NPS 10 (02/10); F2 B CSAT 2
/// NPS 3 (25/10); F3 C CSAT 4 (31/10 23:00); F5 C NPS 6 (01/11 00:00).
/// Purchases: A 05/08, 10/09, 12/10; B 03/10; C 15/09, 20/09.
/// Care tasks (done or skipped today, 23/11): T1 due 23/11 done, T2 due 20/11
/// done, T3 due 10/11 planned, T4 due 25/11 planned, T5 due 22/11 skipped.
fn shop(api: &Api) -> Shop {
    let customer = |name: &str, phone: &str| {
        id(&call(api, "customer_create", json!({ "input": { "name": name, "phones": [phone] } })))
    };
    let staff = |name: &str| {
        id(&call(api, "staff_create", json!({ "input": { "name": name, "role": "staff", "active": true } })))
    };
    let (a, b, c) = (
        customer("Vũ Hoàng Yến", "0933 111 222"),
        customer("Lý Minh Tuấn", "0944 555 666"),
        customer("Đỗ Thị Cúc", "0955 777 888"),
    );
    let (ha, nam) = (staff("Lê Thu Hà"), staff("Trần Văn Nam"));

    request(
        api,
        json!({ "customerId": a, "channel": "in_store", "kind": "question", "summary": "Hỏi giờ mở cửa",
        "receivedAt": "2026-09-30T23:30:00", "firstResponseAt": "2026-09-30T23:40:00", "resolvedAt": "2026-10-01T00:10:00",
        "status": "resolved", "firstContact": true, "waitMinutes": 5, "handledBy": ha }),
    );
    let r2 = request(
        api,
        json!({ "customerId": b, "channel": "phone", "kind": "complaint", "summary": "Bánh giao trễ",
        "receivedAt": "2026-10-01T00:00:00", "firstResponseAt": "2026-10-01T00:30:00", "status": "open",
        "waitMinutes": 15, "handledBy": nam }),
    );
    request(
        api,
        json!({ "customerId": a, "channel": "zalo", "kind": "order", "summary": "Đặt bánh sinh nhật",
        "receivedAt": "2026-10-15T09:00:00", "firstResponseAt": "2026-10-15T09:05:00", "resolvedAt": "2026-10-15T10:00:00",
        "status": "resolved", "handledBy": ha, "transferredTo": nam }),
    );
    request(
        api,
        json!({ "customerId": c, "channel": "in_store", "kind": "question", "summary": "Hỏi giá",
        "receivedAt": "2026-10-31T23:59:00", "firstResponseAt": "2026-11-01T00:09:00", "resolvedAt": "2026-11-01T01:00:00",
        "status": "resolved", "firstContact": true, "waitMinutes": 3, "handledBy": ha }),
    );
    let r5_input = json!({ "customerId": b, "channel": "email", "kind": "return", "summary": "Đổi hộp quà",
        "receivedAt": "2026-10-20T10:00:00", "firstResponseAt": "2026-10-20T10:30:00", "resolvedAt": "2026-10-20T11:00:00",
        "status": "resolved", "firstContact": true, "handledBy": nam });
    let r5 = request(api, r5_input.clone());
    let mut reopen = r5_input.clone();
    reopen["status"] = json!("open");
    reopen["resolvedAt"] = Value::Null;
    reopen["firstContact"] = json!(false);
    call(api, "request_save", json!({ "id": r5, "input": reopen }));
    let mut again = r5_input;
    again["resolvedAt"] = json!("2026-10-21T09:00:00");
    call(api, "request_save", json!({ "id": r5, "input": again }));

    let feedback = |customer: i64, csat: Value, nps: Value, at: &str| {
        call(
            api,
            "feedback_add",
            json!({ "input": { "customerId": customer, "csat": csat, "nps": nps, "givenAt": at } }),
        );
    };
    feedback(a, json!(1), Value::Null, "2026-09-30T23:59:00");
    feedback(a, json!(5), json!(10), "2026-10-02T12:00:00");
    feedback(b, json!(2), json!(3), "2026-10-25T12:00:00");
    feedback(c, json!(4), Value::Null, "2026-10-31T23:00:00");
    feedback(c, Value::Null, json!(6), "2026-11-01T00:00:00");

    for (customer, date) in [
        (a, "2026-08-05"),
        (a, "2026-09-10"),
        (a, "2026-10-12"),
        (b, "2026-10-03"),
        (c, "2026-09-15"),
        (c, "2026-09-20"),
    ] {
        call(api, "purchase_add", json!({ "input": { "customerId": customer, "date": date, "amountVnd": 100000 } }));
    }
    for (customer, kind, due, status) in [
        (a, "follow_up_call", "2026-11-23", "done"),
        (b, "check_in", "2026-11-20", "done"),
        (c, "thank_you", "2026-11-10", "planned"),
        (a, "offer", "2026-11-25", "planned"),
        (b, "check_in", "2026-11-22", "skipped"),
    ] {
        call(
            api,
            "care_task_save",
            json!({ "input": { "customerId": customer, "kind": kind, "dueDate": due, "status": status, "assigneeId": ha } }),
        );
    }
    Shop { a, b, c, ha, nam, r2 }
}

fn range(from: &str, to: &str) -> Value {
    json!({ "from": from, "to": to })
}

fn close(v: &Value, want: f64) -> bool {
    v.as_f64().is_some_and(|x| (x - want).abs() < 1e-9)
}

#[track_caller]
fn assert_num(m: &Value, field: &str, want: f64) {
    assert!(close(&m[field], want), "{field}: {} ≠ {want}", m[field]);
}

#[test]
fn october_worked_out_by_hand() {
    let (_dir, api) = open();
    let s = shop(&api);
    let out = call(&api, "measures", range("2026-10-01", "2026-10-31"));
    let m = &out["comparison"]["current"];

    // Received in October: R2, R3, R4 (23:59 on the 31st), R5 — not R1 (30
    // September, resolved on 1 October: it is September's).
    assert_eq!(m["requests_received"], 4);
    // Resolved: R3, R4, R5 → 3 / 4.
    assert_eq!(m["requests_resolved"], 3);
    assert_num(m, "resolution_rate", 75.0);
    // First contact, not transferred, not reopened: R4 only (R3 transferred, R5 reopened) → 1 / 3.
    assert_eq!(m["requests_resolved_first_contact"], 1);
    assert_num(m, "fcr", 100.0 / 3.0);
    // Response minutes 30 (R2), 5, 10, 30 → [5, 10, 30, 30]: median rank 2 = 10, p90 rank 4 = 30.
    assert_eq!(m["response_time_count"], 4);
    assert_num(m, "response_time_median_min", 10.0);
    assert_num(m, "response_time_p90_min", 30.0);
    // Resolution minutes R3 60, R4 61, R5 1,380 (20/10 10:00 → 21/10 09:00): median rank 2 = 61, p90 rank 3.
    assert_num(m, "resolution_time_median_min", 61.0);
    assert_num(m, "resolution_time_p90_min", 1380.0);
    // Waits of in-store and phone requests: R2 15, R4 3 → mean 9, p90 rank 2 = 15.
    assert_eq!(m["wait_time_requests"], 2);
    assert_num(m, "wait_time_mean_min", 9.0);
    assert_num(m, "wait_time_p90_min", 15.0);
    // CSAT given in October: 5, 2, 4 (23:00 on the 31st) → 2 of 3 satisfied, mean 11 / 3.
    assert_eq!(m["csat_answers"], 3);
    assert_num(m, "csat_share", 200.0 / 3.0);
    assert_num(m, "csat_mean", 11.0 / 3.0);
    // NPS: 10 (promoter), 3 (detractor) → 50 − 50 = 0; the 6 of 1 November is November's.
    assert_eq!(
        (m["nps_answers"].as_u64(), m["nps_promoters"].as_u64(), m["nps_detractors"].as_u64()),
        (Some(2), Some(1), Some(1))
    );
    assert_num(m, "nps", 0.0);
    // Loyal: window November 2025 – October 2026; A bought in 3 months (Aug, Sep, Oct), B and C fewer → 1 / 3.
    assert_eq!((m["loyal_customers"].as_u64(), m["loyal_window_customers"].as_u64()), (Some(1), Some(3)));
    assert_num(m, "loyal_rate", 100.0 / 3.0);
    // Retention: bought in September A, C; again in October A → 1 / 2.
    assert_eq!(m["retention_previous"], range("2026-09-01", "2026-09-30"));
    assert_num(m, "retention", 50.0);
    // No care task due in October.
    assert_eq!(m["care_tasks_due"], 0);
    assert_eq!(m["care_on_time_rate"], Value::Null);
    // 3 CSAT answers: not enough for a level.
    assert_eq!(m["service_level"], json!({ "type": "not_enough_feedback", "answers": 3, "needed": 10 }));

    // The previous range is September.
    let p = &out["comparison"]["previous"];
    assert_eq!(p["range"], range("2026-09-01", "2026-09-30"));
    // R1 only: received, resolved at first contact; 10 min to respond, 40 to resolve, waited 5.
    assert_eq!(p["requests_received"], 1);
    assert_num(p, "resolution_rate", 100.0);
    assert_num(p, "fcr", 100.0);
    assert_num(p, "response_time_median_min", 10.0);
    assert_num(p, "resolution_time_median_min", 40.0);
    assert_num(p, "wait_time_mean_min", 5.0);
    // CSAT 1 at 23:59 on 30 September → 0 % satisfied, mean 1; no NPS.
    assert_num(p, "csat_share", 0.0);
    assert_num(p, "csat_mean", 1.0);
    assert_eq!(p["nps"], Value::Null);
    // Loyal window October 2025 – September 2026: A (2 months), C (1) → 0 / 2. Retention: August A → September A.
    assert_num(p, "loyal_rate", 0.0);
    assert_num(p, "retention", 100.0);

    // Last year: October 2025, nothing at all — every ratio is empty, never 0.
    let ly = &out["comparison"]["lastYear"];
    assert_eq!(ly["range"], range("2025-10-01", "2025-10-31"));
    assert_eq!(ly["requests_received"], 0);
    for field in ["resolution_rate", "fcr", "response_time_median_min", "csat_share", "nps", "loyal_rate", "retention"]
    {
        assert_eq!(ly[field], Value::Null, "{field}");
    }

    // By staff: Hà handled R3, R4; Nam R2, R5. By channel: each request in its own.
    let staff: Vec<(i64, u64)> = out["byStaff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["staffId"].as_i64().unwrap_or(0), g["measures"]["requests_received"].as_u64().unwrap()))
        .collect();
    assert!(staff.contains(&(s.ha, 2)) && staff.contains(&(s.nam, 2)), "{staff:?}");
    let channels: Vec<(String, u64)> = out["byChannel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (g["channel"].as_str().unwrap_or("-").to_owned(), g["measures"]["requests_received"].as_u64().unwrap())
        })
        .collect();
    for (channel, n) in [("phone", 1), ("zalo", 1), ("in_store", 1), ("email", 1)] {
        assert!(channels.contains(&(channel.to_owned(), n)), "{channel}: {channels:?}");
    }
    assert_eq!(out["staff"].as_array().unwrap().len(), 2);
}

#[test]
fn november_to_date_and_the_care_tasks() {
    let (_dir, api) = open();
    let _ = shop(&api);
    let m = call(&api, "measures", range("2026-11-01", "2026-11-30"))["comparison"]["current"].clone();
    // No request received in November (R4's answer and resolution fell in it, not its receipt).
    assert_eq!(m["requests_received"], 0);
    assert_eq!(m["resolution_rate"], Value::Null);
    assert_eq!(m["response_time_median_min"], Value::Null);
    // One NPS answer, a 6 at midnight on the 1st: all detractors → −100.
    assert_num(&m, "nps", -100.0);
    // Tasks due: T1 on time (done today, due today), T2 late, T5 skipped, T3 overdue; T4 not due yet.
    assert_eq!(
        [
            &m["care_tasks_due"],
            &m["care_tasks_on_time"],
            &m["care_tasks_late"],
            &m["care_tasks_skipped"],
            &m["overdue_tasks"],
            &m["care_tasks_upcoming"]
        ],
        [&json!(4), &json!(1), &json!(1), &json!(1), &json!(1), &json!(1)]
    );
    assert_num(&m, "care_on_time_rate", 25.0);

    // A custom range across the month boundary: 30 September – 1 October holds R1 and R2.
    let m = call(&api, "measures", range("2026-09-30", "2026-10-01"))["comparison"]["current"].clone();
    assert_eq!(m["requests_received"], 2);
    assert_num(&m, "resolution_rate", 50.0);
    // Its previous range is the two days before; last year the same two days of 2025.
    let out = call(&api, "measures", range("2026-09-30", "2026-10-01"));
    assert_eq!(out["comparison"]["previous"]["range"], range("2026-09-28", "2026-09-29"));
    assert_eq!(out["comparison"]["lastYear"]["range"], range("2025-09-30", "2025-10-01"));

    // A range that ends before it starts is refused by field.
    let e = api.dispatch("measures", range("2026-10-31", "2026-10-01")).unwrap_err();
    assert_eq!(e.fields[0].field, "to");
}

#[test]
fn the_trend_is_twelve_months_and_matches_the_range_figures() {
    let (_dir, api) = open();
    let _ = shop(&api);
    let trend = call(&api, "measures_trend", json!({ "to": "2026-11-23" }));
    let points = trend.as_array().unwrap();
    assert_eq!(points.len(), 12);
    assert_eq!(points[0]["month"], json!({ "year": 2025, "month": 12 }));
    assert_eq!(points[11]["month"], json!({ "year": 2026, "month": 11 }));
    let oct = call(&api, "measures", range("2026-10-01", "2026-10-31"))["comparison"]["current"].clone();
    assert_eq!(points[10]["measures"], oct);
    let sep = &points[9]["measures"];
    assert_eq!(sep["requests_received"], 1);
    assert_eq!(call(&api, "measures_trend", json!({ "to": "2026-11-23", "months": 3 })).as_array().unwrap().len(), 3);
    // The dashboard's one call: the same measures and the same trend.
    let both = call(&api, "dashboard", range("2026-10-01", "2026-10-31"));
    assert_eq!(both["measures"], call(&api, "measures", range("2026-10-01", "2026-10-31")));
    assert_eq!(both["trend"], call(&api, "measures_trend", json!({ "to": "2026-10-31" })));
}

#[test]
fn drill_down_lists_the_records_behind_a_figure() {
    let (_dir, api) = open();
    let s = shop(&api);
    let d =
        call(&api, "measures_drill", json!({ "measure": "resolution_rate", "from": "2026-10-01", "to": "2026-10-31" }));
    assert_eq!(d["drill"]["entity"], "requests");
    assert_eq!(d["drill"]["numerator"].as_array().unwrap().len(), 3);
    assert_eq!(d["drill"]["denominator"].as_array().unwrap().len(), 4);
    let rows = d["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    // Counted (resolved) first; the open complaint R2 last, with its customer and text.
    assert!(rows[..3].iter().all(|r| r["counted"] == true));
    assert_eq!((rows[3]["id"].as_i64(), rows[3]["counted"].as_bool()), (Some(s.r2), Some(false)));
    assert_eq!(rows[3]["customerName"], "Lý Minh Tuấn");
    assert_eq!((rows[3]["kind"].as_str(), rows[3]["status"].as_str()), (Some("phone"), Some("complaint")));
    assert_eq!(rows[3]["text"], "Bánh giao trễ");

    // NPS: the promoter counted, the detractor subtracted.
    let d = call(&api, "measures_drill", json!({ "measure": "nps", "from": "2026-10-01", "to": "2026-10-31" }));
    let rows = d["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0]["counted"].as_bool(), rows[0]["value"].as_str()), (Some(true), Some("CSAT 5 · NPS 10")));
    assert_eq!((rows[1]["subtracted"].as_bool(), rows[1]["customerId"].as_i64()), (Some(true), Some(s.b)));

    // Loyal customers are customers.
    let d = call(&api, "measures_drill", json!({ "measure": "loyal_rate", "from": "2026-10-01", "to": "2026-10-31" }));
    assert_eq!(d["drill"]["numerator"], json!([s.a]));
    assert_eq!(d["rows"][0]["customerName"], "Vũ Hoàng Yến");
}

/// The (numerator, denominator) counts a drill-down of `measure` must list.
fn counts(measure: &str, m: &Value) -> (u64, u64) {
    let n = |f: &str| m[f].as_u64().unwrap_or_else(|| panic!("{f}: {m}"));
    match measure {
        "resolution_rate" => (n("requests_resolved"), n("requests_received")),
        "fcr" => (n("requests_resolved_first_contact"), n("requests_resolved")),
        "response_time" => (n("response_time_count"), n("requests_received")),
        "resolution_time" => (n("resolution_time_count"), n("requests_resolved")),
        "wait_time" => (n("wait_time_count"), n("wait_time_requests")),
        "csat" => (n("csat_satisfied"), n("csat_answers")),
        "nps" => (n("nps_promoters"), n("nps_answers")),
        "loyal_rate" => (n("loyal_customers"), n("loyal_window_customers")),
        "retention" => (n("retention_retained_customers"), n("retention_previous_customers")),
        "care_on_time_rate" => (n("care_tasks_on_time"), n("care_tasks_due")),
        _ => (n("overdue_tasks"), n("care_tasks_due")),
    }
}

const MEASURES: [&str; 11] = [
    "resolution_rate",
    "fcr",
    "response_time",
    "resolution_time",
    "wait_time",
    "csat",
    "nps",
    "loyal_rate",
    "retention",
    "care_on_time_rate",
    "overdue_tasks",
];

#[test]
fn drill_down_by_staff_and_channel_lists_the_records_of_that_line() {
    let (_dir, api) = open();
    let s = shop(&api);
    let october = |measure: &str, group: Value| {
        call(
            &api,
            "measures_drill",
            json!({ "measure": measure, "from": "2026-10-01", "to": "2026-10-31", "group": group, "limit": 1000 }),
        )
    };
    // Hà handled R3 (transferred) and R4 (first contact) received in October; Nam R2 (open) and R5 (reopened).
    let ha = october("resolution_rate", json!({ "by": "staff", "staffId": s.ha }));
    let ids = |d: &Value, part: &str| d["drill"][part].as_array().unwrap().len();
    assert_eq!((ids(&ha, "numerator"), ids(&ha, "denominator")), (2, 2));
    let names: Vec<&str> = ha["rows"].as_array().unwrap().iter().map(|r| r["customerName"].as_str().unwrap()).collect();
    assert_eq!(names, ["Vũ Hoàng Yến", "Đỗ Thị Cúc"]);
    let fcr = october("fcr", json!({ "by": "staff", "staffId": s.ha }));
    assert_eq!((ids(&fcr, "numerator"), ids(&fcr, "denominator")), (1, 2), "R3 was transferred");
    let nam = october("resolution_rate", json!({ "by": "staff", "staffId": s.nam }));
    assert_eq!(nam["rows"][1]["id"].as_i64(), Some(s.r2), "the open complaint listed after the resolved R5");
    // October's answers are about no request: they sit on the line of nobody, and of no channel.
    let nobody = october("csat", json!({ "by": "staff", "staffId": null }));
    assert_eq!((ids(&nobody, "numerator"), ids(&nobody, "denominator")), (2, 3), "CSAT 5, 2 and 4");
    assert_eq!(ids(&october("csat", json!({ "by": "staff", "staffId": s.ha })), "denominator"), 0);
    assert_eq!(ids(&october("nps", json!({ "by": "channel", "channel": null })), "denominator"), 2);
    let phone = october("resolution_rate", json!({ "by": "channel", "channel": "phone" }));
    assert_eq!(phone["drill"]["denominator"], json!([s.r2]));
    // Purchase measures belong to the shop, not to a line.
    assert_eq!(ids(&october("loyal_rate", json!({ "by": "staff", "staffId": s.ha })), "denominator"), 0);

    // On a demo shop's year: every figure of every line adds up to its drill-down, and
    // the rows marked counted are the numerator.
    let (_dir, api) = open();
    api.generate_demo(300, 5, |_| {}).unwrap();
    let year = range("2025-12-01", "2026-11-30");
    let out = call(&api, "measures", year.clone());
    let mut lines: Vec<(Value, Value)> = Vec::new();
    for g in out["byStaff"].as_array().unwrap() {
        lines.push((json!({ "by": "staff", "staffId": g["staffId"] }), g["measures"].clone()));
    }
    for g in out["byChannel"].as_array().unwrap() {
        lines.push((json!({ "by": "channel", "channel": g["channel"] }), g["measures"].clone()));
    }
    assert!(lines.len() > 4, "{out}");
    for (group, m) in &lines {
        for measure in MEASURES {
            let d = call(
                &api,
                "measures_drill",
                json!({ "measure": measure, "from": "2025-12-01", "to": "2026-11-30", "group": group, "limit": 1000 }),
            );
            let (num, den) = counts(measure, m);
            assert_eq!((ids(&d, "numerator") as u64, ids(&d, "denominator") as u64), (num, den), "{measure} {group}");
            let rows = d["rows"].as_array().unwrap();
            if den <= 1000 {
                assert_eq!(rows.len() as u64, den, "{measure} {group}");
                assert_eq!(rows.iter().filter(|r| r["counted"] == true).count() as u64, num, "{measure} {group}");
            }
        }
    }
    let staff_requests: u64 =
        out["byStaff"].as_array().unwrap().iter().map(|g| g["measures"]["requests_received"].as_u64().unwrap()).sum();
    assert_eq!(staff_requests, out["comparison"]["current"]["requests_received"].as_u64().unwrap());
}

#[test]
fn service_level_needs_ten_answers_then_gives_the_seed_remedies() {
    let (_dir, api) = open();
    let s = shop(&api);
    let level = call(&api, "service_level", range("2026-10-01", "2026-10-31"));
    assert_eq!(level["assessment"]["type"], "not_enough_feedback");
    assert_eq!(level["vi"], Value::Null);

    // December: 10 CSAT answers, 7 of them 4–5 (70 %) → level 3 "average".
    for (i, csat) in [5, 5, 4, 4, 4, 5, 4, 3, 2, 1].into_iter().enumerate() {
        call(
            &api,
            "feedback_add",
            json!({ "input": { "customerId": s.c, "csat": csat, "givenAt": format!("2026-11-{:02}T09:00:00", 10 + i) } }),
        );
    }
    let level = call(&api, "service_level", range("2026-11-10", "2026-11-19"));
    assert_eq!(level["csatAnswers"], 10);
    assert_num(&level, "csatShare", 70.0);
    assert_eq!(level["assessment"]["number"], 3);
    assert_eq!(level["vi"]["number"], 3);
    let remedies = level["vi"]["remedies"].as_array().unwrap();
    assert!(remedies[0].as_str().unwrap().starts_with("Đánh giá định kỳ"), "{remedies:?}");
    assert!(level["en"]["remedies"][0].as_str().unwrap().starts_with("Review regularly"));
}

#[test]
fn at_risk_lists_reasons_and_a_click_plans_the_task() {
    let (_dir, api) = open();
    let s = shop(&api);
    let list = call(&api, "at_risk", json!({}));
    // B: unresolved complaint (4), CSAT 2 on 25/10 (3), latest NPS 3 (2).
    // A: CSAT 1 on 30/09, 54 days ago (3); not lapsed (usual gap 32 days → 64 allowed, 42 since).
    // C: latest NPS 6 (2); lapsed (gap 5 days → 60 allowed, 64 days since 20/09) (1).
    let rows = list["rows"].as_array().unwrap();
    let order: Vec<i64> = rows.iter().map(|r| r["customerId"].as_i64().unwrap()).collect();
    assert_eq!(order, vec![s.b, s.a, s.c]);
    assert_eq!(list["total"], 3);
    let types = |row: &Value| -> Vec<String> {
        row["reasons"].as_array().unwrap().iter().map(|r| r["evidence"]["type"].as_str().unwrap().to_owned()).collect()
    };
    assert_eq!(types(&rows[0]), ["unresolved_complaint", "low_csat", "detractor"]);
    assert_eq!(types(&rows[1]), ["low_csat"]);
    assert_eq!(types(&rows[2]), ["detractor", "lapsed"]);
    assert_eq!(rows[0]["reasons"][0]["evidence"]["daysOpen"], 53);
    assert!(rows[0]["reasons"][0]["vi"].as_str().unwrap().starts_with("Khiếu nại chưa được giải quyết"));
    assert_eq!(rows[2]["reasons"][1]["suggestedTask"], "offer");

    // One click: the suggested task, due today, planned, on the customer's care list and audited.
    let reason = &rows[0]["reasons"][0];
    let task = call(
        &api,
        "at_risk_task",
        json!({ "customerId": s.b, "kind": reason["suggestedTask"], "title": reason["en"], "assigneeId": s.nam }),
    );
    assert_eq!(
        (task["kind"].as_str(), task["dueDate"].as_str(), task["status"].as_str()),
        (Some("follow_up_call"), Some("2026-11-23"), Some("planned"))
    );
    let care = call(&api, "customer_care", json!({ "id": s.b }));
    assert!(care["tasks"].as_array().unwrap().iter().any(|t| t["id"] == task["id"]));
    let audit = call(&api, "audit_list", json!({ "entity": "care_task", "limit": 50 }));
    assert!(audit["rows"].as_array().unwrap().iter().any(|r| r["entityId"] == task["id"]));

    // Resolving the complaint takes that reason away at once (the rows are read again).
    let mut r2 = call(&api, "customer_care", json!({ "id": s.b }))["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"].as_i64() == Some(s.r2))
        .unwrap()
        .clone();
    r2["status"] = json!("resolved");
    let input = json!({ "customerId": s.b, "channel": "phone", "kind": "complaint", "summary": "Bánh giao trễ",
        "receivedAt": r2["receivedAt"], "firstResponseAt": r2["firstResponseAt"], "status": "resolved", "waitMinutes": 15,
        "handledBy": s.nam });
    call(&api, "request_save", json!({ "id": s.r2, "input": input }));
    let list = call(&api, "at_risk", json!({}));
    assert_eq!(types(&list["rows"][0]), ["low_csat", "detractor"]);
}

#[test]
fn thresholds_are_settings_checked_and_audited() {
    let (_dir, api) = open();
    let _ = shop(&api);
    let defaults = call(&api, "measure_settings_get", json!({}));
    assert_eq!(defaults["loyalMonths"], 3);
    assert_eq!(defaults["serviceLevel"]["minAnswers"], 10);

    // One month makes a loyal customer: all three who bought in the window to October → 3 / 3.
    let mut s = defaults.clone();
    s["loyalMonths"] = json!(1);
    call(&api, "measure_settings_set", s);
    let m = call(&api, "measures", range("2026-10-01", "2026-10-31"))["comparison"]["current"].clone();
    assert_num(&m, "loyal_rate", 100.0);
    // Three answers are enough if the owner says so: October 2 / 3 satisfied (66.7 %) → level 3.
    let mut s = call(&api, "measure_settings_get", json!({}));
    s["serviceLevel"]["minAnswers"] = json!(3);
    call(&api, "measure_settings_set", s);
    let level = call(&api, "service_level", range("2026-10-01", "2026-10-31"));
    assert_eq!(level["assessment"]["number"], 3);

    let mut bad = defaults;
    bad["loyalMonths"] = json!(0);
    let e = api.dispatch("measure_settings_set", bad).unwrap_err();
    assert_eq!(e.fields[0].field, "loyalMonths");
    let audit = call(&api, "audit_list", json!({ "entity": "shop", "limit": 50 }));
    assert_eq!(audit["rows"].as_array().unwrap().len(), 2);
}

#[test]
fn rows_are_read_again_after_a_write_from_another_process() {
    let (dir, api) = open();
    let s = shop(&api);
    let october = || {
        call(&api, "measures", range("2026-10-01", "2026-10-31"))["comparison"]["current"]["requests_received"].clone()
    };
    assert_eq!(october(), 4);
    assert_eq!(october(), 4, "the second call is answered from the rows already read");
    // Another connection (the CLI, another window) records a request in October.
    let mut other = carebook_store::Store::open(dir.path().join("shop.sqlite")).unwrap();
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let input: carebook_core::RequestInput = serde_json::from_value(json!({ "customerId": s.c, "channel": "web",
        "kind": "question", "summary": "Hỏi đường", "receivedAt": "2026-10-09T08:00:00", "status": "open" }))
    .unwrap();
    let valid = input.validate(now).unwrap();
    other.transaction(|tx| tx.save_request(None, &valid, now)).unwrap();
    assert_eq!(october(), 5);
}

#[test]
fn the_engine_agrees_with_plain_sql_on_a_demo_shop() {
    let (_dir, api) = open();
    api.generate_demo(400, 11, |_| {}).unwrap();
    let _ = shop(&api);
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    for (from, to) in [
        ("2026-10-01", "2026-10-31"),
        ("2026-09-01", "2026-09-30"),
        ("2026-11-01", "2026-11-30"),
        ("2026-09-30", "2026-10-01"),
        ("2026-01-01", "2026-12-31"),
        ("2025-11-24", "2026-11-23"),
        ("2024-02-29", "2024-02-29"),
        ("2030-01-01", "2030-01-31"),
    ] {
        let args = carebook_api::RangeArgs { from: d(from), to: d(to) };
        let engine = api.measures(args).unwrap().comparison.current;
        let sql = api.measures_by_sql(args).unwrap();
        assert_eq!(engine, sql, "{from} – {to}");
    }
    let mut engine: Vec<i64> = api
        .at_risk(carebook_api::AtRiskArgs { limit: Some(2000) })
        .unwrap()
        .rows
        .iter()
        .map(|r| r.customer_id)
        .collect();
    engine.sort_unstable();
    assert!(engine.len() > 10, "the demo shop has customers at risk");
    assert_eq!(engine, api.at_risk_by_sql().unwrap());
    let year = api.measures(carebook_api::RangeArgs { from: d("2026-01-01"), to: d("2026-12-31") }).unwrap();
    assert!(year.comparison.current.requests_received > 20, "the demo shop has requests this year");
}

//! The care calendar through the API on real files: plan generation
//! (idempotent, after a purchase, catching up missed days, consent), the
//! today list and its order, done on time and late, skip and move, the
//! agenda's birthdays on the solar and lunar calendars, plans, templates,
//! the lunar date and the iCalendar export.

use std::sync::{Arc, Mutex};

use carebook_api::{AgendaArgs, Api, Clock, ErrorCode, OpenOptions};
use carebook_calendar::lunar::{self, LunarDate};
use carebook_core::export::Lang;
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde_json::{Value, json};

#[derive(Clone)]
struct TestClock(Arc<Mutex<NaiveDateTime>>);

impl TestClock {
    fn advance(&self, days: i64) {
        *self.0.lock().unwrap() += TimeDelta::days(days);
    }
}

impl Clock for TestClock {
    fn now(&self) -> NaiveDateTime {
        *self.0.lock().unwrap()
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn open() -> (tempfile::TempDir, Api, TestClock) {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock(Arc::new(Mutex::new(d(2026, 11, 23).and_hms_opt(10, 0, 0).unwrap())));
    let api =
        Api::open_with_clock(dir.path().join("shop.sqlite"), OpenOptions::create(), Box::new(clock.clone())).unwrap();
    (dir, api, clock)
}

fn call(api: &Api, cmd: &str, args: Value) -> Value {
    api.dispatch(cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
}

fn customer(api: &Api, input: Value) -> i64 {
    call(api, "customer_create", json!({ "input": input }))["customer"]["id"].as_i64().unwrap()
}

fn staff(api: &Api, name: &str, role: &str) -> i64 {
    call(api, "staff_create", json!({ "input": { "name": name, "role": role, "active": true } }))["id"]
        .as_i64()
        .unwrap()
}

fn purchase(api: &Api, customer: i64, staff: i64) {
    call(api, "purchase_add", json!({ "input": { "customerId": customer, "amountVnd": 250000, "staffId": staff } }));
}

/// (customer, kind, due date) of every task, by due date and kind.
fn tasks(api: &Api) -> Vec<(i64, String, String)> {
    let list = call(api, "care_task_list", json!({ "limit": 1000 }));
    let mut out: Vec<(i64, String, String)> = list["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["customerId"].as_i64().unwrap(),
                l["kind"].as_str().unwrap().into(),
                l["dueDate"].as_str().unwrap().into(),
            )
        })
        .collect();
    out.sort_by(|a, b| (&a.2, &a.1, a.0).cmp(&(&b.2, &b.1, b.0)));
    out
}

/// A shop: an owner, Hà at the counter; Lan consented (lunar birthday 15/10),
/// Minh did not say.
fn shop(api: &Api) -> (i64, i64, i64, i64) {
    let owner = staff(api, "Chủ Tiệm", "owner");
    let ha = staff(api, "Lê Thu Hà", "staff");
    let lan = customer(
        api,
        json!({ "name": "Nguyễn Thị Lan", "phones": ["0933 111 222"], "email": "lan@example.vn", "gender": "female",
            "consent": "given", "birthday": { "calendar": "lunar", "day": 15, "month": 10 } }),
    );
    let minh = customer(api, json!({ "name": "Trần Văn Minh", "phones": ["0944 555 666"], "gender": "male" }));
    (owner, ha, lan, minh)
}

#[test]
fn default_plans_and_templates_are_there_from_the_start() {
    let (_dir, api, _clock) = open();
    let plans = call(&api, "care_plan_list", json!({}));
    let keys: Vec<&str> = plans["plans"].as_array().unwrap().iter().map(|p| p["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        ["first_purchase", "complaint_resolved", "request_transferred", "birthday", "tier_reached", "win_back", "tet"]
    );
    assert!(plans["plans"].as_array().unwrap().iter().all(|p| p["active"] == true && p["activeSince"] == "2026-11-23"));
    let templates = call(&api, "care_template_list", json!({}));
    assert_eq!(templates["templates"].as_array().unwrap().len(), 9);
    assert!(templates["placeholders"].as_array().unwrap().iter().any(|p| p["nameVi"] == "ten"));
}

#[test]
fn a_purchase_makes_its_plan_tasks_once_and_consent_is_respected() {
    let (_dir, api, _clock) = open();
    let (_owner, ha, lan, minh) = shop(&api);
    purchase(&api, lan, ha);
    purchase(&api, minh, ha);
    let after_purchases = tasks(&api);
    assert_eq!(
        after_purchases,
        [
            (lan, "thank_you".into(), "2026-11-24".into()),
            (lan, "check_in".into(), "2026-11-30".into()),
            (minh, "check_in".into(), "2026-11-30".into()),
            (lan, "offer".into(), "2026-12-23".into()),
        ],
        "Minh did not consent: no thank-you, no offer; the check-in call is not marketing"
    );
    // Assigned to who served.
    let list = call(&api, "care_task_list", json!({ "assigneeId": ha }));
    assert_eq!(list["total"], 4);

    // Generation again, and again: nothing new.
    let first = call(&api, "care_generate", json!({}));
    assert_eq!(first["added"], 0, "{first}");
    assert_eq!(first["leftOutNoConsent"], 2, "Minh's thank-you and offer");
    let again = call(&api, "care_generate", json!({}));
    assert_eq!((again["added"].as_u64(), again["existing"].as_u64()), (Some(0), Some(4)));
    assert_eq!(tasks(&api), after_purchases);
    let today = call(&api, "care_today", json!({}));
    assert_eq!(today["leftOutNoConsent"], 2);

    // A deleted task does not come back; an edited plan does not make its tasks again.
    let offer = call(&api, "care_task_list", json!({ "kind": "offer" }))["lines"][0]["id"].as_i64().unwrap();
    call(&api, "care_task_delete", json!({ "id": offer }));
    let mut plan = call(&api, "care_plan_list", json!({}))["plans"][0].clone();
    plan["name"] = json!("Sau lần mua đầu tiên");
    plan["steps"][0]["offsetDays"] = json!(2);
    let id = plan["id"].clone();
    call(&api, "care_plan_save", json!({ "id": id, "plan": plan }));
    call(&api, "care_generate", json!({}));
    assert_eq!(tasks(&api), after_purchases[..3].to_vec());
    // The audit log names the generation.
    let audit = call(&api, "audit_list", json!({ "limit": 100 }));
    assert!(audit["rows"].as_array().unwrap().iter().any(|e| e["action"] == "generate"), "{audit}");
}

#[test]
fn the_today_list_puts_overdue_first_then_by_assignee_with_messages_and_links() {
    let (dir, api, clock) = open();
    let (owner, ha, lan, minh) = shop(&api);
    purchase(&api, lan, ha);
    purchase(&api, minh, owner);
    // The app ran that day.
    assert_eq!(api.run_due_jobs().care.map(|r| r.since), Some(d(2026, 11, 23)));
    drop(api);
    // The computer was off for a week: the next start catches up.
    clock.advance(7);
    let api =
        Api::open_with_clock(dir.path().join("shop.sqlite"), OpenOptions::default(), Box::new(clock.clone())).unwrap();
    let report = api.run_due_jobs();
    let care = report.care.expect("generation was due");
    assert_eq!((care.since, care.today), (d(2026, 11, 23), d(2026, 11, 30)));
    assert!(api.run_due_jobs().care.is_none(), "once a day");

    let today = call(&api, "care_today", json!({ "lang": "vi" }));
    assert_eq!((today["overdue"].as_i64(), today["dueToday"].as_i64()), (Some(1), Some(2)));
    let lines = today["lines"].as_array().unwrap();
    let summary: Vec<(&str, &str, Option<&str>, bool)> = lines
        .iter()
        .map(|l| {
            (
                l["customerName"].as_str().unwrap(),
                l["kind"].as_str().unwrap(),
                l["assigneeName"].as_str(),
                l["overdue"] == true,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("Nguyễn Thị Lan", "thank_you", Some("Lê Thu Hà"), true),
            ("Trần Văn Minh", "check_in", Some("Chủ Tiệm"), false),
            ("Nguyễn Thị Lan", "check_in", Some("Lê Thu Hà"), false),
        ],
        "overdue first, then today's by assignee"
    );
    let lan_line = &lines[0];
    assert_eq!(lan_line["why"], "1 ngày sau lần mua đầu (23/11/2026)");
    let message = lan_line["message"].as_str().unwrap();
    assert!(message.contains("Lan"), "{message}");
    assert_eq!(lan_line["messageLang"], "vi");
    assert_eq!(lan_line["links"]["zalo"], "https://zalo.me/0933111222");
    assert_eq!(lan_line["links"]["tel"], "tel:+84933111222");
    assert!(lan_line["links"]["mailto"].as_str().unwrap().starts_with("mailto:lan@example.vn?subject="));
    let en = call(&api, "care_today", json!({ "lang": "en" }));
    assert_eq!(en["lines"][0]["why"], "1 day after the first purchase (23/11/2026)");
    // Paged in SQL; one staff member's own list.
    let page = call(&api, "care_today", json!({ "offset": 1, "limit": 1 }));
    assert_eq!(page["lines"].as_array().unwrap().len(), 1);
    assert_eq!(page["lines"][0]["customerName"], "Trần Văn Minh");
    let mine = call(&api, "care_today", json!({ "assigneeId": ha }));
    assert_eq!((mine["overdue"].as_i64(), mine["dueToday"].as_i64()), (Some(1), Some(1)));

    // Done late, done on time, skipped with a reason, moved.
    let id = |i: usize| lines[i]["id"].as_i64().unwrap();
    let late = call(&api, "care_task_done", json!({ "id": id(0), "note": "Đã nhắn Zalo" }));
    assert_eq!(
        (late["status"].as_str(), late["late"].as_bool(), late["outcome"].as_str()),
        (Some("done"), Some(true), Some("Đã nhắn Zalo"))
    );
    assert_eq!(late["completedAt"], "2026-11-30T10:00:00");
    let on_time = call(&api, "care_task_done", json!({ "id": id(2) }));
    assert_eq!(on_time["late"], false);
    let e = api.dispatch("care_task_skip", json!({ "id": id(1), "note": " " })).unwrap_err();
    assert_eq!((e.code, e.fields[0].field.as_str()), (ErrorCode::Validation, "note"));
    let moved = call(&api, "care_task_move", json!({ "id": id(1), "date": "2026-12-02" }));
    assert_eq!((moved["dueDate"].as_str(), moved["firstDueDate"].as_str()), (Some("2026-12-02"), Some("2026-11-30")));
    let again = call(&api, "care_task_move", json!({ "id": id(1), "date": "2026-12-03" }));
    assert_eq!(again["firstDueDate"], "2026-11-30", "the first due date is kept");
    let e = api.dispatch("care_task_move", json!({ "id": id(0), "date": "2026-12-03" })).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict, "a done task stays where it was");
    let skipped = call(&api, "care_task_skip", json!({ "id": id(1), "note": "Khách đi công tác" }));
    assert_eq!((skipped["status"].as_str(), skipped["outcome"].as_str()), (Some("skipped"), Some("Khách đi công tác")));
    let today = call(&api, "care_today", json!({}));
    assert_eq!((today["overdue"].as_i64(), today["dueToday"].as_i64()), (Some(0), Some(0)));
    assert!(today["lines"].as_array().unwrap().is_empty());
    // Each change is audited.
    let audit = call(&api, "audit_list", json!({ "limit": 100 }));
    let updates = audit["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "update" && e["entity"] == "care_task")
        .count();
    assert_eq!(updates, 5);
}

#[test]
fn the_agenda_places_solar_and_lunar_birthdays_and_tet() {
    let (_dir, api, _clock) = open();
    let (_owner, _ha, lan, _minh) = shop(&api);
    let leap_day = customer(
        &api,
        json!({ "name": "Phạm Hoàng Nam", "phones": ["0912 000 111"], "birthday": { "calendar": "solar", "day": 29, "month": 2, "year": 1996 } }),
    );
    // Lan's lunar birthday 15/10 of lunar year 2026.
    let expected = lunar::to_solar(LunarDate { year: 2026, month: 10, day: 15, leap: false }).unwrap();
    let agenda = api
        .care_agenda(AgendaArgs {
            from: d(2026, 11, 1),
            to: d(2027, 3, 1),
            assignee_id: None,
            lang: Lang::Vi,
            per_day: None,
        })
        .unwrap();
    let birthdays: Vec<(NaiveDate, i64)> =
        agenda.days.iter().flat_map(|day| day.birthdays.iter().map(move |b| (day.date, b.customer_id))).collect();
    assert_eq!(birthdays, [(expected, lan), (d(2027, 2, 28), leap_day)]);
    let feb = agenda.days.iter().find(|day| day.date == d(2027, 2, 28)).unwrap();
    assert_eq!(feb.birthdays[0].note.as_deref(), Some("năm nay không có ngày 29/2"));
    assert_eq!(feb.birthdays[0].age, Some(31));
    let tet: Vec<NaiveDate> = agenda.days.iter().filter(|day| day.tet).map(|day| day.date).collect();
    assert_eq!(tet, [lunar::tet(2027).unwrap()]);
    let day = agenda.days.iter().find(|day| day.date == expected).unwrap();
    assert_eq!(day.lunar.map(|l| (l.day, l.month, l.leap)), Some((15, 10, false)));
    // In a leap year the 29th is its own day.
    let leap = api
        .care_agenda(AgendaArgs {
            from: d(2028, 2, 27),
            to: d(2028, 3, 1),
            assignee_id: None,
            lang: Lang::Vi,
            per_day: None,
        })
        .unwrap();
    let on: Vec<NaiveDate> = leap.days.iter().filter(|day| day.birthday_count > 0).map(|day| day.date).collect();
    assert_eq!(on, [d(2028, 2, 29)]);
    // Birthday plan tasks are planned 3 days before, within the horizon.
    call(&api, "care_generate", json!({}));
    let greetings = call(&api, "care_task_list", json!({ "kind": "birthday_greeting" }));
    assert_eq!(
        greetings["total"], 0,
        "15/10 lunar is today, {expected}: its greeting was due 3 days ago, before the plan"
    );
    // A range the wrong way round, or too long, is refused by field.
    let e = api.dispatch("care_agenda", json!({ "from": "2026-12-31", "to": "2026-12-01" })).unwrap_err();
    assert_eq!(e.fields[0].code, "range_invalid");
    let e = api.dispatch("care_agenda", json!({ "from": "2026-01-01", "to": "2027-12-31" })).unwrap_err();
    assert_eq!(e.fields[0].code, "range_too_long");
    // The per-day limit lists fewer and still counts all.
    let limited = call(&api, "care_agenda", json!({ "from": "2027-02-28", "to": "2027-02-28", "perDay": 0 }));
    assert_eq!(
        (limited["days"][0]["birthdayCount"].as_u64(), limited["days"][0]["birthdays"].as_array().unwrap().len()),
        (Some(1), 0)
    );
}

#[test]
fn birthday_greetings_are_planned_ahead_for_consenting_customers_only() {
    let (_dir, api, _clock) = open();
    let owner = staff(&api, "Chủ Tiệm", "owner");
    let yes = customer(
        &api,
        json!({ "name": "Đỗ Mai", "consent": "given", "birthday": { "calendar": "solar", "day": 5, "month": 12 } }),
    );
    customer(
        &api,
        json!({ "name": "Lê Tùng", "consent": "withdrawn", "birthday": { "calendar": "solar", "day": 6, "month": 12 } }),
    );
    let report = call(&api, "care_generate", json!({}));
    assert_eq!((report["added"].as_u64(), report["leftOutNoConsent"].as_u64()), (Some(1), Some(1)));
    let line = &call(&api, "care_task_list", json!({}))["lines"][0];
    assert_eq!(
        (line["customerId"].as_i64(), line["dueDate"].as_str(), line["assigneeId"].as_i64()),
        (Some(yes), Some("2026-12-02"), Some(owner))
    );
    assert_eq!(line["why"], "3 ngày trước sinh nhật 5/12 (05/12/2026)");
}

#[test]
fn a_resolved_complaint_starts_its_follow_up_plan() {
    let (_dir, api, _clock) = open();
    let (_owner, ha, lan, _minh) = shop(&api);
    call(
        &api,
        "request_save",
        json!({ "input": { "customerId": lan, "channel": "phone", "kind": "complaint", "summary": "Giao trễ",
            "receivedAt": "2026-11-23T08:00:00", "resolvedAt": "2026-11-23T09:00:00", "status": "resolved", "handledBy": ha } }),
    );
    // The next run of the plans (the daily one, or on demand) follows it up.
    assert!(tasks(&api).is_empty());
    call(&api, "care_generate", json!({}));
    assert_eq!(tasks(&api), [(lan, "follow_up_call".into(), "2026-11-25".into())]);
    let line = &call(&api, "care_task_list", json!({}))["lines"][0];
    assert_eq!(line["assigneeId"].as_i64(), Some(ha));
    assert!(line["why"].as_str().unwrap().contains("khiếu nại"), "{line}");
}

#[test]
fn the_day_7_check_in_records_a_csat_answer_and_closes_the_task_in_one_call() {
    let (dir, api, clock) = open();
    let (_owner, ha, lan, _minh) = shop(&api);
    purchase(&api, lan, ha);
    let task = &call(&api, "care_task_list", json!({ "kind": "check_in" }))["lines"][0];
    let (task_id, due) = (task["id"].as_i64().unwrap(), task["dueDate"].clone());
    assert_eq!(due.as_str(), Some("2026-11-30"), "{task}");
    let november = json!({ "from": "2026-11-01", "to": "2026-11-30" });
    let before = call(&api, "measures", november.clone());
    assert_eq!(before["comparison"]["current"]["csat_answers"], 0);

    // A week later, on the call: the customer says 4.
    clock.advance(7);
    // A score out of range is refused and nothing is written.
    let e = api.dispatch("care_task_csat", json!({ "id": task_id, "csat": 6 })).unwrap_err();
    assert_eq!((e.code, e.fields[0].field.as_str()), (ErrorCode::Validation, "csat"));
    assert!(call(&api, "customer_care", json!({ "id": lan }))["feedback"].as_array().unwrap().is_empty());
    let audit_before = call(&api, "audit_list", json!({ "limit": 10 }))["total"].as_i64().unwrap();

    let done = call(&api, "care_task_csat", json!({ "id": task_id, "csat": 4 }));
    assert_eq!(done["line"]["status"], "done");
    assert_eq!(done["line"]["outcome"], "CSAT 4/5");
    assert_eq!(done["line"]["late"], false);
    assert_eq!(done["feedback"]["careTaskId"].as_i64(), Some(task_id));

    // The answer and the task, read back from the file by a fresh process.
    drop(api);
    let api =
        Api::open_with_clock(dir.path().join("shop.sqlite"), OpenOptions::default(), Box::new(clock.clone())).unwrap();
    let care = call(&api, "customer_care", json!({ "id": lan }));
    let feedback = care["feedback"].as_array().unwrap();
    assert_eq!(feedback.len(), 1, "{care}");
    let f = &feedback[0];
    assert_eq!(
        (f["customerId"].as_i64(), f["csat"].as_i64(), f["nps"].as_i64(), f["careTaskId"].as_i64()),
        (Some(lan), Some(4), None, Some(task_id))
    );
    assert_eq!(f["givenAt"], "2026-11-30T10:00:00");
    let task = care["tasks"].as_array().unwrap().iter().find(|t| t["id"].as_i64() == Some(task_id)).unwrap().clone();
    assert_eq!((task["status"].as_str(), task["outcome"].as_str()), (Some("done"), Some("CSAT 4/5")));
    assert_eq!(task["completedAt"], "2026-11-30T10:00:00");
    // Audited: the answer created, the task changed.
    let audit = call(&api, "audit_list", json!({ "limit": 10 }));
    let rows = audit["rows"].as_array().unwrap();
    assert_eq!(audit["total"].as_i64(), Some(audit_before + 2), "{audit}");
    assert!(rows.iter().any(|r| r["entity"] == "feedback" && r["action"] == "create"), "{audit}");
    assert!(rows.iter().any(|r| r["entity"] == "care_task" && r["action"] == "update"), "{audit}");

    // The measures count it: one CSAT answer, satisfied; the check-in done on time.
    let after = call(&api, "measures", november.clone());
    let m = &after["comparison"]["current"];
    assert_eq!((m["csat_answers"].as_u64(), m["csat_satisfied"].as_u64()), (Some(1), Some(1)), "{m}");
    assert_eq!(m["csat_mean"].as_f64(), Some(4.0));
    let drill = call(&api, "measures_drill", json!({ "measure": "csat", "from": "2026-11-01", "to": "2026-11-30" }));
    assert_eq!(drill["drill"]["numerator"], json!([f["id"]]));
    assert!(m["care_tasks_on_time"].as_u64().unwrap() >= 1, "{m}");
    // Taken on the phone: the answer carries the channel and the dashboard's
    // by-channel table counts it there, not among answers with no channel.
    assert_eq!(f["channel"], "phone");
    let by_channel = after["byChannel"].as_array().unwrap();
    let phone = by_channel.iter().find(|g| g["channel"] == "phone").expect("a phone line");
    assert_eq!(phone["measures"]["csat_answers"], 1, "{by_channel:?}");
    assert!(by_channel.iter().all(|g| !g["channel"].is_null()), "{by_channel:?}");

    // Once done, a second answer is refused and writes nothing.
    let e = api.dispatch("care_task_csat", json!({ "id": task_id, "csat": 2 })).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(call(&api, "customer_care", json!({ "id": lan }))["feedback"].as_array().unwrap().len(), 1);
}

#[test]
fn plans_and_templates_are_edited_checked_and_used() {
    let (_dir, api, _clock) = open();
    let (_owner, ha, lan, _minh) = shop(&api);
    // An unknown placeholder is refused by name.
    let mut template = call(&api, "care_template_list", json!({}))["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "first_purchase_thanks")
        .unwrap()
        .clone();
    template["textVi"] = json!("Cảm ơn {xung_ho} {ten} đã ghé {cua_hang_xx}!");
    let e = api.dispatch("care_template_save", json!({ "template": template })).unwrap_err();
    assert_eq!((e.code, e.fields[0].field.as_str()), (ErrorCode::Validation, "textVi"));
    assert!(e.fields[0].message.contains("cua_hang_xx"), "{}", e.fields[0].message);
    template["textVi"] = json!("Cảm ơn {xung_ho} {ten} đã ghé {shop}!");
    call(&api, "care_template_save", json!({ "template": template }));
    let preview = call(&api, "care_template_preview", json!({ "template": template, "customerId": lan }));
    assert_eq!(preview["textVi"], "Cảm ơn chị Lan đã ghé!");

    // A plan of the owner's own: a survey the day after every purchase.
    let plan = json!({ "id": 0, "name": "Khảo sát sau mỗi lần mua", "trigger": { "type": "any_purchase" }, "active": true,
        "activeSince": "2026-11-23", "steps": [ { "id": 1, "offsetDays": 1, "kind": "survey_request",
        "templateKey": "check_in_csat", "assignee": { "type": "owner" }, "needsConsent": false } ] });
    let bad = json!({ "plan": { "id": 0, "name": "", "trigger": { "type": "any_purchase" }, "active": true, "activeSince": "2026-11-23",
        "steps": [ { "id": 1, "offsetDays": 1, "kind": "offer", "templateKey": "nope", "assignee": { "type": "owner" }, "needsConsent": true } ] } });
    let e = api.dispatch("care_plan_save", bad).unwrap_err();
    let codes: Vec<(String, String)> = e.fields.into_iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(codes, [("name".into(), "required".into()), ("steps[0].templateKey".into(), "unknown_template".into())]);
    let saved = call(&api, "care_plan_save", json!({ "plan": plan }));
    let id = saved["id"].as_i64().unwrap();
    assert_eq!(saved["key"], Value::Null);
    purchase(&api, lan, ha);
    let kinds: Vec<String> = tasks(&api).into_iter().map(|t| t.1).collect();
    assert_eq!(kinds, ["survey_request", "thank_you", "check_in", "offer"]);
    // The edited template is the thank-you's message.
    let mut clock_list = call(&api, "care_task_list", json!({ "kind": "thank_you" }));
    assert_eq!(clock_list["total"], 1);
    let today = call(&api, "care_today", json!({ "date": "2026-11-24" }));
    let thanks = today["lines"].as_array().unwrap().iter().find(|l| l["kind"] == "thank_you").unwrap();
    assert_eq!(thanks["message"], "Cảm ơn chị Lan đã ghé!");
    clock_list = call(&api, "care_task_list", json!({ "planId": id }));
    assert_eq!(clock_list["total"], 1);
    // Paused, it makes nothing; deleted, its tasks stay.
    let mut paused = saved.clone();
    paused["active"] = json!(false);
    call(&api, "care_plan_save", json!({ "id": id, "plan": paused }));
    call(&api, "care_plan_delete", json!({ "id": id }));
    assert_eq!(call(&api, "care_task_list", json!({ "kind": "survey_request" }))["total"], 1);
    assert!(api.dispatch("care_plan_delete", json!({ "id": id })).is_err());
}

#[test]
fn lunar_dates_and_the_calendar_file() {
    let (dir, api, _clock) = open();
    assert_eq!(
        call(&api, "lunar_date", json!({ "date": "2026-02-17" })),
        json!({ "day": 1, "month": 1, "year": 2026, "leap": false })
    );
    // 2025 has a leap 6th month.
    assert_eq!(call(&api, "lunar_date", json!({ "date": "2025-07-25" }))["leap"], true);
    let e = api.dispatch("lunar_date", json!({ "date": "1800-01-01" })).unwrap_err();
    assert_eq!(e.fields[0].code, "out_of_range");

    let (_owner, ha, lan, _minh) = shop(&api);
    purchase(&api, lan, ha);
    let ics = api
        .care_agenda_ics(AgendaArgs {
            from: d(2026, 11, 23),
            to: d(2027, 2, 28),
            assignee_id: None,
            lang: Lang::Vi,
            per_day: None,
        })
        .unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"), "{ics}");
    let uids: Vec<&str> = ics.lines().filter_map(|l| l.strip_prefix("UID:")).collect();
    assert_eq!(uids.len(), 3 + 1 + 1, "three tasks, Lan's lunar birthday, Tết: {uids:?}");
    assert!(uids.contains(&"tet-2027@carebook"));
    let again = api
        .care_agenda_ics(AgendaArgs {
            from: d(2026, 11, 23),
            to: d(2027, 2, 28),
            assignee_id: None,
            lang: Lang::Vi,
            per_day: None,
        })
        .unwrap();
    let uids_again: Vec<&str> = again.lines().filter_map(|l| l.strip_prefix("UID:")).collect();
    assert_eq!(uids, uids_again, "stable UIDs");
    // Written to a file from the UI's command, audited.
    let folder = dir.path().join("lich");
    let written = call(
        &api,
        "care_agenda_export",
        json!({ "from": "2026-11-23", "to": "2027-02-28", "path": format!("{}/", folder.display()) }),
    );
    let path = written["path"].as_str().unwrap();
    assert!(path.ends_with("carebook-2026-11-23-2027-02-28.ics"), "{path}");
    assert_eq!(std::fs::read_to_string(path).unwrap(), ics);
    let e = api
        .dispatch(
            "care_agenda_export",
            json!({ "from": "2026-11-23", "to": "2026-11-30", "path": dir.path().join("shop.sqlite") }),
        )
        .unwrap_err();
    assert_eq!(e.fields[0].code, "file_exists", "never onto the book itself");
}

#[test]
fn a_schedule_plan_plans_its_days_for_the_customers_with_its_tag() {
    let (_dir, api, clock) = open();
    let (_owner, _ha, _lan, minh) = shop(&api);
    let wholesale = customer(
        &api,
        json!({ "name": "Cửa hàng Phúc An", "phones": ["0955 777 888"], "tags": ["Khách sỉ", "VIP"], "consent": "given" }),
    );
    let rule = json!({ "rule": "freq=monthly;byday=1mo", "start": "2026-11-01", "tag": "khách SỈ" });
    // The preview: the rule as the calendar reads it, its next days, whom it is for.
    let preview = call(&api, "care_schedule_preview", rule.clone());
    assert_eq!(preview["rule"], "FREQ=MONTHLY;BYDAY=1MO");
    assert_eq!(preview["next"], json!(["2026-12-07", "2027-01-04", "2027-02-01", "2027-03-01", "2027-04-05"]));
    assert_eq!(preview["customers"], 1);
    let e = api
        .dispatch("care_schedule_preview", json!({ "rule": "FREQ=SOMETIMES", "start": "2026-11-01", "tag": "x" }))
        .unwrap_err();
    assert_eq!(
        (e.code, e.fields[0].field.as_str(), e.fields[0].code.as_str()),
        (ErrorCode::Validation, "rule", "rule_invalid")
    );

    let plan = |rule: &str, tag: &str| {
        json!({ "plan": { "id": 0, "name": "Gọi khách sỉ đầu tháng", "trigger": { "type": "schedule", "rule": rule,
            "start": "2026-11-01", "tag": tag }, "active": true, "activeSince": "2026-11-23", "steps": [ { "id": 1,
            "offsetDays": 0, "kind": "follow_up_call", "templateKey": "check_in_csat", "assignee": { "type": "owner" },
            "needsConsent": false } ] } })
    };
    // A rule the calendar cannot read, or no tag, is refused by field and saves nothing.
    let e = api.dispatch("care_plan_save", plan("FREQ=SOMETIMES", " ")).unwrap_err();
    let codes: Vec<(String, String)> = e.fields.into_iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(codes, [("trigger.rule".into(), "rule_invalid".into()), ("trigger.tag".into(), "required".into())]);
    let saved = call(&api, "care_plan_save", plan("FREQ=MONTHLY;BYDAY=1MO", "Khách sỉ"));
    let plan_id = saved["id"].as_i64().unwrap();
    call(&api, "care_generate", json!({}));
    let planned = call(&api, "care_task_list", json!({ "planId": plan_id, "limit": 100 }));
    let lines = planned["lines"].as_array().unwrap();
    // Within the plans' horizon from 23 November: the first Monday of December, for the tagged customer only.
    assert!(!lines.is_empty(), "{planned}");
    assert!(lines.iter().all(|l| l["customerId"].as_i64() == Some(wholesale)), "{planned}");
    assert_eq!(lines[0]["dueDate"], "2026-12-07");
    assert!(lines.iter().all(|l| l["customerId"].as_i64() != Some(minh)));
    let why = lines[0]["why"].as_str().unwrap_or_default().to_owned();
    assert!(why.contains("lịch định kỳ (07/12/2026)"), "{why}");
    // Running again, and again the next day, adds nothing twice.
    let count = planned["total"].as_i64().unwrap();
    call(&api, "care_generate", json!({}));
    clock.advance(1);
    call(&api, "care_generate", json!({}));
    let again = call(&api, "care_task_list", json!({ "planId": plan_id, "limit": 100 }));
    let keys: std::collections::BTreeSet<i64> =
        again["lines"].as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()).collect();
    assert_eq!(keys.len() as i64, again["total"].as_i64().unwrap());
    assert!(again["total"].as_i64().unwrap() >= count);
    let dates: Vec<&str> = again["lines"].as_array().unwrap().iter().filter_map(|l| l["dueDate"].as_str()).collect();
    let unique: std::collections::BTreeSet<&&str> = dates.iter().collect();
    assert_eq!(unique.len(), dates.len(), "one task per day of the rule: {dates:?}");
}

#[test]
fn the_tier_in_a_message_is_the_one_the_ledger_gives_by_the_shops_names() {
    let (_dir, api, _clock) = open();
    // 600 points brought over: the gold tier (from 500), whatever the old tier column said.
    let lan =
        customer(&api, json!({ "name": "Nguyễn Thị Lan", "gender": "female", "loyaltyPoints": 600, "tier": "VIP" }));
    let mut rules = call(&api, "loyalty_rules_get", json!({}));
    rules["tiers"][2]["nameVi"] = json!("Vàng Hồng");
    rules["tiers"][2]["nameEn"] = json!("Rose Gold");
    call(&api, "loyalty_rules_set", rules);
    let template = json!({ "key": "tier_check", "name": "Hạng", "kind": "custom",
        "textVi": "Chúc mừng {xung_ho} {ten}, hạng {hang}!", "textEn": "Congratulations {name}: {tier}!" });
    let preview = call(&api, "care_template_preview", json!({ "template": template, "customerId": lan }));
    assert_eq!(preview["textVi"], "Chúc mừng chị Lan, hạng Vàng Hồng!");
    assert_eq!(preview["textEn"], "Congratulations Lan: Rose Gold!");
}

//! A request's life in one click each: respond, transfer (with the first
//! handler's follow-up task the next day), resolve, reopen; each change in
//! the request's history (who, when, from → to) and in the audit log.
//! "Today" is 2026-11-23 10:00 (see `common`).

mod common;

use carebook_api::ErrorCode;
use common::{call, open};
use serde_json::{Value, json};

#[test]
fn respond_transfer_resolve_reopen_with_history() {
    let (_dir, api) = open();
    let yen = call(&api, "customer_create", json!({ "input": { "name": "Vũ Hoàng Yến", "phones": ["0933 111 222"] } }))
        ["customer"]["id"]
        .as_i64()
        .unwrap();
    let staff = |name: &str| {
        call(&api, "staff_create", json!({ "input": { "name": name, "role": "staff", "active": true } }))["id"]
            .as_i64()
            .unwrap()
    };
    let (ha, nam) = (staff("Lê Thu Hà"), staff("Trần Văn Nam"));
    call(&api, "session_set_actor", json!({ "name": "Lê Thu Hà" }));

    // Logged at the counter: the clock fills the time.
    let r = call(
        &api,
        "request_save",
        json!({ "input": { "customerId": yen, "channel": "in_store", "kind": "complaint", "summary": "Bánh bị móp hộp",
            "status": "open", "handledBy": ha } }),
    );
    let id = r["id"].as_i64().unwrap();
    assert_eq!((r["receivedAt"].as_str(), r["firstResponseAt"].clone()), (Some("2026-11-23T10:00:00"), Value::Null));

    let changed = call(&api, "request_respond", json!({ "id": id }));
    assert_eq!(changed["request"]["firstResponseAt"], "2026-11-23T10:00:00");
    assert_eq!(changed["followUp"], Value::Null);
    let e = api.dispatch("request_respond", json!({ "id": id })).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict, "answered once only");

    // Transferred to Nam: Hà follows it up tomorrow.
    let e = api.dispatch("request_transfer", json!({ "id": id, "to": ha })).unwrap_err();
    assert_eq!(e.fields[0].field, "to", "not to whoever already has it");
    let changed = call(&api, "request_transfer", json!({ "id": id, "to": nam }));
    assert_eq!(changed["request"]["transferredToName"], "Trần Văn Nam");
    assert_eq!(changed["request"]["handledByName"], "Lê Thu Hà");
    let task = &changed["followUp"];
    assert_eq!(
        (
            task["kind"].as_str(),
            task["dueDate"].as_str(),
            task["assigneeId"].as_i64(),
            task["status"].as_str(),
            task["origin"].as_str()
        ),
        (Some("follow_up_call"), Some("2026-11-24"), Some(ha), Some("planned"), Some("plan"))
    );
    assert!(task["title"].as_str().unwrap().contains("Trần Văn Nam"));
    let care = call(&api, "customer_care", json!({ "id": yen }));
    assert_eq!(care["tasks"].as_array().unwrap().len(), 1);

    // Resolved: asked as first contact, but a transferred request is not.
    let changed = call(&api, "request_resolve", json!({ "id": id, "firstContact": true }));
    assert_eq!(
        (changed["request"]["status"].as_str(), changed["request"]["firstContact"].as_bool()),
        (Some("resolved"), Some(false))
    );
    assert_eq!(changed["request"]["resolvedAt"], "2026-11-23T10:00:00");
    assert_eq!(api.dispatch("request_resolve", json!({ "id": id })).unwrap_err().code, ErrorCode::Conflict);
    assert_eq!(api.dispatch("request_transfer", json!({ "id": id, "to": ha })).unwrap_err().code, ErrorCode::Conflict);

    // Reopened: open again, marked reopened, no resolution time.
    let changed = call(&api, "request_reopen", json!({ "id": id }));
    assert_eq!(
        (
            changed["request"]["status"].as_str(),
            changed["request"]["reopened"].as_bool(),
            changed["request"]["resolvedAt"].clone()
        ),
        (Some("open"), Some(true), Value::Null)
    );
    assert_eq!(api.dispatch("request_reopen", json!({ "id": id })).unwrap_err().code, ErrorCode::Conflict);
    call(&api, "request_resolve", json!({ "id": id }));

    // The history: who, when, from → to.
    let history = call(&api, "request_history", json!({ "id": id }));
    let steps: Vec<(String, Option<String>, Option<String>)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert_eq!(e["actor"], "Lê Thu Hà");
            assert_eq!(e["at"], "2026-11-23T10:00:00");
            (
                e["action"].as_str().unwrap().to_owned(),
                e["from"].as_str().map(str::to_owned),
                e["to"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let s = |v: &str| Some(v.to_owned());
    assert_eq!(
        steps,
        vec![
            ("received".to_owned(), None, s("open")),
            ("respond".to_owned(), None, s("2026-11-23 10:00")),
            ("transfer".to_owned(), s("Lê Thu Hà"), s("Trần Văn Nam")),
            ("resolve".to_owned(), s("open"), s("resolved")),
            ("reopen".to_owned(), s("resolved"), s("open")),
            ("resolve".to_owned(), s("open"), s("resolved")),
        ]
    );
    // Each step is audited too; the follow-up task as well.
    let audit = call(&api, "audit_list", json!({ "entity": "request", "entityId": id, "limit": 50 }));
    assert_eq!(audit["rows"].as_array().unwrap().len(), 6);
    assert_eq!(
        call(&api, "audit_list", json!({ "entity": "care_task", "limit": 50 }))["rows"].as_array().unwrap().len(),
        1
    );

    // In the measures: resolved, not first contact.
    let m =
        call(&api, "measures", json!({ "from": "2026-11-01", "to": "2026-11-30" }))["comparison"]["current"].clone();
    assert_eq!((m["requests_resolved"].as_u64(), m["requests_resolved_first_contact"].as_u64()), (Some(1), Some(0)));

    // Gone with the request.
    call(&api, "request_delete", json!({ "id": id }));
    assert_eq!(api.dispatch("request_history", json!({ "id": id })).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn resolved_at_first_contact_counts_in_fcr() {
    let (_dir, api) = open();
    let id = call(&api, "customer_create", json!({ "input": { "name": "Lý Minh Tuấn", "phones": ["0944 555 666"] } }))
        ["customer"]["id"]
        .as_i64()
        .unwrap();
    let r = call(
        &api,
        "request_save",
        json!({ "input": { "customerId": id, "channel": "phone", "kind": "question", "summary": "Hỏi giá", "status": "open" } }),
    );
    let changed = call(&api, "request_resolve", json!({ "id": r["id"], "firstContact": true }));
    assert_eq!(changed["request"]["firstContact"], true);
    // Resolving answers it, at the latest.
    assert_eq!(changed["request"]["firstResponseAt"], "2026-11-23T10:00:00");
    let m =
        call(&api, "measures", json!({ "from": "2026-11-23", "to": "2026-11-23" }))["comparison"]["current"].clone();
    assert_eq!(m["fcr"].as_f64(), Some(100.0));
}

#[test]
fn the_kiosk_pin_is_set_checked_and_changed_with_the_current_one() {
    let (_dir, api) = open();
    assert_eq!(call(&api, "kiosk_status", json!({}))["pinSet"], false);
    assert_eq!(
        call(&api, "kiosk_unlock", json!({ "pin": "" }))["ok"],
        false,
        "no PIN: the kiosk cannot be left, nor started"
    );
    for bad in ["12", "123456789", "12a4", ""] {
        let e = api.dispatch("kiosk_pin_set", json!({ "pin": bad })).unwrap_err();
        assert_eq!((e.fields[0].field.as_str(), e.fields[0].code.as_str()), ("pin", "pin_invalid"), "{bad}");
    }
    assert_eq!(call(&api, "kiosk_pin_set", json!({ "pin": "2468" }))["pinSet"], true);
    assert_eq!(call(&api, "kiosk_unlock", json!({ "pin": "2468" }))["ok"], true);
    assert_eq!(call(&api, "kiosk_unlock", json!({ "pin": "1357" }))["ok"], false);
    let e = api.dispatch("kiosk_pin_set", json!({ "pin": "1357", "current": "0000" })).unwrap_err();
    assert_eq!(e.fields[0].field, "current");
    call(&api, "kiosk_pin_set", json!({ "pin": "1357", "current": "2468" }));
    assert_eq!(call(&api, "kiosk_unlock", json!({ "pin": "1357" }))["ok"], true);
    // Audited without the digits.
    let audit = call(&api, "audit_list", json!({ "entity": "shop", "limit": 10 }));
    let text = audit.to_string();
    assert_eq!(audit["rows"].as_array().unwrap().len(), 2);
    assert!(!text.contains("2468") && !text.contains("1357"), "{text}");
}

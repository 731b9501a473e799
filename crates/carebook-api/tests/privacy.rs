//! Personal data through the API, as the front ends call it: the audit log
//! of every write, the consent history, one customer's data exported or
//! erased. Real SQLite files in temporary folders, a fixed clock.

mod common;

use carebook_api::{Api, ErrorCode, FixedClock, OpenOptions};
use chrono::NaiveDate;
use common::{call, open};
use serde_json::{Value, json};

const NOW: &str = "2026-11-23T10:00:00";

fn create(api: &Api, input: Value) -> i64 {
    call(api, "customer_create", json!({ "input": input }))["customer"]["id"].as_i64().unwrap()
}

fn audit(api: &Api, filter: Value) -> Vec<Value> {
    call(api, "audit_list", filter)["rows"].as_array().unwrap().clone()
}

/// `{field: [before, after]}` of an entry, for compact assertions.
fn changes(entry: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for c in entry["changes"].as_array().unwrap() {
        out.insert(c["field"].as_str().unwrap().to_owned(), json!([c["before"], c["after"]]));
    }
    Value::Object(out)
}

#[test]
fn every_write_is_audited_with_who_when_and_what_changed() {
    let (_dir, api) = open();
    call(&api, "session_set_actor", json!({ "name": "  Nguyễn Thị Mai " }));
    let staff =
        call(&api, "staff_create", json!({ "input": { "name": "Lê Thu Hà", "role": "staff", "active": true } }));
    let sid = staff["id"].as_i64().unwrap();
    call(&api, "staff_update", json!({ "id": sid, "input": { "name": "Lê Thu Hà", "role": "owner", "active": true } }));
    let id = create(&api, json!({ "name": "Trần Văn Bình", "phones": ["0901 234 567"], "tags": ["VIP"] }));
    call(
        &api,
        "customer_update",
        json!({ "id": id, "input": { "name": "Trần Văn Bình", "phones": ["0901 234 567"], "email": "binh@example.com", "tags": ["VIP"] } }),
    );
    // Saving without a change is no entry.
    call(
        &api,
        "customer_update",
        json!({ "id": id, "input": { "name": "Trần Văn Bình", "phones": ["0901 234 567"], "email": "binh@example.com", "tags": ["VIP"] } }),
    );
    call(
        &api,
        "purchase_add",
        json!({ "input": { "customerId": id, "amountVnd": 1250000, "date": "2026-11-20", "staffId": sid } }),
    );
    call(&api, "note_add", json!({ "input": { "customerId": id, "body": "Thích trà ít đường" } }));
    call(&api, "customer_archive", json!({ "id": id }));
    call(&api, "customer_unarchive", json!({ "id": id }));
    call(&api, "customer_archive", json!({ "id": id }));

    let entries = audit(&api, json!({ "limit": 100 }));
    let seen: Vec<(&str, &str, &str)> = entries
        .iter()
        .rev()
        .map(|e| (e["action"].as_str().unwrap(), e["entity"].as_str().unwrap(), e["summary"].as_str().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [
            ("create", "staff", "Lê Thu Hà"),
            ("update", "staff", "Lê Thu Hà"),
            ("create", "customer", "Trần Văn Bình"),
            ("update", "customer", "Trần Văn Bình"),
            ("create", "purchase", "Trần Văn Bình"),
            ("create", "note", "Trần Văn Bình"),
            ("archive", "customer", "Trần Văn Bình"),
            ("restore", "customer", "Trần Văn Bình"),
            ("archive", "customer", "Trần Văn Bình"),
        ],
        "one entry per write, in order"
    );
    for e in &entries {
        assert_eq!(e["actor"], "Nguyễn Thị Mai", "the acting person, trimmed");
        assert_eq!(e["at"], NOW, "the API's clock");
    }
    let by = |action: &str, entity: &str| {
        entries.iter().find(|e| e["action"] == action && e["entity"] == entity).unwrap().clone()
    };
    assert_eq!(changes(&by("update", "staff")), json!({ "role": ["staff", "owner"] }));
    assert_eq!(changes(&by("update", "customer")), json!({ "email": [null, "binh@example.com"] }), "only what changed");
    let created = changes(&by("create", "customer"));
    assert_eq!(created["name"], json!([null, "Trần Văn Bình"]));
    assert_eq!(created["phones"], json!([null, "0901 234 567"]));
    assert_eq!(created["tags"], json!([null, "VIP"]));
    assert_eq!(
        changes(&by("create", "purchase")),
        json!({ "date": [null, "2026-11-20"], "amountVnd": [null, "1250000"], "staff": [null, "Lê Thu Hà"],
                "points": [null, "125"] }),
        "with the points it earned"
    );
    assert_eq!(by("create", "purchase")["customerId"], id, "a purchase entry names its customer");
    assert_eq!(changes(&by("create", "note")), json!({ "body": [null, "Thích trà ít đường"] }));

    // Deleting permanently keeps who did what and when, naming the customer `#id` only.
    call(&api, "customer_delete", json!({ "id": id }));
    let after = audit(&api, json!({ "limit": 100 }));
    assert_eq!(after.len(), entries.len() + 1);
    assert_eq!((after[0]["action"].as_str(), after[0]["summary"].as_str()), (Some("delete"), Some(&*format!("#{id}"))));
    for e in after.iter().filter(|e| e["entity"] != "staff") {
        assert_eq!(e["summary"], format!("#{id}"), "{e}");
        assert_eq!(e["changes"], json!([]), "{e}");
    }
}

#[test]
fn the_actor_defaults_to_the_computers_user_and_can_be_reset() {
    let (_dir, api) = open();
    let session = call(&api, "session_get", json!({}));
    assert_eq!(session["actor"], session["defaultActor"]);
    assert!(!session["actor"].as_str().unwrap().is_empty(), "somebody is always named");
    assert_eq!(call(&api, "session_set_actor", json!({ "name": "Mai" }))["actor"], "Mai");
    assert_eq!(call(&api, "session_set_actor", json!({ "name": "" }))["actor"], session["defaultActor"]);
    let e = api.dispatch("session_set_actor", json!({ "name": "x".repeat(101) })).unwrap_err();
    assert_eq!((e.code, e.fields[0].code.as_str()), (ErrorCode::Validation, "too_long"));
}

#[test]
fn consent_history_grows_with_each_change_and_names_who_recorded_it() {
    let (_dir, api) = open();
    call(&api, "session_set_actor", json!({ "name": "Mai" }));
    let id = create(&api, json!({ "name": "Phạm Thị Lan", "consent": "given", "consentDate": "2026-01-05" }));
    let input =
        |consent: &str, date: Option<&str>| json!({ "name": "Phạm Thị Lan", "consent": consent, "consentDate": date });
    // Renaming does not touch consent.
    call(
        &api,
        "customer_update",
        json!({ "id": id, "input": { "name": "Phạm Lan", "consent": "given", "consentDate": "2026-01-05" } }),
    );
    call(&api, "session_set_actor", json!({ "name": "Hà" }));
    call(&api, "customer_update", json!({ "id": id, "input": input("withdrawn", Some("2026-11-20")) }));
    // Given again without a date: dated today.
    call(&api, "customer_update", json!({ "id": id, "input": input("given", None) }));

    let history = call(&api, "customer_consent_history", json!({ "id": id }));
    let seen: Vec<(&str, &str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["consent"].as_str().unwrap(), e["date"].as_str().unwrap(), e["actor"].as_str().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [("given", "2026-11-23", "Hà"), ("withdrawn", "2026-11-20", "Hà"), ("given", "2026-01-05", "Mai")],
        "newest first, with the date the customer gave it and who recorded it"
    );
    assert_eq!(history[0]["recordedAt"], NOW);
}

#[test]
fn customer_export_holds_everything_about_them_and_nothing_about_others() {
    let (dir, api) = open();
    call(&api, "session_set_actor", json!({ "name": "Mai" }));
    let id = create(
        &api,
        json!({ "name": "Đỗ Minh Châu", "phones": ["0912 345 678", "+84 28 3822 1234"], "email": "chau@example.com",
                "tags": ["khách quen"], "consent": "given", "consentDate": "2026-02-01",
                "birthday": { "calendar": "lunar", "day": 15, "month": 8 } }),
    );
    let other = create(&api, json!({ "name": "Người Khác", "phones": ["0987 000 111"] }));
    for (who, amount) in [(id, 1250000), (id, 80000), (other, 999000)] {
        call(
            &api,
            "purchase_add",
            json!({ "input": { "customerId": who, "amountVnd": amount, "date": "2026-11-20", "items": "Bánh kem" } }),
        );
    }
    call(&api, "note_add", json!({ "input": { "customerId": id, "body": "Dị ứng đậu phộng" } }));
    call(&api, "note_add", json!({ "input": { "customerId": other, "body": "ghi chú của người khác" } }));

    let out = dir.path().join("exports");
    std::fs::create_dir(&out).unwrap();
    let json_file = call(&api, "customer_export", json!({ "id": id, "path": out.to_str(), "format": "json" }));
    let path = json_file["path"].as_str().unwrap();
    assert!(path.ends_with(&format!("customer-{id}-2026-11-23.json")), "a folder gets a dated file name: {path}");
    let text = std::fs::read_to_string(path).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["format"], "carebook-customer-export");
    assert_eq!(doc["customer"]["name"], "Đỗ Minh Châu");
    assert_eq!(doc["customer"]["phones"].as_array().unwrap().len(), 2);
    assert_eq!(doc["customer"]["tags"], json!(["khách quen"]));
    assert_eq!(doc["consentHistory"][0]["consent"], "given");
    let amounts: Vec<i64> =
        doc["purchases"].as_array().unwrap().iter().map(|p| p["amountVnd"].as_i64().unwrap()).collect();
    assert_eq!(amounts, [1250000, 80000]);
    assert_eq!(doc["notes"][0]["body"], "Dị ứng đậu phộng");
    let actions: Vec<&str> = doc["audit"].as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["create", "create", "create", "create"], "their profile, two purchases and the note");
    for foreign in ["Người Khác", "0987 000 111", "999000", "người khác"] {
        assert!(!text.contains(foreign), "nothing about another customer: {foreign}");
    }

    let html_path = out.join("châu.html");
    let html =
        call(&api, "customer_export", json!({ "id": id, "path": html_path.to_str(), "format": "html", "lang": "vi" }));
    assert_eq!(html["path"], html_path.to_str().unwrap());
    let page = std::fs::read_to_string(&html_path).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<html lang=\"vi\">"));
    assert!(page.contains("<style>") && !page.contains("<script") && !page.contains("http"), "self-contained");
    for shown in [
        "Đỗ Minh Châu",
        "1.250.000 ₫",
        "1.330.000 ₫",
        "20/11/2026",
        "01/02/2026",
        "15/08 (âm lịch)",
        "Dị ứng đậu phộng",
        "Nghị định 13/2023",
    ] {
        assert!(page.contains(shown), "the page shows {shown}");
    }
    assert!(!page.contains("Người Khác"));
    let en = call(
        &api,
        "customer_export",
        json!({ "id": id, "path": out.join("chau-en.html").to_str(), "format": "html", "lang": "en" }),
    );
    let page = std::fs::read_to_string(en["path"].as_str().unwrap()).unwrap();
    assert!(page.contains("Consent history") && page.contains("1.250.000 ₫"), "English labels, Vietnamese money");

    // Exports are audited as about the customer.
    let exports = audit(&api, json!({ "action": "export", "customerId": id }));
    assert_eq!(exports.len(), 3);
    assert_eq!(changes(&exports[2])["format"], json!([null, "json"]));
}

#[test]
fn erase_needs_the_typed_name_and_removes_everything_about_the_customer() {
    let (dir, api) = open();
    call(&api, "session_set_actor", json!({ "name": "Mai" }));
    let id = create(
        &api,
        json!({ "name": "Vũ Hoàng Yến", "phones": ["0933 111 222"], "email": "yen@example.com", "tags": ["VIP"],
                "consent": "given", "consentDate": "2026-03-01" }),
    );
    let keep = create(&api, json!({ "name": "Còn Lại", "phones": ["0933 999 888"] }));
    call(&api, "purchase_add", json!({ "input": { "customerId": id, "amountVnd": 500000, "date": "2026-11-20" } }));
    call(&api, "note_add", json!({ "input": { "customerId": id, "body": "Sinh nhật tháng 3" } }));
    call(&api, "purchase_add", json!({ "input": { "customerId": keep, "amountVnd": 100000, "date": "2026-11-20" } }));

    let data = call(&api, "customer_data", json!({ "id": id }));
    let rows =
        |table: &str| data["tables"].as_array().unwrap().iter().find(|t| t["table"] == table).unwrap()["rows"].clone();
    assert_eq!(
        (rows("purchases"), rows("notes"), rows("consent_events"), rows("customer_phones")),
        (json!(1), json!(1), json!(1), json!(1))
    );
    assert_eq!(data["auditEntries"], 3, "what the dialog says will go");

    // A wrong name changes nothing.
    for typed in ["Vu Hoang Yen", "Vũ Hoàng", ""] {
        let e = api.dispatch("customer_erase", json!({ "id": id, "confirmName": typed })).unwrap_err();
        assert_eq!(
            (e.code, e.fields[0].field.as_str(), e.fields[0].code.as_str()),
            (ErrorCode::Validation, "confirmName", "name_mismatch"),
            "{typed:?}"
        );
    }
    assert_eq!(call(&api, "customer_get", json!({ "id": id }))["name"], "Vũ Hoàng Yến");

    // Active customers can be erased (no archiving first), case and spacing aside.
    let erased = call(&api, "customer_erase", json!({ "id": id, "confirmName": "  vũ hoàng  yến " }));
    assert_eq!(erased["auditEntries"], 3);
    assert_eq!(erased["compacted"], true, "the file was rewritten without the old copies");
    assert_eq!(api.dispatch("customer_get", json!({ "id": id })).unwrap_err().code, ErrorCode::NotFound);
    assert!(call(&api, "customer_search", json!({ "query": "0933111222" }))["hits"].as_array().unwrap().is_empty());

    // The audit log keeps who did what, without the person.
    let about = audit(&api, json!({ "entity": "customer", "entityId": id, "limit": 50 }));
    assert_eq!(about[0]["action"], "erase");
    assert_eq!(about[0]["summary"], format!("#{id}"));
    assert_eq!(about[0]["actor"], "Mai");
    for e in audit(&api, json!({ "limit": 100 })) {
        let text = e.to_string();
        for personal in ["Vũ Hoàng Yến", "0933 111 222", "yen@example.com", "Sinh nhật", "500000"] {
            assert!(!text.contains(personal), "an audit entry still holds {personal}: {text}");
        }
    }
    let kept = audit(&api, json!({ "customerId": keep }));
    assert_eq!(kept.len(), 2, "other customers' entries are untouched");
    assert_eq!(kept[1]["summary"], "Còn Lại");

    // Nothing of them in the file.
    let bytes = std::fs::read(dir.path().join("shop.sqlite")).unwrap();
    for personal in ["Vũ Hoàng Yến", "yen@example.com", "Sinh nhật tháng 3", "vu hoang yen"] {
        assert!(!bytes.windows(personal.len()).any(|w| w == personal.as_bytes()), "{personal} is still in the file");
    }

    // An archived customer can be erased too.
    call(&api, "customer_archive", json!({ "id": keep }));
    call(&api, "customer_erase", json!({ "id": keep, "confirmName": "Còn Lại" }));
    assert_eq!(call(&api, "app_info", json!({}))["customerCount"], 0);
}

#[test]
fn audit_list_pages_and_filters() {
    let (_dir, api) = open();
    call(&api, "session_set_actor", json!({ "name": "Mai" }));
    let a = create(&api, json!({ "name": "A" }));
    call(&api, "session_set_actor", json!({ "name": "Hà" }));
    for i in 0..4 {
        create(&api, json!({ "name": format!("B{i}") }));
    }
    call(&api, "customer_archive", json!({ "id": a }));

    let page = call(&api, "audit_list", json!({ "offset": 0, "limit": 2 }));
    assert_eq!(page["total"], 6);
    assert_eq!(page["rows"].as_array().unwrap().len(), 2);
    assert_eq!(page["rows"][0]["action"], "archive", "newest first");
    assert_eq!(page["actors"], json!(["Hà", "Mai"]));
    let last = call(&api, "audit_list", json!({ "offset": 4, "limit": 2 }));
    assert_eq!(last["rows"][1]["summary"], "A", "the oldest is on the last page");

    assert_eq!(call(&api, "audit_list", json!({ "actor": "Mai" }))["total"], 1);
    assert_eq!(call(&api, "audit_list", json!({ "entity": "customer", "entityId": a }))["total"], 2);
    assert_eq!(call(&api, "audit_list", json!({ "action": "archive" }))["total"], 1);
    assert_eq!(
        call(&api, "audit_list", json!({ "from": "2026-11-23", "to": "2026-11-23" }))["total"],
        6,
        "to is inclusive"
    );
    assert_eq!(call(&api, "audit_list", json!({ "from": "2026-11-24" }))["total"], 0);
    assert_eq!(call(&api, "audit_list", json!({ "to": "2026-11-22" }))["total"], 0);
    assert_eq!(call(&api, "audit_list", json!({ "actor": "" }))["total"], 6, "an empty filter is no filter");
}

#[test]
fn starting_the_own_shop_starts_a_clean_log() {
    let dir = tempfile::tempdir().unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let api =
        Api::open_with_clock(dir.path().join("demo.sqlite"), OpenOptions::demo(), Box::new(FixedClock(now))).unwrap();
    let demo = call(&api, "customer_list", json!({ "limit": 1 }))["rows"][0]["id"].as_i64().unwrap();
    call(&api, "customer_archive", json!({ "id": demo }));
    // Demo customers who consented have a history too (written by the store, nobody named).
    let rows = call(&api, "customer_list", json!({ "limit": 50 }))["rows"].as_array().unwrap().clone();
    let consenting = rows
        .iter()
        .map(|r| call(&api, "customer_get", json!({ "id": r["id"] })))
        .find(|c| c["consent"] != "unknown")
        .expect("the demo has consenting customers");
    let history = call(&api, "customer_consent_history", json!({ "id": consenting["id"] }));
    assert_eq!(history[0]["consent"], consenting["consent"]);
    assert_eq!(history[0]["date"], consenting["consentDate"]);
    assert_eq!(history[0]["actor"], Value::Null);
    call(&api, "start_own_shop", json!({ "shopName": "Tiệm bánh Hoa Mai" }));
    let entries = audit(&api, json!({}));
    assert_eq!(entries.len(), 1, "the demo's entries went with the demo data");
    assert_eq!(
        (entries[0]["action"].as_str(), entries[0]["summary"].as_str()),
        (Some("start_own_shop"), Some("Tiệm bánh Hoa Mai"))
    );
}

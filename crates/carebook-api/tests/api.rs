//! The API on real SQLite files, the way every front end calls it:
//! proof that the handlers run without a desktop around them.

mod common;

use carebook_api::{Api, ErrorCode, OpenOptions};
use common::{call, open};
use serde_json::{Value, json};

fn error(api: &Api, cmd: &str, args: Value) -> carebook_api::ApiError {
    api.dispatch(cmd, args).expect_err(cmd)
}

fn create(api: &Api, name: &str, phones: &[&str], email: Option<&str>) -> Value {
    call(api, "customer_create", json!({ "input": { "name": name, "phones": phones, "email": email } }))
}

#[test]
fn create_warns_about_a_shared_phone_or_email_naming_the_other_customer() {
    let (_dir, api) = open();
    let first = create(&api, "Nguyễn Văn An", &["0901 234 567"], Some("an@example.com"));
    assert_eq!(first["warnings"], json!([]));
    let first_id = first["customer"]["id"].as_i64().unwrap();

    // The same number in another spelling, and the same email in capitals.
    let second = create(&api, "Anh An", &["+84 901 234 567"], Some("AN@example.com"));
    assert_eq!(
        second["warnings"],
        json!([
            { "field": "phone", "value": "0901 234 567", "customerId": first_id, "customerName": "Nguyễn Văn An" },
            { "field": "email", "value": "an@example.com", "customerId": first_id, "customerName": "Nguyễn Văn An" },
        ])
    );
    let second_id = second["customer"]["id"].as_i64().unwrap();

    // Checking while typing: the customer being edited does not warn about itself.
    let check = call(
        &api,
        "customer_check_duplicates",
        json!({ "input": { "name": "x", "phones": ["84901234567"] }, "excludeId": first_id }),
    );
    assert_eq!(check["warnings"][0]["customerId"], json!(second_id));
    let check =
        call(&api, "customer_check_duplicates", json!({ "input": { "name": "", "phones": ["09", "not a phone"] } }));
    assert_eq!(check["warnings"], json!([]), "half-typed numbers are not reported");

    // Editing without touching the phone does not warn about itself either.
    let edited = call(&api, "customer_update", json!({ "id": second_id, "input": { "name": "Anh An", "phones": [] } }));
    assert_eq!(edited["warnings"], json!([]));
}

#[test]
fn validation_errors_name_fields_and_write_nothing() {
    let (_dir, api) = open();
    let e = error(
        &api,
        "customer_create",
        json!({ "input": { "name": " ", "phones": ["0901 234 567", "123"], "email": "x@" } }),
    );
    assert_eq!(e.code, ErrorCode::Validation);
    let fields: Vec<(&str, &str)> = e.fields.iter().map(|f| (f.field.as_str(), f.code.as_str())).collect();
    assert_eq!(fields, [("name", "required"), ("phones.1", "phone_invalid"), ("email", "email_invalid")]);
    assert_eq!(call(&api, "app_info", json!({}))["customerCount"], 0);

    let e = error(&api, "purchase_add", json!({ "input": { "customerId": 1, "amountVnd": -5 } }));
    assert_eq!(e.code, ErrorCode::Validation);
    let e = error(&api, "purchase_add", json!({ "input": { "customerId": 77, "amountVnd": 5 } }));
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn bad_requests_are_refused_with_a_code() {
    let (_dir, api) = open();
    assert_eq!(error(&api, "drop_tables", json!({})).code, ErrorCode::BadRequest);
    assert_eq!(error(&api, "customer_get", json!({ "id": "seven" })).code, ErrorCode::BadRequest);
    assert_eq!(error(&api, "customer_get", json!({ "id": 7 })).code, ErrorCode::NotFound);
}

#[test]
fn purchase_appears_on_the_timeline_and_in_the_list() {
    let (_dir, api) = open();
    let id = create(&api, "Đặng Thị Thuỳ Dương", &["0912 345 678"], None)["customer"]["id"].as_i64().unwrap();
    let staff =
        call(&api, "staff_create", json!({ "input": { "name": "Lê Thu Hà", "role": "staff", "active": true } }));
    let p = call(
        &api,
        "purchase_add",
        json!({ "input": { "customerId": id, "date": "2026-11-20", "amountVnd": 1250000, "items": "Bánh kem", "staffId": staff["id"] } }),
    );
    assert_eq!(p["staffName"], "Lê Thu Hà");
    call(&api, "note_add", json!({ "input": { "customerId": id, "body": "Gọi lại vào thứ Hai" } }));
    let timeline = call(&api, "customer_timeline", json!({ "id": id }));
    assert_eq!(timeline[0]["type"], "note");
    assert_eq!(timeline[1]["type"], "purchase");
    assert_eq!(timeline[1]["amountVnd"], 1250000);
    assert_eq!(timeline[1]["date"], "2026-11-20");
    let list = call(&api, "customer_list", json!({ "offset": 0, "limit": 50 }));
    assert_eq!(list["rows"][0]["totalSpentVnd"], 1250000);
    let found = call(&api, "customer_search", json!({ "query": "dang thi thuy" }));
    assert_eq!(found["hits"][0]["row"]["id"], id);
    let found = call(&api, "customer_search", json!({ "query": "goi lai" }));
    assert_eq!(found["hits"][0]["row"]["id"], id, "timeline notes are searchable");
}

#[test]
fn archive_undo_and_delete_need_archiving_first() {
    let (_dir, api) = open();
    let id = create(&api, "Trần Minh Tuấn", &[], None)["customer"]["id"].as_i64().unwrap();
    call(&api, "purchase_add", json!({ "input": { "customerId": id, "amountVnd": 50000 } }));

    let e = error(&api, "customer_delete", json!({ "id": id }));
    assert_eq!(e.code, ErrorCode::Conflict, "an active customer cannot be deleted");

    let archived = call(&api, "customer_archive", json!({ "id": id }));
    assert_eq!(archived["archivedAt"], "2026-11-23T10:00:00");
    assert_eq!(call(&api, "customer_list", json!({}))["total"], 0);
    assert_eq!(call(&api, "customer_list", json!({ "archived": true }))["total"], 1);
    let restored = call(&api, "customer_unarchive", json!({ "id": id }));
    assert_eq!(restored["archivedAt"], Value::Null, "undo brings the customer back");

    call(&api, "customer_archive", json!({ "id": id }));
    assert_eq!(call(&api, "customer_footprint", json!({ "id": id })), json!({ "purchases": 1, "notes": 0 }));
    call(&api, "customer_delete", json!({ "id": id }));
    assert_eq!(error(&api, "customer_get", json!({ "id": id })).code, ErrorCode::NotFound);
}

#[test]
fn demo_book_then_own_shop() {
    let (_dir, api) = open();
    api.generate_demo(50, 7, |_| {}).unwrap();
    let info = call(&api, "app_info", json!({}));
    assert_eq!((info["isDemo"].as_bool(), info["customerCount"].as_i64()), (Some(true), Some(50)));
    assert_eq!(
        api.generate_demo(50, 7, |_| {}).unwrap_err().code,
        ErrorCode::Conflict,
        "demo data never lands on a full book"
    );

    let e = error(&api, "start_own_shop", json!({ "shopName": "  " }));
    assert_eq!(e.fields[0].field, "shopName");
    let info = call(&api, "start_own_shop", json!({ "shopName": "Tiệm hoa Cúc" }));
    assert_eq!(info["isDemo"], false);
    assert_eq!(info["customerCount"], 0);
    assert_eq!(info["shopName"], "Tiệm hoa Cúc");
    assert_eq!(call(&api, "staff_list", json!({})), json!([]));

    create(&api, "Khách đầu tiên", &[], None);
    let e = error(&api, "start_own_shop", json!({ "shopName": "Again" }));
    assert_eq!(e.code, ErrorCode::Conflict, "a shop's own book is never erased");
    assert_eq!(call(&api, "app_info", json!({}))["customerCount"], 1);
}

#[test]
fn demo_is_deterministic_for_a_seed() {
    let summary = |seed| {
        let (_dir, api) = open();
        api.generate_demo(60, seed, |_| {}).unwrap();
        call(&api, "customer_list", json!({ "offset": 0, "limit": 500 }))
    };
    assert_eq!(summary(11), summary(11), "same seed, same shop");
    assert_ne!(summary(11), summary(12), "another seed, another shop");
}

#[test]
fn first_run_opens_a_demo_shop() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("first.sqlite");
    let api = Api::open(&path, OpenOptions::demo()).unwrap();
    let info = api.app_info().unwrap();
    assert!(info.is_demo);
    assert_eq!(info.customer_count, i64::from(carebook_api::FIRST_RUN_DEMO_CUSTOMERS));
    drop(api);
    // The second run opens the same book; it does not add another demo.
    let api = Api::open(&path, OpenOptions::demo()).unwrap();
    assert_eq!(api.app_info().unwrap().customer_count, i64::from(carebook_api::FIRST_RUN_DEMO_CUSTOMERS));
}

/// One rule picks the book for the desktop and every CLI command.
#[test]
fn the_book_is_resolved_by_flag_then_env_then_moved_location_then_default() {
    use carebook_api::book::{BookSource, resolve_with};
    let dir = tempfile::tempdir().unwrap();
    let moved = dir.path().join("moved.sqlite");
    std::fs::write(&moved, b"").unwrap();
    let location = dir.path().join("location.json");
    std::fs::write(&location, serde_json::to_string(&json!({ "db": moved })).unwrap()).unwrap();
    let flag = dir.path().join("flag.sqlite");
    let env = dir.path().join("env.sqlite");
    let default = dir.path().join("default.sqlite");
    let pick = |flag: Option<&std::path::Path>, env: Option<&std::path::Path>, location: Option<&std::path::Path>| {
        let c = resolve_with(flag, env.map(Into::into), location, Some(default.clone())).unwrap();
        (c.path, c.source)
    };
    let none = dir.path().join("no-location.json");
    assert_eq!(pick(Some(&flag), Some(&env), Some(&location)), (flag.clone(), BookSource::Flag));
    assert_eq!(pick(None, Some(&env), Some(&location)), (env.clone(), BookSource::Env));
    assert_eq!(pick(None, None, Some(&location)), (moved.clone(), BookSource::Moved));
    assert_eq!(pick(None, None, Some(&none)), (default.clone(), BookSource::Default));
    // A remembered place whose file is gone is an error, never an empty book in the default place.
    std::fs::remove_file(&moved).unwrap();
    let e = resolve_with(None, None, Some(&location), Some(default.clone())).unwrap_err();
    assert_eq!(e.code, ErrorCode::NoBook);
}

#[test]
fn opening_a_missing_book_is_refused_unless_asked_to_create_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.sqlite");
    let e = Api::open(&path, OpenOptions::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NoBook, "{e}");
    assert!(!path.exists(), "a mistyped path leaves no empty book behind");
    let api = Api::open(&path, OpenOptions::create()).unwrap();
    assert_eq!(call(&api, "app_info", json!({}))["customerCount"], 0);
}

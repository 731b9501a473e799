//! "Delete permanently" leaves nothing of the customer in the audit log.

mod common;

use common::{call, open};
use serde_json::json;

#[test]
fn a_deleted_customer_leaves_no_personal_data_in_the_audit_log() {
    let (_dir, api) = open();
    let id = call(
        &api,
        "customer_create",
        json!({ "input": { "name": "Hoàng Thị Lan", "phones": ["0912 345 678"], "email": "lan@example.com" } }),
    )["customer"]["id"]
        .as_i64()
        .unwrap();
    call(
        &api,
        "customer_update",
        json!({ "id": id, "input": { "name": "Hoàng Thị Lan", "email": "lan.hoang@example.com" } }),
    );
    call(&api, "customer_create", json!({ "input": { "name": "Khách Khác" } }));
    call(&api, "customer_archive", json!({ "id": id }));
    call(&api, "customer_delete", json!({ "id": id }));

    let log = call(&api, "audit_list", json!({ "offset": 0, "limit": 200 }));
    let text = log.to_string();
    for word in ["Hoàng Thị Lan", "lan@example.com", "lan.hoang", "0912", "+84912345678"] {
        assert!(!text.contains(word), "{word} is still in the audit log: {text}");
    }
    // Who deleted #id and when is kept.
    let rows = log["rows"].as_array().unwrap();
    let deleted = rows.iter().find(|r| r["action"] == "delete").expect("a delete entry");
    assert_eq!(deleted["summary"], format!("#{id}"));
    assert!(rows.iter().any(|r| r["summary"] == "Khách Khác"), "other customers' entries are untouched");
}

#[test]
fn a_rewrite_an_export_prevented_is_reported_and_done_later() {
    let (_dir, api) = open();
    let id = call(
        &api,
        "customer_create",
        json!({ "input": { "name": "Đinh Văn Phúc", "notes": "Số nhà 12 ngõ Huế" } }),
    )["customer"]["id"]
        .as_i64()
        .unwrap();
    call(&api, "customer_create", json!({ "input": { "name": "Người Khác" } }));
    // An export holds a read snapshot while the erase runs.
    let export = carebook_store::export::Snapshot::open(&api.db_path()).unwrap();
    let erased = call(&api, "customer_erase", json!({ "id": id, "confirmName": "Đinh Văn Phúc" }));
    assert_eq!(erased["compacted"], false);
    let why = erased["purgeError"].as_str().expect("the reason is given");
    assert!(why.contains("tries again"), "{why}");
    assert!(api.purge_pending().is_err(), "still prevented while the export runs");
    drop(export);

    // The next run of the background jobs does it.
    let report = api.run_due_jobs();
    assert!(report.failed.is_empty(), "{:?}", report.failed);
    assert!(!api.purge_pending().unwrap(), "nothing is left to do");
    let bytes = std::fs::read(api.db_path()).unwrap();
    let wal = std::fs::read(format!("{}-wal", api.db_path().display())).unwrap_or_default();
    for raw in [bytes, wal] {
        assert!(!raw.windows("Ngõ Huế".len()).any(|w| w.eq_ignore_ascii_case("ngõ Huế".as_bytes())));
        assert!(!raw.windows("Đinh Văn Phúc".len()).any(|w| w == "Đinh Văn Phúc".as_bytes()));
    }
}

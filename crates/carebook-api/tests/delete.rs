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

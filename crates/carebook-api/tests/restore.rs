//! Restores through the API: an erasure is not undone by restoring a backup
//! made before it, and the restore's audit entry says so.

mod common;

use common::{call, open};
use serde_json::json;

fn names(api: &carebook_api::Api) -> Vec<String> {
    let mut all = Vec::new();
    for archived in [false, true] {
        let page = call(api, "customer_list", json!({ "archived": archived, "offset": 0, "limit": 100 }));
        all.extend(page["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_owned()));
    }
    all.sort();
    all
}

#[test]
fn an_erased_customer_stays_erased_after_restoring_an_older_backup() {
    let (_dir, api) = open();
    let an = call(&api, "customer_create", json!({ "input": { "name": "Nguyễn Văn An", "phones": ["0901 234 567"] } }))
        ["customer"]["id"]
        .as_i64()
        .unwrap();
    call(&api, "note_add", json!({ "input": { "customerId": an, "body": "Dị ứng hải sản" } }));
    call(&api, "customer_create", json!({ "input": { "name": "Trần Thị Bình" } }));
    let older = call(&api, "backup_now", json!({}))["path"].as_str().unwrap().to_owned();
    call(&api, "customer_erase", json!({ "id": an, "confirmName": "Nguyễn Văn An" }));

    let restored = call(&api, "backup_restore", json!({ "path": older }));
    assert_eq!(restored["restored"]["customers"], 2, "the backup held both");
    assert_eq!(restored["erasedAgain"], 1, "the restore says one customer stays erased");
    assert_eq!(names(&api), ["Trần Thị Bình"]);
    assert_eq!(call(&api, "customer_search", json!({ "query": "0901234567" }))["hits"], json!([]));
    let log = call(&api, "audit_list", json!({ "action": "restore_backup" }));
    let changes = &log["rows"][0]["changes"];
    assert!(
        changes.as_array().unwrap().iter().any(|c| c["field"] == "erasedAgain" && c["after"] == format!("#{an}")),
        "{changes}"
    );
    let everything = call(&api, "audit_list", json!({ "offset": 0, "limit": 200 })).to_string();
    assert!(!everything.contains("Nguyễn Văn An"), "the audit log names the erased customer nowhere: {everything}");
    // Restoring the same backup again: still erased.
    assert_eq!(call(&api, "backup_restore", json!({ "path": older }))["erasedAgain"], 1);
    assert_eq!(names(&api), ["Trần Thị Bình"]);
}

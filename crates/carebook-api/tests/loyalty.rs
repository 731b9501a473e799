//! Loyalty points through the API on real files: purchases earn at the
//! shop's rate, deleting one or undoing an import takes the points back,
//! adjustments and redemptions need a reason and are audited, a redemption
//! beyond the balance is refused, the rate and tiers are edited and
//! checked, and reaching a tier fires its plan once.

use carebook_api::{Api, FixedClock, ImportFile, ImportUndoArgs, OpenOptions};
use chrono::NaiveDate;
use serde_json::{Value, json};

mod common;
use common::{call, open};

fn customer(api: &Api, input: Value) -> i64 {
    call(api, "customer_create", json!({ "input": input }))["customer"]["id"].as_i64().unwrap()
}

fn buy(api: &Api, customer: i64, amount: i64) -> i64 {
    call(api, "purchase_add", json!({ "input": { "customerId": customer, "amountVnd": amount } }))["id"]
        .as_i64()
        .unwrap()
}

fn loyalty(api: &Api, customer: i64) -> Value {
    call(api, "loyalty_get", json!({ "id": customer }))
}

fn balance(api: &Api, customer: i64) -> i64 {
    let view = loyalty(api, customer);
    let cached = call(api, "customer_get", json!({ "id": customer }))["loyaltyPoints"].as_i64().unwrap();
    assert_eq!(view["standing"]["balance"].as_i64().unwrap(), cached, "the customer's points are the ledger's sum");
    cached
}

/// (kind, points) of the ledger, oldest first.
fn ledger(api: &Api, customer: i64) -> Vec<(String, i64)> {
    let view = loyalty(api, customer);
    let mut rows: Vec<(String, i64)> = view["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["kind"].as_str().unwrap().to_owned(), e["points"].as_i64().unwrap()))
        .collect();
    rows.reverse();
    rows
}

fn field_codes(e: &carebook_api::ApiError) -> Vec<String> {
    e.fields.iter().map(|f| format!("{}:{}", f.field, f.code)).collect()
}

/// The tier invitations of a customer: the reasons' tier keys.
fn tier_tasks(api: &Api, customer: i64) -> Vec<String> {
    let list = call(api, "care_task_list", json!({ "customerId": customer, "limit": 100, "lang": "en" }));
    let mut keys: Vec<String> = list["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "event_invitation")
        .map(|l| l["why"].as_str().unwrap().to_owned())
        .collect();
    keys.sort();
    keys
}

#[test]
fn a_purchase_earns_points_and_deleting_it_reverses_them() {
    let (_dir, api) = open();
    let lan = customer(&api, json!({ "name": "Nguyễn Thị Lan", "loyaltyPoints": 40 }));
    assert_eq!(ledger(&api, lan), [("opening".into(), 40)], "the points typed with a new customer open the ledger");
    let first = buy(&api, lan, 1_259_000);
    buy(&api, lan, 85_000);
    assert_eq!(balance(&api, lan), 40 + 125 + 8, "1 point per 10.000 ₫, rounded down");

    call(&api, "purchase_delete", json!({ "id": first }));
    assert_eq!(balance(&api, lan), 40 + 8);
    assert_eq!(
        ledger(&api, lan),
        [("opening".into(), 40), ("earn".into(), 125), ("earn".into(), 8), ("reverse".into(), -125)],
        "the earn stays, next to its reversal"
    );
    let timeline = call(&api, "customer_timeline", json!({ "id": lan }));
    assert_eq!(timeline.as_array().unwrap().len(), 1, "the purchase is gone");
    let audit = call(&api, "audit_list", json!({ "entity": "purchase", "action": "delete" }));
    assert_eq!(audit["total"], 1, "the deletion is audited");
    let e = api.dispatch("purchase_delete", json!({ "id": first })).unwrap_err();
    assert_eq!(e.code, carebook_api::ErrorCode::NotFound);

    // The owner sets 1 point per 100.000 ₫: new purchases earn at that rate.
    let mut rules = call(&api, "loyalty_rules_get", json!({}));
    assert_eq!(rules["vndPerPoint"], 10_000);
    rules["vndPerPoint"] = json!(100_000);
    call(&api, "loyalty_rules_set", rules);
    buy(&api, lan, 1_250_000);
    assert_eq!(balance(&api, lan), 48 + 12);
    assert_eq!(call(&api, "audit_list", json!({ "entity": "loyalty_rules" }))["total"], 1);
}

#[test]
fn redemptions_beyond_the_balance_are_refused_and_every_change_is_audited() {
    let (_dir, api) = open();
    let minh = customer(&api, json!({ "name": "Trần Văn Minh" }));
    buy(&api, minh, 600_000);
    let over =
        api.dispatch("loyalty_redeem", json!({ "customerId": minh, "points": 61, "reason": "Đổi ly sứ" })).unwrap_err();
    assert_eq!(field_codes(&over), ["points:redeem_over_balance"], "{over:?}");
    let blank = api.dispatch("loyalty_redeem", json!({ "customerId": minh, "points": 0, "reason": " " })).unwrap_err();
    assert_eq!(field_codes(&blank), ["reason:required", "points:redeem_not_positive"]);
    let zero = api.dispatch("loyalty_adjust", json!({ "customerId": minh, "points": 0, "reason": "x" })).unwrap_err();
    assert_eq!(field_codes(&zero), ["points:points_zero"]);
    assert_eq!(balance(&api, minh), 60, "refused changes write nothing");

    let view = call(&api, "loyalty_redeem", json!({ "customerId": minh, "points": 50, "reason": "Đổi ly sứ" }));
    assert_eq!(view["standing"]["balance"], 10);
    assert_eq!(view["entries"][0]["reason"], "Đổi ly sứ");
    assert_eq!(view["standing"]["lifetime"], 60, "a reward does not count against the tier");
    call(&api, "loyalty_adjust", json!({ "customerId": minh, "points": -4, "reason": "Nhập nhầm" }));
    call(&api, "loyalty_adjust", json!({ "customerId": minh, "points": 150, "reason": "Khách giới thiệu bạn" }));
    assert_eq!(balance(&api, minh), 156);
    assert_eq!(loyalty(&api, minh)["standing"]["tier"]["key"], "silver", "60 - 4 + 150 lifetime points");

    let audit = call(&api, "audit_list", json!({ "customerId": minh, "entity": "loyalty" }));
    let rows = audit["rows"].as_array().unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["adjust_points", "adjust_points", "redeem_points"], "newest first");
    let changes = &rows[2]["changes"];
    assert!(
        changes
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "loyaltyPoints" && c["before"] == "60" && c["after"] == "10"),
        "{changes}"
    );

    // A customer edit leaves the points to the ledger.
    let c = call(&api, "customer_get", json!({ "id": minh }));
    let input = json!({ "name": "Trần Văn Minh", "loyaltyPoints": 9999, "consent": c["consent"], "kind": c["kind"] });
    call(&api, "customer_update", json!({ "id": minh, "input": input }));
    assert_eq!(balance(&api, minh), 156);
}

#[test]
fn the_rate_and_tiers_are_checked_field_by_field() {
    let (_dir, api) = open();
    let bad = json!({ "vndPerPoint": 0, "tiers": [
        { "key": "member", "nameVi": "Thành viên", "nameEn": "Member", "minPoints": 0 },
        { "key": "silver", "nameVi": "Bạc", "nameEn": "Silver", "minPoints": 0 },
        { "key": "gold", "nameVi": "", "nameEn": "Gold", "minPoints": 500 },
    ] });
    let e = api.dispatch("loyalty_rules_set", bad).unwrap_err();
    assert_eq!(
        field_codes(&e),
        ["vndPerPoint:number_invalid", "tiers[1].minPoints:not_increasing", "tiers[2].nameVi:required"]
    );
    let good = json!({ "vndPerPoint": 20000, "tiers": [
        { "key": "member", "nameVi": "Thành viên", "nameEn": "Member", "minPoints": 0 },
        { "key": "vip", "nameVi": " Khách VIP ", "nameEn": "VIP", "minPoints": 100 },
    ] });
    let saved = call(&api, "loyalty_rules_set", good);
    assert_eq!(saved["tiers"][1]["nameVi"], "Khách VIP", "names are trimmed");
    let lan = customer(&api, json!({ "name": "Lan" }));
    buy(&api, lan, 2_000_000);
    let view = loyalty(&api, lan);
    assert_eq!(
        (view["standing"]["balance"].as_i64(), view["standing"]["tier"]["key"].as_str()),
        (Some(100), Some("vip"))
    );
    assert_eq!(view["tiersReached"][0]["tierKey"], "vip");
}

#[test]
fn reaching_a_tier_fires_its_plan_once_even_when_generation_runs_twice() {
    let (_dir, api) = open();
    let lan = customer(&api, json!({ "name": "Nguyễn Thị Lan", "consent": "given", "loyaltyPoints": 150 }));
    assert_eq!(tier_tasks(&api, lan), Vec::<String>::new(), "the opening balance reaches no tier");
    let silver = buy(&api, lan, 600_000);
    let tasks = tier_tasks(&api, lan);
    assert_eq!(tasks.len(), 1, "{tasks:?}");
    assert!(tasks[0].contains("Silver"), "{tasks:?}");
    call(&api, "care_generate", json!({}));
    call(&api, "care_generate", json!({}));
    assert_eq!(tier_tasks(&api, lan).len(), 1, "generation again adds nothing");

    // Lost by a deletion and reached again: still the one invitation.
    call(&api, "purchase_delete", json!({ "id": silver }));
    assert_eq!(loyalty(&api, lan)["standing"]["tier"]["key"], "member");
    buy(&api, lan, 700_000);
    call(&api, "care_generate", json!({}));
    assert_eq!(tier_tasks(&api, lan).len(), 1);

    // Gold by an adjustment: its own invitation, once.
    call(&api, "loyalty_adjust", json!({ "customerId": lan, "points": 300, "reason": "Khách quen lâu năm" }));
    call(&api, "care_generate", json!({}));
    let tasks = tier_tasks(&api, lan);
    assert_eq!(tasks.len(), 2, "{tasks:?}");
    assert!(tasks.iter().any(|t| t.contains("Gold")), "{tasks:?}");
    // The customer who has not consented gets no marketing invitation.
    let minh = customer(&api, json!({ "name": "Trần Văn Minh" }));
    buy(&api, minh, 2_500_000);
    assert_eq!(tier_tasks(&api, minh), Vec::<String>::new());
    assert_eq!(loyalty(&api, minh)["tiersReached"][0]["tierKey"], "silver");
}

#[test]
fn an_import_s_undo_takes_back_its_purchases_points() {
    let dir = tempfile::tempdir().unwrap();
    let now = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let api =
        Api::open_with_clock(dir.path().join("shop.sqlite"), OpenOptions::create(), Box::new(FixedClock(now))).unwrap();
    let old = customer(&api, json!({ "name": "Khách Cũ", "phones": ["0966 000 999"], "loyaltyPoints": 30 }));
    let csv = "Tên;SĐT;Điểm tích luỹ;Ngày mua;Số tiền\n\
               Khách Cũ;0966 000 999;;02/11/2026;100.000\n\
               Khách Mới;0966 555 111;;04/11/2026;300.000\n\
               Khách Có Điểm;0966 555 222;250;05/11/2026;500.000\n";
    let file = ImportFile { name: "khach.csv".into(), bytes: csv.as_bytes().to_vec(), ..Default::default() };
    let done = api.import_commit_with(&file, false, |_| true).unwrap();
    assert_eq!((done.batch.customers_created, done.batch.customers_merged), (2, 1));
    assert_eq!(balance(&api, old), 40, "the merged customer's purchase earned 10");
    let ids: Vec<i64> = call(&api, "customer_list", json!({ "offset": 0, "limit": 10 }))["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .filter(|id| *id != old)
        .collect();
    let mut balances: Vec<i64> = ids.iter().map(|id| balance(&api, *id)).collect();
    balances.sort();
    assert_eq!(balances, [30, 250], "a file's points are the balance, its purchases already in them");

    api.import_undo_last(ImportUndoArgs::default()).unwrap();
    assert_eq!(balance(&api, old), 30, "the import's points are taken back");
    assert_eq!(ledger(&api, old), [("opening".into(), 30)], "and the book is as before");
}

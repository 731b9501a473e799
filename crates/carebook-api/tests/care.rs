//! Service requests, care tasks and feedback through the API, on a real file:
//! validation, edits, audit, and that they travel with every export and go
//! with an erased customer.

mod common;

use carebook_api::{Api, ErrorCode};
use common::{call, open};
use serde_json::{Value, json};

fn fields(api: &Api, cmd: &str, args: Value) -> Vec<(String, String)> {
    let e = api.dispatch(cmd, args).unwrap_err();
    assert_eq!(e.code, ErrorCode::Validation, "{e:?}");
    e.fields.into_iter().map(|f| (f.field, f.code)).collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(f, c)| ((*f).to_owned(), (*c).to_owned())).collect()
}

/// Two customers and two staff members.
fn shop(api: &Api) -> (i64, i64, i64, i64) {
    let customer = |name: &str, phone: &str| {
        call(api, "customer_create", json!({ "input": { "name": name, "phones": [phone] } }))["customer"]["id"]
            .as_i64()
            .unwrap()
    };
    let staff = |name: &str| {
        call(api, "staff_create", json!({ "input": { "name": name, "role": "staff", "active": true } }))["id"]
            .as_i64()
            .unwrap()
    };
    (
        customer("Vũ Hoàng Yến", "0933 111 222"),
        customer("Lý Minh Tuấn", "0944 555 666"),
        staff("Lê Thu Hà"),
        staff("Trần Văn Nam"),
    )
}

#[test]
fn a_request_is_received_transferred_resolved_and_reopened() {
    let (_dir, api) = open();
    let (yen, tuan, ha, nam) = shop(&api);

    // What the counter gets wrong is named field by field, and nothing is written.
    let bad = json!({ "input": { "customerId": yen, "summary": " ", "status": "resolved", "firstContact": true,
        "transferredTo": nam, "waitMinutes": -1, "receivedAt": "2026-11-23T11:00:00" } });
    assert_eq!(
        fields(&api, "request_save", bad),
        pairs(&[
            ("summary", "required"),
            ("receivedAt", "date_in_future"),
            ("waitMinutes", "number_invalid"),
            ("firstContact", "transferred")
        ])
    );
    assert!(call(&api, "customer_care", json!({ "id": yen }))["requests"].as_array().unwrap().is_empty());

    let complaint = call(
        &api,
        "request_save",
        json!({ "input": { "customerId": yen, "channel": "zalo", "kind": "complaint", "summary": "Bánh giao trễ 30 phút",
            "receivedAt": "2026-11-23T08:15:00", "waitMinutes": 4, "handledBy": ha } }),
    );
    assert_eq!((complaint["status"].as_str(), complaint["handledByName"].as_str()), (Some("open"), Some("Lê Thu Hà")));
    assert_eq!(complaint["resolvedAt"], Value::Null);
    let id = complaint["id"].as_i64().unwrap();

    // Transferred to Nam, then resolved now: the resolution time is filled in.
    let mut input = json!({ "customerId": yen, "channel": "zalo", "kind": "complaint", "summary": "Bánh giao trễ 30 phút",
        "receivedAt": "2026-11-23T08:15:00", "firstResponseAt": "2026-11-23T08:20:00", "waitMinutes": 4, "handledBy": ha,
        "transferredTo": nam, "status": "resolved" });
    let resolved = call(&api, "request_save", json!({ "id": id, "input": input }));
    assert_eq!(
        (resolved["status"].as_str(), resolved["resolvedAt"].as_str(), resolved["transferredToName"].as_str()),
        (Some("resolved"), Some("2026-11-23T10:00:00"), Some("Trần Văn Nam"))
    );
    assert_eq!(resolved["reopened"], false);

    // Opened again: no resolution time any more, and marked reopened for good.
    input["status"] = json!("open");
    let reopened = call(&api, "request_save", json!({ "id": id, "input": input }));
    assert_eq!((reopened["resolvedAt"].clone(), reopened["reopened"].clone()), (Value::Null, json!(true)));
    input["status"] = json!("resolved");
    assert_eq!(call(&api, "request_save", json!({ "id": id, "input": input }))["reopened"], true);

    // An edit that leaves the times out keeps the stored ones.
    let kept = call(
        &api,
        "request_save",
        json!({ "id": id, "input": { "customerId": yen, "channel": "zalo", "kind": "complaint",
            "summary": "Bánh giao trễ 30 phút, đã xin lỗi", "status": "resolved" } }),
    );
    assert_eq!(
        (kept["receivedAt"].as_str(), kept["firstResponseAt"].as_str(), kept["resolvedAt"].as_str()),
        (Some("2026-11-23T08:15:00"), Some("2026-11-23T08:20:00"), Some("2026-11-23T10:00:00"))
    );

    // Another customer's request cannot be rewritten through this one.
    input["customerId"] = json!(tuan);
    assert_eq!(
        api.dispatch("request_save", json!({ "id": id, "input": input })).unwrap_err().code,
        ErrorCode::NotFound
    );

    let audit = call(&api, "audit_list", json!({ "customerId": yen, "offset": 0, "limit": 100 }));
    let actions: Vec<(String, String)> = audit["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["entity"] == "request")
        .map(|e| (e["action"].as_str().unwrap().to_owned(), e["summary"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(actions.len(), 5, "one entry per write: {actions:?}");
    assert!(actions.iter().all(|(_, who)| who == "Vũ Hoàng Yến"));

    call(&api, "request_delete", json!({ "id": id }));
    assert!(call(&api, "customer_care", json!({ "id": yen }))["requests"].as_array().unwrap().is_empty());
    assert_eq!(api.dispatch("request_delete", json!({ "id": id })).unwrap_err().code, ErrorCode::NotFound);
}

#[test]
fn care_tasks_are_planned_done_and_overdue_is_derived() {
    let (_dir, api) = open();
    let (yen, _, ha, _) = shop(&api);
    assert_eq!(
        fields(&api, "care_task_save", json!({ "input": { "customerId": yen, "kind": "custom" } })),
        pairs(&[("title", "required")])
    );
    let late = call(
        &api,
        "care_task_save",
        json!({ "input": { "customerId": yen, "kind": "follow_up_call", "dueDate": "2026-11-20", "dueTime": "09:30:00", "assigneeId": ha } }),
    );
    assert_eq!((late["overdue"].clone(), late["assigneeName"].clone()), (json!(true), json!("Lê Thu Hà")));
    assert_eq!((late["origin"].as_str(), late["completedAt"].clone()), (Some("manual"), Value::Null));
    let soon = call(
        &api,
        "care_task_save",
        json!({ "input": { "customerId": yen, "kind": "custom", "title": "Gửi thiệp cảm ơn", "dueDate": "2026-11-25" } }),
    );
    assert_eq!(soon["overdue"], false);

    let done = call(
        &api,
        "care_task_save",
        json!({ "id": late["id"], "input": { "customerId": yen, "kind": "follow_up_call", "dueDate": "2026-11-20",
            "assigneeId": ha, "status": "done", "outcome": "Khách hài lòng, hẹn tuần sau ghé" } }),
    );
    assert_eq!(
        (done["overdue"].clone(), done["completedAt"].clone(), done["status"].clone()),
        (json!(false), json!("2026-11-23T10:00:00"), json!("done"))
    );
    let care = call(&api, "customer_care", json!({ "id": yen }));
    let order: Vec<i64> = care["tasks"].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect();
    assert_eq!(order, [soon["id"].as_i64().unwrap(), late["id"].as_i64().unwrap()], "planned first, then done");
}

#[test]
fn feedback_needs_a_score_and_links_only_to_the_same_customer() {
    let (_dir, api) = open();
    let (yen, tuan, _, _) = shop(&api);
    assert_eq!(
        fields(&api, "feedback_add", json!({ "input": { "customerId": yen, "csat": 7, "comment": "ngon" } })),
        pairs(&[("csat", "number_invalid")])
    );
    assert_eq!(fields(&api, "feedback_add", json!({ "input": { "customerId": yen } })), pairs(&[("csat", "required")]));
    let request = call(&api, "request_save", json!({ "input": { "customerId": tuan, "summary": "Hỏi giờ mở cửa" } }));
    let e = api
        .dispatch("feedback_add", json!({ "input": { "customerId": yen, "csat": 5, "requestId": request["id"] } }))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "Tuấn's request is not Yến's");
    let fb = call(
        &api,
        "feedback_add",
        json!({ "input": { "customerId": yen, "csat": 5, "nps": 9, "comment": "Bánh ngon" } }),
    );
    assert_eq!(
        (fb["csat"].clone(), fb["nps"].clone(), fb["givenAt"].clone()),
        (json!(5), json!(9), json!("2026-11-23T10:00:00"))
    );
    assert_eq!(call(&api, "customer_care", json!({ "id": yen }))["feedback"].as_array().unwrap().len(), 1);
}

#[test]
fn care_records_are_exported_and_erased_with_the_customer() {
    let (dir, api) = open();
    let (yen, _, ha, _) = shop(&api);
    call(
        &api,
        "request_save",
        json!({ "input": { "customerId": yen, "channel": "phone", "kind": "complaint", "summary": "Bánh bị móp hộp",
            "receivedAt": "2026-11-22T15:00:00", "handledBy": ha, "status": "resolved", "firstContact": true,
            "resolvedAt": "2026-11-22T15:10:00" } }),
    );
    let task = call(
        &api,
        "care_task_save",
        json!({ "input": { "customerId": yen, "kind": "follow_up_call", "dueDate": "2026-11-24", "assigneeId": ha } }),
    );
    call(
        &api,
        "feedback_add",
        json!({ "input": { "customerId": yen, "csat": 4, "careTaskId": task["id"], "comment": "Ổn" } }),
    );

    // The whole book: a file per dataset, labels in the shop's language.
    let out = dir.path().join("csv");
    let result = call(&api, "export_all", json!({ "format": "csv", "path": out.to_str() }));
    let rows = |name: &str| {
        result["datasets"].as_array().unwrap().iter().find(|d| d["dataset"] == name).unwrap()["rows"].as_u64().unwrap()
    };
    assert_eq!((rows("requests"), rows("care_tasks"), rows("feedback")), (1, 1, 1));
    let csv = |name: &str| String::from_utf8(std::fs::read(out.join(name)).unwrap()[3..].to_vec()).unwrap();
    let requests = csv("requests.csv");
    assert!(
        requests.starts_with("Mã yêu cầu,Mã khách hàng,Khách hàng,Kênh,Loại yêu cầu,Nội dung,Tiếp nhận lúc"),
        "{requests}"
    );
    assert!(
        requests.contains(",Vũ Hoàng Yến,Điện thoại,Khiếu nại,Bánh bị móp hộp,2026-11-22 15:00:00,2026-11-22 15:10:00,2026-11-22 15:10:00,,Lê Thu Hà,,Đã giải quyết,"),
        "{requests}"
    );
    assert!(csv("care_tasks.csv").contains(",Gọi điện hỏi thăm,,2026-11-24,,"), "{}", csv("care_tasks.csv"));
    assert!(csv("feedback.csv").contains(",4,,Ổn,,"), "{}", csv("feedback.csv"));

    // JSON of everything holds them too.
    let json_path = dir.path().join("all.json");
    call(&api, "export_all", json!({ "format": "json", "path": json_path.to_str() }));
    let all: Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(all["requests"][0]["summary"], "Bánh bị móp hộp", "{}", all["requests"]);
    assert_eq!(all["care_tasks"][0]["kind"], "follow_up_call", "{}", all["care_tasks"]);
    assert_eq!(all["feedback"][0]["csat"], 4);

    // Everything about Yến: the JSON and the printable page.
    let mine = dir.path().join("yen.json");
    call(&api, "customer_export", json!({ "id": yen, "path": mine.to_str(), "format": "json" }));
    let dossier: Value = serde_json::from_slice(&std::fs::read(&mine).unwrap()).unwrap();
    assert_eq!(dossier["version"], 2);
    assert_eq!(
        (
            dossier["requests"].as_array().unwrap().len(),
            dossier["careTasks"].as_array().unwrap().len(),
            dossier["feedback"].as_array().unwrap().len()
        ),
        (1, 1, 1)
    );
    let page_path = dir.path().join("yen.html");
    call(&api, "customer_export", json!({ "id": yen, "path": page_path.to_str(), "format": "html", "lang": "vi" }));
    let page = std::fs::read_to_string(&page_path).unwrap();
    for text in
        ["Yêu cầu và khiếu nại", "Bánh bị móp hộp", "Khiếu nại", "Việc chăm sóc", "Gọi điện hỏi thăm", "CSAT 4/5", "Ổn"]
    {
        assert!(page.contains(text), "the page shows {text}");
    }

    // Erasing Yến takes them along.
    let data = call(&api, "customer_data", json!({ "id": yen }));
    let count = |t: &str| data["tables"].as_array().unwrap().iter().find(|x| x["table"] == t).unwrap()["rows"].clone();
    assert_eq!((count("service_requests"), count("care_tasks"), count("feedback")), (json!(1), json!(1), json!(1)));
    call(&api, "customer_erase", json!({ "id": yen, "confirmName": "Vũ Hoàng Yến" }));
    let after = dir.path().join("after");
    let result = call(&api, "export_all", json!({ "format": "csv", "path": after.to_str() }));
    let left: Vec<u64> = ["requests", "care_tasks", "feedback"]
        .iter()
        .map(|n| {
            result["datasets"].as_array().unwrap().iter().find(|d| d["dataset"] == *n).unwrap()["rows"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(left, [0, 0, 0]);
}

#[test]
fn the_demo_shop_has_requests_care_tasks_and_feedback() {
    let (dir, api) = open();
    let stats = api.generate_demo(300, 7, |_| {}).unwrap();
    assert!(stats.requests > 10 && stats.care_tasks > 10 && stats.feedback > 3, "{stats:?}");
    let path = dir.path().join("demo.json");
    call(&api, "export_all", json!({ "format": "json", "path": path.to_str() }));
    let all: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let requests = all["requests"].as_array().unwrap();
    let tasks = all["care_tasks"].as_array().unwrap();
    assert_eq!((requests.len() as u64, tasks.len() as u64), (stats.requests, stats.care_tasks));
    for kind in ["question", "order", "complaint"] {
        assert!(requests.iter().any(|r| r["kind"] == kind), "some {kind}");
    }
    assert!(requests.iter().any(|r| r["status"] == "resolved" && r["firstContact"] == true));
    let overdue = tasks.iter().filter(|t| t["status"] == "planned" && t["dueDate"].as_str().unwrap() < "2026-11-23");
    assert!(overdue.count() > 0, "the care list has something late to show");
    assert!(tasks.iter().any(|t| t["status"] == "done" && t["outcome"].is_string()));
}

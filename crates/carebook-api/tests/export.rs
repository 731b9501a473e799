//! Exports of the whole book through the API, read back the way a person's
//! tools would: CSV bytes, the XLSX through a spreadsheet reader, JSON parsed.

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use carebook_api::{Api, ErrorCode};
use common::{call, open};
use serde_json::{Value, json};

/// A small shop: two customers (one with a comma and quotes in her notes,
/// one archived), a staff member, purchases and a note.
fn shop(api: &Api) -> (i64, i64) {
    let staff = call(api, "staff_create", json!({ "input": { "name": "Lê Thu Hà", "role": "staff", "active": true } }));
    let a = call(
        api,
        "customer_create",
        json!({ "input": { "name": "Đặng Thị Thuỳ Dương", "phones": ["0912 345 678", "0283 822 1234"], "email": "duong@example.com",
                           "tags": ["khách quen", "VIP"], "notes": "Thích bánh \"ít đường\", gọi trước", "gender": "female",
                           "consent": "given", "consentDate": "2026-01-02", "preferredChannel": "zalo", "loyaltyPoints": 120,
                           "birthday": { "calendar": "lunar", "day": 15, "month": 8, "year": 1990 } } }),
    )["customer"]["id"]
        .as_i64()
        .unwrap();
    let b = call(
        api,
        "customer_create",
        json!({ "input": { "name": "=HYPERLINK(\"x\")", "phones": ["0987 000 111"] } }),
    )["customer"]["id"]
        .as_i64()
        .unwrap();
    call(api, "customer_archive", json!({ "id": b }));
    for (who, amount, date) in [(a, 1_250_000, "2026-11-20"), (a, 85_000, "2025-12-31"), (b, 40_000, "2026-03-08")] {
        call(
            api,
            "purchase_add",
            json!({ "input": { "customerId": who, "amountVnd": amount, "date": date, "items": "Bánh kem, trà", "staffId": staff["id"] } }),
        );
    }
    call(api, "note_add", json!({ "input": { "customerId": a, "body": "Giao hàng lúc 5 giờ chiều\nđến cửa sau" } }));
    (a, b)
}

fn field_error(api: &Api, args: Value) -> (ErrorCode, String, String) {
    let e = api.dispatch("export_all", args).unwrap_err();
    let f = e.fields.first().map(|f| (f.field.clone(), f.code.clone())).unwrap_or_default();
    (e.code, f.0, f.1)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn csv_folder_has_a_file_per_dataset_with_bom_headers_and_vietnamese_intact() {
    let (dir, api) = open();
    shop(&api);
    let out = dir.path().join("xuất dữ liệu");
    let result = call(&api, "export_all", json!({ "format": "csv", "path": out.to_str() }));
    assert_eq!(result["path"], out.to_str().unwrap());
    assert_eq!(
        files_in(&out),
        [
            "audit_log.csv",
            "care_tasks.csv",
            "consent_events.csv",
            "customers.csv",
            "feedback.csv",
            "notes.csv",
            "purchases.csv",
            "requests.csv",
            "staff.csv"
        ],
        "one file per dataset, nothing half-written left"
    );
    let counts: Vec<(String, u64)> = result["datasets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["dataset"].as_str().unwrap().to_owned(), d["rows"].as_u64().unwrap()))
        .collect();
    assert_eq!(&counts[..3], [("customers".into(), 2), ("purchases".into(), 3), ("notes".into(), 1)]);

    let bytes = std::fs::read(out.join("customers.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with a byte-order mark, for Excel");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert!(
        lines[0].starts_with("Mã khách hàng,Họ và tên,Số điện thoại,Email,Ngày sinh,Loại lịch,Giới tính"),
        "{}",
        lines[0]
    );
    // Her points: 120 typed with her, 125 + 8 earned by her purchases.
    assert!(
        lines[1].starts_with(
            "1,Đặng Thị Thuỳ Dương,0912 345 678; 028 3822 1234,duong@example.com,15/08/1990,Âm lịch,Nữ,,Khách hàng bên ngoài,,khách quen; VIP,\"Thích bánh \"\"ít đường\"\", gọi trước\",Đã đồng ý,2026-01-02,Zalo,253,,2,1335000,2026-11-20,"
        ),
        "labels in Vietnamese, ISO dates, money as a plain number, quoting where needed: {}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("2,\"'=HYPERLINK(\"\"x\"\")\","),
        "a formula typed as a name stays text: {}",
        lines[2]
    );
    assert!(lines[2].contains(",2026-11-23 10:00:00,"), "archived at, with its time");

    let notes = std::fs::read_to_string(out.join("notes.csv")).unwrap();
    assert!(notes.contains("\"Giao hàng lúc 5 giờ chiều\nđến cửa sau\""), "a line break stays inside its quoted field");

    // English headers and labels, semicolons, one dataset to one file.
    let one = dir.path().join("customers-en.csv");
    call(
        &api,
        "export_all",
        json!({ "format": "csv", "path": one.to_str(), "datasets": ["customers"], "lang": "en", "delimiter": "semicolon" }),
    );
    let text = std::fs::read_to_string(&one).unwrap();
    assert!(text.starts_with("\u{feff}Customer ID;Full name;Phone numbers;"), "{}", &text[..60]);
    assert!(text.contains(";Female;") && text.contains(";Given;2026-01-02;Zalo;"));
}

#[test]
fn xlsx_has_a_sheet_per_dataset_with_real_dates_and_money() {
    let (dir, api) = open();
    shop(&api);
    let result = call(&api, "export_all", json!({ "format": "xlsx", "path": dir.path().to_str() }));
    let path = result["path"].as_str().unwrap();
    assert!(path.ends_with("carebook-2026-11-23.xlsx"), "a folder gets a dated file: {path}");
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"), "an XLSX is a zip file");
    assert_eq!(result["files"][0]["bytes"], bytes.len());

    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Khách hàng",
            "Mua hàng",
            "Ghi chú",
            "Việc chăm sóc",
            "Yêu cầu",
            "Phản hồi",
            "Nhân viên",
            "Lịch sử đồng ý",
            "Nhật ký thao tác"
        ]
    );
    let customers = book.worksheet_range("Khách hàng").unwrap();
    assert_eq!(customers.height(), 3, "header and two customers");
    assert_eq!(customers.get((0, 1)), Some(&Data::String("Họ và tên".into())));
    assert_eq!(customers.get((1, 1)), Some(&Data::String("Đặng Thị Thuỳ Dương".into())));
    assert_eq!(customers.get((2, 1)), Some(&Data::String("=HYPERLINK(\"x\")".into())), "text, never a formula");
    assert_eq!(customers.get((1, 0)), Some(&Data::Float(1.0)), "ids are numbers");

    let purchases = book.worksheet_range("Mua hàng").unwrap();
    assert_eq!(purchases.height(), 4);
    match purchases.get((1, 3)) {
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 46_346.0, "20/11/2026 as an Excel date"),
        other => panic!("the purchase date is a real date, got {other:?}"),
    }
    assert_eq!(purchases.get((1, 4)), Some(&Data::Float(1_250_000.0)), "money is a whole number");
    assert_eq!(purchases.get((1, 2)), Some(&Data::String("Đặng Thị Thuỳ Dương".into())), "purchases name the customer");

    // The money format is in the styles: #,##0 "₫".
    let styles = zip_entry(&bytes, "xl/styles.xml");
    assert!(styles.contains("#,##0 &quot;₫&quot;"), "money shows grouped with ₫");
    assert!(styles.contains("dd/mm/yyyy"), "dates show day first");
}

/// The text of one file inside a zip (an XLSX).
fn zip_entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entry = archive.by_name(name).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
    text
}

#[test]
fn json_holds_the_whole_book_and_parses_back() {
    let (dir, api) = open();
    let (a, b) = shop(&api);
    let path = dir.path().join("sao lưu").join("book.json");
    let result = call(&api, "export_all", json!({ "format": "json", "path": path.to_str() }));
    assert_eq!(result["path"], path.to_str().unwrap(), "missing folders are created");
    let folder = format!("{}/", dir.path().join("new folder").display());
    let result = call(&api, "export_all", json!({ "format": "json", "path": folder, "datasets": ["staff"] }));
    assert!(
        result["path"].as_str().unwrap().ends_with("new folder/carebook-2026-11-23.json"),
        "a path ending in a separator is a folder, created if missing: {}",
        result["path"]
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(doc["format"], "carebook-export");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["exportedAt"], "2026-11-23T10:00:00");
    let ids: Vec<i64> = doc["customers"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [a, b]);
    let c = &doc["customers"][0];
    assert_eq!(c["phones"][0], json!({ "e164": "+84912345678", "display": "0912 345 678" }), "both forms of a phone");
    assert_eq!(c["tags"], json!(["khách quen", "VIP"]));
    assert_eq!(c["consent"], "given", "codes, not labels, in JSON");
    assert_eq!(c["consentDate"], "2026-01-02");
    assert_eq!(c["totalSpentVnd"], 1_335_000);
    assert_eq!(doc["purchases"].as_array().unwrap().len(), 3);
    assert_eq!(doc["purchases"][0]["amountVnd"], 1_250_000);
    assert_eq!(doc["staff"][0]["active"], true);
    assert_eq!(doc["counts"]["customers"], 2);
    assert_eq!(doc["counts"]["purchases"], 3);
    assert!(doc["auditLog"].is_null() && doc["audit_log"].is_array(), "datasets by name");
    let entry = doc["audit_log"].as_array().unwrap().iter().find(|e| e["action"] == "update").cloned();
    assert!(entry.is_none(), "nothing was updated in this shop");
    assert_eq!(doc["audit_log"][1]["changes"]["name"][1], "Đặng Thị Thuỳ Dương", "changes are embedded JSON");

    // The exports themselves are in the log, newest first.
    let log = call(&api, "audit_list", json!({ "action": "export" }));
    assert_eq!(log["rows"][1]["summary"], path.to_str().unwrap());
    assert_eq!(log["rows"][0]["changes"][1], json!({ "field": "staff", "before": null, "after": "1" }));
}

#[test]
fn failed_or_refused_exports_leave_nothing_behind() {
    let (dir, api) = open();
    shop(&api);
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    for format in ["csv", "xlsx", "json"] {
        let (code, field, reason) =
            field_error(&api, json!({ "format": format, "path": blocker.join("out").to_str() }));
        assert_eq!(
            (code, field.as_str(), reason.as_str()),
            (ErrorCode::Validation, "path", "path_unwritable"),
            "{format}"
        );
    }
    assert_eq!(field_error(&api, json!({ "format": "json", "path": "relative/book.json" })).2, "path_not_absolute");
    assert_eq!(field_error(&api, json!({ "format": "json", "path": "  " })).2, "required");
    assert_eq!(
        field_error(&api, json!({ "format": "csv", "path": dir.path().join("a.csv").to_str() })).2,
        "csv_one_dataset",
        "a .csv file cannot hold every dataset"
    );
    assert_eq!(
        field_error(&api, json!({ "format": "json", "path": dir.path().to_str(), "datasets": ["nope"] })).1,
        "datasets"
    );
    // An existing export is only replaced by a complete one.
    let old = dir.path().join("book.json");
    std::fs::write(&old, "the previous export").unwrap();
    field_error(&api, json!({ "format": "json", "path": old.to_str(), "datasets": ["nope"] }));
    assert_eq!(std::fs::read_to_string(&old).unwrap(), "the previous export");
    assert_eq!(
        files_in(dir.path()),
        ["book.json", "not-a-folder", "shop.sqlite", "shop.sqlite-shm", "shop.sqlite-wal"]
    );
    assert_eq!(
        call(&api, "audit_list", json!({ "action": "export" }))["total"],
        0,
        "only exports that happened are logged"
    );
    // Never onto the book itself, nor over a file of another kind.
    for target in ["shop.sqlite", "shop.sqlite-wal", "not-a-folder"] {
        let (_, field, reason) =
            field_error(&api, json!({ "format": "json", "path": dir.path().join(target).to_str() }));
        assert_eq!((field.as_str(), reason.as_str()), ("path", "file_exists"), "{target} is not replaced by an export");
    }
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
    // A previous export of the same kind is replaced by a complete new one.
    call(&api, "export_all", json!({ "format": "json", "path": old.to_str() }));
    assert!(std::fs::read_to_string(&old).unwrap().starts_with("{\n  \"format\": \"carebook-export\""));
    assert_eq!(
        files_in(dir.path()),
        ["book.json", "not-a-folder", "shop.sqlite", "shop.sqlite-shm", "shop.sqlite-wal"],
        "no temporary file is left beside them"
    );
}

#[test]
fn suggested_paths_are_dated_and_absolute() {
    let (_dir, api) = open();
    for (args, end) in [
        (json!({ "format": "xlsx" }), "carebook-2026-11-23.xlsx"),
        (json!({ "format": "csv" }), "carebook-2026-11-23-csv"),
        (json!({ "format": "html", "customerId": 7 }), "customer-7-2026-11-23.html"),
    ] {
        let path = call(&api, "export_suggest", args)["path"].as_str().unwrap().to_owned();
        assert!(Path::new(&path).is_absolute() && path.ends_with(end), "{path}");
    }
}

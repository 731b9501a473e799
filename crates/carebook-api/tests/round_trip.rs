//! A book's own export imports back whole: CareBook's CSV and XLSX exports
//! of a shop with every field filled in every variant import into an empty
//! book as the same customers, field by field; importing them again into
//! that book matches every customer by its code and creates no one; and a
//! 26 MB export (past the old 20 MB ceiling) imports from its path.

use std::path::Path;

use carebook_api::{Api, FixedClock, ImportFile, OpenOptions};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap()
}

fn open(path: &Path) -> Api {
    Api::open_with_clock(path, OpenOptions::create(), Box::new(FixedClock(now()))).unwrap()
}

fn call(api: &Api, cmd: &str, args: Value) -> Value {
    api.dispatch(cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
}

fn birthday(calendar: &str, day: u8, month: u8, year: Option<i32>, leap: bool) -> Value {
    json!({ "calendar": calendar, "day": day, "month": month, "year": year, "leap": leap })
}

/// Every variant the issue lists: lunar 29/02 and 30/xx with and without a
/// year, a leap month, solar 29/02 with and without a year, consent given,
/// withdrawn and unknown, several phones (one foreign), tags with
/// diacritics and separators, multi-line notes, text a spreadsheet would run.
fn shop(api: &Api) -> usize {
    let customers = [
        json!({ "name": "Nguyễn Thị Thuỳ Dương", "phones": ["0901 234 567", "+33 6 12 34 56 78"],
                "email": "duong@example.com", "birthday": birthday("lunar", 29, 2, Some(1967), false),
                "gender": "female", "address": "12 Lê Lợi, Quận 1", "kind": "internal", "source": "Facebook",
                "tags": ["Khách sỉ, lẻ", "VIP", "Đặc biệt"], "notes": "Dòng một\nDòng hai; \"trích\"",
                "consent": "given", "consentDate": "2025-03-08", "preferredChannel": "zalo",
                "loyaltyPoints": 120, "tier": "Vàng" }),
        json!({ "name": "Trần Văn Bình", "phones": ["0912 345 678"], "birthday": birthday("lunar", 30, 12, None, false),
                "gender": "male", "consent": "withdrawn", "consentDate": "2026-01-02", "preferredChannel": "phone",
                "tags": ["=SUM(A1)"], "notes": "-50% cho lần sau", "loyaltyPoints": 0 }),
        json!({ "name": "Lê Hoài An", "phones": [], "email": "an.le@example.vn",
                "birthday": birthday("lunar", 15, 4, Some(1990), true), "gender": "other", "consent": "unknown",
                "source": "Giới thiệu", "preferredChannel": "in_store" }),
        json!({ "name": "Phạm Ngọc Hân", "phones": ["0387 000 111"], "birthday": birthday("solar", 29, 2, Some(1996), false),
                "consent": "given", "consentDate": "2024-02-29", "preferredChannel": "email", "tier": "Bạc" }),
        json!({ "name": "Đỗ Minh Khang", "phones": ["0977 111 222", "028 3822 1234"],
                "birthday": birthday("solar", 29, 2, None, false), "address": "Hẻm 5, Phường 7\nTP. Hồ Chí Minh",
                "tags": ["cà phê", "bánh ngọt"], "preferredChannel": "web" }),
        json!({ "name": "Hoàng Gia Bảo", "phones": ["0866 333 444"], "birthday": birthday("lunar", 30, 8, Some(1985), false),
                "email": "bao@example.com", "kind": "external", "preferredChannel": "facebook", "loyaltyPoints": 7 }),
        json!({ "name": "Võ Thị Mai", "phones": ["0866 333 444"], "birthday": birthday("solar", 1, 1, None, false),
                "tags": ["Gia đình"], "preferredChannel": "other",
                "notes": "Cùng số điện thoại với chồng (Hoàng Gia Bảo)" }),
    ];
    for input in &customers {
        call(api, "customer_create", json!({ "input": input, "acknowledgeDuplicates": true }));
    }
    customers.len()
}

/// The fields a customer is, as the API gives them (ids and timestamps left out).
fn profile(c: &Value) -> Value {
    let c = if c["customer"].is_object() { &c["customer"] } else { c };
    let mut p = json!({});
    for key in [
        "name",
        "phones",
        "email",
        "birthday",
        "gender",
        "address",
        "kind",
        "source",
        "tags",
        "notes",
        "consent",
        "consentDate",
        "preferredChannel",
        "loyaltyPoints",
        "tier",
    ] {
        p[key] = c[key].clone();
    }
    p
}

fn profiles(api: &Api) -> Vec<Value> {
    let list = call(api, "customer_list", json!({ "offset": 0, "limit": 500 }));
    let mut ids: Vec<i64> = list["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect();
    ids.sort();
    ids.iter().map(|id| profile(&call(api, "customer_get", json!({ "id": id })))).collect()
}

fn export(api: &Api, format: &str, path: &Path) {
    call(api, "export_all", json!({ "format": format, "path": path.to_str(), "datasets": ["customers"] }));
}

fn round_trip(format: &str, file: &str) {
    let dir = tempfile::tempdir().unwrap();
    let source = open(&dir.path().join("source.sqlite"));
    let n = shop(&source);
    let before = profiles(&source);
    assert_eq!(before.len(), n);
    assert!(before.iter().any(|p| p["birthday"]["leap"] == true), "the shop has a leap-month birthday: {before:#?}");
    let exported = dir.path().join(file);
    export(&source, format, &exported);

    let target = open(&dir.path().join("target.sqlite"));
    let path = exported.to_string_lossy().into_owned();
    let preview = call(&target, "import_preview", json!({ "fileName": file, "path": path }));
    assert_eq!(preview["kind"], "carebook_export", "{format}: recognised, nothing guessed");
    assert_eq!(preview["counts"]["problem"], 0, "{format}: {:#?}", preview["rows"]);
    assert_eq!(preview["counts"]["duplicate"], 0, "{format}: the shared family phone merges no one");
    assert_eq!(preview["counts"]["new"], n as u64);
    call(&target, "import_commit", json!({ "fileName": file, "path": path }));
    let after = profiles(&target);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b, a, "{format}: the customer came back the same");
    }
    assert_eq!(after.len(), before.len());

    // Again into the same book: every customer is matched by its code.
    let again = call(&target, "import_preview", json!({ "fileName": file, "path": path }));
    assert_eq!(again["counts"]["new"], 0, "{format}: {:#?}", again["rows"]);
    assert_eq!(again["counts"]["merge"], n as u64);
    assert_eq!(again["counts"]["problem"], 0, "{format}: the family phone is not ambiguous: {:#?}", again["rows"]);
    for row in again["rows"].as_array().unwrap() {
        assert_eq!(row["mergeInto"]["matchedBy"], "code", "{format}: {row:#?}");
        assert_eq!(row["mergeInto"]["changes"], json!([]), "{format}: nothing changes: {row:#?}");
    }
    call(&target, "import_commit", json!({ "fileName": file, "path": path }));
    assert_eq!(profiles(&target), after, "{format}: a second import changes nothing");
}

#[test]
fn csv_export_imports_back_as_the_same_customers() {
    round_trip("csv", "customers.csv");
}

#[test]
fn xlsx_export_imports_back_as_the_same_customers() {
    round_trip("xlsx", "carebook.xlsx");
}

#[test]
fn a_code_of_another_book_is_not_a_match() {
    let dir = tempfile::tempdir().unwrap();
    let source = open(&dir.path().join("source.sqlite"));
    shop(&source);
    let exported = dir.path().join("customers.csv");
    export(&source, "csv", &exported);
    // Customer #1 of this book is someone else, with nothing in common.
    let other = open(&dir.path().join("other.sqlite"));
    call(&other, "customer_create", json!({ "input": { "name": "Người Khác", "phones": ["0909 999 999"] } }));
    let preview = other.import_preview_file(&ImportFile::from_path(&exported)).unwrap();
    assert_eq!(preview.counts.merge, 0, "{:#?}", preview.rows);
    assert_eq!(preview.counts.new, 7);
}

/// A file in CareBook's export format, `bytes` or more: rows wide with an
/// address and notes, each customer with their own phone and email.
fn large_export(path: &Path, bytes: usize) -> usize {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all(
        "\u{feff}Mã khách hàng,Họ và tên,Số điện thoại,Email,Ngày sinh,Loại lịch,Giới tính,Địa chỉ,Loại khách hàng,\
         Nguồn khách,Nhãn,Ghi chú,Đồng ý nhận ưu đãi,Ngày đồng ý / rút lại,Kênh liên lạc ưa thích,Điểm tích luỹ,\
         Hạng thành viên,Số lần mua,Tổng chi tiêu,Mua gần nhất,Ngày lưu trữ,Ngày tạo,Cập nhật lần cuối\n"
            .as_bytes(),
    )
    .unwrap();
    let notes = "Khách quen, thích bánh kem ít đường, hay đặt trước qua Zalo vào cuối tuần. ".repeat(9);
    let (mut written, mut n) = (0, 0);
    while written < bytes {
        n += 1;
        let (calendar, birthday) =
            if n % 5 == 0 { ("Âm lịch", "29/02/1967") } else { ("Dương lịch", "14/07/1990") };
        let line = format!(
            "{n},Nguyễn Văn Khách {n},09{:08},khach{n}@example.com,{birthday},{calendar},Nam,\
             \"{n} Nguyễn Trãi, Phường Bến Thành, Quận 1, TP. Hồ Chí Minh\",Khách hàng bên ngoài,Facebook,\
             VIP; Khách sỉ,\"{notes}\",Đồng ý,01/03/2025,Zalo,12,Vàng,3,\"1.250.000 ₫\",20/11/2026,,\
             01/03/2025 09:00:00,20/11/2026 18:00:00\n",
            10_000_000 + n
        );
        out.write_all(line.as_bytes()).unwrap();
        written += line.len();
    }
    out.flush().unwrap();
    n
}

/// Past the old 20 MB ceiling, from the file's path: the readers stream it.
#[test]
fn a_26_mb_export_imports_from_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("khach-hang.csv");
    let rows = large_export(&file, 26 * 1024 * 1024);
    assert!(std::fs::metadata(&file).unwrap().len() > 26 * 1024 * 1024);
    let api = open(&dir.path().join("book.sqlite"));
    let mut reading = 0;
    let result = api
        .import_commit_with(&ImportFile::from_path(&file), false, |p| {
            if p.phase == carebook_api::ImportPhase::Reading && p.done > 0 {
                reading += 1;
            }
            true
        })
        .unwrap();
    assert_eq!(result.counts.problem, 0);
    assert_eq!(result.counts.duplicate, 0);
    assert_eq!(result.batch.customers_created as usize, rows);
    assert!(reading > 0, "reading reports how far it is");
    assert_eq!(call(&api, "app_info", json!({}))["customerCount"], rows);
}

/// The demo shop keeps the duplicate rule: its export imports into an empty
/// book with no row repeating another, and without customer codes only the
/// families tagged as sharing a number meet.
#[test]
fn the_demo_shops_export_imports_back_with_no_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let demo = open(&dir.path().join("demo.sqlite"));
    let n = 3_000;
    demo.generate_demo(n, 7, |_| {}).unwrap();
    let exported = dir.path().join("demo.csv");
    export(&demo, "csv", &exported);

    let target = open(&dir.path().join("target.sqlite"));
    let file = ImportFile::from_path(&exported);
    let preview = target.import_preview_file(&file).unwrap();
    assert_eq!(preview.counts.problem, 0, "{:#?}", preview.rows);
    assert_eq!(preview.counts.duplicate, 0, "{:#?}", preview.rows);
    assert_eq!(preview.counts.new, n);

    // Without the customer codes, rows meet by phone and email only.
    let mut mapping: Vec<carebook_import::Field> = preview.columns.iter().map(|c| c.field).collect();
    mapping[0] = carebook_import::Field::Ignore;
    let by_contact = target.import_preview_file(&ImportFile { mapping: Some(mapping), ..file.clone() }).unwrap();
    let text = std::fs::read_to_string(&exported).unwrap();
    let families = text.lines().filter(|l| l.contains(carebook_demo::SHARED_PHONE_TAG)).count() as u32;
    assert!(families > 20, "about one customer in fifty shares a number with family: {families}");
    assert_eq!(by_contact.counts.duplicate, families, "only the families tagged so share a number");
    assert_eq!(by_contact.counts.problem, 0);

    let result = target.import_commit_with(&file, false, |_| true).unwrap();
    assert_eq!(result.batch.customers_created, i64::from(n));
}

/// The same seed and the same day give the same shop, byte for byte.
#[test]
fn the_demo_shop_is_the_same_for_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let mut exports = Vec::new();
    for name in ["a", "b"] {
        let api = open(&dir.path().join(format!("{name}.sqlite")));
        api.generate_demo(500, 11, |_| {}).unwrap();
        let path = dir.path().join(format!("{name}.csv"));
        export(&api, "csv", &path);
        exports.push(std::fs::read(&path).unwrap());
        // The search benchmark's storage limit answers on the demo shop.
        assert!(api.customer_search_fts_raw("nguyen th", 10).unwrap() > 0);
        assert_eq!(api.customer_search_fts_raw("  ", 10).unwrap(), 0);
    }
    assert_eq!(exports[0], exports[1]);
}

//! Import through the API on real SQLite files: the preview writes nothing,
//! a commit is all or nothing, duplicates merge keeping both histories, and
//! undo puts the book back exactly as it was.

use std::path::{Path, PathBuf};

use carebook_api::{
    Api, ErrorCode, FixedClock, ImportCommitArgs, ImportFile, ImportFileArgs, ImportPhase, ImportRowStatus,
    ImportUndoArgs, OpenOptions,
};
use carebook_import::{Field, TextEncoding};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

fn at(day: u32, hour: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, day).unwrap().and_hms_opt(hour, 0, 0).unwrap()
}

fn open_at(path: &Path, now: NaiveDateTime) -> Api {
    Api::open_with_clock(path, OpenOptions::create(), Box::new(FixedClock(now))).unwrap()
}

fn open() -> (tempfile::TempDir, PathBuf, Api) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.sqlite");
    let api = open_at(&path, at(23, 10));
    (dir, path, api)
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn file(name: &str, bytes: Vec<u8>) -> ImportFile {
    ImportFile { name: name.into(), bytes, ..Default::default() }
}

fn call(api: &Api, cmd: &str, args: Value) -> Value {
    api.dispatch(cmd, args).unwrap_or_else(|e| panic!("{cmd}: {e:?}"))
}

fn create(api: &Api, name: &str, phones: &[&str], email: Option<&str>, notes: Option<&str>) -> i64 {
    call(api, "customer_create", json!({ "input": { "name": name, "phones": phones, "email": email, "notes": notes } }))
        ["customer"]["id"]
        .as_i64()
        .unwrap()
}

/// Everything a customer is: profile and history, for before/after comparisons.
fn snapshot(api: &Api) -> Vec<(Value, Value)> {
    let list = call(api, "customer_list", json!({ "offset": 0, "limit": 500 }));
    let archived = call(api, "customer_list", json!({ "archived": true, "offset": 0, "limit": 500 }));
    let mut ids: Vec<i64> = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .chain(archived["rows"].as_array().unwrap())
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    ids.sort();
    ids.iter()
        .map(|id| (call(api, "customer_get", json!({ "id": id })), call(api, "customer_timeline", json!({ "id": id }))))
        .collect()
}

fn search_ids(api: &Api, query: &str) -> Vec<i64> {
    call(api, "customer_search", json!({ "query": query }))["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["row"]["id"].as_i64().unwrap())
        .collect()
}

fn batches(api: &Api) -> usize {
    api.import_batches().unwrap().batches.len()
}

/// A CSV of `n` distinct customers with a purchase each.
fn generated_csv(n: usize) -> Vec<u8> {
    let mut csv = String::from("Họ tên,Điện thoại,Email,Ngày mua,Thành tiền\n");
    for i in 0..n {
        csv.push_str(&format!(
            "Khách Số {i},09{:08},khach{i}@example.com,01/11/2026,{}\n",
            10_000_000 + i,
            (i + 1) * 1000
        ));
    }
    csv.into_bytes()
}

#[test]
fn preview_writes_nothing_and_commit_writes_every_row() {
    let (dir, path, api) = open();
    let before_files: Vec<(String, u64)> = files_in(dir.path());
    let preview = api.import_preview_file(&file("khach-hang-utf8.csv", fixture("khach-hang-utf8.csv"))).unwrap();
    assert_eq!(preview.counts.rows, 4);
    assert_eq!((preview.counts.new, preview.counts.merge, preview.counts.problem), (4, 0, 0));
    assert_eq!(preview.detected_encoding, Some(TextEncoding::Utf8));
    assert_eq!(preview.columns[1].field, Field::Phone);
    assert_eq!(call(&api, "app_info", json!({}))["customerCount"], 0, "the preview creates no customer");
    assert_eq!(batches(&api), 0, "the preview records no import");
    assert_eq!(files_in(dir.path()), before_files, "the preview leaves the database files as they were");

    let result = api.import_commit_with(&file("khach-hang-utf8.csv", fixture("khach-hang-utf8.csv")), false, |_| true);
    let result = result.unwrap();
    assert_eq!(result.batch.customers_created, 4);
    assert_eq!(call(&api, "app_info", json!({}))["customerCount"], 4);
    // Every imported customer is in the search index: by name, phone fragment, email, notes.
    for query in ["nguyen thi thuy", "dang van huong", "776 655", "0977123456", "tuyet@example", "banh kem"] {
        assert_eq!(search_ids(&api, query).len(), 1, "search `{query}` finds the imported customer");
    }
    drop(api);
    let reopened = open_at(&path, at(23, 11));
    assert_eq!(batches(&reopened), 1, "the import is recorded");
}

fn files_in(dir: &Path) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().len())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn problem_rows_block_the_import_unless_left_out() {
    let (_dir, _path, api) = open();
    let bytes = fixture("loi-va-trung.csv");
    let preview = api.import_preview_file(&file("loi-va-trung.csv", bytes.clone())).unwrap();
    let c = preview.counts;
    assert_eq!((c.rows, c.new, c.duplicate, c.problem, c.purchases), (8, 1, 2, 5, 2), "{c:?}");
    let problem_rows: Vec<(u32, String)> = preview
        .rows
        .iter()
        .filter(|r| r.status == ImportRowStatus::Problem)
        .map(|r| (r.row, r.problems[0].code.clone()))
        .collect();
    assert_eq!(
        problem_rows,
        [
            (3, "required".to_owned()),
            (4, "phone_invalid".to_owned()),
            (5, "email_invalid".to_owned()),
            (6, "date_invalid".to_owned()),
            (9, "required".to_owned()),
        ]
    );
    let dup = preview.rows.iter().find(|r| r.row == 7).unwrap();
    assert_eq!((dup.status, dup.duplicate_of), (ImportRowStatus::Duplicate, Some(2)), "row 7 repeats row 2");

    let err = api.import_commit_with(&file("loi-va-trung.csv", bytes.clone()), false, |_| true).unwrap_err();
    assert_eq!(err.code, ErrorCode::Validation);
    assert_eq!(err.fields[0].code, "import_has_problems");
    assert!(err.message.contains("row 3"), "the message names the rows: {}", err.message);
    assert_eq!(call(&api, "app_info", json!({}))["customerCount"], 0, "nothing is written");
    assert_eq!(batches(&api), 0);

    let done = api.import_commit_with(&file("loi-va-trung.csv", bytes), true, |_| true).unwrap();
    assert_eq!(done.skipped_rows, 5);
    assert_eq!((done.batch.customers_created, done.batch.purchases_created), (1, 2));
    let id = search_ids(&api, "pham thu ha")[0];
    let ha = call(&api, "customer_get", json!({ "id": id }));
    assert_eq!(ha["phones"].as_array().unwrap().len(), 2, "rows 2, 7 and 8 are one customer");
}

#[test]
fn duplicates_of_the_book_merge_keeping_both_histories() {
    let (_dir, _path, api) = open();
    let existing = create(&api, "Chị Hà", &["0901 111 222"], None, Some("Thích bánh mì"));
    call(
        &api,
        "purchase_add",
        json!({ "input": { "customerId": existing, "date": "2026-10-01", "amountVnd": 90000 } }),
    );
    let before = call(&api, "customer_get", json!({ "id": existing }));

    let bytes = fixture("loi-va-trung.csv");
    let preview = api.import_preview_file(&file("loi-va-trung.csv", bytes.clone())).unwrap();
    let merge = preview.rows.iter().find(|r| r.status == ImportRowStatus::Merge).expect("row 2 merges");
    assert_eq!(merge.row, 2);
    let target = merge.merge_into.as_ref().unwrap();
    assert_eq!((target.customer_id, target.customer_name.as_str()), (existing, "Chị Hà"));
    assert_eq!((target.matched_by.as_str(), target.value.as_str()), ("phone", "0901 111 222"));
    let changed: Vec<&str> = target.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(changed, ["phones", "email", "birthday"], "empty fields are filled, phones added");
    assert_eq!(target.purchases, 2);
    assert_eq!(target.note.as_deref(), Some("Khách quen"), "differing notes go to the history");
    assert_eq!(call(&api, "customer_get", json!({ "id": existing })), before, "the preview changed nothing");

    let done = api.import_commit_with(&file("loi-va-trung.csv", bytes), true, |_| true).unwrap();
    assert_eq!((done.batch.customers_created, done.batch.customers_merged), (0, 1));
    let after = call(&api, "customer_get", json!({ "id": existing }));
    assert_eq!(after["name"], "Chị Hà", "the book's name is kept");
    assert_eq!(after["notes"], "Thích bánh mì", "the book's notes are kept");
    assert_eq!(after["email"], "ha@example.com", "an empty field is filled");
    let phones: Vec<&str> =
        after["phones"].as_array().unwrap().iter().map(|p| p["display"].as_str().unwrap()).collect();
    assert_eq!(phones, ["0901 111 222", "0907 999 000"]);
    let timeline = call(&api, "customer_timeline", json!({ "id": existing }));
    let amounts: Vec<i64> = timeline
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["type"] == "purchase")
        .map(|t| t["amountVnd"].as_i64().unwrap())
        .collect();
    assert_eq!(amounts, [90_000, 450_000, 1_250_000], "purchases of both histories, newest first");
    assert!(
        timeline.as_array().unwrap().iter().any(|t| t["type"] == "note" && t["body"] == "Khách quen"),
        "the imported note is in the history"
    );
    assert_eq!(search_ids(&api, "khach quen"), [existing], "the history note is searchable");
}

#[test]
fn a_commit_stopped_midway_writes_nothing() {
    let (_dir, _path, api) = open();
    create(&api, "Đã có", &["0900 000 001"], None, None);
    let before = snapshot(&api);
    let bytes = generated_csv(1500);
    let mut seen_writing = 0;
    let err = api
        .import_commit_with(&file("lon.csv", bytes.clone()), false, |p| {
            if p.phase == ImportPhase::Writing {
                seen_writing += 1;
            }
            // Stop after customers have been written inside the transaction.
            !(p.phase == ImportPhase::Writing && p.done >= 1024)
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict, "{err:?}");
    assert!(seen_writing >= 3, "the commit was stopped while writing, after {seen_writing} reports");
    assert_eq!(snapshot(&api), before, "no customer of the stopped import remains");
    assert_eq!(batches(&api), 0, "no import is recorded");
    assert!(search_ids(&api, "khach so").is_empty(), "the search index holds none of them");

    // The same file imports completely when not stopped.
    let done = api.import_commit_with(&file("lon.csv", bytes), false, |_| true).unwrap();
    assert_eq!((done.batch.customers_created, done.batch.purchases_created), (1500, 1500));
}

#[test]
fn undo_puts_the_book_back_exactly() {
    let (_dir, _path, api) = open();
    api.generate_demo(60, 7, |_| {}).unwrap();
    // Rows that merge into two demo customers (by phone and by email) and new ones.
    let list = call(&api, "customer_list", json!({ "offset": 0, "limit": 500 }));
    let rows = list["rows"].as_array().unwrap();
    let with_email = rows.iter().find(|r| r["email"].is_string()).unwrap();
    // A customer with notes of their own: the imported note goes to the history.
    create(&api, "Khách Cũ", &["0966 000 999"], None, Some("Khách cũ"));
    let with_phone = json!({ "phone": "0966 000 999" });
    let csv = format!(
        "Tên;SĐT;Email;Ghi chú;Nhãn;Ngày mua;Số tiền\n\
         Người Trùng Số;{};;Ghi chú nhập;mới;02/11/2026;100.000\n\
         Người Trùng Thư;0966 555 444;{};;;03/11/2026;200.000\n\
         Khách Mới Một;0966 555 111;moi1@example.com;;VIP;04/11/2026;300.000\n\
         Khách Mới Hai;0966 555 222;;;;;\n",
        with_phone["phone"].as_str().unwrap(),
        with_email["email"].as_str().unwrap()
    );
    let before = snapshot(&api);
    let count_before = call(&api, "app_info", json!({}))["customerCount"].clone();
    let import = file("gop.csv", csv.into_bytes());
    let done = api.import_commit_with(&import, false, |_| true).unwrap();
    assert_eq!((done.batch.customers_created, done.batch.customers_merged), (2, 2));
    assert_ne!(snapshot(&api), before, "the import changed the book");
    assert_eq!(search_ids(&api, "khach moi mot").len(), 1);

    let undone = api.import_undo_last(ImportUndoArgs::default()).unwrap();
    assert_eq!((undone.customers_deleted, undone.customers_restored), (2, 2));
    assert_eq!(undone.purchases_deleted, 3);
    assert_eq!(undone.notes_deleted, 1, "the note kept for the merged customer");
    assert!(undone.batch.undone_at.is_some());
    assert_eq!(call(&api, "app_info", json!({}))["customerCount"], count_before);
    assert_eq!(snapshot(&api), before, "profiles and histories are exactly as before the import");
    assert!(search_ids(&api, "khach moi mot").is_empty(), "created customers left the search index");
    assert!(search_ids(&api, "ghi chu nhap").is_empty(), "imported notes left the search index");

    let e = api.import_undo_last(ImportUndoArgs::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "there is nothing left to undo");
}

#[test]
fn undo_warns_when_imported_customers_changed_since() {
    let (_dir, path, api) = open();
    let done = api.import_commit_with(&file("a.csv", fixture("khach-hang-utf8.csv")), false, |_| true).unwrap();
    assert_eq!(done.batch.customers_created, 4);
    drop(api);
    // An hour later someone records a purchase for an imported customer.
    let later = open_at(&path, at(23, 11));
    let id = search_ids(&later, "bui duc manh")[0];
    call(&later, "purchase_add", json!({ "input": { "customerId": id, "amountVnd": 50000 } }));
    let e = later.import_undo_last(ImportUndoArgs::default()).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(e.fields[0].code, "import_changed_since");
    assert!(e.message.contains("Bùi Đức Mạnh"), "{}", e.message);
    assert_eq!(call(&later, "app_info", json!({}))["customerCount"], 4, "nothing was undone");
    let undone = later.import_undo_last(ImportUndoArgs { force: true }).unwrap();
    assert_eq!(undone.customers_deleted, 4);
}

/// Writes `bytes` to a file of `dir` and gives its path as the UI sends it.
fn put(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn dispatch_takes_a_path_and_a_changed_mapping() {
    let (dir, _path, api) = open();
    // A header nobody can guess: the names are in "Cột A".
    let csv = "Cột A;Liên lạc\nAn;0901 234 567\nBình;0912 345 678\nChi;12\n";
    let x = put(dir.path(), "x.csv", csv.as_bytes());
    let args = json!({ "fileName": "x.csv", "path": x });
    let preview = call(&api, "import_preview", args.clone());
    assert_eq!(preview["columns"][0]["guessed"], "ignore");
    assert_eq!(preview["columns"][1]["guessed"], "phone", "guessed from the values");
    assert_eq!(preview["counts"]["problem"], 3, "no name column: every row lacks a name");
    assert_eq!(preview["kind"], "other");

    let mapped = json!({ "fileName": "x.csv", "path": x, "mapping": ["name", "phone"] });
    let preview = call(&api, "import_preview", mapped.clone());
    assert_eq!(preview["counts"]["new"], 2);
    assert_eq!(preview["counts"]["problem"], 1);
    assert_eq!(preview["rows"][0]["row"], 4);
    assert_eq!(preview["rows"][0]["problems"][0]["code"], "phone_invalid");

    let mut commit = mapped.clone();
    commit["skipProblemRows"] = json!(true);
    let result = call(&api, "import_commit", commit);
    assert_eq!(result["batch"]["customersCreated"], 2);
    let progress = call(&api, "import_progress", json!({}));
    assert_eq!(progress["running"], false);
    assert_eq!(progress["phase"], "done");
    assert_eq!(progress["done"], progress["total"], "the last report is complete");
    assert_eq!(call(&api, "import_batches", json!({}))["batches"][0]["sourceName"], "x.csv");
    let undone = call(&api, "import_undo_last", json!({}));
    assert_eq!(undone["customersDeleted"], 2);

    // The vCard of a phone (told by its contents: an upload has no extension),
    // and files that cannot be imported.
    let vcf = put(dir.path(), "no-extension", &fixture("danh-ba.vcf"));
    let preview = call(&api, "import_preview", json!({ "fileName": "danh-ba.vcf", "path": vcf }));
    assert_eq!(preview["format"], "vcard");
    assert_eq!(preview["counts"]["new"], 3);
    let empty = put(dir.path(), "a.csv", b"");
    let e = api.dispatch("import_preview", json!({ "fileName": "a.csv", "path": empty })).unwrap_err();
    assert_eq!(e.fields[0].code, "file_empty");
    let blank = put(dir.path(), "b.csv", b"Ten\n\n");
    let e = api.dispatch("import_commit", json!({ "fileName": "b.csv", "path": blank })).unwrap_err();
    assert_eq!(e.fields[0].code, "import_nothing");
    let missing = dir.path().join("missing.csv").to_string_lossy().into_owned();
    let e = api.dispatch("import_preview", json!({ "fileName": "m.csv", "path": missing })).unwrap_err();
    assert_eq!(e.fields[0].code, "file_unreadable");
    // Bytes are not taken over the API, and a file is named once.
    let e = api.dispatch("import_preview", json!({ "fileName": "a.csv", "dataBase64": "QQ==" })).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest);
    let e = api.dispatch("import_preview", json!({ "path": x, "upload": "0".repeat(32) })).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest);
    let e = api
        .import_commit(ImportCommitArgs {
            file: ImportFileArgs {
                file_name: "b.csv".into(),
                upload: Some("../../etc/passwd".into()),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "a token is 32 hex digits, never a path");
}

#[test]
fn an_upload_is_named_by_its_token_and_removed_once_imported() {
    use std::io::Write;
    let (_dir, _path, api) = open();
    let (token, mut f) = api.upload_create().unwrap();
    assert_eq!(token.len(), 32);
    f.write_all(&generated_csv(3)).unwrap();
    drop(f);
    let (other, _) = api.upload_create().unwrap();
    assert_ne!(token, other, "tokens are random");
    let preview = call(&api, "import_preview", json!({ "fileName": "g.csv", "upload": token }));
    assert_eq!(preview["fileName"], "g.csv");
    assert_eq!(preview["counts"]["new"], 3);
    let result = call(&api, "import_commit", json!({ "fileName": "g.csv", "upload": token }));
    assert_eq!(result["batch"]["customersCreated"], 3);
    let e = api.dispatch("import_preview", json!({ "fileName": "g.csv", "upload": token })).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "an imported upload is gone");
    let e = api.dispatch("import_preview", json!({ "fileName": "g.csv", "upload": "f".repeat(32) })).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
}

#[test]
fn progress_goes_through_every_phase() {
    let (_dir, _path, api) = open();
    let mut phases: Vec<ImportPhase> = Vec::new();
    let mut last = None;
    api.import_commit_with(&file("p.csv", generated_csv(1200)), false, |p| {
        if phases.last() != Some(&p.phase) {
            phases.push(p.phase);
        }
        last = Some(p);
        true
    })
    .unwrap();
    assert_eq!(phases, [ImportPhase::Reading, ImportPhase::Checking, ImportPhase::Writing]);
    let last = last.unwrap();
    assert_eq!((last.done, last.total), (1200, 1200));
}

#[test]
fn large_and_small_files_find_the_same_customers_of_the_book() {
    let (_dir, _path, api) = open();
    // Row 5 of the generated file has this number, row 7 this email.
    let by_phone = create(&api, "Chủ Số", &["0910 000 005"], None, None);
    let by_email = create(&api, "Chủ Thư", &[], Some("KHACH7@example.com"), None);
    for rows in [10, 600] {
        let preview = api.import_preview_file(&file("g.csv", generated_csv(rows))).unwrap();
        let merges: Vec<(u32, i64, String)> = preview
            .rows
            .iter()
            .filter_map(|r| r.merge_into.as_ref().map(|m| (r.row, m.customer_id, m.customer_name.clone())))
            .collect();
        assert_eq!(
            merges,
            [(7, by_phone, "Chủ Số".to_owned()), (9, by_email, "Chủ Thư".to_owned())],
            "{rows} rows: matched in memory for large files, by query for small ones"
        );
        assert_eq!(preview.counts.new as usize, rows - 2);
    }
}

/// While an import holds the write connection inside its transaction, a
/// search from another thread is answered at once (from the last committed
/// state) instead of waiting for the commit.
#[test]
fn searches_are_answered_while_an_import_commits() {
    let (_dir, _path, api) = open();
    create(&api, "Đỗ Minh Khang", &["0987 000 111"], None, None);
    let mut csv = String::from("Họ tên,Điện thoại\n");
    for i in 0..2_000 {
        csv.push_str(&format!("Khách nhập {i},09{:08}\n", 10_000_000 + i));
    }
    let import = file("khach.csv", csv.into_bytes());
    let api = std::sync::Arc::new(api);
    let mut asked = false;
    let mut answered_in_time = None;
    let result = api
        .import_commit_with(&import, false, |p| {
            if p.phase == ImportPhase::Writing && !asked {
                asked = true;
                let reader = std::sync::Arc::clone(&api);
                let (tx, rx) = std::sync::mpsc::channel();
                std::thread::spawn(move || {
                    let found = reader.dispatch("customer_search", json!({ "query": "khang" }));
                    let imported = reader.dispatch("customer_search", json!({ "query": "khach nhap" }));
                    drop(tx.send((found, imported)));
                });
                // With one connection for everything this waits until the commit, i.e. forever here.
                answered_in_time = Some(rx.recv_timeout(std::time::Duration::from_secs(20)));
            }
            true
        })
        .unwrap();
    assert_eq!(result.counts.customers_created, 2_000);
    let (found, imported) = answered_in_time
        .expect("the import reached its writing phase")
        .expect("a search made while the import was writing was answered before the import committed");
    assert_eq!(found.unwrap()["hits"][0]["row"]["name"], "Đỗ Minh Khang");
    assert_eq!(
        imported.unwrap()["hits"].as_array().unwrap().len(),
        0,
        "the search saw the book as it was before the import: nothing half-written"
    );
    assert_eq!(
        call(&api, "customer_search", json!({ "query": "khach nhap", "limit": 5 }))["hits"].as_array().unwrap().len(),
        5
    );
}

/// Rows of one customer far apart in a large file (in different batches of
/// the second pass), and rows joined only through a later row, become one
/// customer each, exactly as the preview said.
#[test]
fn rows_of_one_customer_far_apart_or_joined_later_become_one_customer() {
    let (_dir, _path, api) = open();
    let mut csv = String::from("Họ tên,Số điện thoại,Email,Ngày mua,Số tiền\n");
    // Row 2: phone A. Row 3: email B. Row 20,002: phone A and email B — joins both.
    csv.push_str("Nguyễn Thu Hà,0901000001,,01/11/2026,100000\n");
    csv.push_str("Hà Nguyễn,,ha.b@example.com,02/11/2026,200000\n");
    for i in 0..20_000u32 {
        csv.push_str(&format!("Khách {i},09{:08},,,\n", 20_000_000 + i));
    }
    csv.push_str("Nguyễn Thu Hà,0901000001,ha.b@example.com,03/11/2026,300000\n");
    // Row 20,003 repeats row 4 (the first of the 20,000), 20,000 rows later.
    csv.push_str("Khách 0,0920000000,,04/11/2026,50000\n");
    let f = file("far.csv", csv.into_bytes());
    let preview = api.import_preview_file(&f).unwrap();
    assert_eq!(preview.counts.rows, 20_004);
    assert_eq!(preview.counts.new, 20_001, "{:?}", preview.counts);
    assert_eq!(preview.counts.duplicate, 3);
    let dup_rows: Vec<(u32, Option<u32>)> = preview
        .rows
        .iter()
        .filter(|r| r.status == ImportRowStatus::Duplicate)
        .map(|r| (r.row, r.duplicate_of))
        .collect();
    assert_eq!(dup_rows, vec![(3, Some(2)), (20_004, Some(2)), (20_005, Some(4))]);

    let result = api.import_commit_with(&f, false, |_| true).unwrap();
    assert_eq!(result.counts.customers_created, 20_001);
    assert_eq!(result.batch.purchases_created, 4);
    let ha = search_ids(&api, "0901000001");
    assert_eq!(ha.len(), 1);
    let c = call(&api, "customer_get", json!({ "id": ha[0] }));
    assert_eq!(c["email"], "ha.b@example.com", "{c}");
    assert_eq!(c["name"], "Nguyễn Thu Hà");
    assert_eq!(c["purchaseCount"], 3, "the purchases of all three rows");
    assert_eq!(c["totalSpentVnd"], 600_000);
    let k0 = search_ids(&api, "0920000000");
    assert_eq!(k0.len(), 1, "the repeat 20,000 rows later is the same customer");
}

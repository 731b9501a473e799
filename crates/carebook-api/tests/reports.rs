//! The printed documents through the API on a real book, read back with
//! poppler (`pdftotext`, `pdffonts`, `pdfinfo`, `pdftoppm`) and `qpdf`: the
//! monthly report prints the same figures as the `measures` command for
//! that month, in Vietnamese and English; an empty month still prints; a
//! customer's profile prints their history.

mod common;

use std::path::Path;
use std::process::Command;

use carebook_api::reports::{MonthlyReportArgs, ProfilePdfArgs, parse_month, percent};
use carebook_api::{Api, RangeArgs};
use carebook_report::Lang;
use chrono::NaiveDate;
use common::{call, open};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run {name} ({e}): install poppler-utils and qpdf (apt-get install -y poppler-utils qpdf)")
    });
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{name} {args:?} failed:\n{text}");
    text
}

/// The text of a PDF with runs of white space made one space.
fn text_of(pdf: &Path) -> String {
    let raw = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every page renders, the file is sound, every font is embedded and subset, pages are A4.
fn check_file(pdf: &Path) -> usize {
    let p = pdf.to_str().unwrap();
    let info = tool("pdfinfo", &[p]);
    assert!(info.contains("(A4)"), "A4 pages:\n{info}");
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    let check = tool("qpdf", &["--check", p]);
    assert!(check.contains("No syntax or stream encoding errors"), "{check}");
    let fonts = tool("pdffonts", &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "the file has fonts:\n{fonts}");
    for row in rows {
        let name = row.split_whitespace().next().unwrap();
        assert!(name.contains('+'), "subset font (ABCDEF+Name): {row}");
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "embedded: {row}");
    }
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("page");
    tool("pdftoppm", &["-r", "30", "-png", p, prefix.to_str().unwrap()]);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), pages, "every page renders");
    pages
}

fn demo() -> (tempfile::TempDir, Api) {
    let (dir, api) = open();
    api.generate_demo(400, 11, |_| {}).unwrap();
    (dir, api)
}

#[test]
fn the_monthly_report_prints_the_figures_of_the_measures_command() {
    let (_dir, api) = demo();
    let october = RangeArgs {
        from: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
    };
    let m = api.measures(october).unwrap().comparison;
    assert!(m.current.requests_received > 0, "the demo shop has October requests");

    let file = api.report_monthly(MonthlyReportArgs { month: "2026-10".into(), lang: None }).unwrap();
    assert!(file.file_name.ends_with(".pdf") && Path::new(&file.path).is_file());
    assert!(Path::new(&file.path).starts_with(api.reports_dir()));
    let pages = check_file(Path::new(&file.path));
    assert!(pages >= 2, "{pages} pages");
    let text = text_of(Path::new(&file.path));
    for heading in [
        "Tháng 10/2026",
        "Tỷ lệ giải quyết vấn đề",
        "Giải quyết ngay lần đầu (FCR)",
        "Tỷ lệ khách hàng trung thành",
        "Tỷ lệ giữ chân khách hàng",
        "Chăm sóc đúng hạn",
    ] {
        assert!(text.contains(heading), "{heading:?} in:\n{text}");
    }
    // The same figures as `measures`, printed the way the report prints them.
    let row = |name: &str, value: String| {
        let at = text.find(name).unwrap_or_else(|| panic!("{name} in the report"));
        let line: String = text[at..].chars().take(90).collect();
        assert!(line.contains(&value), "{name}: {value} expected in {line:?}");
    };
    row("Yêu cầu tiếp nhận", m.current.requests_received.to_string());
    // Shares print as a reader expects them (the measures give per cent): never above 100 %.
    for pct in text.split(" %").filter_map(|t| t.rsplit(' ').next()) {
        if let Ok(v) = pct.replace('.', "").replace(',', ".").parse::<f64>() {
            assert!(v <= 100.0, "{pct} % printed");
        }
    }
    if let Some(rate) = m.current.resolution_rate {
        row("Tỷ lệ giải quyết vấn đề", percent(rate / 100.0, Lang::Vi));
    }
    if let Some(rate) = m.current.csat_share {
        row("CSAT (tỷ lệ 4–5 điểm)", percent(rate / 100.0, Lang::Vi));
    }
    if let Some(rate) = m.current.loyal_rate {
        row("Tỷ lệ khách hàng trung thành", percent(rate / 100.0, Lang::Vi));
    }
    if let Some(rate) = m.previous.resolution_rate {
        row("Tỷ lệ giải quyết vấn đề", percent(rate / 100.0, Lang::Vi));
    }

    // As the UI calls it.
    let en = call(&api, "report_monthly", serde_json::json!({ "month": "2026-10", "lang": "en" }));
    let en_path = en["path"].as_str().unwrap();
    assert_ne!(en_path, file.path, "each language has its own file");
    assert_eq!(en["bytes"].as_u64().unwrap(), std::fs::metadata(en_path).unwrap().len());
    let text = text_of(Path::new(en_path));
    assert!(text.contains("October 2026") && text.contains("Resolution rate"), "{text}");
    if let Some(rate) = m.current.resolution_rate {
        assert!(text.contains(&percent(rate / 100.0, Lang::En)));
    }
}

#[test]
fn an_empty_month_prints_every_section_and_a_bad_month_is_refused() {
    let (_dir, api) = demo();
    let file = api.report_monthly(MonthlyReportArgs { month: "2001-02".into(), lang: None }).unwrap();
    check_file(Path::new(&file.path));
    let text = text_of(Path::new(&file.path));
    assert!(text.contains("Tháng 2/2001"), "{text}");
    assert!(text.contains("Chưa đủ phản hồi"), "no feedback: not enough feedback for a level\n{text}");
    for bad in ["2026-13", "26-1", "tháng 10", "2026/10", ""] {
        let e = api.report_monthly(MonthlyReportArgs { month: bad.into(), lang: None }).unwrap_err();
        assert_eq!(e.fields.first().map(|f| f.field.as_str()), Some("month"), "{bad:?}: {e:?}");
    }
    assert!(parse_month("2026-10").is_ok());
}

#[test]
fn a_customer_profile_prints_their_history() {
    let (_dir, api) = demo();
    let page = api.customer_list(carebook_api::ListArgs { archived: false, offset: 0, limit: 50 }).unwrap();
    let busy = page.rows.iter().max_by_key(|r| r.purchase_count).unwrap();
    let file = api.report_profile(ProfilePdfArgs { id: busy.id, lang: None }).unwrap();
    check_file(Path::new(&file.path));
    let text = text_of(Path::new(&file.path));
    let c = api.customer_get(carebook_api::IdArgs { id: busy.id }).unwrap();
    assert!(text.contains(&c.name), "{} in:\n{text}", c.name);
    if let Some(phone) = c.phones.first() {
        assert!(text.contains(&phone.display));
    }
    assert!(file.file_name.starts_with("ho-so-") && file.file_name.is_ascii());
    let missing = api.report_profile(ProfilePdfArgs { id: 99_999_999, lang: None }).unwrap_err();
    assert_eq!(missing.code, carebook_api::ErrorCode::NotFound);
}

#[test]
fn only_plain_pdf_names_of_the_reports_folder_can_be_opened() {
    let (_dir, api) = demo();
    let file = api.report_monthly(MonthlyReportArgs { month: "2026-10".into(), lang: None }).unwrap();
    assert_eq!(carebook_api::reports::report_path(&api, &file.file_name).unwrap(), Path::new(&file.path));
    std::fs::write(api.reports_dir().join("notes.txt"), "x").unwrap();
    for bad in ["../shop.sqlite", "notes.txt", ".pdf", "a/b.pdf", "..pdf", "C:\\x.pdf", "", "missing.pdf"] {
        assert!(carebook_api::reports::report_path(&api, bad).is_err(), "{bad:?} is refused");
    }
}

fn customer(api: &Api, input: serde_json::Value) -> i64 {
    call(api, "customer_create", serde_json::json!({ "input": input }))["customer"]["id"].as_i64().unwrap()
}

fn task(api: &Api, customer: i64, kind: &str, due: &str) -> i64 {
    let saved = call(
        api,
        "care_task_save",
        serde_json::json!({ "input": { "customerId": customer, "kind": kind, "dueDate": due, "status": "planned" } }),
    );
    saved["id"].as_i64().unwrap()
}

/// Four customers, each with a card or a call due on 23 November 2026.
fn card_shop() -> (tempfile::TempDir, Api, [i64; 6]) {
    let (dir, api) = open();
    let ha = customer(
        &api,
        serde_json::json!({ "name": "Nguyễn Thu Hà", "gender": "female", "consent": "given",
            "phones": ["0901234567"], "address": "12 Lê Lợi\nQuận 1, TP. Hồ Chí Minh" }),
    );
    let nam = customer(&api, serde_json::json!({ "name": "Trần Văn Nam", "gender": "male", "consent": "given" }));
    let tung = customer(&api, serde_json::json!({ "name": "Lê Tùng", "consent": "withdrawn" }));
    let mai = customer(
        &api,
        serde_json::json!({ "name": "Đỗ Mai", "gender": "female", "consent": "given", "phones": ["0912 345 678"] }),
    );
    let ids = [
        task(&api, ha, "birthday_greeting", "2026-11-23"),
        task(&api, nam, "thank_you", "2026-11-20"),
        task(&api, tung, "offer", "2026-11-23"),
        task(&api, mai, "follow_up_call", "2026-11-23"),
        // Not yet due: neither list has it.
        task(&api, ha, "offer", "2026-11-24"),
        task(&api, mai, "check_in", "2026-11-22"),
    ];
    (dir, api, ids)
}

#[test]
fn cards_merge_the_days_tasks_through_their_templates_and_respect_consent() {
    let (_dir, api, ids) = card_shop();
    let preview = call(&api, "report_cards_preview", serde_json::json!({ "date": "2026-11-23" }));
    let cards = preview["cards"].as_array().unwrap();
    let printed: Vec<i64> = cards.iter().map(|c| c["taskId"].as_i64().unwrap()).collect();
    // Due on the day or overdue, card kinds, consent given; in due-date order.
    assert_eq!(printed, [ids[1], ids[0]]);
    assert_eq!(cards[1]["recipient"], "Chị Nguyễn Thu Hà");
    assert_eq!(cards[1]["title"], "Chúc mừng sinh nhật!");
    assert_eq!(cards[0]["recipient"], "Anh Trần Văn Nam");
    // A task added by hand is written by its kind's template.
    let body = cards[1]["body"].as_str().unwrap();
    assert!(body.contains("Hà"), "the birthday template names her: {body}");
    let left: Vec<(i64, String)> = preview["leftOut"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["taskId"].as_i64().unwrap(), l["why"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(left, [(ids[2], "no_consent".to_owned())]);

    for (layout, pages) in [("a6", 2), ("a4-2", 1), ("a4-4", 1), ("letter", 2)] {
        let made = call(&api, "report_cards", serde_json::json!({ "date": "2026-11-23", "layout": layout }));
        let path = made["file"]["path"].as_str().unwrap().to_owned();
        let p = Path::new(&path);
        let info = tool("pdfinfo", &[&path]);
        let n: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
        assert_eq!(n, pages, "{layout}: {info}");
        let text = text_of(p);
        assert!(text.contains("Nguyễn Thu Hà") && text.contains("Trần Văn Nam"), "{layout}: {text}");
        assert!(!text.contains("Lê Tùng"), "no card for a customer without consent: {text}");
        if layout == "letter" {
            assert!(text.contains("ngày 23 tháng 11 năm 2026") && text.contains("12 Lê Lợi"), "{text}");
        }
        assert!(made["file"]["fileName"].as_str().unwrap().ends_with(&format!("-{layout}.pdf")));
        assert_eq!(made["taskIds"], serde_json::json!([ids[1], ids[0]]));
    }
}

#[test]
fn printed_cards_can_be_marked_done_and_picked_tasks_print_alone() {
    let (_dir, api, ids) = card_shop();
    let made = call(&api, "report_cards", serde_json::json!({ "taskIds": [ids[0], ids[0]], "layout": "a6" }));
    assert_eq!(made["taskIds"], serde_json::json!([ids[0]]), "a task picked twice prints once");
    let text = text_of(Path::new(made["file"]["path"].as_str().unwrap()));
    assert!(!text.contains("Trần Văn Nam"));
    // A call picked for cards is said to belong on the call list.
    let picked = call(&api, "report_cards_preview", serde_json::json!({ "taskIds": [ids[3], ids[0]] }));
    assert_eq!(picked["leftOut"][0]["why"], "not_a_card");

    let done =
        call(&api, "care_tasks_done", serde_json::json!({ "taskIds": [ids[0], ids[1]], "note": "Đã gửi thiệp" }));
    assert_eq!(done, serde_json::json!({ "done": 2, "unchanged": 0 }));
    let again = call(&api, "care_tasks_done", serde_json::json!({ "taskIds": [ids[0]] }));
    assert_eq!(again, serde_json::json!({ "done": 0, "unchanged": 1 }));
    let after = call(&api, "report_cards_preview", serde_json::json!({ "date": "2026-11-23" }));
    assert_eq!(after["cards"], serde_json::json!([]), "done tasks print no more");
    let list = call(&api, "care_task_list", serde_json::json!({ "status": "done", "limit": 10 }));
    assert_eq!(list["lines"][0]["outcome"], "Đã gửi thiệp");
    let missing = api.dispatch("care_tasks_done", serde_json::json!({ "taskIds": [999_999] })).unwrap_err();
    assert_eq!(missing.code, carebook_api::ErrorCode::NotFound);
}

#[test]
fn a_cancelled_print_writes_nothing() {
    let (_dir, api, _) = card_shop();
    let args =
        carebook_api::reports::cards::CardsArgs { date: NaiveDate::from_ymd_opt(2026, 11, 23), ..Default::default() };
    let err = api.cards_pdf(&args, &mut |_| false).unwrap_err();
    assert_eq!(err.code, carebook_api::ErrorCode::Conflict);
    assert!(!api.reports_dir().exists() || std::fs::read_dir(api.reports_dir()).unwrap().next().is_none());
    let mut seen = Vec::new();
    api.cards_pdf(&args, &mut |p| {
        seen.push(p);
        true
    })
    .unwrap();
    assert_eq!(seen.last().map(|p| p.done), seen.last().map(|p| p.total), "progress ends at its total");
    assert_eq!(call(&api, "report_progress", serde_json::json!({}))["running"], false);
}

#[test]
fn the_call_list_prints_the_days_calls_with_what_to_say() {
    let (_dir, api, _) = card_shop();
    let file = call(&api, "report_call_list", serde_json::json!({ "date": "2026-11-23" }));
    let path = file["path"].as_str().unwrap();
    check_file(Path::new(path));
    let text = text_of(Path::new(path));
    assert!(text.contains("Danh sách gọi điện chăm sóc"), "{text}");
    assert!(text.contains("Thứ Hai, 23/11/2026"), "{text}");
    assert!(text.contains("Đỗ Mai") && text.contains("0912 345 678"), "{text}");
    assert!(text.contains("quá hạn từ") && text.contains("22/11/2026"), "the overdue check-in is on it: {text}");
    assert!(!text.contains("Nguyễn Thu Hà"), "cards are not calls: {text}");
    // A call added by hand gets no script written for another occasion (a complaint).
    assert!(!text.contains("phản ánh"), "no complaint script for a plain call: {text}");
    assert!(!text.contains("Gi ờ") && !text.contains("Giờ"), "no time column when no call has a time: {text}");
    let en = call(&api, "report_call_list", serde_json::json!({ "date": "2026-11-23", "lang": "en" }));
    assert!(text_of(Path::new(en["path"].as_str().unwrap())).contains("Monday, 23/11/2026"));
    // A call the plans made carries its template's script: Mai's first purchase today
    // plans the day-7 check-in.
    let mai = call(&api, "customer_search", serde_json::json!({ "query": "Đỗ Mai" }))["hits"][0]["row"]["id"]
        .as_i64()
        .unwrap();
    call(&api, "purchase_add", serde_json::json!({ "input": { "customerId": mai, "amountVnd": 250000 } }));
    let week = call(&api, "report_call_list", serde_json::json!({ "date": "2026-11-30" }));
    let text = text_of(Path::new(week["path"].as_str().unwrap()));
    assert!(text.contains("Nếu chấm từ 1 đến 5 điểm"), "the check-in's script: {text}");
    let nobody = api.dispatch("report_call_list", serde_json::json!({ "staffId": 4242 })).unwrap_err();
    assert_eq!(nobody.code, carebook_api::ErrorCode::Validation);
}

#[test]
fn a_printed_document_is_saved_as_a_copy_where_the_user_chose() {
    let (dir, api, _) = card_shop();
    let file = call(&api, "report_call_list", serde_json::json!({ "date": "2026-11-23" }));
    let name = file["fileName"].as_str().unwrap();
    let target = dir.path().join("elsewhere").join("goi.pdf");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let copy = call(&api, "report_save_as", serde_json::json!({ "fileName": name, "path": target }));
    assert_eq!(copy["path"], target.display().to_string());
    assert_eq!(std::fs::read(&target).unwrap(), std::fs::read(file["path"].as_str().unwrap()).unwrap());
    let txt = dir.path().join("elsewhere").join("goi.txt");
    assert!(api.dispatch("report_save_as", serde_json::json!({ "fileName": name, "path": txt })).is_err());
    let other = api.dispatch("report_save_as", serde_json::json!({ "fileName": "../shop.sqlite", "path": target }));
    assert!(other.is_err());
}

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

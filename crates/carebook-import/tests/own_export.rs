//! CareBook's own customer export, written by the real writers of
//! `carebook-export` (CSV in both languages and separators, XLSX), imports
//! back whole: recognised by its headers, every column mapped, nothing
//! guessed — the customer code, the lunar 29/02, tags with commas, foreign
//! numbers the CSV writer guarded against formulas, consent and its date.

mod common;

use std::io::Cursor;

use carebook_core::export::labels::{CALENDAR, CHANNEL, CONSENT, GENDER, KIND};
use carebook_core::export::{Cell, Column, ColumnKind::*, Lang};
use carebook_core::{CalendarKind, Channel, Consent, CustomerKind, Gender, Phone};
use carebook_export::csv::{CsvWriter, Delimiter};
use carebook_export::xlsx::XlsxWriter;
use carebook_import::own_export::CUSTOMER_EXPORT_COLUMNS;
use carebook_import::{
    Field, FileKind, ReadOptions, convert, group_rows, guess_mapping, is_carebook_export, open_path, read_file,
};
use chrono::NaiveDate;
use common::*;

/// The customer columns as `carebook-store` declares them (kinds included).
const COLUMNS: &[Column] = &[
    Column::new("id", "Mã khách hàng", "Customer ID", Int),
    Column::new("name", "Họ và tên", "Full name", Text),
    Column::new("phones", "Số điện thoại", "Phone numbers", Phones),
    Column::new("email", "Email", "Email", Text),
    Column::new("birthday", "Ngày sinh", "Birthday", Text),
    Column::new("birthdayCalendar", "Loại lịch", "Calendar", Enum(CALENDAR)),
    Column::new("gender", "Giới tính", "Gender", Enum(GENDER)),
    Column::new("address", "Địa chỉ", "Address", Text),
    Column::new("kind", "Loại khách hàng", "Customer type", Enum(KIND)),
    Column::new("source", "Nguồn khách", "Source", Text),
    Column::new("tags", "Nhãn", "Tags", List),
    Column::new("notes", "Ghi chú", "Notes", Text),
    Column::new("consent", "Đồng ý nhận ưu đãi", "Consent to offers", Enum(CONSENT)),
    Column::new("consentDate", "Ngày đồng ý / rút lại", "Consent date", Date),
    Column::new("preferredChannel", "Kênh liên lạc ưa thích", "Preferred channel", Enum(CHANNEL)),
    Column::new("loyaltyPoints", "Điểm tích luỹ", "Loyalty points", Int),
    Column::new("tier", "Hạng thành viên", "Membership tier", Text),
    Column::new("purchaseCount", "Số lần mua", "Purchases", Int),
    Column::new("totalSpentVnd", "Tổng chi tiêu", "Total spent", Money),
    Column::new("lastPurchase", "Mua gần nhất", "Last purchase", Date),
    Column::new("archivedAt", "Ngày lưu trữ", "Archived at", DateTime),
    Column::new("createdAt", "Ngày tạo", "Created at", DateTime),
    Column::new("updatedAt", "Cập nhật lần cuối", "Updated at", DateTime),
];

fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}

fn date(y: i32, m: u32, d: u32) -> Cell {
    Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
}

fn at(y: i32, m: u32, d: u32) -> Cell {
    Cell::DateTime(NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(9, 30, 0).unwrap())
}

fn phone(e164: &str, display: &str) -> Phone {
    Phone { e164: e164.into(), display: display.into() }
}

/// Three customers as the store yields them: enumerations as codes.
fn rows() -> Vec<Vec<Cell>> {
    vec![
        vec![
            Cell::Int(1),
            text("Nguyễn Thị Thuỳ Dương"),
            Cell::Phones(vec![phone("+33612345678", "+33 6 12 34 56 78"), phone("+84901234567", "0901 234 567")]),
            text("duong@example.com"),
            text("29/02/1967"),
            text("lunar"),
            text("female"),
            text("12 Lê Lợi, Quận 1"),
            text("internal"),
            text("Facebook"),
            Cell::List(vec!["Khách sỉ, lẻ".into(), "VIP".into()]),
            text("-50% cho lần sau\nthích cà phê sữa đá"),
            text("given"),
            date(2026, 1, 5),
            text("zalo"),
            Cell::Int(1250),
            text("Vàng"),
            Cell::Int(3),
            Cell::Int(1_250_000),
            date(2026, 10, 1),
            Cell::Null,
            at(2024, 5, 1),
            at(2026, 10, 1),
        ],
        // Her husband: the same home phone, a solar birthday without a year.
        vec![
            Cell::Int(2),
            text("Trần Văn Bình"),
            Cell::Phones(vec![phone("+84901234567", "0901 234 567")]),
            Cell::Null,
            text("15/08"),
            text("solar"),
            text("male"),
            Cell::Null,
            text("external"),
            Cell::Null,
            Cell::List(vec![]),
            Cell::Null,
            text("unknown"),
            Cell::Null,
            Cell::Null,
            Cell::Int(0),
            Cell::Null,
            Cell::Int(0),
            Cell::Int(0),
            Cell::Null,
            Cell::Null,
            at(2024, 5, 2),
            at(2024, 5, 2),
        ],
        vec![
            Cell::Int(3),
            text("Lê Chi"),
            Cell::Phones(vec![]),
            text("chi@example.com"),
            Cell::Null,
            Cell::Null,
            Cell::Null,
            Cell::Null,
            text("external"),
            text("Giới thiệu"),
            Cell::List(vec!["Mới".into()]),
            Cell::Null,
            text("withdrawn"),
            date(2026, 2, 1),
            text("email"),
            Cell::Int(0),
            Cell::Null,
            Cell::Int(1),
            Cell::Int(90_000),
            date(2026, 2, 1),
            Cell::Null,
            at(2025, 1, 1),
            at(2026, 2, 1),
        ],
    ]
}

fn csv(lang: Lang, delimiter: Delimiter) -> Vec<u8> {
    let mut w = CsvWriter::new(Vec::new(), COLUMNS, lang, delimiter).unwrap();
    for row in rows() {
        w.write_row(&row).unwrap();
    }
    w.finish().unwrap()
}

fn xlsx(lang: Lang) -> Vec<u8> {
    let mut w = XlsxWriter::new(lang);
    w.begin_sheet(lang.pick("Khách hàng", "Customers"), COLUMNS).unwrap();
    for row in rows() {
        w.write_row(&row).unwrap();
    }
    // The export's next sheet: not read, the customers come first.
    w.begin_sheet("Lần mua", &[Column::new("id", "Mã lần mua", "Purchase ID", Int)]).unwrap();
    w.write_row(&[Cell::Int(9)]).unwrap();
    let mut out = Cursor::new(Vec::new());
    w.save(&mut out).unwrap();
    out.into_inner()
}

#[test]
fn the_table_here_is_the_exports_table() {
    assert_eq!(COLUMNS.len(), CUSTOMER_EXPORT_COLUMNS.len());
    for (c, (key, vi, en, _)) in COLUMNS.iter().zip(CUSTOMER_EXPORT_COLUMNS) {
        assert_eq!((c.key.as_ref(), c.vi.as_ref(), c.en.as_ref()), (*key, *vi, *en));
    }
}

#[test]
fn carebook_exports_import_back_whole() {
    let files = [
        ("khach-hang.csv", csv(Lang::Vi, Delimiter::Comma)),
        ("khach-hang.csv", csv(Lang::Vi, Delimiter::Semicolon)),
        ("customers.csv", csv(Lang::En, Delimiter::Comma)),
        ("khach-hang.xlsx", xlsx(Lang::Vi)),
        ("customers.xlsx", xlsx(Lang::En)),
    ];
    let want_mapping: Vec<Field> = CUSTOMER_EXPORT_COLUMNS.iter().map(|c| c.3).collect();
    for (name, bytes) in files {
        let file = read_file(name, &bytes, &ReadOptions::default()).unwrap();
        assert_eq!(file.kind, FileKind::CarebookExport, "{name}");
        assert!(is_carebook_export(&file.table.headers), "{name}");
        let mapping = guess_mapping(&file.table);
        assert_eq!(mapping, want_mapping, "{name}: every column its field, nothing guessed");

        let converted = convert(&file.table, &mapping, today());
        assert!(converted.problems.is_empty(), "{name}: {:?}", converted.problems);
        let rows = &converted.rows;
        assert_eq!(rows.iter().map(|r| r.code.as_deref()).collect::<Vec<_>>(), [Some("1"), Some("2"), Some("3")]);

        let duong = &rows[0].customer;
        assert_eq!(duong.name, "Nguyễn Thị Thuỳ Dương");
        let phones: Vec<&str> = duong.phones.iter().map(|p| p.e164.as_str()).collect();
        assert_eq!(phones, ["+33612345678", "+84901234567"], "{name}: a foreign number the CSV guarded with '");
        let b = duong.birthday.unwrap();
        assert_eq!((b.calendar, b.day, b.month, b.year), (CalendarKind::Lunar, 29, 2, Some(1967)), "{name}");
        assert_eq!(duong.gender, Some(Gender::Female));
        assert_eq!(duong.kind, CustomerKind::Internal);
        assert_eq!(duong.tags, ["Khách sỉ, lẻ", "VIP"], "{name}: a tag with a comma stays whole");
        assert_eq!(duong.notes.as_deref(), Some("-50% cho lần sau\nthích cà phê sữa đá"), "{name}");
        assert_eq!(duong.consent, Consent::Given);
        assert_eq!(duong.consent_date, NaiveDate::from_ymd_opt(2026, 1, 5), "{name}");
        assert_eq!(duong.preferred_channel, Some(Channel::Zalo));
        assert_eq!(duong.loyalty_points, 1250);
        assert_eq!(duong.tier.as_deref(), Some("Vàng"));
        assert_eq!(duong.source.as_deref(), Some("Facebook"));

        let binh = &rows[1].customer;
        let b = binh.birthday.unwrap();
        assert_eq!((b.calendar, b.day, b.month, b.year), (CalendarKind::Solar, 15, 8, None));
        assert!(binh.tags.is_empty() && binh.email.is_none());
        let chi = &rows[2].customer;
        assert_eq!((chi.consent, chi.consent_date), (Consent::Withdrawn, NaiveDate::from_ymd_opt(2026, 2, 1)));
        assert_eq!(chi.preferred_channel, Some(Channel::Email));

        // Husband and wife share a phone and stay two customers: grouped by code.
        let grouped = group_rows(converted.rows.clone());
        assert_eq!(grouped.groups.len(), 3, "{name}");
        assert!(grouped.problems.is_empty());
    }
}

#[test]
fn the_shipped_export_fixture_and_its_path() {
    // Written by `CsvWriter` (Vietnamese, comma) from the rows above.
    let shipped = fixture("carebook-export.csv");
    assert_eq!(shipped, csv(Lang::Vi, Delimiter::Comma), "the fixture is what the export writes");
    let reader = open_path(&fixture_path("carebook-export.csv"), &ReadOptions::default()).unwrap();
    assert_eq!(reader.kind(), FileKind::CarebookExport);
    assert_eq!(reader.guess_mapping()[0], Field::CustomerCode);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xlsx");
    std::fs::write(&path, xlsx(Lang::En)).unwrap();
    let reader = open_path(&path, &ReadOptions::default()).unwrap();
    assert_eq!((reader.kind(), reader.sheet()), (FileKind::CarebookExport, Some("Customers")));
    let rows: Vec<_> = reader.map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
}

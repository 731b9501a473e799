//! The writers on real files: read back with a spreadsheet reader, and a
//! failure in the middle of an export leaves no file behind.

use std::io::Write;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use carebook_core::export::labels::CONSENT;
use carebook_core::export::{Cell, Column, ColumnKind, Lang};
use carebook_export::json::{Header, JsonWriter};
use carebook_export::xlsx::XlsxWriter;
use carebook_export::{AtomicFile, csv};
use chrono::NaiveDate;

fn columns() -> Vec<Column> {
    vec![
        Column::new("name", "Họ và tên", "Full name", ColumnKind::Text),
        Column::new("date", "Ngày mua", "Date", ColumnKind::Date),
        Column::new("amountVnd", "Số tiền", "Amount", ColumnKind::Money),
        Column::new("consent", "Đồng ý nhận ưu đãi", "Consent", ColumnKind::Enum(CONSENT)),
        Column::new("active", "Đang làm việc", "Active", ColumnKind::Bool),
    ]
}

fn row(i: i64) -> Vec<Cell> {
    vec![
        Cell::Text(format!("Nguyễn Thị Ánh {i}")),
        Cell::Date(NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()),
        Cell::Int(1_250_000 + i),
        Cell::Text("withdrawn".into()),
        Cell::Bool(i % 2 == 0),
    ]
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn xlsx_reads_back_with_typed_cells_and_continues_on_a_next_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.xlsx");
    let mut book = XlsxWriter::new(Lang::Vi).with_sheet_rows(4);
    book.begin_sheet("Mua hàng", &columns()).unwrap();
    for i in 0..5 {
        book.write_row(&row(i)).unwrap();
    }
    book.begin_sheet("Trống", &columns()).unwrap();
    let mut file = AtomicFile::create(&path).unwrap();
    book.save(&mut file).unwrap();
    file.commit().unwrap();

    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["Mua hàng", "Mua hàng (2)", "Trống"], "rows past a sheet's end go on the next one");
    let first = wb.worksheet_range("Mua hàng").unwrap();
    assert_eq!(first.height(), 4, "header + 3 rows");
    assert_eq!(first.get((0, 0)), Some(&Data::String("Họ và tên".into())));
    assert_eq!(first.get((1, 0)), Some(&Data::String("Nguyễn Thị Ánh 0".into())), "Vietnamese text intact");
    assert!(
        matches!(first.get((1, 1)), Some(Data::DateTime(d)) if d.as_f64() == 46_024.0),
        "a real date: {:?}",
        first.get((1, 1))
    );
    assert_eq!(first.get((1, 2)), Some(&Data::Float(1_250_000.0)));
    assert_eq!(first.get((1, 3)), Some(&Data::String("Đã rút lại".into())), "codes shown by their label");
    assert_eq!(first.get((1, 4)), Some(&Data::String("Có".into())));
    let second = wb.worksheet_range("Mua hàng (2)").unwrap();
    assert_eq!(second.get((0, 0)), Some(&Data::String("Họ và tên".into())), "the next sheet repeats the header");
    assert_eq!(second.get((2, 0)), Some(&Data::String("Nguyễn Thị Ánh 4".into())));
    assert_eq!(wb.worksheet_range("Trống").unwrap().height(), 1, "an empty dataset is a header row");
}

#[test]
fn a_failure_mid_export_leaves_no_file_and_keeps_the_previous_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.json");
    std::fs::write(&path, "previous export").unwrap();
    let at = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(10, 0, 0).unwrap();

    // The rows stop coming with an error after some were written (a disk
    // error, a database error): the export is abandoned.
    let outcome = (|| -> Result<u64, String> {
        let mut file = AtomicFile::create(&path).map_err(|e| e.to_string())?;
        let mut w = JsonWriter::new(&mut file, &Header { exported_at: at, schema_version: 4, shop_name: "Tiệm" })
            .map_err(|e| e.to_string())?;
        w.begin_dataset("customers").map_err(|e| e.to_string())?;
        for i in 0..10_000 {
            if i == 5_000 {
                return Err("the database went away".into());
            }
            w.write_row(&columns(), &row(i)).map_err(|e| e.to_string())?;
        }
        w.finish().map_err(|e| e.to_string())?;
        file.commit().map_err(|e| e.to_string())
    })();
    assert!(outcome.is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous export", "the old file is not clobbered");
    assert_eq!(entries(dir.path()), ["book.json"], "the half-written file is gone");

    // The same for a CSV with no previous file.
    let csv_path = dir.path().join("customers.csv");
    {
        let mut file = AtomicFile::create(&csv_path).unwrap();
        let mut w = csv::CsvWriter::new(&mut file, &columns(), Lang::Vi, csv::Delimiter::Comma).unwrap();
        for i in 0..1_000 {
            w.write_row(&row(i)).unwrap();
        }
        file.flush().unwrap();
    }
    assert_eq!(entries(dir.path()), ["book.json"], "no customers.csv appears at all");
}

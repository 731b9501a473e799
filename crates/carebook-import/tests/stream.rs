//! Files read from their path as a stream of rows: the same table as from
//! their bytes, files past the upload cap, header and samples first,
//! progress and cancel, workbooks on their own thread.

mod common;

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use carebook_import::{
    Field, FileFormat, ImportError, MAX_FILE_BYTES, ReadOptions, SAMPLE_ROWS, convert, guess_mapping, open_path,
    read_file,
};
use common::*;

const FIXTURES: &[&str] = &[
    "customers-1252.csv",
    "danh-ba.vcf",
    "google-contacts.csv",
    "khach-hang-1258.csv",
    "khach-hang-serial.xlsx",
    "khach-hang-utf16be.csv",
    "khach-hang-utf16le.txt",
    "khach-hang-utf8-bom.csv",
    "khach-hang-utf8.csv",
    "loi-va-trung.csv",
    "carebook-export.csv",
];

#[test]
fn every_fixture_reads_the_same_from_its_path_as_from_its_bytes() {
    for name in FIXTURES {
        let from_bytes = read_file(name, &fixture(name), &ReadOptions::default()).unwrap();
        let reader = open_path(&fixture_path(name), &ReadOptions::default()).unwrap();
        assert_eq!(reader.format(), from_bytes.format, "{name}");
        assert_eq!(reader.guess_mapping(), guess_mapping(&from_bytes.table), "{name}: the same guess from the samples");
        assert_eq!(reader.into_contents().unwrap(), from_bytes, "{name}");
    }
}

/// A CSV file of `rows` customers, `Tên;SĐT;Ghi chú` with a quoted note
/// over two lines every 1000 rows.
fn write_csv(path: &std::path::Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    out.write_all("\u{feff}Tên;SĐT;Ghi chú\r\n".as_bytes()).unwrap();
    for i in 0..rows {
        let note = if i.is_multiple_of(1000) { "\"hai\r\ndòng\"" } else { "khách quen, thích cà phê sữa đá" };
        write!(out, "Nguyễn Thị Khách {i};09{:08};{note}\r\n", i).unwrap();
    }
}

#[test]
fn a_file_past_the_upload_cap_streams_from_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lon.csv");
    let rows = 300_000;
    write_csv(&path, rows);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > MAX_FILE_BYTES as u64, "{size} bytes");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(read_file("lon.csv", &bytes, &ReadOptions::default()).unwrap_err().code(), "file_too_large");
    drop(bytes);

    let mut reader = open_path(&path, &ReadOptions::default()).unwrap();
    assert_eq!(reader.headers(), ["Tên", "SĐT", "Ghi chú"]);
    assert_eq!(reader.samples().len(), SAMPLE_ROWS, "the first rows come before the rest is read");
    assert_eq!(reader.samples()[1].cells[0], "Nguyễn Thị Khách 1");
    let progress = reader.progress();
    assert_eq!(progress.total_bytes(), size);
    assert!(progress.bytes_read() < size / 4, "only the head is read before the rows are asked for");
    let mut count = 0;
    let mut last = 0;
    let mut halfway = None;
    for row in reader.by_ref() {
        let row = row.unwrap();
        count += 1;
        last = row.number;
        if count == rows / 2 {
            halfway = Some(progress.fraction());
        }
    }
    assert_eq!(count, rows);
    // Every 1000th row spans two lines, and is still one row.
    assert_eq!(last, rows as u32 + 1, "row numbers as a spreadsheet shows them");
    let halfway = halfway.unwrap();
    assert!((0.4..0.6).contains(&halfway), "progress at half the rows: {halfway}");
    assert_eq!(progress.bytes_read(), size);
}

#[test]
fn cancel_stops_between_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.csv");
    write_csv(&path, 5000);
    let mut reader = open_path(&path, &ReadOptions::default()).unwrap();
    let cancel = Arc::new(AtomicBool::new(false));
    reader.set_cancel(cancel.clone());
    let mut read = 0;
    let mut ended = None;
    for row in reader {
        match row {
            Ok(_) => read += 1,
            Err(e) => {
                ended = Some(e);
                continue;
            }
        }
        if read == 300 {
            cancel.store(true, Ordering::Relaxed);
        }
    }
    assert_eq!(read, 300);
    assert_eq!(ended, Some(ImportError::Cancelled));
    assert_eq!(ImportError::Cancelled.code(), "cancelled");
}

#[test]
fn rows_convert_as_they_are_read() {
    for name in ["loi-va-trung.csv", "google-contacts.csv", "danh-ba.vcf", "carebook-export.csv"] {
        let table = read_file(name, &fixture(name), &ReadOptions::default()).unwrap().table;
        let mapping = guess_mapping(&table);
        let reader = open_path(&fixture_path(name), &ReadOptions::default()).unwrap();
        assert_eq!(reader.convert(&mapping, today()).unwrap(), convert(&table, &mapping, today()), "{name}");
    }
}

#[test]
fn a_workbook_streams_from_its_path() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("khach.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet().set_name("Trống").unwrap();
    let sheet = book.add_worksheet().set_name("Khách hàng").unwrap();
    sheet.write_string(0, 0, "Họ tên").unwrap();
    sheet.write_string(0, 1, "Số điện thoại").unwrap();
    for i in 1..=20_000u32 {
        sheet.write_string(i, 0, format!("Khách {i}")).unwrap();
        sheet.write_number(i, 1, 900_000_000.0 + f64::from(i)).unwrap();
    }
    book.save(&path).unwrap();

    let reader = open_path(&path, &ReadOptions::default()).unwrap();
    assert_eq!(reader.format(), FileFormat::Xlsx);
    assert_eq!(reader.sheets(), ["Trống", "Khách hàng"]);
    assert_eq!(reader.sheet(), Some("Khách hàng"), "the first sheet with data");
    assert_eq!(reader.guess_mapping(), [Field::Name, Field::Phone]);
    let rows: Vec<_> = reader.map(Result::unwrap).collect();
    assert_eq!(rows.len(), 20_000);
    assert_eq!((rows[19_999].number, rows[19_999].cells[1].as_str()), (20_001, "900020000"));

    // Dropping a reader halfway stops its thread (the test would hang otherwise).
    let mut reader = open_path(&path, &ReadOptions::default()).unwrap();
    assert!(reader.nth(5000).is_some());
    drop(reader);

    let missing = open_path(&path, &ReadOptions { encoding: None, sheet: Some("Sheet9".into()) });
    assert_eq!(missing.unwrap_err().code(), "sheet_not_found");
    let gone = open_path(&dir.path().join("none.csv"), &ReadOptions::default());
    assert_eq!(gone.unwrap_err().code(), "file_unreadable");
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, b" \r\n").unwrap();
    assert_eq!(open_path(&empty, &ReadOptions::default()).unwrap_err().code(), "file_empty");
}

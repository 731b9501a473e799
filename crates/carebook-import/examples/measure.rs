//! Figures for the readers: time and peak memory (run under
//! `/usr/bin/time -v`) of reading, previewing and merging large inputs.
//!
//!     cargo run --release -p carebook-import --example measure -- gen-csv /tmp/k.csv 100000
//!     /usr/bin/time -v target/release/examples/measure rows /tmp/k.csv
//!     /usr/bin/time -v target/release/examples/measure preview /tmp/k.csv
//!     /usr/bin/time -v target/release/examples/measure preview-path /tmp/k.csv
//!     target/release/examples/measure vcard-fold 2000000
//!     target/release/examples/measure one-email 250000
//!
//! `gen-csv` and `gen-xlsx` write a file shaped like CareBook's own customer
//! export (23 columns, about 380 bytes a customer: 38 MB for 100,000).

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use carebook_core::export::{Cell, Column, ColumnKind, Lang};
use carebook_import::own_export::CUSTOMER_EXPORT_COLUMNS;
use carebook_import::{ReadOptions, group_rows, guess_mapping, open_path, read_file, read_vcard_bytes};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

const NAMES: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng"];

/// One customer of the export as text cells.
fn customer(i: usize) -> Vec<String> {
    let lunar = i.is_multiple_of(5);
    vec![
        (i + 1).to_string(),
        format!("{} Thị Khách Hàng {i}", NAMES[i % NAMES.len()]),
        format!("09{:02} {:03} {:03}", i / 1_000_000 % 100, i / 1000 % 1000, i % 1000),
        format!("khach{i}@example.com"),
        format!("{:02}/{:02}/{}", i % 28 + 1, i % 12 + 1, 1950 + i % 60),
        (if lunar { "Âm lịch" } else { "Dương lịch" }).into(),
        (if i.is_multiple_of(2) { "Nữ" } else { "Nam" }).into(),
        format!("{} Lê Lợi, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh", i % 300 + 1),
        "Khách hàng bên ngoài".into(),
        "Facebook".into(),
        "VIP; Khách quen".into(),
        "Thích cà phê sữa đá, hay đến buổi sáng".into(),
        "Đã đồng ý".into(),
        "2025-06-01".into(),
        "Zalo".into(),
        (i % 5000).to_string(),
        "Bạc".into(),
        (i % 40).to_string(),
        (i % 40 * 125_000).to_string(),
        "2026-10-01".into(),
        String::new(),
        "2024-05-01 09:30:00".into(),
        "2026-10-01 09:30:00".into(),
    ]
}

fn gen_csv(path: &Path, rows: usize) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    out.write_all("\u{feff}".as_bytes())?;
    let headers: Vec<&str> = CUSTOMER_EXPORT_COLUMNS.iter().map(|c| c.1).collect();
    out.write_all(headers.join(",").as_bytes())?;
    out.write_all(b"\r\n")?;
    for i in 0..rows {
        let cells: Vec<String> =
            customer(i).into_iter().map(|c| if c.contains(',') { format!("\"{c}\"") } else { c }).collect();
        out.write_all(cells.join(",").as_bytes())?;
        out.write_all(b"\r\n")?;
    }
    out.flush()
}

fn gen_xlsx(path: &Path, rows: usize) -> Result<(), Box<dyn std::error::Error>> {
    let columns: Vec<Column> =
        CUSTOMER_EXPORT_COLUMNS.iter().map(|c| Column::new(c.0, c.1, c.2, ColumnKind::Text)).collect();
    let mut w = carebook_export::xlsx::XlsxWriter::new(Lang::Vi);
    w.begin_sheet("Khách hàng", &columns)?;
    for i in 0..rows {
        let cells: Vec<Cell> = customer(i).into_iter().map(Cell::Text).collect();
        w.write_row(&cells)?;
    }
    w.save(std::fs::File::create(path)?)?;
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |i: usize| args.get(i).cloned().unwrap_or_default();
    let number = |i: usize| arg(i).parse::<usize>().unwrap_or(0);
    let started = Instant::now();
    match arg(1).as_str() {
        "gen-csv" => gen_csv(Path::new(&arg(2)), number(3))?,
        "gen-xlsx" => gen_xlsx(Path::new(&arg(2)), number(3))?,
        "rows" => {
            // Every row read from the path, nothing kept.
            let reader = open_path(Path::new(&arg(2)), &ReadOptions::default())?;
            let mut rows = 0usize;
            for row in reader {
                row?;
                rows += 1;
            }
            println!("{rows} rows read in {:.2?}", started.elapsed());
        }
        "preview" => {
            // What the preview does today: the bytes, the table, conversion, grouping.
            let bytes = std::fs::read(arg(2))?;
            let contents = read_file(&arg(2), &bytes, &ReadOptions::default())?;
            let mapping = guess_mapping(&contents.table);
            let converted = carebook_import::convert(&contents.table, &mapping, today());
            let grouped = group_rows(converted.rows);
            println!(
                "{} bytes: {} customers, {} problems in {:.2?}",
                bytes.len(),
                grouped.groups.len(),
                converted.problems.len() + grouped.problems.len(),
                started.elapsed()
            );
        }
        "preview-path" => {
            // The same from the path: rows converted as they are read, no table kept.
            let reader = open_path(Path::new(&arg(2)), &ReadOptions::default())?;
            let mapping = reader.guess_mapping();
            let converted = reader.convert(&mapping, today())?;
            let problems = converted.problems.len();
            let grouped = group_rows(converted.rows);
            println!(
                "{} customers, {} problems in {:.2?}",
                grouped.groups.len(),
                problems + grouped.problems.len(),
                started.elapsed()
            );
        }
        "vcard-fold" => {
            let folds = number(2);
            let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nX-LONG");
            text.push_str(&"\r\n x".repeat(folds));
            text.push_str("\r\nFN:An\r\nEND:VCARD\r\n");
            let built = Instant::now();
            let table = read_vcard_bytes(text.as_bytes())?;
            println!("{folds} folds ({} bytes): {} contact in {:.2?}", text.len(), table.rows.len(), built.elapsed());
        }
        "one-email" => {
            let n = number(2);
            let base = carebook_core::CustomerInput { name: "Khách".into(), ..Default::default() }
                .validate(today())
                .map_err(|e| format!("{e:?}"))?;
            let rows: Vec<carebook_import::ImportRow> = (0..n)
                .map(|i| {
                    let e164 = format!("+849{i:08}");
                    carebook_import::ImportRow {
                        row: i as u32 + 2,
                        customer: carebook_core::ValidCustomer {
                            phones: vec![carebook_core::Phone { display: e164.clone(), e164 }],
                            email: Some("chung@example.com".into()),
                            tags: vec![format!("nhãn {}", i % 40)],
                            notes: Some(format!("ghi chú {i}")),
                            ..base.clone()
                        },
                        purchase: None,
                        code: None,
                        birthday_leap: false,
                    }
                })
                .collect();
            let copy = rows.clone();
            let t = Instant::now();
            let grouped = group_rows(rows);
            let capped = t.elapsed();
            let t = Instant::now();
            let plain = carebook_import::group(copy);
            println!(
                "{n} rows sharing one email: group_rows {:.2?} ({} problems), group {:.2?} ({} phones)",
                capped,
                grouped.problems.len(),
                t.elapsed(),
                plain[0].customer.phones.len()
            );
        }
        _ => eprintln!(
            "measure gen-csv|gen-xlsx PATH ROWS | rows|preview|preview-path PATH | vcard-fold N | one-email N"
        ),
    }
    Ok(())
}

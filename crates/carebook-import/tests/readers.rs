//! The readers on the fixture files of `tests/fixtures/import/` (one per
//! encoding and format, Google Contacts, a phone's vCard, broken rows and
//! duplicates) and on an XLSX written here with dates as serial numbers.

use std::path::PathBuf;

use carebook_core::{CalendarKind, Gender};
use carebook_import::{Field, FileFormat, ReadOptions, Table, TextEncoding, convert, group, guess_mapping, read_file};
use chrono::NaiveDate;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read(name: &str) -> carebook_import::FileContents {
    read_file(name, &fixture(name), &ReadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn column(table: &Table, header: &str) -> Vec<String> {
    let i = table.headers.iter().position(|h| h == header).unwrap_or_else(|| panic!("no column {header}"));
    table.rows.iter().map(|r| r.cells[i].clone()).collect()
}

#[test]
fn every_encoding_reads_to_the_same_customers() {
    let cases = [
        ("khach-hang-utf8.csv", TextEncoding::Utf8),
        ("khach-hang-utf8-bom.csv", TextEncoding::Utf8),
        ("khach-hang-utf16le.txt", TextEncoding::Utf16le),
        ("khach-hang-utf16be.csv", TextEncoding::Utf16be),
        ("khach-hang-1258.csv", TextEncoding::Windows1258),
    ];
    let mut first: Option<Vec<String>> = None;
    for (name, encoding) in cases {
        let file = read(name);
        assert_eq!(file.format, FileFormat::Csv, "{name}");
        assert_eq!(file.detected_encoding, Some(encoding), "{name}: detected encoding");
        assert_eq!(
            file.table.headers,
            ["Tên khách hàng", "Điện thoại", "Email", "Ngày sinh", "Giới tính", "Địa chỉ", "Ghi chú"],
            "{name}: header, whatever the separator (`,` `;` tab)"
        );
        let names = column(&file.table, "Tên khách hàng");
        assert_eq!(names[0], "Nguyễn Thị Thuỳ Dương", "{name}: composed Vietnamese text");
        assert_eq!(column(&file.table, "Địa chỉ")[0], "12 Lê Lợi, Quận 1", "{name}: a quoted separator");
        let numbers: Vec<u32> = file.table.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [2, 3, 4, 5], "{name}: row numbers as a spreadsheet shows them");
        match &first {
            None => first = Some(names),
            Some(want) => assert_eq!(&names, want, "{name}: same names as the UTF-8 file"),
        }

        let mapping = guess_mapping(&file.table);
        assert_eq!(
            mapping,
            [Field::Name, Field::Phone, Field::Email, Field::Birthday, Field::Gender, Field::Address, Field::Notes],
            "{name}: columns guessed from Vietnamese headers"
        );
        let converted = convert(&file.table, &mapping, today());
        assert!(converted.problems.is_empty(), "{name}: {:?}", converted.problems);
        let tuyet = &converted.rows[2].customer;
        assert_eq!(
            tuyet.phones.iter().map(|p| p.display.as_str()).collect::<Vec<_>>(),
            ["0988 776 655", "0977 123 456"],
            "{name}: two numbers in one cell"
        );
        assert_eq!(tuyet.gender, Some(Gender::Female));
        let huong = &converted.rows[1].customer;
        let birthday = huong.birthday.expect("a birthday without a year");
        assert_eq!((birthday.day, birthday.month, birthday.year), (20, 11, None), "{name}: --dd/mm");
    }
}

#[test]
fn windows_1252_is_told_apart_and_can_be_overridden() {
    let bytes = fixture("customers-1252.csv");
    let file = read_file("customers-1252.csv", &bytes, &ReadOptions::default()).unwrap();
    assert_eq!(file.detected_encoding, Some(TextEncoding::Windows1252));
    assert_eq!(column(&file.table, "Name"), ["François Dubois", "José Núñez", "Jürgen Müller"]);

    // Read as UTF-8 on purpose: the user's choice wins, the guess is still reported.
    let forced =
        read_file("customers-1252.csv", &bytes, &ReadOptions { encoding: Some(TextEncoding::Utf8), sheet: None })
            .unwrap();
    assert_eq!(forced.encoding, Some(TextEncoding::Utf8));
    assert_eq!(forced.detected_encoding, Some(TextEncoding::Windows1252));
    assert!(column(&forced.table, "Name")[0].contains('\u{FFFD}'), "bytes that are not UTF-8 show as such");
}

#[test]
fn google_contacts_csv() {
    let file = read("google-contacts.csv");
    let mapping = guess_mapping(&file.table);
    let mapped = |header: &str| mapping[file.table.headers.iter().position(|h| h == header).unwrap()];
    for (header, field) in [
        ("Name", Field::Name),
        ("Given Name", Field::GivenName),
        ("Family Name", Field::FamilyName),
        ("Birthday", Field::Birthday),
        ("Gender", Field::Gender),
        ("Notes", Field::Notes),
        ("Group Membership", Field::Tags),
        ("E-mail 1 - Type", Field::Ignore),
        ("E-mail 1 - Value", Field::Email),
        ("E-mail 2 - Value", Field::Email),
        ("Phone 1 - Value", Field::Phone),
        ("Phone 2 - Value", Field::Phone),
        ("Address 1 - Formatted", Field::Address),
        ("Address 1 - Street", Field::Ignore),
    ] {
        assert_eq!(mapped(header), field, "{header}");
    }
    let converted = convert(&file.table, &mapping, today());
    assert!(converted.problems.is_empty(), "{:?}", converted.problems);
    let an = &converted.rows[0].customer;
    assert_eq!(an.name, "Nguyễn Văn An");
    assert_eq!(
        an.phones.iter().map(|p| p.e164.as_str()).collect::<Vec<_>>(),
        ["+84901234567", "+84912345678", "+842838234567"],
        "Google's `:::` separates numbers of one field"
    );
    assert_eq!(an.email.as_deref(), Some("an.nguyen@gmail.com"));
    assert_eq!(an.tags, ["VIP"], "Google's system groups are left out");
    let notes = an.notes.as_deref().unwrap();
    assert!(notes.contains("Khách mua sỉ") && notes.contains("an@congty.vn"), "second email kept in notes: {notes}");
    assert_eq!(an.address.as_deref(), Some("12 Lê Lợi, Quận 1, TP HCM"));
    let hoa = &converted.rows[1].customer;
    let b = hoa.birthday.unwrap();
    assert_eq!((b.day, b.month, b.year), (20, 5, None), "Google's --mm-dd");
    assert!(hoa.tags.is_empty());
    assert_eq!(converted.rows[2].customer.name, "Peter Smith", "a Western name from its parts keeps its order");
}

#[test]
fn phone_vcard_with_several_numbers() {
    let file = read("danh-ba.vcf");
    assert_eq!(file.format, FileFormat::Vcard);
    let mapping = guess_mapping(&file.table);
    let converted = convert(&file.table, &mapping, today());

    let minh = &converted.rows[0];
    assert_eq!(minh.row, 1, "vCard rows are numbered by contact");
    assert_eq!(minh.customer.name, "Phạm Minh", "2.1 quoted-printable in UTF-8");
    assert_eq!(
        minh.customer.phones.iter().map(|p| p.display.as_str()).collect::<Vec<_>>(),
        ["0901 234 567", "028 3823 4567", "0912 000 111"],
        "every TEL of the contact"
    );
    assert_eq!(minh.customer.notes.as_deref(), Some("Khách quen, thích cà phê sữa đá"), "soft line break joined");

    let lan = &converted.rows[1].customer;
    assert_eq!(lan.phones.len(), 1, "the same number twice is one number");
    assert_eq!(lan.tags, ["VIP", "Khách sỉ"]);
    assert_eq!(lan.address.as_deref(), Some("45 Trần Hưng Đạo, Hà Nội, Việt Nam"));
    assert_eq!(lan.notes.as_deref(), Some("Dị ứng đậu phộng, không dùng hạnh nhân"), "3.0 escapes");
    let b = lan.birthday.unwrap();
    assert_eq!((b.day, b.month, b.year, b.calendar), (12, 8, None, CalendarKind::Solar), "--MMDD");

    let bao = &converted.rows[2].customer;
    assert_eq!(bao.phones[0].e164, "+84903222333", "4.0 tel: URI");
    assert_eq!(bao.gender, Some(Gender::Male));
    assert_eq!(bao.birthday.unwrap().year, Some(1975));

    assert_eq!(converted.problems.len(), 1, "{:?}", converted.problems);
    assert_eq!(converted.problems[0].row, 4);
    assert_eq!(converted.problems[0].problems[0].code, "phone_invalid");
}

#[test]
fn broken_rows_are_reported_by_row_number_and_reason() {
    let file = read("loi-va-trung.csv");
    let mapping = guess_mapping(&file.table);
    assert_eq!(
        mapping,
        [
            Field::Name,
            Field::Phone,
            Field::Email,
            Field::Birthday,
            Field::PurchaseDate,
            Field::PurchaseAmount,
            Field::PurchaseItems,
            Field::Notes
        ]
    );
    let converted = convert(&file.table, &mapping, today());
    type Reasons<'a> = Vec<(&'a str, &'a str, &'a str)>;
    let problems: Vec<(u32, Reasons)> = converted
        .problems
        .iter()
        .map(|r| (r.row, r.problems.iter().map(|p| (p.field.as_str(), p.code.as_str(), p.value.as_str())).collect()))
        .collect();
    assert_eq!(
        problems,
        [
            (3, vec![("name", "required", "")]),
            (4, vec![("phones", "phone_invalid", "0901 12")]),
            (5, vec![("email", "email_invalid", "mai@")]),
            (6, vec![("birthday", "date_invalid", "31/02/1990")]),
            (9, vec![("purchaseDate", "required", ""), ("purchaseAmount", "amount_invalid", "abc")]),
        ]
    );
    assert_eq!(converted.problems[2].problems[0].column, Some(2), "the column the bad value is in");

    let groups = group(converted.rows);
    let rows: Vec<Vec<u32>> = groups.iter().map(|g| g.rows.clone()).collect();
    assert_eq!(rows, [vec![2, 7, 8]], "same phone (row 7) and same email (row 8) as row 2");
    let ha = &groups[0];
    assert_eq!(ha.customer.name, "Phạm Thu Hà", "the first row's name is kept");
    assert_eq!(ha.customer.phones.len(), 2, "phones of both rows");
    assert_eq!(ha.customer.notes.as_deref(), Some("Khách quen"));
    let purchases: Vec<(u32, i64)> = ha.purchases.iter().map(|(row, p)| (*row, p.amount_vnd)).collect();
    assert_eq!(purchases, [(2, 1_250_000), (7, 450_000)], "purchases of every row are kept");
}

#[test]
fn xlsx_with_dates_as_serial_numbers() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Khách hàng").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (col, h) in ["Họ tên", "Số điện thoại", "Ngày sinh", "Ngày mua", "Số tiền"].iter().enumerate() {
        sheet.write_string(0, col as u16, *h).unwrap();
    }
    // A date-formatted cell, a plain serial number, a phone typed as a number.
    sheet.write_string(1, 0, "Ngô Bảo Châu").unwrap();
    sheet.write_number(1, 1, 901234567.0).unwrap();
    sheet.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(1990, 3, 15).unwrap(), &date).unwrap();
    sheet.write_number(1, 3, 45000.0).unwrap();
    sheet.write_number(1, 4, 1250000.0).unwrap();
    sheet.write_string(3, 0, "Hà Anh").unwrap(); // row 4: row 3 left empty
    sheet.write_string(3, 1, "0912 345 678").unwrap();
    sheet.write_string(3, 2, "02/09/1985").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let file = read_file("khach.xlsx", &bytes, &ReadOptions::default()).unwrap();
    assert_eq!(file.format, FileFormat::Xlsx);
    assert_eq!(file.sheets, ["Khách hàng"]);
    assert_eq!(file.table.rows.iter().map(|r| r.number).collect::<Vec<_>>(), [2, 4], "Excel's row numbers");
    let converted = convert(&file.table, &guess_mapping(&file.table), today());
    assert!(converted.problems.is_empty(), "{:?}", converted.problems);
    let chau = &converted.rows[0];
    assert_eq!(chau.customer.phones[0].display, "0901 234 567", "a phone typed as a number lost its 0");
    let b = chau.customer.birthday.unwrap();
    assert_eq!((b.day, b.month, b.year), (15, 3, Some(1990)), "a date cell");
    let purchase = chau.purchase.as_ref().unwrap();
    assert_eq!(purchase.date, NaiveDate::from_ymd_opt(2023, 3, 15).unwrap(), "a serial number in a date column");
    assert_eq!(purchase.amount_vnd, 1_250_000);
    assert_eq!(converted.rows[1].customer.birthday.unwrap().month, 9, "dd/mm/yyyy text in a cell");

    let missing = read_file("khach.xlsx", &bytes, &ReadOptions { encoding: None, sheet: Some("Sheet9".into()) });
    assert_eq!(missing.unwrap_err().code(), "sheet_not_found");
}

#[test]
fn files_that_are_not_customer_lists_are_refused_with_a_reason() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("empty.csv", b"", "file_empty"),
        ("blank.csv", b"  \r\n\n", "file_empty"),
        ("broken.xlsx", b"PK\x03\x04not really a zip", "file_unreadable"),
        ("old.xls", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "file_unreadable"),
        ("none.vcf", b"hello", "file_no_contacts"),
    ];
    for (name, bytes, code) in cases {
        let err = read_file(name, bytes, &ReadOptions::default()).expect_err(name);
        assert_eq!(err.code(), *code, "{name}: {err}");
    }
    let big = vec![b'a'; carebook_import::MAX_FILE_BYTES + 1];
    assert_eq!(read_file("big.csv", &big, &ReadOptions::default()).unwrap_err().code(), "file_too_large");
}

#[test]
fn shipped_xlsx_with_a_serial_number_as_birthday() {
    // Written by hand (inline strings, no styles): the birthday cell is the bare number 32947.
    let file = read("khach-hang-serial.xlsx");
    assert_eq!(file.sheet.as_deref(), Some("Khach"));
    let converted = convert(&file.table, &guess_mapping(&file.table), today());
    let chau = &converted.rows[0].customer;
    let b = chau.birthday.expect("the serial number is a date");
    assert_eq!((b.day, b.month, b.year), (15, 3, Some(1990)));
    assert_eq!(chau.phones[0].e164, "+84901234567");
}

//! Files made to hurt the reader: workbooks that unpack to a gigabyte (with
//! honest or lying sizes), compressed beyond any spreadsheet, that are not
//! XLSX at all, XLS sheets declaring or spanning billions of cells, a vCard
//! line folded a million times. Each is refused (or read) quickly and in
//! little memory; the earlier readers took gigabytes, hours, or crashed.

mod common;

use std::io::{Cursor, Read, Write};

use carebook_import::{ReadOptions, read_file, read_spreadsheet_bytes, read_vcard_bytes};
use common::*;

const GIB: u64 = 1 << 30;

/// A deflated part: `prefix`, a gigabyte of `A`, `suffix`.
fn gigabyte_part(prefix: &str, suffix: &str) -> Vec<u8> {
    deflate_fill(prefix.as_bytes(), b'A', GIB, suffix.as_bytes())
}

/// The fixture workbook with `name` replaced (or added) by a deflated part
/// that declares `declared` bytes.
fn workbook_with(name: &str, deflated: Vec<u8>, declared: u32) -> Vec<u8> {
    let mut entries: Vec<Entry> = fixture_xlsx_entries().into_iter().filter(|e| e.name != name).collect();
    entries.push(Entry { name: name.into(), data: deflated, deflated: true, size: declared, crc: 0 });
    zip(&entries)
}

#[test]
fn the_bomb_generator_writes_real_deflate() {
    // What the tests below build a gigabyte with, checked on a small size.
    let data = deflate_fill(b"<t>", b'A', 100_000, b"</t>");
    let mut want = b"<t>".to_vec();
    want.extend(std::iter::repeat_n(b'A', 100_000));
    want.extend(b"</t>");
    let archive = zip(&[Entry { name: "x".into(), data, deflated: true, size: want.len() as u32, crc: crc32(&want) }]);
    let mut z = zip::ZipArchive::new(Cursor::new(archive)).unwrap();
    let mut got = Vec::new();
    z.by_index(0).unwrap().read_to_end(&mut got).unwrap();
    assert_eq!(got, want);
}

#[test]
fn a_workbook_that_unpacks_to_a_gigabyte_is_refused_in_little_memory() {
    let strings = gigabyte_part(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>"#,
        "</t></si></sst>",
    );
    let sheet = gigabyte_part(
        r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#,
        "</t></is></c></row></sheetData></worksheet>",
    );
    let real = (GIB + 100) as u32;
    // (part, declared size): honest sizes are refused before anything is
    // unpacked; a part that says less than it holds is caught at what it says.
    let cases: [(&str, &Vec<u8>, u32, &str); 4] = [
        ("xl/sharedStrings.xml", &strings, real, "at most"),
        ("xl/sharedStrings.xml", &strings, 1024, "more than the 1024 bytes it declares"),
        ("xl/worksheets/sheet1.xml", &sheet, real, "at most"),
        ("xl/worksheets/sheet1.xml", &sheet, 100_000, "more than the 100000 bytes it declares"),
    ];
    for (part, data, declared, why) in cases {
        let bytes = workbook_with(part, data.clone(), declared);
        assert!(bytes.len() < 8 << 20, "a gigabyte in {} bytes", bytes.len());
        let err = read_file("bomb.xlsx", &bytes, &ReadOptions::default()).unwrap_err();
        assert_eq!(err.code(), "file_too_large", "{part} declaring {declared}: {err}");
        assert!(err.to_string().contains(part) && err.to_string().contains(why), "{err}");
    }
    if let Some(peak) = peak_rss_mib() {
        assert!(peak < 300, "peak memory {peak} MiB: nothing was unpacked into memory");
    }
}

#[test]
fn a_part_compressed_beyond_any_spreadsheet_is_refused() {
    // 20 MB of spaces inside a valid sheet: a thousand to one.
    let mut sheet = Vec::new();
    sheet.extend(br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#);
    sheet.extend(std::iter::repeat_n(b' ', 20 << 20));
    sheet.extend(b"</sheetData></worksheet>");
    let mut entries = Vec::new();
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for e in fixture_xlsx_entries() {
        let data = if e.name == "xl/worksheets/sheet1.xml" { sheet.clone() } else { e.data };
        writer.start_file(e.name.as_str(), deflated).unwrap();
        writer.write_all(&data).unwrap();
        entries.push(e.name);
    }
    let bytes = writer.finish().unwrap().into_inner();
    let err = read_file("dense.xlsx", &bytes, &ReadOptions::default()).unwrap_err();
    assert_eq!(err.code(), "file_too_large", "{err}");
    assert!(err.to_string().contains("compressed"), "{err}");
}

#[test]
fn only_xlsx_and_xls_are_read() {
    let cases: [(&str, Vec<Entry>); 4] = [
        (
            "book.xlsb",
            vec![Entry::stored("[Content_Types].xml", b"<Types/>"), Entry::stored("xl/workbook.bin", b"\x83\x01")],
        ),
        (
            "book.ods",
            vec![
                Entry::stored("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
                Entry::stored("content.xml", b"<office:document-content/>"),
            ],
        ),
        ("letter.docx", vec![Entry::stored("word/document.xml", b"<w:document/>")]),
        ("photos.zip", vec![Entry::stored("a.jpg", b"\xFF\xD8\xFF")]),
    ];
    for (name, entries) in cases {
        let err = read_file(name, &zip(&entries), &ReadOptions::default()).unwrap_err();
        assert_eq!(err.code(), "file_unsupported", "{name}: {err}");
    }
    let mut many: Vec<Entry> = (0..10_000).map(|i| Entry::stored(&format!("xl/{i}.xml"), b"")).collect();
    many.push(Entry::stored("xl/workbook.xml", b""));
    let err = read_spreadsheet_bytes(&zip(&many)).unwrap_err();
    assert_eq!(err.code(), "file_too_large", "{err}");
}

fn sheet(name: &'static str, dimensions: Option<(u32, u32, u16, u16)>, cells: Vec<XlsCell>) -> XlsSheet {
    XlsSheet { name, dimensions, cells, raw: Vec::new() }
}

#[test]
fn an_xls_workbook_is_read_by_rows() {
    let stream = biff(
        &[
            sheet("Trống", None, vec![]),
            sheet(
                "Khach",
                Some((0, 3, 0, 2)),
                vec![
                    XlsCell::Text(0, 0, "Ho ten"),
                    XlsCell::Text(0, 1, "SDT"),
                    XlsCell::Text(2, 0, "Ngo Bao Chau"),
                    XlsCell::Number(2, 1, 901234567.0),
                ],
            ),
        ],
        None,
    );
    let file = read_file("khach.xls", &xls(&stream), &ReadOptions::default()).unwrap();
    assert_eq!(file.format, carebook_import::FileFormat::Xls);
    assert_eq!(file.sheet.as_deref(), Some("Khach"), "the first sheet with data");
    assert_eq!(file.table.headers, ["Ho ten", "SDT"]);
    assert_eq!(file.table.rows.len(), 1);
    assert_eq!((file.table.rows[0].number, file.table.rows[0].cells[1].as_str()), (3, "901234567"));
}

#[test]
fn xls_sheets_that_declare_or_span_too_many_cells_are_refused() {
    let header = || vec![XlsCell::Text(0, 0, "Ten")];
    let far = |r: u16, c: u16| vec![XlsCell::Text(0, 0, "Ten"), XlsCell::Text(r, c, "x")];
    let mul_rk = |first: u16, last: u16, cells: usize| {
        let mut d = Vec::new();
        d.extend(1u16.to_le_bytes());
        d.extend(first.to_le_bytes());
        d.extend(std::iter::repeat_n(0u8, 6 * cells));
        d.extend(last.to_le_bytes());
        (0x00BDu16, d)
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // calamine reserves the declared rows × columns: 4 billion rows.
        ("4e9 rows", biff(&[sheet("S", Some((0, 4_000_000_000, 0, 200)), header())], None), "file_too_large"),
        ("65536 × 256", biff(&[sheet("S", Some((0, 65_536, 0, 256)), header())], None), "file_too_large"),
        ("last row before first", biff(&[sheet("S", Some((10, 5, 0, 3)), header())], None), "file_unreadable"),
        ("empty column range", biff(&[sheet("S", Some((0, 5, 3, 3)), header())], None), "file_unreadable"),
        // calamine allocates the rectangle the cells span: two cells far apart.
        ("cells far apart", biff(&[sheet("S", None, far(65_535, 255))], None), "file_too_large"),
        ("a sheet outside the stream", biff(&[sheet("S", None, header())], Some(1 << 20)), "file_unreadable"),
        (
            "a run of cells backwards",
            biff(&[XlsSheet { name: "S", dimensions: None, cells: header(), raw: vec![mul_rk(5, 2, 1)] }], None),
            "file_unreadable",
        ),
    ];
    for (what, stream, code) in cases {
        let err = read_file("x.xls", &xls(&stream), &ReadOptions::default()).unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err}");
    }
    // Sheets together: each within the budget, all of them over it.
    let big = |name| sheet(name, None, far(65_535, 20));
    let sheets: Vec<XlsSheet> = ["A", "B"].into_iter().map(big).collect();
    assert_eq!(read_file("x.xls", &xls(&biff(&sheets[..1], None)), &ReadOptions::default()).map(|_| ()), Ok(()));
    let err = read_file("x.xls", &xls(&biff(&sheets, None)), &ReadOptions::default()).unwrap_err();
    assert_eq!(err.code(), "file_too_large", "{err}");
}

#[test]
fn a_vcard_line_folded_a_million_times_is_read_in_one_pass() {
    // 2,000,000 folds of a line without a colon (6 MB): the reader that
    // re-read the growing line on every fold did 10^12 steps here.
    let mut text = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nX-LONG");
    text.push_str(&"\r\n x".repeat(2_000_000));
    text.push_str("\r\nFN:Nguyễn An\r\nTEL:0901234567\r\nEND:VCARD\r\n");
    let table = read_vcard_bytes(text.as_bytes()).unwrap();
    assert_eq!(table.rows.len(), 1);
    assert_eq!(table.rows[0].cells[0], "Nguyễn An");
    assert_eq!(table.rows[0].cells[4], "0901234567");
}

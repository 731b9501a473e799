//! CSV as Excel, POS systems and Google Contacts write it: `,`, `;` (Excel in
//! locales whose decimal separator is a comma, Vietnamese among them) or tab
//! separated, quoted fields that may span lines.

use crate::{ImportError, Table};

/// The separator: the candidate that splits the first lines into the same
/// number of fields as the header, most often; `,` when nothing does.
pub(crate) fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(30).collect();
    let mut best: (usize, usize, u8) = (0, 0, b',');
    for candidate in [b',', b';', b'\t', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, candidate)).collect();
        let Some(&header) = counts.first() else { continue };
        if header == 0 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&c| c == header).count();
        if (agreeing, header) > (best.0, best.1) {
            best = (agreeing, header, candidate);
        }
    }
    best.2
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut quoted = false;
    let mut count = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delimiter && !quoted {
            count += 1;
        }
    }
    count
}

/// How many empty lines start at byte `at` (`\n`, `\r\n` or `\r` each).
fn blank_lines_at(text: &[u8], mut at: usize) -> u32 {
    // The `\n` of a `\r\n` that ended the previous record.
    if at > 0 && text.get(at - 1) == Some(&b'\r') && text.get(at) == Some(&b'\n') {
        at += 1;
    }
    let mut lines = 0;
    while let Some(&b) = text.get(at) {
        match b {
            b'\n' => at += 1,
            b'\r' => at += if text.get(at + 1) == Some(&b'\n') { 2 } else { 1 },
            _ => break,
        }
        lines += 1;
    }
    lines
}

/// Reads CSV text into a table. Row numbers are the rows a spreadsheet shows
/// for the file: a quoted field over several lines is one row, and blank
/// lines count.
pub(crate) fn read(text: &str) -> Result<Table, ImportError> {
    let delimiter = sniff_delimiter(text);
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut records = Vec::new();
    let mut row: u32 = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(ImportError::Csv(e.to_string())),
        }
        // Blank lines the reader skipped are rows too. The reader places a
        // record where the previous one ended, before those blank lines.
        let start = record.position().map_or(0, |p| p.byte() as usize);
        row = row.saturating_add(blank_lines_at(text.as_bytes(), start)).saturating_add(1);
        if records.len() > crate::MAX_ROWS {
            return Err(ImportError::TooManyRows { max: crate::MAX_ROWS });
        }
        records.push((row, record.iter().take(crate::MAX_COLUMNS).map(|f| f.trim().to_owned()).collect()));
    }
    Table::from_records(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_separator() {
        let cases: [(&str, u8); 5] = [
            ("Tên,SĐT\nAn,0901234567\n", b','),
            ("Tên;SĐT;Ghi chú\nAn;0901234567;mua 1,5 kg\n", b';'),
            ("Tên\tSĐT\nAn\t0901234567\n", b'\t'),
            ("\"Tên, họ\";SĐT\n\"Nguyễn, An\";0901234567\n", b';'),
            ("Tên\nAn\n", b','),
        ];
        for (text, want) in cases {
            assert_eq!(sniff_delimiter(text) as char, want as char, "{text:?}");
        }
    }

    #[test]
    fn numbers_rows_as_a_spreadsheet_does() {
        let text = "Tên,Ghi chú\nAn,\"hai\ndòng\"\n\nBình,x\n,\nChi,y\n";
        for (text, want) in [("a\n\n\nb\r\n\r\nc\n", [1, 4, 6]), ("a\r\rb\r\nc", [1, 3, 4])] {
            let table = read(&format!("h\n{text}")).unwrap();
            let rows: Vec<u32> = table.rows.iter().map(|r| r.number - 1).collect();
            assert_eq!(rows, want, "{text:?}");
        }
        let table = read(text).unwrap();
        assert_eq!(table.headers, ["Tên", "Ghi chú"]);
        let numbers: Vec<(u32, &str)> = table.rows.iter().map(|r| (r.number, r.cells[0].as_str())).collect();
        // Row 2 spans two lines; row 3 is blank; row 5 is empty cells.
        assert_eq!(numbers, [(2, "An"), (4, "Bình"), (6, "Chi")]);
        assert_eq!(table.rows[0].cells[1], "hai\ndòng");
    }

    #[test]
    fn ragged_rows_are_padded() {
        let table = read("a,b\n1\n1,2,3\n").unwrap();
        assert_eq!(table.headers, ["a", "b", "Column 3"]);
        assert!(table.rows.iter().all(|r| r.cells.len() == 3), "every row has a cell per column");
    }
}

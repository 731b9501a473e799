//! Values as text: money `1.250.000 ₫`, dates `dd/mm/yyyy` for people;
//! cells as CSV text.

use carebook_core::export::{Cell, Column, ColumnKind, Lang};
use chrono::{NaiveDate, NaiveDateTime};

/// Groups the digits with dots: 1250000 → `1.250.000`.
pub fn group_digits(n: impl Into<i128>) -> String {
    let n: i128 = n.into();
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Whole đồng: 1250000 → `1.250.000 ₫`.
pub fn vnd(amount: impl Into<i128>) -> String {
    format!("{} ₫", group_digits(amount))
}

/// `dd/mm/yyyy`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `dd/mm/yyyy hh:mm`.
pub fn datetime(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y %H:%M").to_string()
}

pub fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::Vi) => "Có",
        (false, Lang::Vi) => "Không",
        (true, Lang::En) => "Yes",
        (false, Lang::En) => "No",
    }
}

/// How a list of values is joined in one CSV or spreadsheet cell.
pub const LIST_SEPARATOR: &str = "; ";

/// A cell as plain text for a CSV file: numbers without grouping (so a
/// spreadsheet sums them), ISO dates (read as dates in every locale), enum
/// codes by their label, lists joined with `; `.
pub fn csv_text(cell: &Cell, column: &Column, lang: Lang) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Int(i) => i.to_string(),
        Cell::Text(s) => match column.kind {
            ColumnKind::Enum(_) => column.label(s, lang).to_owned(),
            ColumnKind::Json => s.clone(),
            _ => defuse(s),
        },
        Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
        Cell::DateTime(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        Cell::Bool(b) => yes_no(*b, lang).to_owned(),
        Cell::List(items) => defuse(&items.join(LIST_SEPARATOR)),
        Cell::Phones(phones) => {
            defuse(&phones.iter().map(|p| p.display.as_str()).collect::<Vec<_>>().join(LIST_SEPARATOR))
        }
    }
}

/// Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a
/// control character first) gets a leading apostrophe, so a name typed as
/// `=HYPERLINK(…)` stays text when the file is opened.
pub fn defuse(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_dates_the_vietnamese_way() {
        for (n, text) in
            [(0, "0 ₫"), (999, "999 ₫"), (1000, "1.000 ₫"), (1_250_000, "1.250.000 ₫"), (-50_000, "-50.000 ₫")]
        {
            assert_eq!(vnd(n), text, "đồng are grouped by dots, no decimals");
        }
        let d = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        assert_eq!(date(d), "02/01/2026", "day first");
        assert_eq!(datetime(d.and_hms_opt(9, 5, 0).unwrap()), "02/01/2026 09:05");
    }

    #[test]
    fn formulas_are_defused_and_plain_text_is_not() {
        for (input, out) in [
            ("=1+1", "'=1+1"),
            ("+84 901", "'+84 901"),
            ("-50%", "'-50%"),
            ("@cmd", "'@cmd"),
            ("Nguyễn Văn An", "Nguyễn Văn An"),
            ("", ""),
        ] {
            assert_eq!(defuse(input), out, "{input:?}");
        }
    }
}

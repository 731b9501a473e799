//! Small text helpers shared by the modules: Vietnamese dates and numbers,
//! field errors.

use carebook_core::FieldError;
use chrono::{Datelike, NaiveDate};

/// `dd/mm/yyyy`.
pub(crate) fn dmy(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}

/// `1.234.567`: thousands grouped by dots, the Vietnamese way.
pub(crate) fn group_digits(n: i64) -> String {
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

pub(crate) fn field_error(field: impl Into<String>, code: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), code: code.to_owned(), message: message.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_the_vietnamese_way() {
        for (n, text) in [(0, "0"), (7, "7"), (999, "999"), (1_000, "1.000"), (1_234, "1.234"), (-12_345, "-12.345")] {
            assert_eq!(group_digits(n), text);
        }
        assert_eq!(group_digits(1_250_000), "1.250.000");
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).expect("date");
        assert_eq!(dmy(d), "07/03/2026");
    }
}

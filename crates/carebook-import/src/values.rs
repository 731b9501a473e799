//! Cell values as shops write them: dates (`dd/mm/yyyy`, `yyyy-mm-dd`, Excel
//! serial numbers, `--dd/mm` without a year, `15/08 âm lịch`), amounts of
//! money (`1.250.000`, `1,250,000 ₫`), genders (`Nam`, `Nữ`, `Male`…) and
//! cells holding several phone numbers.

use carebook_core::{CalendarKind, Gender, fold};
pub use chrono::NaiveDate as Date;
use chrono::{Datelike, NaiveDate};

/// A date as written: the year may be missing (a birthday without a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParts {
    pub day: u32,
    pub month: u32,
    pub year: Option<i32>,
    pub calendar: CalendarKind,
}

impl DateParts {
    pub fn to_date(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day)
    }
}

/// Excel's day count (1900 date system) to a date. Serial 60 is Excel's
/// 29 February 1900, a day that never was.
pub fn excel_serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    if days == 60 {
        return None;
    }
    let base = if days < 60 { NaiveDate::from_ymd_opt(1899, 12, 31)? } else { NaiveDate::from_ymd_opt(1899, 12, 30)? };
    base.checked_add_signed(chrono::Duration::days(days))
}

fn parts(day: u32, month: u32, year: Option<i32>, calendar: CalendarKind) -> Option<DateParts> {
    ((1..=31).contains(&day) && (1..=12).contains(&month)).then_some(DateParts { day, month, year, calendar })
}

/// A two-digit year: the century that puts it at or before this year.
fn full_year(y: &str, today: NaiveDate) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    match y.len() {
        4 => Some(n),
        2 => {
            let this = today.year() % 100;
            Some(if n <= this { today.year() - this + n } else { today.year() - this - 100 + n })
        }
        _ => None,
    }
}

/// Parses a date cell. `None` when it is not a date this reader knows.
pub fn parse_date(text: &str, today: NaiveDate) -> Option<DateParts> {
    let mut s = text.trim().to_owned();
    // "15/08 âm lịch", "15/08 (ÂL)": a lunar date.
    let mut calendar = CalendarKind::Solar;
    let folded = fold(&s);
    for marker in ["(am lich)", "am lich", "(al)", " al"] {
        if let Some(pos) = folded.find(marker)
            && folded[pos + marker.len()..].trim().is_empty()
        {
            calendar = CalendarKind::Lunar;
            // Folding keeps ASCII positions only up to the first accented
            // letter: cut at the digits instead.
            let end = s.rfind(|c: char| c.is_ascii_digit()).map_or(0, |i| i + 1);
            s.truncate(end);
            break;
        }
    }
    let s = s.trim();
    // A time after the date: "1990-03-15T00:00:00Z", "15/03/1990 08:00".
    let s = match s.find(['T', ' ']) {
        Some(i) if s[..i].chars().filter(char::is_ascii_digit).count() >= 4 || s.starts_with("--") => &s[..i],
        _ => s,
    };

    // vCard: --MMDD or --MM-DD; this product's own: --dd/mm.
    if let Some(rest) = s.strip_prefix("--") {
        if let Some((d, m)) = rest.split_once(['/', '.']) {
            return parts(d.trim().parse().ok()?, m.trim().parse().ok()?, None, calendar);
        }
        let digits: String = rest.chars().filter(|c| c != &'-').collect();
        if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return parts(digits[2..].parse().ok()?, digits[..2].parse().ok()?, None, calendar);
        }
        return None;
    }

    let all_numeric = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if all_numeric && s.bytes().filter(|&b| b == b'.').count() <= 1 {
        // yyyymmdd (vCard 3.0)
        if s.len() == 8 && !s.contains('.') {
            let (y, m, d) = (&s[..4], &s[4..6], &s[6..]);
            if let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse(), d.parse())
                && (1800..=2200).contains(&y)
            {
                return parts(d, m, Some(y), calendar);
            }
        }
        // An Excel serial number: days since 1900. Numbers that could be a
        // year (below 3000) are not taken for one.
        let n: f64 = s.parse().ok()?;
        if n >= 3000.0 {
            let date = excel_serial_to_date(n)?;
            return parts(date.day(), date.month(), Some(date.year()), calendar);
        }
        return None;
    }

    let fields: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
    if fields.iter().any(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let num = |f: &str| f.parse::<u32>().ok();
    match fields.as_slice() {
        // yyyy-mm-dd
        [y, m, d] if y.len() == 4 => parts(num(d)?, num(m)?, Some(y.parse().ok()?), calendar),
        // dd/mm/yyyy, d/m/yy; mm/dd/yyyy only when it cannot be read the Vietnamese way.
        [a, b, y] if y.len() == 4 || y.len() == 2 => {
            let (a, b, year) = (num(a)?, num(b)?, full_year(y, today)?);
            if b > 12 && a <= 12 { parts(b, a, Some(year), calendar) } else { parts(a, b, Some(year), calendar) }
        }
        // dd/mm: no year
        [d, m] if d.len() <= 2 && m.len() <= 2 => parts(num(d)?, num(m)?, None, calendar),
        _ => None,
    }
}

/// Parses an amount of đồng: `1.250.000`, `1,250,000`, `1 250 000 ₫`,
/// `1250000`, `1.250.000,00`, `1250000.0` (a number cell), `500k`.
pub fn parse_amount(text: &str) -> Option<i64> {
    let folded = fold(text);
    let mut s: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    for unit in ["vnd", "₫", "dong", "d"] {
        if let Some(rest) = s.strip_suffix(unit) {
            s = rest.to_owned();
            break;
        }
    }
    let thousands = if let Some(rest) = s.strip_suffix('k') {
        s = rest.to_owned();
        true
    } else {
        false
    };
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    // The last separator is a decimal point when one or two digits follow it.
    let (whole, fraction) = match s.rfind(['.', ',']) {
        Some(i) if (1..=2).contains(&(s.len() - i - 1)) => (&s[..i], &s[i + 1..]),
        _ => (s.as_str(), ""),
    };
    let groups: Vec<&str> = whole.split(['.', ',']).collect();
    let grouped_right = groups.len() == 1
        || (groups[0].len() <= 3 && !groups[0].is_empty() && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_right {
        return None;
    }
    let digits: String = groups.concat();
    let mut amount: i64 = digits.parse().ok()?;
    if thousands {
        amount = amount.checked_mul(1000)?;
        if !fraction.is_empty() {
            let f: i64 = fraction.parse().ok()?;
            amount = amount.checked_add(if fraction.len() == 1 { f * 100 } else { f * 10 })?;
        }
    } else if fraction.parse::<u32>().is_ok_and(|f| f >= 50 && fraction.len() == 2 || f >= 5 && fraction.len() == 1) {
        amount = amount.checked_add(1)?;
    }
    Some(amount)
}

/// `Nam`/`Nữ`/`Khác`, `Male`/`Female`/`Other`, `M`/`F`, `Anh`/`Chị`…
pub fn parse_gender(text: &str) -> Option<Gender> {
    match fold(text).trim_matches(|c: char| !c.is_alphanumeric()) {
        "nam" | "male" | "m" | "man" | "trai" | "ong" | "anh" | "mr" | "chu" => Some(Gender::Male),
        "nu" | "female" | "f" | "woman" | "gai" | "ba" | "chi" | "co" | "mrs" | "ms" | "miss" | "w" => {
            Some(Gender::Female)
        }
        "khac" | "other" | "o" | "x" | "u" | "khong ro" => Some(Gender::Other),
        _ => None,
    }
}

/// Several numbers in one cell: `0901 234 567 / 0912 345 678`,
/// `0901234567; 0912345678`, Google's `+84 90 ::: +84 91`, one per line.
pub fn split_phones(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split(":::").flat_map(|p| p.split([';', ',', '|', '\n', '\r'])) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        // A `/` separates numbers when there is a whole number on each side.
        let pieces: Vec<&str> = part.split('/').map(str::trim).collect();
        let whole = |p: &&str| p.chars().filter(char::is_ascii_digit).count() >= 8;
        if pieces.len() > 1 && pieces.iter().all(whole) {
            out.extend(pieces.into_iter().map(str::to_owned));
        } else {
            out.push(part.to_owned());
        }
    }
    out
}

/// Tags in a cell: separated by commas, semicolons or Google's `:::`;
/// Google's own system groups (`* myContacts`, `* starred`) are left out.
pub fn split_tags(text: &str) -> Vec<String> {
    text.split(":::")
        .flat_map(|p| p.split([',', ';', '\n']))
        .map(str::trim)
        .filter(|t| !t.is_empty() && !t.starts_with('*'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    type Parts = (u32, u32, Option<i32>, CalendarKind);

    fn date(s: &str) -> Option<Parts> {
        parse_date(s, today()).map(|p| (p.day, p.month, p.year, p.calendar))
    }

    #[test]
    fn dates() {
        use CalendarKind::*;
        let cases: &[(&str, Option<Parts>)] = &[
            ("15/03/1990", Some((15, 3, Some(1990), Solar))),
            ("5/3/1990", Some((5, 3, Some(1990), Solar))),
            ("05-03-1990", Some((5, 3, Some(1990), Solar))),
            ("05.03.1990", Some((5, 3, Some(1990), Solar))),
            ("1990-03-15", Some((15, 3, Some(1990), Solar))),
            ("1990-03-15T00:00:00Z", Some((15, 3, Some(1990), Solar))),
            ("15/03/1990 08:30", Some((15, 3, Some(1990), Solar))),
            ("19900315", Some((15, 3, Some(1990), Solar))),
            ("--0315", Some((15, 3, None, Solar))),
            ("--03-15", Some((15, 3, None, Solar))),
            ("--15/03", Some((15, 3, None, Solar))),
            ("15/03", Some((15, 3, None, Solar))),
            ("15/08 âm lịch", Some((15, 8, None, Lunar))),
            ("15/08/1960 (ÂL)", Some((15, 8, Some(1960), Lunar))),
            // Excel serial numbers: 32947 is 15 March 1990.
            ("32947", Some((15, 3, Some(1990), Solar))),
            ("32947.5", Some((15, 3, Some(1990), Solar))),
            // US order only when the Vietnamese reading is impossible.
            ("3/15/1990", Some((15, 3, Some(1990), Solar))),
            ("15/03/90", Some((15, 3, Some(1990), Solar))),
            ("15/03/05", Some((15, 3, Some(2005), Solar))),
            ("1990", None),
            ("32/13/1990", None),
            ("hôm qua", None),
            ("", None),
            ("--", None),
        ];
        for (text, want) in cases {
            assert_eq!(date(text), *want, "{text:?}");
        }
    }

    #[test]
    fn excel_serials() {
        let d = |s: f64| excel_serial_to_date(s).map(|d| d.to_string());
        assert_eq!(d(1.0).as_deref(), Some("1900-01-01"));
        assert_eq!(d(59.0).as_deref(), Some("1900-02-28"));
        assert_eq!(d(60.0), None, "Excel's 29/02/1900 does not exist");
        assert_eq!(d(61.0).as_deref(), Some("1900-03-01"));
        assert_eq!(d(45000.0).as_deref(), Some("2023-03-15"));
        assert_eq!(d(f64::NAN), None);
        assert_eq!(d(-3.0), None);
    }

    #[test]
    fn amounts() {
        let cases: &[(&str, Option<i64>)] = &[
            ("1.250.000", Some(1_250_000)),
            ("1,250,000", Some(1_250_000)),
            ("1250000", Some(1_250_000)),
            ("1 250 000 ₫", Some(1_250_000)),
            ("1.250.000đ", Some(1_250_000)),
            ("1.250.000 VNĐ", Some(1_250_000)),
            ("1.250.000,00", Some(1_250_000)),
            ("1250000.0", Some(1_250_000)),
            ("99.5", Some(100)),
            ("500k", Some(500_000)),
            ("1,5k", Some(1_500)),
            ("0", Some(0)),
            ("12.34.567", None),
            ("-5", None),
            ("abc", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_amount(text), *want, "{text:?}");
        }
    }

    #[test]
    fn genders() {
        for (text, want) in [
            ("Nam", Some(Gender::Male)),
            ("nữ", Some(Gender::Female)),
            ("NỮ", Some(Gender::Female)),
            ("Female", Some(Gender::Female)),
            ("M", Some(Gender::Male)),
            ("Khác", Some(Gender::Other)),
            ("?", None),
            ("con mèo", None),
        ] {
            assert_eq!(parse_gender(text), want, "{text:?}");
        }
    }

    #[test]
    fn phones_and_tags_in_one_cell() {
        assert_eq!(split_phones("0901 234 567 / 0912 345 678"), ["0901 234 567", "0912 345 678"]);
        assert_eq!(split_phones("+84 90 123 4567 ::: 0912345678"), ["+84 90 123 4567", "0912345678"]);
        assert_eq!(split_phones("028 3823 4567"), ["028 3823 4567"]);
        assert_eq!(split_phones("090/123/4567"), ["090/123/4567"], "a `/` inside one number stays");
        assert_eq!(split_tags("* myContacts ::: VIP ::: Bạn bè"), ["VIP", "Bạn bè"]);
        assert_eq!(split_tags("khách quen, VIP"), ["khách quen", "VIP"]);
    }
}

//! Cell values as shops write them: dates (`dd/mm/yyyy`, `yyyy-mm-dd`, Excel
//! serial numbers, `--dd/mm` without a year, `15/08 âm lịch`), amounts of
//! money (`1.250.000`, `1,250,000 ₫`), genders (`Nam`, `Nữ`, `Male`…) and
//! cells holding several phone numbers.

use carebook_core::{Birthday, CalendarKind, Channel, Consent, CustomerKind, Gender, fold};
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

/// What words around a date say: its calendar and a leap month.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DateMarkers {
    /// `âm lịch`, `(ÂL)`, `lunar` → lunar; `dương lịch`, `(DL)`, `solar` → solar.
    pub calendar: Option<CalendarKind>,
    /// `nhuận`, `(N)`, `leap`: the leap month of a lunar year.
    pub leap: bool,
    /// Both calendars were named.
    pub conflicting: bool,
}

/// Reads the words before the first digit and after the last one; `None`
/// when one of them is not a calendar or leap-month marker.
fn markers(text: &str, found: &mut DateMarkers) -> Option<()> {
    let folded = fold(text);
    let mut words = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).peekable();
    while let Some(word) = words.next() {
        // `âm`/`dương` only with `lịch`: a lone `AM` is the time of day.
        let calendar = match word {
            "am" | "duong" if words.peek() == Some(&"lich") => {
                words.next();
                Some(if word == "am" { CalendarKind::Lunar } else { CalendarKind::Solar })
            }
            "al" | "lunar" => Some(CalendarKind::Lunar),
            "dl" | "solar" => Some(CalendarKind::Solar),
            "nhuan" | "n" | "leap" => {
                found.leap = true;
                None
            }
            _ => return None,
        };
        if let Some(c) = calendar {
            if found.calendar.is_some_and(|k| k != c) {
                found.conflicting = true;
            }
            found.calendar = Some(c);
        }
    }
    Some(())
}

/// Splits a cell into its date and the markers around it (`15/04 nhuận âm
/// lịch`, `(ÂL) 15/08`, `15/04N`). Words that are not markers leave the
/// text whole (a time, a zone): the date reader decides about them.
fn split_markers(text: &str) -> (&str, DateMarkers) {
    let text = text.trim();
    let (Some(first), Some(last)) = (text.find(|c: char| c.is_ascii_digit()), text.rfind(|c: char| c.is_ascii_digit()))
    else {
        return (text, DateMarkers::default());
    };
    let mut found = DateMarkers::default();
    // A leading `--` belongs to the date (vCard's year-less form).
    let (prefix, date) = match text[..first].strip_suffix("--") {
        Some(p) => (p, &text[p.len()..=last]),
        None => (&text[..first], &text[first..=last]),
    };
    match (markers(prefix, &mut found), markers(&text[last + 1..], &mut found)) {
        (Some(()), Some(())) => (date.trim(), found),
        _ => (text, DateMarkers::default()),
    }
}

/// Parses a date cell. `None` when it is not a date this reader knows. A
/// lunar or leap-month marker makes it lunar (the leap flag itself is in
/// [`parse_birthday`]).
pub fn parse_date(text: &str, today: NaiveDate) -> Option<DateParts> {
    let (parts, found) = parse_marked(text, today)?;
    Some(DateParts { calendar: calendar_of(found, None), ..parts })
}

/// The calendar a date is in: the cell's own word, else a leap month
/// (lunar), else the calendar column, else solar.
fn calendar_of(found: DateMarkers, column: Option<CalendarKind>) -> CalendarKind {
    match found.calendar {
        Some(c) => c,
        None if found.leap => CalendarKind::Lunar,
        None => column.unwrap_or(CalendarKind::Solar),
    }
}

/// The day, month and year of a cell (calendar left solar) and its markers.
fn parse_marked(text: &str, today: NaiveDate) -> Option<(DateParts, DateMarkers)> {
    let (s, found) = split_markers(text);
    let calendar = CalendarKind::Solar;
    // A time after the date: "1990-03-15T00:00:00Z", "15/03/1990 08:00".
    let s = match s.find(['T', ' ']) {
        Some(i) if s[..i].chars().filter(char::is_ascii_digit).count() >= 4 || s.starts_with("--") => {
            if !looks_like_time(&s[i + 1..]) {
                return None;
            }
            &s[..i]
        }
        _ => s,
    };

    // vCard: --MMDD or --MM-DD; this product's own: --dd/mm.
    if let Some(rest) = s.strip_prefix("--") {
        if let Some((d, m)) = rest.split_once(['/', '.']) {
            return Some((parts(d.trim().parse().ok()?, m.trim().parse().ok()?, None, calendar)?, found));
        }
        let digits: String = rest.chars().filter(|c| c != &'-').collect();
        if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some((parts(digits[2..].parse().ok()?, digits[..2].parse().ok()?, None, calendar)?, found));
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
                return Some((parts(d, m, Some(y), calendar)?, found));
            }
        }
        // An Excel serial number: days since 1900. Numbers that could be a
        // year (below 3000) are not taken for one.
        let n: f64 = s.parse().ok()?;
        if n >= 3000.0 {
            let date = excel_serial_to_date(n)?;
            return Some((parts(date.day(), date.month(), Some(date.year()), calendar)?, found));
        }
        return None;
    }

    let fields: Vec<&str> = s.split(['/', '-', '.']).map(str::trim).collect();
    if fields.iter().any(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let num = |f: &str| f.parse::<u32>().ok();
    let p = match fields.as_slice() {
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
    }?;
    Some((p, found))
}

/// What may follow a date: a time (`08:30`, `00:00:00Z`, `12:00:00 AM`,
/// `+07:00`, `8:00 SA`), nothing else.
fn looks_like_time(rest: &str) -> bool {
    let rest = rest.trim();
    let lower = rest.to_ascii_lowercase();
    let rest = ["am", "pm", "sa", "ch"].iter().find_map(|m| lower.strip_suffix(m)).unwrap_or(&lower).trim_end();
    rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '+' | '-' | 'z' | ' '))
        && (rest.is_empty() || rest.chars().any(|c| c.is_ascii_digit()))
}

/// A solar date (a purchase, a consent): `None` when the cell is not a
/// date or names the lunar calendar.
pub fn parse_solar_date(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let (parts, found) = parse_marked(text, today)?;
    if calendar_of(found, None) != CalendarKind::Solar || found.conflicting {
        return None;
    }
    parts.to_date()
}

/// A birthday read from its cell, with the leap-month flag that
/// [`Birthday`] has no place for yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedBirthday {
    pub birthday: Birthday,
    /// Born in the leap month of a lunar year (`15/04 nhuận âm lịch`).
    pub leap: bool,
}

/// Why a birthday cell was refused: `code` is a row problem's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BirthdayProblem {
    pub code: &'static str,
    pub message: String,
}

fn birthday_problem(code: &'static str, message: impl Into<String>) -> BirthdayProblem {
    BirthdayProblem { code, message: message.into() }
}

/// Parses a birthday cell by its own calendar: the cell's words (`âm lịch`,
/// `(ÂL)`, `lunar`, `dương lịch`, `nhuận`, `(N)`, `leap`) decide, else the
/// row's calendar column, else it is solar. A lunar birthday is any day 1–30
/// of a month 1–12, in a leap month or not (`29/02/1967` is a lunar
/// birthday like any other); a solar one is a real date — 29/02 only in a
/// leap year, or without a year. The year's range and a birthday in the
/// future are validation's business.
pub fn parse_birthday(
    text: &str,
    column: Option<CalendarKind>,
    today: NaiveDate,
) -> Result<ParsedBirthday, BirthdayProblem> {
    let not_a_date = || birthday_problem("date_invalid", format!("`{text}` is not a date (dd/mm/yyyy)"));
    let (p, found) = parse_marked(text, today).ok_or_else(not_a_date)?;
    if found.conflicting {
        return Err(birthday_problem(
            "calendar_invalid",
            format!("`{text}` names both the solar and the lunar calendar"),
        ));
    }
    let calendar = calendar_of(found, column);
    if found.leap && calendar == CalendarKind::Solar {
        return Err(birthday_problem("calendar_invalid", format!("`{text}`: only the lunar calendar has leap months")));
    }
    let valid = match calendar {
        CalendarKind::Lunar => (1..=30).contains(&p.day) && (1..=12).contains(&p.month),
        CalendarKind::Solar => NaiveDate::from_ymd_opt(p.year.unwrap_or(2000), p.month, p.day).is_some(),
    };
    if !valid {
        let why = match (calendar, p.year) {
            (CalendarKind::Lunar, _) => format!("{}/{}: a lunar month has at most 30 days", p.day, p.month),
            (CalendarKind::Solar, Some(y)) if p.day == 29 && p.month == 2 => {
                format!("29/02/{y}: {y} is not a leap year (is it a lunar birthday?)")
            }
            _ => format!("{}/{} is not a valid day and month", p.day, p.month),
        };
        return Err(birthday_problem("date_invalid", why));
    }
    Ok(ParsedBirthday {
        birthday: Birthday { calendar, day: p.day as u8, month: p.month as u8, year: p.year, leap: found.leap },
        leap: found.leap,
    })
}

/// A birthday's calendar as written in a column of its own: CareBook's
/// export labels (`Âm lịch`, `Dương lịch`, `Lunar`, `Solar`), the codes
/// (`lunar`, `solar`) and the short forms (`ÂL`, `DL`).
pub fn parse_calendar(text: &str) -> Option<CalendarKind> {
    match words(text).as_str() {
        "am lich" | "am" | "al" | "lunar" | "lunar calendar" => Some(CalendarKind::Lunar),
        "duong lich" | "duong" | "dl" | "solar" | "solar calendar" | "gregorian" => Some(CalendarKind::Solar),
        _ => None,
    }
}

/// `text` folded to words for matching labels: `Đã đồng ý` → `da dong y`.
fn words(text: &str) -> String {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Finds `text` among an export enumeration's labels and codes.
fn by_label(labels: &[carebook_core::export::EnumLabel], text: &str) -> Option<&'static str> {
    let key = words(text);
    labels.iter().find(|l| [l.code, l.vi, l.en].iter().any(|t| words(t) == key)).map(|l| l.code)
}

/// Consent to offers: CareBook's labels (`Đã đồng ý`, `Đã rút lại`, `Chưa
/// rõ`, `Given`…), `có`/`không`, `yes`/`no`, `x`. An explicit no is a
/// withdrawal: offers stop.
pub fn parse_consent(text: &str) -> Option<Consent> {
    if let Some(code) = by_label(carebook_core::export::labels::CONSENT, text) {
        return Consent::parse(code);
    }
    match words(text).as_str() {
        "dong y" | "co" | "yes" | "y" | "x" | "true" | "1" | "agreed" => Some(Consent::Given),
        "rut lai" | "khong" | "khong dong y" | "tu choi" | "no" | "n" | "false" | "0" | "refused" => {
            Some(Consent::Withdrawn)
        }
        "" | "chua ro" | "unknown" => Some(Consent::Unknown),
        _ => None,
    }
}

/// A preferred channel: CareBook's labels and codes, and the usual names
/// (`tại quầy`, `gọi điện`, `fb`, `messenger`, `website`).
pub fn parse_channel(text: &str) -> Option<Channel> {
    if let Some(code) = by_label(carebook_core::export::labels::CHANNEL, text) {
        return Channel::parse(code);
    }
    match words(text).as_str() {
        "tai quay" | "truc tiep" | "cua hang" | "store" | "in person" => Some(Channel::InStore),
        "goi dien" | "dt" | "sdt" | "call" | "tel" => Some(Channel::Phone),
        "fb" | "messenger" => Some(Channel::Facebook),
        "e mail" | "mail" | "thu dien tu" => Some(Channel::Email),
        "website" | "online" => Some(Channel::Web),
        _ => None,
    }
}

/// External or internal: CareBook's labels and codes, `bên ngoài`/`nội bộ`.
pub fn parse_kind(text: &str) -> Option<CustomerKind> {
    if let Some(code) = by_label(carebook_core::export::labels::KIND, text) {
        return CustomerKind::parse(code);
    }
    match words(text).as_str() {
        "ben ngoai" | "khach ngoai" | "khach hang" | "customer" => Some(CustomerKind::External),
        "noi bo" | "khach noi bo" | "dong nghiep" | "nhan vien" | "colleague" | "staff" => Some(CustomerKind::Internal),
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
            ("(ÂL) 15/08", Some((15, 8, None, Lunar))),
            ("Âm lịch: 15/08", Some((15, 8, None, Lunar))),
            ("15/08 lunar", Some((15, 8, None, Lunar))),
            ("15/04 nhuận âm lịch", Some((15, 4, None, Lunar))),
            ("15/04N", Some((15, 4, None, Lunar))),
            ("15/03/1990 dương lịch", Some((15, 3, Some(1990), Solar))),
            // `AM` is the time of day, not `âm` (lunar).
            ("3/15/1990 12:00:00 AM", Some((15, 3, Some(1990), Solar))),
            ("ngày 15 tháng 8", None),
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

    type Born = (CalendarKind, u8, u8, Option<i32>, bool);

    #[test]
    fn birthdays_by_their_own_calendar() {
        use CalendarKind::*;
        let cases: &[(&str, Option<CalendarKind>, Result<Born, &str>)] = &[
            // A lunar 29/02 is a birthday like any other, with or without a year.
            ("29/02/1967", Some(Lunar), Ok((Lunar, 29, 2, Some(1967), false))),
            ("29/02/1967 âm lịch", None, Ok((Lunar, 29, 2, Some(1967), false))),
            ("30/12 (ÂL)", None, Ok((Lunar, 30, 12, None, false))),
            ("30/02/1967", Some(Lunar), Ok((Lunar, 30, 2, Some(1967), false))),
            ("31/01 âm lịch", None, Err("date_invalid")),
            ("15/13 âm lịch", None, Err("date_invalid")),
            // A solar 29/02 only in a leap year, or without a year.
            ("29/02/1967", None, Err("date_invalid")),
            ("29/02/1967", Some(Solar), Err("date_invalid")),
            ("29/02/1968", None, Ok((Solar, 29, 2, Some(1968), false))),
            ("29/02", None, Ok((Solar, 29, 2, None, false))),
            ("--02-29", None, Ok((Solar, 29, 2, None, false))),
            ("31/04/1990", None, Err("date_invalid")),
            // Leap months: `nhuận`, `(N)`, `leap`; they make a date lunar.
            ("15/04 nhuận âm lịch", None, Ok((Lunar, 15, 4, None, true))),
            ("15/04/1982 (N) ÂL", None, Ok((Lunar, 15, 4, Some(1982), true))),
            ("15/04 nhuận", None, Ok((Lunar, 15, 4, None, true))),
            ("15/04 leap", Some(Solar), Ok((Lunar, 15, 4, None, true))),
            ("15/04N", Some(Lunar), Ok((Lunar, 15, 4, None, true))),
            ("15/04 nhuận dương lịch", None, Err("calendar_invalid")),
            ("15/04 âm lịch (DL)", None, Err("calendar_invalid")),
            // The cell's own word wins over the column.
            ("15/08/1960 (ÂL)", Some(Solar), Ok((Lunar, 15, 8, Some(1960), false))),
            ("15/08/1960 dương lịch", Some(Lunar), Ok((Solar, 15, 8, Some(1960), false))),
            // A date cell of a workbook in a lunar column: its day and month.
            ("1967-03-15", Some(Lunar), Ok((Lunar, 15, 3, Some(1967), false))),
            ("32947", Some(Lunar), Ok((Lunar, 15, 3, Some(1990), false))),
            ("hôm qua", None, Err("date_invalid")),
            ("15/08 âm lịch gì đó", None, Err("date_invalid")),
        ];
        for (text, column, want) in cases {
            let got = parse_birthday(text, *column, today())
                .map(|p| (p.birthday.calendar, p.birthday.day, p.birthday.month, p.birthday.year, p.leap))
                .map_err(|e| e.code);
            assert_eq!(got, *want, "{text:?} in a {column:?} column");
        }
        let e = parse_birthday("29/02/1967", None, today()).unwrap_err();
        assert!(e.message.contains("not a leap year"), "{}", e.message);
    }

    #[test]
    fn calendars_consents_channels_and_kinds() {
        use carebook_core::export::labels;
        // Every label CareBook's export writes reads back as its code.
        for l in labels::CALENDAR {
            for text in [l.code, l.vi, l.en] {
                assert_eq!(parse_calendar(text).map(|c| c.as_str()), Some(l.code), "{text}");
            }
        }
        for l in labels::CONSENT {
            for text in [l.code, l.vi, l.en] {
                assert_eq!(parse_consent(text).map(|c| c.as_str()), Some(l.code), "{text}");
            }
        }
        for l in labels::CHANNEL {
            for text in [l.code, l.vi, l.en] {
                assert_eq!(parse_channel(text).map(|c| c.as_str()), Some(l.code), "{text}");
            }
        }
        for l in labels::KIND {
            for text in [l.code, l.vi, l.en] {
                assert_eq!(parse_kind(text).map(|c| c.as_str()), Some(l.code), "{text}");
            }
        }
        let others: &[(&str, Option<CalendarKind>, Option<Consent>)] = &[
            ("ÂL", Some(CalendarKind::Lunar), None),
            ("DL", Some(CalendarKind::Solar), None),
            ("có", None, Some(Consent::Given)),
            ("Không", None, Some(Consent::Withdrawn)),
            ("x", None, Some(Consent::Given)),
            ("lịch vạn niên", None, None),
        ];
        for (text, calendar, consent) in others {
            assert_eq!(parse_calendar(text), *calendar, "{text}");
            assert_eq!(parse_consent(text), *consent, "{text}");
        }
        assert_eq!(parse_channel("fb"), Some(Channel::Facebook));
        assert_eq!(parse_channel("bồ câu"), None);
        assert_eq!(parse_kind("Nội bộ"), Some(CustomerKind::Internal));
        assert_eq!(parse_kind("VIP"), None);
    }

    #[test]
    fn purchase_and_consent_dates_are_solar() {
        let d = |s: &str| parse_solar_date(s, today()).map(|d| d.to_string());
        assert_eq!(d("15/03/2026").as_deref(), Some("2026-03-15"));
        assert_eq!(d("2026-03-15").as_deref(), Some("2026-03-15"));
        assert_eq!(d("15/03/2026 âm lịch"), None, "a lunar date is not a day on the calendar of sales");
        assert_eq!(d("15/03"), None, "a purchase has a year");
        assert_eq!(d("29/02/2025"), None);
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

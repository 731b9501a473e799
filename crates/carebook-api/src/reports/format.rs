//! Numbers, shares, durations, money and dates as the printed documents show
//! them: Vietnamese `1.250.000 ₫`, `87,5 %`, `01/04/2025`; English `87.5%`.

use carebook_report::Lang;
use chrono::{Datelike, NaiveDate};

/// `v` with `decimals` decimals and grouped thousands.
pub fn number(v: f64, decimals: usize, lang: Lang) -> String {
    let (group, point) = if lang == Lang::Vi { ('.', ',') } else { (',', '.') };
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    let zero = text.chars().all(|c| c == '0' || c == '.');
    if v < 0.0 && !zero { format!("\u{2212}{out}") } else { out }
}

/// A share 0–1 in per cent, one decimal where it is not whole.
pub fn percent(share: f64, lang: Lang) -> String {
    let pct = share * 100.0;
    let decimals = if (pct - pct.round()).abs() < 0.05 { 0 } else { 1 };
    let n = number(pct, decimals, lang);
    if lang == Lang::Vi { format!("{n} %") } else { format!("{n}%") }
}

/// Minutes as printed: under two hours in minutes, then hours, then days.
pub fn minutes(m: f64, lang: Lang) -> String {
    let vi = lang == Lang::Vi;
    if m < 120.0 {
        format!("{} {}", number(m, 0, lang), if vi { "phút" } else { "min" })
    } else if m < 48.0 * 60.0 {
        format!("{} {}", number(m / 60.0, 1, lang), if vi { "giờ" } else { "h" })
    } else {
        format!("{} {}", number(m / 1440.0, 1, lang), if vi { "ngày" } else { "days" })
    }
}

/// Đồng: `1.250.000 ₫`.
pub fn money(vnd: i64, lang: Lang) -> String {
    format!("{} ₫", number(vnd as f64, 0, lang))
}

/// `dd/mm/yyyy` in both languages (the shop's own habit).
pub fn date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_and_point_by_language() {
        assert_eq!(number(1_250_000.0, 0, Lang::Vi), "1.250.000");
        assert_eq!(number(1_250_000.0, 0, Lang::En), "1,250,000");
        assert_eq!(number(-32.0, 0, Lang::Vi), "\u{2212}32");
        assert_eq!(number(-0.01, 1, Lang::Vi), "0,0");
        assert_eq!(number(999.96, 1, Lang::En), "1,000.0");
        assert_eq!(money(12_500_000, Lang::Vi), "12.500.000 ₫");
    }

    #[test]
    fn durations_change_unit_where_a_reader_would() {
        assert_eq!(minutes(12.4, Lang::Vi), "12 phút");
        assert_eq!(minutes(150.0, Lang::Vi), "2,5 giờ");
        assert_eq!(minutes(3.0 * 1440.0, Lang::En), "3.0 days");
        assert_eq!(percent(0.9, Lang::Vi), "90 %");
        assert_eq!(percent(0.333, Lang::En), "33.3%");
        assert_eq!(date(NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()), "01/04/2025");
    }
}

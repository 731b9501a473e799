//! Yearly dates on both calendars, lunar days, Tết and custom rules.
//!
//! Lunar dates and month lengths in the tables were taken from PyPI
//! `lunar-vn` 1.4.0 (another port of the same published algorithm).

use carebook_calendar::recur::{CustomRule, RuleError, lunar_days, tet_days, yearly_occurrences};
use carebook_calendar::{Calendar, LunarDate, Occurrence, Shift, YearlyDate};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn l(year: i32, month: u8, day: u8, leap: bool) -> LunarDate {
    LunarDate { year, month, day, leap }
}

fn solar(month: u8, day: u8) -> YearlyDate {
    YearlyDate { calendar: Calendar::Solar, month, day, leap: false }
}

fn lunar(month: u8, day: u8, leap: bool) -> YearlyDate {
    YearlyDate { calendar: Calendar::Lunar, month, day, leap }
}

fn occ(date: NaiveDate, year: i32, lunar: Option<LunarDate>, shift: Option<Shift>) -> Occurrence {
    Occurrence { date, year, lunar, shift }
}

#[test]
fn solar_29_february_across_leap_and_common_years() {
    let all = yearly_occurrences(&solar(2, 29), d(1899, 6, 1), d(2101, 3, 1));
    assert_eq!(all.len(), 202, "one per solar year 1900..=2101");
    assert!(all.windows(2).all(|w| w[0].date < w[1].date));
    // (year, day it falls on, shifted to 28 February?)
    let table = [
        (1900, d(1900, 2, 28), true), // divisible by 100, not by 400: common
        (1904, d(1904, 2, 29), false),
        (2000, d(2000, 2, 29), false), // divisible by 400: leap
        (2023, d(2023, 2, 28), true),
        (2024, d(2024, 2, 29), false),
        (2100, d(2100, 2, 28), true),
        (2101, d(2101, 2, 28), true),
    ];
    for (year, date, shifted) in table {
        let o = all.iter().find(|o| o.year == year).unwrap_or_else(|| panic!("{year} missing"));
        let shift = shifted.then_some(Shift::Feb29ToFeb28);
        assert_eq!(*o, occ(date, year, None, shift), "{year}");
    }
}

#[test]
fn solar_dates_in_ranges() {
    let table: [(YearlyDate, NaiveDate, NaiveDate, Vec<Occurrence>); 7] = [
        // a range spanning the new year
        (solar(12, 15), d(2025, 12, 1), d(2026, 1, 31), vec![occ(d(2025, 12, 15), 2025, None, None)]),
        (solar(1, 5), d(2025, 12, 1), d(2026, 1, 31), vec![occ(d(2026, 1, 5), 2026, None, None)]),
        // both ends inclusive
        (
            solar(3, 8),
            d(2024, 3, 8),
            d(2025, 3, 8),
            vec![occ(d(2024, 3, 8), 2024, None, None), occ(d(2025, 3, 8), 2025, None, None)],
        ),
        (solar(3, 8), d(2024, 3, 9), d(2025, 3, 7), vec![]),
        // invalid input yields nothing
        (solar(4, 31), d(2000, 1, 1), d(2030, 12, 31), vec![]),
        (solar(13, 1), d(2000, 1, 1), d(2030, 12, 31), vec![]),
        (solar(1, 32), d(2000, 1, 1), d(2030, 12, 31), vec![]),
    ];
    for (date, from, to, expected) in table {
        assert_eq!(yearly_occurrences(&date, from, to), expected, "{date:?} in {from}..={to}");
    }
    assert!(yearly_occurrences(&solar(0, 1), d(2000, 1, 1), d(2030, 12, 31)).is_empty());
    assert!(yearly_occurrences(&solar(5, 0), d(2000, 1, 1), d(2030, 12, 31)).is_empty());
    assert!(yearly_occurrences(&solar(5, 1), d(2030, 1, 1), d(2000, 1, 1)).is_empty(), "from > to");
}

#[test]
fn lunar_birthdays_with_leap_months_and_day_30() {
    let (from, to) = (d(2023, 1, 1), d(2025, 12, 31));
    let leap = Some(Shift::LeapToOrdinaryMonth);
    let day29 = Some(Shift::Day30ToDay29);
    let table: [(YearlyDate, Vec<Occurrence>); 4] = [
        // born on 15/2 nhuận: 2023 has leap month 2, 2024 and 2025 do not
        (
            lunar(2, 15, true),
            vec![
                occ(d(2023, 4, 5), 2023, Some(l(2023, 2, 15, true)), None),
                occ(d(2024, 3, 24), 2024, Some(l(2024, 2, 15, false)), leap),
                occ(d(2025, 3, 14), 2025, Some(l(2025, 2, 15, false)), leap),
            ],
        ),
        // 15/2 (ordinary) stays in the ordinary month when the leap one exists
        (
            lunar(2, 15, false),
            vec![
                occ(d(2023, 3, 6), 2023, Some(l(2023, 2, 15, false)), None),
                occ(d(2024, 3, 24), 2024, Some(l(2024, 2, 15, false)), None),
                occ(d(2025, 3, 14), 2025, Some(l(2025, 2, 15, false)), None),
            ],
        ),
        // 30/1: month 1 has 29 days in 2023 and 2024, 30 in 2025
        (
            lunar(1, 30, false),
            vec![
                occ(d(2023, 2, 19), 2023, Some(l(2023, 1, 29, false)), day29),
                occ(d(2024, 3, 9), 2024, Some(l(2024, 1, 29, false)), day29),
                occ(d(2025, 2, 27), 2025, Some(l(2025, 1, 30, false)), None),
            ],
        ),
        // 30/2 nhuận: 29-day leap month (2023); ordinary month of 30 days
        // (2024); ordinary month of 29 days (2025), where both shifts apply
        (
            lunar(2, 30, true),
            vec![
                occ(d(2023, 4, 19), 2023, Some(l(2023, 2, 29, true)), day29),
                occ(d(2024, 4, 8), 2024, Some(l(2024, 2, 30, false)), leap),
                occ(d(2025, 3, 28), 2025, Some(l(2025, 2, 29, false)), leap),
            ],
        ),
    ];
    for (date, expected) in table {
        assert_eq!(yearly_occurrences(&date, from, to), expected, "{date:?}");
    }
}

#[test]
fn lunar_dates_belong_to_their_lunar_year() {
    // 10/12 of lunar year 2024 is 9 January 2025; 10/12/2025 is in 2026.
    assert_eq!(
        yearly_occurrences(&lunar(12, 10, false), d(2025, 1, 1), d(2025, 12, 31)),
        vec![occ(d(2025, 1, 9), 2024, Some(l(2024, 12, 10, false)), None)]
    );
    // Tết in a range spanning the solar new year.
    assert_eq!(
        yearly_occurrences(&lunar(1, 1, false), d(2025, 12, 1), d(2026, 3, 1)),
        vec![occ(d(2026, 2, 17), 2026, Some(l(2026, 1, 1, false)), None)]
    );
    // Only the supported lunar years: the last is 2100.
    let late = yearly_occurrences(&lunar(6, 1, false), d(2099, 1, 1), d(2102, 12, 31));
    assert_eq!(late.iter().map(|o| o.year).collect::<Vec<_>>(), vec![2099, 2100]);
    // Invalid input yields nothing.
    for bad in [lunar(13, 1, false), lunar(0, 1, false), lunar(1, 31, false), lunar(1, 0, false)] {
        assert!(yearly_occurrences(&bad, d(2020, 1, 1), d(2030, 1, 1)).is_empty(), "{bad:?}");
    }
}

#[test]
fn first_and_fifteenth_of_lunar_months() {
    type Case = (&'static [u8], NaiveDate, NaiveDate, Vec<(NaiveDate, LunarDate)>);
    let table: [Case; 4] = [
        (
            &[1, 15],
            d(2023, 3, 1),
            d(2023, 4, 30),
            vec![
                (d(2023, 3, 6), l(2023, 2, 15, false)),
                (d(2023, 3, 22), l(2023, 2, 1, true)),
                (d(2023, 4, 5), l(2023, 2, 15, true)),
                (d(2023, 4, 20), l(2023, 3, 1, false)),
            ],
        ),
        // duplicates and impossible days are ignored; the order is by date
        (
            &[15, 1, 1, 0, 31],
            d(2023, 3, 6),
            d(2023, 3, 22),
            vec![(d(2023, 3, 6), l(2023, 2, 15, false)), (d(2023, 3, 22), l(2023, 2, 1, true))],
        ),
        // a 30th only in 30-day months (2023: 2 has 30, 2 nhuận and 3 have 29)
        (&[30], d(2023, 3, 1), d(2023, 5, 31), vec![(d(2023, 3, 21), l(2023, 2, 30, false))]),
        // across Tết
        (
            &[1],
            d(2026, 1, 1),
            d(2026, 2, 28),
            vec![(d(2026, 1, 19), l(2025, 12, 1, false)), (d(2026, 2, 17), l(2026, 1, 1, false))],
        ),
    ];
    for (days, from, to, expected) in table {
        assert_eq!(lunar_days(days, from, to), expected, "{days:?} in {from}..={to}");
    }
    let year = lunar_days(&[1, 15], d(2023, 1, 1), d(2023, 12, 31));
    assert_eq!(year.len(), 25, "15/12 of lunar 2022, then 1 and 15 of months 1 to 11 and 2 nhuận of 2023");
    assert!(lunar_days(&[], d(2023, 1, 1), d(2023, 12, 31)).is_empty());
    assert!(lunar_days(&[1], d(2023, 12, 31), d(2023, 1, 1)).is_empty());
    assert!(lunar_days(&[1], d(1800, 1, 1), d(1899, 12, 31)).is_empty());
    assert!(lunar_days(&[1], d(2101, 2, 1), d(2200, 1, 1)).is_empty());
    assert_eq!(lunar_days(&[1], d(1800, 1, 1), d(1900, 2, 1)), vec![(d(1900, 1, 31), l(1900, 1, 1, false))]);
}

#[test]
fn tet_in_ranges() {
    let table = [
        (
            d(2023, 1, 1),
            d(2026, 12, 31),
            vec![(d(2023, 1, 22), 2023), (d(2024, 2, 10), 2024), (d(2025, 1, 29), 2025), (d(2026, 2, 17), 2026)],
        ),
        (d(2026, 2, 17), d(2026, 2, 17), vec![(d(2026, 2, 17), 2026)]),
        (d(2026, 2, 18), d(2027, 2, 5), vec![]),
        (d(1899, 1, 1), d(1900, 12, 31), vec![(d(1900, 1, 31), 1900)]),
        (d(2100, 6, 1), d(2101, 12, 31), vec![]),
        (d(2026, 12, 31), d(2026, 1, 1), vec![]),
    ];
    for (from, to, expected) in table {
        assert_eq!(tet_days(from, to), expected, "{from}..={to}");
    }
}

#[test]
fn custom_rules_expand_to_days() {
    type Case = (&'static str, NaiveDate, NaiveDate, NaiveDate, Vec<NaiveDate>);
    let table: Vec<Case> = vec![
        // every other Monday
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
            d(2026, 1, 5),
            d(2026, 1, 1),
            d(2026, 2, 28),
            vec![d(2026, 1, 5), d(2026, 1, 19), d(2026, 2, 2), d(2026, 2, 16)],
        ),
        // the last day of each month
        (
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            d(2024, 1, 1),
            d(2024, 1, 1),
            d(2024, 4, 30),
            vec![d(2024, 1, 31), d(2024, 2, 29), d(2024, 3, 31), d(2024, 4, 30)],
        ),
        // yearly from 29 February: leap years only (RFC 5545), 2100 skipped
        (
            "FREQ=YEARLY",
            d(2024, 2, 29),
            d(2024, 1, 1),
            d(2032, 12, 31),
            vec![d(2024, 2, 29), d(2028, 2, 29), d(2032, 2, 29)],
        ),
        ("FREQ=YEARLY", d(2096, 2, 29), d(2096, 1, 1), d(2105, 12, 31), vec![d(2096, 2, 29), d(2104, 2, 29)]),
        // the last day of February every year
        (
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1",
            d(2023, 2, 28),
            d(2023, 1, 1),
            d(2025, 12, 31),
            vec![d(2023, 2, 28), d(2024, 2, 29), d(2025, 2, 28)],
        ),
        (
            "FREQ=DAILY;COUNT=3",
            d(2026, 3, 10),
            d(2026, 1, 1),
            d(2026, 12, 31),
            vec![d(2026, 3, 10), d(2026, 3, 11), d(2026, 3, 12)],
        ),
        // COUNT counts from the start, not from the range
        ("FREQ=DAILY;COUNT=3", d(2026, 3, 10), d(2026, 3, 12), d(2026, 12, 31), vec![d(2026, 3, 12)]),
        // UNTIL is a day, inclusive, with or without a time
        (
            "FREQ=WEEKLY;UNTIL=20260126",
            d(2026, 1, 5),
            d(2026, 1, 1),
            d(2026, 12, 31),
            vec![d(2026, 1, 5), d(2026, 1, 12), d(2026, 1, 19), d(2026, 1, 26)],
        ),
        (
            "RRULE:freq=weekly;until=20260126T000000Z",
            d(2026, 1, 5),
            d(2026, 1, 1),
            d(2026, 12, 31),
            vec![d(2026, 1, 5), d(2026, 1, 12), d(2026, 1, 19), d(2026, 1, 26)],
        ),
        // a range after the start, across the new year
        (
            "FREQ=WEEKLY;BYDAY=MO,TH",
            d(2025, 1, 1),
            d(2025, 12, 28),
            d(2026, 1, 6),
            vec![d(2025, 12, 29), d(2026, 1, 1), d(2026, 1, 5)],
        ),
        // nothing before the start
        ("FREQ=DAILY", d(2026, 5, 1), d(2026, 4, 28), d(2026, 5, 2), vec![d(2026, 5, 1), d(2026, 5, 2)]),
    ];
    for (text, start, from, to, expected) in table {
        let rule = CustomRule::parse(text, start).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(rule.occurrences(from, to, 1000), expected, "{text} from {start}, {from}..={to}");
        assert_eq!(rule.start(), start);
    }
}

#[test]
fn custom_rule_limit_and_text() {
    let rule = CustomRule::parse(" rrule:FREQ=daily;INTERVAL=1 ", d(2026, 1, 1)).expect("valid");
    assert_eq!(rule.rrule(), "FREQ=DAILY;INTERVAL=1");
    assert_eq!(rule.occurrences(d(2026, 1, 1), d(2026, 12, 31), 5).len(), 5);
    assert!(rule.occurrences(d(2026, 1, 1), d(2026, 12, 31), 0).is_empty());
    assert!(rule.occurrences(d(2026, 2, 1), d(2026, 1, 1), 10).is_empty());
    let until = CustomRule::parse("FREQ=WEEKLY;UNTIL=20260126T120000Z", d(2026, 1, 5)).expect("valid");
    assert_eq!(until.rrule(), "FREQ=WEEKLY;UNTIL=20260126");
}

#[test]
fn invalid_custom_rules_are_refused_with_a_code() {
    let start = d(2026, 1, 1);
    let table = [
        ("", "empty"),
        ("  RRULE: ", "empty"),
        ("FREQ=HOURLY", "too_frequent"),
        ("FREQ=MINUTELY;INTERVAL=15", "too_frequent"),
        ("FREQ=SECONDLY", "too_frequent"),
        ("FREQ=DAILY;BYHOUR=9", "time_of_day"),
        ("FREQ=DAILY;BYMINUTE=30", "time_of_day"),
        ("FREQ=FORTNIGHTLY", "syntax"),
        ("INTERVAL=2", "syntax"),
        ("FREQ=WEEKLY;BYDAY=XX", "syntax"),
        ("FREQ=DAILY\nRRULE:FREQ=WEEKLY", "syntax"),
        ("FREQ=DAILY;UNTIL=2026", "bad_until"),
        ("FREQ=DAILY;UNTIL=20261301", "bad_until"),
        ("FREQ=DAILY;UNTIL=20260201T25", "bad_until"),
        ("FREQ=DAILY;UNTIL=20251231", "until_before_start"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "syntax"),
        ("FREQ=YEARLY;BYMONTH=13", "syntax"),
        ("FREQ=MONTHLY;BYWEEKNO=1", "invalid"),
    ];
    for (text, code) in table {
        match CustomRule::parse(text, start) {
            Ok(rule) => panic!("{text:?} was accepted as {}", rule.rrule()),
            Err(e) => {
                assert_eq!(e.code(), code, "{text:?}: {e}");
                assert!(e.to_string().len() > 10, "{text:?}: a readable message, got {e}");
            }
        }
    }
    let e = CustomRule::parse("FREQ=HOURLY", start).expect_err("refused");
    assert_eq!(e, RuleError::TooFrequent("HOURLY".into()));
    assert!(e.to_string().contains("daily"), "{e}");
}

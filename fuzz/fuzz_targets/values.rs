//! Any text given as a cell: dates, birthdays by each calendar, amounts,
//! genders, consents, channels, kinds, phone and tag lists.
#![no_main]

use carebook_import::values;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let today = values::Date::from_ymd_opt(2026, 11, 23).unwrap();
    let _ = values::parse_date(text, today);
    let _ = values::parse_solar_date(text, today);
    for calendar in [None, Some(carebook_core::CalendarKind::Lunar), Some(carebook_core::CalendarKind::Solar)] {
        if let Ok(b) = values::parse_birthday(text, calendar, today) {
            assert!((1..=12).contains(&b.birthday.month) && (1..=31).contains(&b.birthday.day));
        }
    }
    let _ = values::parse_amount(text);
    let _ = values::parse_gender(text);
    let _ = values::parse_calendar(text);
    let _ = values::parse_consent(text);
    let _ = values::parse_channel(text);
    let _ = values::parse_kind(text);
    let _ = values::split_phones(text);
    let _ = values::split_tags(text);
});

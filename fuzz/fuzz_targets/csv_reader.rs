//! Any bytes given as a CSV file: read, guess columns, convert every row,
//! group the customers (with and without the per-customer caps).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = carebook_import::read_csv_bytes(data) {
        let mapping = carebook_import::guess_mapping(&table);
        let today = carebook_import::values::Date::from_ymd_opt(2026, 11, 23).unwrap();
        let converted = carebook_import::convert(&table, &mapping, today);
        let _ = carebook_import::group_rows(converted.rows.clone());
        let _ = carebook_import::group(converted.rows);
    }
});

//! Any bytes given as an Excel workbook (XLSX, XLS): the archive and BIFF
//! checks, then the first sheet with data, converted.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = carebook_import::read_spreadsheet_bytes(data) {
        let mapping = carebook_import::guess_mapping(&table);
        let today = carebook_import::values::Date::from_ymd_opt(2026, 11, 23).unwrap();
        let _ = carebook_import::convert(&table, &mapping, today);
    }
});

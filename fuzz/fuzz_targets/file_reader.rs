//! Any bytes given as a file whose name ends in `.csv`, `.vcf` or `.xlsx`
//! (by the first byte): format detection, the streaming reader row by row,
//! conversion as the rows are read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = ["list.csv", "contacts.vcf", "book.xlsx"][usize::from(pick % 3)];
    let options = carebook_import::ReadOptions::default();
    if let Ok(reader) = carebook_import::open_bytes(name, bytes, &options) {
        let mapping = reader.guess_mapping();
        let today = carebook_import::values::Date::from_ymd_opt(2026, 11, 23).unwrap();
        let _ = reader.convert(&mapping, today);
    }
});

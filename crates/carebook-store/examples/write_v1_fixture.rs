//! Writes `tests/fixtures/schema-v1.sqlite`: a customer book as schema 1 left
//! it, before search existed. Run once when schema 1 shipped; the file is
//! committed and the migration tests open copies of it.
//!
//!     cargo run -p carebook-store --example write_v1_fixture

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/schema-v1.sqlite");
    drop(std::fs::remove_file(&path));
    let conn = carebook_store::migrations::create_at_version(&path, 1)?;
    conn.execute_batch(
        "INSERT INTO settings VALUES ('shop_name', 'Tiệm cà phê Phố Cũ'), ('is_demo', '0');
         INSERT INTO staff (id, name, role, active, created_at) VALUES
            (1, 'Lê Thu Hà', 'owner', 1, '2024-01-02 08:00:00');
         INSERT INTO customers (id, name, email, birthday_calendar, birthday_day, birthday_month, birthday_year,
                gender, kind, notes, consent, consent_date, loyalty_points, created_at, updated_at) VALUES
            (1, 'Nguyễn Văn An', 'an.nguyen@gmail.com', 'lunar', 15, 8, NULL, 'male', 'external',
             'Thích cà phê sữa đá', 'given', '2024-01-05', 120, '2024-01-05 09:00:00', '2024-01-05 09:00:00'),
            -- A name typed in decomposed form (NFD), as macOS keyboards produce.
            (2, 'Đặng Thi' || char(803) || ' Thu' || char(768) || 'y', NULL, 'solar', 3, 2, 1990, 'female', 'internal',
             NULL, 'unknown', NULL, 0, '2024-02-01 10:00:00', '2024-02-01 10:00:00');
         INSERT INTO customers (id, name, kind, consent, created_at, updated_at, archived_at) VALUES
            (3, 'Trần Minh Tuấn', 'external', 'unknown', '2024-03-01 10:00:00', '2024-03-01 10:00:00', '2024-06-01 10:00:00');
         INSERT INTO customer_phones (customer_id, position, e164, display) VALUES
            (1, 0, '+84901234567', '0901 234 567'), (1, 1, '+84388765432', '0388 765 432'), (2, 0, '+84912345678', '0912 345 678');
         INSERT INTO customer_tags (customer_id, position, tag) VALUES (1, 0, 'VIP'), (1, 1, 'Khách quen');
         INSERT INTO purchases (customer_id, date, amount_vnd, items, staff_id, created_at) VALUES
            (1, '2024-01-05', 1250000, 'Bánh kem dâu', 1, '2024-01-05 09:10:00'),
            (1, '2024-02-10', 85000, 'Cà phê sữa đá', NULL, '2024-02-10 07:30:00'),
            (2, '2024-02-01', 300000, NULL, 1, '2024-02-01 10:05:00');
         INSERT INTO notes (customer_id, body, staff_id, created_at) VALUES
            (1, 'Khách góp ý: giao hàng nhanh hơn', 1, '2024-02-11 18:00:00');",
    )?;
    conn.execute_batch("VACUUM")?;
    drop(conn);
    println!("wrote {}", path.display());
    Ok(())
}

//! The import's bulk path on real files: it indexes customers exactly as the
//! ordinary path does, and a failure of SQLite in the middle of an import
//! leaves nothing behind.

use carebook_core::{Birthday, CalendarKind, CustomerInput, NoteInput, ValidCustomer};
use carebook_store::{Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(9, 0, 0).unwrap()
}

fn customers() -> Vec<ValidCustomer> {
    /// Name, phones, email, tags, notes.
    type Row<'a> = (&'a str, &'a [&'a str], Option<&'a str>, &'a [&'a str], Option<&'a str>);
    let rows: &[Row] = &[
        ("Nguyễn Thị Thuỳ Dương", &["0901 234 567", "028 3823 4567"], Some("duong@example.com"), &["VIP"], None),
        ("Đặng Văn Hưởng", &["0912 345 678"], None, &["khách quen", "sỉ"], Some("Thích bánh kem ít đường")),
        ("Trần Ánh Tuyết", &[], Some("tuyet.tran@example.vn"), &[], Some("Gọi trước khi giao")),
        ("Peter Smith", &["+1 415 555 2671"], None, &[], None),
        ("Nguyễn Văn An", &["0988 776 655"], None, &["Bạn bè"], None),
    ];
    rows.iter()
        .map(|(name, phones, email, tags, notes)| {
            CustomerInput {
                name: (*name).into(),
                phones: phones.iter().map(|p| (*p).to_owned()).collect(),
                email: email.map(str::to_owned),
                tags: tags.iter().map(|t| (*t).to_owned()).collect(),
                notes: notes.map(str::to_owned),
                birthday: Some(Birthday { calendar: CalendarKind::Lunar, day: 15, month: 8, year: None, leap: false }),
                ..Default::default()
            }
            .validate(now().date())
            .unwrap()
        })
        .collect()
}

#[test]
fn bulk_import_indexes_like_the_ordinary_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut ordinary = Store::open_or_create(dir.path().join("a.sqlite")).unwrap();
    let mut bulk = Store::open_or_create(dir.path().join("b.sqlite")).unwrap();
    ordinary
        .transaction(|tx| -> Result<(), StoreError> {
            for c in customers() {
                tx.insert_customer(&c, now())?;
            }
            Ok(())
        })
        .unwrap();
    bulk.transaction(|tx| -> Result<(), StoreError> {
        let mut writer = tx.import_begin("x.csv", "csv", 5, now())?;
        for c in customers() {
            writer.create_customer(&c)?;
        }
        writer.finish()?;
        Ok(())
    })
    .unwrap();
    for id in 1..=5 {
        let (a, b) = (ordinary.read().customer(id).unwrap(), bulk.read().customer(id).unwrap());
        assert_eq!(a, b, "customer {id} is stored the same way");
    }
    let queries = [
        "nguyen",
        "nguyen van",
        "thuy duong",
        "dang van huong",
        "0901",
        "234 567",
        "345",
        "84901234567",
        "3823",
        "4155552671",
        "duong@example",
        "tuyet.tran",
        "vip",
        "khach quen",
        "si",
        "banh kem",
        "goi truoc",
        "ban be",
        "peter",
        "smith",
    ];
    for q in queries {
        let ids = |s: &Store| -> Vec<(i64, &'static str)> {
            s.read().search_customers(q, 20).unwrap().into_iter().map(|h| (h.row.id, h.matched)).collect()
        };
        let want = ids(&ordinary);
        assert!(!want.is_empty(), "`{q}` finds someone in the ordinary book");
        assert_eq!(ids(&bulk), want, "`{q}` finds the same customers the same way");
    }
}

/// Writes the five customers, then a timeline note for the second, an edit of
/// the third, and deletes the fourth, all in one transaction.
fn write_book(tx: &carebook_store::Tx<'_>) -> Result<(), StoreError> {
    let mut ids = Vec::new();
    for c in customers() {
        ids.push(tx.insert_customer(&c, now())?);
    }
    let note = NoteInput { customer_id: ids[1], body: "Đặt bánh sinh nhật cho con gái".into(), staff_id: None };
    tx.insert_note(&note.validate().unwrap(), now())?;
    let mut edited = customers()[2].clone();
    edited.name = "Trần Ánh Tuyết Mai".into();
    tx.update_customer(ids[2], &edited, now())?;
    tx.delete_customer(ids[3])?;
    Ok(())
}

#[test]
fn a_bulk_transaction_indexes_like_the_ordinary_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut ordinary = Store::open_or_create(dir.path().join("a.sqlite")).unwrap();
    let mut bulk = Store::open_or_create(dir.path().join("b.sqlite")).unwrap();
    ordinary.transaction(write_book).unwrap();
    bulk.bulk_transaction(write_book).unwrap();
    for q in ["nguyen", "sinh nhat", "tuyet mai", "peter", "4155552671", "0901", "vip", "dang van huong"] {
        let ids = |s: &Store| -> Vec<(i64, &'static str)> {
            s.read().search_customers(q, 20).unwrap().into_iter().map(|h| (h.row.id, h.matched)).collect()
        };
        assert_eq!(ids(&bulk), ids(&ordinary), "`{q}` finds the same customers the same way");
    }
    let found = |q: &str| bulk.read().search_customers(q, 20).unwrap().len();
    assert_eq!(found("sinh nhat"), 1, "the timeline note written in the bulk transaction is searchable");
    assert_eq!(found("tuyet mai"), 1, "the edited name is searchable");
    assert_eq!(found("peter"), 0, "the deleted customer is not");
    assert_eq!(bulk.integrity_check().unwrap(), "ok");
}

#[test]
fn a_sqlite_failure_midway_rolls_the_whole_import_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.sqlite");
    let mut store = Store::open_or_create(&path).unwrap();
    // A real SQLite error for the fourth customer, injected from outside the code under test.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER fail_import BEFORE INSERT ON customers WHEN NEW.name = 'Peter Smith'
         BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;",
    )
    .unwrap();
    drop(conn);

    let result = store.transaction(|tx| -> Result<(), StoreError> {
        let mut writer = tx.import_begin("x.csv", "csv", 5, now())?;
        for c in customers() {
            let id = writer.create_customer(&c)?;
            writer.add_purchase(id, now().date(), 100_000, Some("Bánh"))?;
        }
        writer.finish()?;
        Ok(())
    });
    let err = result.unwrap_err();
    assert!(err.to_string().contains("disk on fire"), "the injected failure surfaced: {err}");
    let read = store.read();
    assert_eq!(read.count_customers().unwrap(), 0, "the three customers written before the failure are gone");
    assert!(read.import_batches(10).unwrap().is_empty(), "no import is recorded");
    assert!(read.search_customers("nguyen", 10).unwrap().is_empty(), "nothing is left in the search index");
    assert!(read.search_customers("0901", 10).unwrap().is_empty(), "nor in the phone index");
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

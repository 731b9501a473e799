//! The points ledger on real files (schema 10): an old book's points become
//! opening entries, the cached balance follows every entry whoever writes
//! it, and deleting a purchase reverses what it earned.

use std::path::Path;

use carebook_care::{EntryKind, LoyaltyRules};
use carebook_core::{CustomerInput, PurchaseInput};
use carebook_store::{LATEST_VERSION, NewEntry, Store, migrations};
use chrono::{NaiveDate, NaiveDateTime};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}

#[test]
fn an_old_book_s_points_become_one_opening_entry_each() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite");
    {
        let conn = migrations::create_at_version(&path, 9).unwrap();
        conn.execute_batch(
            "INSERT INTO customers (id, name, loyalty_points, created_at, updated_at, name_fold)
                VALUES (1, 'Nguyễn Văn An', 1250, '2025-01-02 08:00:00', '2026-03-04 17:15:00', 'nguyen van an'),
                       (2, 'Trần Thị Bích', 0, '2025-01-02 08:00:00', '2025-01-02 08:00:00', 'tran thi bich'),
                       (3, 'Lê Văn Cường', -5, '2025-01-02 08:00:00', '2025-06-07 08:00:00', 'le van cuong');",
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let read = store.read();
    let an = read.ledger(1).unwrap();
    assert_eq!(an.len(), 1);
    assert_eq!(
        (an[0].kind, an[0].points, an[0].at),
        (EntryKind::Opening, 1250, NaiveDate::from_ymd_opt(2026, 3, 4).unwrap())
    );
    assert_eq!(read.customer(1).unwrap().loyalty_points, 1250, "the cache is not counted twice");
    assert!(read.ledger(2).unwrap().is_empty(), "no entry for no points");
    assert_eq!(read.ledger(3).unwrap()[0].points, -5, "a negative balance is brought over as it was");
    drop(read);

    // Whoever writes an entry, the cached balance follows; deleting the
    // customer takes their ledger.
    store
        .transaction(|tx| {
            let entry = NewEntry {
                customer_id: 1,
                at: today(),
                kind: EntryKind::Redeem,
                points: -250,
                reason: Some("Đổi quà".into()),
                purchase_id: None,
                import_batch_id: None,
            };
            tx.insert_ledger_entry(&entry, now())
        })
        .unwrap();
    assert_eq!(store.read().customer(1).unwrap().loyalty_points, 1000);
    store.transaction(|tx| tx.delete_customer(1)).unwrap();
    assert_eq!(store.read().count_rows("loyalty_ledger").unwrap(), 1, "Cường's entry is left");
}

#[test]
fn the_version_1_fixture_keeps_its_points_as_an_opening_balance() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite");
    std::fs::copy(fixture("schema-v1.sqlite"), &path).unwrap();
    let store = Store::open(&path).unwrap();
    let read = store.read();
    let an = read.customer(1).unwrap();
    let ledger = read.ledger(1).unwrap();
    assert_eq!(an.loyalty_points, 120);
    assert_eq!(ledger.iter().map(|e| e.points).sum::<i64>(), 120);
    assert!(ledger.iter().all(|e| e.kind == EntryKind::Opening));
}

#[test]
fn a_deleted_purchase_takes_back_what_it_earned_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("book.sqlite")).unwrap();
    let rules = LoyaltyRules::default();
    let (customer, purchase) = store
        .transaction(|tx| {
            let c = CustomerInput { name: "Phạm Hân".into(), loyalty_points: 7, ..Default::default() };
            let id = tx.insert_customer(&c.validate(today()).unwrap(), now())?;
            let p = PurchaseInput { customer_id: id, amount_vnd: 455_000, ..Default::default() };
            let pid = tx.insert_purchase(&p.validate(today()).unwrap(), now())?;
            assert_eq!(tx.earn_for_purchase(pid, &rules, None, now())?, 45);
            Ok::<_, carebook_store::StoreError>((id, pid))
        })
        .unwrap();
    assert_eq!(store.read().customer(customer).unwrap().loyalty_points, 52);
    let reversed = store.transaction(|tx| tx.delete_purchase(purchase, today(), now())).unwrap();
    assert_eq!(reversed, -45);
    let read = store.read();
    assert_eq!(read.customer(customer).unwrap().loyalty_points, 7);
    let kinds: Vec<EntryKind> = read.ledger(customer).unwrap().iter().map(|e| e.kind).collect();
    assert_eq!(kinds, [EntryKind::Opening, EntryKind::Earn, EntryKind::Reverse]);
}

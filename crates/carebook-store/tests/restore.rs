//! Restores that cannot half-happen: the backup is prepared in a private copy
//! (verified, migrated, checked) before it replaces anything; a schema that
//! is not CareBook's is refused; erased customers stay erased.

use std::path::{Path, PathBuf};

use carebook_core::{CustomerInput, CustomerRow};
use carebook_store::{LATEST_VERSION, ListQuery, Store, StoreError, migrations};
use chrono::{NaiveDate, NaiveDateTime};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

fn add(store: &mut Store, name: &str) -> i64 {
    store
        .transaction(|tx| -> Result<i64, StoreError> {
            let input = CustomerInput { name: name.into(), ..Default::default() };
            tx.insert_customer(&input.validate(today()).unwrap(), now())
        })
        .unwrap()
}

fn rows(store: &Store) -> Vec<CustomerRow> {
    let mut all = Vec::new();
    for archived in [false, true] {
        all.extend(store.read().list_customers(ListQuery { archived, offset: 0, limit: 100_000 }).unwrap().rows);
    }
    all.sort_by_key(|r| r.id);
    all
}

fn names(store: &Store) -> Vec<String> {
    rows(store).into_iter().map(|r| r.name).collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn live_book(dir: &Path) -> (PathBuf, Store) {
    let path = dir.join("book.sqlite");
    let mut store = Store::create(&path).unwrap();
    add(&mut store, "Nguyễn Văn An");
    add(&mut store, "Trần Thị Bình");
    (path, store)
}

/// The live book's bytes as a reader sees them (all pages, WAL included).
fn snapshot(store: &Store, dir: &Path, name: &str) -> Vec<u8> {
    let copy = dir.join(name);
    store.backup_to(&copy).unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let dump: Vec<String> = conn
        .prepare("SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    drop(conn);
    std::fs::remove_file(&copy).unwrap();
    format!("{version}\n{}", dump.join("\n")).into_bytes()
}

#[test]
fn a_restore_whose_migration_fails_leaves_the_book_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = live_book(dir.path());
    let before_rows = rows(&store);
    let before_schema = snapshot(&store, dir.path(), "check.sqlite");

    // A schema-1 backup that passes every check, but whose data schema 6
    // refuses (a birthday on the 45th): the upgrade fails midway.
    let backup = dir.path().join("old.sqlite");
    {
        let conn = migrations::create_at_version(&backup, 1).unwrap();
        conn.execute(
            "INSERT INTO customers (name, birthday_day, birthday_month, created_at, updated_at)
             VALUES ('Lê Văn Cường', 45, 1, '2025-01-01 08:00:00', '2025-01-01 08:00:00')",
            [],
        )
        .unwrap();
    }
    assert_eq!(Store::verify_restorable(&backup).unwrap().schema_version, 1, "the backup itself looks fine");

    let safety = dir.path().join("safety");
    let err = store.restore_from(&backup, &safety, now()).unwrap_err();
    assert!(matches!(err, StoreError::Migration { version: 6, .. }), "{err:?}");
    assert_eq!(rows(&store), before_rows, "the live book holds what it held");
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION, "and its schema");
    assert_eq!(snapshot(&store, dir.path(), "check.sqlite"), before_schema);
    assert_eq!(store.integrity_check().unwrap(), "ok");
    // Nothing was left behind: no private copy, no safety copy of a restore that did not happen.
    assert_eq!(files_in(dir.path()), ["book.sqlite", "book.sqlite-shm", "book.sqlite-wal", "old.sqlite"]);
    assert_eq!(files_in(&safety), Vec::<String>::new());
    // The book still takes writes.
    add(&mut store, "Phạm Thị Dung");
    assert_eq!(rows(&store).len(), 3);
}

/// Schema changes a backup might carry, each refused.
const FOREIGN: &[(&str, &str)] = &[
    (
        "a trigger copying customers elsewhere",
        "CREATE TABLE stash (name TEXT);
         CREATE TRIGGER keep_copy AFTER DELETE ON customers BEGIN INSERT INTO stash VALUES (OLD.name); END;",
    ),
    (
        "a trigger deleting audit rows",
        "CREATE TRIGGER forget AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log; END;",
    ),
    ("a view", "CREATE VIEW everyone AS SELECT name, email FROM customers;"),
    ("a table", "CREATE TABLE extra (x);"),
    ("an index", "CREATE INDEX customers_by_name ON customers (name);"),
    (
        "a CareBook trigger changed",
        "DROP TRIGGER customers_consent_inserted;
         CREATE TRIGGER customers_consent_inserted AFTER INSERT ON customers BEGIN DELETE FROM consent_events; END;",
    ),
    ("a CareBook index dropped", "DROP INDEX customers_email;"),
];

#[test]
fn a_backup_whose_schema_is_not_carebooks_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = live_book(dir.path());
    let clean = dir.path().join("clean.sqlite");
    store.backup_to(&clean).unwrap();
    assert!(Store::verify_restorable(&clean).is_ok(), "CareBook's own backup is restorable");
    let before = rows(&store);
    for (i, (what, sql)) in FOREIGN.iter().enumerate() {
        let bad = dir.path().join(format!("bad-{i}.sqlite"));
        std::fs::copy(&clean, &bad).unwrap();
        rusqlite::Connection::open(&bad).unwrap().execute_batch(sql).unwrap();
        assert!(Store::verify_backup(&bad).is_ok(), "{what}: integrity_check alone would let it through");
        let err = Store::verify_restorable(&bad).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{what}: {err:?}");
        assert!(err.to_string().contains("not CareBook's"), "{what}: {err}");
        let err = store.restore_from(&bad, &dir.path().join("safety"), now()).unwrap_err();
        assert!(matches!(err, StoreError::Corrupt { .. }), "{what}: {err:?}");
        assert_eq!(rows(&store), before, "{what}: the book is unchanged");
    }
    assert_eq!(files_in(&dir.path().join("safety")), Vec::<String>::new(), "no restore began");
    // An older CareBook schema is CareBook's own.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/schema-v1.sqlite");
    assert_eq!(Store::verify_restorable(&fixture).unwrap().schema_version, 1);
}

#[test]
fn erased_customers_stay_erased_after_restoring_an_older_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = live_book(dir.path());
    let backup = dir.path().join("before-erase.sqlite");
    store.backup_to(&backup).unwrap();
    let an = rows(&store).into_iter().find(|r| r.name == "Nguyễn Văn An").unwrap().id;
    store.erase_transaction(|tx| tx.erase_customer(an)).unwrap();
    store.purge_free_space().unwrap();
    // The id is used again by a new customer: only the erased one goes.
    let later = add(&mut store, "Võ Văn Em");
    assert_ne!(later, 0);

    let restored = store.restore_from(&backup, &dir.path().join("safety"), now()).unwrap();
    assert_eq!(restored.erased_again, [an]);
    assert_eq!(names(&store), ["Trần Thị Bình"], "the erased customer does not come back");
    assert_eq!(store.read().erased_customers().unwrap().len(), 1, "and is still remembered");
    assert!(store.read().search_customers("nguyen van an", 5).unwrap().is_empty(), "nor in the search index");
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let bytes = std::fs::read(store.path()).unwrap();
    let wal = std::fs::read(format!("{}-wal", store.path().display())).unwrap_or_default();
    for (file, raw) in [("book", &bytes), ("wal", &wal)] {
        assert!(
            !raw.windows("Nguyễn Văn An".len()).any(|w| w == "Nguyễn Văn An".as_bytes()),
            "the erased name is not in the restored {file}'s bytes"
        );
    }
    // A backup taken after the erasure holds nothing to erase again.
    let after = dir.path().join("after.sqlite");
    store.backup_to(&after).unwrap();
    assert_eq!(store.restore_from(&after, &dir.path().join("safety"), now()).unwrap().erased_again, Vec::<i64>::new());
}

#[test]
fn what_the_restore_keeps_lands_with_it_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut store) = live_book(dir.path());
    let backup = dir.path().join("b.sqlite");
    store.backup_to(&backup).unwrap();
    add(&mut store, "Sau Sao Lưu");
    let before = rows(&store);
    // `prepare` fails: nothing of the restore happens.
    let err = store
        .restore_with(&backup, &dir.path().join("safety"), now(), |tx, _, _| {
            tx.set_setting("backup_keep", "7")?;
            Err(StoreError::NotFound { what: "test", id: 1 })
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }));
    assert_eq!(rows(&store), before);
    assert_eq!(store.read().setting("backup_keep").unwrap(), None);
    // It succeeds: the backup's customers and what `prepare` wrote, together.
    store
        .restore_with(&backup, &dir.path().join("safety"), now(), |tx, safety, again| {
            assert!(safety.starts_with(dir.path().join("safety")));
            assert!(again.is_empty());
            tx.set_setting("backup_keep", "7")
        })
        .unwrap();
    assert_eq!(names(&store), ["Nguyễn Văn An", "Trần Thị Bình"]);
    assert_eq!(store.read().setting("backup_keep").unwrap().as_deref(), Some("7"));
}

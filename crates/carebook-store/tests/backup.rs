//! Backups and restores on real SQLite files in temporary folders.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use carebook_core::{CustomerInput, CustomerRow, NoteInput, PurchaseInput};
use carebook_store::{LATEST_VERSION, ListQuery, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}

/// One customer with a phone, a purchase and a note: the three always come
/// together, so any consistent copy has as many of each.
fn add_customer_with_history(store: &mut Store, n: usize) {
    store
        .transaction(|tx| -> Result<(), StoreError> {
            let input = CustomerInput {
                name: format!("Khách Hàng Số {n}"),
                phones: vec![format!("09{:08}", n)],
                ..Default::default()
            };
            let id = tx.insert_customer(&input.validate(today()).unwrap(), now())?;
            let p = PurchaseInput {
                customer_id: id,
                date: None,
                amount_vnd: 50_000 + n as i64,
                items: None,
                staff_id: None,
            };
            tx.insert_purchase(&p.validate(today()).unwrap(), now())?;
            let note = NoteInput { customer_id: id, body: format!("Ghi chú {n}"), staff_id: None };
            tx.insert_note(&note.validate().unwrap(), now())?;
            Ok(())
        })
        .unwrap();
}

fn book_with(dir: &Path, customers: usize) -> (PathBuf, Store) {
    let path = dir.join("book.sqlite");
    let mut store = Store::open_or_create(&path).unwrap();
    for n in 0..customers {
        add_customer_with_history(&mut store, n);
    }
    (path, store)
}

/// Every customer row, archived or not: what a restore must bring back.
fn rows(store: &Store) -> Vec<CustomerRow> {
    let mut all = Vec::new();
    for archived in [false, true] {
        all.extend(store.read().list_customers(ListQuery { archived, offset: 0, limit: 100_000 }).unwrap().rows);
    }
    all.sort_by_key(|r| r.id);
    all
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
}

#[test]
fn backup_is_one_verified_self_contained_file() {
    let dir = tempfile::tempdir().unwrap();
    let (live, store) = book_with(dir.path(), 30);
    let out_dir = dir.path().join("backups");
    let dest = out_dir.join("copy.sqlite");

    let report = store.backup_to(&dest).unwrap();
    assert_eq!(report.integrity, "ok");
    assert_eq!((report.customers, report.purchases, report.notes, report.staff), (30, 30, 30, 0));
    assert_eq!(report.schema_version, LATEST_VERSION);
    assert_eq!(report.size_bytes, std::fs::metadata(&dest).unwrap().len(), "the size is the file's");
    assert_eq!(files_in(&out_dir), ["copy.sqlite"], "no temporary, -wal or -shm file is left beside the backup");

    let header = std::fs::read(&dest).unwrap();
    assert_eq!(&header[18..20], &[1, 1], "the backup is in rollback-journal mode: it needs no -wal file to be whole");

    // Reading it does not write anything beside it either.
    Store::verify_backup(&dest).unwrap();
    assert_eq!(files_in(&out_dir), ["copy.sqlite"], "verification opens the file read-only");

    // Writing over the open book is refused.
    let err = store.backup_to(&live).unwrap_err();
    assert!(matches!(err, StoreError::SameFile { .. }), "{err}");
    assert_eq!(rows(&store).len(), 30, "the book is intact after the refused backup");
}

#[test]
fn backup_while_another_connection_writes_is_one_moment_of_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = book_with(dir.path(), 5);

    // A write transaction is half done (customer written, purchase and note
    // not yet) while the backup runs: the backup must not see any of it.
    let (started_tx, started) = mpsc::channel();
    let (proceed_tx, proceed) = mpsc::channel::<()>();
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        let mut w = Store::open_or_create(&writer_path).unwrap();
        w.transaction(|tx| -> Result<(), StoreError> {
            let input = CustomerInput { name: "Đang Ghi Dở".into(), ..Default::default() };
            let id = tx.insert_customer(&input.validate(today()).unwrap(), now())?;
            started_tx.send(()).unwrap();
            proceed.recv().unwrap();
            let p = PurchaseInput { customer_id: id, date: None, amount_vnd: 1, items: None, staff_id: None };
            tx.insert_purchase(&p.validate(today()).unwrap(), now())?;
            tx.insert_note(
                &NoteInput { customer_id: id, body: "x".into(), staff_id: None }.validate().unwrap(),
                now(),
            )?;
            Ok(())
        })
        .unwrap();
    });
    started.recv().unwrap();
    let during = store.backup_to(&dir.path().join("during.sqlite")).unwrap();
    let during_own = Store::backup_file(&path, &dir.path().join("during-own.sqlite")).unwrap();
    proceed_tx.send(()).unwrap();
    writer.join().unwrap();
    let after = store.backup_to(&dir.path().join("after.sqlite")).unwrap();
    assert_eq!(
        (during.customers, during.purchases, during.notes),
        (5, 5, 5),
        "a backup taken during a write transaction holds the book as it was before it"
    );
    assert_eq!(
        (during_own.customers, during_own.purchases, during_own.notes),
        (5, 5, 5),
        "so does a backup through a connection of its own"
    );
    assert_eq!(
        (after.customers, after.purchases, after.notes),
        (6, 6, 6),
        "the committed transaction is in the next one"
    );

    // And under a steady stream of writes, every copy is whole.
    let writer_path = path.clone();
    let writer = std::thread::spawn(move || {
        let mut w = Store::open_or_create(&writer_path).unwrap();
        for n in 100..250 {
            add_customer_with_history(&mut w, n);
        }
    });
    let mut seen = Vec::new();
    for i in 0..12 {
        let dest = dir.path().join(format!("stream-{i}.sqlite"));
        let r = if i % 2 == 0 { store.backup_to(&dest) } else { Store::backup_file(&path, &dest) }.unwrap();
        assert_eq!(r.integrity, "ok");
        assert!(
            r.customers == r.purchases && r.purchases == r.notes,
            "backup {i} holds a whole number of transactions: {} customers, {} purchases, {} notes",
            r.customers,
            r.purchases,
            r.notes
        );
        seen.push(r.customers);
    }
    writer.join().unwrap();
    println!("customers in the 12 backups taken while writing: {seen:?}");
    let last = store.backup_to(&dir.path().join("final.sqlite")).unwrap();
    assert_eq!(last.customers, 156, "every write landed in the book and in the last backup");
}

/// Ways a file offered as a backup can be wrong.
enum Bad {
    DamagedPages,
    /// Readable, but an index no longer matches its table: only
    /// `PRAGMA integrity_check` notices.
    IndexMismatch,
    Truncated,
    Newer,
    ForeignSqlite,
    Text,
    Empty,
    Missing,
}

fn make_bad(kind: &Bad, good: &Path, at: &Path) {
    match kind {
        Bad::DamagedPages => {
            let mut bytes = std::fs::read(good).unwrap();
            let pages = bytes.len() / 4096;
            assert!(pages > 8, "the sample book has enough pages to damage some ({pages})");
            for page in pages / 3..pages * 2 / 3 {
                for b in &mut bytes[page * 4096..page * 4096 + 64] {
                    *b ^= 0x5a;
                }
            }
            std::fs::write(at, bytes).unwrap();
        }
        Bad::IndexMismatch => {
            std::fs::copy(good, at).unwrap();
            let conn = rusqlite::Connection::open(at).unwrap();
            let root = |name: &str| -> i64 {
                conn.query_row("SELECT rootpage FROM sqlite_schema WHERE name = ?1", [name], |r| r.get(0)).unwrap()
            };
            // The two indexes of customer_phones swap their pages.
            let (a, b) = (root("customer_phones_e164"), root("customer_phones_customer"));
            conn.execute_batch(&format!(
                "PRAGMA writable_schema = ON;
                 UPDATE sqlite_schema SET rootpage = {b} WHERE name = 'customer_phones_e164';
                 UPDATE sqlite_schema SET rootpage = {a} WHERE name = 'customer_phones_customer';"
            ))
            .unwrap();
        }
        Bad::Truncated => {
            let bytes = std::fs::read(good).unwrap();
            std::fs::write(at, &bytes[..bytes.len() / 2]).unwrap();
        }
        Bad::Newer => {
            std::fs::copy(good, at).unwrap();
            let conn = rusqlite::Connection::open(at).unwrap();
            conn.pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
        }
        Bad::ForeignSqlite => {
            let conn = rusqlite::Connection::open(at).unwrap();
            conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (7);")
                .unwrap();
        }
        Bad::Text => std::fs::write(at, "Tên khách hàng,Điện thoại\nNguyễn Văn An,0901234567\n".repeat(20)).unwrap(),
        Bad::Empty => std::fs::write(at, b"").unwrap(),
        Bad::Missing => {}
    }
}

#[test]
fn bad_backups_are_refused_with_a_clear_error_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (_live, mut store) = book_with(dir.path(), 200);
    let good = dir.path().join("good.sqlite");
    store.backup_to(&good).unwrap();
    add_customer_with_history(&mut store, 999);
    let before = rows(&store);
    let safety_dir = dir.path().join("safety");

    let table: [(&str, Bad, &str); 8] = [
        ("damaged.sqlite", Bad::DamagedPages, "damaged"),
        ("index.sqlite", Bad::IndexMismatch, "customer_phones_e164"),
        ("truncated.sqlite", Bad::Truncated, "damaged"),
        ("newer.sqlite", Bad::Newer, "newer version of CareBook"),
        ("foreign.sqlite", Bad::ForeignSqlite, "not a CareBook database"),
        ("notes.sqlite", Bad::Text, "not a CareBook database"),
        ("empty.sqlite", Bad::Empty, "not a CareBook database"),
        ("missing.sqlite", Bad::Missing, "cannot read"),
    ];
    for (name, kind, says) in table {
        let path = dir.path().join(name);
        make_bad(&kind, &good, &path);
        let bytes = std::fs::read(&path).ok();

        let err = Store::verify_backup(&path).unwrap_err();
        let ok_kind = match kind {
            Bad::DamagedPages | Bad::IndexMismatch | Bad::Truncated => matches!(err, StoreError::Corrupt { .. }),
            Bad::Newer => matches!(err, StoreError::NewerSchema { .. }),
            Bad::ForeignSqlite | Bad::Text | Bad::Empty => matches!(err, StoreError::NotCarebook { .. }),
            Bad::Missing => matches!(err, StoreError::File { .. }),
        };
        assert!(ok_kind, "{name}: wrong kind of error: {err:?}");
        assert!(err.to_string().contains(says), "{name}: the message says `{says}`: {err}");
        assert!(err.to_string().contains(name), "{name}: the message names the file: {err}");

        let err = store.restore_from(&path, &safety_dir, now()).unwrap_err();
        assert!(err.to_string().contains(says), "{name}: restore refuses it for the same reason: {err}");
        assert_eq!(rows(&store), before, "{name}: the book is unchanged");
        assert!(files_in(&safety_dir).is_empty(), "{name}: no safety copy is made for a refused backup");
        assert_eq!(std::fs::read(&path).ok(), bytes, "{name}: the offered file is not modified");
        assert!(!dir.path().join(format!("{name}-wal")).exists(), "{name}: no -wal file is created beside it");
    }
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

#[test]
fn restore_makes_a_safety_copy_first_and_brings_the_backup_back() {
    let dir = tempfile::tempdir().unwrap();
    let (live, mut store) = book_with(dir.path(), 20);
    let backup = dir.path().join("monday.sqlite");
    store.backup_to(&backup).unwrap();
    let at_backup = rows(&store);

    // Work goes on after the backup: more customers, one archived.
    for n in 20..25 {
        add_customer_with_history(&mut store, n);
    }
    store.transaction(|tx| tx.set_archived(3, Some(now()))).unwrap();
    let before_restore = rows(&store);
    assert_ne!(before_restore, at_backup);

    let safety_dir = dir.path().join("backups");
    let restored = store.restore_from(&backup, &safety_dir, now()).unwrap();
    assert_eq!(restored.report.customers, 20);
    assert_eq!(
        restored.safety_copy,
        safety_dir.join("carebook-before-restore-20261123-093000.sqlite"),
        "the safety copy is named after the moment of the restore"
    );
    assert_eq!(rows(&store), at_backup, "the book now holds exactly what the backup held");
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert_eq!(store.path(), live, "the same file is still the book");

    // The safety copy holds the book as it was just before.
    let safety = Store::open_or_create(&restored.safety_copy).unwrap();
    assert_eq!(rows(&safety), before_restore, "the safety copy is the book from just before the restore");
    drop(safety);

    // It survives reopening, and the book keeps working.
    drop(store);
    let mut store = Store::open_or_create(&live).unwrap();
    assert_eq!(rows(&store), at_backup);
    add_customer_with_history(&mut store, 500);
    assert_eq!(rows(&store).len(), 21);
    let header = std::fs::read(&live).unwrap();
    assert_eq!(&header[18..20], &[2, 2], "the book is still in WAL mode after a restore");

    // A second restore in the same second does not overwrite the first safety copy.
    let again = store.restore_from(&backup, &safety_dir, now()).unwrap();
    assert_eq!(again.safety_copy, safety_dir.join("carebook-before-restore-20261123-093000-2.sqlite"));
    assert_eq!(files_in(&safety_dir).len(), 2);

    // Restoring the book onto itself is refused.
    let err = store.restore_from(&live, &safety_dir, now()).unwrap_err();
    assert!(matches!(err, StoreError::SameFile { .. }), "{err}");
}

#[test]
fn an_older_schema_backup_is_upgraded_when_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (_live, mut store) = book_with(dir.path(), 3);
    let old = dir.path().join("from-2025.sqlite");
    std::fs::copy(fixture("schema-v1.sqlite"), &old).unwrap();

    let report = Store::verify_backup(&old).unwrap();
    assert_eq!(report.schema_version, 1);
    assert!(report.needs_upgrade());
    assert_eq!(report.shop_name, "Tiệm cà phê Phố Cũ");

    store.restore_from(&old, &dir.path().join("safety"), now()).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION, "the restored book is migrated");
    assert_eq!(store.read().settings().unwrap().shop_name, "Tiệm cà phê Phố Cũ");
    let hits = store.read().search_customers("nguyen van an", 5).unwrap();
    assert_eq!(hits.first().map(|h| h.row.name.as_str()), Some("Nguyễn Văn An"), "the migrated book is searchable");
    assert_eq!(
        std::fs::read(&old).unwrap(),
        std::fs::read(fixture("schema-v1.sqlite")).unwrap(),
        "the backup is untouched"
    );
}

#[test]
fn a_backup_with_another_page_size_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (_live, mut store) = book_with(dir.path(), 40);
    let backup = dir.path().join("8k.sqlite");
    store.backup_to(&backup).unwrap();
    {
        let conn = rusqlite::Connection::open(&backup).unwrap();
        conn.execute_batch("PRAGMA page_size = 8192; VACUUM;").unwrap();
        let size: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0)).unwrap();
        assert_eq!(size, 8192, "the sample backup really has another page size");
    }
    let expected = rows(&store);
    add_customer_with_history(&mut store, 77);

    store.restore_from(&backup, &dir.path().join("safety"), now()).unwrap();
    assert_eq!(rows(&store), expected);
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let header = std::fs::read(store.path()).unwrap();
    assert_eq!(&header[18..20], &[2, 2], "the book is back in WAL mode");
}

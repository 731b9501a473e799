//! The connection settings a commit's survival depends on, and a book that
//! another program is writing when CareBook opens it.

use std::path::Path;
use std::time::{Duration, Instant};

use carebook_store::{Durability, LATEST_VERSION, Store};

#[test]
fn the_book_is_opened_for_durable_commits() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::create(dir.path().join("book.sqlite")).unwrap();
    assert_eq!(
        store.durability().unwrap(),
        Durability {
            journal_mode: "wal".into(),
            synchronous: 2,
            // macOS: F_FULLFSYNC, or a commit may sit in the drive's cache.
            fullfsync: true,
            checkpoint_fullfsync: true,
            foreign_keys: true,
            busy_timeout_ms: 5000,
        }
    );
}

#[test]
fn opening_waits_for_another_writer_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    // A schema-1 book uses a rollback journal: a writer's lock keeps readers out.
    let path = dir.path().join("old.sqlite");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/schema-v1.sqlite"), &path).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE; UPDATE settings SET value = value;").unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let opener = std::thread::spawn({
        let path = path.clone();
        move || {
            tx.send(()).unwrap();
            let started = Instant::now();
            let store = Store::open(&path).map(|s| s.schema_version().unwrap());
            (store, started.elapsed())
        }
    });
    rx.recv().unwrap();
    std::thread::sleep(Duration::from_millis(400));
    other.execute_batch("COMMIT").unwrap();
    let (opened, waited) = opener.join().unwrap();
    assert_eq!(opened.unwrap(), LATEST_VERSION, "the first read waited for the lock (busy_timeout set before it)");
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
}

//! Consent history, the audit log, erasing a customer and export snapshots,
//! on real SQLite files in temporary folders.

use std::path::{Path, PathBuf};

use carebook_core::export::Cell;
use carebook_core::{CareTaskInput, Consent, CustomerInput, FieldChange, NoteInput, PurchaseInput, ValidCustomer};
use carebook_store::{AuditFilter, AuditRecord, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn at(d: u32, h: u32) -> NaiveDateTime {
    day(d).and_hms_opt(h, 0, 0).unwrap()
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite");
    (dir, path)
}

fn customer(name: &str, consent: Consent, consent_date: Option<NaiveDate>) -> ValidCustomer {
    CustomerInput { name: name.into(), consent, consent_date, ..Default::default() }.validate(day(23)).unwrap()
}

fn audit(store: &mut Store, at: NaiveDateTime, action: &str, customer: Option<i64>, summary: &str) {
    let changes = [FieldChange::new("name", None, Some(summary.to_owned()))];
    store
        .transaction(|tx| {
            tx.append_audit(&AuditRecord {
                at,
                actor: "Mai",
                action,
                entity: "customer",
                entity_id: customer,
                customer_id: customer,
                summary,
                changes: &changes,
            })
        })
        .unwrap();
}

#[test]
fn consent_changes_are_recorded_in_the_same_write_with_their_dates() {
    let (_dir, path) = temp_db();
    let mut store = Store::open_or_create(&path).unwrap();
    let id = store
        .transaction(|tx| tx.insert_customer(&customer("Lê Thu Hà", Consent::Given, Some(day(2))), at(3, 9)))
        .unwrap();
    let silent =
        store.transaction(|tx| tx.insert_customer(&customer("Chưa Hỏi", Consent::Unknown, None), at(3, 9))).unwrap();

    // An edit that leaves consent alone adds nothing.
    let mut renamed = customer("Lê Thu Hà (chị)", Consent::Given, Some(day(2)));
    renamed.email = Some("ha@example.com".into());
    store.transaction(|tx| tx.update_customer(id, &renamed, at(10, 9))).unwrap();
    // Withdrawn on the 20th, recorded on the 21st by Mai.
    store
        .transaction(|tx| {
            tx.update_customer(id, &customer("Lê Thu Hà (chị)", Consent::Withdrawn, Some(day(20))), at(21, 14))?;
            tx.stamp_consent_actor(id, "Mai")
        })
        .unwrap();

    let history = store.read().consent_history(id).unwrap();
    let seen: Vec<(Consent, Option<NaiveDate>, NaiveDateTime, Option<&str>)> =
        history.iter().map(|e| (e.consent, e.date, e.recorded_at, e.actor.as_deref())).collect();
    assert_eq!(
        seen,
        [(Consent::Withdrawn, Some(day(20)), at(21, 14), Some("Mai")), (Consent::Given, Some(day(2)), at(3, 9), None)],
        "newest first; the date the customer said it and when the shop recorded it are both kept"
    );
    assert!(store.read().consent_history(silent).unwrap().is_empty(), "unknown consent is no event");
    assert!(matches!(store.read().consent_history(999), Err(StoreError::NotFound { .. })));
}

#[test]
fn a_failed_write_records_no_consent_change() {
    let (_dir, path) = temp_db();
    let mut store = Store::open_or_create(&path).unwrap();
    let id = store.transaction(|tx| tx.insert_customer(&customer("An", Consent::Unknown, None), at(3, 9))).unwrap();
    let failed: Result<(), StoreError> = store.transaction(|tx| {
        tx.update_customer(id, &customer("An", Consent::Given, Some(day(3))), at(4, 9))?;
        Err(StoreError::NotFound { what: "something else", id: 1 })
    });
    assert!(failed.is_err());
    assert!(store.read().consent_history(id).unwrap().is_empty(), "the history rolls back with the write");
}

#[test]
fn audit_pages_are_newest_first_and_filtered() {
    let (_dir, path) = temp_db();
    let mut store = Store::open_or_create(&path).unwrap();
    for d in 1..=9 {
        audit(&mut store, at(d, 8), if d % 3 == 0 { "archive" } else { "update" }, Some(i64::from(d % 2)), "x");
    }
    let page = |f: AuditFilter| store.read().audit_page(&AuditFilter { limit: 50, ..f }).unwrap();
    let all = page(AuditFilter::default());
    assert_eq!(all.total, 9);
    let days: Vec<u32> = all.rows.iter().map(|e| chrono::Datelike::day(&e.at)).collect();
    assert_eq!(days, [9, 8, 7, 6, 5, 4, 3, 2, 1], "newest first");
    let second = store.read().audit_page(&AuditFilter { offset: 3, limit: 3, ..Default::default() }).unwrap();
    assert_eq!(second.rows.iter().map(|e| chrono::Datelike::day(&e.at)).collect::<Vec<_>>(), [6, 5, 4]);
    assert_eq!(second.total, 9, "the total counts every page");

    let archives = page(AuditFilter { action: Some("archive".into()), ..Default::default() });
    assert_eq!(archives.total, 3);
    let range = page(AuditFilter { from: Some(at(3, 0)), until: Some(at(5, 0)), ..Default::default() });
    assert_eq!(range.total, 2, "from is inclusive, until exclusive");
    let about = page(AuditFilter { customer_id: Some(1), ..Default::default() });
    assert_eq!(about.total, 5);
    assert_eq!(page(AuditFilter { actor: Some("Nobody".into()), ..Default::default() }).total, 0);
    assert_eq!(all.rows[0].changes, [FieldChange::new("name", None, Some("x".into()))], "changes come back typed");
    assert_eq!(store.read().audit_actors().unwrap(), ["Mai"]);
}

/// Every occurrence of `needle` in the database file and its write-ahead log.
fn occurrences(db: &Path, needle: &str) -> usize {
    let mut n = 0;
    for suffix in ["", "-wal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(bytes) = std::fs::read(PathBuf::from(p)) {
            n += bytes.windows(needle.len()).filter(|w| *w == needle.as_bytes()).count();
        }
    }
    n
}

#[test]
fn erase_removes_every_row_and_every_byte_of_the_customer() {
    let (_dir, path) = temp_db();
    let mut store = Store::open_or_create(&path).unwrap();
    // Words no other data contains, to look for in the raw file afterwards.
    let mut gone = customer("Zyxwvu Quokkason", Consent::Given, Some(day(1)));
    gone.email = Some("quokkason@example.com".into());
    gone.address = Some("17 Wombatstraat".into());
    gone.phones = vec![carebook_core::normalize_phone("0987 654 321").unwrap()];
    gone.tags = vec!["Marsupialtag".into()];
    let keep =
        store.transaction(|tx| tx.insert_customer(&customer("Giữ Lại", Consent::Given, None), at(1, 8))).unwrap();
    let id = store.transaction(|tx| tx.insert_customer(&gone, at(1, 9))).unwrap();
    store
        .transaction(|tx| {
            for c in [id, keep] {
                let p = PurchaseInput {
                    customer_id: c,
                    amount_vnd: 250_000,
                    items: Some("Bánh".into()),
                    ..Default::default()
                };
                tx.insert_purchase(&p.validate(day(23)).unwrap(), at(2, 9))?;
            }
            let note = NoteInput { customer_id: id, body: "Platypusnote gọi lại".into(), staff_id: None };
            tx.insert_note(&note.validate().unwrap(), at(2, 10))?;
            tx.set_archived(id, Some(at(3, 9)))
        })
        .unwrap();
    audit(&mut store, at(2, 9), "update", Some(id), "Zyxwvu Quokkason");
    audit(&mut store, at(2, 9), "update", Some(keep), "Giữ Lại");
    // A table a later version adds, referring to customers.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE loyalty_events (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers (id), comment TEXT);",
        )
        .unwrap();
        conn.execute(
            "INSERT INTO loyalty_events (customer_id, comment) VALUES (?1, 'Kangaroofeedback'), (?2, 'tốt')",
            [id, keep],
        )
        .unwrap();
    }
    // Data written before the erase is on disk, not only in memory.
    assert!(occurrences(&path, "Quokkason") > 0, "the test looks where the data is");

    let before = store.read().customer_records(id).unwrap();
    for (table, rows) in [
        ("consent_events", 1),
        ("customer_phones", 1),
        ("customer_tags", 1),
        ("loyalty_events", 1),
        ("notes", 1),
        ("purchases", 1),
    ] {
        assert_eq!(before.rows(table), rows, "{table}: what an erase will remove is counted first");
    }
    assert_eq!(before.audit_entries, 1);

    let removed = store.erase_transaction(|tx| tx.erase_customer(id)).unwrap();
    store.purge_free_space().unwrap();
    assert_eq!(removed.tables, before.tables, "it removed what it said it would");
    assert_eq!(removed.audit_entries, 1);

    // No table refers to the customer any more.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT m.name FROM sqlite_schema m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name = 'customer_id'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(tables.len() >= 8, "every table with a customer_id is checked: {tables:?}");
    for table in &tables {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM \"{table}\" WHERE customer_id = ?1"), [id], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "{table} still refers to the erased customer");
    }
    let n: i64 = conn.query_row("SELECT count(*) FROM customers WHERE id = ?1", [id], |r| r.get(0)).unwrap();
    assert_eq!(n, 0);
    drop(conn);

    // The audit entry is kept, without the name.
    let entries = store.read().audit_page(&AuditFilter { limit: 50, ..Default::default() }).unwrap().rows;
    let redacted = entries.iter().find(|e| e.entity_id == Some(id)).unwrap();
    assert_eq!(
        (redacted.summary.as_str(), redacted.changes.len(), redacted.customer_id),
        (&*format!("#{id}"), 0, None)
    );
    assert_eq!(redacted.actor, "Mai", "who did it and when stay");
    let kept = entries.iter().find(|e| e.entity_id == Some(keep)).unwrap();
    assert_eq!(kept.summary, "Giữ Lại", "other customers' entries are untouched");

    // Not even the bytes remain: deleted cells are zeroed, the search index
    // merged, the file rewritten from live rows (the name was also in an
    // index entry dropped when the customer was archived, before the erase),
    // the write-ahead log emptied.
    for word in [
        "Quokkason",
        "quokkason",
        "Wombatstraat",
        "Marsupialtag",
        "marsupialtag",
        "Platypusnote",
        "platypusnote",
        "Kangaroofeedback",
        "987654321",
    ] {
        if occurrences(&path, word) > 0 {
            let bytes = std::fs::read(&path).unwrap();
            let pos = bytes.windows(word.len()).position(|w| w == word.as_bytes()).unwrap();
            eprintln!(
                "page {} offset {}: {:?}",
                pos / 4096,
                pos % 4096,
                String::from_utf8_lossy(&bytes[pos.saturating_sub(64)..pos + 64])
            );
        }
        assert_eq!(occurrences(&path, word), 0, "`{word}` of the erased customer is still in the file");
    }
    assert!(occurrences(&path, "tốt") > 0 || occurrences(&path, "Giữ Lại") > 0, "the others' data is still there");

    // The rest of the book is whole and still searchable.
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert_eq!(store.read().search_customers("giu lai", 5).unwrap().len(), 1);
    assert!(store.read().search_customers("0987654321", 5).unwrap().is_empty());
    assert_eq!(store.read().customer_purchases(keep).unwrap().len(), 1);
}

#[test]
fn erase_of_a_missing_customer_changes_nothing() {
    let (_dir, path) = temp_db();
    let mut store = Store::open_or_create(&path).unwrap();
    let r = store.erase_transaction(|tx| tx.erase_customer(42));
    assert!(matches!(r, Err(StoreError::NotFound { .. })));
}

#[test]
fn export_snapshot_lists_datasets_and_streams_typed_rows() {
    let (_dir, path) = temp_db();
    let mut store = Store::open_or_create(&path).unwrap();
    let mut c = customer("Đặng Thị Thuỳ Dương", Consent::Given, Some(day(2)));
    c.phones = vec![carebook_core::normalize_phone("0912 345 678").unwrap()];
    c.tags = vec!["khách quen".into(), "VIP".into()];
    let id = store.transaction(|tx| tx.insert_customer(&c, at(2, 9))).unwrap();
    store
        .transaction(|tx| {
            let p = PurchaseInput { customer_id: id, amount_vnd: 1_250_000, date: Some(day(20)), ..Default::default() };
            tx.insert_purchase(&p.validate(day(23)).unwrap(), at(20, 9))
        })
        .unwrap();

    let snapshot = store.snapshot().unwrap();
    // Written after the snapshot was taken: not in it.
    store.transaction(|tx| tx.insert_customer(&customer("Sau Này", Consent::Unknown, None), at(23, 9))).unwrap();

    let names: Vec<String> = snapshot.datasets().unwrap().iter().map(|d| d.info.name.to_string()).collect();
    assert_eq!(
        names,
        [
            "customers",
            "purchases",
            "notes",
            "care_tasks",
            "requests",
            "feedback",
            "staff",
            "consent_events",
            "audit_log"
        ]
    );
    let datasets = snapshot.datasets().unwrap();
    let customers = &datasets[0];
    let mut rows = Vec::new();
    let n = snapshot.for_each_row(customers, |cells| -> Result<(), StoreError> {
        rows.push(cells.to_vec());
        Ok(())
    });
    assert_eq!(n.unwrap(), 1, "the snapshot is the book as it was when taken");
    let row = &rows[0];
    let col = |key: &str| customers.info.columns.iter().position(|c| c.key == key).unwrap();
    assert_eq!(row[col("name")], Cell::Text("Đặng Thị Thuỳ Dương".into()));
    assert_eq!(row[col("tags")], Cell::List(vec!["khách quen".into(), "VIP".into()]));
    assert!(
        matches!(&row[col("phones")], Cell::Phones(p) if p[0].e164 == "+84912345678" && p[0].display == "0912 345 678")
    );
    assert_eq!(row[col("consentDate")], Cell::Date(day(2)));
    assert_eq!(row[col("totalSpentVnd")], Cell::Int(1_250_000));
    assert_eq!(row[col("createdAt")], Cell::DateTime(at(2, 9)));
    drop(snapshot);

    // Care tasks stream with typed cells too.
    store
        .transaction(|tx| {
            let task = CareTaskInput { customer_id: id, due_date: Some(day(25)), ..Default::default() };
            tx.save_care_task(None, &task.validate(day(23)).unwrap(), at(23, 9))
        })
        .unwrap();
    let snapshot = store.snapshot().unwrap();
    let datasets = snapshot.datasets().unwrap();
    let tasks = datasets.iter().find(|d| d.info.name == "care_tasks").unwrap();
    let col = |key: &str| tasks.info.columns.iter().position(|c| c.key == key).unwrap();
    let mut cells = Vec::new();
    snapshot
        .for_each_row(tasks, |c| -> Result<(), StoreError> {
            cells = c.to_vec();
            Ok(())
        })
        .unwrap();
    assert_eq!(cells[col("dueDate")], Cell::Date(day(25)));
    assert_eq!(cells[col("kind")], Cell::Text("follow_up_call".into()), "codes, labelled by the writers");
    assert_eq!(cells[col("customerName")], Cell::Text("Đặng Thị Thuỳ Dương".into()));
}

//! The store on real SQLite files in temporary folders.

use std::path::{Path, PathBuf};

use carebook_core::{
    Consent, CustomerInput, NoteInput, PurchaseInput, StaffInput, StaffRole, TimelineItem, ValidCustomer,
};
use carebook_store::{LATEST_VERSION, ListQuery, Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn now() -> NaiveDateTime {
    today().and_hms_opt(9, 30, 0).unwrap()
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("book.sqlite");
    (dir, path)
}

fn customer(name: &str, phones: &[&str]) -> ValidCustomer {
    CustomerInput { name: name.into(), phones: phones.iter().map(|p| p.to_string()).collect(), ..Default::default() }
        .validate(today())
        .unwrap()
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures").join(name)
}

// ---------------------------------------------------------------- migrations

#[test]
fn empty_file_gets_latest_schema() {
    let (_dir, path) = temp_db();
    let store = Store::open_or_create(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(store.integrity_check().unwrap(), "ok");
    drop(store);
    // Opening again is a no-op, not a second migration.
    let store = Store::open_or_create(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
}

#[test]
fn schema_1_file_is_migrated_and_searchable() {
    let (_dir, path) = temp_db();
    std::fs::copy(fixture("schema-v1.sqlite"), &path).unwrap();
    let store = Store::open_or_create(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let read = store.read();
    assert_eq!(read.settings().unwrap().shop_name, "Tiệm cà phê Phố Cũ");
    let an = read.customer(1).unwrap();
    assert_eq!(an.name, "Nguyễn Văn An");
    assert_eq!(an.phones.len(), 2);
    assert_eq!(an.tags, ["VIP", "Khách quen"]);
    assert_eq!(an.consent, Consent::Given);
    assert_eq!(read.timeline(1, 10).unwrap().len(), 3, "two purchases and a note survive the migration");
    // Rows written before search existed are found after the migration.
    let ids = |q: &str| read.search_customers(q, 10).unwrap().into_iter().map(|h| h.row.id).collect::<Vec<_>>();
    assert_eq!(ids("nguyen van an"), [1]);
    assert_eq!(ids("dang thi thuy"), [2], "a decomposed (NFD) name from schema 1 is found");
    assert_eq!(ids("8765432"), [1], "second phone, as stored by schema 1");
    assert_eq!(ids("giao hang"), [1], "timeline notes are indexed by the migration");
    assert!(ids("tran minh tuan").is_empty(), "archived customers stay out of search");
}

#[test]
fn newer_file_is_refused_and_left_untouched() {
    let (_dir, path) = temp_db();
    drop(Store::open_or_create(&path).unwrap());
    {
        // Pretend a future CareBook wrote this file.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1).unwrap();
        conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open_or_create(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found, supported, .. } if found == LATEST_VERSION + 1 && supported == LATEST_VERSION),
        "{err}"
    );
    assert!(err.to_string().contains("newer version of CareBook"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the newer file is not modified");
    assert!(!path.with_extension("sqlite-wal").exists(), "no WAL file is created next to it");
}

#[test]
fn foreign_files_are_refused_and_left_untouched() {
    let (dir, _) = temp_db();
    let other = dir.path().join("other.sqlite");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (7);").unwrap();
    }
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database, just some text that is long enough to have a header ....").unwrap();
    for path in [other, text] {
        let before = std::fs::read(&path).unwrap();
        let err = Store::open_or_create(&path).unwrap_err();
        assert!(matches!(err, StoreError::NotCarebook { .. }), "{}: {err}", path.display());
        assert_eq!(std::fs::read(&path).unwrap(), before, "{} is not modified", path.display());
    }
}

/// A schema-5 book with rows in every table that points at customers, care
/// tasks or staff: what schema 6's rebuilds of `customers`, `purchases` and
/// `care_tasks` must carry over whole.
fn filled_schema_5(path: &Path) {
    let conn = carebook_store::migrations::create_at_version(path, 5).unwrap();
    conn.execute_batch(
        "INSERT INTO settings VALUES ('shop_name', 'Tiệm bánh Hoa');
         INSERT INTO staff (id, name, role, active, created_at) VALUES (1, 'Lê Thu Hà', 'staff', 1, '2026-01-01 08:00:00');
         INSERT INTO customers (id, name, email, birthday_calendar, birthday_day, birthday_month, birthday_year, consent,
             consent_date, created_at, updated_at, name_fold)
         VALUES (1, 'Nguyễn Văn An', 'an@example.vn', 'lunar', 29, 2, 1967, 'given', '2026-01-02', '2026-01-02 09:00:00',
                 '2026-01-02 09:00:00', 'nguyen van an'),
                (2, 'Trần Thị Bình', NULL, 'solar', 29, 2, NULL, 'unknown', NULL, '2026-01-03 09:00:00',
                 '2026-01-03 09:00:00', 'tran thi binh');
         INSERT INTO customer_phones (customer_id, position, e164, display, national, reversed)
         VALUES (1, 0, '+84901234567', '0901 234 567', '0901234567', '7654321090');
         INSERT INTO customer_tags VALUES (1, 0, 'VIP');
         INSERT INTO purchases (id, customer_id, date, amount_vnd, items, staff_id, created_at)
         VALUES (1, 1, '2026-02-01', 1250000, 'Bánh kem', 1, '2026-02-01 10:00:00'),
                (2, 2, '2026-02-03', 90000, NULL, NULL, '2026-02-03 10:00:00');
         INSERT INTO notes (customer_id, body, staff_id, created_at) VALUES (1, 'Thích bánh ít ngọt', 1, '2026-02-01 10:05:00');
         INSERT INTO service_requests (id, customer_id, channel, kind, summary, received_at, status, created_at, updated_at)
         VALUES (1, 1, 'zalo', 'complaint', 'Bánh bị móp', '2026-02-02 09:00:00', 'open', '2026-02-02 09:00:00',
                 '2026-02-02 09:00:00');
         INSERT INTO care_tasks (id, customer_id, kind, due_date, assignee_id, status, origin, created_at, updated_at)
         VALUES (1, 1, 'check_in', '2026-02-08', 1, 'planned', 'plan', '2026-02-01 10:00:00', '2026-02-01 10:00:00');
         INSERT INTO feedback (customer_id, csat, request_id, care_task_id, given_at, created_at)
         VALUES (1, 4, 1, 1, '2026-02-08 11:00:00', '2026-02-08 11:00:00');",
    )
    .unwrap();
}

fn count(store: &Store, table: &str) -> i64 {
    store.read_pool().read(|tx| tx.count_rows(table)).unwrap()
}

#[test]
fn schema_6_rebuilds_customers_purchases_and_tasks_on_a_filled_book_and_loses_nothing() {
    let (_dir, path) = temp_db();
    filled_schema_5(&path);
    let tables = [
        "customers",
        "customer_phones",
        "customer_tags",
        "purchases",
        "notes",
        "service_requests",
        "care_tasks",
        "feedback",
        "consent_events",
    ];
    let before: Vec<i64> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        tables.iter().map(|t| conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0)).unwrap()).collect()
    };
    assert_eq!(before, [2, 1, 1, 2, 1, 1, 1, 1, 1], "the fixture has rows everywhere");

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    let after: Vec<i64> = tables.iter().map(|t| count(&store, t)).collect();
    assert_eq!(after, before, "dropping `customers` in the rebuild cascaded into nothing");
    let read = store.read();
    let an = read.customer(1).unwrap();
    assert_eq!((an.phones.len(), an.tags.as_slice(), an.purchase_count), (1, ["VIP".to_owned()].as_slice(), 1));
    let b = an.birthday.unwrap();
    assert_eq!((b.day, b.month, b.year, b.leap), (29, 2, Some(1967), false), "a lunar 29/02 with a year survives");
    let feedback = read.customer_feedback(1).unwrap();
    assert_eq!(feedback[0].care_task_id, Some(1), "feedback still points at its care task (not set to NULL)");
    assert_eq!(feedback[0].request_id, Some(1));
    assert_eq!(read.customer_care_tasks(1).unwrap()[0].assignee_id, Some(1), "tasks keep their assignee");
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let broken: i64 = store.read().count_foreign_key_problems().unwrap();
    assert_eq!(broken, 0);

    // The rebuilt table keeps its triggers: a consent change is still recorded.
    let mut c = ValidCustomer::from(&store.read().customer(2).unwrap());
    c.consent = Consent::Given;
    store.transaction(|tx| tx.update_customer(2, &c, now())).unwrap();
    assert_eq!(store.read().consent_history(2).unwrap().len(), 1, "the consent trigger came back with the table");
    // Foreign keys are on again after the migration: deleting a customer cascades.
    store.transaction(|tx| tx.delete_customer(2)).unwrap();
    assert_eq!(count(&store, "purchases"), 1, "the customer's purchase went with them");
}

#[test]
fn a_rebuild_that_would_break_references_is_refused_and_changes_nothing() {
    let (_dir, path) = temp_db();
    filled_schema_5(&path);
    let mut store = Store::open(&path).unwrap();
    // A careless rebuild step that loses a customer who still has purchases:
    // with foreign keys off nothing cascades, so only the check can catch it.
    let err =
        carebook_store::migrations::run_rebuild_step(&mut store, LATEST_VERSION, "DELETE FROM customers WHERE id = 1;")
            .unwrap_err();
    assert!(matches!(err, StoreError::BrokenReferences { .. }), "{err}");
    assert_eq!(count(&store, "customers"), 2, "the rebuild rolled back");
    assert_eq!(store.read().customer(1).unwrap().name, "Nguyễn Văn An");
    drop(store);
    let reopened = Store::open(&path).unwrap();
    assert_eq!(reopened.read().count_foreign_key_problems().unwrap(), 0);
    assert_eq!(count(&reopened, "purchases"), 2);
}

#[test]
fn a_missing_book_is_refused_and_not_created() {
    let (dir, path) = temp_db();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Missing { .. }), "{err}");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "no file was created");
    drop(Store::create(&path).unwrap());
    assert!(matches!(Store::create(&path).unwrap_err(), StoreError::Exists { .. }), "create never opens an old book");
    assert!(Store::open(&path).is_ok());
}

// ---------------------------------------------------------------- records

#[test]
fn customer_crud_round_trip() {
    let (_dir, mut path_store) = temp_db();
    let mut store = Store::open_or_create(&path_store).unwrap();
    let input = CustomerInput {
        name: "Phạm Ngọc Trâm".into(),
        phones: vec!["0901 234 567".into(), "+33 6 12 34 56 78".into()],
        email: Some("tram@example.com".into()),
        tags: vec!["VIP".into()],
        consent: Consent::Given,
        consent_date: NaiveDate::from_ymd_opt(2026, 1, 2),
        ..Default::default()
    };
    let id = store.transaction(|tx| tx.insert_customer(&input.validate(today()).unwrap(), now())).unwrap();
    let c = store.read().customer(id).unwrap();
    assert_eq!(c.name, "Phạm Ngọc Trâm");
    assert_eq!(c.phones.iter().map(|p| p.e164.as_str()).collect::<Vec<_>>(), ["+84901234567", "+33612345678"]);
    assert_eq!(c.consent_date, NaiveDate::from_ymd_opt(2026, 1, 2));
    assert_eq!(c.created_at, now());

    let edited = CustomerInput { name: "Phạm Ngọc Trâm Anh".into(), phones: vec!["0388 765 432".into()], ..input };
    store.transaction(|tx| tx.update_customer(id, &edited.validate(today()).unwrap(), now())).unwrap();
    let c = store.read().customer(id).unwrap();
    assert_eq!(c.name, "Phạm Ngọc Trâm Anh");
    assert_eq!(c.phones.len(), 1, "phones are replaced, not appended");
    let hits = store.read().search_customers("0901234", 10).unwrap();
    assert!(hits.is_empty(), "the old number is no longer indexed");

    let missing = store.transaction(|tx| tx.update_customer(999, &edited.validate(today()).unwrap(), now()));
    assert!(matches!(missing, Err(StoreError::NotFound { what: "customer", id: 999 })));
    path_store.pop();
}

#[test]
fn purchases_notes_and_timeline() {
    let (_dir, path) = temp_db();
    let mut store = Store::open_or_create(&path).unwrap();
    let staff = store
        .transaction(|tx| {
            tx.insert_staff(
                &StaffInput { name: "Lê Thu Hà".into(), role: StaffRole::Staff, active: true }.validate().unwrap(),
                now(),
            )
        })
        .unwrap();
    let id = store.transaction(|tx| tx.insert_customer(&customer("Bùi Văn Toàn", &[]), now())).unwrap();
    store
        .transaction(|tx| {
            for (day, amount) in [(1, 50_000), (20, 1_250_000)] {
                let p = PurchaseInput {
                    customer_id: id,
                    date: NaiveDate::from_ymd_opt(2026, 11, day),
                    amount_vnd: amount,
                    items: Some("Bánh kem".into()),
                    staff_id: Some(staff),
                };
                tx.insert_purchase(&p.validate(today()).unwrap(), now())?;
            }
            tx.insert_note(
                &NoteInput { customer_id: id, body: "Khách muốn ít đường".into(), staff_id: None }.validate().unwrap(),
                now(),
            )
        })
        .unwrap();
    let timeline = store.read().timeline(id, 10).unwrap();
    let kinds: Vec<&str> = timeline
        .iter()
        .map(|t| match t {
            TimelineItem::Purchase(_) => "purchase",
            TimelineItem::Note(_) => "note",
        })
        .collect();
    assert_eq!(kinds, ["note", "purchase", "purchase"], "newest first: today's note, then 20/11, then 01/11");
    let TimelineItem::Purchase(p) = &timeline[1] else { unreachable!() };
    assert_eq!((p.amount_vnd, p.staff_name.as_deref()), (1_250_000, Some("Lê Thu Hà")));

    let page = store.read().list_customers(ListQuery { archived: false, offset: 0, limit: 10 }).unwrap();
    assert_eq!(page.rows[0].purchase_count, 2);
    assert_eq!(page.rows[0].total_spent_vnd, 1_300_000);
    assert_eq!(page.rows[0].last_purchase, NaiveDate::from_ymd_opt(2026, 11, 20));

    let orphan = PurchaseInput { customer_id: 4242, amount_vnd: 1, ..Default::default() }.validate(today()).unwrap();
    assert!(matches!(store.transaction(|tx| tx.insert_purchase(&orphan, now())), Err(StoreError::NotFound { .. })));
    let bad_staff = PurchaseInput { customer_id: id, amount_vnd: 1, staff_id: Some(99), ..Default::default() }
        .validate(today())
        .unwrap();
    assert!(matches!(
        store.transaction(|tx| tx.insert_purchase(&bad_staff, now())),
        Err(StoreError::NotFound { what: "staff member", .. })
    ));
}

#[test]
fn archive_restore_and_delete_with_everything() {
    let (_dir, path) = temp_db();
    let mut store = Store::open_or_create(&path).unwrap();
    let keep = store.transaction(|tx| tx.insert_customer(&customer("Giữ Lại", &["0912 000 111"]), now())).unwrap();
    let gone = store.transaction(|tx| tx.insert_customer(&customer("Xoá Đi", &["0912 000 222"]), now())).unwrap();
    store
        .transaction(|tx| {
            let p = PurchaseInput { customer_id: gone, amount_vnd: 100_000, ..Default::default() }
                .validate(today())
                .unwrap();
            tx.insert_purchase(&p, now())?;
            tx.insert_note(
                &NoteInput { customer_id: gone, body: "ghi chú".into(), staff_id: None }.validate().unwrap(),
                now(),
            )
        })
        .unwrap();

    store.transaction(|tx| tx.set_archived(gone, Some(now()))).unwrap();
    let active = store.read().list_customers(ListQuery { archived: false, offset: 0, limit: 10 }).unwrap();
    let archived = store.read().list_customers(ListQuery { archived: true, offset: 0, limit: 10 }).unwrap();
    assert_eq!((active.total, archived.total), (1, 1));
    assert!(store.read().search_customers("xoa di", 10).unwrap().is_empty());

    store.transaction(|tx| tx.set_archived(gone, None)).unwrap();
    assert_eq!(store.read().search_customers("xoa di", 10).unwrap().len(), 1, "restored customers are found again");

    let footprint = store.read().customer_footprint(gone).unwrap();
    assert_eq!((footprint.purchases, footprint.notes), (1, 1));
    store.transaction(|tx| tx.delete_customer(gone)).unwrap();
    assert!(matches!(store.read().customer(gone), Err(StoreError::NotFound { .. })));
    assert!(
        store.read().search_customers("0912000222", 10).unwrap().is_empty(),
        "the phone index forgets the customer"
    );
    assert!(store.read().customers_with_phone("+84912000222", None).unwrap().is_empty());
    assert_eq!(store.read().customer(keep).unwrap().name, "Giữ Lại", "other customers are untouched");
    assert_eq!(store.integrity_check().unwrap(), "ok");
}

// ---------------------------------------------------------------- search

#[test]
fn vietnamese_search_table() {
    let (_dir, path) = temp_db();
    let mut store = Store::open_or_create(&path).unwrap();
    let people = [
        ("Nguyễn Văn A", vec!["0901 234 567"], None, vec![], None),
        ("Nguyễn Văn An", vec!["0901 999 888"], None, vec![], None),
        ("Nguyễn Văn Anh", vec![], None, vec![], None),
        ("Đặng Thu Hà", vec!["+84 388 765 432"], Some("ha.dang@gmail.com"), vec!["VIP"], None),
        // Decomposed (NFD) input, as macOS and some Vietnamese keyboards send it.
        ("Tra\u{0302}\u{0300}n Thi\u{0323} Bi\u{0301}ch", vec!["0912 345 678"], None, vec![], None),
        ("Lê Minh Đức", vec!["028 3823 4567"], None, vec!["Khách quen"], Some("Thích bánh kem ít đường")),
        ("Hoàng Anh", vec![], None, vec![], None),
    ];
    let mut ids = Vec::new();
    store
        .transaction(|tx| {
            for (name, phones, email, tags, notes) in &people {
                let input = CustomerInput {
                    name: name.to_string(),
                    phones: phones.iter().map(|p| p.to_string()).collect(),
                    email: email.map(str::to_owned),
                    tags: tags.iter().map(|t| t.to_string()).collect(),
                    notes: notes.map(str::to_owned),
                    ..Default::default()
                };
                ids.push(tx.insert_customer(&input.validate(today()).unwrap(), now())?);
            }
            Ok::<_, StoreError>(())
        })
        .unwrap();
    let name_of = |id: i64| people[ids.iter().position(|x| *x == id).unwrap()].0;
    let names = |q: &str| -> Vec<&str> {
        store.read().search_customers(q, 10).unwrap().into_iter().map(|h| name_of(h.row.id)).collect()
    };
    let nfd_tran = people[4].0;

    let cases: &[(&str, &[&str], &str)] = &[
        ("nguyen van a", &["Nguyễn Văn A", "Nguyễn Văn An", "Nguyễn Văn Anh"], "exact first, then prefixes"),
        ("Nguyễn Văn A", &["Nguyễn Văn A", "Nguyễn Văn An", "Nguyễn Văn Anh"], "accented query"),
        ("NGUYEN VAN AN", &["Nguyễn Văn An", "Nguyễn Văn Anh"], "upper case"),
        ("Nguye\u{0302}\u{0303}n Va\u{0306}n An", &["Nguyễn Văn An", "Nguyễn Văn Anh"], "decomposed query"),
        ("dang", &["Đặng Thu Hà"], "đ folds to d"),
        ("ĐẶNG", &["Đặng Thu Hà"], "Đ folds to d"),
        ("duc", &["Lê Minh Đức"], "đ inside a word"),
        ("thu ha", &["Đặng Thu Hà"], "words inside the name"),
        ("trần thị bích", &[nfd_tran], "composed query finds a decomposed name"),
        ("tran thi b", &[nfd_tran], "unaccented prefix of a decomposed name"),
        ("anh", &["Hoàng Anh", "Nguyễn Văn Anh"], "whole-word matches, in name order; An is not Anh"),
        ("0901", &["Nguyễn Văn A", "Nguyễn Văn An"], "phone prefix, 0 form"),
        ("901 234", &["Nguyễn Văn A"], "phone fragment with a space"),
        ("234567", &["Lê Minh Đức", "Nguyễn Văn A", nfd_tran], "every number holding the digits, by name"),
        ("84901234567", &["Nguyễn Văn A"], "84 form, exact"),
        ("+84 388", &["Đặng Thu Hà"], "+84 form, prefix"),
        ("765432", &["Đặng Thu Hà"], "digits in the middle"),
        ("0388765432", &["Đặng Thu Hà"], "0 form of a number stored as +84"),
        ("3823", &["Lê Minh Đức"], "landline fragment"),
        ("ha.dang@gmail", &["Đặng Thu Hà"], "email"),
        ("vip", &["Đặng Thu Hà"], "tag"),
        ("khach quen", &["Lê Minh Đức"], "tag, unaccented"),
        ("it duong", &["Lê Minh Đức"], "notes, unaccented"),
        ("12", &[], "two digits are too few for a phone fragment"),
        ("xyz", &[], "no match"),
        ("   ", &[], "blank"),
        ("\"*:(", &[], "FTS syntax characters are inert"),
    ];
    for (query, want, why) in cases {
        assert_eq!(names(query), *want, "search {query:?}: {why}");
    }

    let hits = store.read().search_customers("nguyen van a", 10).unwrap();
    assert_eq!(hits.iter().map(|h| h.matched).collect::<Vec<_>>(), ["exact", "name_prefix", "name_prefix"]);
    assert_eq!(store.read().search_customers("nguyen", 2).unwrap().len(), 2, "the limit holds");
}

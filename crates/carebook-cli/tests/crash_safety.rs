//! Crash safety: `carebook torture` writes through the API in a child
//! process and acknowledges each write after it committed; this test kills it
//! (SIGKILL on Unix, TerminateProcess on Windows) at random moments, many
//! times, on the same file. After every kill the book must open, pass
//! `PRAGMA integrity_check`, and hold every write acknowledged so far.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use carebook_api::{Api, CheckDuplicates, IdArgs, OpenOptions, TimelineArgs};
use carebook_core::{CustomerInput, TimelineItem, digits};
use carebook_store::Store;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// How many times the writer is killed.
const KILLS: u64 = 60;
const SEED: u64 = 2026;

/// Everything acknowledged so far.
#[derive(Default)]
struct Acked {
    lines: u64,
    /// id → phone (E.164).
    customers: BTreeMap<i64, String>,
    /// customer → purchase ids, note ids.
    purchases: BTreeMap<i64, BTreeSet<i64>>,
    notes: BTreeMap<i64, BTreeSet<i64>>,
    /// customer → the highest loyalty points acknowledged (points only go up).
    points: BTreeMap<i64, i64>,
    archived: BTreeSet<i64>,
    staff: BTreeSet<i64>,
    /// (customer, "request" | "task" | "feedback", id).
    care: BTreeSet<(i64, String, i64)>,
    /// import batch → the phones (E.164) of its rows.
    imports: BTreeMap<i64, Vec<String>>,
}

impl Acked {
    fn record(&mut self, line: &str) {
        let f: Vec<&str> = line.split(' ').collect();
        let num = |i: usize| -> i64 { f[i].parse().unwrap_or_else(|_| panic!("a number in `{line}`")) };
        assert_eq!(f[0], "ack", "every line of the writer is an acknowledgement: `{line}`");
        match f[1] {
            "customer" => drop(self.customers.insert(num(2), f[3].to_owned())),
            "purchase" => drop(self.purchases.entry(num(3)).or_default().insert(num(2))),
            "note" => drop(self.notes.entry(num(3)).or_default().insert(num(2))),
            "points" => {
                let p = self.points.entry(num(2)).or_default();
                *p = (*p).max(num(3));
            }
            "archive" => drop(self.archived.insert(num(2))),
            "staff" => drop(self.staff.insert(num(2))),
            "care" => drop(self.care.insert((num(4), f[2].to_owned(), num(3)))),
            "import" => drop(self.imports.insert(num(2), f[3].split(',').map(str::to_owned).collect())),
            other => panic!("unknown acknowledgement `{other}` in `{line}`"),
        }
        self.lines += 1;
    }

    /// Every acknowledged write, read back through the API.
    fn check(&self, db: &Path, kill: u64) {
        let api = Api::open(db, OpenOptions::create())
            .unwrap_or_else(|e| panic!("kill {kill}: the book does not open after the kill: {e}"));
        for (&id, e164) in &self.customers {
            let c = api.customer_get(IdArgs { id }).unwrap_or_else(|e| panic!("kill {kill}: customer {id}: {e}"));
            assert!(
                c.phones.iter().any(|p| &p.e164 == e164),
                "kill {kill}: customer {id} keeps the acknowledged phone {e164}"
            );
            if let Some(&points) = self.points.get(&id) {
                assert!(
                    c.loyalty_points >= points,
                    "kill {kill}: customer {id} has {} points, {points} were acknowledged",
                    c.loyalty_points
                );
            }
            if self.archived.contains(&id) {
                assert!(c.archived_at.is_some(), "kill {kill}: customer {id} was acknowledged archived");
            }
        }
        let with_history: BTreeSet<i64> = self.purchases.keys().chain(self.notes.keys()).copied().collect();
        for id in with_history {
            let timeline = api
                .customer_timeline(TimelineArgs { id, limit: Some(1000) })
                .unwrap_or_else(|e| panic!("kill {kill}: timeline of {id}: {e}"));
            let mut purchases = BTreeSet::new();
            let mut notes = BTreeSet::new();
            for item in timeline {
                match item {
                    TimelineItem::Purchase(p) => drop(purchases.insert(p.id)),
                    TimelineItem::Note(n) => drop(notes.insert(n.id)),
                    #[allow(unreachable_patterns)]
                    _ => {}
                }
            }
            for pid in self.purchases.get(&id).into_iter().flatten() {
                assert!(
                    purchases.contains(pid),
                    "kill {kill}: acknowledged purchase {pid} of customer {id} is present"
                );
            }
            for nid in self.notes.get(&id).into_iter().flatten() {
                assert!(notes.contains(nid), "kill {kill}: acknowledged note {nid} of customer {id} is present");
            }
        }
        for (id, kind, rid) in &self.care {
            let care =
                api.customer_care(IdArgs { id: *id }).unwrap_or_else(|e| panic!("kill {kill}: care of {id}: {e}"));
            let present = match kind.as_str() {
                "request" => care.requests.iter().any(|r| r.id == *rid),
                "task" => care.tasks.iter().any(|t| t.task.id == *rid),
                _ => care.feedback.iter().any(|f| f.id == *rid),
            };
            assert!(present, "kill {kill}: acknowledged {kind} {rid} of customer {id} is present");
        }
        let staff: BTreeSet<i64> = api.staff_list().unwrap().into_iter().map(|s| s.id).collect();
        assert!(self.staff.is_subset(&staff), "kill {kill}: every acknowledged staff member is present");

        let batches: BTreeSet<i64> = api.import_batches().unwrap().batches.into_iter().map(|b| b.id).collect();
        for (batch, phones) in &self.imports {
            // The list shows the newest 100 imports; older ones are checked by their customers below.
            let listed = batches.len() < 100 || batches.first().is_some_and(|oldest| batch >= oldest);
            assert!(
                !listed || batches.contains(batch),
                "kill {kill}: acknowledged import {batch} is in the list of imports"
            );
            // The duplicate check finds customers by phone, archived ones too.
            let input = CustomerInput { name: "x".into(), phones: phones.clone(), ..Default::default() };
            let found = api.customer_check_duplicates(CheckDuplicates { input, exclude_id: None }).unwrap().warnings;
            for e164 in phones {
                let national = format!("0{}", &e164[3..]);
                assert!(
                    found.iter().any(|w| digits(&w.value) == national),
                    "kill {kill}: the customer with {national} from import {batch} is in the book"
                );
            }
        }
    }
}

#[test]
fn killed_writers_never_lose_an_acknowledged_write_or_damage_the_book() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.sqlite");
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut acked = Acked::default();
    let mut torn = 0;
    let mut before_first_ack = 0;

    for kill in 1..=KILLS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_carebook"))
            .args(["torture", "--seed", &(SEED * 1000 + kill).to_string(), "--db"])
            .arg(&db)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the carebook binary starts");
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (lines_tx, lines) = mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            let mut stdout = stdout;
            loop {
                let mut line = String::new();
                match stdout.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => drop(lines_tx.send(line)),
                }
            }
        });
        // Odd kills count from the start (some land while the book opens);
        // even ones from the first acknowledgement (they land among writes).
        let mut received = Vec::new();
        if kill % 2 == 0 {
            match lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => received.push(line),
                Err(_) => panic!("kill {kill}: the writer acknowledged nothing in 20 s"),
            }
        }
        std::thread::sleep(Duration::from_millis(rng.random_range(5..=300)));
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("kill {kill}: the writer stopped by itself ({status}) before it was killed: {err}");
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        received.extend(lines.try_iter());

        if received.is_empty() {
            before_first_ack += 1;
        }
        for line in &received {
            match line.strip_suffix('\n') {
                Some(line) => acked.record(line),
                // Killed in the middle of printing: that write is not acknowledged.
                None => torn += 1,
            }
        }

        let store = Store::open_or_create(&db).unwrap_or_else(|e| panic!("kill {kill}: the book does not open: {e}"));
        let integrity = store.integrity_check().unwrap();
        assert_eq!(integrity, "ok", "kill {kill}: PRAGMA integrity_check after the kill");
        drop(store);
        acked.check(&db, kill);
    }

    println!(
        "crash safety: {KILLS} kills, PRAGMA integrity_check ok after each, all {} acknowledged writes present \
         ({} customers, {} purchases, {} notes, {} requests/care tasks/feedback, {} point updates, {} archived, {} staff, \
         {} imports of {} rows); \
         {before_first_ack} kills before the first write, {torn} half-printed lines",
        acked.lines,
        acked.customers.len(),
        acked.purchases.values().map(BTreeSet::len).sum::<usize>(),
        acked.notes.values().map(BTreeSet::len).sum::<usize>(),
        acked.care.len(),
        acked.points.len(),
        acked.archived.len(),
        acked.staff.len(),
        acked.imports.len(),
        acked.imports.values().map(Vec::len).sum::<usize>(),
    );
    assert!(acked.lines >= KILLS / 2, "half of the writers acknowledged a write before the kill");
}

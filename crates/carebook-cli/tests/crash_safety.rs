//! Crash safety: `carebook torture` writes through the API in a child
//! process and acknowledges each write after it committed; these tests kill
//! it (SIGKILL on Unix, TerminateProcess on Windows) at random moments, many
//! times, on the same file: one writer; two writers on one book at once; a
//! writer that moves its book to another folder ("Move to a local folder")
//! and goes on writing there. After every kill the book — found by the same
//! rule the window uses — must open, pass `PRAGMA integrity_check`, and hold
//! every write acknowledged so far.

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
    /// Two writers at once: each adds a point to what it read, so the other's
    /// update may be overwritten (a lost update, not a lost write): points are
    /// not compared.
    concurrent: bool,
    /// The book's new path, once a move was acknowledged.
    moved_to: Option<String>,
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
            "moving" => return,
            "moved" => self.moved_to = Some(f[2..].join(" ")),
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
            if let Some(&points) = self.points.get(&id).filter(|_| !self.concurrent) {
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

/// A `carebook torture` child and the lines it printed.
struct Writer {
    child: std::process::Child,
    lines: mpsc::Receiver<String>,
    reader: std::thread::JoinHandle<()>,
}

impl Writer {
    fn start(args: &[&str], db: Option<&Path>, env: &[(&str, &Path)]) -> Writer {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_carebook"));
        cmd.arg("torture").args(args);
        if let Some(db) = db {
            cmd.arg("--db").arg(db);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd
            .env_remove("CAREBOOK_DB")
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
        Writer { child, lines, reader }
    }

    /// Waits for a line that starts with `prefix`; returns the lines read meanwhile.
    fn wait_for(&self, prefix: &str, round: u64) -> Vec<String> {
        let mut got = Vec::new();
        loop {
            match self.lines.recv_timeout(Duration::from_secs(20)) {
                Ok(line) => {
                    let hit = line.starts_with(prefix);
                    got.push(line);
                    if hit {
                        return got;
                    }
                }
                Err(_) => panic!("round {round}: the writer printed no `{prefix}` in 20 s"),
            }
        }
    }

    /// Kills the writer (it must still be running) and returns every line it printed after `before`.
    fn kill(mut self, mut before: Vec<String>, round: u64) -> Vec<String> {
        if let Some(status) = self.child.try_wait().unwrap() {
            let mut err = String::new();
            self.child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("round {round}: the writer stopped by itself ({status}) before it was killed: {err}");
        }
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.reader.join().unwrap();
        before.extend(self.lines.try_iter());
        before
    }
}

/// Records the whole lines; returns how many were torn by the kill.
fn record_all(acked: &mut Acked, lines: &[String]) -> u64 {
    let mut torn = 0;
    for line in lines {
        match line.strip_suffix('\n') {
            Some(line) => acked.record(line),
            None => torn += 1,
        }
    }
    torn
}

fn check_integrity(db: &Path, round: u64) {
    let store = Store::open_or_create(db).unwrap_or_else(|e| panic!("round {round}: the book does not open: {e}"));
    assert_eq!(store.integrity_check().unwrap(), "ok", "round {round}: PRAGMA integrity_check after the kill");
}

#[test]
fn two_writers_on_one_book_killed_at_random_lose_nothing_acknowledged() {
    const ROUNDS: u64 = 24;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("book.sqlite");
    let mut rng = ChaCha8Rng::seed_from_u64(SEED + 1);
    let mut acked = Acked { concurrent: true, ..Default::default() };
    let mut torn = 0;
    let mut both_wrote = 0;
    // The book exists before two processes open it at once.
    Store::open_or_create(&db).unwrap();
    for round in 1..=ROUNDS {
        let a = Writer::start(&["--seed", &(SEED * 2000 + round * 2).to_string()], Some(&db), &[]);
        let b = Writer::start(&["--seed", &(SEED * 2000 + round * 2 + 1).to_string()], Some(&db), &[]);
        let (mut got_a, mut got_b) = (Vec::new(), Vec::new());
        if round % 2 == 0 {
            got_a = a.wait_for("ack", round);
            got_b = b.wait_for("ack", round);
            both_wrote += 1;
        }
        std::thread::sleep(Duration::from_millis(rng.random_range(5..=250)));
        let got_a = a.kill(std::mem::take(&mut got_a), round);
        std::thread::sleep(Duration::from_millis(rng.random_range(0..=60)));
        let got_b = b.kill(std::mem::take(&mut got_b), round);
        torn += record_all(&mut acked, &got_a) + record_all(&mut acked, &got_b);
        check_integrity(&db, round);
        acked.check(&db, round);
    }
    println!(
        "two writers: {ROUNDS} rounds of two processes killed one after the other, integrity ok after each, all {} \
         acknowledged writes present ({} customers, {} imports); {both_wrote} rounds waited for both to write, {torn} torn lines",
        acked.lines,
        acked.customers.len(),
        acked.imports.len()
    );
    assert!(acked.lines >= ROUNDS, "the writers acknowledged writes");
}

#[test]
fn a_writer_killed_while_moving_its_book_leaves_one_whole_book_where_the_window_looks() {
    const ROUNDS: u64 = 16;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let default = data.join("carebook").join("carebook.sqlite");
    let location = data.join("carebook").join("location.json");
    let mut rng = ChaCha8Rng::seed_from_u64(SEED + 2);
    let mut acked = Acked::default();
    let (mut during, mut after, mut before, mut stale) = (0, 0, 0, 0);
    for round in 1..=ROUNDS {
        let target = dir.path().join("moves").join(round.to_string());
        std::fs::create_dir_all(&target).unwrap();
        let seed = (SEED * 3000 + round).to_string();
        let args = ["--seed", seed.as_str(), "--move-to", target.to_str().unwrap()];
        let w = Writer::start(&args, None, &[("XDG_DATA_HOME", &data)]);
        let mut got = Vec::new();
        // Most kills land in or just after the move; some before it.
        if round % 4 != 0 {
            got = w.wait_for("ack moving", round);
            std::thread::sleep(Duration::from_millis(rng.random_range(0..=40)));
        } else {
            std::thread::sleep(Duration::from_millis(rng.random_range(5..=150)));
        }
        let got = w.kill(got, round);
        let moving = got.iter().any(|l| l == "ack moving\n");
        let was_moved_to = acked.moved_to.clone();
        record_all(&mut acked, &got);
        let moved = acked.moved_to != was_moved_to;
        match (moving, moved) {
            (true, true) => after += 1,
            (true, false) => during += 1,
            _ => before += 1,
        }
        let book = carebook_api::book::resolve_with(None, None, Some(&location), Some(default.clone()))
            .unwrap_or_else(|e| panic!("round {round}: no book where the window looks: {e}"))
            .path;
        if moved {
            assert_eq!(
                Some(book.display().to_string()),
                acked.moved_to,
                "round {round}: the moved book is the one opened"
            );
        }
        // A kill between the move's last step and its tidying may leave the old file behind, never in use.
        let in_target = target.join("carebook.sqlite");
        if book != in_target && in_target.exists() {
            stale += 1;
        }
        check_integrity(&book, round);
        acked.check(&book, round);
    }
    println!(
        "moves: {ROUNDS} writers killed around a move of their book: {during} during the move, {after} after it, \
         {before} before it; the book found by the window's rule opened whole each time with all {} acknowledged \
         writes; {stale} half-made copies left unused",
        acked.lines
    );
    assert!(during + after > 0, "some kills landed in or after a move");
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
        let w = Writer::start(&["--seed", &(SEED * 1000 + kill).to_string()], Some(&db), &[]);
        // Odd kills count from the start (some land while the book opens);
        // even ones from the first acknowledgement (they land among writes).
        let mut received = Vec::new();
        if kill % 2 == 0 {
            received = w.wait_for("ack", kill);
        }
        std::thread::sleep(Duration::from_millis(rng.random_range(5..=300)));
        let received = w.kill(received, kill);
        if received.is_empty() {
            before_first_ack += 1;
        }
        // A line cut by the kill in the middle of printing is not acknowledged.
        torn += record_all(&mut acked, &received);
        check_integrity(&db, kill);
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

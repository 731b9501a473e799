//! `carebook torture` (hidden): writes through the API in a loop and prints
//! one line per write on standard output, flushed, only after its
//! transaction has committed:
//!
//! ```text
//! ack customer <id> <phone e164>
//! ack purchase <id> <customer id>
//! ack note <id> <customer id>
//! ack points <customer id> <loyalty points>
//! ack archive <customer id>
//! ack staff <id>
//! ack care <request|task|feedback> <id> <customer id>
//! ack import <batch id> <phone e164>,<phone e164>,…
//! ack moving
//! ack moved <new path of the book>
//! ```
//!
//! With `--move-to DIR`, after a few writes the book is moved into DIR
//! ("Move to a local folder"; `ack moving` is printed just before) and the
//! writes go on in the moved book.
//!
//! An import is a CSV file of 5 to 60 new customers, committed through the
//! import engine in one transaction.
//!
//! The crash-safety test (`tests/crash_safety.rs`) kills it at random moments
//! (one writer, two writers on one file, a writer moving its book) and checks
//! that the book still opens, passes `PRAGMA integrity_check`, and holds every
//! acknowledged write.

use std::io::Write;
use std::path::Path;

use carebook_api::backup::StorageMove;

use carebook_api::{
    AddFeedback, AddNote, AddPurchase, Api, CreateCustomer, CreateStaff, IdArgs, ImportFile, PointsChange,
    SaveCareTask, SaveRequest,
};
use carebook_core::{
    CareTaskInput, CustomerInput, FeedbackInput, NoteInput, PurchaseInput, RequestInput, StaffInput, StaffRole,
};

use crate::api_error;

/// splitmix64: enough randomness to vary the writes, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

pub fn run(api: &Api, seed: u64, ops: Option<u64>, move_to: Option<&Path>) -> Result<(), String> {
    let mut rng = Rng(seed);
    let mut out = std::io::stdout().lock();
    let mut ack = |line: String| -> Result<(), String> {
        writeln!(out, "ack {line}").and_then(|()| out.flush()).map_err(|e| e.to_string())
    };
    let mut move_at = move_to.map(|dir| (3 + rng.below(12), dir));
    // No customer is ever deleted here, so ids run from 1 to the count.
    let mut customers = api.app_info().map_err(api_error)?.customer_count;
    let mut done = 0u64;
    while ops.is_none_or(|n| done < n) {
        done += 1;
        if let Some((at, dir)) = move_at
            && done >= at
        {
            move_at = None;
            ack("moving".into())?;
            let moved = api.storage_move(StorageMove { to: dir.display().to_string() }).map_err(api_error)?;
            ack(format!("moved {}", moved.to))?;
        }
        let pick = 1 + rng.below(customers as u64) as i64;
        match rng.below(20) {
            0..=4 => {
                const PREFIXES: [&str; 6] = ["090", "091", "093", "096", "097", "098"];
                let prefix = PREFIXES[rng.below(PREFIXES.len() as u64) as usize];
                let phone = format!("{prefix}{:07}", rng.below(10_000_000));
                let n = rng.next() % 1_000_000;
                let input =
                    CustomerInput {
                        name: format!("Khách Thử {seed}-{n}"), phones: vec![phone], ..Default::default()
                    };
                let saved = api.customer_create(CreateCustomer { input }).map_err(api_error)?;
                customers = customers.max(saved.customer.id);
                ack(format!("customer {} {}", saved.customer.id, saved.customer.phones[0].e164))?;
            }
            _ if customers == 0 => {}
            5..=9 => {
                let input = PurchaseInput {
                    customer_id: pick,
                    date: None,
                    amount_vnd: 10_000 * (1 + rng.below(500) as i64),
                    items: Some("Bánh kem".into()),
                    staff_id: None,
                };
                let p = api.purchase_add(AddPurchase { input }).map_err(api_error)?;
                ack(format!("purchase {} {}", p.id, p.customer_id))?;
            }
            10..=12 => {
                let input =
                    NoteInput { customer_id: pick, body: format!("Ghi chú {}", rng.below(1_000_000)), staff_id: None };
                let n = api.note_add(AddNote { input }).map_err(api_error)?;
                ack(format!("note {} {}", n.id, n.customer_id))?;
            }
            13 => match rng.below(3) {
                0 => {
                    let input = RequestInput {
                        customer_id: pick,
                        summary: format!("Hỏi {}", rng.below(1000)),
                        ..Default::default()
                    };
                    let r = api.request_save(SaveRequest { id: None, input }).map_err(api_error)?;
                    ack(format!("care request {} {}", r.id, r.customer_id))?;
                }
                1 => {
                    let input = CareTaskInput { customer_id: pick, ..Default::default() };
                    let t = api.care_task_save(SaveCareTask { id: None, input }).map_err(api_error)?;
                    ack(format!("care task {} {}", t.task.id, t.task.customer_id))?;
                }
                _ => {
                    let input =
                        FeedbackInput { customer_id: pick, csat: Some(1 + rng.below(5) as i64), ..Default::default() };
                    let f = api.feedback_add(AddFeedback { input }).map_err(api_error)?;
                    ack(format!("care feedback {} {}", f.id, f.customer_id))?;
                }
            },
            14..=16 => {
                let change =
                    PointsChange { customer_id: pick, points: 1, reason: "Khách giới thiệu bạn".into() };
                let view = api.loyalty_adjust(change).map_err(api_error)?;
                ack(format!("points {} {}", pick, view.standing.balance))?;
            }
            17 => {
                api.customer_archive(IdArgs { id: pick }).map_err(api_error)?;
                ack(format!("archive {pick}"))?;
            }
            18 => {
                let input =
                    StaffInput {
                        name: format!("Nhân viên {}", rng.below(1000)), role: StaffRole::Staff, active: true
                    };
                let s = api.staff_create(CreateStaff { input }).map_err(api_error)?;
                ack(format!("staff {}", s.id))?;
            }
            _ => {
                let rows = 5 + rng.below(56);
                let mut csv = String::from("Tên khách hàng,Điện thoại\n");
                let mut phones = Vec::new();
                for r in 0..rows {
                    // 086…: a prefix the single creates above never use.
                    let national = format!("086{:07}", rng.below(10_000_000));
                    csv.push_str(&format!("Khách Nhập {seed}-{done}-{r},{national}\n"));
                    phones.push(format!("+84{}", &national[1..]));
                }
                let file = ImportFile {
                    name: format!("torture-{seed}-{done}.csv"),
                    bytes: csv.into_bytes(),
                    ..Default::default()
                };
                let result = api.import_commit_with(&file, false, |_| true).map_err(api_error)?;
                customers = api.app_info().map_err(api_error)?.customer_count;
                ack(format!("import {} {}", result.batch.id, phones.join(",")))?;
            }
        }
    }
    Ok(())
}

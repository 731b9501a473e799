//! Importing customers (and their purchases) from a file: a preview that
//! writes nothing, a commit that writes everything or nothing in one
//! transaction, undo of the last import, and the list of imports.
//!
//! The file is read and its rows validated before the book is locked; only
//! matching rows against existing customers and writing happen under the
//! lock. A commit recomputes everything from the file: what the preview
//! showed is never trusted blindly. While a commit runs, [`Api::import_progress`]
//! (which takes no lock) tells how far it is, and [`Api::import_cancel`] stops
//! it — the transaction then rolls back and nothing is written.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use carebook_core::{AuditAction, AuditEntity, CustomerId, FieldError, ImportBatch, ValidCustomer, fold};
use carebook_import::rows::{MergeChange, changes, merge_customer};
use carebook_import::{
    Field, FileFormat, FileKind, FileReader, Group, GroupBuilder, ImportError, MergedNotes, Problem, ReadOptions,
    ReadProgress, Row, RowProblems, TextEncoding, convert_stream, group_keys, open_bytes, open_path,
};
use carebook_store::{Scratch, Tx};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Api, ApiError, AuditEvent, Result};

/// How many rows of each kind a preview lists (the counts cover them all).
pub const PREVIEW_ROWS_PER_STATUS: usize = 200;
/// How many new rows a preview shows as a sample.
pub const PREVIEW_NEW_ROWS: usize = 50;
/// The page cache an import may use (KiB), whatever the size of the file.
const IMPORT_CACHE_KIB: i64 = 128 * 1024;

// ---------- wire types ----------

/// A file to import, as the UI names it: never its bytes. The desktop window
/// sends the path its file dialog chose; the browser mode first uploads the
/// file (`POST /upload` of `carebook serve`, a raw body streamed to a private
/// temporary file) and sends the token it got back. Exactly one of the two.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportFileArgs {
    /// The name shown in the preview and the list of imports.
    pub file_name: String,
    /// The file on this computer (the desktop's file dialog).
    #[ts(optional = nullable)]
    pub path: Option<String>,
    /// The token of a file uploaded to `carebook serve`.
    #[ts(optional = nullable)]
    pub upload: Option<String>,
    /// Overrides the detected text encoding (CSV, vCard).
    #[ts(optional = nullable)]
    pub encoding: Option<TextEncoding>,
    /// One field per column; the guessed mapping when absent.
    #[ts(optional = nullable)]
    pub mapping: Option<Vec<Field>>,
    /// The sheet of a workbook; the first with data when absent.
    #[ts(optional = nullable)]
    pub sheet: Option<String>,
}

/// A file to import and whether to leave out its problem rows.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportCommitArgs {
    #[serde(flatten)]
    pub file: ImportFileArgs,
    /// Import the good rows and leave out the rows with problems. Without
    /// it, a file with any problem row imports nothing.
    pub skip_problem_rows: bool,
}

/// A file to import, as the typed API (and the CLI) takes it: read from
/// `path` as a stream of rows when set (any size), else from `bytes`.
#[derive(Debug, Clone, Default)]
pub struct ImportFile {
    pub name: String,
    /// The file on disk; `bytes` is then not used.
    pub path: Option<PathBuf>,
    /// The file in memory (tests, tools in the same process).
    pub bytes: Vec<u8>,
    pub encoding: Option<TextEncoding>,
    pub mapping: Option<Vec<Field>>,
    pub sheet: Option<String>,
}

/// One column of the file and what it is imported as.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportColumn {
    pub index: u32,
    pub header: String,
    /// The field used: the one sent in `mapping`, else the guess.
    pub field: Field,
    pub guessed: Field,
    /// The first few values, to recognise the column.
    pub samples: Vec<String>,
}

/// Rows by what the import does with them. Every non-empty row has one status:
/// `rows = new + merge + duplicate + problem`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCounts {
    pub rows: u32,
    /// Rows that become a new customer.
    pub new: u32,
    /// Rows merged into a customer already in the book.
    pub merge: u32,
    /// Rows merged into an earlier row of the file (same phone or email).
    pub duplicate: u32,
    /// Rows with a problem: not imported.
    pub problem: u32,
    /// Rows with nothing in the imported columns: left out.
    pub empty: u32,
    /// Purchases the good rows carry.
    pub purchases: u32,
    pub customers_created: u32,
    pub customers_merged: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportRowStatus {
    New,
    Merge,
    Duplicate,
    Problem,
}

/// The existing customer a row merges into, and what the merge changes.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportMergeTarget {
    pub customer_id: CustomerId,
    pub customer_name: String,
    /// `phone` or `email`.
    pub matched_by: String,
    pub value: String,
    /// Fields filled or extended; existing values are kept.
    pub changes: Vec<MergeChange>,
    /// Purchases added to the customer's history.
    pub purchases: u32,
    /// Text added to the history as a note (notes that differ, a second email).
    #[ts(optional = nullable)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRowPreview {
    /// The row number the user sees in the file (a vCard's contact number).
    pub row: u32,
    pub status: ImportRowStatus,
    pub name: String,
    #[ts(optional = nullable)]
    pub phone: Option<String>,
    #[ts(optional = nullable)]
    pub email: Option<String>,
    #[ts(optional = nullable)]
    pub merge_into: Option<ImportMergeTarget>,
    /// For a duplicate: the first row of the file with the same customer.
    #[ts(optional = nullable)]
    pub duplicate_of: Option<u32>,
    pub problems: Vec<Problem>,
}

/// What an import of this file would do. Nothing has been written.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub file_name: String,
    pub format: FileFormat,
    #[ts(optional = nullable)]
    pub detected_encoding: Option<TextEncoding>,
    #[ts(optional = nullable)]
    pub encoding: Option<TextEncoding>,
    pub sheets: Vec<String>,
    #[ts(optional = nullable)]
    pub sheet: Option<String>,
    /// CareBook's own export: its columns are known, customers are matched
    /// by their customer code first.
    pub kind: FileKind,
    pub columns: Vec<ImportColumn>,
    pub counts: ImportCounts,
    /// Rows with problems, merges and duplicates (up to 200 of each, in row
    /// order), then the first new rows.
    pub rows: Vec<ImportRowPreview>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub batch: ImportBatch,
    pub counts: ImportCounts,
    /// Rows with problems that were left out.
    pub skipped_rows: u32,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportUndoArgs {
    /// Undo even though customers of the import were changed since.
    pub force: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportUndoResult {
    pub batch: ImportBatch,
    pub customers_deleted: i64,
    pub customers_restored: i64,
    pub purchases_deleted: i64,
    pub notes_deleted: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportBatchList {
    pub batches: Vec<ImportBatch>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportPhase {
    #[default]
    Idle,
    Reading,
    Checking,
    Writing,
    Done,
}

/// How far the running import is. `done` of `total` steps of the phase.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    pub running: bool,
    pub phase: ImportPhase,
    pub done: u32,
    pub total: u32,
}

/// The state a running import shares with `import_progress` and `import_cancel`.
#[derive(Debug, Default)]
pub(crate) struct ImportState {
    progress: Mutex<ImportProgress>,
    cancel: AtomicBool,
}

impl ImportState {
    fn set(&self, p: ImportProgress) {
        *self.progress.lock().unwrap_or_else(|e| e.into_inner()) = p;
    }
}

// ---------- errors ----------

fn file_error(e: ImportError) -> ApiError {
    vec![FieldError { field: "file".into(), code: e.code().into(), message: e.to_string() }].into()
}

impl ImportFile {
    /// A file on disk, named by its file name.
    pub fn from_path(path: impl Into<PathBuf>) -> ImportFile {
        let path = path.into();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        ImportFile { name, path: Some(path), ..Default::default() }
    }

    fn open(&self) -> Result<FileReader<'_>> {
        let options = ReadOptions { encoding: self.encoding, sheet: self.sheet.clone() };
        let reader = match &self.path {
            Some(path) => open_path(path, &options),
            None if self.bytes.iter().all(u8::is_ascii_whitespace) => Err(ImportError::Empty),
            None => open_bytes(&self.name, &self.bytes, &options),
        };
        reader.map_err(file_error)
    }
}

impl Api {
    /// The file that import arguments name: a path, or an upload's token.
    fn import_file(&self, args: ImportFileArgs) -> Result<ImportFile> {
        let path = match (args.path, args.upload) {
            (Some(path), None) if !path.trim().is_empty() => PathBuf::from(path),
            (None, Some(token)) => self.uploads.path(&token)?,
            (None, None) => return Err(ApiError::bad_request("name the file to import: path or upload")),
            _ => return Err(ApiError::bad_request("name the file to import once: path or upload, not both")),
        };
        let name = if args.file_name.trim().is_empty() {
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        } else {
            args.file_name
        };
        Ok(ImportFile {
            name,
            path: Some(path),
            bytes: Vec::new(),
            encoding: args.encoding,
            mapping: args.mapping,
            sheet: args.sheet,
        })
    }
}

// ---------- the plan: what an import does ----------

/// How the file reads, from its header and first rows.
struct Layout {
    format: FileFormat,
    detected_encoding: Option<TextEncoding>,
    encoding: Option<TextEncoding>,
    sheets: Vec<String>,
    sheet: Option<String>,
    kind: FileKind,
    columns: Vec<ImportColumn>,
    headers: Vec<String>,
    mapping: Vec<Field>,
}

/// Problem rows: all counted, the first ones (by row) kept to be shown.
#[derive(Default)]
struct Problems {
    count: u32,
    first: Vec<RowProblems>,
}

impl Problems {
    fn push(&mut self, p: RowProblems) {
        self.count += 1;
        self.first.push(p);
        if self.first.len() >= 2 * PREVIEW_ROWS_PER_STATUS {
            self.trim();
        }
    }

    fn trim(&mut self) {
        self.first.sort_by_key(|p| p.row);
        self.first.truncate(PREVIEW_ROWS_PER_STATUS);
    }
}

/// What the first pass over the file learnt, without keeping its rows:
/// which good rows join an earlier one (their keys went to a scratch
/// database on disk), the problems of validation, the counts.
struct Survey {
    layout: Layout,
    /// Good row (its position among the good rows) → the first row of its group.
    joins: HashMap<u32, u32>,
    /// First row of a group of several → its last row.
    last: HashMap<u32, u32>,
    problems: Problems,
    good_rows: u32,
    rows_total: u32,
    empty_rows: u32,
}

/// Rows read between two progress reports while a file is read.
const READ_TICK_ROWS: usize = 4096;
/// Rows converted at a time (on every core); the import holds one batch.
const CONVERT_BATCH: usize = 8192;

fn layout(file: &ImportFile) -> Result<(FileReader<'_>, Layout)> {
    let reader = file.open()?;
    let headers = reader.headers().to_vec();
    let guessed = reader.guess_mapping();
    let mut mapping = file.mapping.clone().unwrap_or_else(|| guessed.clone());
    mapping.resize(headers.len(), Field::Ignore);
    let columns = headers
        .iter()
        .enumerate()
        .map(|(i, header)| ImportColumn {
            index: i as u32,
            header: header.clone(),
            field: mapping[i],
            guessed: guessed[i],
            samples: reader
                .samples()
                .iter()
                .filter_map(|r| r.cells.get(i))
                .filter(|c| !c.is_empty())
                .take(3)
                .map(|c| truncate(c))
                .collect(),
        })
        .collect();
    let layout = Layout {
        format: reader.format(),
        detected_encoding: reader.detected_encoding(),
        encoding: reader.encoding(),
        sheets: reader.sheets().to_vec(),
        sheet: reader.sheet().map(str::to_owned),
        kind: reader.kind(),
        columns,
        headers,
        mapping,
    };
    Ok((reader, layout))
}

/// Reads the file and hands its converted rows to `sink`, batch by batch,
/// in file order. `tick` is told how far reading is every few thousand rows
/// and returns `false` to stop it.
fn stream_rows(
    reader: FileReader<'_>,
    layout: &Layout,
    today: chrono::NaiveDate,
    tick: &mut dyn FnMut(&ReadProgress) -> bool,
    sink: &mut dyn FnMut(carebook_import::Converted) -> std::result::Result<(), ImportError>,
) -> Result<()> {
    let progress = reader.progress();
    let mut n = 0usize;
    let rows = reader.map(|row: std::result::Result<Row, ImportError>| {
        n += 1;
        if n.is_multiple_of(READ_TICK_ROWS) && !tick(&progress) {
            return Err(ImportError::Cancelled);
        }
        row
    });
    match convert_stream(&layout.headers, rows, &layout.mapping, today, CONVERT_BATCH, sink) {
        Ok(()) => Ok(()),
        Err(ImportError::Cancelled) => Err(cancelled_error()),
        Err(e) => Err(file_error(e)),
    }
}

/// The first pass: reads and validates every row, keeping only the keys
/// rows are grouped by (on disk) and the problems.
fn survey(file: &ImportFile, today: chrono::NaiveDate, tick: &mut dyn FnMut(&ReadProgress) -> bool) -> Result<Survey> {
    let (reader, layout) = layout(file)?;
    let scratch = Scratch::new()?;
    let mut problems = Problems::default();
    let (mut good, mut total, mut empty) = (0u32, 0u32, 0u32);
    let mut failed: Option<ApiError> = None;
    stream_rows(reader, &layout, today, tick, &mut |part| {
        total += (part.rows.len() + part.problems.len()) as u32 + part.empty_rows;
        empty += part.empty_rows;
        part.problems.into_iter().for_each(|p| problems.push(p));
        for row in &part.rows {
            for key in group_keys(row) {
                if let Err(e) = scratch.add_key(&key, good) {
                    failed = Some(e.into());
                    return Err(ImportError::Cancelled);
                }
            }
            good += 1;
        }
        Ok(())
    })
    .map_err(|e| failed.take().unwrap_or(e))?;
    let joins = scratch.groups()?;
    let mut last: HashMap<u32, u32> = HashMap::new();
    for (&row, &first) in &joins {
        let l = last.entry(first).or_insert(row);
        *l = (*l).max(row);
    }
    problems.trim();
    Ok(Survey { layout, joins, last, problems, good_rows: good, rows_total: total, empty_rows: empty })
}

fn truncate(s: &str) -> String {
    if s.chars().count() <= 60 { s.to_owned() } else { s.chars().take(59).chain(['…']).collect() }
}

/// Where a customer of the file goes.
enum Placement {
    New,
    /// Into a customer of the book: its id and name, how it matched, on what.
    Merge(CustomerId, String, &'static str, String),
    Problem(Vec<RowProblems>),
}

/// Matches customers of the file against the book as it was before the
/// import: by the customer code of CareBook's own export first, else by
/// phone and email. Customers the import creates come after `max_before`
/// and are never matched (rows of one customer were grouped already).
struct Matcher {
    by_code: bool,
    max_before: CustomerId,
    owners: Option<carebook_store::ContactOwners>,
    names: HashMap<CustomerId, String>,
}

impl Matcher {
    fn new(tx: &Tx<'_>, by_code: bool, good_rows: u32) -> Result<Matcher> {
        // A large file is matched against every phone and email of the book in
        // memory (which grows with the book, not the file); a small one with
        // two index lookups per customer.
        let owners = if good_rows >= 500 { Some(tx.import_contact_owners()?) } else { None };
        Ok(Matcher { by_code, max_before: tx.max_customer_id()?, owners, names: HashMap::new() })
    }

    fn name_of(&mut self, tx: &Tx<'_>, id: CustomerId) -> Result<String> {
        if let Some(n) = self.names.get(&id) {
            return Ok(n.clone());
        }
        let n = tx.customer_name(id)?;
        if self.names.len() < 100_000 {
            self.names.insert(id, n.clone());
        }
        Ok(n)
    }

    /// The customer of the book a CareBook export's customer code names, when
    /// it is the same person: the same name (folded), or a phone or the email
    /// in common. Another book's customer with the same number is not.
    fn same_customer(&self, tx: &Tx<'_>, code: &str, c: &ValidCustomer) -> Result<Option<(CustomerId, String)>> {
        let Ok(id) = code.trim().parse::<CustomerId>() else { return Ok(None) };
        if id > self.max_before {
            return Ok(None);
        }
        let existing = match tx.customer(id) {
            Ok(existing) => existing,
            Err(carebook_store::StoreError::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let same_name = fold(&existing.name) == fold(&c.name);
        let same_phone = existing.phones.iter().any(|p| c.phones.iter().any(|q| q.e164 == p.e164));
        let same_email = existing.email.is_some() && existing.email == c.email;
        Ok((same_name || same_phone || same_email).then_some((id, existing.name)))
    }

    fn owners_of(
        &mut self,
        tx: &Tx<'_>,
        phone: Option<&str>,
        email: Option<&str>,
    ) -> Result<Vec<(CustomerId, String)>> {
        let ids: Vec<CustomerId> = match (&self.owners, phone, email) {
            (Some(o), Some(p), _) => o.phones.get(p).cloned().unwrap_or_default(),
            (Some(o), None, Some(e)) => o.emails.get(e).cloned().unwrap_or_default(),
            (None, Some(p), _) => {
                return Ok(tx.customers_with_phone(p, None)?.into_iter().filter(|c| c.0 <= self.max_before).collect());
            }
            (None, None, Some(e)) => {
                return Ok(tx.customers_with_email(e, None)?.into_iter().filter(|c| c.0 <= self.max_before).collect());
            }
            (_, None, None) => Vec::new(),
        };
        ids.into_iter().map(|id| Ok((id, self.name_of(tx, id)?))).collect()
    }

    fn place(&mut self, tx: &Tx<'_>, g: &Group) -> Result<Placement> {
        let mut found: Vec<(CustomerId, String, &'static str, String)> = Vec::new();
        if self.by_code
            && let Some(code) = &g.code
            && let Some((id, name)) = self.same_customer(tx, code, &g.customer)?
        {
            return Ok(Placement::Merge(id, name, "code", code.clone()));
        }
        for phone in &g.customer.phones {
            for (id, name) in self.owners_of(tx, Some(&phone.e164), None)? {
                if !found.iter().any(|f| f.0 == id) {
                    found.push((id, name, "phone", phone.display.clone()));
                }
            }
        }
        if let Some(email) = &g.customer.email {
            for (id, name) in self.owners_of(tx, None, Some(email))? {
                if !found.iter().any(|f| f.0 == id) {
                    found.push((id, name, "email", email.clone()));
                }
            }
        }
        Ok(match found.len() {
            0 => Placement::New,
            1 => {
                let (id, name, by, value) = found.remove(0);
                Placement::Merge(id, name, by, value)
            }
            _ => {
                let names: Vec<String> = found.iter().map(|(id, name, _, _)| format!("#{id} {name}")).collect();
                let problems = g
                    .rows
                    .iter()
                    .map(|&row| RowProblems {
                        row,
                        name: g.customer.name.clone(),
                        problems: vec![Problem {
                            field: found[0].2.to_owned(),
                            code: "ambiguous_match".into(),
                            message: format!("matches several customers of the book: {}", names.join(", ")),
                            column: None,
                            value: found[0].3.clone(),
                        }],
                    })
                    .collect();
                Placement::Problem(problems)
            }
        })
    }
}

/// The second pass: reads the file again (on a thread of its own, while
/// the caller works), merges the rows of each group as they come (only
/// groups of several rows wait for their last row) and hands each customer
/// to `each` with where it goes. Problem rows of the first pass are left
/// out; rows that cannot join their group go to `problems`.
fn walk(
    file: &ImportFile,
    survey: &Survey,
    today: chrono::NaiveDate,
    tick: &mut dyn FnMut(u32) -> Result<()>,
    each: &mut dyn FnMut(Group, &mut Problems) -> Result<()>,
    problems: &mut Problems,
) -> Result<()> {
    let (reader, layout) = layout(file)?;
    if layout.headers != survey.layout.headers {
        return Err(file_error(ImportError::Io("the file changed while it was imported".into())));
    }
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel::<carebook_import::Converted>(1);
        let layout = &layout;
        let read = scope.spawn(move || {
            stream_rows(reader, layout, today, &mut |_| true, &mut |part| {
                send.send(part).map_err(|_| ImportError::Cancelled)
            })
        });
        let mut consume = |receive: std::sync::mpsc::Receiver<carebook_import::Converted>| -> Result<u32> {
            let mut pending: HashMap<u32, GroupBuilder> = HashMap::new();
            let mut good = 0u32;
            for part in receive {
                for row in part.rows {
                    let i = good;
                    good += 1;
                    if i.is_multiple_of(512) {
                        tick(i)?;
                    }
                    if let Some(first) = survey.joins.get(&i) {
                        let Some(builder) = pending.get_mut(first) else { continue };
                        if let Err(p) = builder.add(row) {
                            problems.push(p);
                        }
                        if survey.last.get(first) == Some(&i)
                            && let Some(builder) = pending.remove(first)
                        {
                            each(builder.finish(), problems)?;
                        }
                    } else if survey.last.contains_key(&i) {
                        pending.insert(i, GroupBuilder::new(row));
                    } else {
                        each(GroupBuilder::new(row).finish(), problems)?;
                    }
                }
            }
            Ok(good)
        };
        let consumed = consume(receive);
        let read = read.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let good = consumed?;
        read?;
        if good != survey.good_rows {
            return Err(file_error(ImportError::Io("the file changed while it was imported".into())));
        }
        Ok(())
    })
}

/// The preview rows of one customer of the file.
#[derive(Default)]
struct Sample {
    merges: Vec<ImportRowPreview>,
    duplicates: Vec<ImportRowPreview>,
    news: Vec<ImportRowPreview>,
}

fn keep_first(rows: &mut Vec<ImportRowPreview>, limit: usize) {
    if rows.len() >= 2 * limit {
        rows.sort_by_key(|r| r.row);
        rows.truncate(limit);
    }
}

impl Sample {
    fn row(row: u32, status: ImportRowStatus, c: &ValidCustomer) -> ImportRowPreview {
        ImportRowPreview {
            row,
            status,
            name: c.name.clone(),
            phone: first_phone(c),
            email: c.email.clone(),
            merge_into: None,
            duplicate_of: None,
            problems: Vec::new(),
        }
    }

    fn duplicates_of(&mut self, g: &Group) {
        for &d in &g.rows[1..] {
            let mut r = Sample::row(d, ImportRowStatus::Duplicate, &g.customer);
            r.duplicate_of = Some(g.rows[0]);
            self.duplicates.push(r);
        }
        keep_first(&mut self.duplicates, PREVIEW_ROWS_PER_STATUS);
    }

    fn rows(mut self, problems: &Problems) -> Vec<ImportRowPreview> {
        for (rows, limit) in [
            (&mut self.merges, PREVIEW_ROWS_PER_STATUS),
            (&mut self.duplicates, PREVIEW_ROWS_PER_STATUS),
            (&mut self.news, PREVIEW_NEW_ROWS),
        ] {
            rows.sort_by_key(|r| r.row);
            rows.truncate(limit);
        }
        let mut out: Vec<ImportRowPreview> = problems
            .first
            .iter()
            .map(|p| ImportRowPreview {
                row: p.row,
                status: ImportRowStatus::Problem,
                name: p.name.clone(),
                phone: None,
                email: None,
                merge_into: None,
                duplicate_of: None,
                problems: p.problems.clone(),
            })
            .collect();
        out.extend(self.merges);
        out.extend(self.duplicates);
        out.extend(self.news);
        out
    }
}

fn first_phone(c: &ValidCustomer) -> Option<String> {
    c.phones.first().map(|p| p.display.clone())
}

fn problems_error(problems: &Problems) -> ApiError {
    let mut message =
        format!("{} row(s) have problems; fix them or choose to leave them out. Nothing was imported.", problems.count);
    for p in problems.first.iter().take(5) {
        for q in &p.problems {
            message.push_str(&format!("\n  row {}: {} ({})", p.row, q.message, q.field));
        }
    }
    vec![FieldError { field: "rows".into(), code: "import_has_problems".into(), message }].into()
}

fn nothing_error() -> ApiError {
    vec![FieldError {
        field: "file".into(),
        code: "import_nothing".into(),
        message: "the file has no row that can be imported".into(),
    }]
    .into()
}

fn cancelled_error() -> ApiError {
    ApiError::conflict("the import was cancelled; nothing was written")
}

impl Api {
    /// What importing the file would do. Writes nothing.
    pub fn import_preview(&self, args: ImportFileArgs) -> Result<ImportPreview> {
        self.import_preview_file(&self.import_file(args)?)
    }

    /// Reads the file twice (keys, then customers) and matches it against
    /// the book under a read transaction; the file's rows are not held.
    pub fn import_preview_file(&self, file: &ImportFile) -> Result<ImportPreview> {
        let today = self.today();
        let mut survey = survey(file, today, &mut |_| true)?;
        let by_code = survey.layout.kind == FileKind::CarebookExport;
        let mut problems = std::mem::take(&mut survey.problems);
        let mut counts = ImportCounts {
            rows: survey.rows_total - survey.empty_rows,
            empty: survey.empty_rows,
            ..Default::default()
        };
        let mut sample = Sample::default();
        self.read(|tx| {
            let mut matcher = Matcher::new(tx, by_code, survey.good_rows)?;
            let mut merged: std::collections::HashSet<CustomerId> = Default::default();
            walk(
                file,
                &survey,
                today,
                &mut |_| Ok(()),
                &mut |g, problems| {
                    match matcher.place(tx, &g)? {
                        Placement::New => {
                            counts.new += 1;
                            counts.customers_created += 1;
                            counts.duplicate += g.rows.len() as u32 - 1;
                            counts.purchases += g.purchases.len() as u32;
                            if sample.news.len() < PREVIEW_NEW_ROWS {
                                sample.news.push(Sample::row(g.rows[0], ImportRowStatus::New, &g.customer));
                            }
                            sample.duplicates_of(&g);
                        }
                        Placement::Merge(id, name, matched_by, value) => {
                            counts.merge += 1;
                            counts.duplicate += g.rows.len() as u32 - 1;
                            counts.purchases += g.purchases.len() as u32;
                            if merged.insert(id) {
                                counts.customers_merged += 1;
                            }
                            if sample.merges.len() < 2 * PREVIEW_ROWS_PER_STATUS {
                                let before = ValidCustomer::from(&tx.customer(id)?);
                                let mut after = before.clone();
                                let note = merge_customer(&mut after, &g.customer, MergedNotes::KeepExisting);
                                let mut r = Sample::row(g.rows[0], ImportRowStatus::Merge, &g.customer);
                                r.merge_into = Some(ImportMergeTarget {
                                    customer_id: id,
                                    customer_name: name,
                                    matched_by: matched_by.to_owned(),
                                    value,
                                    changes: changes(&before, &after),
                                    purchases: g.purchases.len() as u32,
                                    note,
                                });
                                sample.merges.push(r);
                            }
                            sample.duplicates_of(&g);
                        }
                        Placement::Problem(ps) => ps.into_iter().for_each(|p| problems.push(p)),
                    }
                    Ok(())
                },
                &mut problems,
            )
        })?;
        problems.trim();
        counts.problem = problems.count;
        let layout = survey.layout;
        Ok(ImportPreview {
            file_name: file.name.clone(),
            format: layout.format,
            detected_encoding: layout.detected_encoding,
            encoding: layout.encoding,
            sheets: layout.sheets,
            sheet: layout.sheet,
            kind: layout.kind,
            counts,
            rows: sample.rows(&problems),
            columns: layout.columns,
        })
    }

    /// Imports the file in one transaction, reporting progress to
    /// [`Api::import_progress`]; [`Api::import_cancel`] stops it.
    pub fn import_commit(&self, args: ImportCommitArgs) -> Result<ImportResult> {
        let skip = args.skip_problem_rows;
        let upload = args.file.upload.clone();
        let file = self.import_file(args.file)?;
        self.import.cancel.store(false, Ordering::SeqCst);
        self.import.set(ImportProgress { running: true, phase: ImportPhase::Reading, done: 0, total: 1 });
        let result = self.import_commit_with(&file, skip, |p| {
            self.import.set(p);
            !self.import.cancel.load(Ordering::SeqCst)
        });
        let done = self.import.progress.lock().map(|p| *p).unwrap_or_default();
        self.import.set(ImportProgress { running: false, phase: ImportPhase::Done, ..done });
        // An imported upload has served its purpose.
        if let (Ok(_), Some(token)) = (&result, upload) {
            self.upload_remove(&token);
        }
        result
    }

    /// The commit with its own progress callback: it gets each step and
    /// returns `false` to cancel (everything is rolled back).
    ///
    /// The file is read twice: first for the keys its rows are grouped by
    /// (phones, emails, codes, kept in a scratch database on disk) and its
    /// problems, then again to write each customer as its last row comes.
    /// Memory holds one batch of rows, the groups of several rows still
    /// open and the book's contacts, never the file.
    pub fn import_commit_with(
        &self,
        file: &ImportFile,
        skip_problem_rows: bool,
        mut progress: impl FnMut(ImportProgress) -> bool,
    ) -> Result<ImportResult> {
        let report = |progress: &mut dyn FnMut(ImportProgress) -> bool, phase, done: usize, total: usize| {
            let p = ImportProgress { running: true, phase, done: done as u32, total: total as u32 };
            if progress(p) { Ok(()) } else { Err(cancelled_error()) }
        };
        report(&mut progress, ImportPhase::Reading, 0, 1)?;
        let today = self.today();
        // Reading reports KiB of the file read.
        let mut survey = survey(file, today, &mut |read| {
            let kib = |b: u64| u32::try_from(b / 1024).unwrap_or(u32::MAX);
            let p = ImportProgress {
                running: true,
                phase: ImportPhase::Reading,
                done: kib(read.bytes_read()),
                total: kib(read.total_bytes()),
            };
            progress(p)
        })?;
        if survey.problems.count > 0 && !skip_problem_rows {
            return Err(problems_error(&survey.problems));
        }
        let now = self.now();
        let good_rows = survey.good_rows as usize;
        let format = survey.layout.format;
        let by_code = survey.layout.kind == FileKind::CarebookExport;
        let rows = survey.rows_total - survey.empty_rows;
        let mut problems = std::mem::take(&mut survey.problems);
        report(&mut progress, ImportPhase::Checking, 0, 1)?;

        let mut store = self.write();
        // Pages written stay in memory up to a fixed amount, whatever the file.
        let cache = store.read().cache_kib()?;
        let wanted = (good_rows as i64).clamp(0, IMPORT_CACHE_KIB);
        if wanted > cache {
            store.read().set_cache_kib(wanted)?;
        }
        let result = store.transaction(|tx| {
            let mut matcher = Matcher::new(tx, by_code, survey.good_rows)?;
            let mut writer = tx.import_begin(&file.name, format.as_str(), 0, now)?;
            let mut counts = ImportCounts { rows, empty: survey.empty_rows, ..Default::default() };
            let mut merged: std::collections::HashSet<CustomerId> = Default::default();
            walk(
                file,
                &survey,
                today,
                &mut |n| report(&mut progress, ImportPhase::Writing, n as usize, good_rows),
                &mut |g, problems| {
                    match matcher.place(tx, &g)? {
                        Placement::New => {
                            counts.new += 1;
                            counts.customers_created += 1;
                            counts.duplicate += g.rows.len() as u32 - 1;
                            let id = writer.create_customer(&g.customer)?;
                            for (_, p) in &g.purchases {
                                writer.add_purchase(id, p.date, p.amount_vnd, p.items.as_deref())?;
                                counts.purchases += 1;
                            }
                        }
                        Placement::Merge(id, _, _, _) => {
                            counts.merge += 1;
                            counts.duplicate += g.rows.len() as u32 - 1;
                            if merged.insert(id) {
                                counts.customers_merged += 1;
                            }
                            let before = tx.customer(id)?;
                            let mut after = ValidCustomer::from(&before);
                            let note = merge_customer(&mut after, &g.customer, MergedNotes::KeepExisting);
                            writer.merge_customer(id, &after)?;
                            self.audit_customer(tx, AuditAction::Update, id, Some(&before))?;
                            for (_, p) in &g.purchases {
                                writer.add_purchase(id, p.date, p.amount_vnd, p.items.as_deref())?;
                                counts.purchases += 1;
                            }
                            if let Some(note) = note {
                                writer.add_note(id, &note)?;
                            }
                        }
                        Placement::Problem(ps) => ps.into_iter().for_each(|p| problems.push(p)),
                    }
                    Ok(())
                },
                &mut problems,
            )?;
            problems.trim();
            counts.problem = problems.count;
            if problems.count > 0 && !skip_problem_rows {
                return Err(problems_error(&problems));
            }
            if counts.new == 0 && counts.merge == 0 {
                return Err(nothing_error());
            }
            writer.set_rows_total(i64::from(counts.rows - counts.problem));
            let batch = writer.finish()?;
            self.audit(
                tx,
                AuditEvent {
                    action: AuditAction::Import,
                    entity: AuditEntity::Import,
                    entity_id: Some(batch.id),
                    customer_id: None,
                    summary: format!(
                        "{}: {} customers created, {} merged, {} purchases",
                        file.name, batch.customers_created, batch.customers_merged, batch.purchases_created
                    ),
                    changes: Vec::new(),
                },
            )?;
            report(&mut progress, ImportPhase::Writing, good_rows, good_rows)?;
            Ok(ImportResult { batch, skipped_rows: counts.problem, counts })
        });
        if wanted > cache {
            store.read().set_cache_kib(cache)?;
        }
        result
    }

    /// How far the running import is (takes no lock on the book).
    pub fn import_progress(&self) -> Result<ImportProgress> {
        Ok(self.import.progress.lock().map(|p| *p).unwrap_or_default())
    }

    /// Asks the running import to stop; it rolls back and writes nothing.
    pub fn import_cancel(&self) -> Result<crate::Empty> {
        self.import.cancel.store(true, Ordering::SeqCst);
        Ok(crate::Empty {})
    }

    /// Reverts the newest import that has not been undone, in one transaction.
    /// Refused (code `conflict`, field code `import_changed_since`) when
    /// customers of the import were changed since, unless `force`.
    pub fn import_undo_last(&self, args: ImportUndoArgs) -> Result<ImportUndoResult> {
        let now = self.now();
        self.write().transaction(|tx| {
            let Some(batch) = tx.last_import_batch()? else {
                return Err(ApiError::not_found("there is no import to undo"));
            };
            let changed = tx.import_changed_since(&batch)?;
            if !changed.is_empty() && !args.force {
                let names: Vec<String> = changed.iter().map(|(id, name)| format!("#{id} {name}")).collect();
                let mut e = ApiError::conflict(format!(
                    "customers of this import were changed after it: {}; undoing it would lose those changes",
                    names.join(", ")
                ));
                e.fields.push(FieldError {
                    field: "import".into(),
                    code: "import_changed_since".into(),
                    message: e.message.clone(),
                });
                return Err(e);
            }
            let undone = tx.import_undo(batch.id, now)?;
            self.audit(
                tx,
                AuditEvent {
                    action: AuditAction::ImportUndo,
                    entity: AuditEntity::Import,
                    entity_id: Some(batch.id),
                    customer_id: None,
                    summary: format!(
                        "{}: {} customers deleted, {} restored",
                        batch.source_name, undone.customers_deleted, undone.customers_restored
                    ),
                    changes: Vec::new(),
                },
            )?;
            Ok(ImportUndoResult {
                batch: tx.import_batch(batch.id)?,
                customers_deleted: undone.customers_deleted,
                customers_restored: undone.customers_restored,
                purchases_deleted: undone.purchases_deleted,
                notes_deleted: undone.notes_deleted,
            })
        })
    }

    /// The imports of this book, newest first.
    pub fn import_batches(&self) -> Result<ImportBatchList> {
        Ok(ImportBatchList { batches: self.read(|tx| Ok(tx.import_batches(100)?))? })
    }
}

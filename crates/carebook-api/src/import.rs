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
    Field, FileFormat, FileKind, FileReader, Group, ImportError, ImportPurchase, MergedNotes, Problem, ReadOptions,
    ReadProgress, Row, RowProblems, TextEncoding, convert_rows, group_rows, open_bytes, open_path,
};
use carebook_store::Tx;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Api, ApiError, AuditEvent, Result};

/// How many rows of each kind a preview lists (the counts cover them all).
pub const PREVIEW_ROWS_PER_STATUS: usize = 200;
/// How many new rows a preview shows as a sample.
pub const PREVIEW_NEW_ROWS: usize = 50;

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

/// The file, read and validated, before the book is consulted. The file
/// itself is not kept: its rows were streamed through the validation.
struct Parsed {
    format: FileFormat,
    detected_encoding: Option<TextEncoding>,
    encoding: Option<TextEncoding>,
    sheets: Vec<String>,
    sheet: Option<String>,
    kind: FileKind,
    columns: Vec<ImportColumn>,
    groups: Vec<Group>,
    problems: Vec<RowProblems>,
    rows_total: u32,
    empty_rows: u32,
}

/// Rows read between two progress reports while a file is read.
const READ_TICK_ROWS: usize = 4096;

/// Reads and validates the file, row by row. `tick` is told how far reading
/// is every few thousand rows and returns `false` to stop it.
fn parse(file: &ImportFile, today: chrono::NaiveDate, tick: &mut dyn FnMut(&ReadProgress) -> bool) -> Result<Parsed> {
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
    let (format, detected_encoding, encoding) = (reader.format(), reader.detected_encoding(), reader.encoding());
    let (sheets, sheet, kind) = (reader.sheets().to_vec(), reader.sheet().map(str::to_owned), reader.kind());
    let progress = reader.progress();
    let mut n = 0usize;
    let rows = reader.map(|row: std::result::Result<Row, ImportError>| {
        n += 1;
        if n.is_multiple_of(READ_TICK_ROWS) && !tick(&progress) {
            return Err(ImportError::Cancelled);
        }
        row
    });
    let converted = match convert_rows(&headers, rows, &mapping, today) {
        Ok(c) => c,
        Err(ImportError::Cancelled) => return Err(cancelled_error()),
        Err(e) => return Err(file_error(e)),
    };
    let rows_total = (converted.rows.len() + converted.problems.len()) as u32 + converted.empty_rows;
    let empty_rows = converted.empty_rows;
    let mut problems = converted.problems;
    let grouped = group_rows(converted.rows);
    problems.extend(grouped.problems);
    problems.sort_by_key(|p| p.row);
    Ok(Parsed {
        format,
        detected_encoding,
        encoding,
        sheets,
        sheet,
        kind,
        columns,
        groups: grouped.groups,
        problems,
        rows_total,
        empty_rows,
    })
}

fn truncate(s: &str) -> String {
    if s.chars().count() <= 60 { s.to_owned() } else { s.chars().take(59).chain(['…']).collect() }
}

/// A customer the import creates.
struct NewCustomer {
    group: Group,
}

/// An existing customer the import merges rows into.
struct MergePlan {
    id: CustomerId,
    name: String,
    matched_by: &'static str,
    value: String,
    before: ValidCustomer,
    merged: ValidCustomer,
    /// Texts kept as history notes.
    notes: Vec<String>,
    purchases: Vec<(u32, ImportPurchase)>,
    /// Groups of the file merged into this customer.
    groups: Vec<Group>,
}

struct Plan {
    news: Vec<NewCustomer>,
    merges: Vec<MergePlan>,
    problems: Vec<RowProblems>,
}

/// The customer of the book a CareBook export's customer code names, when
/// it is the same person: the same name (folded), or a phone or the email
/// in common. Another book's customer with the same number is not.
fn same_customer(tx: &Tx<'_>, code: &str, c: &ValidCustomer) -> Result<Option<(CustomerId, String)>> {
    let Ok(id) = code.trim().parse::<CustomerId>() else { return Ok(None) };
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

/// Matches each group against the book: by the customer code of CareBook's
/// own export first (`by_code`), else by phone and email.
fn plan(
    tx: &Tx<'_>,
    groups: Vec<Group>,
    mut problems: Vec<RowProblems>,
    by_code: bool,
    mut tick: impl FnMut(u32),
) -> Result<Plan> {
    let mut news = Vec::new();
    let mut merges: Vec<MergePlan> = Vec::new();
    let mut merge_of: HashMap<CustomerId, usize> = HashMap::new();
    // A large file is matched against every phone and email of the book in
    // memory; a small one with two index lookups per customer.
    let owners = if groups.len() >= 500 { Some(tx.import_contact_owners()?) } else { None };
    let mut names: HashMap<CustomerId, String> = HashMap::new();
    let mut name_of = |id: CustomerId| -> Result<String> {
        if let Some(n) = names.get(&id) {
            return Ok(n.clone());
        }
        let n = tx.customer_name(id)?;
        names.insert(id, n.clone());
        Ok(n)
    };
    for (n, g) in groups.into_iter().enumerate() {
        tick(n as u32);
        let mut found: Vec<(CustomerId, String, &'static str, String)> = Vec::new();
        if by_code
            && let Some(code) = &g.code
            && let Some((id, name)) = same_customer(tx, code, &g.customer)?
        {
            found.push((id, name, "code", code.clone()));
        }
        let matched_by_code = !found.is_empty();
        for phone in g.customer.phones.iter().filter(|_| !matched_by_code) {
            let ids: Vec<(CustomerId, String)> = match &owners {
                Some(o) => match o.phones.get(&phone.e164) {
                    Some(ids) => ids.iter().map(|&id| Ok((id, name_of(id)?))).collect::<Result<_>>()?,
                    None => Vec::new(),
                },
                None => tx.customers_with_phone(&phone.e164, None)?,
            };
            for (id, name) in ids {
                if !found.iter().any(|f| f.0 == id) {
                    found.push((id, name, "phone", phone.display.clone()));
                }
            }
        }
        if let Some(email) = g.customer.email.as_ref().filter(|_| !matched_by_code) {
            let ids: Vec<(CustomerId, String)> = match &owners {
                Some(o) => match o.emails.get(email) {
                    Some(ids) => ids.iter().map(|&id| Ok((id, name_of(id)?))).collect::<Result<_>>()?,
                    None => Vec::new(),
                },
                None => tx.customers_with_email(email, None)?,
            };
            for (id, name) in ids {
                if !found.iter().any(|f| f.0 == id) {
                    found.push((id, name, "email", email.clone()));
                }
            }
        }
        match found.len() {
            0 => news.push(NewCustomer { group: g }),
            1 => {
                let (id, name, matched_by, value) = found.remove(0);
                let index = match merge_of.get(&id) {
                    Some(&i) => i,
                    None => {
                        let before = ValidCustomer::from(&tx.customer(id)?);
                        merges.push(MergePlan {
                            id,
                            name,
                            matched_by,
                            value,
                            merged: before.clone(),
                            before,
                            notes: Vec::new(),
                            purchases: Vec::new(),
                            groups: Vec::new(),
                        });
                        merge_of.insert(id, merges.len() - 1);
                        merges.len() - 1
                    }
                };
                let m = &mut merges[index];
                if let Some(note) = merge_customer(&mut m.merged, &g.customer, MergedNotes::KeepExisting)
                    && !m.notes.contains(&note)
                {
                    m.notes.push(note);
                }
                m.purchases.extend(g.purchases.iter().cloned());
                m.groups.push(g);
            }
            _ => {
                let names: Vec<String> = found.iter().map(|(id, name, _, _)| format!("#{id} {name}")).collect();
                for &row in &g.rows {
                    problems.push(RowProblems {
                        row,
                        name: g.customer.name.clone(),
                        problems: vec![Problem {
                            field: found[0].2.to_owned(),
                            code: "ambiguous_match".into(),
                            message: format!("matches several customers of the book: {}", names.join(", ")),
                            column: None,
                            value: found[0].3.clone(),
                        }],
                    });
                }
            }
        }
    }
    problems.sort_by_key(|p| p.row);
    Ok(Plan { news, merges, problems })
}

fn counts(rows_total: u32, empty_rows: u32, plan: &Plan) -> ImportCounts {
    let mut c = ImportCounts {
        rows: rows_total - empty_rows,
        empty: empty_rows,
        problem: plan.problems.len() as u32,
        customers_created: plan.news.len() as u32,
        customers_merged: plan.merges.len() as u32,
        ..Default::default()
    };
    for n in &plan.news {
        c.new += 1;
        c.duplicate += n.group.rows.len() as u32 - 1;
        c.purchases += n.group.purchases.len() as u32;
    }
    for m in &plan.merges {
        for g in &m.groups {
            c.merge += 1;
            c.duplicate += g.rows.len() as u32 - 1;
        }
        c.purchases += m.purchases.len() as u32;
    }
    c
}

fn first_phone(c: &ValidCustomer) -> Option<String> {
    c.phones.first().map(|p| p.display.clone())
}

fn preview_rows(plan: &Plan) -> Vec<ImportRowPreview> {
    let row = |row: u32, status, c: &ValidCustomer| ImportRowPreview {
        row,
        status,
        name: c.name.clone(),
        phone: first_phone(c),
        email: c.email.clone(),
        merge_into: None,
        duplicate_of: None,
        problems: Vec::new(),
    };
    let problems: Vec<ImportRowPreview> = plan
        .problems
        .iter()
        .take(PREVIEW_ROWS_PER_STATUS)
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
    let mut merges = Vec::new();
    let mut duplicates = Vec::new();
    let mut news = Vec::new();
    for m in &plan.merges {
        let target = ImportMergeTarget {
            customer_id: m.id,
            customer_name: m.name.clone(),
            matched_by: m.matched_by.to_owned(),
            value: m.value.clone(),
            changes: changes(&m.before, &m.merged),
            purchases: m.purchases.len() as u32,
            note: (!m.notes.is_empty()).then(|| m.notes.join("\n")),
        };
        for g in &m.groups {
            let mut r = row(g.rows[0], ImportRowStatus::Merge, &g.customer);
            r.merge_into = Some(target.clone());
            merges.push(r);
            for &d in &g.rows[1..] {
                let mut r = row(d, ImportRowStatus::Duplicate, &g.customer);
                r.duplicate_of = Some(g.rows[0]);
                duplicates.push(r);
            }
        }
    }
    for n in &plan.news {
        let g = &n.group;
        news.push(row(g.rows[0], ImportRowStatus::New, &g.customer));
        for &d in &g.rows[1..] {
            let mut r = row(d, ImportRowStatus::Duplicate, &g.customer);
            r.duplicate_of = Some(g.rows[0]);
            duplicates.push(r);
        }
    }
    merges.sort_by_key(|r| r.row);
    duplicates.sort_by_key(|r| r.row);
    news.sort_by_key(|r| r.row);
    let mut out = problems;
    out.extend(merges.into_iter().take(PREVIEW_ROWS_PER_STATUS));
    out.extend(duplicates.into_iter().take(PREVIEW_ROWS_PER_STATUS));
    out.extend(news.into_iter().take(PREVIEW_NEW_ROWS));
    out
}

fn problems_error(problems: &[RowProblems]) -> ApiError {
    let mut message =
        format!("{} row(s) have problems; fix them or choose to leave them out. Nothing was imported.", problems.len());
    for p in problems.iter().take(5) {
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

    pub fn import_preview_file(&self, file: &ImportFile) -> Result<ImportPreview> {
        let p = parse(file, self.today(), &mut |_| true)?;
        let by_code = p.kind == FileKind::CarebookExport;
        let plan = self.read(|tx| plan(tx, p.groups, p.problems, by_code, |_| {}))?;
        Ok(ImportPreview {
            file_name: file.name.clone(),
            format: p.format,
            detected_encoding: p.detected_encoding,
            encoding: p.encoding,
            sheets: p.sheets,
            sheet: p.sheet,
            kind: p.kind,
            counts: counts(p.rows_total, p.empty_rows, &plan),
            rows: preview_rows(&plan),
            columns: p.columns,
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
        // Reading reports KiB of the file read.
        let parsed = parse(file, self.today(), &mut |read| {
            let kib = |b: u64| u32::try_from(b / 1024).unwrap_or(u32::MAX);
            let p = ImportProgress {
                running: true,
                phase: ImportPhase::Reading,
                done: kib(read.bytes_read()),
                total: kib(read.total_bytes()),
            };
            progress(p)
        })?;
        let now = self.now();
        let total_groups = parsed.groups.len();
        let format = parsed.format;
        let by_code = parsed.kind == FileKind::CarebookExport;
        let (rows_total, empty_rows) = (parsed.rows_total, parsed.empty_rows);
        report(&mut progress, ImportPhase::Checking, 0, total_groups)?;

        let mut store = self.write();
        // About 1 KiB of pages per row written: keep them in memory (within reason).
        let cache = store.read().cache_kib()?;
        let wanted = (total_groups as i64).clamp(0, 400_000);
        if wanted > cache {
            store.read().set_cache_kib(wanted)?;
        }
        let result = store.transaction(|tx| {
            let mut cancelled = false;
            let plan = plan(tx, parsed.groups, parsed.problems, by_code, |n| {
                if n % 1024 == 0 && !cancelled {
                    cancelled = report(&mut progress, ImportPhase::Checking, n as usize, total_groups).is_err();
                }
            })?;
            if cancelled {
                return Err(cancelled_error());
            }
            let counts = counts(rows_total, empty_rows, &plan);
            if !plan.problems.is_empty() && !skip_problem_rows {
                return Err(problems_error(&plan.problems));
            }
            if plan.news.is_empty() && plan.merges.is_empty() {
                return Err(nothing_error());
            }
            let total = plan.news.len() + plan.merges.len();
            let good_rows = counts.rows - counts.problem;
            let mut writer = tx.import_begin(&file.name, format.as_str(), i64::from(good_rows), now)?;
            for (n, new) in plan.news.iter().enumerate() {
                if n % 512 == 0 {
                    report(&mut progress, ImportPhase::Writing, n, total)?;
                }
                let id = writer.create_customer(&new.group.customer)?;
                for (_, p) in &new.group.purchases {
                    writer.add_purchase(id, p.date, p.amount_vnd, p.items.as_deref())?;
                }
            }
            for (n, m) in plan.merges.iter().enumerate() {
                if n % 512 == 0 {
                    report(&mut progress, ImportPhase::Writing, plan.news.len() + n, total)?;
                }
                let before = tx.customer(m.id)?;
                writer.merge_customer(m.id, &m.merged)?;
                self.audit_customer(tx, AuditAction::Update, m.id, Some(&before))?;
                for (_, p) in &m.purchases {
                    writer.add_purchase(m.id, p.date, p.amount_vnd, p.items.as_deref())?;
                }
                for note in &m.notes {
                    writer.add_note(m.id, note)?;
                }
            }
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
            report(&mut progress, ImportPhase::Writing, total, total)?;
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

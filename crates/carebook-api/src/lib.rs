//! carebook-api: the one API surface of CareBook.
//!
//! The desktop shell, the loopback HTTP server and the CLI all call [`Api`]:
//! either its typed methods or [`Api::dispatch`], which maps a command name
//! and JSON arguments to a method. This is the boundary layer: only here do
//! values become JSON, and only here do errors become `{code, message}`.

mod audit;
pub mod backup;
pub mod book;
pub mod calendar;
mod care;
mod clock;
pub mod commands;
mod error;
mod export;
mod files;
mod import;
pub mod jobs;
mod kiosk;
pub mod logo;
mod loyalty;
mod measures;
pub mod paths;
mod privacy;
pub mod reminders;
pub mod reports;
mod types;
mod uploads;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use carebook_core::{
    AuditAction, Customer, CustomerId, DuplicateWarning, Note, Purchase, Staff, StaffId, TimelineItem, ValidCustomer,
    normalize_email, normalize_phone,
};
use carebook_demo::{DemoConfig, DemoStats};
use carebook_store::{ListQuery, ReadPool, Settings, Store, Tx};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use ts_rs::TS;

pub use audit::{AuditEvent, AuditList, AuditListArgs, Session, SetActor, default_actor};
pub use calendar::{
    Agenda, AgendaArgs, AgendaDay, AgendaExport, BirthdayOccurrence, CareLine, DateArgs, FinishTask, GenerateReport,
    LunarDay, MoveTask, PlanList, PreviewTemplate, SavePlan, SaveTemplate, SchedulePreview, SchedulePreviewArgs,
    TaskCsat, TaskCsatResult, TaskList, TaskListArgs, TemplateList, TemplatePreview, TodayArgs, TodayList,
};
pub use care::{
    AddFeedback, CareTaskView, CustomerCare, RequestChanged, ResolveRequest, SaveCareTask, SaveRequest, TransferRequest,
};
pub use clock::{Clock, FixedClock, SystemClock};
pub use commands::{Access, COMMANDS, Command};
pub use error::{ApiError, ErrorCode};
pub use export::{
    CsvDelimiter, DatasetCount, ExportArgs, ExportFormat, ExportResult, ExportSuggestArgs, SuggestedPath,
};
pub use import::{
    ImportBatchList, ImportColumn, ImportCommitArgs, ImportCounts, ImportFile, ImportFileArgs, ImportMergeTarget,
    ImportPhase, ImportPreview, ImportProgress, ImportResult, ImportRowPreview, ImportRowStatus, ImportUndoArgs,
    ImportUndoResult, PREVIEW_ROWS_PER_STATUS,
};
pub use kiosk::{KioskPin, KioskPinSet, KioskStatus, KioskUnlock};
pub use logo::{LogoFileArgs, LogoImage, ShopLogo};
pub use loyalty::{LoyaltyView, PointsChange};
pub use measures::{
    AtRiskArgs, AtRiskList, AtRiskRow, AtRiskTask, DashboardResult, DrillArgs, DrillResult, DrillRow, MeasuresResult,
    RangeArgs, RiskReasonView, ServiceLevelView, StaffName, TrendArgs,
};
pub use privacy::{CustomerData, CustomerExportArgs, CustomerExportFormat, EraseArgs, Erased, ExportedFile, TableRows};
pub use reminders::Reminder;
pub use types::*;

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

/// How many customers the desktop's first-run demo shop has.
pub const FIRST_RUN_DEMO_CUSTOMERS: u32 = 300;
pub const FIRST_RUN_DEMO_SEED: u64 = 2026;

/// The API over one open customer book.
///
/// Methods block on SQLite: front ends call them off their UI thread.
/// One connection behind a mutex serves every caller; no lock is held
/// across an `.await` because nothing here is async.
pub struct Api {
    /// The one write connection: writes take turns on it.
    writer: Mutex<Store>,
    /// Read connections: reads never wait for the writer. Replaced when the
    /// book moves to another file.
    readers: RwLock<Arc<ReadPool>>,
    /// Where the desktop remembers a moved book (see [`backup`]).
    location_file: std::sync::OnceLock<PathBuf>,
    clock: Box<dyn Clock>,
    /// Who the audit log names for changes (see [`Api::session_set_actor`]).
    actor: Mutex<String>,
    /// Progress and cancellation of a running import (see [`Api::import_progress`]).
    import: import::ImportState,
    /// Progress and cancellation of a document being printed (see [`Api::report_progress`]).
    print: reports::cards::PrintState,
    /// Files uploaded by the browser mode (see [`Api::upload_create`]).
    uploads: uploads::Uploads,
    /// Writes committed (or attempted) through [`Api::write`]: a cache of
    /// rows read from the book is valid while this does not move.
    write_generation: AtomicU64,
    /// The rows the measures read, kept while the book does not change.
    measure_cache: measures::MeasureCache,
    /// Set when a setting the scheduler reads changed: it runs its jobs at
    /// once instead of at the next tick (see [`jobs::spawn`]).
    jobs_wake: AtomicBool,
}

/// The write connection, held; counts a write when let go.
pub(crate) struct WriteGuard<'a> {
    store: MutexGuard<'a, Store>,
    generation: &'a AtomicU64,
}

impl std::ops::Deref for WriteGuard<'_> {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl std::ops::DerefMut for WriteGuard<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.store
    }
}

impl Drop for WriteGuard<'_> {
    fn drop(&mut self) {
        // After the write committed (or rolled back), before the lock is released.
        self.generation.fetch_add(1, Ordering::AcqRel);
    }
}

impl std::fmt::Debug for Api {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Api").finish_non_exhaustive()
    }
}

/// What to do when there is no book at the path being opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IfMissing {
    /// Refuse: reading a mistyped path must not leave an empty book behind.
    #[default]
    Refuse,
    /// Make a new, empty book (an explicit "create").
    CreateEmpty,
    /// Make a new book filled with a demo shop (the desktop's first run).
    CreateDemo,
}

/// How to open a book.
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    pub if_missing: IfMissing,
}

impl OpenOptions {
    /// Creates an empty book when there is none.
    pub fn create() -> OpenOptions {
        OpenOptions { if_missing: IfMissing::CreateEmpty }
    }

    /// Creates a demo shop when there is no book.
    pub fn demo() -> OpenOptions {
        OpenOptions { if_missing: IfMissing::CreateDemo }
    }
}

/// One step of opening a book, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "stage")]
pub enum Opening {
    /// Upgrading the file's schema: step `step` of `steps`.
    Migrating { step: u32, steps: u32 },
    /// Writing the demo shop of a first run.
    Demo,
}

impl Api {
    pub fn open(path: impl AsRef<Path>, options: OpenOptions) -> Result<Api> {
        Api::open_with_clock(path, options, Box::new(SystemClock))
    }

    pub fn open_with_clock(path: impl AsRef<Path>, options: OpenOptions, clock: Box<dyn Clock>) -> Result<Api> {
        Api::open_with_progress(path, options, clock, &mut |_| {})
    }

    /// Opens the book at `path`, telling `progress` what takes time (a schema
    /// upgrade of a large book, the first run's demo shop).
    pub fn open_with_progress(
        path: impl AsRef<Path>,
        options: OpenOptions,
        clock: Box<dyn Clock>,
        progress: &mut dyn FnMut(Opening),
    ) -> Result<Api> {
        let path = path.as_ref();
        let store = if path.exists() {
            Store::open_with_progress(path, &mut |m| {
                progress(Opening::Migrating { step: m.step as u32, steps: m.steps as u32 })
            })?
        } else {
            match options.if_missing {
                IfMissing::Refuse => {
                    return Err(carebook_store::StoreError::Missing { path: path.to_path_buf() }.into());
                }
                IfMissing::CreateEmpty => Store::create(path)?,
                IfMissing::CreateDemo => {
                    progress(Opening::Demo);
                    let mut store = Store::create(path)?;
                    let config = DemoConfig {
                        customers: FIRST_RUN_DEMO_CUSTOMERS,
                        seed: FIRST_RUN_DEMO_SEED,
                        today: clock.now().date(),
                    };
                    carebook_demo::generate(&mut store, config, |_| {})?;
                    store
                }
            }
        };
        let readers = RwLock::new(Arc::new(store.read_pool()));
        let api = Api {
            writer: Mutex::new(store),
            readers,
            clock,
            location_file: Default::default(),
            actor: Mutex::new(default_actor()),
            import: Default::default(),
            print: Default::default(),
            uploads: Default::default(),
            write_generation: AtomicU64::new(0),
            measure_cache: Default::default(),
            jobs_wake: AtomicBool::new(false),
        };
        // The default care plans and templates, once per book.
        let (today, now) = (api.today(), api.now());
        api.write().transaction(|tx| api.seed_care_defaults(tx, today, now))?;
        Ok(api)
    }

    /// The write connection, once no other write holds it.
    fn write(&self) -> WriteGuard<'_> {
        // A panic while holding the lock cannot leave SQLite half-written
        // (transactions roll back), so a poisoned lock is safe to reuse.
        let store = self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        WriteGuard { store, generation: &self.write_generation }
    }

    /// Runs `f` in a read transaction on a read connection: it sees the last
    /// committed state and never waits for a write in progress.
    fn read<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let pool = Arc::clone(&self.readers.read().unwrap_or_else(|p| p.into_inner()));
        pool.read(f)
    }

    /// A read-only snapshot of the book for a long read (an export).
    fn snapshot(&self) -> Result<carebook_store::export::Snapshot> {
        Ok(carebook_store::export::Snapshot::open(&self.db_path())?)
    }

    /// Points the read connections at the writer's file (after a move).
    fn renew_readers(&self, store: &Store) {
        *self.readers.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(store.read_pool());
    }

    fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    fn today(&self) -> NaiveDate {
        self.clock.now().date()
    }

    pub fn db_path(&self) -> PathBuf {
        self.readers.read().unwrap_or_else(|p| p.into_inner()).path().to_path_buf()
    }

    pub fn app_info(&self) -> Result<AppInfo> {
        let db_path = self.db_path().display().to_string();
        self.read(|read| {
            let settings = read.settings()?;
            Ok(AppInfo {
                shop_name: settings.shop_name,
                is_demo: settings.is_demo,
                db_path,
                schema_version: read.schema_version()?,
                customer_count: read.count_customers()?,
                version: env!("CARGO_PKG_VERSION").to_owned(),
                today: self.today(),
            })
        })
    }

    /// Fills the book with a generated demo shop. Refused unless the book is empty.
    pub fn generate_demo(&self, customers: u32, seed: u64, progress: impl FnMut(u32)) -> Result<DemoStats> {
        let mut store = self.write();
        if store.read().count_customers()? > 0 {
            return Err(ApiError::conflict("the customer book is not empty; demo data goes into a new file only"));
        }
        let config = DemoConfig { customers, seed, today: self.today() };
        Ok(carebook_demo::generate(&mut store, config, progress)?)
    }

    /// Erases the demo data and starts an empty book for the shop.
    pub fn start_own_shop(&self, args: StartOwnShop) -> Result<AppInfo> {
        let shop_name = args.shop_name.trim().to_owned();
        if shop_name.is_empty() {
            return Err(ApiError::field("shopName", "required", "shop name is required"));
        }
        self.write().transaction(|tx| -> Result<()> {
            if !tx.settings()?.is_demo {
                return Err(ApiError::conflict("this book holds a shop's own data; it is never erased this way"));
            }
            tx.clear_book()?;
            tx.save_settings(&Settings { shop_name, is_demo: false })?;
            self.audit_start_own_shop(tx)?;
            Ok(())
        })?;
        self.app_info()
    }

    /// Names the shop of a new, empty book (`carebook new`). Refused once the
    /// book holds customers or a name.
    pub fn name_new_shop(&self, args: StartOwnShop) -> Result<AppInfo> {
        let shop_name = args.shop_name.trim().to_owned();
        if shop_name.is_empty() {
            return Err(ApiError::field("shopName", "required", "shop name is required"));
        }
        self.write().transaction(|tx| -> Result<()> {
            if tx.count_customers()? > 0 || !tx.settings()?.shop_name.is_empty() {
                return Err(ApiError::conflict("this book already belongs to a shop"));
            }
            tx.save_settings(&Settings { shop_name, is_demo: false })?;
            self.audit_start_own_shop(tx)
        })?;
        self.app_info()
    }

    pub fn customer_list(&self, args: ListArgs) -> Result<CustomerPage> {
        let query = ListQuery { archived: args.archived, offset: args.offset, limit: args.limit.clamp(1, 500) };
        let page = self.read(|tx| Ok(tx.list_customers(query)?))?;
        Ok(CustomerPage { total: page.total, rows: page.rows })
    }

    pub fn customer_search(&self, args: SearchArgs) -> Result<SearchResult> {
        let limit = args.limit.unwrap_or(50).clamp(1, 200);
        let hits = self.read(|tx| Ok(tx.search_customers(&args.query, limit)?))?;
        Ok(SearchResult {
            hits: hits.into_iter().map(|h| SearchHit { row: h.row, matched: h.matched.to_owned() }).collect(),
        })
    }

    pub fn customer_get(&self, args: IdArgs) -> Result<Customer> {
        self.read(|tx| Ok(tx.customer(args.id)?))
    }

    pub fn customer_create(&self, args: CreateCustomer) -> Result<SavedCustomer> {
        let valid = args.input.validate(self.today())?;
        let now = self.now();
        self.write().transaction(|tx| {
            let id = tx.insert_customer(&valid, now)?;
            self.audit_customer(tx, AuditAction::Create, id, None)?;
            Ok(SavedCustomer { warnings: duplicate_warnings(tx, &valid, Some(id))?, customer: tx.customer(id)? })
        })
    }

    pub fn customer_update(&self, args: UpdateCustomer) -> Result<SavedCustomer> {
        let valid = args.input.validate(self.today())?;
        let now = self.now();
        self.write().transaction(|tx| {
            let before = tx.customer(args.id)?;
            tx.update_customer(args.id, &valid, now)?;
            self.audit_customer(tx, AuditAction::Update, args.id, Some(&before))?;
            Ok(SavedCustomer {
                warnings: duplicate_warnings(tx, &valid, Some(args.id))?,
                customer: tx.customer(args.id)?,
            })
        })
    }

    /// Which other customers already have the phones or email typed so far.
    /// Fields that do not parse yet are skipped, not reported.
    pub fn customer_check_duplicates(&self, args: CheckDuplicates) -> Result<Duplicates> {
        self.read(|tx| {
            let mut warnings = Vec::new();
            for raw in &args.input.phones {
                if let Ok(phone) = normalize_phone(raw) {
                    for (id, name) in tx.customers_with_phone(&phone.e164, args.exclude_id)? {
                        push_unique(
                            &mut warnings,
                            DuplicateWarning {
                                field: "phone".into(),
                                value: phone.display.clone(),
                                customer_id: id,
                                customer_name: name,
                            },
                        );
                    }
                }
            }
            if let Some(email) = args.input.email.as_deref().and_then(normalize_email) {
                for (id, name) in tx.customers_with_email(&email, args.exclude_id)? {
                    push_unique(
                        &mut warnings,
                        DuplicateWarning {
                            field: "email".into(),
                            value: email.clone(),
                            customer_id: id,
                            customer_name: name,
                        },
                    );
                }
            }
            Ok(Duplicates { warnings })
        })
    }

    pub fn customer_archive(&self, args: IdArgs) -> Result<Customer> {
        let now = self.now();
        self.write().transaction(|tx| {
            tx.set_archived(args.id, Some(now))?;
            self.audit_customer(tx, AuditAction::Archive, args.id, None)?;
            Ok(tx.customer(args.id)?)
        })
    }

    pub fn customer_unarchive(&self, args: IdArgs) -> Result<Customer> {
        self.write().transaction(|tx| {
            tx.set_archived(args.id, None)?;
            self.audit_customer(tx, AuditAction::Restore, args.id, None)?;
            Ok(tx.customer(args.id)?)
        })
    }

    pub fn customer_footprint(&self, args: IdArgs) -> Result<Footprint> {
        let f = self.read(|tx| Ok(tx.customer_footprint(args.id)?))?;
        Ok(Footprint { purchases: f.purchases, notes: f.notes })
    }

    /// Deletes an archived customer with their purchases and notes. The
    /// audit log keeps who deleted `#id` and when, and no longer holds their
    /// name or the values of earlier changes.
    pub fn customer_delete(&self, args: IdArgs) -> Result<Empty> {
        self.write().transaction(|tx| {
            if tx.customer(args.id)?.archived_at.is_none() {
                return Err(ApiError::conflict("archive the customer before deleting them permanently"));
            }
            self.audit_customer(tx, AuditAction::Delete, args.id, None)?;
            tx.delete_customer(args.id)?;
            tx.redact_customer_audit(args.id)?;
            Ok(Empty {})
        })
    }

    pub fn customer_timeline(&self, args: TimelineArgs) -> Result<Vec<TimelineItem>> {
        self.read(|tx| Ok(tx.timeline(args.id, args.limit.unwrap_or(200).clamp(1, 1000))?))
    }

    pub fn purchase_add(&self, args: AddPurchase) -> Result<Purchase> {
        let valid = args.input.validate(self.today())?;
        let now = self.now();
        self.write().transaction(|tx| {
            let id = tx.insert_purchase(&valid, now)?;
            let earned = tx.earn_for_purchase(id, &tx.loyalty_rules()?, None, now)?;
            self.audit_purchase(tx, id, earned)?;
            // The plans that follow purchases (and tiers) make their tasks at once.
            self.care_generate_for(tx, valid.customer_id)?;
            Ok(tx.purchase(id)?)
        })
    }

    pub fn note_add(&self, args: AddNote) -> Result<Note> {
        let valid = args.input.validate()?;
        let now = self.now();
        self.write().transaction(|tx| {
            let id = tx.insert_note(&valid, now)?;
            self.audit_note(tx, id, &valid)?;
            let note = tx
                .timeline(valid.customer_id, 1000)?
                .into_iter()
                .find_map(|item| match item {
                    TimelineItem::Note(n) if n.id == id => Some(n),
                    _ => None,
                })
                .ok_or_else(|| ApiError::internal("the note just written cannot be read back"))?;
            Ok(note)
        })
    }

    pub fn staff_list(&self) -> Result<Vec<Staff>> {
        self.read(|tx| Ok(tx.list_staff()?))
    }

    pub fn staff_create(&self, args: CreateStaff) -> Result<Staff> {
        let valid = args.input.validate()?;
        let now = self.now();
        self.write().transaction(|tx| {
            let id = tx.insert_staff(&valid, now)?;
            self.audit_staff(tx, id, None)?;
            staff_by_id(tx, id)
        })
    }

    pub fn staff_update(&self, args: UpdateStaff) -> Result<Staff> {
        let valid = args.input.validate()?;
        self.write().transaction(|tx| {
            let before = staff_by_id(tx, args.id)?;
            tx.update_staff(args.id, &valid)?;
            self.audit_staff(tx, args.id, Some(&before))?;
            staff_by_id(tx, args.id)
        })
    }

    /// One raw ranked FTS5 query over the folded name (the storage limit),
    /// for the search benchmark only.
    #[doc(hidden)]
    pub fn customer_search_fts_raw(&self, query: &str, limit: u32) -> Result<usize> {
        self.read(|tx| Ok(tx.search_customers_fts_raw(query, limit)?.len()))
    }

    /// The naive `LIKE '%q%'` scan, for the search benchmark only.
    #[doc(hidden)]
    pub fn customer_search_like_scan(&self, query: &str, limit: u32) -> Result<usize> {
        self.read(|tx| Ok(tx.search_customers_like_scan(query, limit)?.len()))
    }
}

fn staff_by_id(tx: &Tx<'_>, id: StaffId) -> Result<Staff> {
    tx.list_staff()?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or_else(|| ApiError::not_found(format!("staff member {id} does not exist")))
}

fn push_unique(warnings: &mut Vec<DuplicateWarning>, w: DuplicateWarning) {
    if !warnings.iter().any(|x| x.field == w.field && x.customer_id == w.customer_id) {
        warnings.push(w);
    }
}

fn duplicate_warnings(tx: &Tx<'_>, c: &ValidCustomer, except: Option<CustomerId>) -> Result<Vec<DuplicateWarning>> {
    let mut warnings = Vec::new();
    for phone in &c.phones {
        for (id, name) in tx.customers_with_phone(&phone.e164, except)? {
            push_unique(
                &mut warnings,
                DuplicateWarning {
                    field: "phone".into(),
                    value: phone.display.clone(),
                    customer_id: id,
                    customer_name: name,
                },
            );
        }
    }
    if let Some(email) = &c.email {
        for (id, name) in tx.customers_with_email(email, except)? {
            push_unique(
                &mut warnings,
                DuplicateWarning { field: "email".into(), value: email.clone(), customer_id: id, customer_name: name },
            );
        }
    }
    Ok(warnings)
}

pub use carebook_core::{CustomerRow, FieldError};

// Generated from the Rust types of carebook-core and carebook-api by
// crates/carebook-api/tests/bindings.rs. Do not edit: run
// `UPDATE_BINDINGS=1 cargo test -p carebook-api --test bindings`.

export type Gender = "female" | "male" | "other";

export type CustomerKind = "external" | "internal";

export type CalendarKind = "solar" | "lunar";

export type Birthday = { calendar: CalendarKind, day: number, month: number, year?: number | null, 
/**
 * A lunar birthday in a leap month (tháng nhuận). In years without that
 * leap month it falls in the ordinary month of the same number.
 */
leap: boolean, };

export type Consent = "unknown" | "given" | "withdrawn";

export type Channel = "in_store" | "phone" | "zalo" | "facebook" | "email" | "web" | "other";

export type StaffRole = "owner" | "staff";

export type Phone = { 
/**
 * E.164, e.g. `+84901234567`: the identity of the number.
 */
e164: string, 
/**
 * How it is shown: `0901 234 567` for Vietnamese numbers,
 * the international form (`+33 6 12 34 56 78`) for the others.
 */
display: string, };

export type CustomerInput = { name: string, phones: Array<string>, email?: string | null, birthday?: Birthday | null, gender?: Gender | null, address?: string | null, kind: CustomerKind, source?: string | null, tags: Array<string>, notes?: string | null, consent: Consent, 
/**
 * When consent was given or withdrawn; today when left empty.
 */
consentDate?: string | null, preferredChannel?: Channel | null, loyaltyPoints: number, tier?: string | null, };

export type Customer = { id: number, name: string, phones: Array<Phone>, email: string | null, birthday: Birthday | null, gender: Gender | null, address: string | null, kind: CustomerKind, source: string | null, tags: Array<string>, notes: string | null, consent: Consent, consentDate: string | null, preferredChannel: Channel | null, loyaltyPoints: number, tier: string | null, archivedAt: string | null, createdAt: string, updatedAt: string, 
/**
 * Totals over all the customer's purchases (derived, never stored).
 */
purchaseCount: number, totalSpentVnd: number, lastPurchase: string | null, };

export type CustomerRow = { id: number, name: string, 
/**
 * The first phone number, as displayed.
 */
phone: string | null, email: string | null, tags: Array<string>, kind: CustomerKind, lastPurchase: string | null, purchaseCount: number, totalSpentVnd: number, archived: boolean, };

export type PurchaseInput = { customerId: number, 
/**
 * Today when left empty.
 */
date?: string | null, amountVnd: number, items?: string | null, staffId?: number | null, };

export type Purchase = { id: number, customerId: number, date: string, amountVnd: number, items: string | null, staffId: number | null, staffName: string | null, createdAt: string, };

export type NoteInput = { customerId: number, body: string, staffId?: number | null, };

export type Note = { id: number, customerId: number, body: string, staffId: number | null, staffName: string | null, createdAt: string, };

export type TimelineItem = { "type": "purchase" } & Purchase | { "type": "note" } & Note;

export type StaffInput = { name: string, role: StaffRole, active: boolean, };

export type Staff = { id: number, name: string, role: StaffRole, active: boolean, };

export type DuplicateWarning = { 
/**
 * `phone` or `email`.
 */
field: string, 
/**
 * The phone number (displayed form) or email that is shared.
 */
value: string, customerId: number, customerName: string, };

export type FieldError = { field: string, code: string, message: string, };

export type RequestKind = "question" | "order" | "complaint" | "return" | "other";

export type RequestStatus = "open" | "waiting" | "resolved";

export type CareTaskKind = "thank_you" | "offer" | "event_invitation" | "birthday_greeting" | "greeting" | "follow_up_call" | "check_in" | "survey_request" | "custom";

export type CareTaskStatus = "planned" | "done" | "skipped";

export type CareTaskOrigin = "manual" | "plan" | "recurrence";

export type AuditAction = "create" | "update" | "archive" | "restore" | "delete" | "erase" | "export" | "import" | "import_undo" | "start_own_shop" | "backup" | "backup_settings" | "restore_backup" | "move_book" | "generate" | "adjust_points" | "redeem_points";

export type AuditEntity = "customer" | "purchase" | "note" | "request" | "care_task" | "feedback" | "staff" | "shop" | "import" | "care_plan" | "template" | "loyalty" | "loyalty_rules";

export type RequestInput = { customerId: number, channel: Channel, kind: RequestKind, 
/**
 * What the customer asked for, in a sentence.
 */
summary: string, 
/**
 * Now when left empty.
 */
receivedAt?: string | null, firstResponseAt?: string | null, 
/**
 * Now when the status is `resolved` and this is left empty.
 */
resolvedAt?: string | null, 
/**
 * Minutes the customer waited in the queue or on hold.
 */
waitMinutes?: number | null, handledBy?: number | null, transferredTo?: number | null, status: RequestStatus, 
/**
 * Resolved during the first contact, without a transfer.
 */
firstContact: boolean, };

export type ServiceRequest = { id: number, customerId: number, channel: Channel, kind: RequestKind, summary: string, receivedAt: string, firstResponseAt: string | null, resolvedAt: string | null, waitMinutes: number | null, handledBy: number | null, handledByName: string | null, transferredTo: number | null, transferredToName: string | null, status: RequestStatus, firstContact: boolean, 
/**
 * Set when a resolved request was opened again.
 */
reopened: boolean, createdAt: string, updatedAt: string, };

export type FeedbackInput = { customerId: number, csat?: number | null, nps?: number | null, comment?: string | null, requestId?: number | null, careTaskId?: number | null, 
/**
 * How the answer came when it is not about a request (a request's
 * answer counts under the request's channel).
 */
channel?: Channel | null, 
/**
 * Now when left empty.
 */
givenAt?: string | null, };

export type Feedback = { id: number, customerId: number, csat: number | null, nps: number | null, comment: string | null, requestId: number | null, careTaskId: number | null, channel: Channel | null, givenAt: string, createdAt: string, };

export type CareTaskInput = { customerId: number, kind: CareTaskKind, 
/**
 * What to do; required for a custom task.
 */
title?: string | null, 
/**
 * Today when left empty.
 */
dueDate?: string | null, dueTime?: string | null, assigneeId?: number | null, status: CareTaskStatus, outcome?: string | null, };

export type CareTask = { id: number, customerId: number, kind: CareTaskKind, title: string | null, dueDate: string, dueTime: string | null, assigneeId: number | null, assigneeName: string | null, status: CareTaskStatus, outcome: string | null, origin: CareTaskOrigin, 
/**
 * When it was marked done or skipped.
 */
completedAt: string | null, createdAt: string, updatedAt: string, };

export type SaveRequest = { 
/**
 * None records a new request.
 */
id?: number | null, input: RequestInput, };

export type SaveCareTask = { 
/**
 * None plans a new task.
 */
id?: number | null, input: CareTaskInput, };

export type AddFeedback = { input: FeedbackInput, };

export type CareTaskView = { overdue: boolean, id: number, customerId: number, kind: CareTaskKind, title: string | null, dueDate: string, dueTime: string | null, assigneeId: number | null, assigneeName: string | null, status: CareTaskStatus, outcome: string | null, origin: CareTaskOrigin, 
/**
 * When it was marked done or skipped.
 */
completedAt: string | null, createdAt: string, updatedAt: string, };

export type CustomerCare = { requests: Array<ServiceRequest>, tasks: Array<CareTaskView>, feedback: Array<Feedback>, };

export type AppInfo = { shopName: string, isDemo: boolean, dbPath: string, schemaVersion: number, customerCount: number, version: string, 
/**
 * The shop's date today, by its computer's clock.
 */
today: string, };

export type StartOwnShop = { shopName: string, };

export type ListArgs = { archived: boolean, offset: number, limit: number, };

export type CustomerPage = { total: number, rows: Array<CustomerRow>, };

export type SearchArgs = { query: string, limit?: number | null, };

export type SearchHit = { row: CustomerRow, matched: string, };

export type SearchResult = { hits: Array<SearchHit>, };

export type IdArgs = { id: number, };

export type TimelineArgs = { id: number, limit?: number | null, };

export type CreateCustomer = { input: CustomerInput, };

export type UpdateCustomer = { id: number, input: CustomerInput, };

export type CheckDuplicates = { input: CustomerInput, excludeId?: number | null, };

export type SavedCustomer = { customer: Customer, warnings: Array<DuplicateWarning>, };

export type Duplicates = { warnings: Array<DuplicateWarning>, };

export type Footprint = { purchases: number, notes: number, };

export type Empty = Record<symbol, never>;

export type AddPurchase = { input: PurchaseInput, };

export type AddNote = { input: NoteInput, };

export type CreateStaff = { input: StaffInput, };

export type UpdateStaff = { id: number, input: StaffInput, };

export type ErrorCode = "validation" | "not_found" | "conflict" | "bad_request" | "newer_schema" | "not_carebook" | "corrupt" | "no_book" | "opening" | "internal";

export type ApiError = { code: ErrorCode, message: string, fields?: Array<FieldError>, };

export type BackupSettings = { 
/**
 * The folder backups go to.
 */
dir: string, 
/**
 * The `backups` folder next to the book: used when no folder is chosen.
 */
defaultDir: string, 
/**
 * How many automatic backups are kept.
 */
keep: number, 
/**
 * When the last automatic backup was made.
 */
lastAuto: string | null, };

export type BackupSettingsSet = { 
/**
 * An absolute folder; empty or missing: the default folder.
 */
dir?: string | null, keep: number, };

export type BackupNow = { 
/**
 * A new file, or a folder to put a `carebook-manual-…` file in.
 * Missing: the backup folder.
 */
path?: string | null, };

export type PathArgs = { path: string, };

export type BackupInfo = { path: string, 
/**
 * `ok`: `PRAGMA integrity_check` found no problem.
 */
integrity: string, schemaVersion: number, 
/**
 * The schema this CareBook writes; an older backup is upgraded when restored.
 */
latestVersion: number, customers: number, purchases: number, notes: number, staff: number, shopName: string, isDemo: boolean, sizeBytes: number, };

export type BackupKind = "auto" | "manual" | "safety" | "other";

export type BackupEntry = { path: string, name: string, kind: BackupKind, 
/**
 * From the file name, else the file's modification time.
 */
madeAt: string | null, sizeBytes: number, };

export type BackupList = { dir: string, 
/**
 * Newest first.
 */
files: Array<BackupEntry>, };

export type RestoreResult = { 
/**
 * The backup that is now the book.
 */
restored: BackupInfo, 
/**
 * The book as it was just before the restore.
 */
safetyCopy: string, 
/**
 * Customers erased from the book since the backup was made, that it
 * still held: erased again.
 */
erasedAgain: number, app: AppInfo, };

export type StorageKind = "local" | "cloud" | "network";

export type StorageCheck = { path: string, kind: StorageKind, 
/**
 * `OneDrive`, `Dropbox`, `nfs4`, `network share`…
 */
provider: string | null, };

export type StorageMove = { 
/**
 * An absolute local folder.
 */
to: string, };

export type StorageMoved = { from: string, to: string, 
/**
 * The desktop opens the new file from now on.
 */
remembered: boolean, 
/**
 * Where backups go now (the old `backups` folder stays in use when none was chosen).
 */
backupDir: string, 
/**
 * The old file, renamed `….moved` so it is not used by mistake; missing
 * when it could not be renamed (another program holds it open).
 */
oldKeptAs?: string | null, };

export type Lang = "vi" | "en";

export type ConsentEvent = { id: number, customerId: number, consent: Consent, 
/**
 * The date the customer gave or withdrew consent.
 */
date: string | null, 
/**
 * When the shop recorded the change.
 */
recordedAt: string, 
/**
 * Who recorded it; absent for demo data and rows older than the history.
 */
actor: string | null, };

export type FieldChange = { 
/**
 * The API's field name: `name`, `phones`, `consent`…
 */
field: string, before: string | null, after: string | null, };

export type AuditEntry = { id: number, at: string, actor: string, 
/**
 * An [`AuditAction`] code. Read as text: an entry is shown even when a
 * newer CareBook wrote a code this one does not know.
 */
action: string, 
/**
 * An [`AuditEntity`] code, read as text for the same reason.
 */
entity: string, entityId: number | null, 
/**
 * The customer the entry is about, if any.
 */
customerId: number | null, 
/**
 * The subject's label at the time (a name, a file); `#id` once erased.
 */
summary: string, changes: Array<FieldChange>, };

export type CustomerDossier = { 
/**
 * Always `carebook-customer-export`.
 */
format: string, version: number, exportedAt: string, shopName: string, customer: Customer, 
/**
 * Oldest first.
 */
consentHistory: Array<ConsentEvent>, 
/**
 * Oldest first.
 */
purchases: Array<Purchase>, 
/**
 * Oldest first.
 */
notes: Array<Note>, 
/**
 * Service requests, oldest first.
 */
requests: Array<ServiceRequest>, 
/**
 * Care tasks, by due date.
 */
careTasks: Array<CareTask>, 
/**
 * Oldest first.
 */
feedback: Array<Feedback>, 
/**
 * Entries of the audit log about this customer, oldest first.
 */
audit: Array<AuditEntry>, };

export type SetActor = { 
/**
 * A staff member's name; empty or absent goes back to the computer's user.
 */
name?: string | null, };

export type Session = { 
/**
 * Who the audit log names for the changes made now.
 */
actor: string, 
/**
 * The computer's user, used when nobody is picked.
 */
defaultActor: string, };

export type CustomerExportFormat = "json" | "html";

export type CustomerExportArgs = { id: number, 
/**
 * A file, or a folder to put `customer-<id>-<date>.<format>` in.
 */
path: string, format: CustomerExportFormat, 
/**
 * The language of the HTML page.
 */
lang: Lang, };

export type ExportedFile = { path: string, bytes: number, };

export type EraseArgs = { id: number, 
/**
 * The customer's name as the person typed it to confirm.
 */
confirmName: string, };

export type TableRows = { table: string, rows: number, };

export type CustomerData = { id: number, name: string, 
/**
 * Rows that belong to the customer, by table (phones, tags, purchases,
 * notes, consent history, and any table added later).
 */
tables: Array<TableRows>, 
/**
 * Audit entries about them (kept, with their name removed).
 */
auditEntries: number, };

export type Erased = { id: number, 
/**
 * Rows deleted, by table.
 */
tables: Array<TableRows>, 
/**
 * Audit entries whose personal data was removed.
 */
auditEntries: number, 
/**
 * The file was rewritten so no older copy of the data remains in its
 * free space; false when that failed (an export running at the same
 * time): the book remembers it and the background jobs try again every
 * minute until it succeeds.
 */
compacted: boolean, 
/**
 * Why the file could not be rewritten, when it could not.
 */
purgeError?: string | null, };

export type AuditListArgs = { offset: number, limit: number, action?: string | null, entity?: string | null, entityId?: number | null, customerId?: number | null, actor?: string | null, 
/**
 * From this day on.
 */
from?: string | null, 
/**
 * Up to and including this day.
 */
to?: string | null, };

export type AuditList = { total: number, 
/**
 * Newest first.
 */
rows: Array<AuditEntry>, 
/**
 * Everyone named in the log, for the filter.
 */
actors: Array<string>, };

export type ExportFormat = "csv" | "xlsx" | "json";

export type CsvDelimiter = "comma" | "semicolon";

export type ExportArgs = { format: ExportFormat, 
/**
 * XLSX and JSON: a file, or a folder to put `carebook-<date>.<ext>` in.
 * CSV: a folder that receives `<dataset>.csv` files, or one `.csv` file
 * when exactly one dataset is asked for.
 */
path: string, 
/**
 * Which datasets (`customers`, `purchases`…); all when empty.
 */
datasets: Array<string>, 
/**
 * The language of headers and labels.
 */
lang: Lang, delimiter: CsvDelimiter, };

export type DatasetCount = { dataset: string, rows: number, };

export type ExportResult = { format: ExportFormat, 
/**
 * The file written, or the folder of the CSV files.
 */
path: string, files: Array<ExportedFile>, datasets: Array<DatasetCount>, };

export type ExportSuggestArgs = { format: string, 
/**
 * For one customer's data.
 */
customerId?: number | null, };

export type SuggestedPath = { path: string, };

export type ImportField = "ignore" | "name" | "family_name" | "middle_name" | "given_name" | "phone" | "email" | "birthday" | "gender" | "address" | "notes" | "tags" | "source" | "purchase_date" | "purchase_amount" | "purchase_items" | "customer_code" | "birthday_calendar" | "kind" | "consent" | "consent_date" | "preferred_channel" | "loyalty_points" | "tier";

export type TextEncoding = "utf8" | "utf16le" | "utf16be" | "windows1258" | "windows1252";

export type ImportFormat = "csv" | "xlsx" | "xls" | "vcard";

export type ImportFileKind = "other" | "carebook_export";

export type ImportProblem = { 
/**
 * The customer field the problem is about.
 */
field: string, 
/**
 * A stable reason, translated by the UI.
 */
code: string, 
/**
 * The reason in English, for logs and the CLI.
 */
message: string, 
/**
 * The column (0-based) the value came from, when one did.
 */
column?: number | null, 
/**
 * What the cell held.
 */
value: string, };

export type MergeChange = { 
/**
 * `phones`, `email`, `birthday`, `gender`, `address`, `source`, `tags`, `notes`.
 */
field: string, before?: string | null, after: string, };

export type ImportFileArgs = { 
/**
 * The name shown in the preview and the list of imports.
 */
fileName: string, 
/**
 * The file on this computer (the desktop's file dialog).
 */
path?: string | null, 
/**
 * The token of a file uploaded to `carebook serve`.
 */
upload?: string | null, 
/**
 * Overrides the detected text encoding (CSV, vCard).
 */
encoding?: TextEncoding | null, 
/**
 * One field per column; the guessed mapping when absent.
 */
mapping?: Array<ImportField> | null, 
/**
 * The sheet of a workbook; the first with data when absent.
 */
sheet?: string | null, };

export type ImportCommitArgs = { 
/**
 * Import the good rows and leave out the rows with problems. Without
 * it, a file with any problem row imports nothing.
 */
skipProblemRows: boolean, 
/**
 * The name shown in the preview and the list of imports.
 */
fileName: string, 
/**
 * The file on this computer (the desktop's file dialog).
 */
path?: string | null, 
/**
 * The token of a file uploaded to `carebook serve`.
 */
upload?: string | null, 
/**
 * Overrides the detected text encoding (CSV, vCard).
 */
encoding?: TextEncoding | null, 
/**
 * One field per column; the guessed mapping when absent.
 */
mapping?: Array<ImportField> | null, 
/**
 * The sheet of a workbook; the first with data when absent.
 */
sheet?: string | null, };

export type ImportColumn = { index: number, header: string, 
/**
 * The field used: the one sent in `mapping`, else the guess.
 */
field: ImportField, guessed: ImportField, 
/**
 * The first few values, to recognise the column.
 */
samples: Array<string>, };

export type ImportCounts = { rows: number, 
/**
 * Rows that become a new customer.
 */
new: number, 
/**
 * Rows merged into a customer already in the book.
 */
merge: number, 
/**
 * Rows merged into an earlier row of the file (same phone or email).
 */
duplicate: number, 
/**
 * Rows with a problem: not imported.
 */
problem: number, 
/**
 * Rows with nothing in the imported columns: left out.
 */
empty: number, 
/**
 * Purchases the good rows carry.
 */
purchases: number, customersCreated: number, customersMerged: number, };

export type ImportRowStatus = "new" | "merge" | "duplicate" | "problem";

export type ImportMergeTarget = { customerId: number, customerName: string, 
/**
 * `phone` or `email`.
 */
matchedBy: string, value: string, 
/**
 * Fields filled or extended; existing values are kept.
 */
changes: Array<MergeChange>, 
/**
 * Purchases added to the customer's history.
 */
purchases: number, 
/**
 * Text added to the history as a note (notes that differ, a second email).
 */
note?: string | null, };

export type ImportRowPreview = { 
/**
 * The row number the user sees in the file (a vCard's contact number).
 */
row: number, status: ImportRowStatus, name: string, phone?: string | null, email?: string | null, mergeInto?: ImportMergeTarget | null, 
/**
 * For a duplicate: the first row of the file with the same customer.
 */
duplicateOf?: number | null, problems: Array<ImportProblem>, };

export type ImportPreview = { fileName: string, format: ImportFormat, detectedEncoding?: TextEncoding | null, encoding?: TextEncoding | null, sheets: Array<string>, sheet?: string | null, 
/**
 * CareBook's own export: its columns are known, customers are matched
 * by their customer code first.
 */
kind: ImportFileKind, columns: Array<ImportColumn>, counts: ImportCounts, 
/**
 * Rows with problems, merges and duplicates (up to 200 of each, in row
 * order), then the first new rows.
 */
rows: Array<ImportRowPreview>, };

export type ImportBatchInfo = { id: number, sourceName: string, format: string, createdAt: string, rowsTotal: number, customersCreated: number, customersMerged: number, purchasesCreated: number, undoneAt?: string | null, };

export type ImportResult = { batch: ImportBatchInfo, counts: ImportCounts, 
/**
 * Rows with problems that were left out.
 */
skippedRows: number, };

export type ImportUndoArgs = { 
/**
 * Undo even though customers of the import were changed since.
 */
force: boolean, };

export type ImportUndoResult = { batch: ImportBatchInfo, customersDeleted: number, customersRestored: number, purchasesDeleted: number, notesDeleted: number, };

export type ImportBatchList = { batches: Array<ImportBatchInfo>, };

export type ImportPhase = "idle" | "reading" | "checking" | "writing" | "done";

export type ImportProgress = { running: boolean, phase: ImportPhase, done: number, total: number, };

export type DateRange = { 
/**
 * First day, included.
 */
from: string, 
/**
 * Last day, included.
 */
to: string, };

export type YearMonth = { 
/**
 * The year, e.g. 2024.
 */
year: number, 
/**
 * 1–12.
 */
month: number, };

export type ServiceLevel = "disappointing" | "basic" | "average" | "meets_expectations" | "exceeds_expectations" | "amazing";

export type LevelCap = "care_on_time" | "nps_answers";

export type ServiceAssessment = { "type": "not_enough_feedback", 
/**
 * CSAT answers in the range.
 */
answers: number, 
/**
 * CSAT answers the rule needs.
 */
needed: number, } | { "type": "rated", 
/**
 * The level.
 */
level: ServiceLevel, 
/**
 * Its number, 1–6.
 */
number: number, 
/**
 * Set when the scores reach 6 but the level stays at 5.
 */
cappedBy: LevelCap | null, };

export type LevelInfo = { 
/**
 * The level.
 */
level: ServiceLevel, 
/**
 * 1–6.
 */
number: number, 
/**
 * [`ServiceLevel::name`].
 */
name: string, 
/**
 * [`ServiceLevel::summary`].
 */
summary: string, 
/**
 * [`ServiceLevel::remedies`].
 */
remedies: Array<string>, };

export type MeasureSet = { 
/**
 * The range measured.
 */
range: DateRange, 
/**
 * Requests received in the range.
 */
requests_received: number, 
/**
 * Of those, resolved now.
 */
requests_resolved: number, 
/**
 * `requests_resolved ÷ requests_received`.
 */
resolution_rate: number | null, 
/**
 * Resolved requests marked first-contact, not transferred, not reopened.
 */
requests_resolved_first_contact: number, 
/**
 * First-contact resolution: `requests_resolved_first_contact ÷ requests_resolved`.
 */
fcr: number | null, 
/**
 * Requests with a first response (the others are left out).
 */
response_time_count: number, 
/**
 * Median of first response − received (nearest rank).
 */
response_time_median_min: number | null, 
/**
 * 90th percentile of first response − received (nearest rank).
 */
response_time_p90_min: number | null, 
/**
 * Resolved requests with a resolution time.
 */
resolution_time_count: number, 
/**
 * Median of resolved − received.
 */
resolution_time_median_min: number | null, 
/**
 * 90th percentile of resolved − received.
 */
resolution_time_p90_min: number | null, 
/**
 * In-store and phone requests received (the only ones whose wait counts).
 */
wait_time_requests: number, 
/**
 * Of those, with wait minutes recorded.
 */
wait_time_count: number, 
/**
 * Mean wait, minutes.
 */
wait_time_mean_min: number | null, 
/**
 * 90th percentile of the wait, minutes.
 */
wait_time_p90_min: number | null, 
/**
 * Feedback answers given in the range (with a CSAT score, an NPS score or both).
 */
feedback_answers: number, 
/**
 * CSAT answers.
 */
csat_answers: number, 
/**
 * CSAT answers of 4 or 5.
 */
csat_satisfied: number, 
/**
 * `csat_satisfied ÷ csat_answers`.
 */
csat_share: number | null, 
/**
 * Mean CSAT score, 1–5.
 */
csat_mean: number | null, 
/**
 * NPS answers.
 */
nps_answers: number, 
/**
 * NPS answers of 9–10.
 */
nps_promoters: number, 
/**
 * NPS answers of 7–8.
 */
nps_passives: number, 
/**
 * NPS answers of 0–6.
 */
nps_detractors: number, 
/**
 * `% promoters − % detractors`, −100 to 100.
 */
nps: number | null, 
/**
 * The loyalty window: the `loyal_window_months` calendar months ending
 * with the range's last day (the last one up to that day).
 */
loyal_window: DateRange, 
/**
 * Customers who bought in at least `loyal_months` distinct months of the window.
 */
loyal_customers: number, 
/**
 * Customers who bought at all in the window.
 */
loyal_window_customers: number, 
/**
 * `loyal_customers ÷ loyal_window_customers`.
 */
loyal_rate: number | null, 
/**
 * The range just before, of the same length ([`DateRange::previous`]).
 */
retention_previous: DateRange, 
/**
 * Customers who bought in the previous range.
 */
retention_previous_customers: number, 
/**
 * Of those, customers who bought again in this range.
 */
retention_retained_customers: number, 
/**
 * `retention_retained_customers ÷ retention_previous_customers`.
 */
retention: number | null, 
/**
 * Care tasks due in the range and counted: done, skipped, or planned
 * past their due day (tasks still planned and due today or later are
 * `care_tasks_upcoming`, not counted yet).
 */
care_tasks_due: number, 
/**
 * Done with `completed_at` on or before the end of the due day.
 */
care_tasks_on_time: number, 
/**
 * Done after the due day (or without a recorded completion time).
 */
care_tasks_late: number, 
/**
 * Skipped.
 */
care_tasks_skipped: number, 
/**
 * Due in the range, still planned, due today or later.
 */
care_tasks_upcoming: number, 
/**
 * `care_tasks_on_time ÷ care_tasks_due`.
 */
care_on_time_rate: number | null, 
/**
 * Tasks due in the range that are still planned and due before today.
 * (`care_tasks_due = on_time + late + skipped + overdue`.)
 */
overdue_tasks: number, 
/**
 * The range's service level from its CSAT share and NPS.
 */
service_level: ServiceAssessment, };

export type Comparison = { 
/**
 * The range asked for.
 */
current: MeasureSet, 
/**
 * The range just before, same length ([`DateRange::previous`]).
 */
previous: MeasureSet, 
/**
 * The same dates a year earlier ([`DateRange::last_year`]).
 */
lastYear: MeasureSet, };

export type TrendPoint = { 
/**
 * The calendar month.
 */
month: YearMonth, 
/**
 * Its measures.
 */
measures: MeasureSet, };

export type StaffMeasures = { 
/**
 * The staff member, `None` for rows nobody was recorded on.
 */
staffId: number | null, 
/**
 * Their measures (purchase measures empty).
 */
measures: MeasureSet, };

export type ChannelMeasures = { 
/**
 * The channel, `None` for feedback neither about a request nor given
 * through a recorded channel.
 */
channel: Channel | null, 
/**
 * Its measures (care and purchase measures empty).
 */
measures: MeasureSet, };

export type BreakdownGroup = { "by": "staff", 
/**
 * `None`: rows nobody was recorded on.
 */
staffId?: number | null, } | { "by": "channel", 
/**
 * `None`: feedback not about a request.
 */
channel?: Channel | null, };

export type MeasureKey = "resolution_rate" | "fcr" | "response_time" | "resolution_time" | "wait_time" | "csat" | "nps" | "loyal_rate" | "retention" | "care_on_time_rate" | "overdue_tasks";

export type DrillEntity = "requests" | "feedback" | "tasks" | "customers";

export type Drill = { 
/**
 * The measure explained.
 */
measure: MeasureKey, 
/**
 * Its range.
 */
range: DateRange, 
/**
 * What the ids are.
 */
entity: DrillEntity, 
/**
 * The records counted above the line (or in the distribution).
 */
numerator: Array<number>, 
/**
 * The records counted below the line; the numerator is part of it.
 */
denominator: Array<number>, 
/**
 * Ids subtracted in the numerator: NPS detractors; empty otherwise.
 */
subtracted: Array<number>, };

export type RiskEvidence = { "type": "unresolved_complaint", 
/**
 * The complaint.
 */
requestId: number, 
/**
 * When it was received.
 */
receivedAt: string, 
/**
 * Days from the day it was received to today.
 */
daysOpen: number, } | { "type": "low_csat", 
/**
 * The latest low answer.
 */
feedbackId: number, 
/**
 * Its CSAT score, 1–5.
 */
score: number, 
/**
 * When it was given.
 */
givenAt: string, 
/**
 * Days from that day to today.
 */
daysAgo: number, 
/**
 * Low answers the customer gave in the window, this one included.
 */
lowAnswers: number, } | { "type": "detractor", 
/**
 * The latest NPS answer.
 */
feedbackId: number, 
/**
 * Its NPS score, 0–6.
 */
score: number, 
/**
 * When it was given.
 */
givenAt: string, } | { "type": "lapsed", 
/**
 * The last purchase day on or before today.
 */
lastVisit: string, 
/**
 * Days from it to today.
 */
daysSince: number, 
/**
 * The median gap between the customer's purchase days.
 */
usualIntervalDays: number, 
/**
 * The days the inactivity rule allows for that interval.
 */
thresholdDays: number, };

export type InactivityRule = { 
/**
 * Times the usual interval (default 2).
 */
factor: number, 
/**
 * Never fewer days than this (default 60).
 */
minDays: number, };

export type LevelThresholds = { 
/**
 * Fewer CSAT answers than this: not enough feedback (default 10). The
 * NPS conditions likewise need this many NPS answers.
 */
minAnswers: number, 
/**
 * 1 disappointing below this CSAT share (50)…
 */
disappointingCsatBelow: number, 
/**
 * …or below this NPS (−20).
 */
disappointingNpsBelow: number, 
/**
 * 2 basic below this CSAT share (65).
 */
basicCsatBelow: number, 
/**
 * 3 average below this CSAT share (75).
 */
averageCsatBelow: number, 
/**
 * 4 meets expectations below this CSAT share (85).
 */
meetsCsatBelow: number, 
/**
 * 5 exceeds expectations below this CSAT share (92)…
 */
exceedsCsatBelow: number, 
/**
 * …or below this NPS (50).
 */
exceedsNpsBelow: number, 
/**
 * 6 amazing also needs a care on-time rate of at least this (95).
 */
amazingMinOnTime: number, };

export type Settings = { 
/**
 * A loyal customer bought in at least this many distinct calendar
 * months of the loyalty window (default 3).
 */
loyalMonths: number, 
/**
 * The loyalty window: this many calendar months ending with the
 * range's last day, that month included (default 12).
 */
loyalWindowMonths: number, 
/**
 * When a customer counts as inactive; shared with the care plans'
 * win-back trigger.
 */
inactivity: InactivityRule, 
/**
 * A CSAT answer at or below this is low (default 2).
 */
lowCsatMax: number, 
/**
 * How far back a low CSAT answer puts a customer at risk, in days
 * counting today (default 90).
 */
lowCsatDays: number, 
/**
 * The service level rule.
 */
serviceLevel: LevelThresholds, };

export type RangeArgs = { from: string, to: string, };

export type StaffName = { id: number, name: string, };

export type MeasuresResult = { 
/**
 * The range, the previous range of the same length, the same dates last year.
 */
comparison: Comparison, 
/**
 * The range's measures per handler / assignee.
 */
byStaff: Array<StaffMeasures>, 
/**
 * The range's measures per channel.
 */
byChannel: Array<ChannelMeasures>, 
/**
 * Names of the staff in `by_staff`.
 */
staff: Array<StaffName>, 
/**
 * Planned tasks due before today, whatever their range.
 */
overdueToday: number, 
/**
 * The day the figures were computed on.
 */
today: string, };

export type TrendArgs = { 
/**
 * The trend ends with the month of this day.
 */
to: string, 
/**
 * How many months (default 12, at most 36).
 */
months?: number | null, };

export type DrillArgs = { measure: MeasureKey, from: string, to: string, 
/**
 * How many records to list (default 200, at most 1000).
 */
limit?: number | null, 
/**
 * Only the records of one line of the breakdown by staff or by channel.
 */
group?: BreakdownGroup | null, };

export type DrillRow = { 
/**
 * The record's id (request, feedback, task or customer).
 */
id: number, customerId: number, customerName: string, 
/**
 * When: received at, given at, due date; empty for a customer.
 */
at: string, 
/**
 * Channel (requests), task kind (tasks); empty otherwise.
 */
kind: string, 
/**
 * Request type (requests) or status (tasks).
 */
status: string, 
/**
 * The figure of the record: minutes, a score.
 */
value?: string | null, 
/**
 * A summary or a comment.
 */
text?: string | null, 
/**
 * Counted in the numerator.
 */
counted: boolean, 
/**
 * Subtracted (NPS detractors).
 */
subtracted: boolean, };

export type DrillResult = { 
/**
 * Every id behind the figure.
 */
drill: Drill, 
/**
 * The first records of the denominator, numerator first.
 */
rows: Array<DrillRow>, };

export type ServiceLevelView = { range: DateRange, assessment: ServiceAssessment, csatAnswers: number, csatShare?: number | null, npsAnswers: number, nps?: number | null, careOnTimeRate?: number | null, 
/**
 * The level's name, summary and remedies (seed 003), Vietnamese; none
 * without a level.
 */
vi?: LevelInfo | null, 
/**
 * The same in English.
 */
en?: LevelInfo | null, };

export type AtRiskArgs = { 
/**
 * How many customers to list (default 200, at most 2000).
 */
limit?: number | null, };

export type RiskReasonView = { evidence: RiskEvidence, suggestedTask: CareTaskKind, vi: string, en: string, };

export type AtRiskRow = { customerId: number, name: string, reasons: Array<RiskReasonView>, };

export type AtRiskList = { 
/**
 * Customers at risk in all.
 */
total: number, 
/**
 * Most severe first, at most `limit`.
 */
rows: Array<AtRiskRow>, today: string, };

export type AtRiskTask = { customerId: number, 
/**
 * The reason's suggested task.
 */
kind: CareTaskKind, 
/**
 * The reason, written on the task.
 */
title?: string | null, 
/**
 * Today when left out.
 */
dueDate?: string | null, assigneeId?: number | null, };

export type PrintLang = "vi" | "en";

export type ProfilePdfArgs = { id: number, lang?: PrintLang | null, };

export type MonthlyReportArgs = { 
/**
 * `YYYY-MM`.
 */
month: string, lang?: PrintLang | null, };

export type PdfFile = { 
/**
 * The file's name inside the reports folder (what `/reports/<name>` serves).
 */
fileName: string, 
/**
 * Where it is, in full.
 */
path: string, 
/**
 * Its size.
 */
bytes: number, };

export type SaveReportArgs = { 
/**
 * The document's name in the reports folder.
 */
fileName: string, 
/**
 * Where to save it: a full path ending in `.pdf`, or a folder.
 */
path: string, };

export type PrintLayout = "a6" | "a4-2" | "a4-4" | "letter";

export type CardsArgs = { 
/**
 * The tasks picked in the window; when given, `date` and `assigneeId` are not used.
 */
taskIds?: Array<number> | null, 
/**
 * The day; the shop's today when left out.
 */
date?: string | null, assigneeId?: number | null, layout: PrintLayout, 
/**
 * The language of the fixed words and the reasons; each card's message is in its customer's language.
 */
lang?: PrintLang | null, };

export type CardPreview = { taskId: number, customerId: number, kind: CareTaskKind, dueDate: string, recipient: string, title: string, body: string, };

export type LeftOutWhy = "no_consent" | "not_a_card";

export type LeftOutTask = { taskId: number, customerName: string, why: LeftOutWhy, };

export type CardsPreview = { date: string, cards: Array<CardPreview>, leftOut: Array<LeftOutTask>, };

export type PrintedCards = { file: PdfFile, taskIds: Array<number>, leftOut: Array<LeftOutTask>, };

export type CallListArgs = { 
/**
 * The shop's today when left out.
 */
date?: string | null, 
/**
 * Everyone's calls when left out.
 */
staffId?: number | null, lang?: PrintLang | null, };

export type TasksDoneArgs = { taskIds: Array<number>, 
/**
 * The outcome written on each ("Đã gửi thiệp").
 */
note?: string | null, };

export type TasksDone = { done: number, unchanged: number, };

export type PrintProgress = { running: boolean, done: number, total: number, };

export type AssigneeRule = { "type": "who_served" } | { "type": "fixed", "staffId": number } | { "type": "owner" };

export type Trigger = { "type": "first_purchase" } | { "type": "any_purchase" } | { "type": "tier_reached", 
/**
 * The tier's key; `None` for any tier above the first.
 */
tierKey?: string | null, } | { "type": "birthday" } | { "type": "tet" } | { "type": "inactivity" } | { "type": "complaint_resolved" } | { "type": "request_transferred" } | { "type": "schedule", 
/**
 * `FREQ=MONTHLY;BYDAY=1MO`, `FREQ=WEEKLY;INTERVAL=2;BYDAY=FR` …
 */
rule: string, 
/**
 * The rule's first day.
 */
start: string, 
/**
 * Only customers with this tag (letter case ignored).
 */
tag: string, };

export type PlanStep = { 
/**
 * Unique within the plan and kept when the step is edited: it is part of
 * the task keys.
 */
id: number, 
/**
 * Days from the trigger to the task's due date; negative for before
 * (a birthday, Tết).
 */
offsetDays: number, 
/**
 * The kind of care task created.
 */
kind: CareTaskKind, 
/**
 * The [`crate::Template::key`] of its message.
 */
templateKey: string, 
/**
 * Who the task is for.
 */
assignee: AssigneeRule, 
/**
 * A marketing step (thank-you, offer, invitation, greeting): only for
 * customers whose consent is given.
 */
needsConsent: boolean, };

export type Plan = { 
/**
 * Stored id; part of the task keys.
 */
id: number, 
/**
 * The key of a shipped default plan (`first_purchase` …); `None` for the owner's own.
 */
key?: string | null, 
/**
 * Shown to the owner.
 */
name: string, 
/**
 * What starts it.
 */
trigger: Trigger, 
/**
 * An inactive plan creates nothing.
 */
active: boolean, 
/**
 * The plan acts on events from this day on (not on older history).
 */
activeSince: string, 
/**
 * 1 to [`MAX_STEPS`] steps.
 */
steps: Array<PlanStep>, };

export type Template = { 
/**
 * `a-z`, `0-9` and `_`.
 */
key: string, 
/**
 * Shown to the owner.
 */
name: string, 
/**
 * The kind of care task it is written for.
 */
kind: CareTaskKind, 
/**
 * The Vietnamese text, with placeholders.
 */
textVi: string, 
/**
 * The English text, with placeholders.
 */
textEn: string, };

export type Placeholder = { 
/**
 * The Vietnamese spelling, without braces (`ten`).
 */
nameVi: string, 
/**
 * The English spelling, without braces (`name`).
 */
nameEn: string, 
/**
 * What it stands for, in Vietnamese.
 */
descriptionVi: string, 
/**
 * What it stands for, in English.
 */
descriptionEn: string, };

export type ContactLinks = { 
/**
 * `https://zalo.me/<national number>`, for Vietnamese numbers (Zalo
 * finds accounts by their Vietnamese phone number).
 */
zalo?: string | null, 
/**
 * `tel:+84…`.
 */
tel?: string | null, 
/**
 * `mailto:…`, with the message as its body when there is one.
 */
mailto?: string | null, };

export type LunarDay = { day: number, month: number, year: number, 
/**
 * In the leap month (tháng nhuận).
 */
leap: boolean, };

export type DateArgs = { date: string, };

export type GenerateReport = { 
/**
 * Events from this day on were looked at.
 */
since: string, today: string, 
/**
 * New tasks written.
 */
added: number, 
/**
 * Tasks the plans called for that already existed (or were deleted).
 */
existing: number, 
/**
 * Marketing tasks not created because the customer has not consented.
 */
leftOutNoConsent: number, };

export type CareLine = { customerName: string, phone?: string | null, 
/**
 * Why the task exists, in the language asked for: "7 ngày sau lần mua đầu (12/03/2026)".
 */
why: string, planName?: string | null, 
/**
 * The message from the task's template in the customer's language
 * (today list only).
 */
message?: string | null, messageLang: Lang, links: ContactLinks, 
/**
 * Done or skipped after the due day.
 */
late: boolean, 
/**
 * The due date before it was first moved.
 */
firstDueDate?: string | null, overdue: boolean, id: number, customerId: number, kind: CareTaskKind, title: string | null, dueDate: string, dueTime: string | null, assigneeId: number | null, assigneeName: string | null, status: CareTaskStatus, outcome: string | null, origin: CareTaskOrigin, 
/**
 * When it was marked done or skipped.
 */
completedAt: string | null, createdAt: string, updatedAt: string, };

export type TodayArgs = { 
/**
 * The shop's today when left out.
 */
date?: string | null, assigneeId?: number | null, offset: number, limit: number, 
/**
 * The language of the reasons (the UI's).
 */
lang: Lang, };

export type TodayList = { date: string, overdue: number, dueToday: number, 
/**
 * Overdue lines first, then today's, each by assignee.
 */
lines: Array<CareLine>, 
/**
 * Marketing tasks the last generation left out for want of consent.
 */
leftOutNoConsent: number, };

export type AgendaArgs = { from: string, to: string, assigneeId?: number | null, lang: Lang, 
/**
 * At most this many birthdays and tasks listed per day (all are counted); all when left out.
 */
perDay?: number | null, };

export type BirthdayOccurrence = { customerId: number, name: string, calendar: CalendarKind, day: number, month: number, leap: boolean, 
/**
 * The age reached, when the year of birth is known.
 */
age?: number | null, 
/**
 * Why it is not on its own day this year: "no 29 February this year".
 */
note?: string | null, };

export type AgendaDay = { date: string, lunar?: LunarDay | null, 
/**
 * Mùng 1 Tết (the first day of the lunar year).
 */
tet: boolean, birthdayCount: number, birthdays: Array<BirthdayOccurrence>, taskCount: number, tasks: Array<CareLine>, };

export type Agenda = { from: string, to: string, days: Array<AgendaDay>, };

export type TaskListArgs = { from?: string | null, to?: string | null, assigneeId?: number | null, kind?: CareTaskKind | null, status?: CareTaskStatus | null, customerId?: number | null, origin?: CareTaskOrigin | null, planId?: number | null, offset: number, limit: number, lang: Lang, };

export type TaskList = { total: number, lines: Array<CareLine>, };

export type FinishTask = { id: number, 
/**
 * The outcome (done) or the reason (skip; required).
 */
note?: string | null, };

export type TaskCsat = { id: number, 
/**
 * 1–5.
 */
csat: number, 
/**
 * How the customer answered: the phone unless told otherwise (a
 * check-in is a call; Zalo when it was a Zalo chat).
 */
channel?: Channel | null, };

export type TaskCsatResult = { feedback: Feedback, line: CareLine, };

export type MoveTask = { id: number, date: string, };

export type SavePlan = { 
/**
 * None creates a plan.
 */
id?: number | null, plan: Plan, };

export type SchedulePreviewArgs = { rule: string, start: string, tag: string, };

export type SchedulePreview = { 
/**
 * The rule as the calendar reads it.
 */
rule: string, 
/**
 * Its next days from today (at most 5).
 */
next: Array<string>, 
/**
 * Customers (not archived) who carry the tag.
 */
customers: number, };

export type PlanList = { plans: Array<Plan>, templates: Array<Template>, };

export type TemplateList = { templates: Array<Template>, placeholders: Array<Placeholder>, };

export type SaveTemplate = { template: Template, };

export type PreviewTemplate = { template: Template, 
/**
 * A real customer to fill the placeholders with; made-up values when left out.
 */
customerId?: number | null, };

export type TemplatePreview = { textVi: string, textEn: string, };

export type AgendaExport = { from: string, to: string, 
/**
 * One staff member's tasks only; the whole shop (with birthdays) when left out.
 */
assigneeId?: number | null, lang: Lang, 
/**
 * A file, or a folder to put `carebook-{from}-{to}.ics` in.
 */
path: string, };

export type RequestAction = "received" | "respond" | "transfer" | "resolve" | "reopen" | "status";

export type RequestEvent = { id: number, requestId: number, at: string, 
/**
 * Who made the change (the audit log's actor).
 */
actor: string, action: RequestAction, 
/**
 * Before: a status code, a staff name; none for a first response.
 */
from?: string | null, 
/**
 * After.
 */
to?: string | null, };

export type ResolveRequest = { id: number, 
/**
 * Resolved at the first contact (ignored for a transferred or reopened request).
 */
firstContact: boolean, };

export type TransferRequest = { id: number, 
/**
 * The colleague who takes it over.
 */
to: number, 
/**
 * The follow-up task's title (default: a Vietnamese sentence naming the request).
 */
title?: string | null, };

export type RequestChanged = { request: ServiceRequest, followUp?: CareTaskView | null, };

export type KioskStatus = { 
/**
 * A staff PIN is set: the kiosk can be started.
 */
pinSet: boolean, };

export type KioskPinSet = { 
/**
 * 4–8 digits.
 */
pin: string, 
/**
 * The PIN set now, when there is one.
 */
current?: string | null, };

export type KioskPin = { pin: string, };

export type KioskUnlock = { 
/**
 * The PIN is right: the kiosk may close.
 */
ok: boolean, };

export type DashboardResult = { measures: MeasuresResult, 
/**
 * Oldest month first.
 */
trend: Array<TrendPoint>, };

export type LogoFileArgs = { path?: string | null, upload?: string | null, };

export type LogoImage = { 
/**
 * `data:image/png;base64,…` (or `image/jpeg`), for a preview.
 */
dataUrl: string, widthPx: number, heightPx: number, 
/**
 * The file's size.
 */
bytes: number, };

export type ShopLogo = { logo: LogoImage | null, };

export type EntryKind = "opening" | "earn" | "adjust" | "redeem" | "reverse";

export type LedgerEntry = { 
/**
 * Written in order: orders entries of the same day.
 */
id: number, 
/**
 * Whose points.
 */
customerId: number, 
/**
 * The day the points changed.
 */
at: string, 
/**
 * What the change is.
 */
kind: EntryKind, 
/**
 * Signed: positive adds to the balance.
 */
points: number, 
/**
 * Why (required for adjustments and redemptions).
 */
reason?: string | null, 
/**
 * The purchase an `Earn` or `Reverse` belongs to.
 */
purchaseId?: number | null, };

export type Tier = { 
/**
 * Stable (`member`, `silver` …): tasks and tier events refer to it.
 */
key: string, 
/**
 * Name shown in Vietnamese (`Vàng`).
 */
nameVi: string, 
/**
 * Name shown in English (`Gold`).
 */
nameEn: string, 
/**
 * Lifetime points from which the tier is reached.
 */
minPoints: number, };

export type LoyaltyRules = { 
/**
 * Đồng paid for one point.
 */
vndPerPoint: number, 
/**
 * Lowest first; the first starts at 0.
 */
tiers: Array<Tier>, };

export type TierReached = { 
/**
 * [`Tier::key`].
 */
tierKey: string, 
/**
 * The day of the entry that reached it.
 */
on: string, 
/**
 * [`Tier::name_vi`] in the rules it was read with (the shop's own names).
 */
nameVi: string, 
/**
 * [`Tier::name_en`] likewise.
 */
nameEn: string, };

export type Standing = { 
/**
 * [`balance`].
 */
balance: number, 
/**
 * [`lifetime_points`].
 */
lifetime: number, 
/**
 * [`tier_for`] the lifetime points.
 */
tier: Tier, 
/**
 * The tier above, if any.
 */
nextTier?: Tier | null, 
/**
 * Lifetime points still missing for the next tier (0 at the top).
 */
pointsToNext: number, };

export type LoyaltyView = { customerId: number, standing: Standing, 
/**
 * Newest first.
 */
entries: Array<LedgerEntry>, 
/**
 * The days each tier was first reached, oldest first.
 */
tiersReached: Array<TierReached>, 
/**
 * All tiers of the programme, lowest first.
 */
tiers: Array<Tier>, 
/**
 * Đồng paid for one point.
 */
vndPerPoint: number, };

export type PointsChange = { customerId: number, 
/**
 * For an adjustment: signed, not 0. For a redemption: the points spent (positive).
 */
points: number, 
/**
 * Why; required.
 */
reason: string, };

export type ReminderSetting = { 
/**
 * Reminders are shown at all.
 */
enabled: boolean, 
/**
 * The local time of day from which the day's reminder is due (`HH:MM`).
 */
time: string, };

export type Reminder = { date: string, overdue: number, dueToday: number, };

/** Every command: its arguments, its result, and whether it reads or writes. */
export type CommandMap = {
  app_info: { args: void; result: AppInfo; access: 'read' };
  start_own_shop: { args: StartOwnShop; result: AppInfo; access: 'write' };
  customer_list: { args: ListArgs; result: CustomerPage; access: 'read' };
  customer_search: { args: SearchArgs; result: SearchResult; access: 'read' };
  customer_get: { args: IdArgs; result: Customer; access: 'read' };
  customer_create: { args: CreateCustomer; result: SavedCustomer; access: 'write' };
  customer_update: { args: UpdateCustomer; result: SavedCustomer; access: 'write' };
  customer_check_duplicates: { args: CheckDuplicates; result: Duplicates; access: 'read' };
  customer_archive: { args: IdArgs; result: Customer; access: 'write' };
  customer_unarchive: { args: IdArgs; result: Customer; access: 'write' };
  customer_footprint: { args: IdArgs; result: Footprint; access: 'read' };
  customer_delete: { args: IdArgs; result: Empty; access: 'write' };
  customer_timeline: { args: TimelineArgs; result: Array<TimelineItem>; access: 'read' };
  purchase_add: { args: AddPurchase; result: Purchase; access: 'write' };
  purchase_delete: { args: IdArgs; result: Empty; access: 'write' };
  note_add: { args: AddNote; result: Note; access: 'write' };
  customer_care: { args: IdArgs; result: CustomerCare; access: 'read' };
  request_save: { args: SaveRequest; result: ServiceRequest; access: 'write' };
  request_delete: { args: IdArgs; result: Empty; access: 'write' };
  request_history: { args: IdArgs; result: Array<RequestEvent>; access: 'read' };
  request_respond: { args: IdArgs; result: RequestChanged; access: 'write' };
  request_transfer: { args: TransferRequest; result: RequestChanged; access: 'write' };
  request_resolve: { args: ResolveRequest; result: RequestChanged; access: 'write' };
  request_reopen: { args: IdArgs; result: RequestChanged; access: 'write' };
  care_task_save: { args: SaveCareTask; result: CareTaskView; access: 'write' };
  care_task_delete: { args: IdArgs; result: Empty; access: 'write' };
  feedback_add: { args: AddFeedback; result: Feedback; access: 'write' };
  feedback_delete: { args: IdArgs; result: Empty; access: 'write' };
  shop_logo_get: { args: void; result: ShopLogo; access: 'read' };
  shop_logo_set: { args: LogoFileArgs; result: ShopLogo; access: 'write' };
  shop_logo_remove: { args: void; result: ShopLogo; access: 'write' };
  kiosk_status: { args: void; result: KioskStatus; access: 'read' };
  kiosk_pin_set: { args: KioskPinSet; result: KioskStatus; access: 'write' };
  kiosk_unlock: { args: KioskPin; result: KioskUnlock; access: 'read' };
  measures: { args: RangeArgs; result: MeasuresResult; access: 'read' };
  dashboard: { args: RangeArgs; result: DashboardResult; access: 'read' };
  measures_trend: { args: TrendArgs; result: Array<TrendPoint>; access: 'read' };
  measures_drill: { args: DrillArgs; result: DrillResult; access: 'read' };
  service_level: { args: RangeArgs; result: ServiceLevelView; access: 'read' };
  at_risk: { args: AtRiskArgs; result: AtRiskList; access: 'read' };
  at_risk_task: { args: AtRiskTask; result: CareTaskView; access: 'write' };
  measure_settings_get: { args: void; result: Settings; access: 'read' };
  measure_settings_set: { args: Settings; result: Settings; access: 'write' };
  care_today: { args: TodayArgs; result: TodayList; access: 'read' };
  care_agenda: { args: AgendaArgs; result: Agenda; access: 'read' };
  care_task_list: { args: TaskListArgs; result: TaskList; access: 'read' };
  care_task_done: { args: FinishTask; result: CareLine; access: 'write' };
  care_task_skip: { args: FinishTask; result: CareLine; access: 'write' };
  care_task_csat: { args: TaskCsat; result: TaskCsatResult; access: 'write' };
  care_task_move: { args: MoveTask; result: CareLine; access: 'write' };
  care_generate: { args: void; result: GenerateReport; access: 'write' };
  care_plan_list: { args: void; result: PlanList; access: 'read' };
  care_plan_save: { args: SavePlan; result: Plan; access: 'write' };
  care_plan_delete: { args: IdArgs; result: Empty; access: 'write' };
  care_schedule_preview: { args: SchedulePreviewArgs; result: SchedulePreview; access: 'read' };
  care_template_list: { args: void; result: TemplateList; access: 'read' };
  care_template_save: { args: SaveTemplate; result: Template; access: 'write' };
  care_template_preview: { args: PreviewTemplate; result: TemplatePreview; access: 'read' };
  care_agenda_export: { args: AgendaExport; result: ExportedFile; access: 'write' };
  lunar_date: { args: DateArgs; result: LunarDay; access: 'read' };
  loyalty_get: { args: IdArgs; result: LoyaltyView; access: 'read' };
  loyalty_adjust: { args: PointsChange; result: LoyaltyView; access: 'write' };
  loyalty_redeem: { args: PointsChange; result: LoyaltyView; access: 'write' };
  loyalty_rules_get: { args: void; result: LoyaltyRules; access: 'read' };
  loyalty_rules_set: { args: LoyaltyRules; result: LoyaltyRules; access: 'write' };
  reminder_settings_get: { args: void; result: ReminderSetting; access: 'read' };
  reminder_settings_set: { args: ReminderSetting; result: ReminderSetting; access: 'write' };
  staff_list: { args: void; result: Array<Staff>; access: 'read' };
  staff_create: { args: CreateStaff; result: Staff; access: 'write' };
  staff_update: { args: UpdateStaff; result: Staff; access: 'write' };
  session_get: { args: void; result: Session; access: 'read' };
  session_set_actor: { args: SetActor; result: Session; access: 'write' };
  customer_consent_history: { args: IdArgs; result: Array<ConsentEvent>; access: 'read' };
  customer_data: { args: IdArgs; result: CustomerData; access: 'read' };
  customer_export: { args: CustomerExportArgs; result: ExportedFile; access: 'write' };
  customer_erase: { args: EraseArgs; result: Erased; access: 'write' };
  audit_list: { args: AuditListArgs; result: AuditList; access: 'read' };
  export_all: { args: ExportArgs; result: ExportResult; access: 'write' };
  export_suggest: { args: ExportSuggestArgs; result: SuggestedPath; access: 'read' };
  backup_settings_get: { args: void; result: BackupSettings; access: 'read' };
  backup_settings_set: { args: BackupSettingsSet; result: BackupSettings; access: 'write' };
  backup_now: { args: BackupNow; result: BackupInfo; access: 'write' };
  backup_list: { args: void; result: BackupList; access: 'read' };
  backup_verify: { args: PathArgs; result: BackupInfo; access: 'read' };
  backup_restore: { args: PathArgs; result: RestoreResult; access: 'write' };
  storage_location_check: { args: void; result: StorageCheck; access: 'read' };
  storage_move: { args: StorageMove; result: StorageMoved; access: 'write' };
  import_preview: { args: ImportFileArgs; result: ImportPreview; access: 'read' };
  import_commit: { args: ImportCommitArgs; result: ImportResult; access: 'write' };
  import_progress: { args: void; result: ImportProgress; access: 'read' };
  import_cancel: { args: void; result: Empty; access: 'write' };
  import_undo_last: { args: ImportUndoArgs; result: ImportUndoResult; access: 'write' };
  import_batches: { args: void; result: ImportBatchList; access: 'read' };
  report_profile: { args: ProfilePdfArgs; result: PdfFile; access: 'read' };
  report_monthly: { args: MonthlyReportArgs; result: PdfFile; access: 'read' };
  report_cards_preview: { args: CardsArgs; result: CardsPreview; access: 'read' };
  report_cards: { args: CardsArgs; result: PrintedCards; access: 'read' };
  report_call_list: { args: CallListArgs; result: PdfFile; access: 'read' };
  report_progress: { args: void; result: PrintProgress; access: 'read' };
  report_cancel: { args: void; result: Empty; access: 'write' };
  report_save_as: { args: SaveReportArgs; result: PdfFile; access: 'write' };
  care_tasks_done: { args: TasksDoneArgs; result: TasksDone; access: 'write' };
};
export type Command = keyof CommandMap;

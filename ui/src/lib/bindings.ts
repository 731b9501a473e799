// Generated from the Rust types of carebook-core and carebook-api by
// crates/carebook-api/tests/bindings.rs. Do not edit: run
// `UPDATE_BINDINGS=1 cargo test -p carebook-api --test bindings`.

export type Gender = "female" | "male" | "other";

export type CustomerKind = "external" | "internal";

export type CalendarKind = "solar" | "lunar";

export type Birthday = { calendar: CalendarKind, day: number, month: number, year?: number | null, };

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

export type ErrorCode = "validation" | "not_found" | "conflict" | "bad_request" | "newer_schema" | "not_carebook" | "internal";

export type ApiError = { code: ErrorCode, message: string, fields?: Array<FieldError>, };

export const COMMANDS = [
  "app_info",
  "start_own_shop",
  "customer_list",
  "customer_search",
  "customer_get",
  "customer_create",
  "customer_update",
  "customer_check_duplicates",
  "customer_archive",
  "customer_unarchive",
  "customer_footprint",
  "customer_delete",
  "customer_timeline",
  "purchase_add",
  "note_add",
  "staff_list",
  "staff_create",
  "staff_update",
] as const;
export type Command = (typeof COMMANDS)[number];

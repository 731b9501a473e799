//! What an export reads: the list of exportable datasets and a consistent,
//! read-only snapshot of the book to stream their rows from.
//!
//! Adding a dataset is one entry in [`DATASETS`]: its name, titles, typed
//! columns and the query that yields them. A dataset whose table does not
//! exist in the open file (an older schema read by a snapshot) is skipped.

use std::borrow::Cow;
use std::path::Path;
use std::time::Duration;

use carebook_core::Phone;
use carebook_core::export::labels::{
    ACTION, CALENDAR, CHANNEL, CONSENT, ENTITY, GENDER, KIND, REQUEST_KIND, REQUEST_STATUS, ROLE, TASK_KIND,
    TASK_ORIGIN, TASK_STATUS,
};
use carebook_core::export::{Cell, Column, ColumnKind, DatasetInfo};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use crate::customers::TAG_SEP;
use crate::{Result, Store, StoreError, Tx};

/// Separates a phone's E.164 form from its displayed form in one cell.
const PHONE_SEP: char = '\u{1e}';

/// One exportable dataset.
#[derive(Debug, Clone, Copy)]
pub struct DatasetSpec {
    pub name: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
    /// The table whose existence makes the dataset available.
    table: &'static str,
    /// Typed columns; `sql` selects them in this order.
    columns: &'static [Column],
    sql: &'static str,
}

use ColumnKind::*;

const CUSTOMER_COLUMNS: &[Column] = &[
    Column::new("id", "Mã khách hàng", "Customer ID", Int),
    Column::new("name", "Họ và tên", "Full name", Text),
    Column::new("phones", "Số điện thoại", "Phone numbers", Phones),
    Column::new("email", "Email", "Email", Text),
    Column::new("birthday", "Ngày sinh", "Birthday", Text),
    Column::new("birthdayCalendar", "Loại lịch", "Calendar", Enum(CALENDAR)),
    Column::new("gender", "Giới tính", "Gender", Enum(GENDER)),
    Column::new("address", "Địa chỉ", "Address", Text),
    Column::new("kind", "Loại khách hàng", "Customer type", Enum(KIND)),
    Column::new("source", "Nguồn khách", "Source", Text),
    Column::new("tags", "Nhãn", "Tags", List),
    Column::new("notes", "Ghi chú", "Notes", Text),
    Column::new("consent", "Đồng ý nhận ưu đãi", "Consent to offers", Enum(CONSENT)),
    Column::new("consentDate", "Ngày đồng ý / rút lại", "Consent date", Date),
    Column::new("preferredChannel", "Kênh liên lạc ưa thích", "Preferred channel", Enum(CHANNEL)),
    Column::new("loyaltyPoints", "Điểm tích luỹ", "Loyalty points", Int),
    Column::new("tier", "Hạng thành viên", "Membership tier", Text),
    Column::new("purchaseCount", "Số lần mua", "Purchases", Int),
    Column::new("totalSpentVnd", "Tổng chi tiêu", "Total spent", Money),
    Column::new("lastPurchase", "Mua gần nhất", "Last purchase", Date),
    Column::new("archivedAt", "Ngày lưu trữ", "Archived at", DateTime),
    Column::new("createdAt", "Ngày tạo", "Created at", DateTime),
    Column::new("updatedAt", "Cập nhật lần cuối", "Updated at", DateTime),
];

const CUSTOMER_SQL: &str = "SELECT c.id, c.name,
    (SELECT group_concat(e164 || char(30) || display, char(31))
       FROM (SELECT e164, display FROM customer_phones p WHERE p.customer_id = c.id ORDER BY position)),
    c.email,
    CASE WHEN c.birthday_day IS NOT NULL AND c.birthday_month IS NOT NULL THEN
        printf('%02d/%02d', c.birthday_day, c.birthday_month)
        || CASE WHEN c.birthday_year IS NOT NULL THEN '/' || c.birthday_year ELSE '' END
        || CASE WHEN c.birthday_leap THEN ' nhuận' ELSE '' END END,
    c.birthday_calendar, c.gender, c.address, c.kind, c.source,
    (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM customer_tags t WHERE t.customer_id = c.id ORDER BY position)),
    c.notes, c.consent, c.consent_date, c.preferred_channel, c.loyalty_points, c.tier,
    (SELECT count(*) FROM purchases b WHERE b.customer_id = c.id),
    (SELECT coalesce(sum(amount_vnd), 0) FROM purchases b WHERE b.customer_id = c.id),
    (SELECT max(date) FROM purchases b WHERE b.customer_id = c.id),
    c.archived_at, c.created_at, c.updated_at
    FROM customers c ORDER BY c.id";

const PURCHASE_COLUMNS: &[Column] = &[
    Column::new("id", "Mã lần mua", "Purchase ID", Int),
    Column::new("customerId", "Mã khách hàng", "Customer ID", Int),
    Column::new("customerName", "Khách hàng", "Customer", Text),
    Column::new("date", "Ngày mua", "Date", Date),
    Column::new("amountVnd", "Số tiền", "Amount", Money),
    Column::new("items", "Sản phẩm / dịch vụ", "Items / services", Text),
    Column::new("staffId", "Mã nhân viên", "Staff ID", Int),
    Column::new("staffName", "Nhân viên phục vụ", "Served by", Text),
    Column::new("createdAt", "Ghi nhận lúc", "Recorded at", DateTime),
];

const PURCHASE_SQL: &str =
    "SELECT p.id, p.customer_id, c.name, p.date, p.amount_vnd, p.items, p.staff_id, s.name, p.created_at
    FROM purchases p JOIN customers c ON c.id = p.customer_id LEFT JOIN staff s ON s.id = p.staff_id
    ORDER BY p.id";

const NOTE_COLUMNS: &[Column] = &[
    Column::new("id", "Mã ghi chú", "Note ID", Int),
    Column::new("customerId", "Mã khách hàng", "Customer ID", Int),
    Column::new("customerName", "Khách hàng", "Customer", Text),
    Column::new("createdAt", "Thời gian", "Written at", DateTime),
    Column::new("body", "Nội dung", "Note", Text),
    Column::new("staffId", "Mã nhân viên", "Staff ID", Int),
    Column::new("staffName", "Ghi bởi", "Written by", Text),
];

const NOTE_SQL: &str = "SELECT n.id, n.customer_id, c.name, n.created_at, n.body, n.staff_id, s.name
    FROM notes n JOIN customers c ON c.id = n.customer_id LEFT JOIN staff s ON s.id = n.staff_id
    ORDER BY n.id";

const CARE_TASK_COLUMNS: &[Column] = &[
    Column::new("id", "Mã việc", "Task ID", Int),
    Column::new("customerId", "Mã khách hàng", "Customer ID", Int),
    Column::new("customerName", "Khách hàng", "Customer", Text),
    Column::new("kind", "Loại việc", "Kind", Enum(TASK_KIND)),
    Column::new("title", "Nội dung", "Title", Text),
    Column::new("dueDate", "Ngày hẹn", "Due date", Date),
    Column::new("dueTime", "Giờ hẹn", "Due time", Text),
    Column::new("assigneeId", "Mã người phụ trách", "Assignee ID", Int),
    Column::new("assigneeName", "Người phụ trách", "Assignee", Text),
    Column::new("status", "Trạng thái", "Status", Enum(TASK_STATUS)),
    Column::new("outcome", "Kết quả", "Outcome", Text),
    Column::new("origin", "Nguồn", "Origin", Enum(TASK_ORIGIN)),
    Column::new("completedAt", "Hoàn tất lúc", "Completed at", DateTime),
    Column::new("createdAt", "Ngày tạo", "Created at", DateTime),
];

const CARE_TASK_SQL: &str = "SELECT k.id, k.customer_id, c.name, k.kind, k.title, k.due_date, substr(k.due_time, 1, 5),
    k.assignee_id, s.name, k.status, k.outcome, k.origin, k.completed_at, k.created_at
    FROM care_tasks k JOIN customers c ON c.id = k.customer_id LEFT JOIN staff s ON s.id = k.assignee_id
    ORDER BY k.id";

const REQUEST_COLUMNS: &[Column] = &[
    Column::new("id", "Mã yêu cầu", "Request ID", Int),
    Column::new("customerId", "Mã khách hàng", "Customer ID", Int),
    Column::new("customerName", "Khách hàng", "Customer", Text),
    Column::new("channel", "Kênh", "Channel", Enum(CHANNEL)),
    Column::new("kind", "Loại yêu cầu", "Type", Enum(REQUEST_KIND)),
    Column::new("summary", "Nội dung", "Summary", Text),
    Column::new("receivedAt", "Tiếp nhận lúc", "Received at", DateTime),
    Column::new("firstResponseAt", "Phản hồi đầu tiên lúc", "First response at", DateTime),
    Column::new("resolvedAt", "Giải quyết lúc", "Resolved at", DateTime),
    Column::new("waitMinutes", "Thời gian chờ (phút)", "Wait (minutes)", Int),
    Column::new("handledBy", "Người tiếp nhận", "Handled by", Text),
    Column::new("transferredTo", "Chuyển cho", "Transferred to", Text),
    Column::new("status", "Trạng thái", "Status", Enum(REQUEST_STATUS)),
    Column::new("firstContact", "Giải quyết ngay lần liên hệ đầu", "Resolved at first contact", Bool),
    Column::new("reopened", "Mở lại", "Reopened", Bool),
];

const REQUEST_SQL: &str = "SELECT r.id, r.customer_id, c.name, r.channel, r.kind, r.summary, r.received_at,
    r.first_response_at, r.resolved_at, r.wait_minutes, h.name, t.name, r.status, r.first_contact, r.reopened
    FROM service_requests r JOIN customers c ON c.id = r.customer_id
    LEFT JOIN staff h ON h.id = r.handled_by LEFT JOIN staff t ON t.id = r.transferred_to
    ORDER BY r.id";

const FEEDBACK_COLUMNS: &[Column] = &[
    Column::new("id", "Mã phản hồi", "Feedback ID", Int),
    Column::new("customerId", "Mã khách hàng", "Customer ID", Int),
    Column::new("customerName", "Khách hàng", "Customer", Text),
    Column::new("givenAt", "Thời gian", "Given at", DateTime),
    Column::new("csat", "Mức độ hài lòng (CSAT 1–5)", "CSAT (1–5)", Int),
    Column::new("nps", "NPS (0–10)", "NPS (0–10)", Int),
    Column::new("comment", "Nhận xét", "Comment", Text),
    Column::new("requestId", "Mã yêu cầu", "Request ID", Int),
    Column::new("careTaskId", "Mã việc chăm sóc", "Care task ID", Int),
];

const FEEDBACK_SQL: &str = "SELECT f.id, f.customer_id, c.name, f.given_at, f.csat, f.nps, f.comment, f.request_id,
    f.care_task_id FROM feedback f JOIN customers c ON c.id = f.customer_id ORDER BY f.id";

const STAFF_COLUMNS: &[Column] = &[
    Column::new("id", "Mã nhân viên", "Staff ID", Int),
    Column::new("name", "Tên nhân viên", "Name", Text),
    Column::new("role", "Vai trò", "Role", Enum(ROLE)),
    Column::new("active", "Đang làm việc", "Active", Bool),
    Column::new("createdAt", "Ngày tạo", "Created at", DateTime),
];

const STAFF_SQL: &str = "SELECT id, name, role, active, created_at FROM staff ORDER BY id";

const CONSENT_COLUMNS: &[Column] = &[
    Column::new("id", "Mã", "ID", Int),
    Column::new("customerId", "Mã khách hàng", "Customer ID", Int),
    Column::new("customerName", "Khách hàng", "Customer", Text),
    Column::new("consent", "Đồng ý nhận ưu đãi", "Consent to offers", Enum(CONSENT)),
    Column::new("date", "Ngày đồng ý / rút lại", "Consent date", Date),
    Column::new("recordedAt", "Ghi nhận lúc", "Recorded at", DateTime),
    Column::new("actor", "Người ghi nhận", "Recorded by", Text),
];

const CONSENT_SQL: &str = "SELECT e.id, e.customer_id, c.name, e.consent, e.date, e.recorded_at, e.actor
    FROM consent_events e JOIN customers c ON c.id = e.customer_id ORDER BY e.id";

const AUDIT_COLUMNS: &[Column] = &[
    Column::new("id", "Mã", "ID", Int),
    Column::new("at", "Thời gian", "When", DateTime),
    Column::new("actor", "Người thực hiện", "Who", Text),
    Column::new("action", "Thao tác", "Action", Enum(ACTION)),
    Column::new("entity", "Đối tượng", "Record", Enum(ENTITY)),
    Column::new("entityId", "Mã đối tượng", "Record ID", Int),
    Column::new("customerId", "Mã khách hàng", "Customer ID", Int),
    Column::new("summary", "Tóm tắt", "Summary", Text),
    Column::new("changes", "Thay đổi", "Changes", Json),
];

const AUDIT_SQL: &str =
    "SELECT id, at, actor, action, entity, entity_id, customer_id, summary, changes FROM audit_log ORDER BY id";

/// Every dataset an export may contain, in the order they are written.
pub const DATASETS: &[DatasetSpec] = &[
    DatasetSpec {
        name: "customers",
        vi: "Khách hàng",
        en: "Customers",
        table: "customers",
        columns: CUSTOMER_COLUMNS,
        sql: CUSTOMER_SQL,
    },
    DatasetSpec {
        name: "purchases",
        vi: "Mua hàng",
        en: "Purchases",
        table: "purchases",
        columns: PURCHASE_COLUMNS,
        sql: PURCHASE_SQL,
    },
    DatasetSpec { name: "notes", vi: "Ghi chú", en: "Notes", table: "notes", columns: NOTE_COLUMNS, sql: NOTE_SQL },
    DatasetSpec {
        name: "care_tasks",
        vi: "Việc chăm sóc",
        en: "Care tasks",
        table: "care_tasks",
        columns: CARE_TASK_COLUMNS,
        sql: CARE_TASK_SQL,
    },
    DatasetSpec {
        name: "requests",
        vi: "Yêu cầu",
        en: "Requests",
        table: "service_requests",
        columns: REQUEST_COLUMNS,
        sql: REQUEST_SQL,
    },
    DatasetSpec {
        name: "feedback",
        vi: "Phản hồi",
        en: "Feedback",
        table: "feedback",
        columns: FEEDBACK_COLUMNS,
        sql: FEEDBACK_SQL,
    },
    DatasetSpec {
        name: "staff", vi: "Nhân viên", en: "Staff", table: "staff", columns: STAFF_COLUMNS, sql: STAFF_SQL
    },
    DatasetSpec {
        name: "consent_events",
        vi: "Lịch sử đồng ý",
        en: "Consent history",
        table: "consent_events",
        columns: CONSENT_COLUMNS,
        sql: CONSENT_SQL,
    },
    DatasetSpec {
        name: "audit_log",
        vi: "Nhật ký thao tác",
        en: "Audit log",
        table: "audit_log",
        columns: AUDIT_COLUMNS,
        sql: AUDIT_SQL,
    },
];

/// A dataset resolved against the open file: its columns and its query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dataset {
    pub info: DatasetInfo,
    sql: String,
}

/// A read-only view of the book as it was when the snapshot was taken.
///
/// It has its own connection, so the book stays usable while a long export
/// runs; the open read transaction pins one consistent state of every table.
pub struct Snapshot {
    conn: Connection,
}

impl std::fmt::Debug for Snapshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Snapshot").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens a read-only snapshot of this book.
    pub fn snapshot(&self) -> Result<Snapshot> {
        Snapshot::open(&self.path)
    }
}

impl Snapshot {
    /// A snapshot of the book at `path`, through a read-only connection of its own.
    pub fn open(path: &Path) -> Result<Snapshot> {
        let open_err = |source| StoreError::Open { path: path.to_path_buf(), source };
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(open_err)?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(open_err)?;
        // The first read starts the snapshot; it lasts until the connection closes.
        conn.execute_batch("BEGIN DEFERRED; SELECT count(*) FROM sqlite_schema;").map_err(open_err)?;
        Ok(Snapshot { conn })
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Queries of the table modules, on the snapshot.
    pub fn read(&self) -> Tx<'_> {
        Tx::new(&self.conn)
    }

    fn table_exists(&self, table: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get::<_, i64>(0),
        )? > 0)
    }

    /// The datasets of [`DATASETS`] whose tables exist in this file.
    pub fn datasets(&self) -> Result<Vec<Dataset>> {
        let mut out = Vec::new();
        for spec in DATASETS {
            if let Some(d) = self.resolve(spec)? {
                out.push(d);
            }
        }
        Ok(out)
    }

    fn resolve(&self, spec: &DatasetSpec) -> Result<Option<Dataset>> {
        let info = |columns| DatasetInfo {
            name: Cow::Borrowed(spec.name),
            vi: Cow::Borrowed(spec.vi),
            en: Cow::Borrowed(spec.en),
            columns,
        };
        if !self.table_exists(spec.table)? {
            return Ok(None);
        }
        Ok(Some(Dataset { info: info(spec.columns.to_vec()), sql: spec.sql.to_owned() }))
    }

    /// Calls `row` with each row of `dataset`, in order; returns how many.
    pub fn for_each_row<E: From<StoreError>>(
        &self,
        dataset: &Dataset,
        mut row: impl FnMut(&[Cell]) -> std::result::Result<(), E>,
    ) -> std::result::Result<u64, E> {
        let mut stmt = self.conn.prepare(&dataset.sql).map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        let columns = &dataset.info.columns;
        let mut cells = Vec::with_capacity(columns.len());
        let mut n = 0;
        while let Some(r) = rows.next().map_err(StoreError::from)? {
            cells.clear();
            for (i, c) in columns.iter().enumerate() {
                cells.push(cell(r.get_ref(i).map_err(StoreError::from)?, c.kind));
            }
            row(&cells)?;
            n += 1;
        }
        Ok(n)
    }

    /// Rows per dataset, without reading them.
    pub fn count(&self, dataset: &Dataset) -> Result<u64> {
        let n: i64 = self.conn.query_row(&format!("SELECT count(*) FROM ({})", dataset.sql), [], |r| r.get(0))?;
        Ok(n as u64)
    }
}

fn text_of(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(f) => Some(f.to_string()),
        ValueRef::Text(t) | ValueRef::Blob(t) => Some(String::from_utf8_lossy(t).into_owned()),
    }
}

fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

/// A stored value as a cell of `kind`; what does not fit the kind stays text.
fn cell(v: ValueRef<'_>, kind: ColumnKind) -> Cell {
    if let ValueRef::Null = v {
        return Cell::Null;
    }
    match (kind, v) {
        (Int | Money, ValueRef::Integer(i)) => Cell::Int(i),
        (Int | Money, ValueRef::Real(f)) if f.fract() == 0.0 => Cell::Int(f as i64),
        (Bool, ValueRef::Integer(i)) => Cell::Bool(i != 0),
        _ => {
            let Some(s) = text_of(v) else { return Cell::Null };
            match kind {
                Date => match NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
                    Ok(d) => Cell::Date(d),
                    Err(_) => Cell::Text(s),
                },
                DateTime => match parse_datetime(&s) {
                    Some(t) => Cell::DateTime(t),
                    None => match NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
                        Ok(d) => Cell::Date(d),
                        Err(_) => Cell::Text(s),
                    },
                },
                List => Cell::List(s.split(TAG_SEP).map(str::to_owned).collect()),
                Phones => Cell::Phones(
                    s.split(TAG_SEP)
                        .map(|p| match p.split_once(PHONE_SEP) {
                            Some((e164, display)) => Phone { e164: e164.to_owned(), display: display.to_owned() },
                            None => Phone { e164: p.to_owned(), display: p.to_owned() },
                        })
                        .collect(),
                ),
                _ => Cell::Text(s),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_values_become_cells_of_their_column_kind() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
        for (value, kind, expected) in [
            (ValueRef::Integer(5), Money, Cell::Int(5)),
            (ValueRef::Text(b"2026-01-02"), Date, Cell::Date(d)),
            (ValueRef::Text(b"2026-01-02 10:07:00"), DateTime, Cell::DateTime(d.and_hms_opt(10, 7, 0).unwrap())),
            (ValueRef::Text(b"2026-01-02"), DateTime, Cell::Date(d)),
            (ValueRef::Text(b"02/01/2026"), Date, Cell::Text("02/01/2026".into())),
            (ValueRef::Integer(1), Bool, Cell::Bool(true)),
            (ValueRef::Null, Text, Cell::Null),
            (ValueRef::Text("a\u{1f}b".as_bytes()), List, Cell::List(vec!["a".into(), "b".into()])),
        ] {
            assert_eq!(cell(value, kind), expected, "{value:?} as {kind:?}");
        }
    }
}

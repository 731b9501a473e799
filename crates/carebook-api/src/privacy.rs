//! Personal data (Vietnam's Decree 13/2023): who is working, the audit log,
//! the consent history, and one customer's data exported or erased.
//!
//! Every write method of [`Api`] records an audit entry inside its own
//! transaction through the helpers here (`audit_customer`, `audit_purchase`…);
//! code elsewhere calls [`Api::audit`] with an [`AuditEvent`].

use std::path::PathBuf;

use carebook_core::export::Lang;
use carebook_core::fold::clean_text;
use carebook_core::{
    AuditEntry, Birthday, CalendarKind, ConsentEvent, Customer, CustomerDossier, CustomerId, FieldChange, NoteId,
    PurchaseId, Staff, StaffId, ValidNote,
};
use carebook_store::{AuditFilter, AuditRecord, CustomerRecords, Tx};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::export::{check_target, resolve_file, write_file};
use crate::{Api, ApiError, IdArgs, Result};

/// The longest name an actor may have.
const MAX_ACTOR: usize = 100;

/// Who works at this computer when nobody picked a staff member: the
/// operating system's user name.
pub fn default_actor() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_owned())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "CareBook".to_owned())
}

/// One audit entry as the code that made the change describes it;
/// [`Api::audit`] adds who and when.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEvent {
    /// `create`, `update`, `archive`, `restore`, `delete`, `erase`, `export`,
    /// `import`, `start_own_shop`…
    pub action: &'static str,
    /// `customer`, `purchase`, `note`, `staff`, `shop`…
    pub entity: &'static str,
    pub entity_id: Option<i64>,
    /// The customer the entry is about: erasing them redacts the entry.
    pub customer_id: Option<CustomerId>,
    /// The subject's label now: a name, a file.
    pub summary: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SetActor {
    /// A staff member's name; empty or absent goes back to the computer's user.
    #[ts(optional = nullable)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// Who the audit log names for the changes made now.
    pub actor: String,
    /// The computer's user, used when nobody is picked.
    pub default_actor: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CustomerExportFormat {
    Json,
    Html,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerExportArgs {
    pub id: CustomerId,
    /// A file, or a folder to put `customer-<id>-<date>.<format>` in.
    pub path: String,
    pub format: CustomerExportFormat,
    /// The language of the HTML page.
    #[serde(default)]
    pub lang: Lang,
}

/// A file written by an export.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportedFile {
    pub path: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EraseArgs {
    pub id: CustomerId,
    /// The customer's name as the person typed it to confirm.
    pub confirm_name: String,
}

/// Rows of one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TableRows {
    pub table: String,
    pub rows: i64,
}

/// What the shop holds about a customer (before an erase), or what an
/// erase removed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerData {
    pub id: CustomerId,
    pub name: String,
    /// Rows that belong to the customer, by table (phones, tags, purchases,
    /// notes, consent history, and any table added later).
    pub tables: Vec<TableRows>,
    /// Audit entries about them (kept, with their name removed).
    pub audit_entries: i64,
}

/// What an erase removed.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Erased {
    pub id: CustomerId,
    /// Rows deleted, by table.
    pub tables: Vec<TableRows>,
    /// Audit entries whose personal data was removed.
    pub audit_entries: i64,
    /// The file was rewritten so no older copy of the data remains in its
    /// free space; false when an export running at the same time prevented
    /// it (it happens at the next erase).
    pub compacted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditListArgs {
    pub offset: u32,
    pub limit: u32,
    #[ts(optional = nullable)]
    pub action: Option<String>,
    #[ts(optional = nullable)]
    pub entity: Option<String>,
    #[ts(optional = nullable)]
    pub entity_id: Option<i64>,
    #[ts(optional = nullable)]
    pub customer_id: Option<CustomerId>,
    #[ts(optional = nullable)]
    pub actor: Option<String>,
    /// From this day on.
    #[ts(optional = nullable)]
    pub from: Option<NaiveDate>,
    /// Up to and including this day.
    #[ts(optional = nullable)]
    pub to: Option<NaiveDate>,
}

impl Default for AuditListArgs {
    fn default() -> Self {
        AuditListArgs {
            offset: 0,
            limit: 50,
            action: None,
            entity: None,
            entity_id: None,
            customer_id: None,
            actor: None,
            from: None,
            to: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditList {
    pub total: i64,
    /// Newest first.
    pub rows: Vec<AuditEntry>,
    /// Everyone named in the log, for the filter.
    pub actors: Vec<String>,
}

fn table_rows(r: &CustomerRecords) -> Vec<TableRows> {
    r.tables.iter().map(|(table, rows)| TableRows { table: table.clone(), rows: *rows }).collect()
}

/// Names compare after composing, trimming, collapsing spaces and lower-casing:
/// accents must be typed, case and spacing need not match.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| clean_text(s).split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

fn birthday_text(b: &Birthday) -> String {
    let mut s = format!("{:02}/{:02}", b.day, b.month);
    if let Some(y) = b.year {
        s.push_str(&format!("/{y}"));
    }
    if b.calendar == CalendarKind::Lunar {
        s.push_str(" (lunar)");
    }
    s
}

fn non_empty(v: Vec<String>) -> Option<String> {
    (!v.is_empty()).then(|| v.join(", "))
}

/// A customer's fields as a person reads them, for the audit log.
fn customer_fields(c: &Customer) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("name", Some(c.name.clone())),
        ("phones", non_empty(c.phones.iter().map(|p| p.display.clone()).collect())),
        ("email", c.email.clone()),
        ("birthday", c.birthday.as_ref().map(birthday_text)),
        ("gender", c.gender.map(|g| g.as_str().to_owned())),
        ("address", c.address.clone()),
        ("kind", Some(c.kind.as_str().to_owned())),
        ("source", c.source.clone()),
        ("tags", non_empty(c.tags.clone())),
        ("notes", c.notes.clone()),
        ("consent", Some(c.consent.as_str().to_owned())),
        ("consentDate", c.consent_date.map(|d| d.to_string())),
        ("preferredChannel", c.preferred_channel.map(|ch| ch.as_str().to_owned())),
        ("loyaltyPoints", Some(c.loyalty_points.to_string())),
        ("tier", c.tier.clone()),
    ]
}

/// Fields that differ between `before` and `after`; every set field when
/// there is no `before` (a new record).
pub(crate) fn diff(
    before: &[(&'static str, Option<String>)],
    after: &[(&'static str, Option<String>)],
) -> Vec<FieldChange> {
    after
        .iter()
        .filter_map(|(field, new)| {
            let old = before.iter().find(|(f, _)| f == field).and_then(|(_, v)| v.clone());
            (old != *new).then(|| FieldChange::new(field, old, new.clone()))
        })
        .collect()
}

fn staff_fields(s: &Staff) -> Vec<(&'static str, Option<String>)> {
    vec![
        ("name", Some(s.name.clone())),
        ("role", Some(s.role.as_str().to_owned())),
        ("active", Some(s.active.to_string())),
    ]
}

impl Api {
    /// Who the audit log names for changes made now.
    pub fn actor(&self) -> String {
        self.actor.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Appends `event` to the audit log inside `tx`, naming the current actor
    /// and time; for a customer, also names the actor on the consent changes
    /// the same write caused.
    pub fn audit(&self, tx: &Tx<'_>, event: AuditEvent) -> Result<()> {
        let actor = self.actor();
        if let Some(id) = event.customer_id {
            tx.stamp_consent_actor(id, &actor)?;
        }
        tx.append_audit(&AuditRecord {
            at: self.now(),
            actor: &actor,
            action: event.action,
            entity: event.entity,
            entity_id: event.entity_id,
            customer_id: event.customer_id,
            summary: &event.summary,
            changes: &event.changes,
        })?;
        Ok(())
    }

    /// Audits a write of customer `id`: `create` lists the fields set,
    /// `update` the fields changed from `before` (no entry when none did).
    pub(crate) fn audit_customer(
        &self,
        tx: &Tx<'_>,
        action: &'static str,
        id: CustomerId,
        before: Option<&Customer>,
    ) -> Result<()> {
        let after = tx.customer(id)?;
        let changes = match action {
            "create" => diff(&[], &customer_fields(&after)),
            "update" => diff(&before.map(customer_fields).unwrap_or_default(), &customer_fields(&after)),
            _ => Vec::new(),
        };
        if action == "update" && changes.is_empty() {
            return Ok(());
        }
        self.audit(
            tx,
            AuditEvent {
                action,
                entity: "customer",
                entity_id: Some(id),
                customer_id: Some(id),
                summary: after.name,
                changes,
            },
        )
    }

    pub(crate) fn audit_purchase(&self, tx: &Tx<'_>, id: PurchaseId) -> Result<()> {
        let p = tx.purchase(id)?;
        let customer = tx.customer(p.customer_id)?;
        let fields = vec![
            ("date", Some(p.date.to_string())),
            ("amountVnd", Some(p.amount_vnd.to_string())),
            ("items", p.items.clone()),
            ("staff", p.staff_name.clone()),
        ];
        self.audit(
            tx,
            AuditEvent {
                action: "create",
                entity: "purchase",
                entity_id: Some(id),
                customer_id: Some(p.customer_id),
                summary: customer.name,
                changes: diff(&[], &fields),
            },
        )
    }

    pub(crate) fn audit_note(&self, tx: &Tx<'_>, id: NoteId, note: &ValidNote) -> Result<()> {
        let customer = tx.customer(note.customer_id)?;
        let staff = match note.staff_id {
            Some(sid) => crate::staff_by_id(tx, sid).ok().map(|s| s.name),
            None => None,
        };
        let fields = vec![("body", Some(note.body.clone())), ("staff", staff)];
        self.audit(
            tx,
            AuditEvent {
                action: "create",
                entity: "note",
                entity_id: Some(id),
                customer_id: Some(note.customer_id),
                summary: customer.name,
                changes: diff(&[], &fields),
            },
        )
    }

    pub(crate) fn audit_staff(&self, tx: &Tx<'_>, id: StaffId, before: Option<&Staff>) -> Result<()> {
        let after = crate::staff_by_id(tx, id)?;
        let changes = diff(&before.map(staff_fields).unwrap_or_default(), &staff_fields(&after));
        if before.is_some() && changes.is_empty() {
            return Ok(());
        }
        let action = if before.is_some() { "update" } else { "create" };
        self.audit(
            tx,
            AuditEvent {
                action,
                entity: "staff",
                entity_id: Some(id),
                customer_id: None,
                summary: after.name,
                changes,
            },
        )
    }

    /// A demo book became the shop's own: the demo's entries go with its
    /// data, and the log starts with this one.
    pub(crate) fn audit_start_own_shop(&self, tx: &Tx<'_>) -> Result<()> {
        tx.clear_audit_log()?;
        let shop = tx.settings()?.shop_name;
        self.audit(
            tx,
            AuditEvent {
                action: "start_own_shop",
                entity: "shop",
                entity_id: None,
                customer_id: None,
                summary: shop.clone(),
                changes: vec![FieldChange::new("shopName", None, Some(shop))],
            },
        )
    }

    pub fn session_get(&self) -> Result<Session> {
        Ok(Session { actor: self.actor(), default_actor: default_actor() })
    }

    /// Sets who the audit log names from now on (the "Acting as" choice).
    pub fn session_set_actor(&self, args: SetActor) -> Result<Session> {
        let name = args.name.as_deref().map(clean_text).unwrap_or_default();
        if name.chars().count() > MAX_ACTOR {
            return Err(ApiError::field("name", "too_long", "the name is too long"));
        }
        let actor = if name.is_empty() { default_actor() } else { name };
        *self.actor.lock().unwrap_or_else(|p| p.into_inner()) = actor;
        self.session_get()
    }

    /// A customer's consent changes, newest first.
    pub fn customer_consent_history(&self, args: IdArgs) -> Result<Vec<ConsentEvent>> {
        Ok(self.store().read().consent_history(args.id)?)
    }

    /// What the shop holds about a customer: what an erase would remove.
    pub fn customer_data(&self, args: IdArgs) -> Result<CustomerData> {
        let store = self.store();
        let tx = store.read();
        let c = tx.customer(args.id)?;
        let r = tx.customer_records(args.id)?;
        Ok(CustomerData { id: c.id, name: c.name, tables: table_rows(&r), audit_entries: r.audit_entries })
    }

    /// Everything about one customer, read from one snapshot.
    pub fn customer_dossier(&self, id: CustomerId) -> Result<CustomerDossier> {
        let snapshot = self.store().snapshot()?;
        let tx = snapshot.read();
        let customer = tx.customer(id)?;
        let mut consent_history = tx.consent_history(id)?;
        consent_history.reverse();
        Ok(CustomerDossier {
            format: CustomerDossier::FORMAT.to_owned(),
            version: CustomerDossier::VERSION,
            exported_at: self.now(),
            shop_name: tx.settings()?.shop_name,
            customer,
            consent_history,
            purchases: tx.customer_purchases(id)?,
            notes: tx.customer_notes(id)?,
            requests: {
                let mut r = tx.customer_requests(id)?;
                r.reverse();
                r
            },
            care_tasks: {
                let mut t = tx.customer_care_tasks(id)?;
                t.sort_by_key(|t| (t.due_date, t.id));
                t
            },
            feedback: {
                let mut f = tx.customer_feedback(id)?;
                f.reverse();
                f
            },
            audit: tx.customer_audit(id)?,
        })
    }

    /// Writes everything about one customer to a file: JSON, or a printable
    /// HTML page. The export itself is audited.
    pub fn customer_export(&self, args: CustomerExportArgs) -> Result<ExportedFile> {
        let dossier = self.customer_dossier(args.id)?;
        let ext = match args.format {
            CustomerExportFormat::Json => "json",
            CustomerExportFormat::Html => "html",
        };
        let default_name = format!("customer-{}-{}.{ext}", args.id, self.today());
        let path: PathBuf = resolve_file(&args.path, &default_name)?;
        check_target(&path, ext, &self.db_path())?;
        let bytes = match args.format {
            CustomerExportFormat::Json => serde_json::to_vec_pretty(&dossier)
                .map_err(|e| ApiError::internal(format!("cannot encode the customer's data: {e}")))?,
            CustomerExportFormat::Html => carebook_export::html::customer_page(&dossier, args.lang).into_bytes(),
        };
        let size = write_file(&path, &bytes)?;
        let shown = path.display().to_string();
        self.store().transaction(|tx| {
            self.audit(
                tx,
                AuditEvent {
                    action: "export",
                    entity: "customer",
                    entity_id: Some(args.id),
                    customer_id: Some(args.id),
                    summary: dossier.customer.name.clone(),
                    changes: vec![
                        FieldChange::new("format", None, Some(ext.to_owned())),
                        FieldChange::new("path", None, Some(shown.clone())),
                    ],
                },
            )
        })?;
        Ok(ExportedFile { path: shown, bytes: size })
    }

    /// Erases a customer completely, active or archived, once their name is
    /// typed to confirm: the customer and every row that belongs to them are
    /// deleted and overwritten, and the audit log keeps only who did what and
    /// when, naming them `#id`, plus one `erase` entry.
    pub fn customer_erase(&self, args: EraseArgs) -> Result<Erased> {
        let mut store = self.store();
        let erased = store.erase_transaction(|tx| {
            let c = tx.customer(args.id)?;
            if !same_name(&c.name, &args.confirm_name) {
                return Err(ApiError::field(
                    "confirmName",
                    "name_mismatch",
                    "the name typed does not match the customer's name",
                ));
            }
            let removed = tx.erase_customer(args.id)?;
            let tables = table_rows(&removed);
            let changes = tables
                .iter()
                .filter(|t| t.rows > 0)
                .map(|t| FieldChange::new(&t.table, Some(t.rows.to_string()), Some("0".to_owned())))
                .collect();
            self.audit(
                tx,
                AuditEvent {
                    action: "erase",
                    entity: "customer",
                    entity_id: Some(args.id),
                    customer_id: None,
                    summary: format!("#{}", args.id),
                    changes,
                },
            )?;
            Ok(Erased { id: args.id, tables, audit_entries: removed.audit_entries, compacted: false })
        })?;
        // The erase is committed; rewriting the file only removes leftovers.
        let compacted = store.purge_free_space().is_ok();
        Ok(Erased { compacted, ..erased })
    }

    /// A page of the audit log, newest first.
    pub fn audit_list(&self, args: AuditListArgs) -> Result<AuditList> {
        let store = self.store();
        let tx = store.read();
        let page = tx.audit_page(&AuditFilter {
            action: args.action.filter(|s| !s.is_empty()),
            entity: args.entity.filter(|s| !s.is_empty()),
            entity_id: args.entity_id,
            customer_id: args.customer_id,
            actor: args.actor.filter(|s| !s.is_empty()),
            from: args.from.and_then(|d| d.and_hms_opt(0, 0, 0)),
            until: args.to.and_then(|d| d.succ_opt()).and_then(|d| d.and_hms_opt(0, 0, 0)),
            offset: args.offset,
            limit: args.limit.clamp(1, 500),
        })?;
        Ok(AuditList { total: page.total, rows: page.rows, actors: tx.audit_actors()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_names_match_without_case_or_spacing_but_with_accents() {
        for (typed, ok) in [
            ("Nguyễn Văn An", true),
            ("  nguyễn   văn an ", true),
            ("Nguye\u{0302}\u{0303}n Văn An", true),
            ("Nguyen Van An", false),
            ("Nguyễn Văn", false),
            ("", false),
        ] {
            assert_eq!(same_name("Nguyễn Văn An", typed), ok, "{typed:?}");
        }
    }

    #[test]
    fn diff_lists_changed_fields_only() {
        let before = vec![("name", Some("An".to_owned())), ("email", None), ("tier", Some("Vàng".to_owned()))];
        let after = vec![("name", Some("An".to_owned())), ("email", Some("an@x.vn".to_owned())), ("tier", None)];
        assert_eq!(
            diff(&before, &after),
            vec![
                FieldChange::new("email", None, Some("an@x.vn".into())),
                FieldChange::new("tier", Some("Vàng".into()), None),
            ]
        );
        assert_eq!(diff(&[], &after).len(), 2, "a new record lists the fields it sets");
    }
}

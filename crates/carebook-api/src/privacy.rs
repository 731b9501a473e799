//! Personal data (Vietnam's Decree 13/2023): a customer's consent history,
//! everything the shop holds about one customer (exported as JSON or a
//! printable page), and erasing a customer completely.

use std::path::PathBuf;

use carebook_core::export::Lang;
use carebook_core::fold::clean_text;
use carebook_core::{AuditAction, AuditEntity, ConsentEvent, CustomerDossier, CustomerId, FieldChange};
use carebook_store::CustomerRecords;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::AuditEvent;
use crate::files::{check_target, resolve_file, write_file};
use crate::{Api, ApiError, IdArgs, Result};

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
    /// free space; false when that failed (an export running at the same
    /// time): the book remembers it and the background jobs try again every
    /// minute until it succeeds.
    pub compacted: bool,
    /// Why the file could not be rewritten, when it could not.
    #[ts(optional = nullable)]
    pub purge_error: Option<String>,
}

/// The setting that says an erasure's rewrite of the file is still to do.
pub(crate) const KEY_PURGE_PENDING: &str = "purge_pending";

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

impl Api {
    /// A customer's consent changes, newest first.
    pub fn customer_consent_history(&self, args: IdArgs) -> Result<Vec<ConsentEvent>> {
        self.read(|tx| Ok(tx.consent_history(args.id)?))
    }

    /// What the shop holds about a customer: what an erase would remove.
    pub fn customer_data(&self, args: IdArgs) -> Result<CustomerData> {
        self.read(|tx| {
            let c = tx.customer(args.id)?;
            let r = tx.customer_records(args.id)?;
            Ok(CustomerData { id: c.id, name: c.name, tables: table_rows(&r), audit_entries: r.audit_entries })
        })
    }

    /// Everything about one customer, read from one snapshot.
    pub fn customer_dossier(&self, id: CustomerId) -> Result<CustomerDossier> {
        let snapshot = self.snapshot()?;
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
        self.write().transaction(|tx| {
            self.audit(
                tx,
                AuditEvent {
                    action: AuditAction::Export,
                    entity: AuditEntity::Customer,
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
        let mut store = self.write();
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
                    action: AuditAction::Erase,
                    entity: AuditEntity::Customer,
                    entity_id: Some(args.id),
                    customer_id: None,
                    summary: format!("#{}", args.id),
                    changes,
                },
            )?;
            // Set until the rewrite below succeeds, here or in a later try.
            tx.set_setting(KEY_PURGE_PENDING, "1")?;
            Ok(Erased {
                id: args.id,
                tables,
                audit_entries: removed.audit_entries,
                compacted: false,
                purge_error: None,
            })
        })?;
        // The erase is committed; rewriting the file only removes leftovers.
        drop(store);
        match self.purge_pending() {
            Ok(_) => Ok(Erased { compacted: true, ..erased }),
            Err(e) => Ok(Erased { purge_error: Some(e.message), ..erased }),
        }
    }

    /// Rewrites the file (`VACUUM`, WAL emptied) when an erasure left that
    /// to do; `Ok(true)` when it did. The background jobs call it every
    /// minute, so a rewrite an export prevented happens once the export ends.
    pub fn purge_pending(&self) -> Result<bool> {
        let mut store = self.write();
        if store.read().setting(KEY_PURGE_PENDING)?.as_deref() != Some("1") {
            return Ok(false);
        }
        store.purge_free_space().map_err(|e| {
            ApiError::internal(format!(
                "the customer was erased, but the file could not be rewritten yet ({e}); CareBook tries again every minute"
            ))
        })?;
        // Cleared after the rewrite: a crash between the two costs one
        // rewrite too many, never one too few.
        store.transaction(|tx| tx.set_setting(KEY_PURGE_PENDING, ""))?;
        Ok(true)
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
}

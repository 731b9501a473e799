//! The audit log: who works at this computer (the actor), the entry every
//! write appends inside its own transaction, and reading the log.
//!
//! Every write method of [`Api`] records an entry through the helpers here
//! (`audit_customer`, `audit_purchase`…); code elsewhere calls [`Api::audit`]
//! with an [`AuditEvent`] whose action and entity are enumerations with labels
//! (see `carebook_core::labels`).

use carebook_core::fold::clean_text;
use carebook_core::{
    AuditAction, AuditEntity, AuditEntry, Birthday, CalendarKind, Customer, CustomerId, FieldChange, NoteId,
    PurchaseId, Staff, StaffId, ValidNote,
};
use carebook_store::{AuditFilter, AuditRecord, Tx};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Api, ApiError, Result};

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
    pub action: AuditAction,
    /// `customer`, `purchase`, `note`, `staff`, `shop`…
    pub entity: AuditEntity,
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
            action: event.action.as_str(),
            entity: event.entity.as_str(),
            entity_id: event.entity_id,
            customer_id: event.customer_id,
            summary: &event.summary,
            changes: &event.changes,
        })?;
        Ok(())
    }

    /// Audits a write of customer `id`: `create` lists the fields set,
    /// `update` the fields changed from `before` (no entry when none did).
    /// An entry about the shop itself (its settings, backups, the book's place).
    pub(crate) fn audit_shop(
        &self,
        tx: &Tx<'_>,
        action: AuditAction,
        summary: String,
        changes: Vec<FieldChange>,
    ) -> Result<()> {
        self.audit(
            tx,
            AuditEvent { action, entity: AuditEntity::Shop, entity_id: None, customer_id: None, summary, changes },
        )
    }

    /// A change of one of the shop's settings, under the shop's name.
    pub(crate) fn audit_shop_setting(&self, tx: &Tx<'_>, changes: Vec<FieldChange>) -> Result<()> {
        let summary = tx.settings()?.shop_name;
        self.audit_shop(tx, AuditAction::Update, summary, changes)
    }

    pub(crate) fn audit_customer(
        &self,
        tx: &Tx<'_>,
        action: AuditAction,
        id: CustomerId,
        before: Option<&Customer>,
    ) -> Result<()> {
        let after = tx.customer(id)?;
        let changes = match action {
            AuditAction::Create => diff(&[], &customer_fields(&after)),
            AuditAction::Update => diff(&before.map(customer_fields).unwrap_or_default(), &customer_fields(&after)),
            _ => Vec::new(),
        };
        if action == AuditAction::Update && changes.is_empty() {
            return Ok(());
        }
        self.audit(
            tx,
            AuditEvent {
                action,
                entity: AuditEntity::Customer,
                entity_id: Some(id),
                customer_id: Some(id),
                summary: after.name,
                changes,
            },
        )
    }

    /// Audits a new purchase and the points it earned.
    pub(crate) fn audit_purchase(&self, tx: &Tx<'_>, id: PurchaseId, earned: i64) -> Result<()> {
        let p = tx.purchase(id)?;
        let customer = tx.customer(p.customer_id)?;
        let fields = vec![
            ("date", Some(p.date.to_string())),
            ("amountVnd", Some(p.amount_vnd.to_string())),
            ("items", p.items.clone()),
            ("staff", p.staff_name.clone()),
            ("points", (earned != 0).then(|| earned.to_string())),
        ];
        self.audit(
            tx,
            AuditEvent {
                action: AuditAction::Create,
                entity: AuditEntity::Purchase,
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
                action: AuditAction::Create,
                entity: AuditEntity::Note,
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
        let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
        self.audit(
            tx,
            AuditEvent {
                action,
                entity: AuditEntity::Staff,
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
                action: AuditAction::StartOwnShop,
                entity: AuditEntity::Shop,
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

    /// A page of the audit log, newest first.
    pub fn audit_list(&self, args: AuditListArgs) -> Result<AuditList> {
        let filter = AuditFilter {
            action: args.action.filter(|s| !s.is_empty()),
            entity: args.entity.filter(|s| !s.is_empty()),
            entity_id: args.entity_id,
            customer_id: args.customer_id,
            actor: args.actor.filter(|s| !s.is_empty()),
            from: args.from.and_then(|d| d.and_hms_opt(0, 0, 0)),
            until: args.to.and_then(|d| d.succ_opt()).and_then(|d| d.and_hms_opt(0, 0, 0)),
            offset: args.offset,
            limit: args.limit.clamp(1, 500),
        };
        self.read(|tx| {
            let page = tx.audit_page(&filter)?;
            Ok(AuditList { total: page.total, rows: page.rows, actors: tx.audit_actors()? })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! The loyalty programme, wired: a customer's ledger and standing, manual
//! adjustments and redemptions (each audited), the rate and tiers as a
//! setting, and deleting a purchase with the reversal of its points. The
//! arithmetic is `carebook-care`'s `loyalty.rs`; the rows are the store's.

use carebook_care::loyalty::{check_manual, standing, tier_events};
use carebook_care::{EntryKind, LedgerEntry, LoyaltyRules, Standing, Tier, TierReached};
use carebook_core::export::Lang;
use carebook_core::{AuditAction, AuditEntity, CustomerId, FieldChange};
use carebook_store::{NewEntry, Tx};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::{AuditEvent, diff};
use crate::{Api, Empty, IdArgs, Result};

/// A customer's points: where they stand and every entry.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoyaltyView {
    pub customer_id: CustomerId,
    pub standing: Standing,
    /// Newest first.
    pub entries: Vec<LedgerEntry>,
    /// The days each tier was first reached, oldest first.
    pub tiers_reached: Vec<TierReached>,
    /// All tiers of the programme, lowest first.
    pub tiers: Vec<Tier>,
    /// Đồng paid for one point.
    pub vnd_per_point: i64,
}

/// A change of a customer's points typed by a person.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PointsChange {
    pub customer_id: CustomerId,
    /// For an adjustment: signed, not 0. For a redemption: the points spent (positive).
    pub points: i64,
    /// Why; required.
    pub reason: String,
}

fn rules_fields(r: &LoyaltyRules) -> Vec<(&'static str, Option<String>)> {
    let tiers = r.tiers.iter().map(|t| format!("{} / {} ≥ {}", t.name_vi, t.name_en, t.min_points)).collect::<Vec<_>>();
    vec![("vndPerPoint", Some(r.vnd_per_point.to_string())), ("tiers", Some(tiers.join("; ")))]
}

impl Api {
    /// The view of one customer's points inside `tx`.
    fn loyalty_view(tx: &Tx<'_>, customer_id: CustomerId) -> Result<LoyaltyView> {
        let rules = tx.loyalty_rules()?;
        let entries = tx.ledger(customer_id)?;
        let mut newest_first = entries.clone();
        newest_first.reverse();
        Ok(LoyaltyView {
            customer_id,
            standing: standing(&entries, &rules),
            tiers_reached: tier_events(&entries, &rules),
            entries: newest_first,
            tiers: rules.tiers.clone(),
            vnd_per_point: rules.vnd_per_point,
        })
    }

    /// The name in `lang` of the tier a customer's ledger gives (`{tier}` in
    /// a message), by the shop's rules.
    pub(crate) fn ledger_tier(tx: &Tx<'_>, customer_id: CustomerId, lang: Lang) -> Result<String> {
        let rules = tx.loyalty_rules()?;
        let lifetime = carebook_care::loyalty::lifetime_points(&tx.ledger(customer_id)?);
        let tier = carebook_care::loyalty::tier_for(lifetime, &rules);
        Ok(lang.pick(&tier.name_vi, &tier.name_en).to_owned())
    }

    pub fn loyalty_get(&self, args: IdArgs) -> Result<LoyaltyView> {
        self.read(|tx| Self::loyalty_view(tx, args.id))
    }

    /// A correction up or down, with its reason.
    pub fn loyalty_adjust(&self, args: PointsChange) -> Result<LoyaltyView> {
        self.write_points(args, EntryKind::Adjust, AuditAction::AdjustPoints)
    }

    /// Points spent on a reward: refused beyond the balance.
    pub fn loyalty_redeem(&self, args: PointsChange) -> Result<LoyaltyView> {
        self.write_points(args, EntryKind::Redeem, AuditAction::RedeemPoints)
    }

    fn write_points(&self, args: PointsChange, kind: EntryKind, action: AuditAction) -> Result<LoyaltyView> {
        let (today, now) = (self.today(), self.now());
        self.write().transaction(|tx| {
            let name = tx.customer_name(args.customer_id)?;
            let entries = tx.ledger(args.customer_id)?;
            let before = carebook_care::loyalty::balance(&entries);
            check_manual(kind, args.points, &args.reason, before)?;
            let points = if kind == EntryKind::Redeem { -args.points } else { args.points };
            let entry = NewEntry {
                customer_id: args.customer_id,
                at: today,
                kind,
                points,
                reason: Some(args.reason.trim().to_owned()),
                purchase_id: None,
                import_batch_id: None,
            };
            LedgerEntry {
                id: 0,
                customer_id: entry.customer_id,
                at: entry.at,
                kind,
                points,
                reason: entry.reason.clone(),
                purchase_id: None,
            }
            .validate()?;
            let id = tx.insert_ledger_entry(&entry, now)?;
            let written = tx.ledger_entry(id)?;
            let changes = vec![
                FieldChange::new("points", None, Some(points.to_string())),
                FieldChange::new("reason", None, written.reason.clone()),
                FieldChange::new("loyaltyPoints", Some(before.to_string()), Some((before + points).to_string())),
            ];
            self.audit(
                tx,
                AuditEvent {
                    action,
                    entity: AuditEntity::Loyalty,
                    entity_id: Some(id),
                    customer_id: Some(args.customer_id),
                    summary: name,
                    changes,
                },
            )?;
            // A tier reached by a correction fires its plan at once.
            self.care_generate_for(tx, args.customer_id)?;
            Self::loyalty_view(tx, args.customer_id)
        })
    }

    pub fn loyalty_rules_get(&self) -> Result<LoyaltyRules> {
        self.read(|tx| Ok(tx.loyalty_rules()?))
    }

    /// Saves the rate and tiers. A new rate counts for purchases recorded
    /// from now on; points already earned stay.
    pub fn loyalty_rules_set(&self, rules: LoyaltyRules) -> Result<LoyaltyRules> {
        let mut rules = rules;
        for t in &mut rules.tiers {
            t.key = t.key.trim().to_owned();
            t.name_vi = t.name_vi.trim().to_owned();
            t.name_en = t.name_en.trim().to_owned();
        }
        rules.validate()?;
        self.write().transaction(|tx| {
            let before = tx.loyalty_rules()?;
            tx.save_loyalty_rules(&rules)?;
            let changes = diff(&rules_fields(&before), &rules_fields(&rules));
            if !changes.is_empty() {
                self.audit(
                    tx,
                    AuditEvent {
                        action: AuditAction::Update,
                        entity: AuditEntity::LoyaltyRules,
                        entity_id: None,
                        customer_id: None,
                        summary: format!("{} ₫ / điểm", rules.vnd_per_point),
                        changes,
                    },
                )?;
            }
            Ok(tx.loyalty_rules()?)
        })
    }

    /// Deletes a purchase (typed in error); the points it earned are taken
    /// back by a reversal entry in the customer's ledger.
    pub fn purchase_delete(&self, args: IdArgs) -> Result<Empty> {
        let (today, now) = (self.today(), self.now());
        self.write().transaction(|tx| {
            let p = tx.purchase(args.id)?;
            let name = tx.customer_name(p.customer_id)?;
            let reversed = tx.delete_purchase(args.id, today, now)?;
            let mut changes: Vec<FieldChange> = [
                ("date", Some(p.date.to_string())),
                ("amountVnd", Some(p.amount_vnd.to_string())),
                ("items", p.items.clone()),
                ("staff", p.staff_name.clone()),
            ]
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .map(|(f, v)| FieldChange::new(f, v, None))
            .collect();
            if reversed != 0 {
                changes.push(FieldChange::new("points", None, Some(reversed.to_string())));
            }
            self.audit(
                tx,
                AuditEvent {
                    action: AuditAction::Delete,
                    entity: AuditEntity::Purchase,
                    entity_id: Some(args.id),
                    customer_id: Some(p.customer_id),
                    summary: name,
                    changes,
                },
            )?;
            Ok(Empty {})
        })
    }
}

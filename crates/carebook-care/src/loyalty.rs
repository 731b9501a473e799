//! Loyalty points as a ledger: every change is an entry, the balance is the
//! sum. Tiers are reached by *lifetime* points — every entry except
//! redemptions — so spending points on a reward never costs a customer their
//! tier, while undoing a purchase (a reversal) or a negative adjustment does
//! take back the points it gave.

use std::sync::LazyLock;

use carebook_core::{CustomerId, FieldError, PurchaseId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::LoyaltyError;
use crate::text::field_error;

/// What a ledger entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// The balance brought over from an earlier system.
    Opening,
    /// Points earned by a purchase (`purchase_id` set).
    Earn,
    /// A manual correction, up or down; needs a reason.
    Adjust,
    /// Points spent on a reward (negative); needs a reason.
    Redeem,
    /// Undoes an [`EntryKind::Earn`] when its purchase or import is undone (negative).
    Reverse,
}

/// One change of a customer's points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LedgerEntry {
    /// Written in order: orders entries of the same day.
    pub id: i64,
    /// Whose points.
    pub customer_id: CustomerId,
    /// The day the points changed.
    pub at: NaiveDate,
    /// What the change is.
    pub kind: EntryKind,
    /// Signed: positive adds to the balance.
    pub points: i64,
    /// Why (required for adjustments and redemptions).
    #[ts(optional = nullable)]
    pub reason: Option<String>,
    /// The purchase an `Earn` or `Reverse` belongs to.
    #[ts(optional = nullable)]
    pub purchase_id: Option<PurchaseId>,
}

impl LedgerEntry {
    /// Field errors of an entry on its own: `Earn` ≥ 0 and `Reverse` ≤ 0
    /// with a purchase; `Redeem` < 0 and `Adjust` ≠ 0 with a reason.
    /// Codes: `required`, `number_invalid`. Whether a redemption fits the
    /// balance is [`check_redeem`]'s question.
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let sign_ok = match self.kind {
            EntryKind::Opening => true,
            EntryKind::Earn => self.points >= 0,
            EntryKind::Adjust => self.points != 0,
            EntryKind::Redeem => self.points < 0,
            EntryKind::Reverse => self.points <= 0,
        };
        if !sign_ok {
            errors.push(field_error("points", "number_invalid", format!("{:?} of {} points", self.kind, self.points)));
        }
        let needs_reason = matches!(self.kind, EntryKind::Adjust | EntryKind::Redeem);
        if needs_reason && self.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
            errors.push(field_error("reason", "required", "say why the points change"));
        }
        let needs_purchase = matches!(self.kind, EntryKind::Earn | EntryKind::Reverse);
        if needs_purchase && self.purchase_id.is_none() {
            errors.push(field_error("purchaseId", "required", "earned points belong to a purchase"));
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// A loyalty tier, reached at `min_points` lifetime points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Tier {
    /// Stable (`member`, `silver` …): tasks and tier events refer to it.
    pub key: String,
    /// Name shown in Vietnamese (`Vàng`).
    pub name_vi: String,
    /// Name shown in English (`Gold`).
    pub name_en: String,
    /// Lifetime points from which the tier is reached.
    pub min_points: i64,
}

/// How points are earned and which tiers they reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoyaltyRules {
    /// Đồng paid for one point.
    pub vnd_per_point: i64,
    /// Lowest first; the first starts at 0.
    pub tiers: Vec<Tier>,
}

fn tier(key: &str, name_vi: &str, name_en: &str, min_points: i64) -> Tier {
    Tier { key: key.to_owned(), name_vi: name_vi.to_owned(), name_en: name_en.to_owned(), min_points }
}

/// The tiers shipped with CareBook, for 1 point per 10.000 ₫.
///
/// Thresholds in spending: Bạc at 2.000.000 ₫, Vàng at 5.000.000 ₫, Kim
/// cương at 15.000.000 ₫. For a café (about 50.000 ₫ a visit) a weekly
/// regular reaches Bạc in under a year; for a salon or boutique (about
/// 300.000–500.000 ₫ a visit) a monthly customer reaches Bạc in half a year
/// and Vàng in about a year and a half. Kim cương is the handful of best
/// customers a small shop knows by name. Tiers a customer cannot reach in a
/// year or two do not change behaviour, and tiers everyone reaches mean
/// nothing: these sit in between.
pub fn default_tiers() -> Vec<Tier> {
    vec![
        tier("member", "Thành viên", "Member", 0),
        tier("silver", "Bạc", "Silver", 200),
        tier("gold", "Vàng", "Gold", 500),
        tier("diamond", "Kim cương", "Diamond", 1_500),
    ]
}

impl Default for LoyaltyRules {
    /// 1 point per 10.000 ₫ and [`default_tiers`].
    fn default() -> Self {
        LoyaltyRules { vnd_per_point: 10_000, tiers: default_tiers() }
    }
}

impl LoyaltyRules {
    /// Field errors: `vndPerPoint` > 0 (`number_invalid`); at least one tier
    /// (`tiers` `required`); per tier `tiers[i].key` / `.nameVi` / `.nameEn`
    /// non-empty (`required`), keys distinct (`duplicate`); the first
    /// `minPoints` 0 (`first_not_zero`), the others strictly increasing
    /// (`not_increasing`).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.vnd_per_point <= 0 {
            errors.push(field_error("vndPerPoint", "number_invalid", "one point costs at least 1 đồng"));
        }
        if self.tiers.is_empty() {
            errors.push(field_error("tiers", "required", "at least one tier"));
        }
        for (i, t) in self.tiers.iter().enumerate() {
            for (field, value) in [("key", &t.key), ("nameVi", &t.name_vi), ("nameEn", &t.name_en)] {
                if value.trim().is_empty() {
                    errors.push(field_error(
                        format!("tiers[{i}].{field}"),
                        "required",
                        format!("tier {field} is empty"),
                    ));
                }
            }
            if !t.key.trim().is_empty() && self.tiers[..i].iter().any(|o| o.key == t.key) {
                errors.push(field_error(format!("tiers[{i}].key"), "duplicate", format!("tier {} twice", t.key)));
            }
            let field = format!("tiers[{i}].minPoints");
            if i == 0 && t.min_points != 0 {
                errors.push(field_error(field, "first_not_zero", "the first tier starts at 0 points"));
            } else if i > 0 && t.min_points <= self.tiers[i - 1].min_points {
                errors.push(field_error(field, "not_increasing", "each tier needs more points than the one before"));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    /// The tier with this key.
    pub fn tier(&self, key: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.key == key)
    }
}

/// Points earned by paying `amount_vnd` (the amount actually paid, after any
/// discount or reward): rounded down, never negative.
pub fn points_for_purchase(amount_vnd: i64, rules: &LoyaltyRules) -> i64 {
    if rules.vnd_per_point <= 0 || amount_vnd <= 0 { 0 } else { amount_vnd / rules.vnd_per_point }
}

/// The points a customer has: the sum of the ledger.
pub fn balance(entries: &[LedgerEntry]) -> i64 {
    entries.iter().map(|e| e.points).sum()
}

/// Lifetime points: every entry but redemptions (opening, earned and
/// adjustments count with their sign, reversals take back what they undo).
pub fn lifetime_points(entries: &[LedgerEntry]) -> i64 {
    entries.iter().filter(|e| e.kind != EntryKind::Redeem).map(|e| e.points).sum()
}

/// Whether `points` (a positive number) may be redeemed from `balance`.
pub fn check_redeem(balance: i64, points: i64) -> Result<(), LoyaltyError> {
    if points <= 0 {
        Err(LoyaltyError::RedeemNotPositive { points })
    } else if points > balance {
        Err(LoyaltyError::RedeemOverBalance { points, balance })
    } else {
        Ok(())
    }
}

/// The longest reason a person may type for a change of points.
pub const MAX_REASON_CHARS: usize = 500;

/// Field errors of a change typed by a person: an adjustment of `points`
/// (signed) or a redemption of `points` (the points spent, positive) from
/// `balance`. `reason`: `required`, `too_long`; `points`: `points_zero` (an
/// adjustment of 0), `redeem_not_positive`, `redeem_over_balance`.
pub fn check_manual(kind: EntryKind, points: i64, reason: &str, balance: i64) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    let reason = reason.trim();
    if reason.is_empty() {
        errors.push(field_error("reason", "required", "say why the points change"));
    } else if reason.chars().count() > MAX_REASON_CHARS {
        errors.push(field_error("reason", "too_long", format!("at most {MAX_REASON_CHARS} characters")));
    }
    match kind {
        EntryKind::Redeem => {
            if let Err(e) = check_redeem(balance, points) {
                errors.push(field_error("points", e.code(), e.to_string()));
            }
        }
        _ if points == 0 => errors.push(field_error("points", "points_zero", "change the points by at least 1")),
        _ => {}
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

/// The points a `Reverse` entry for `purchase_id` carries: minus what that
/// purchase earned and was not reversed yet (0 once reversed).
pub fn reversal_points(entries: &[LedgerEntry], purchase_id: PurchaseId) -> i64 {
    let net: i64 = entries
        .iter()
        .filter(|e| e.purchase_id == Some(purchase_id) && matches!(e.kind, EntryKind::Earn | EntryKind::Reverse))
        .map(|e| e.points)
        .sum();
    -net.max(0)
}

/// Used when rules have no tiers at all (they fail validation).
static FALLBACK_TIER: LazyLock<Tier> = LazyLock::new(|| tier("member", "Thành viên", "Member", 0));

/// The highest tier whose threshold `lifetime_points` reaches; the first tier
/// below every threshold.
pub fn tier_for(lifetime_points: i64, rules: &LoyaltyRules) -> &Tier {
    let index = tier_index(lifetime_points, rules);
    rules.tiers.get(index).unwrap_or(&FALLBACK_TIER)
}

fn tier_index(lifetime_points: i64, rules: &LoyaltyRules) -> usize {
    rules.tiers.iter().rposition(|t| t.min_points <= lifetime_points).unwrap_or(0)
}

/// The day a customer first reached a tier.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TierReached {
    /// [`Tier::key`].
    pub tier_key: String,
    /// The day of the entry that reached it.
    pub on: NaiveDate,
    /// [`Tier::name_vi`] in the rules it was read with (the shop's own names).
    pub name_vi: String,
    /// [`Tier::name_en`] likewise.
    pub name_en: String,
}

/// The days each tier above the first was first reached, reading one
/// customer's entries by date, then id. Jumping several tiers at once gives
/// one event per tier that day; a tier lost by a reversal and reached again
/// counts once (its first day).
///
/// Points brought over ([`EntryKind::Opening`]: a migrated or imported
/// balance) count towards the tier but reach nothing: a customer who comes
/// with 600 points starts at the tier those points give, and only a tier
/// above it, reached by later entries, is an event. Otherwise importing a
/// shop's list, or upgrading an old book, would invite every customer to a
/// loyalty event for tiers they reached long ago.
pub fn tier_events(entries: &[LedgerEntry], rules: &LoyaltyRules) -> Vec<TierReached> {
    let mut ordered: Vec<&LedgerEntry> = entries.iter().collect();
    ordered.sort_by_key(|e| (e.at, e.id));
    let mut events = Vec::new();
    let mut lifetime = 0;
    let mut highest = 0;
    for e in ordered {
        if e.kind == EntryKind::Redeem {
            continue;
        }
        lifetime += e.points;
        let index = tier_index(lifetime, rules);
        if index > highest {
            if e.kind != EntryKind::Opening {
                events.extend(rules.tiers[highest + 1..=index].iter().map(|t| TierReached {
                    tier_key: t.key.clone(),
                    on: e.at,
                    name_vi: t.name_vi.clone(),
                    name_en: t.name_en.clone(),
                }));
            }
            highest = index;
        }
    }
    events
}

/// Where a customer stands: the balance, lifetime points, the tier they
/// give and how far the next tier is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Standing {
    /// [`balance`].
    pub balance: i64,
    /// [`lifetime_points`].
    pub lifetime: i64,
    /// [`tier_for`] the lifetime points.
    pub tier: Tier,
    /// The tier above, if any.
    #[ts(optional = nullable)]
    pub next_tier: Option<Tier>,
    /// Lifetime points still missing for the next tier (0 at the top).
    pub points_to_next: i64,
}

/// A customer's [`Standing`] from their entries.
pub fn standing(entries: &[LedgerEntry], rules: &LoyaltyRules) -> Standing {
    let lifetime = lifetime_points(entries);
    let index = tier_index(lifetime, rules);
    let next_tier = rules.tiers.get(index + 1).cloned();
    Standing {
        balance: balance(entries),
        lifetime,
        tier: tier_for(lifetime, rules).clone(),
        points_to_next: next_tier.as_ref().map_or(0, |t| t.min_points - lifetime),
        next_tier,
    }
}

/// The entry that brings a customer's balance from `balance` to `target`
/// (a balance typed in a form, a points column of an imported file): the
/// difference, or nothing when they are equal.
pub fn points_to_reach(balance: i64, target: i64) -> Option<i64> {
    (balance != target).then(|| target - balance)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).expect("date") + chrono::Days::new(u64::from(d))
    }

    /// A small ledger builder: ids in order of writing.
    #[derive(Default)]
    struct Book {
        entries: Vec<LedgerEntry>,
    }

    impl Book {
        fn push(&mut self, at: u32, kind: EntryKind, points: i64, reason: Option<&str>, purchase_id: Option<i64>) {
            let id = self.entries.len() as i64 + 1;
            let e = LedgerEntry {
                id,
                customer_id: 7,
                at: day(at),
                kind,
                points,
                reason: reason.map(Into::into),
                purchase_id,
            };
            assert_eq!(e.validate(), Ok(()), "{e:?}");
            self.entries.push(e);
        }

        fn purchase(&mut self, at: u32, purchase_id: i64, amount: i64) {
            let points = points_for_purchase(amount, &LoyaltyRules::default());
            self.push(at, EntryKind::Earn, points, None, Some(purchase_id));
        }

        fn undo_purchase(&mut self, at: u32, purchase_id: i64) {
            let points = reversal_points(&self.entries, purchase_id);
            self.push(at, EntryKind::Reverse, points, None, Some(purchase_id));
        }

        fn redeem(&mut self, at: u32, points: i64) -> Result<(), LoyaltyError> {
            check_redeem(balance(&self.entries), points)?;
            self.push(at, EntryKind::Redeem, -points, Some("Đổi quà"), None);
            Ok(())
        }
    }

    #[test]
    fn points_for_purchases_round_down_and_are_never_negative() {
        let rules = LoyaltyRules::default();
        for (amount, points) in [
            (0, 0),
            (9_999, 0),
            (10_000, 1),
            (19_999, 1),
            (1_250_000, 125),
            (-50_000, 0),
            (i64::MAX, i64::MAX / 10_000),
        ] {
            assert_eq!(points_for_purchase(amount, &rules), points, "{amount}");
        }
        let kiotviet = LoyaltyRules { vnd_per_point: 100_000, ..LoyaltyRules::default() };
        assert_eq!(points_for_purchase(1_250_000, &kiotviet), 12);
        let broken = LoyaltyRules { vnd_per_point: 0, ..LoyaltyRules::default() };
        assert_eq!(points_for_purchase(1_250_000, &broken), 0, "no division by zero");
    }

    #[test]
    fn a_reversal_takes_back_exactly_what_the_purchase_earned() {
        let mut book = Book::default();
        book.push(0, EntryKind::Opening, 40, None, None);
        book.purchase(1, 101, 1_259_000);
        book.purchase(2, 102, 85_000);
        assert_eq!(balance(&book.entries), 40 + 125 + 8);
        book.undo_purchase(3, 101);
        assert_eq!(book.entries.last().map(|e| e.points), Some(-125));
        assert_eq!(balance(&book.entries), 40 + 8);
        assert_eq!(reversal_points(&book.entries, 101), 0, "a second undo takes nothing more");
        assert_eq!(reversal_points(&book.entries, 102), -8);
        assert_eq!(reversal_points(&book.entries, 999), 0, "an unknown purchase earned nothing");
        assert_eq!(lifetime_points(&book.entries), 48);
    }

    #[test]
    fn redemptions_need_points_and_never_go_beyond_the_balance() {
        for (balance, points, expected) in [
            (100, 100, Ok(())),
            (100, 1, Ok(())),
            (100, 101, Err(LoyaltyError::RedeemOverBalance { points: 101, balance: 100 })),
            (0, 1, Err(LoyaltyError::RedeemOverBalance { points: 1, balance: 0 })),
            (-5, 1, Err(LoyaltyError::RedeemOverBalance { points: 1, balance: -5 })),
            (100, 0, Err(LoyaltyError::RedeemNotPositive { points: 0 })),
            (100, -20, Err(LoyaltyError::RedeemNotPositive { points: -20 })),
        ] {
            assert_eq!(check_redeem(balance, points), expected, "{balance} {points}");
        }
        assert_eq!(check_redeem(0, 1).map_err(|e| e.code()), Err("redeem_over_balance"));
        assert_eq!(check_redeem(5, 0).map_err(|e| e.code()), Err("redeem_not_positive"));
        let mut book = Book::default();
        book.purchase(1, 1, 600_000);
        assert_eq!(book.redeem(2, 50), Ok(()));
        assert_eq!(book.redeem(3, 11), Err(LoyaltyError::RedeemOverBalance { points: 11, balance: 10 }));
        assert_eq!(book.redeem(3, 10), Ok(()), "partial redemptions down to zero");
        assert_eq!(balance(&book.entries), 0);
    }

    #[test]
    fn changes_typed_by_a_person_need_a_reason_and_points_that_fit() {
        let codes = |kind, points, reason: &str, balance| -> Vec<String> {
            check_manual(kind, points, reason, balance)
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|f| format!("{}:{}", f.field, f.code))
                .collect()
        };
        let long = "x".repeat(MAX_REASON_CHARS + 1);
        let table: Vec<(EntryKind, i64, &str, i64, Vec<&str>)> = vec![
            (EntryKind::Redeem, 50, "Đổi ly sứ", 50, vec![]),
            (EntryKind::Redeem, 51, "Đổi ly sứ", 50, vec!["points:redeem_over_balance"]),
            (EntryKind::Redeem, 0, "  ", 50, vec!["reason:required", "points:redeem_not_positive"]),
            (EntryKind::Adjust, -20, "Nhập nhầm", 0, vec![]),
            (EntryKind::Adjust, 0, &long, 0, vec!["reason:too_long", "points:points_zero"]),
        ];
        for (kind, points, reason, balance, expected) in table {
            assert_eq!(codes(kind, points, reason, balance), expected, "{kind:?} {points} from {balance}");
        }
    }

    #[test]
    fn a_reward_never_earns_points_and_does_not_lower_the_tier() {
        let rules = LoyaltyRules::default();
        let mut book = Book::default();
        book.purchase(1, 1, 2_000_000);
        assert_eq!(tier_for(lifetime_points(&book.entries), &rules).key, "silver");
        // A 500.000 ₫ bill paid with a 100.000 ₫ reward: only what is paid earns.
        book.redeem(2, 100).expect("enough points");
        book.purchase(2, 2, 500_000 - 100_000);
        assert_eq!(balance(&book.entries), 200 - 100 + 40);
        assert_eq!(lifetime_points(&book.entries), 240, "the redemption does not count against the tier");
        assert_eq!(tier_for(lifetime_points(&book.entries), &rules).key, "silver");
        assert!(book.entries.iter().filter(|e| e.kind == EntryKind::Earn).all(|e| e.purchase_id.is_some()));
    }

    #[test]
    fn tiers_by_lifetime_points() {
        let rules = LoyaltyRules::default();
        for (points, key) in [
            (-10, "member"),
            (0, "member"),
            (199, "member"),
            (200, "silver"),
            (499, "silver"),
            (500, "gold"),
            (1_499, "gold"),
            (1_500, "diamond"),
            (1_000_000, "diamond"),
        ] {
            assert_eq!(tier_for(points, &rules).key, key, "{points}");
        }
        let none = LoyaltyRules { tiers: vec![], ..LoyaltyRules::default() };
        assert_eq!(tier_for(500, &none).key, "member", "invalid rules still answer");
        assert_eq!(rules.tier("gold").map(|t| t.name_vi.as_str()), Some("Vàng"));
    }

    #[test]
    fn lifetime_points_count_adjustments_and_reversals_but_not_redemptions() {
        let mut book = Book::default();
        book.push(0, EntryKind::Opening, 300, None, None);
        book.push(1, EntryKind::Adjust, 50, Some("Khách giới thiệu bạn"), None);
        book.push(2, EntryKind::Adjust, -20, Some("Nhập nhầm"), None);
        book.purchase(3, 9, 1_000_000);
        book.redeem(4, 200).expect("enough");
        book.undo_purchase(5, 9);
        assert_eq!(lifetime_points(&book.entries), 300 + 50 - 20);
        assert_eq!(balance(&book.entries), 300 + 50 - 20 - 200);
    }

    #[test]
    fn tier_events_fire_once_per_tier_on_the_day_it_was_first_reached() {
        let rules = LoyaltyRules::default();
        let mut book = Book::default();
        book.push(0, EntryKind::Opening, 150, None, None);
        book.purchase(2, 1, 600_000); // 210: silver
        book.redeem(3, 200).expect("enough"); // lifetime unchanged
        book.purchase(5, 2, 3_000_000); // 510: gold
        book.undo_purchase(6, 2); // 210: gold lost
        book.purchase(8, 3, 3_500_000); // 560: gold again, no new event
        book.purchase(9, 4, 20_000_000); // 2560: diamond
        let events = tier_events(&book.entries, &rules);
        let got: Vec<(&str, NaiveDate)> = events.iter().map(|e| (e.tier_key.as_str(), e.on)).collect();
        assert_eq!(got, [("silver", day(2)), ("gold", day(5)), ("diamond", day(9))]);
    }

    #[test]
    fn tier_events_read_entries_by_date_then_id_and_jump_tiers() {
        let rules = LoyaltyRules::default();
        let mut book = Book::default();
        book.purchase(4, 1, 16_000_000); // written first, dated later
        book.push(1, EntryKind::Opening, 250, None, None);
        // Same day: the reversal (id 4) comes after the earn (id 3).
        book.purchase(2, 2, 3_000_000);
        book.undo_purchase(2, 2);
        let got: Vec<(String, NaiveDate)> =
            tier_events(&book.entries, &rules).into_iter().map(|e| (e.tier_key, e.on)).collect();
        assert_eq!(
            got,
            [("gold".into(), day(2)), ("diamond".into(), day(4))],
            "silver came with the opening balance; jumps give every tier passed"
        );
        let mut fresh = Book::default();
        fresh.purchase(1, 1, 16_000_000);
        let keys: Vec<String> = tier_events(&fresh.entries, &rules).into_iter().map(|e| e.tier_key).collect();
        assert_eq!(keys, ["silver", "gold", "diamond"], "the first tier never fires");
        let opening_only = [LedgerEntry {
            id: 1,
            customer_id: 1,
            at: day(0),
            kind: EntryKind::Opening,
            points: 2_000,
            reason: None,
            purchase_id: None,
        }];
        assert_eq!(tier_events(&opening_only, &rules), [], "a balance brought over reaches no tier");
        let mut later = opening_only.to_vec();
        later[0].at = day(3);
        later.push(LedgerEntry {
            id: 0,
            at: day(1),
            kind: EntryKind::Earn,
            purchase_id: Some(5),
            points: 300,
            ..later[0].clone()
        });
        let got: Vec<(String, NaiveDate)> =
            tier_events(&later, &rules).into_iter().map(|e| (e.tier_key, e.on)).collect();
        assert_eq!(got, [("silver".into(), day(1))], "an opening after earned points reaches nothing either");
    }

    #[test]
    fn ledger_entries_are_checked_on_their_own() {
        let e = |kind, points, reason: Option<&str>, purchase_id| LedgerEntry {
            id: 1,
            customer_id: 1,
            at: day(0),
            kind,
            points,
            reason: reason.map(Into::into),
            purchase_id,
        };
        let codes = |entry: LedgerEntry| -> Vec<String> {
            entry.validate().err().unwrap_or_default().into_iter().map(|f| format!("{}:{}", f.field, f.code)).collect()
        };
        let table: Vec<(LedgerEntry, Vec<&str>)> = vec![
            (e(EntryKind::Opening, -5, None, None), vec![]),
            (e(EntryKind::Earn, 10, None, Some(1)), vec![]),
            (e(EntryKind::Earn, -1, None, None), vec!["points:number_invalid", "purchaseId:required"]),
            (e(EntryKind::Adjust, 0, Some(" "), None), vec!["points:number_invalid", "reason:required"]),
            (e(EntryKind::Adjust, -3, Some("sửa"), None), vec![]),
            (e(EntryKind::Redeem, -3, None, None), vec!["reason:required"]),
            (e(EntryKind::Redeem, 3, Some("quà"), None), vec!["points:number_invalid"]),
            (e(EntryKind::Reverse, -3, None, Some(1)), vec![]),
            (e(EntryKind::Reverse, 3, None, None), vec!["points:number_invalid", "purchaseId:required"]),
        ];
        for (entry, expected) in table {
            assert_eq!(codes(entry.clone()), expected, "{entry:?}");
        }
    }

    #[test]
    fn rules_are_validated_field_by_field() {
        assert_eq!(LoyaltyRules::default().validate(), Ok(()));
        let codes = |rules: LoyaltyRules| -> Vec<String> {
            rules.validate().err().unwrap_or_default().into_iter().map(|f| format!("{}:{}", f.field, f.code)).collect()
        };
        assert_eq!(
            codes(LoyaltyRules { vnd_per_point: 0, tiers: vec![] }),
            ["vndPerPoint:number_invalid", "tiers:required"]
        );
        let bad = LoyaltyRules {
            vnd_per_point: -1,
            tiers: vec![
                tier("member", "Thành viên", "Member", 10),
                tier("silver", "", "Silver", 10),
                tier("member", "Vàng", " ", 5),
                tier("", "Kim cương", "Diamond", 900),
            ],
        };
        assert_eq!(
            codes(bad),
            [
                "vndPerPoint:number_invalid",
                "tiers[0].minPoints:first_not_zero",
                "tiers[1].nameVi:required",
                "tiers[1].minPoints:not_increasing",
                "tiers[2].nameEn:required",
                "tiers[2].key:duplicate",
                "tiers[2].minPoints:not_increasing",
                "tiers[3].key:required",
            ]
        );
    }

    #[test]
    fn standing_gives_the_tier_and_the_way_to_the_next() {
        let rules = LoyaltyRules::default();
        let mut book = Book::default();
        book.push(0, EntryKind::Opening, 150, None, None);
        book.purchase(1, 1, 600_000);
        book.redeem(2, 100).expect("enough");
        let s = standing(&book.entries, &rules);
        assert_eq!((s.balance, s.lifetime, s.tier.key.as_str()), (110, 210, "silver"));
        assert_eq!((s.next_tier.map(|t| t.key), s.points_to_next), (Some("gold".into()), 290));
        book.push(3, EntryKind::Adjust, 2_000, Some("Khách quen"), None);
        let top = standing(&book.entries, &rules);
        assert_eq!((top.tier.key.as_str(), top.next_tier, top.points_to_next), ("diamond", None, 0));
        assert_eq!(standing(&[], &rules).tier.key, "member");
    }

    #[test]
    fn a_typed_balance_is_reached_by_its_difference() {
        for (balance, target, entry) in [(0, 0, None), (0, 120, Some(120)), (150, 100, Some(-50)), (7, 7, None)] {
            assert_eq!(points_to_reach(balance, target), entry, "{balance} → {target}");
        }
    }

    #[test]
    fn ledger_types_cross_the_api_in_camel_case() {
        let e = LedgerEntry {
            id: 3,
            customer_id: 7,
            at: day(0),
            kind: EntryKind::Reverse,
            points: -12,
            reason: None,
            purchase_id: Some(9),
        };
        let json = serde_json::to_value(&e).expect("json");
        assert_eq!(
            json,
            serde_json::json!({"id": 3, "customerId": 7, "at": "2026-03-01", "kind": "reverse", "points": -12, "reason": null, "purchaseId": 9})
        );
        let rules = serde_json::to_value(LoyaltyRules::default()).expect("json");
        assert_eq!(rules["vndPerPoint"], 10_000);
        assert_eq!(
            rules["tiers"][3],
            serde_json::json!({"key": "diamond", "nameVi": "Kim cương", "nameEn": "Diamond", "minPoints": 1500})
        );
    }
}

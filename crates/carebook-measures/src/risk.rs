//! Customers at risk of leaving, each with the reasons and their evidence,
//! and the care task that answers each reason.

use carebook_core::export::Lang;
use carebook_core::{CareTaskKind, CustomerId, FeedbackId, RequestId, RequestKind, RequestStatus, fold};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::facts::NpsGroup;
use crate::index::{IdIndex, IntMap};
use crate::rows::{CustomerName, PurchaseRow, Records};
use crate::settings::Settings;
use crate::stats::nearest_rank;

/// A customer at risk and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AtRisk {
    /// The customer.
    pub customer_id: CustomerId,
    /// Their name, as given in the customer list.
    pub name: String,
    /// Most severe first.
    pub reasons: Vec<RiskReason>,
}

/// One reason, its evidence and the care task the UI offers for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskReason {
    /// What shows the risk.
    pub evidence: RiskEvidence,
    /// The care task that answers it: a follow-up call for a complaint or a
    /// low CSAT, a check-in for a detractor, an offer for a lapsed customer.
    pub suggested_task: CareTaskKind,
}

/// What puts a customer at risk, with the records that show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum RiskEvidence {
    /// A complaint not resolved (open or waiting); one reason per complaint.
    UnresolvedComplaint {
        /// The complaint.
        request_id: RequestId,
        /// When it was received.
        received_at: NaiveDateTime,
        /// Days from the day it was received to today.
        days_open: i64,
    },
    /// A CSAT answer of `low_csat_max` (2) or less in the last `low_csat_days`
    /// (90) days: the latest such answer, and how many there were.
    LowCsat {
        /// The latest low answer.
        feedback_id: FeedbackId,
        /// Its CSAT score, 1–5.
        score: u8,
        /// When it was given.
        given_at: NaiveDateTime,
        /// Days from that day to today.
        days_ago: i64,
        /// Low answers the customer gave in the window, this one included.
        low_answers: u64,
    },
    /// The customer's latest NPS answer is 0–6.
    Detractor {
        /// The latest NPS answer.
        feedback_id: FeedbackId,
        /// Its NPS score, 0–6.
        score: u8,
        /// When it was given.
        given_at: NaiveDateTime,
    },
    /// More days since the last visit than the inactivity rule allows for
    /// the customer's usual interval (median gap between purchase days).
    Lapsed {
        /// The last purchase day on or before today.
        last_visit: NaiveDate,
        /// Days from it to today.
        days_since: i64,
        /// The median gap between the customer's purchase days.
        usual_interval_days: i64,
        /// The days the inactivity rule allows for that interval.
        threshold_days: i64,
    },
}

impl RiskReason {
    fn new(evidence: RiskEvidence) -> RiskReason {
        let suggested_task = match evidence {
            RiskEvidence::UnresolvedComplaint { .. } | RiskEvidence::LowCsat { .. } => CareTaskKind::FollowUpCall,
            RiskEvidence::Detractor { .. } => CareTaskKind::CheckIn,
            RiskEvidence::Lapsed { .. } => CareTaskKind::Offer,
        };
        RiskReason { evidence, suggested_task }
    }

    /// 4 an unresolved complaint, 3 a low CSAT answer, 2 a detractor,
    /// 1 a lapsed customer: a problem still open first, a drift last.
    pub fn severity(&self) -> u8 {
        match self.evidence {
            RiskEvidence::UnresolvedComplaint { .. } => 4,
            RiskEvidence::LowCsat { .. } => 3,
            RiskEvidence::Detractor { .. } => 2,
            RiskEvidence::Lapsed { .. } => 1,
        }
    }

    /// The reason in a sentence, with its evidence.
    pub fn describe(&self, lang: Lang) -> String {
        let date = |d: NaiveDate| format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year());
        match (&self.evidence, lang) {
            (RiskEvidence::UnresolvedComplaint { request_id, received_at, days_open }, Lang::Vi) => format!(
                "Khiếu nại chưa được giải quyết: yêu cầu #{request_id} nhận ngày {}, đã {days_open} ngày",
                date(received_at.date())
            ),
            (RiskEvidence::UnresolvedComplaint { request_id, received_at, days_open }, Lang::En) => format!(
                "Unresolved complaint: request #{request_id} received {}, open {days_open} days",
                date(received_at.date())
            ),
            (RiskEvidence::LowCsat { feedback_id, score, given_at, low_answers, .. }, Lang::Vi) => {
                let more = if *low_answers > 1 {
                    format!(" ({low_answers} lần chấm thấp gần đây)")
                } else {
                    String::new()
                };
                format!(
                    "Điểm hài lòng CSAT thấp: {score}/5 ngày {} (phản hồi #{feedback_id}){more}",
                    date(given_at.date())
                )
            }
            (RiskEvidence::LowCsat { feedback_id, score, given_at, low_answers, .. }, Lang::En) => {
                let more = if *low_answers > 1 { format!(" ({low_answers} low scores lately)") } else { String::new() };
                format!("Low CSAT: {score}/5 on {} (feedback #{feedback_id}){more}", date(given_at.date()))
            }
            (RiskEvidence::Detractor { feedback_id, score, given_at }, Lang::Vi) => format!(
                "Người phản đối: lần chấm NPS gần nhất {score}/10 ngày {} (phản hồi #{feedback_id})",
                date(given_at.date())
            ),
            (RiskEvidence::Detractor { feedback_id, score, given_at }, Lang::En) => format!(
                "Detractor: latest NPS answer {score}/10 on {} (feedback #{feedback_id})",
                date(given_at.date())
            ),
            (RiskEvidence::Lapsed { last_visit, days_since, usual_interval_days, threshold_days }, Lang::Vi) => {
                format!(
                    "Lâu chưa quay lại: {days_since} ngày từ lần mua gần nhất ngày {} (thường {usual_interval_days} ngày một lần, ngưỡng {threshold_days} ngày)",
                    date(*last_visit)
                )
            }
            (RiskEvidence::Lapsed { last_visit, days_since, usual_interval_days, threshold_days }, Lang::En) => {
                format!(
                    "Lapsed: {days_since} days since the last visit on {} (usually every {usual_interval_days} days, threshold {threshold_days} days)",
                    date(*last_visit)
                )
            }
        }
    }

    /// The date that orders reasons of the same severity (oldest first).
    fn when(&self) -> NaiveDateTime {
        match &self.evidence {
            RiskEvidence::UnresolvedComplaint { received_at, .. } => *received_at,
            RiskEvidence::LowCsat { given_at, .. } | RiskEvidence::Detractor { given_at, .. } => *given_at,
            RiskEvidence::Lapsed { last_visit, .. } => last_visit.and_time(chrono::NaiveTime::MIN),
        }
    }
}

/// A customer's usual visit interval: the nearest-rank median of the gaps
/// between their distinct purchase days, in days; `None` with fewer than two
/// distinct days. Shared with the care plans' inactivity trigger.
pub fn usual_visit_interval(purchase_days: &[NaiveDate]) -> Option<i64> {
    let mut days: Vec<i32> = purchase_days.iter().map(|d| d.num_days_from_ce()).collect();
    usual_interval_of(&mut days, &mut Vec::new())
}

/// Sorts `days` (day numbers) and returns the median gap between distinct
/// days; `gaps` is scratch space.
fn usual_interval_of(days: &mut [i32], gaps: &mut Vec<i64>) -> Option<i64> {
    days.sort_unstable();
    gaps.clear();
    gaps.extend(days.windows(2).map(|w| i64::from(w[1] - w[0])).filter(|g| *g > 0));
    nearest_rank(gaps, 50)
}

#[derive(Default, Clone, Copy)]
struct State {
    /// (given at, feedback id, score) of the latest NPS answer.
    latest_nps: Option<(NaiveDateTime, FeedbackId, u8)>,
    /// The latest low CSAT answer in the window, and how many there were.
    low_csat: Option<(NaiveDateTime, FeedbackId, u8)>,
    low_answers: u64,
}

/// What the at-risk list needs of the customers and their purchases,
/// prepared once for any `today`, settings and answers: the customers'
/// slots, the order of their names, and each customer's purchase days with
/// the usual interval over all of them. Build it once per reading of the
/// book ([`RiskBase::new`]) and call [`at_risk_top`] with it; [`at_risk`]
/// builds one for a single call.
pub struct RiskBase {
    index: IdIndex,
    /// The customer's name by slot; `None` for a slot of no customer (a gap
    /// between dense ids).
    names: Vec<Option<String>>,
    /// Position of each slot in the order of (folded name, name, id).
    name_rank: Vec<u32>,
    /// `days[starts[s]..starts[s + 1]]`: slot `s`'s distinct purchase days
    /// (days from the common era), ascending.
    starts: Vec<usize>,
    days: Vec<i32>,
    /// The usual interval over all of a slot's days.
    usual: Vec<Option<i64>>,
}

impl std::fmt::Debug for RiskBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RiskBase").field("slots", &self.names.len()).field("days", &self.days.len()).finish()
    }
}

impl RiskBase {
    /// Prepares the customers and every purchase (whatever its date).
    pub fn new(customers: &[CustomerName], purchases: &[PurchaseRow]) -> RiskBase {
        let (min, max) = customers.iter().fold((i64::MAX, i64::MIN), |(lo, hi), c| (lo.min(c.id), hi.max(c.id)));
        let mut index = IdIndex::for_span(min, max, customers.len());
        let mut names: Vec<Option<String>> = Vec::new();
        if !customers.is_empty() {
            for c in customers {
                if let Some(slot) = index.slot_or_insert(c.id) {
                    if names.len() <= slot {
                        names.resize(slot + 1, None);
                    }
                    names[slot] = Some(c.name.clone());
                }
            }
        }
        let slots = if customers.is_empty() { 0 } else { index.len() };
        names.resize(slots, None);

        let mut order: Vec<(String, usize)> =
            (0..slots).filter_map(|s| names[s].as_deref().map(|n| (fold(n), s))).collect();
        order.sort_unstable_by(|(fa, sa), (fb, sb)| {
            fa.cmp(fb).then_with(|| names[*sa].cmp(&names[*sb])).then_with(|| index.id(*sa).cmp(&index.id(*sb)))
        });
        let mut name_rank = vec![u32::MAX; slots];
        for (rank, (_, s)) in order.into_iter().enumerate() {
            name_rank[s] = rank as u32;
        }

        // Purchase days grouped by customer: one pass over the purchases into
        // compact (slot, day) pairs, then a counting sort of those.
        let state_of = |id: CustomerId| index.slot(id).filter(|s| *s < slots && names[*s].is_some());
        let mut pairs: Vec<(u32, i32)> = Vec::with_capacity(purchases.len());
        let mut counts = vec![0usize; slots];
        for p in purchases {
            if let Some(s) = state_of(p.customer_id) {
                counts[s] += 1;
                // Slots are below 2^26 (dense) or the number of customers (hashed).
                pairs.push((s as u32, p.date.num_days_from_ce()));
            }
        }
        let mut fill = Vec::with_capacity(slots + 1);
        let mut total = 0usize;
        for n in &counts {
            fill.push(total);
            total += *n;
        }
        fill.push(total);
        let mut all = vec![0i32; total];
        let mut next = fill.clone();
        for (s, day) in pairs {
            let s = s as usize;
            all[next[s]] = day;
            next[s] += 1;
        }
        // Each customer's days sorted and made distinct, packed.
        let mut starts = Vec::with_capacity(slots + 1);
        let mut days = Vec::with_capacity(total);
        let mut usual = Vec::with_capacity(slots);
        let mut gaps = Vec::new();
        for s in 0..slots {
            starts.push(days.len());
            let mine = &mut all[fill[s]..fill[s + 1]];
            mine.sort_unstable();
            let from = days.len();
            for &d in mine.iter() {
                if days.len() == from || days.last() != Some(&d) {
                    days.push(d);
                }
            }
            usual.push(interval_of_sorted(&days[from..], &mut gaps));
        }
        starts.push(days.len());
        RiskBase { index, names, name_rank, starts, days, usual }
    }

    /// The last purchase day on or before `today_n` and the usual interval
    /// over the days up to it, for slot `s`.
    fn visits(&self, s: usize, today_n: i32, gaps: &mut Vec<i64>) -> Option<(i32, i64)> {
        let mine = &self.days[self.starts[s]..self.starts[s + 1]];
        let &last = mine.last()?;
        if last <= today_n {
            return Some((last, self.usual[s]?));
        }
        // Purchases dated after today do not count.
        let upto = &mine[..mine.partition_point(|d| *d <= today_n)];
        Some((*upto.last()?, interval_of_sorted(upto, gaps)?))
    }
}

/// A customer's reasons as (unresolved complaints, low CSAT, detractor,
/// lapsed): compared in this order, it orders customers as their lists of
/// severities compared from the most severe down.
type Severities = (usize, bool, bool, bool);

/// The median gap of ascending distinct days (see [`usual_visit_interval`]).
fn interval_of_sorted(days: &[i32], gaps: &mut Vec<i64>) -> Option<i64> {
    gaps.clear();
    gaps.extend(days.windows(2).map(|w| i64::from(w[1] - w[0])));
    nearest_rank(gaps, 50)
}

/// The customers of `customers` at risk on `today`, most severe first:
/// customers are ordered by their reasons' severities (compared from the
/// most severe down, so more reasons of the same kind come first), then by
/// name (accent- and case-insensitive), then id. Only rows dated on or
/// before `today` count.
///
/// Reasons: the latest NPS answer is a detractor's (0–6); a complaint not
/// resolved; a CSAT answer ≤ `low_csat_max` given in the last
/// `low_csat_days` days (today counts as one); more days since the last
/// visit than [`crate::InactivityRule`] allows for the usual interval (at
/// least two distinct purchase days).
pub fn at_risk(
    today: NaiveDate,
    customers: &[CustomerName],
    records: &Records<'_>,
    settings: &Settings,
) -> Result<Vec<AtRisk>> {
    let base = RiskBase::new(customers, records.purchases);
    Ok(at_risk_top(today, &base, records, settings, usize::MAX)?.1)
}

/// [`at_risk`] over a prepared [`RiskBase`] (its purchases stand for
/// `records.purchases`): how many customers are at risk, and the first
/// `limit` of them in the same order. Only those are written out, so a call
/// costs a pass over the answers and requests and one over the customers.
pub fn at_risk_top(
    today: NaiveDate,
    base: &RiskBase,
    records: &Records<'_>,
    settings: &Settings,
    limit: usize,
) -> Result<(usize, Vec<AtRisk>)> {
    settings.check()?;
    let slots = base.names.len();
    if slots == 0 {
        return Ok((0, Vec::new()));
    }
    let state_of = |id: CustomerId| base.index.slot(id).filter(|s| *s < slots && base.names[*s].is_some());

    // Answers: few next to the customers, kept by slot.
    let low_days = i64::from(settings.low_csat_days);
    let mut states: IntMap<i64, State> = IntMap::default();
    for f in records.feedback {
        let given = f.given_at.date();
        if given > today {
            continue;
        }
        let Some(slot) = state_of(f.customer_id) else { continue };
        let st = states.entry(slot as i64).or_default();
        if let Some(score) = f.nps
            && st.latest_nps.is_none_or(|(at, id, _)| (f.given_at, f.id) > (at, id))
        {
            st.latest_nps = Some((f.given_at, f.id, score));
        }
        if let Some(score) = f.csat
            && score <= settings.low_csat_max
            && (today - given).num_days() < low_days
        {
            st.low_answers += 1;
            if st.low_csat.is_none_or(|(at, id, _)| (f.given_at, f.id) > (at, id)) {
                st.low_csat = Some((f.given_at, f.id, score));
            }
        }
    }
    // Unresolved complaints as (slot, received, id), sorted: grouped by slot.
    let mut complaints: Vec<(usize, NaiveDateTime, RequestId)> = Vec::new();
    for r in records.requests {
        if r.kind == RequestKind::Complaint
            && r.status != RequestStatus::Resolved
            && r.received_at.date() <= today
            && let Some(s) = state_of(r.customer_id)
        {
            complaints.push((s, r.received_at, r.id));
        }
    }
    complaints.sort_unstable();

    // Every customer at risk as its sort key: the severities of its reasons
    // (complaints, low CSAT, detractor, lapsed — compared in that order, which
    // orders the lists of severities from the most severe down), then the
    // rank of its name.
    let today_n = today.num_days_from_ce();
    let mut gaps = Vec::new();
    let mut keyed: Vec<(std::cmp::Reverse<Severities>, u32, u32)> = Vec::new();
    let mut next_complaint = 0;
    for slot in 0..slots {
        if base.names[slot].is_none() {
            continue;
        }
        let first = next_complaint;
        while complaints.get(next_complaint).is_some_and(|c| c.0 <= slot) {
            next_complaint += 1;
        }
        let open = complaints[first..next_complaint].iter().filter(|c| c.0 == slot).count();
        let st = states.get(&(slot as i64));
        let low = st.is_some_and(|st| st.low_csat.is_some());
        let detractor = st.and_then(|st| st.latest_nps).is_some_and(|n| NpsGroup::of(n.2) == NpsGroup::Detractor);
        let lapsed = base
            .visits(slot, today_n, &mut gaps)
            .is_some_and(|(last, usual)| settings.inactivity.is_inactive(i64::from(today_n - last), usual));
        if open > 0 || low || detractor || lapsed {
            // Slots are below 2^26 (dense) or the number of customers (hashed).
            keyed.push((std::cmp::Reverse((open, low, detractor, lapsed)), base.name_rank[slot], slot as u32));
        }
    }
    let total = keyed.len();
    let limit = limit.min(total);
    if limit < total {
        keyed.select_nth_unstable(limit);
        keyed.truncate(limit);
    }
    keyed.sort_unstable();

    let mut out = Vec::with_capacity(limit);
    for (_, _, slot) in keyed {
        let slot = slot as usize;
        let mut reasons = Vec::new();
        let from = complaints.partition_point(|c| c.0 < slot);
        for (_, received_at, request_id) in complaints[from..].iter().take_while(|c| c.0 == slot) {
            let days_open = (today - received_at.date()).num_days();
            reasons.push(RiskReason::new(RiskEvidence::UnresolvedComplaint {
                request_id: *request_id,
                received_at: *received_at,
                days_open,
            }));
        }
        let st = states.get(&(slot as i64)).copied().unwrap_or_default();
        if let Some((given_at, feedback_id, score)) = st.low_csat {
            let days_ago = (today - given_at.date()).num_days();
            let low_answers = st.low_answers;
            reasons.push(RiskReason::new(RiskEvidence::LowCsat {
                feedback_id,
                score,
                given_at,
                days_ago,
                low_answers,
            }));
        }
        if let Some((given_at, feedback_id, score)) = st.latest_nps
            && NpsGroup::of(score) == NpsGroup::Detractor
        {
            reasons.push(RiskReason::new(RiskEvidence::Detractor { feedback_id, score, given_at }));
        }
        if let Some((last, usual)) = base.visits(slot, today_n, &mut gaps) {
            let days_since = i64::from(today_n - last);
            if settings.inactivity.is_inactive(days_since, usual)
                && let Some(last_visit) = NaiveDate::from_num_days_from_ce_opt(last)
            {
                reasons.push(RiskReason::new(RiskEvidence::Lapsed {
                    last_visit,
                    days_since,
                    usual_interval_days: usual,
                    threshold_days: settings.inactivity.threshold_days(usual),
                }));
            }
        }
        reasons.sort_by(|a, b| b.severity().cmp(&a.severity()).then(a.when().cmp(&b.when())));
        out.push(AtRisk {
            customer_id: base.index.id(slot),
            name: base.names[slot].clone().unwrap_or_default(),
            reasons,
        });
    }
    Ok((total, out))
}

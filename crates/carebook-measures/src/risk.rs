//! Customers at risk of leaving, each with the reasons and their evidence,
//! and the care task that answers each reason.

use carebook_core::export::Lang;
use carebook_core::{CareTaskKind, CustomerId, FeedbackId, RequestId, RequestKind, RequestStatus, fold};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::facts::NpsGroup;
use crate::index::IdIndex;
use crate::rows::{CustomerName, Records};
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

#[derive(Default)]
struct State {
    known: bool,
    /// (given at, feedback id, score) of the latest NPS answer.
    latest_nps: Option<(NaiveDateTime, FeedbackId, u8)>,
    /// The latest low CSAT answer in the window, and how many there were.
    low_csat: Option<(NaiveDateTime, FeedbackId, u8)>,
    low_answers: u64,
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
    settings.check()?;
    let (min, max) = customers.iter().fold((i64::MAX, i64::MIN), |(lo, hi), c| (lo.min(c.id), hi.max(c.id)));
    if customers.is_empty() {
        return Ok(Vec::new());
    }
    let mut index = IdIndex::for_span(min, max, customers.len());
    let mut names: Vec<Option<&str>> = Vec::new();
    for c in customers {
        if let Some(slot) = index.slot_or_insert(c.id) {
            if names.len() <= slot {
                names.resize(slot + 1, None);
            }
            names[slot] = Some(&c.name);
        }
    }
    let slots = index.len();
    let mut states: Vec<State> = (0..slots).map(|_| State::default()).collect();
    for (slot, name) in names.iter().enumerate() {
        states[slot].known = name.is_some();
    }
    let state_of = |id: CustomerId| index.slot(id).filter(|s| *s < slots);

    let low_days = i64::from(settings.low_csat_days);
    for f in records.feedback {
        let given = f.given_at.date();
        if given > today {
            continue;
        }
        let Some(st) = state_of(f.customer_id).map(|s| &mut states[s]) else { continue };
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
    // Unresolved complaints as (slot, received, id), grouped by slot below.
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

    // Purchase days grouped by customer: one pass over the purchases into
    // compact (slot, day) pairs, then a counting sort of those.
    let today_n = today.num_days_from_ce();
    let mut pairs: Vec<(u32, i32)> = Vec::with_capacity(records.purchases.len());
    let mut purchase_days = vec![0u32; slots];
    for p in records.purchases {
        let day = p.date.num_days_from_ce();
        if day <= today_n
            && let Some(s) = state_of(p.customer_id)
        {
            purchase_days[s] += 1;
            // Slots are below 2^26 (dense) or the number of customers (hashed).
            pairs.push((s as u32, day));
        }
    }
    let mut starts = Vec::with_capacity(slots + 1);
    let mut total = 0usize;
    for n in &purchase_days {
        starts.push(total);
        total += *n as usize;
    }
    starts.push(total);
    let mut days = vec![0i32; total];
    let mut fill = starts.clone();
    for (s, day) in pairs {
        let s = s as usize;
        days[fill[s]] = day;
        fill[s] += 1;
    }

    let mut out = Vec::new();
    let mut gaps = Vec::new();
    complaints.sort_unstable();
    let mut next_complaint = 0;
    for (slot, st) in states.iter().enumerate() {
        if !st.known {
            continue;
        }
        let mut reasons = Vec::new();
        while complaints.get(next_complaint).is_some_and(|c| c.0 < slot) {
            next_complaint += 1;
        }
        while let Some((_, received_at, request_id)) = complaints.get(next_complaint).filter(|c| c.0 == slot) {
            next_complaint += 1;
            let days_open = (today - received_at.date()).num_days();
            reasons.push(RiskReason::new(RiskEvidence::UnresolvedComplaint {
                request_id: *request_id,
                received_at: *received_at,
                days_open,
            }));
        }
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
        let mine = &mut days[starts[slot]..starts[slot + 1]];
        if let Some(usual) = usual_interval_of(mine, &mut gaps)
            && let Some(&last) = mine.last()
        {
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
        if reasons.is_empty() {
            continue;
        }
        reasons.sort_by(|a, b| b.severity().cmp(&a.severity()).then(a.when().cmp(&b.when())));
        out.push(AtRisk {
            customer_id: index.id(slot),
            name: names.get(slot).copied().flatten().unwrap_or_default().to_owned(),
            reasons,
        });
    }
    let mut keyed: Vec<(Vec<u8>, String, AtRisk)> =
        out.into_iter().map(|a| (a.reasons.iter().map(RiskReason::severity).collect(), fold(&a.name), a)).collect();
    keyed.sort_by(|(sa, fa, a), (sb, fb, b)| {
        sb.cmp(sa).then_with(|| fa.cmp(fb)).then_with(|| a.name.cmp(&b.name)).then(a.customer_id.cmp(&b.customer_id))
    });
    Ok(keyed.into_iter().map(|(_, _, a)| a).collect())
}

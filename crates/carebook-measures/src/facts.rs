//! What one row contributes to the measures. The aggregate measures and the
//! drill-down both classify rows here, so a list of records always matches
//! the number it explains.

use carebook_core::{CareTaskStatus, Channel, RequestStatus};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

use crate::rows::{FeedbackRow, RequestRow, TaskRow};

/// A request's part in the request measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RequestFacts {
    /// Resolved now (status resolved).
    pub resolved: bool,
    /// Resolved, marked first-contact, not transferred, not reopened.
    pub first_contact: bool,
    /// First response − received, in seconds, when answered.
    pub response_secs: Option<i64>,
    /// Resolved − received, in seconds, for a resolved request.
    pub resolution_secs: Option<i64>,
    /// An in-store or phone request: the only ones whose wait is measured.
    pub waits: bool,
    /// Its wait in minutes, for in-store and phone requests that have one.
    pub wait_minutes: Option<i64>,
}

impl RequestFacts {
    pub(crate) fn of(r: &RequestRow) -> RequestFacts {
        let resolved = r.status == RequestStatus::Resolved;
        let waits = matches!(r.channel, Channel::InStore | Channel::Phone);
        RequestFacts {
            resolved,
            first_contact: resolved && r.first_contact && r.transferred_to.is_none() && !r.reopened,
            response_secs: r.first_response_at.map(|at| seconds_between(r.received_at, at)),
            resolution_secs: if resolved { r.resolved_at.map(|at| seconds_between(r.received_at, at)) } else { None },
            waits,
            wait_minutes: if waits { r.wait_minutes } else { None },
        }
    }
}

/// Whole seconds from `from` to `to` (negative when `to` is earlier), as
/// `(to − from).num_seconds()` but without chrono's general arithmetic on
/// the common same-day case; fractions of a second are dropped.
pub(crate) fn seconds_between(from: NaiveDateTime, to: NaiveDateTime) -> i64 {
    let days = if from.date() == to.date() {
        0
    } else {
        i64::from(to.date().num_days_from_ce()) - i64::from(from.date().num_days_from_ce())
    };
    let secs = |t: NaiveDateTime| i64::from(t.time().num_seconds_from_midnight());
    days * 86_400 + secs(to) - secs(from)
}

/// NPS groups: promoters 9–10, passives 7–8, detractors 0–6.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NpsGroup {
    Promoter,
    Passive,
    Detractor,
}

impl NpsGroup {
    pub(crate) fn of(score: u8) -> NpsGroup {
        match score {
            9.. => NpsGroup::Promoter,
            7 | 8 => NpsGroup::Passive,
            _ => NpsGroup::Detractor,
        }
    }
}

/// A satisfied CSAT answer: 4 or 5.
pub(crate) fn csat_satisfied(score: u8) -> bool {
    score >= 4
}

/// A feedback row's part: its CSAT score and NPS group, when given.
pub(crate) fn feedback_facts(f: &FeedbackRow) -> (Option<u8>, Option<NpsGroup>) {
    (f.csat, f.nps.map(NpsGroup::of))
}

/// Where a care task due in a range stands, as seen on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TaskOutcome {
    /// Done, completed on or before the end of its due day.
    OnTime,
    /// Done after its due day (or done without a recorded time).
    Late,
    Skipped,
    /// Still planned and its due day is before `today`.
    Overdue,
    /// Still planned and due today or later: not counted yet.
    Upcoming,
}

impl TaskOutcome {
    pub(crate) fn of(t: &TaskRow, today: NaiveDate) -> TaskOutcome {
        match t.status {
            CareTaskStatus::Done => match t.completed_at {
                Some(at) if at.date() <= t.due_date => TaskOutcome::OnTime,
                _ => TaskOutcome::Late,
            },
            CareTaskStatus::Skipped => TaskOutcome::Skipped,
            CareTaskStatus::Planned if t.due_date < today => TaskOutcome::Overdue,
            CareTaskStatus::Planned => TaskOutcome::Upcoming,
        }
    }

    /// Counted in the on-time rate's denominator.
    pub(crate) fn is_due(self) -> bool {
        self != TaskOutcome::Upcoming
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_between_matches_chrono() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap();
        let pairs = [
            ("2024-02-28 23:59:59", "2024-03-01 00:00:01"),
            ("2024-06-01 10:00:00", "2024-06-01 10:00:00"),
            ("2024-06-01 10:00:00", "2024-06-01 09:59:00"),
            ("2023-12-31 23:00:00", "2024-01-01 01:30:15"),
            ("2024-06-02 00:00:00", "2024-06-01 23:59:59"),
        ];
        for (a, b) in pairs {
            assert_eq!(seconds_between(t(a), t(b)), (t(b) - t(a)).num_seconds(), "{a} → {b}");
        }
    }
}

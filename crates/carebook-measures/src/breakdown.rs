//! The request, feedback and care measures of a range broken down by staff
//! member and by channel.

use carebook_core::{Channel, StaffId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::Result;
use crate::facts::{RequestFacts, TaskOutcome, feedback_facts};
use crate::index::{IntMap, IntSet};
use crate::measures::{Acc, MeasureSet, PurchasePart};
use crate::range::DateRange;
use crate::rows::{FeedbackRow, Records, RequestRow, TaskRow};
use crate::settings::Settings;

/// One staff member's measures (`staff_id` `None`: nobody recorded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffMeasures {
    /// The staff member, `None` for rows nobody was recorded on.
    pub staff_id: Option<StaffId>,
    /// Their measures (purchase measures empty).
    pub measures: MeasureSet,
}

/// One channel's measures (`channel` `None`: feedback with no channel).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChannelMeasures {
    /// The channel, `None` for feedback neither about a request nor given
    /// through a recorded channel.
    pub channel: Option<Channel>,
    /// Its measures (care and purchase measures empty).
    pub measures: MeasureSet,
}

/// The measures of `range` per staff member: requests by `handled_by`,
/// feedback through the handler of its request (feedback on a care task
/// through the task's assignee), care tasks by assignee. Purchase measures
/// (loyal rate, retention) belong to the shop and stay empty here. Staff in
/// ascending id order, then the unattributed rows; only groups with rows.
pub fn by_staff(
    range: DateRange,
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Vec<StaffMeasures>> {
    Ok(breakdowns(range, records, settings, today)?.by_staff)
}

/// The measures of `range` per channel: requests by their channel, feedback
/// by the channel of its request, else by the channel it was given through
/// (a check-in call, the kiosk). Care tasks have no channel and purchase
/// measures belong to the shop: both stay empty here. Channels in the order
/// of [`Channel::ALL`], then feedback with no channel.
pub fn by_channel(
    range: DateRange,
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Vec<ChannelMeasures>> {
    Ok(breakdowns(range, records, settings, today)?.by_channel)
}

/// Both breakdowns of a range.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdowns {
    /// As [`by_staff`] gives it.
    pub by_staff: Vec<StaffMeasures>,
    /// As [`by_channel`] gives it.
    pub by_channel: Vec<ChannelMeasures>,
}

/// [`by_staff`] and [`by_channel`] in one pass over the rows of `range`.
pub fn breakdowns(
    range: DateRange,
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Breakdowns> {
    settings.check()?;
    range.check()?;
    let links = Links::of_feedback_in(range, records);
    let position = |c: Channel| Channel::ALL.iter().position(|x| *x == c);
    let mut staff: Vec<(Option<StaffId>, Acc)> = Vec::new();
    let mut channels: Vec<(Option<usize>, Acc)> = Vec::new();
    for r in records.requests.iter().filter(|r| range.contains_time(r.received_at)) {
        let facts = RequestFacts::of(r);
        group(&mut staff, r.handled_by).add_request(&facts);
        group(&mut channels, position(r.channel)).add_request(&facts);
    }
    for f in records.feedback.iter().filter(|f| range.contains_time(f.given_at)) {
        let (csat, nps) = feedback_facts(f);
        group(&mut staff, links.staff_of(f)).add_feedback(csat, nps);
        group(&mut channels, links.channel_of(f).and_then(position)).add_feedback(csat, nps);
    }
    for t in records.tasks.iter().filter(|t| range.contains(t.due_date)) {
        group(&mut staff, t.assignee_id).add_task(TaskOutcome::of(t, today));
    }
    let empty = PurchasePart::empty(range, settings)?;
    Ok(Breakdowns {
        by_staff: finish(staff, range, &empty, settings)
            .map(|(staff_id, measures)| StaffMeasures { staff_id, measures })
            .collect(),
        by_channel: finish(channels, range, &empty, settings)
            .map(|(i, measures)| ChannelMeasures { channel: i.and_then(|i| Channel::ALL.get(i).copied()), measures })
            .collect(),
    })
}

/// The groups measured, known keys in ascending order, then the `None` group.
fn finish<T: Ord + Copy>(
    groups: Vec<(Option<T>, Acc)>,
    range: DateRange,
    empty: &PurchasePart,
    settings: &Settings,
) -> impl Iterator<Item = (Option<T>, MeasureSet)> {
    let mut out: Vec<_> = groups.into_iter().map(|(k, acc)| (k, acc.finish(range, *empty, settings))).collect();
    out.sort_by_key(|(k, _)| (k.is_none(), *k));
    out.into_iter()
}

/// One line of a breakdown: a staff member (or nobody recorded) of
/// [`by_staff`], or a channel (or feedback not about a request) of
/// [`by_channel`]. A drill-down narrowed to it lists the records behind
/// that line's figures ([`crate::drill_group`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "by", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum BreakdownGroup {
    /// The line of [`StaffMeasures::staff_id`].
    Staff {
        /// `None`: rows nobody was recorded on.
        #[ts(optional = nullable)]
        staff_id: Option<StaffId>,
    },
    /// The line of [`ChannelMeasures::channel`].
    Channel {
        /// `None`: feedback not about a request.
        #[ts(optional = nullable)]
        channel: Option<Channel>,
    },
}

/// Which rows of a range belong to a [`BreakdownGroup`], by the same rules
/// as [`by_staff`] and [`by_channel`].
pub(crate) struct GroupFilter {
    group: BreakdownGroup,
    links: Links,
}

impl GroupFilter {
    pub(crate) fn new(group: BreakdownGroup, range: DateRange, records: &Records<'_>) -> GroupFilter {
        GroupFilter { group, links: Links::of_feedback_in(range, records) }
    }

    pub(crate) fn request(&self, r: &RequestRow) -> bool {
        match self.group {
            BreakdownGroup::Staff { staff_id } => r.handled_by == staff_id,
            BreakdownGroup::Channel { channel } => Some(r.channel) == channel,
        }
    }

    pub(crate) fn feedback(&self, f: &FeedbackRow) -> bool {
        match self.group {
            BreakdownGroup::Staff { staff_id } => self.links.staff_of(f) == staff_id,
            BreakdownGroup::Channel { channel } => self.links.channel_of(f) == channel,
        }
    }

    /// Care tasks belong to their assignee; they have no channel.
    pub(crate) fn task(&self, t: &TaskRow) -> bool {
        match self.group {
            BreakdownGroup::Staff { staff_id } => t.assignee_id == staff_id,
            BreakdownGroup::Channel { .. } => false,
        }
    }
}

/// The requests and tasks that feedback given in a range points to.
struct Links {
    /// Request id → (handled by, channel).
    requests: IntMap<i64, (Option<StaffId>, Channel)>,
    /// Task id → assignee.
    tasks: IntMap<i64, Option<StaffId>>,
}

impl Links {
    /// The staff member of an answer: the handler of its request, else the
    /// assignee of its care task.
    fn staff_of(&self, f: &FeedbackRow) -> Option<StaffId> {
        match f.request_id.and_then(|id| self.requests.get(&id)) {
            Some(link) => link.0,
            None => f.care_task_id.and_then(|id| self.tasks.get(&id).copied().flatten()),
        }
    }

    /// The channel of an answer: its request's, else the one it was given through.
    fn channel_of(&self, f: &FeedbackRow) -> Option<Channel> {
        f.request_id.and_then(|id| self.requests.get(&id)).map(|link| link.1).or(f.channel)
    }

    fn of_feedback_in(range: DateRange, records: &Records<'_>) -> Links {
        let in_range: Vec<&FeedbackRow> = records.feedback.iter().filter(|f| range.contains_time(f.given_at)).collect();
        let wanted_requests: IntSet<i64> = in_range.iter().filter_map(|f| f.request_id).collect();
        let wanted_tasks: IntSet<i64> = in_range.iter().filter_map(|f| f.care_task_id).collect();
        Links {
            requests: linked(records.requests, &wanted_requests, |r| r.id, |r| (r.handled_by, r.channel)),
            tasks: linked(records.tasks, &wanted_tasks, |t| t.id, |t| t.assignee_id),
        }
    }
}

/// `value` of the rows whose id is wanted. Rows read in id order with few
/// gaps (as the store reads them) are found where their id says; any other
/// order costs one scan.
fn linked<R, V>(rows: &[R], wanted: &IntSet<i64>, id: impl Fn(&R) -> i64, value: impl Fn(&R) -> V) -> IntMap<i64, V> {
    let mut out = IntMap::default();
    if wanted.is_empty() {
        return out;
    }
    let first = rows.first().map_or(0, &id);
    let dense = rows.last().is_some_and(|last| id(last) - first == rows.len() as i64 - 1);
    if dense && rows.is_sorted_by_key(&id) {
        for w in wanted {
            if let Some(r) = usize::try_from(w - first).ok().and_then(|i| rows.get(i)) {
                out.insert(*w, value(r));
            }
        }
    } else {
        for r in rows.iter().filter(|r| wanted.contains(&id(r))) {
            out.insert(id(r), value(r));
        }
    }
    out
}

/// The sums of group `key`, added on first sight (a shop has a handful of
/// staff and seven channels: a list beats a map).
fn group<T: PartialEq>(groups: &mut Vec<(Option<T>, Acc)>, key: Option<T>) -> &mut Acc {
    let i = match groups.iter().position(|(k, _)| *k == key) {
        Some(i) => i,
        None => {
            groups.push((key, Acc::default()));
            groups.len() - 1
        }
    };
    &mut groups[i].1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linked_rows_are_found_in_any_order_with_or_without_gaps() {
        let wanted: IntSet<i64> = [3, 5, 9].into_iter().collect();
        let find = |ids: &[i64]| {
            let mut found: Vec<(i64, i64)> = linked(ids, &wanted, |r| *r, |r| r * 10).into_iter().collect();
            found.sort_unstable();
            found
        };
        // In order without gaps (found by position), with gaps, shuffled.
        assert_eq!(find(&[2, 3, 4, 5, 6, 7, 8]), [(3, 30), (5, 50)]);
        assert_eq!(find(&[1, 3, 5, 9, 12]), [(3, 30), (5, 50), (9, 90)]);
        assert_eq!(find(&[9, 1, 5, 3]), [(3, 30), (5, 50), (9, 90)]);
        assert_eq!(find(&[]), []);
    }
}

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

/// One channel's measures (`channel` `None`: feedback not linked to a request).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChannelMeasures {
    /// The channel, `None` for feedback not about a request.
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
    let links = Links::of_feedback_in(range, records);
    let groups = grouped(
        range,
        records,
        settings,
        today,
        |r| r.handled_by,
        |f| links.staff_of(f),
        Some(|t: &TaskRow| t.assignee_id),
    )?;
    Ok(groups.into_iter().map(|(staff_id, measures)| StaffMeasures { staff_id, measures }).collect())
}

/// The measures of `range` per channel: requests by their channel, feedback
/// by the channel of its request. Care tasks have no channel and purchase
/// measures belong to the shop: both stay empty here. Channels in the order
/// of [`Channel::ALL`], then feedback not linked to a request.
pub fn by_channel(
    range: DateRange,
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
) -> Result<Vec<ChannelMeasures>> {
    let links = Links::of_feedback_in(range, records);
    let position = |c: Channel| Channel::ALL.iter().position(|x| *x == c);
    let groups = grouped(
        range,
        records,
        settings,
        today,
        |r| position(r.channel),
        |f| links.channel_of(f).and_then(position),
        None::<fn(&TaskRow) -> Option<usize>>,
    )?;
    Ok(groups
        .into_iter()
        .map(|(i, measures)| ChannelMeasures { channel: i.and_then(|i| Channel::ALL.get(i).copied()), measures })
        .collect())
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

    /// The channel of an answer: its request's.
    fn channel_of(&self, f: &FeedbackRow) -> Option<Channel> {
        f.request_id.and_then(|id| self.requests.get(&id)).map(|link| link.1)
    }

    fn of_feedback_in(range: DateRange, records: &Records<'_>) -> Links {
        let in_range: Vec<&FeedbackRow> = records.feedback.iter().filter(|f| range.contains_time(f.given_at)).collect();
        let wanted_requests: IntSet<i64> = in_range.iter().filter_map(|f| f.request_id).collect();
        let wanted_tasks: IntSet<i64> = in_range.iter().filter_map(|f| f.care_task_id).collect();
        let mut links = Links { requests: IntMap::default(), tasks: IntMap::default() };
        if !wanted_requests.is_empty() {
            for r in records.requests {
                if wanted_requests.contains(&r.id) {
                    links.requests.insert(r.id, (r.handled_by, r.channel));
                }
            }
        }
        if !wanted_tasks.is_empty() {
            for t in records.tasks {
                if wanted_tasks.contains(&t.id) {
                    links.tasks.insert(t.id, t.assignee_id);
                }
            }
        }
        links
    }
}

/// Groups the rows of `range` by key and measures each group.
fn grouped<T: Ord + Copy>(
    range: DateRange,
    records: &Records<'_>,
    settings: &Settings,
    today: NaiveDate,
    request_key: impl Fn(&RequestRow) -> Option<T>,
    feedback_key: impl Fn(&FeedbackRow) -> Option<T>,
    task_key: Option<impl Fn(&TaskRow) -> Option<T>>,
) -> Result<Vec<(Option<T>, MeasureSet)>> {
    settings.check()?;
    range.check()?;
    let mut groups: Vec<(Option<T>, Acc)> = Vec::new();
    for r in records.requests.iter().filter(|r| range.contains_time(r.received_at)) {
        group(&mut groups, request_key(r)).add_request(&RequestFacts::of(r));
    }
    for f in records.feedback.iter().filter(|f| range.contains_time(f.given_at)) {
        let (csat, nps) = feedback_facts(f);
        group(&mut groups, feedback_key(f)).add_feedback(csat, nps);
    }
    if let Some(task_key) = &task_key {
        for t in records.tasks.iter().filter(|t| range.contains(t.due_date)) {
            group(&mut groups, task_key(t)).add_task(TaskOutcome::of(t, today));
        }
    }
    let empty = PurchasePart::empty(range, settings)?;
    let mut out: Vec<_> = groups.into_iter().map(|(k, acc)| (k, acc.finish(range, empty, settings))).collect();
    out.sort_by_key(|(k, _)| (k.is_none(), *k));
    Ok(out)
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

//! iCalendar (RFC 5545) export of dated items: care tasks, birthdays, Tết.
//!
//! Written with the `icalendar` crate (writer only), which folds lines at 75
//! octets on character boundaries, ends them with CRLF and escapes TEXT
//! values. On top of it this module:
//!
//! - sets `PRODID:-//CareBook//CareBook//VI`, `X-WR-CALNAME` and `NAME`;
//! - writes every `DTSTAMP` from the caller's `stamp` and every `UID` from
//!   the caller (so nothing reads the clock and a re-export updates the same
//!   events in a phone's calendar rather than adding copies);
//! - writes all-day events as `DTSTART;VALUE=DATE` with `DTEND` the next day
//!   (the crate's `all_day` would make DTEND = DTSTART, an empty event) and
//!   `TRANSP:TRANSPARENT`, and timed events as floating local time lasting
//!   30 minutes;
//! - drops carriage returns and control characters from text (a bare CR
//!   would end a content line early).
//!
//! Lunar recurrences cannot be expressed as RRULE (RFC 7529's RSCALE has no
//! Vietnamese scale and phones ignore it): the caller writes each occurrence
//! as its own event with a stable UID such as `birthday-45-2027@carebook`.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use icalendar::{Calendar, Component, Event, EventLike, Property};

/// The product identifier written in every file.
pub const PRODID: &str = "-//CareBook//CareBook//VI";

/// How long a timed event lasts.
pub const TIMED_EVENT_MINUTES: i64 = 30;

/// One event of an exported calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcsEvent {
    /// Stable and unique, chosen by the caller: `task-123@carebook`,
    /// `birthday-45-2027@carebook`.
    pub uid: String,
    /// The day of the event.
    pub date: NaiveDate,
    /// `None` for an all-day event; else a local (floating) start time.
    pub time: Option<NaiveTime>,
    /// The title.
    pub summary: String,
    /// Longer text; newlines are kept.
    pub description: Option<String>,
    /// Category names (e.g. the care task's kind).
    pub categories: Vec<String>,
}

/// An iCalendar file named `calendar_name` holding `events`, as text with
/// CRLF line endings. `stamp` is the moment of the export in UTC (written as
/// every event's `DTSTAMP`).
pub fn write_ics(calendar_name: &str, events: &[IcsEvent], stamp: NaiveDateTime) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", PRODID))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"))
        .name(&clean(calendar_name));
    let stamp = stamp.and_utc();
    for e in events {
        let mut event = Event::new();
        event.uid(&clean(&e.uid)).timestamp(stamp).summary(&clean(&e.summary));
        if let Some(description) = &e.description {
            event.description(&clean(description));
        }
        if !e.categories.is_empty() {
            event.categories(e.categories.iter().map(|c| clean(c)));
        }
        match e.time {
            None => {
                let end = e.date.checked_add_days(Days::new(1)).unwrap_or(e.date);
                event.starts(e.date).ends(end).add_property("TRANSP", "TRANSPARENT");
            }
            Some(time) => {
                let start = e.date.and_time(time);
                let end = start.checked_add_signed(TimeDelta::minutes(TIMED_EVENT_MINUTES)).unwrap_or(start);
                event.starts(start).ends(end);
            }
        }
        calendar.push(event.done());
    }
    calendar.to_string()
}

/// Text without carriage returns or control characters other than tab and
/// newline (the writer escapes newlines as `\n`).
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n").chars().filter(|&c| c == '\n' || c == '\t' || !c.is_control()).collect()
}

//! The daily care reminder: whether it is due now.
//!
//! The desktop app checks when it starts and once a minute. The reminder is
//! due once a local day, from its time of day on: a check before the time
//! waits, the first check at or after it shows the reminder, and a day whose
//! time passed while the app was closed is caught up at the next start —
//! once, however many days were missed, since it says how many tasks are due
//! and overdue now.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The shop's reminder setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderSetting {
    /// Reminders are shown at all.
    pub enabled: bool,
    /// The local time of day from which the day's reminder is due (`HH:MM`).
    #[serde(with = "hh_mm")]
    #[ts(type = "string")]
    pub time: NaiveTime,
}

impl Default for ReminderSetting {
    /// On, at 08:30.
    fn default() -> Self {
        ReminderSetting { enabled: true, time: NaiveTime::from_hms_opt(8, 30, 0).unwrap_or(NaiveTime::MIN) }
    }
}

/// Whether the reminder is due at `now` (local time), given the day it was
/// last shown: enabled, its time of day reached, and not yet shown on
/// `now`'s day. A last day later than today (the clock was set back) is
/// another day: today's reminder has not been shown.
pub fn reminder_due(now: NaiveDateTime, setting: &ReminderSetting, last_shown: Option<NaiveDate>) -> bool {
    setting.enabled && now.time() >= setting.time && last_shown != Some(now.date())
}

/// `HH:MM` on the wire; seconds are dropped.
mod hh_mm {
    use chrono::{NaiveTime, Timelike};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{:02}:{:02}", t.hour(), t.minute()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_time(&s).ok_or_else(|| D::Error::custom(format!("not a time of day (HH:MM): {s:?}")))
    }
}

/// `H:MM` or `HH:MM`, 00:00 to 23:59.
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !(h.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn setting(enabled: bool, time: &str) -> ReminderSetting {
        ReminderSetting { enabled, time: parse_time(time).unwrap() }
    }

    #[test]
    fn the_reminder_is_due_once_a_day_from_its_time() {
        let on = setting(true, "08:30");
        #[rustfmt::skip]
        let table: &[(&str, &str, ReminderSetting, Option<&str>, bool)] = &[
            ("before the time",                       "2026-12-03 08:29", on, Some("2026-12-02"), false),
            ("at the time",                           "2026-12-03 08:30", on, Some("2026-12-02"), true),
            ("after the time",                        "2026-12-03 08:31", on, Some("2026-12-02"), true),
            ("already shown today",                   "2026-12-03 14:00", on, Some("2026-12-03"), false),
            ("started after the time, never shown",   "2026-12-03 15:45", on, None,               true),
            ("started before the time, never shown",  "2026-12-03 07:00", on, None,               false),
            ("day change: shown yesterday, 00:05",    "2026-12-04 00:05", on, Some("2026-12-03"), false),
            ("day change: shown yesterday, 08:30",    "2026-12-04 08:30", on, Some("2026-12-03"), true),
            ("just before midnight, not shown",       "2026-12-03 23:59", on, Some("2026-12-02"), true),
            ("a week off: due on the day back",       "2026-12-10 09:00", on, Some("2026-12-03"), true),
            ("disabled",                              "2026-12-03 09:00", setting(false, "08:30"), Some("2026-12-02"), false),
            ("disabled, never shown",                 "2026-12-03 09:00", setting(false, "08:30"), None, false),
            ("midnight time, just after",             "2026-12-03 00:00", setting(true, "00:00"), Some("2026-12-02"), true),
            ("late time, not yet",                    "2026-12-03 23:58", setting(true, "23:59"), None, false),
            ("clock set back before the last day",    "2026-12-01 09:00", on, Some("2026-12-03"), true),
        ];
        for (case, now, s, last, due) in table {
            assert_eq!(reminder_due(at(now), s, last.map(day)), *due, "{case}");
        }
    }

    /// Checking every minute through a week the app was closed for, then a
    /// start, then the rest of that day: one reminder, not seven.
    #[test]
    fn a_week_off_gives_one_reminder_not_seven() {
        let s = ReminderSetting::default();
        let mut last = Some(day("2026-12-03"));
        let mut shown = Vec::new();
        // The app starts on the 10th at 10:00 and runs until midnight.
        let mut now = at("2026-12-10 10:00");
        while now < at("2026-12-11 00:00") {
            if reminder_due(now, &s, last) {
                shown.push(now);
                last = Some(now.date());
            }
            now += chrono::TimeDelta::minutes(1);
        }
        assert_eq!(shown, [at("2026-12-10 10:00")]);
    }

    /// Running through three days minute by minute: one reminder each day, at its time.
    #[test]
    fn a_running_app_reminds_once_each_day_at_the_time() {
        let s = setting(true, "08:30");
        let mut last = None;
        let mut shown = Vec::new();
        let mut now = at("2026-12-03 00:00");
        while now < at("2026-12-06 00:00") {
            if reminder_due(now, &s, last) {
                shown.push(now);
                last = Some(now.date());
            }
            now += chrono::TimeDelta::minutes(1);
        }
        assert_eq!(shown, [at("2026-12-03 08:30"), at("2026-12-04 08:30"), at("2026-12-05 08:30")]);
    }

    #[test]
    fn times_of_day_are_read_and_written_as_hh_mm() {
        for (text, ok) in
            [("08:30", true), ("8:30", true), ("00:00", true), ("23:59", true), ("24:00", false), ("08:60", false)]
        {
            assert_eq!(parse_time(text).is_some(), ok, "{text}");
        }
        for bad in ["", "0830", "08:3", "08:300", "a8:30", "-1:30", "08:30:00"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        let s = setting(true, "7:05");
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, r#"{"enabled":true,"time":"07:05"}"#);
        assert_eq!(serde_json::from_str::<ReminderSetting>(&json).unwrap(), s);
        assert!(serde_json::from_str::<ReminderSetting>(r#"{"enabled":true,"time":"25:00"}"#).is_err());
        assert_eq!(ReminderSetting::default(), setting(true, "08:30"));
    }
}

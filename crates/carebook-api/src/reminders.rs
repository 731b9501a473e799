//! The daily care reminder: its setting, and the scheduler's job that
//! decides ([`carebook_care::reminder_due`]) and records that the day's
//! reminder was handed to the window, with the counts it tells — the same
//! as Today's beside the navigation (overdue, due today).

use carebook_care::ReminderSetting;
use carebook_store::Tx;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::diff;
use crate::{Api, ApiError, Result};

/// Settings keys: the setting (JSON of [`ReminderSetting`]) and the day the
/// last reminder was shown.
const SETTING: &str = "reminder";
const SHOWN_ON: &str = "reminder_shown_on";

/// A reminder to show: how many planned tasks are overdue and due on `date`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub date: NaiveDate,
    pub overdue: i64,
    pub due_today: i64,
}

fn read_setting(tx: &Tx<'_>) -> Result<ReminderSetting> {
    Ok(tx.setting(SETTING)?.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default())
}

fn shown_on(tx: &Tx<'_>) -> Result<Option<NaiveDate>> {
    Ok(tx.setting(SHOWN_ON)?.and_then(|s| s.parse().ok()))
}

impl Api {
    /// The reminder setting (on at 08:30 until changed).
    pub fn reminder_settings_get(&self) -> Result<ReminderSetting> {
        self.read(read_setting)
    }

    /// Changes the reminder setting, audited; the scheduler looks at once.
    pub fn reminder_settings_set(&self, setting: ReminderSetting) -> Result<ReminderSetting> {
        let to_json = |s: &ReminderSetting| serde_json::to_string(s).map_err(|e| ApiError::internal(e.to_string()));
        let json = to_json(&setting)?;
        self.write().transaction(|tx| {
            let before = to_json(&read_setting(tx)?)?;
            if before == json {
                return Ok(());
            }
            tx.set_setting(SETTING, &json)?;
            self.audit_shop_setting(tx, diff(&[("reminder", Some(before))], &[("reminder", Some(json.clone()))]))
        })?;
        self.wake_jobs();
        Ok(setting)
    }

    /// The scheduler's job: the day's reminder when it is due now, recorded
    /// as shown in the same transaction (so it is handed out once a day, by
    /// whichever process on the book gets there first). A read decides
    /// first: most minutes nothing is due, and nothing is written.
    pub fn reminder_due_now(&self) -> Result<Option<Reminder>> {
        let now = self.now();
        let due =
            |tx: &Tx<'_>| -> Result<bool> { Ok(carebook_care::reminder_due(now, &read_setting(tx)?, shown_on(tx)?)) };
        if !self.read(due)? {
            return Ok(None);
        }
        self.write().transaction(|tx| {
            if !due(tx)? {
                return Ok(None);
            }
            tx.set_setting(SHOWN_ON, &now.date().to_string())?;
            let counts = tx.care_day_counts(now.date(), None)?;
            Ok(Some(Reminder { date: now.date(), overdue: counts.overdue, due_today: counts.today }))
        })
    }
}

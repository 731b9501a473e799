//! The thresholds an owner may tune.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{MeasureError, Result};

/// Every tunable threshold of the measures, the service level and the
/// at-risk list. `Settings::default()` is the rule of the product brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    /// A loyal customer bought in at least this many distinct calendar
    /// months of the loyalty window (default 3).
    pub loyal_months: u32,
    /// The loyalty window: this many calendar months ending with the
    /// range's last day, that month included (default 12).
    pub loyal_window_months: u32,
    /// When a customer counts as inactive; shared with the care plans'
    /// win-back trigger.
    pub inactivity: InactivityRule,
    /// A CSAT answer at or below this is low (default 2).
    pub low_csat_max: u8,
    /// How far back a low CSAT answer puts a customer at risk, in days
    /// counting today (default 90).
    pub low_csat_days: u32,
    /// The service level rule.
    pub service_level: LevelThresholds,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            loyal_months: 3,
            loyal_window_months: 12,
            inactivity: InactivityRule::default(),
            low_csat_max: 2,
            low_csat_days: 90,
            service_level: LevelThresholds::default(),
        }
    }
}

fn invalid(name: &'static str, reason: impl Into<String>) -> MeasureError {
    MeasureError::InvalidSetting { name, reason: reason.into() }
}

impl Settings {
    /// Refuses thresholds the rules cannot use.
    pub fn check(&self) -> Result<()> {
        if !(1..=120).contains(&self.loyal_window_months) {
            return Err(invalid("loyalWindowMonths", "must be between 1 and 120"));
        }
        if self.loyal_months == 0 || self.loyal_months > self.loyal_window_months {
            return Err(invalid("loyalMonths", "must be between 1 and the loyalty window"));
        }
        if !(1..=5).contains(&self.low_csat_max) {
            return Err(invalid("lowCsatMax", "must be a CSAT score from 1 to 5"));
        }
        if self.low_csat_days == 0 {
            return Err(invalid("lowCsatDays", "must be at least one day"));
        }
        self.inactivity.check()?;
        self.service_level.check()
    }
}

/// Inactive = more days since the last visit than `factor` × the usual
/// interval between visits, and never fewer than `min_days` (default:
/// twice the interval, at least 60 days). The care plans' win-back trigger
/// and the at-risk list use the same rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct InactivityRule {
    /// Times the usual interval (default 2).
    pub factor: u32,
    /// Never fewer days than this (default 60).
    pub min_days: u32,
}

impl Default for InactivityRule {
    fn default() -> Self {
        InactivityRule { factor: 2, min_days: 60 }
    }
}

impl InactivityRule {
    /// Refuses a factor of 0 (every customer would be inactive at once).
    pub fn check(&self) -> Result<()> {
        if self.factor == 0 {
            return Err(invalid("inactivity.factor", "must be at least 1"));
        }
        Ok(())
    }

    /// Days without a visit after which a customer with this usual interval
    /// is inactive: `max(factor × interval, min_days)`.
    pub fn threshold_days(&self, usual_interval_days: i64) -> i64 {
        usual_interval_days.saturating_mul(i64::from(self.factor)).max(i64::from(self.min_days))
    }

    /// Strictly past the threshold: `days_since_last_visit > threshold_days`.
    pub fn is_inactive(&self, days_since_last_visit: i64, usual_interval_days: i64) -> bool {
        days_since_last_visit > self.threshold_days(usual_interval_days)
    }
}

/// The service level rule (percent for CSAT share and on-time rate, points
/// for NPS). Level *n* is given when the range is below the threshold of
/// level *n* and not below a lower one; comparisons are strict (`<`), so a
/// value exactly at a threshold reaches the next level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LevelThresholds {
    /// Fewer CSAT answers than this: not enough feedback (default 10). The
    /// NPS conditions likewise need this many NPS answers.
    pub min_answers: u64,
    /// 1 disappointing below this CSAT share (50)…
    pub disappointing_csat_below: f64,
    /// …or below this NPS (−20).
    pub disappointing_nps_below: f64,
    /// 2 basic below this CSAT share (65).
    pub basic_csat_below: f64,
    /// 3 average below this CSAT share (75).
    pub average_csat_below: f64,
    /// 4 meets expectations below this CSAT share (85).
    pub meets_csat_below: f64,
    /// 5 exceeds expectations below this CSAT share (92)…
    pub exceeds_csat_below: f64,
    /// …or below this NPS (50).
    pub exceeds_nps_below: f64,
    /// 6 amazing also needs a care on-time rate of at least this (95).
    pub amazing_min_on_time: f64,
}

impl Default for LevelThresholds {
    fn default() -> Self {
        LevelThresholds {
            min_answers: 10,
            disappointing_csat_below: 50.0,
            disappointing_nps_below: -20.0,
            basic_csat_below: 65.0,
            average_csat_below: 75.0,
            meets_csat_below: 85.0,
            exceeds_csat_below: 92.0,
            exceeds_nps_below: 50.0,
            amazing_min_on_time: 95.0,
        }
    }
}

impl LevelThresholds {
    /// CSAT thresholds rise from level to level within 0–100; NPS thresholds
    /// are within −100–100, the lower one first; at least one answer.
    pub fn check(&self) -> Result<()> {
        if self.min_answers == 0 {
            return Err(invalid("serviceLevel.minAnswers", "must be at least 1"));
        }
        let csat = [
            self.disappointing_csat_below,
            self.basic_csat_below,
            self.average_csat_below,
            self.meets_csat_below,
            self.exceeds_csat_below,
        ];
        if csat.iter().any(|v| !(0.0..=100.0).contains(v)) || csat.windows(2).any(|w| w[0] > w[1]) {
            return Err(invalid("serviceLevel", "CSAT thresholds must rise from level 1 to 5 within 0–100 %"));
        }
        let nps = [self.disappointing_nps_below, self.exceeds_nps_below];
        if nps.iter().any(|v| !(-100.0..=100.0).contains(v)) || nps[0] > nps[1] {
            return Err(invalid("serviceLevel", "NPS thresholds must be within −100–100, level 1's below level 5's"));
        }
        if !(0.0..=100.0).contains(&self.amazing_min_on_time) {
            return Err(invalid("serviceLevel.amazingMinOnTime", "must be within 0–100 %"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_brief_and_pass_their_check() {
        let s = Settings::default();
        assert_eq!((s.loyal_months, s.loyal_window_months, s.low_csat_max, s.low_csat_days), (3, 12, 2, 90));
        assert_eq!(s.inactivity, InactivityRule { factor: 2, min_days: 60 });
        assert!(s.check().is_ok());
    }

    #[test]
    fn bad_settings_are_refused_by_name() {
        let cases: [(Settings, &str); 6] = [
            (Settings { loyal_months: 0, ..Default::default() }, "loyalMonths"),
            (Settings { loyal_months: 13, ..Default::default() }, "loyalMonths"),
            (Settings { loyal_window_months: 0, ..Default::default() }, "loyalWindowMonths"),
            (Settings { low_csat_max: 6, ..Default::default() }, "lowCsatMax"),
            (
                Settings { inactivity: InactivityRule { factor: 0, min_days: 60 }, ..Default::default() },
                "inactivity.factor",
            ),
            (
                Settings {
                    service_level: LevelThresholds { basic_csat_below: 40.0, ..Default::default() },
                    ..Default::default()
                },
                "serviceLevel",
            ),
        ];
        for (settings, field) in cases {
            match settings.check() {
                Err(MeasureError::InvalidSetting { name, .. }) => assert_eq!(name, field),
                other => panic!("{field}: expected a refusal, got {other:?}"),
            }
        }
    }

    #[test]
    fn inactivity_threshold_is_twice_the_interval_at_least_60_days() {
        let rule = InactivityRule::default();
        // (usual interval, threshold): 2 × 20 = 40 < 60 → 60; 2 × 30 = 60; 2 × 45 = 90.
        for (interval, threshold) in [(0, 60), (20, 60), (30, 60), (45, 90), (100, 200)] {
            assert_eq!(rule.threshold_days(interval), threshold, "interval {interval}");
        }
        assert!(!rule.is_inactive(90, 45), "exactly at the threshold is not yet past it");
        assert!(rule.is_inactive(91, 45));
    }
}

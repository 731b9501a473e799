//! The dashboard's figures: the measures of a range against the previous
//! range and last year, broken down by staff and channel, the monthly trend,
//! the records behind a figure, the service level with its remedies and the
//! customers at risk. All computed by `carebook-measures` from the rows the
//! store reads (`Tx::measure_rows`), never stored.
//!
//! The rows are read once and kept while the book does not change: the key
//! is the number of writes this API committed and SQLite's `data_version`
//! of the write connection (which moves when another process commits). A
//! call while a write holds the connection reads afresh.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, OnceLock};

use carebook_core::export::Lang;
use carebook_core::{CareTaskInput, CareTaskKind, CareTaskStatus, CustomerId, StaffId};
use carebook_measures::{
    AtRisk, BreakdownGroup, Breakdowns, ChannelMeasures, Comparison, CustomerName, Drill, DrillEntity, LevelInfo,
    MeasureKey, MeasureSet, RiskBase, RiskEvidence, ServiceAssessment, Settings as MeasureSettings, StaffMeasures,
    TrendPoint, YearMonth,
};
use carebook_measures::{DateRange, MeasureError};
use carebook_store::{MeasureRows, Tx};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::care::{CareTaskView, SaveCareTask};
use crate::{Api, ApiError, Result};

/// The settings key holding the measure thresholds (JSON).
const SETTINGS_KEY: &str = "measure_settings";
/// The longest trend asked for.
const MAX_TREND_MONTHS: u32 = 36;

impl From<MeasureError> for ApiError {
    fn from(e: MeasureError) -> Self {
        match &e {
            MeasureError::InvalidSetting { name, .. } => ApiError::field(name, "invalid", &e.to_string()),
            MeasureError::InvertedRange { .. } => ApiError::field("to", "before_from", &e.to_string()),
            _ => ApiError::bad_request(e.to_string()),
        }
    }
}

/// The rows and the customers of the book at one moment.
#[derive(Debug)]
pub(crate) struct Loaded {
    pub rows: MeasureRows,
    pub customers: Vec<CustomerName>,
    pub settings: MeasureSettings,
    /// The customers and purchases prepared for the at-risk list, on its first call.
    risk: OnceLock<RiskBase>,
}

impl Loaded {
    /// The customers at risk on `today`: how many, and the first `limit`.
    pub(crate) fn at_risk(&self, today: NaiveDate, limit: usize) -> Result<(usize, Vec<AtRisk>)> {
        let records = self.rows.records();
        let base = self.risk.get_or_init(|| RiskBase::new(&self.customers, records.purchases));
        Ok(carebook_measures::at_risk_top(today, base, &records, &self.settings, limit)?)
    }
}

/// Writes committed through this API, and the write connection's `data_version`.
type CacheKey = (u64, i64);

/// The last rows read, with the key they were read under.
#[derive(Debug, Default)]
pub(crate) struct MeasureCache {
    last: Mutex<Option<(CacheKey, Arc<Loaded>)>>,
}

/// A date range, both ends included (local days).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RangeArgs {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl RangeArgs {
    fn range(self) -> Result<DateRange> {
        Ok(DateRange::new(self.from, self.to)?)
    }
}

/// A staff member's id and name, for the breakdown's labels.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StaffName {
    pub id: StaffId,
    pub name: String,
}

/// Everything the dashboard shows for a range, except the trend.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MeasuresResult {
    /// The range, the previous range of the same length, the same dates last year.
    pub comparison: Comparison,
    /// The range's measures per handler / assignee.
    pub by_staff: Vec<StaffMeasures>,
    /// The range's measures per channel.
    pub by_channel: Vec<ChannelMeasures>,
    /// Names of the staff in `by_staff`.
    pub staff: Vec<StaffName>,
    /// Planned tasks due before today, whatever their range.
    pub overdue_today: u64,
    /// The day the figures were computed on.
    pub today: NaiveDate,
}

/// The dashboard in one call: the range's measures and the 12 months ending with its last month.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DashboardResult {
    pub measures: MeasuresResult,
    /// Oldest month first.
    pub trend: Vec<TrendPoint>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendArgs {
    /// The trend ends with the month of this day.
    pub to: NaiveDate,
    /// How many months (default 12, at most 36).
    #[ts(optional = nullable)]
    pub months: Option<u32>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrillArgs {
    pub measure: MeasureKey,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// How many records to list (default 200, at most 1000).
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
    /// Only the records of one line of the breakdown by staff or by channel.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub group: Option<BreakdownGroup>,
}

/// One record behind a figure, as the drill-down list shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrillRow {
    /// The record's id (request, feedback, task or customer).
    pub id: i64,
    pub customer_id: CustomerId,
    pub customer_name: String,
    /// When: received at, given at, due date; empty for a customer.
    pub at: String,
    /// Channel (requests), task kind (tasks); empty otherwise.
    pub kind: String,
    /// Request type (requests) or status (tasks).
    pub status: String,
    /// The figure of the record: minutes, a score.
    #[ts(optional = nullable)]
    pub value: Option<String>,
    /// A summary or a comment.
    #[ts(optional = nullable)]
    pub text: Option<String>,
    /// Counted in the numerator.
    pub counted: bool,
    /// Subtracted (NPS detractors).
    pub subtracted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DrillResult {
    /// Every id behind the figure.
    pub drill: Drill,
    /// The first records of the denominator, numerator first.
    pub rows: Vec<DrillRow>,
}

/// The service level of a range with its texts in both languages.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceLevelView {
    pub range: DateRange,
    pub assessment: ServiceAssessment,
    pub csat_answers: u64,
    #[ts(optional = nullable)]
    pub csat_share: Option<f64>,
    pub nps_answers: u64,
    #[ts(optional = nullable)]
    pub nps: Option<f64>,
    #[ts(optional = nullable)]
    pub care_on_time_rate: Option<f64>,
    /// The level's name, summary and remedies (seed 003), Vietnamese; none
    /// without a level.
    #[ts(optional = nullable)]
    pub vi: Option<LevelInfo>,
    /// The same in English.
    #[ts(optional = nullable)]
    pub en: Option<LevelInfo>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AtRiskArgs {
    /// How many customers to list (default 200, at most 2000).
    #[ts(optional = nullable)]
    pub limit: Option<u32>,
}

/// One reason with its sentence in both languages.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RiskReasonView {
    pub evidence: RiskEvidence,
    pub suggested_task: CareTaskKind,
    pub vi: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AtRiskRow {
    pub customer_id: CustomerId,
    pub name: String,
    pub reasons: Vec<RiskReasonView>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AtRiskList {
    /// Customers at risk in all.
    pub total: u64,
    /// Most severe first, at most `limit`.
    pub rows: Vec<AtRiskRow>,
    pub today: NaiveDate,
}

/// A care task made in one click from a line of the at-risk list.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AtRiskTask {
    pub customer_id: CustomerId,
    /// The reason's suggested task.
    pub kind: CareTaskKind,
    /// The reason, written on the task.
    #[ts(optional = nullable)]
    pub title: Option<String>,
    /// Today when left out.
    #[ts(optional = nullable)]
    pub due_date: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub assignee_id: Option<StaffId>,
}

/// The result of a scoped thread; its panic goes on in the caller.
fn joined<T>(r: std::thread::Result<carebook_measures::Result<T>>) -> Result<T> {
    match r {
        Ok(v) => Ok(v?),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn lang_pair(reason: &carebook_measures::RiskReason) -> (String, String) {
    (reason.describe(Lang::Vi), reason.describe(Lang::En))
}

fn view(r: AtRisk) -> AtRiskRow {
    AtRiskRow {
        customer_id: r.customer_id,
        name: r.name,
        reasons: r
            .reasons
            .into_iter()
            .map(|reason| {
                let (vi, en) = lang_pair(&reason);
                RiskReasonView { evidence: reason.evidence, suggested_task: reason.suggested_task, vi, en }
            })
            .collect(),
    }
}

impl Api {
    /// The rows the measures read, from the cache when the book has not
    /// changed since they were read.
    pub(crate) fn measure_data(&self) -> Result<Arc<Loaded>> {
        let key = self.writer.try_lock().ok().and_then(|store| {
            let version = store.read().data_version().ok()?;
            Some((self.write_generation.load(Ordering::Acquire), version))
        });
        if let Some(key) = key {
            let last = self.measure_cache.last.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((k, loaded)) = last.as_ref()
                && *k == key
            {
                return Ok(Arc::clone(loaded));
            }
        }
        let loaded = Arc::new(self.read(|tx| {
            Ok(Loaded {
                rows: tx.measure_rows()?,
                customers: tx.measure_customers()?,
                settings: read_settings(tx)?,
                risk: OnceLock::new(),
            })
        })?);
        if let Some(key) = key {
            *self.measure_cache.last.lock().unwrap_or_else(|p| p.into_inner()) = Some((key, Arc::clone(&loaded)));
        }
        Ok(loaded)
    }

    /// The measures of a range against the previous range and last year,
    /// with the breakdowns by staff and channel.
    pub fn measures(&self, args: RangeArgs) -> Result<MeasuresResult> {
        let range = args.range()?;
        let today = self.today();
        let data = self.measure_data()?;
        let records = data.rows.records();
        let (comparison, breakdowns) = std::thread::scope(|s| {
            let breakdowns = s.spawn(|| carebook_measures::breakdowns(range, &records, &data.settings, today));
            let comparison = carebook_measures::compare(range, &records, &data.settings, today);
            (comparison, breakdowns.join())
        });
        self.measures_result(&data, comparison?, joined(breakdowns)?)
    }

    /// [`Api::measures`] and the 12-month trend ending with the range's last
    /// month, computed in one pass over the rows for all 15 ranges.
    pub fn dashboard(&self, args: RangeArgs) -> Result<DashboardResult> {
        let range = args.range()?;
        let today = self.today();
        let data = self.measure_data()?;
        let records = data.rows.records();
        // The breakdowns on a second core while the 15 ranges are measured.
        let (d, breakdowns) = std::thread::scope(|s| {
            let breakdowns = s.spawn(|| carebook_measures::breakdowns(range, &records, &data.settings, today));
            let d = carebook_measures::dashboard(range, YearMonth::of(range.to), 12, &records, &data.settings, today);
            (d, breakdowns.join())
        });
        let d = d?;
        Ok(DashboardResult {
            measures: self.measures_result(&data, d.comparison, joined(breakdowns)?)?,
            trend: d.trend,
        })
    }

    fn measures_result(&self, data: &Loaded, comparison: Comparison, breakdowns: Breakdowns) -> Result<MeasuresResult> {
        let today = self.today();
        let records = data.rows.records();
        let Breakdowns { by_staff, by_channel } = breakdowns;
        let overdue_today = carebook_measures::overdue_tasks(records.tasks, today).len() as u64;
        let staff =
            self.read(|tx| Ok(tx.list_staff()?.into_iter().map(|s| StaffName { id: s.id, name: s.name }).collect()))?;
        Ok(MeasuresResult { comparison, by_staff, by_channel, staff, overdue_today, today })
    }

    /// The measures of each of the `months` months ending with the month of `to`, oldest first.
    pub fn measures_trend(&self, args: TrendArgs) -> Result<Vec<TrendPoint>> {
        let months = args.months.unwrap_or(12).clamp(1, MAX_TREND_MONTHS);
        let data = self.measure_data()?;
        Ok(carebook_measures::monthly_trend(
            YearMonth::of(args.to),
            months,
            &data.rows.records(),
            &data.settings,
            self.today(),
        )?)
    }

    /// The records behind one figure of a range, or of one line of its
    /// breakdown by staff or by channel.
    pub fn measures_drill(&self, args: DrillArgs) -> Result<DrillResult> {
        let range = DateRange::new(args.from, args.to)?;
        let limit = args.limit.unwrap_or(200).clamp(1, 1000) as usize;
        let data = self.measure_data()?;
        let records = data.rows.records();
        let drill =
            carebook_measures::drill_group(args.measure, range, args.group, &records, &data.settings, self.today())?;
        let counted: std::collections::HashSet<i64> = drill.numerator.iter().copied().collect();
        let subtracted: std::collections::HashSet<i64> = drill.subtracted.iter().copied().collect();
        // Counted first, then subtracted, then the rest; ascending ids within each.
        let mut ids: Vec<i64> = drill.denominator.clone();
        ids.sort_by_key(|id| (!counted.contains(id), !subtracted.contains(id), *id));
        ids.truncate(limit);
        let rows = self.read(|tx| {
            ids.iter()
                .map(|&id| {
                    let mut row = drill_row(tx, drill.entity, id)?;
                    row.counted = counted.contains(&id);
                    row.subtracted = subtracted.contains(&id);
                    Ok(row)
                })
                .collect::<Result<Vec<_>>>()
        })?;
        Ok(DrillResult { drill, rows })
    }

    /// The service level of a range, with its remedies in both languages.
    pub fn service_level(&self, args: RangeArgs) -> Result<ServiceLevelView> {
        let range = args.range()?;
        let data = self.measure_data()?;
        let m = carebook_measures::measures(range, &data.rows.records(), &data.settings, self.today())?;
        Ok(level_view(&m))
    }

    /// The customers at risk today, most severe first, each with the reasons.
    pub fn at_risk(&self, args: AtRiskArgs) -> Result<AtRiskList> {
        let limit = args.limit.unwrap_or(200).clamp(1, 2000) as usize;
        let today = self.today();
        let data = self.measure_data()?;
        let (total, rows) = data.at_risk(today, limit)?;
        Ok(AtRiskList { total: total as u64, rows: rows.into_iter().map(view).collect(), today })
    }

    /// Plans the care task a line of the at-risk list suggests (due today
    /// unless told otherwise), audited like any task.
    pub fn at_risk_task(&self, args: AtRiskTask) -> Result<CareTaskView> {
        let input = CareTaskInput {
            customer_id: args.customer_id,
            kind: args.kind,
            title: args.title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
            due_date: Some(args.due_date.unwrap_or_else(|| self.today())),
            due_time: None,
            assignee_id: args.assignee_id,
            status: CareTaskStatus::Planned,
            outcome: None,
        };
        self.care_task_save(SaveCareTask { id: None, input })
    }

    /// The measures of `range` by plain SQL over the raw tables, for the
    /// tests and the benchmark's comparison.
    #[doc(hidden)]
    pub fn measures_by_sql(&self, args: RangeArgs) -> Result<MeasureSet> {
        let range = args.range()?;
        let today = self.today();
        self.read(|tx| {
            let settings = read_settings(tx)?;
            let window = carebook_measures::loyal_window(range, &settings)?;
            Ok(tx.measures_by_sql(range, range.previous()?, window, today, &settings)?)
        })
    }

    /// The ids of the customers at risk today by plain SQL (tests, benchmark).
    #[doc(hidden)]
    pub fn at_risk_by_sql(&self) -> Result<Vec<CustomerId>> {
        let today = self.today();
        self.read(|tx| {
            let settings = read_settings(tx)?;
            Ok(tx.at_risk_by_sql(today, &settings)?)
        })
    }

    /// Forgets the rows read, so the next call reads the book again (the benchmark's cold runs).
    #[doc(hidden)]
    pub fn measure_cache_clear(&self) {
        *self.measure_cache.last.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// The thresholds of the measures, the service level and the at-risk list.
    pub fn measure_settings_get(&self) -> Result<MeasureSettings> {
        self.read(read_settings)
    }

    /// Changes the thresholds (checked first), audited.
    pub fn measure_settings_set(&self, settings: MeasureSettings) -> Result<MeasureSettings> {
        settings.check()?;
        let json = serde_json::to_string(&settings).map_err(|e| ApiError::internal(e.to_string()))?;
        self.write().transaction(|tx| {
            let before = read_settings(tx)?;
            let before_json = serde_json::to_string(&before).map_err(|e| ApiError::internal(e.to_string()))?;
            if before_json == json {
                return Ok(());
            }
            tx.set_setting(SETTINGS_KEY, &json)?;
            let changes = crate::audit::diff(
                &[("measureSettings", Some(before_json))],
                &[("measureSettings", Some(json.clone()))],
            );
            self.audit_shop_setting(tx, changes)
        })?;
        Ok(settings)
    }
}

/// The stored thresholds, or the brief's defaults.
fn read_settings(tx: &Tx<'_>) -> Result<MeasureSettings> {
    match tx.setting(SETTINGS_KEY)? {
        None => Ok(MeasureSettings::default()),
        Some(json) => {
            let s: MeasureSettings = serde_json::from_str(&json).unwrap_or_default();
            Ok(if s.check().is_ok() { s } else { MeasureSettings::default() })
        }
    }
}

pub(crate) fn level_view(m: &MeasureSet) -> ServiceLevelView {
    let level = m.service_level.level();
    ServiceLevelView {
        range: m.range,
        assessment: m.service_level,
        csat_answers: m.csat_answers,
        csat_share: m.csat_share,
        nps_answers: m.nps_answers,
        nps: m.nps,
        care_on_time_rate: m.care_on_time_rate,
        vi: level.map(|l| l.info(Lang::Vi)),
        en: level.map(|l| l.info(Lang::En)),
    }
}

fn drill_row(tx: &Tx<'_>, entity: DrillEntity, id: i64) -> Result<DrillRow> {
    let blank = |customer_id: CustomerId| -> Result<DrillRow> {
        Ok(DrillRow {
            id,
            customer_id,
            customer_name: tx.customer_name(customer_id)?,
            at: String::new(),
            kind: String::new(),
            status: String::new(),
            value: None,
            text: None,
            counted: false,
            subtracted: false,
        })
    };
    Ok(match entity {
        DrillEntity::Requests => {
            let r = tx.request(id)?;
            let minutes = r.resolved_at.or(r.first_response_at).map(|t| (t - r.received_at).num_minutes());
            DrillRow {
                at: r.received_at.format("%Y-%m-%d %H:%M").to_string(),
                kind: r.channel.as_str().to_owned(),
                status: r.kind.as_str().to_owned(),
                value: minutes.map(|m| m.to_string()),
                text: Some(r.summary),
                ..blank(r.customer_id)?
            }
        }
        DrillEntity::Feedback => {
            let f = tx.feedback(id)?;
            let score = match (f.csat, f.nps) {
                (Some(c), Some(n)) => format!("CSAT {c} · NPS {n}"),
                (Some(c), None) => format!("CSAT {c}"),
                (None, Some(n)) => format!("NPS {n}"),
                (None, None) => String::new(),
            };
            DrillRow {
                at: f.given_at.format("%Y-%m-%d %H:%M").to_string(),
                value: Some(score),
                text: f.comment,
                ..blank(f.customer_id)?
            }
        }
        DrillEntity::Tasks => {
            let t = tx.care_task(id)?;
            DrillRow {
                at: t.due_date.to_string(),
                kind: t.kind.as_str().to_owned(),
                status: t.status.as_str().to_owned(),
                value: t.completed_at.map(|c| c.format("%Y-%m-%d %H:%M").to_string()),
                text: t.title,
                ..blank(t.customer_id)?
            }
        }
        DrillEntity::Customers => blank(id)?,
    })
}

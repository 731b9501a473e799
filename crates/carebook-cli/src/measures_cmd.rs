//! `carebook measures`: the dashboard's figures of a range, from the same
//! API command (`measures`) the dashboard calls.

use carebook_api::{Api, MeasuresResult, RangeArgs};
use chrono::{Datelike, NaiveDate};
use serde_json::{Map, Value};

#[derive(clap::Args)]
pub struct MeasureOptions {
    /// First day of the range (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "to", conflicts_with = "month")]
    from: Option<NaiveDate>,
    /// Last day of the range, included (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", requires = "from")]
    to: Option<NaiveDate>,
    /// A whole calendar month instead of --from/--to (YYYY-MM). Default: this month.
    #[arg(long, value_name = "YYYY-MM")]
    month: Option<String>,
    /// Print JSON: one field per measure, `previous` and `last_year` in their own objects.
    #[arg(long)]
    json: bool,
}

fn month_range(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let bad = || format!("--month {text}: expected YYYY-MM, e.g. 2026-09");
    let (y, m) = text.split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    let from = NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)?;
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    Ok((from, next.and_then(|d| d.pred_opt()).ok_or_else(bad)?))
}

/// The range the options name; this month when none.
fn range(options: &MeasureOptions, today: NaiveDate) -> Result<RangeArgs, String> {
    let (from, to) = match (options.from, options.to, &options.month) {
        (Some(from), Some(to), _) => (from, to),
        (_, _, Some(month)) => month_range(month)?,
        _ => month_range(&format!("{}-{:02}", today.year(), today.month()))?,
    };
    Ok(RangeArgs { from, to })
}

/// The JSON printed by `--json`: the range's measures as top-level fields,
/// then `previous`, `last_year`, `by_staff`, `by_channel`.
pub fn to_json(result: &MeasuresResult) -> Result<Value, String> {
    let err = |e: serde_json::Error| e.to_string();
    let mut out = match serde_json::to_value(&result.comparison.current).map_err(err)? {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    out.insert("previous".into(), serde_json::to_value(&result.comparison.previous).map_err(err)?);
    out.insert("last_year".into(), serde_json::to_value(&result.comparison.last_year).map_err(err)?);
    out.insert("by_staff".into(), serde_json::to_value(&result.by_staff).map_err(err)?);
    out.insert("by_channel".into(), serde_json::to_value(&result.by_channel).map_err(err)?);
    out.insert("staff".into(), serde_json::to_value(&result.staff).map_err(err)?);
    out.insert("overdue_today".into(), result.overdue_today.into());
    out.insert("today".into(), result.today.to_string().into());
    Ok(Value::Object(out))
}

fn show(v: Option<f64>, unit: &str) -> String {
    match v {
        Some(v) if unit == "#" => format!("{v:.0}"),
        Some(v) => format!("{v:.1}{unit}"),
        None => "—".to_owned(),
    }
}

pub fn run(api: &Api, options: MeasureOptions) -> Result<(), String> {
    let today = api.app_info().map_err(|e| e.message)?.today;
    let args = range(&options, today)?;
    let result = api.measures(args).map_err(crate::api_error)?;
    if options.json {
        let json = to_json(&result)?;
        println!("{}", serde_json::to_string_pretty(&json).map_err(|e| e.to_string())?);
        return Ok(());
    }
    let c = &result.comparison;
    let (cur, prev, ly) = (&c.current, &c.previous, &c.last_year);
    println!(
        "{} – {}   (previous {} – {}, last year {} – {})",
        cur.range.from, cur.range.to, prev.range.from, prev.range.to, ly.range.from, ly.range.to
    );
    type Pick = fn(&carebook_measures::MeasureSet) -> Option<f64>;
    let rows: [(&str, Pick, &str); 16] = [
        ("resolution_rate", |m| m.resolution_rate, " %"),
        ("fcr", |m| m.fcr, " %"),
        ("response_time_median_min", |m| m.response_time_median_min, " min"),
        ("response_time_p90_min", |m| m.response_time_p90_min, " min"),
        ("resolution_time_median_min", |m| m.resolution_time_median_min, " min"),
        ("resolution_time_p90_min", |m| m.resolution_time_p90_min, " min"),
        ("wait_time_mean_min", |m| m.wait_time_mean_min, " min"),
        ("wait_time_p90_min", |m| m.wait_time_p90_min, " min"),
        ("csat_share", |m| m.csat_share, " %"),
        ("csat_mean", |m| m.csat_mean, ""),
        ("nps", |m| m.nps, ""),
        ("loyal_rate", |m| m.loyal_rate, " %"),
        ("retention", |m| m.retention, " %"),
        ("care_on_time_rate", |m| m.care_on_time_rate, " %"),
        ("requests_received", |m| Some(m.requests_received as f64), "#"),
        ("overdue_tasks", |m| Some(m.overdue_tasks as f64), "#"),
    ];
    println!("{:<28} {:>12} {:>12} {:>12}", "measure", "range", "previous", "last year");
    for (name, pick, unit) in rows {
        println!(
            "{name:<28} {:>12} {:>12} {:>12}",
            show(pick(cur), unit),
            show(pick(prev), unit),
            show(pick(ly), unit)
        );
    }
    let level = match cur.service_level {
        carebook_measures::ServiceAssessment::Rated { number, .. } => {
            format!("{number} ({})", cur.service_level.label(carebook_core::export::Lang::En))
        }
        carebook_measures::ServiceAssessment::NotEnoughFeedback { answers, needed } => {
            format!("not enough feedback ({answers} of {needed} answers)")
        }
    };
    println!("service level: {level}");
    println!("overdue care tasks today: {}", result.overdue_today);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_ranges() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(month_range("2026-09"), Ok((d(2026, 9, 1), d(2026, 9, 30))));
        assert_eq!(month_range("2024-02"), Ok((d(2024, 2, 1), d(2024, 2, 29))));
        assert_eq!(month_range("2026-12"), Ok((d(2026, 12, 1), d(2026, 12, 31))));
        assert!(month_range("2026-13").is_err());
        assert!(month_range("sept").is_err());
        let none = MeasureOptions { from: None, to: None, month: None, json: false };
        let r = range(&none, d(2026, 11, 23)).unwrap();
        assert_eq!((r.from, r.to), (d(2026, 11, 1), d(2026, 11, 30)));
    }
}

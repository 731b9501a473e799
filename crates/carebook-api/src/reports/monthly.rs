//! The monthly report's figures as printed: the measures of
//! `carebook-measures` turned into the display rows of `carebook-report`, in
//! Vietnamese or English. Pure: it takes the computed structures and returns
//! the report's sections; the API gathers the rows.

use std::collections::HashMap;

use carebook_core::{CareTaskKind, CareTaskStatus, CustomerId, StaffId};
use carebook_measures::{AtRisk, Comparison, MeasureSet, ServiceAssessment, TaskRow, TrendPoint};
use carebook_report::{
    AtRiskCustomer, CareCalendar, CareCount, Direction, Lang, MeasureRow, ServiceLevel, TrendPoint as ChartPoint,
    TrendSeries,
};
use chrono::NaiveDate;

use super::format::{minutes, number, percent};

/// The same language as the core's (the measures' sentences use it).
pub(crate) fn core_lang(lang: Lang) -> carebook_core::export::Lang {
    match lang {
        Lang::Vi => carebook_core::export::Lang::Vi,
        Lang::En => carebook_core::export::Lang::En,
    }
}

/// How a measure is read: a share (printed in %, compared in points), a
/// score, a duration in minutes, or a count.
#[derive(Clone, Copy)]
enum Unit {
    Share,
    Score { decimals: usize },
    Minutes,
    Count,
}

/// One printed measure: its names, how to read it, whether up is better
/// (`None`: neutral), and where it is in a [`MeasureSet`].
struct Measure {
    vi: &'static str,
    en: &'static str,
    unit: Unit,
    up_is_better: Option<bool>,
    value: fn(&MeasureSet) -> Option<f64>,
}

const MEASURES: &[Measure] = &[
    Measure {
        vi: "Yêu cầu tiếp nhận",
        en: "Requests received",
        unit: Unit::Count,
        up_is_better: None,
        value: |m| Some(m.requests_received as f64),
    },
    Measure {
        vi: "Tỷ lệ giải quyết vấn đề",
        en: "Resolution rate",
        unit: Unit::Share,
        up_is_better: Some(true),
        value: |m| m.resolution_rate,
    },
    Measure {
        vi: "Giải quyết ngay lần đầu (FCR)",
        en: "First-contact resolution (FCR)",
        unit: Unit::Share,
        up_is_better: Some(true),
        value: |m| m.fcr,
    },
    Measure {
        vi: "Thời gian phản hồi (trung vị)",
        en: "Response time (median)",
        unit: Unit::Minutes,
        up_is_better: Some(false),
        value: |m| m.response_time_median_min,
    },
    Measure {
        vi: "Thời gian phản hồi (p90)",
        en: "Response time (90th percentile)",
        unit: Unit::Minutes,
        up_is_better: Some(false),
        value: |m| m.response_time_p90_min,
    },
    Measure {
        vi: "Thời gian giải quyết (trung vị)",
        en: "Resolution time (median)",
        unit: Unit::Minutes,
        up_is_better: Some(false),
        value: |m| m.resolution_time_median_min,
    },
    Measure {
        vi: "Thời gian giải quyết (p90)",
        en: "Resolution time (90th percentile)",
        unit: Unit::Minutes,
        up_is_better: Some(false),
        value: |m| m.resolution_time_p90_min,
    },
    Measure {
        vi: "Thời gian chờ (trung bình)",
        en: "Wait time (mean)",
        unit: Unit::Minutes,
        up_is_better: Some(false),
        value: |m| m.wait_time_mean_min,
    },
    Measure {
        vi: "Thời gian chờ (p90)",
        en: "Wait time (90th percentile)",
        unit: Unit::Minutes,
        up_is_better: Some(false),
        value: |m| m.wait_time_p90_min,
    },
    Measure {
        vi: "CSAT (tỷ lệ 4–5 điểm)",
        en: "CSAT (share of 4–5)",
        unit: Unit::Share,
        up_is_better: Some(true),
        value: |m| m.csat_share,
    },
    Measure {
        vi: "CSAT trung bình (1–5)",
        en: "CSAT mean (1–5)",
        unit: Unit::Score { decimals: 2 },
        up_is_better: Some(true),
        value: |m| m.csat_mean,
    },
    Measure { vi: "NPS", en: "NPS", unit: Unit::Score { decimals: 0 }, up_is_better: Some(true), value: |m| m.nps },
    Measure {
        vi: "Tỷ lệ khách hàng trung thành",
        en: "Loyal-customer rate",
        unit: Unit::Share,
        up_is_better: Some(true),
        value: |m| m.loyal_rate,
    },
    Measure {
        vi: "Tỷ lệ giữ chân khách hàng",
        en: "Retention",
        unit: Unit::Share,
        up_is_better: Some(true),
        value: |m| m.retention,
    },
    Measure {
        vi: "Chăm sóc đúng hạn",
        en: "Care on-time rate",
        unit: Unit::Share,
        up_is_better: Some(true),
        value: |m| m.care_on_time_rate,
    },
    Measure {
        vi: "Việc chăm sóc quá hạn",
        en: "Overdue care tasks",
        unit: Unit::Count,
        up_is_better: Some(false),
        value: |m| Some(m.overdue_tasks as f64),
    },
];

fn shown(unit: Unit, v: Option<f64>, lang: Lang) -> String {
    let Some(v) = v else { return "—".into() };
    match unit {
        // The measures give shares in per cent (0–100).
        Unit::Share => percent(v / 100.0, lang),
        Unit::Score { decimals } => number(v, decimals, lang),
        Unit::Minutes => minutes(v, lang),
        Unit::Count => number(v, 0, lang),
    }
}

/// The change against the previous month as printed, and its direction.
fn change(unit: Unit, now: Option<f64>, before: Option<f64>, lang: Lang) -> (String, Option<Direction>) {
    let (Some(now), Some(before)) = (now, before) else { return (String::new(), None) };
    let (delta, text) = match unit {
        Unit::Share => {
            let d = now - before;
            (d, format!("{} {}", number(d.abs(), 1, lang), if lang == Lang::Vi { "điểm" } else { "pts" }))
        }
        Unit::Score { decimals } => (now - before, number((now - before).abs(), decimals, lang)),
        Unit::Minutes => (now - before, minutes((now - before).abs(), lang)),
        Unit::Count => (now - before, number((now - before).abs(), 0, lang)),
    };
    let digits = match unit {
        Unit::Share => 1,
        Unit::Score { decimals } => decimals as i32,
        Unit::Minutes | Unit::Count => 0,
    };
    if (delta * 10f64.powi(digits)).round() == 0.0 {
        return ("0".into(), None);
    }
    let (sign, dir) = if delta > 0.0 { ("+", Direction::Up) } else { ("\u{2212}", Direction::Down) };
    (format!("{sign}{text}"), Some(dir))
}

/// (a) The measures table: each measure this month, the month before, the
/// same month last year, and the change against the month before.
pub fn measure_rows(c: &Comparison, lang: Lang) -> Vec<MeasureRow> {
    MEASURES
        .iter()
        .map(|m| {
            let (now, before, year) = ((m.value)(&c.current), (m.value)(&c.previous), (m.value)(&c.last_year));
            let (change, direction) = change(m.unit, now, before, lang);
            let better = direction.and_then(|d| m.up_is_better.map(|up| up == (d == Direction::Up)));
            MeasureRow {
                name: if lang == Lang::Vi { m.vi } else { m.en }.to_owned(),
                this_month: shown(m.unit, now, lang),
                previous_month: shown(m.unit, before, lang),
                same_month_last_year: shown(m.unit, year, lang),
                change,
                direction,
                better,
            }
        })
        .collect()
}

/// (b) Twelve-month trend charts of the headline measures.
pub fn trends(trend: &[TrendPoint], lang: Lang) -> Vec<TrendSeries> {
    let vi = lang == Lang::Vi;
    let series =
        |title: &str, unit: &str, decimals: u8, y: (Option<f64>, Option<f64>), f: fn(&MeasureSet) -> Option<f64>| {
            TrendSeries {
                title: title.to_owned(),
                unit: unit.to_owned(),
                decimals,
                points: trend
                    .iter()
                    .map(|p| ChartPoint {
                        label: format!("{:02}/{:02}", p.month.month, p.month.year % 100),
                        value: f(&p.measures),
                    })
                    .collect(),
                y_min: y.0,
                y_max: y.1,
            }
        };
    let pct = (Some(0.0), Some(100.0));
    vec![
        series(if vi { "Tỷ lệ giải quyết" } else { "Resolution rate" }, "%", 0, pct, |m| m.resolution_rate),
        series(if vi { "CSAT (4–5 điểm)" } else { "CSAT (4–5)" }, "%", 0, pct, |m| m.csat_share),
        series("NPS", "", 0, (Some(-100.0), Some(100.0)), |m| m.nps),
        series(
            if vi { "Thời gian phản hồi (trung vị)" } else { "Response time (median)" },
            if vi { "phút" } else { "min" },
            0,
            (Some(0.0), None),
            |m| m.response_time_median_min,
        ),
        series(if vi { "Chăm sóc đúng hạn" } else { "Care on time" }, "%", 0, pct, |m| m.care_on_time_rate),
        series(if vi { "Khách hàng trung thành" } else { "Loyal customers" }, "%", 0, pct, |m| m.loyal_rate),
    ]
}

/// (c) The month's service level with its remedies (seed 003).
pub fn service_level(m: &MeasureSet, lang: Lang) -> ServiceLevel {
    let vi = lang == Lang::Vi;
    let basis = format!(
        "CSAT {} · NPS {} · {} {}",
        shown(Unit::Share, m.csat_share, lang),
        shown(Unit::Score { decimals: 0 }, m.nps, lang),
        m.csat_answers,
        if vi { "câu trả lời CSAT" } else { "CSAT answers" }
    );
    match &m.service_level {
        ServiceAssessment::NotEnoughFeedback { answers, needed } => ServiceLevel {
            level: None,
            name: String::new(),
            basis: if vi {
                format!("Chưa đủ phản hồi: {answers} câu trả lời CSAT, cần ít nhất {needed}.")
            } else {
                format!("Not enough feedback: {answers} CSAT answers, at least {needed} are needed.")
            },
            remedies: Vec::new(),
        },
        ServiceAssessment::Rated { level, number, .. } => {
            let l = core_lang(lang);
            ServiceLevel {
                level: Some(*number),
                name: level.name(l).to_owned(),
                basis,
                remedies: level.remedies(l).iter().map(|s| (*s).to_owned()).collect(),
            }
        }
    }
}

/// (d) Care tasks due in the month, by kind and by staff member.
pub fn care_calendar(
    tasks: &[TaskRow],
    from: NaiveDate,
    to: NaiveDate,
    kind_label: impl Fn(CareTaskKind) -> String,
    staff_name: impl Fn(Option<StaffId>) -> String,
    lang: Lang,
) -> CareCalendar {
    let mut by_kind: Vec<(String, CareCount)> = Vec::new();
    let mut by_staff: Vec<(String, CareCount)> = Vec::new();
    let add = |list: &mut Vec<(String, CareCount)>, key: String, t: &TaskRow| {
        let i = match list.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                list.push((key.clone(), CareCount { label: key, ..Default::default() }));
                list.len() - 1
            }
        };
        let c = &mut list[i].1;
        c.planned += 1;
        match t.status {
            CareTaskStatus::Done => {
                let on_time = t.completed_at.is_some_and(|at| at.date() <= t.due_date);
                if on_time { c.on_time += 1 } else { c.late += 1 }
            }
            CareTaskStatus::Skipped => c.skipped += 1,
            CareTaskStatus::Planned => {}
        }
    };
    for t in tasks.iter().filter(|t| t.due_date >= from && t.due_date <= to) {
        add(&mut by_kind, kind_label(t.kind), t);
        add(&mut by_staff, staff_name(t.assignee_id), t);
    }
    let finish = |list: Vec<(String, CareCount)>| {
        let mut rows: Vec<CareCount> = list
            .into_iter()
            .map(|(_, mut c)| {
                c.on_time_rate = if c.planned == 0 {
                    "—".into()
                } else {
                    percent(f64::from(c.on_time) / f64::from(c.planned), lang)
                };
                c
            })
            .collect();
        rows.sort_by(|a, b| b.planned.cmp(&a.planned).then_with(|| a.label.cmp(&b.label)));
        rows
    };
    CareCalendar { by_kind: finish(by_kind), by_staff: finish(by_staff) }
}

/// (f) The at-risk customers with their reasons in words.
pub fn at_risk(list: &[AtRisk], phones: &HashMap<CustomerId, String>, lang: Lang) -> Vec<AtRiskCustomer> {
    let l = core_lang(lang);
    list.iter()
        .map(|a| AtRiskCustomer {
            name: a.name.clone(),
            phone: phones.get(&a.customer_id).cloned().unwrap_or_default(),
            reasons: a.reasons.iter().map(|r| r.describe(l)).collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_in_points_minutes_and_counts_with_their_sign() {
        assert_eq!(change(Unit::Share, Some(87.0), Some(82.8), Lang::Vi), ("+4,2 điểm".into(), Some(Direction::Up)));
        assert_eq!(
            change(Unit::Share, Some(80.0), Some(85.0), Lang::En),
            ("\u{2212}5.0 pts".into(), Some(Direction::Down))
        );
        assert_eq!(
            change(Unit::Minutes, Some(12.0), Some(15.0), Lang::Vi),
            ("\u{2212}3 phút".into(), Some(Direction::Down))
        );
        assert_eq!(change(Unit::Count, Some(5.0), Some(5.0), Lang::Vi), ("0".into(), None));
        assert_eq!(change(Unit::Share, None, Some(50.0), Lang::Vi), (String::new(), None));
    }

    #[test]
    fn a_missing_value_prints_a_dash() {
        assert_eq!(shown(Unit::Share, None, Lang::Vi), "—");
        assert_eq!(shown(Unit::Share, Some(87.5), Lang::Vi), "87,5 %");
        assert_eq!(shown(Unit::Share, Some(87.5), Lang::En), "87.5%");
        assert_eq!(shown(Unit::Share, Some(100.0), Lang::Vi), "100 %", "a whole book resolved is 100 %, not 10.000 %");
        assert_eq!(shown(Unit::Score { decimals: 2 }, Some(4.256), Lang::Vi), "4,26");
    }
}

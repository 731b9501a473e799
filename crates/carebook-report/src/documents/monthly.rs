//! The monthly service report (A4): measures against the previous month and the same
//! month last year, 12-month trends, service level with its remedies, the care calendar,
//! feedback comments, at-risk customers, top customers and new customers.

use serde::{Deserialize, Serialize};

use crate::chart::{Area, Bars, Trend, bar_chart, line_chart};
use crate::error::ReportError;
use crate::fonts::{Weight, fonts};
use crate::image::Logo;
use crate::labels::{Labels, Lang};
use crate::layout::palette::*;
use crate::layout::{Align, BODY, Cell, Column, Flow, FlowSetup, Marker, RunningHead, Table};
use crate::pdf::{Doc, TextStyle};
use crate::progress::{Progress, Ticker};
use crate::text::{clean, wrap};

/// Everything the monthly service report prints.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MonthlyReport {
    /// Language of the fixed words.
    pub lang: Lang,
    /// The shop's name, at the top of every page.
    pub shop_name: String,
    /// The shop's logo (PNG or JPEG bytes), if any.
    pub logo: Option<Vec<u8>>,
    /// The month reported on, as printed: "Tháng 3/2025", "March 2025".
    pub month_label: String,
    /// When the report was made, as printed: "01/04/2025".
    pub generated_on: String,
    /// (a) The measures table, in the order printed.
    pub measures: Vec<MeasureRow>,
    /// (b) Monthly series of the last 12 months, drawn as small charts.
    pub trends: Vec<TrendSeries>,
    /// (c) The month's service level.
    pub service_level: ServiceLevel,
    /// (d) Care tasks due in the month.
    pub care: CareCalendar,
    /// (e) Feedback with a comment; printed lowest score first.
    pub feedback: Vec<FeedbackComment>,
    /// (f) Customers at risk of leaving.
    pub at_risk: Vec<AtRiskCustomer>,
    /// (g) Customers who spent most in the month, in the order printed.
    pub top_customers: Vec<TopCustomer>,
    /// (h) Customers first recorded in the month.
    pub new_customers: Vec<NewCustomer>,
    /// How many comments, customers at risk and new customers there were in
    /// all, when the lists above hold only the first of them (0: the lists
    /// are whole). The report says "the 60 lowest of 5,123".
    #[serde(default)]
    pub feedback_total: u64,
    #[serde(default)]
    pub at_risk_total: u64,
    #[serde(default)]
    pub new_customers_total: u64,
}

/// One measure against the previous month and the same month last year. The values
/// are display strings ("87 %", "12 phút", "—").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MeasureRow {
    /// "Tỷ lệ giải quyết vấn đề", "Response time (median)".
    pub name: String,
    /// This month's value.
    pub this_month: String,
    /// The previous month's value.
    pub previous_month: String,
    /// The value of the same month a year earlier.
    pub same_month_last_year: String,
    /// The change against the previous month: "+4,2 điểm", "−3 phút", "" for none.
    pub change: String,
    /// Which way the value moved, drawn as ▲ or ▼; `None` for no arrow.
    pub direction: Option<Direction>,
    /// Whether the move is an improvement (green) or not (red); `None` is neutral (grey).
    pub better: Option<bool>,
}

/// Which way a value moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The value went up.
    Up,
    /// The value went down.
    Down,
}

/// A monthly series for a small trend chart.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrendSeries {
    /// Chart title: "Tỷ lệ giải quyết", "CSAT (4–5 điểm)".
    pub title: String,
    /// Unit after the values ("%", "phút"), empty for none.
    pub unit: String,
    /// Decimals of the printed first and last values.
    pub decimals: u8,
    /// Months oldest first, usually 12: a short label ("T4", "04/25") and the value,
    /// `None` for a month without data (drawn as a gap).
    pub points: Vec<TrendPoint>,
    /// Fixed bottom of the value axis (0 for rates, −100 for NPS); `None` to fit the data.
    pub y_min: Option<f64>,
    /// Fixed top of the value axis (100 for rates); `None` to fit the data.
    pub y_max: Option<f64>,
}

/// One month of a trend.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrendPoint {
    /// Short month label under the axis.
    pub label: String,
    /// The month's value, if it has one.
    pub value: Option<f64>,
}

/// The month's service level (seed 003's six levels).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ServiceLevel {
    /// 1 (disappointing) to 6 (amazing); `None` when there were too few answers.
    pub level: Option<u8>,
    /// The level's name: "Dịch vụ đúng mong đợi"; ignored without a level.
    pub name: String,
    /// What the level rests on: "CSAT 78 % · NPS 32 · 45 câu trả lời".
    pub basis: String,
    /// The level's remedies, one bullet each.
    pub remedies: Vec<String>,
}

/// Care tasks due in the month, by kind and by staff member.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CareCalendar {
    /// One row per task kind.
    pub by_kind: Vec<CareCount>,
    /// One row per staff member.
    pub by_staff: Vec<CareCount>,
}

/// Care task counts of one kind or one staff member.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CareCount {
    /// The kind ("Gọi hỏi thăm") or the staff member's name.
    pub label: String,
    /// Tasks due in the month.
    pub planned: u32,
    /// Done on or before their due date.
    pub on_time: u32,
    /// Done after their due date.
    pub late: u32,
    /// Skipped.
    pub skipped: u32,
    /// The on-time rate as printed ("92 %").
    pub on_time_rate: String,
}

impl CareCount {
    /// Due but neither done nor skipped.
    fn open(&self) -> u32 {
        self.planned.saturating_sub(self.on_time).saturating_sub(self.late).saturating_sub(self.skipped)
    }
}

/// A feedback answer with a comment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FeedbackComment {
    /// Date as printed.
    pub date: String,
    /// The customer's name.
    pub customer: String,
    /// CSAT score, 1–5.
    pub csat: Option<u8>,
    /// NPS score, 0–10.
    pub nps: Option<u8>,
    /// The comment (wraps over lines).
    pub comment: String,
}

impl FeedbackComment {
    /// The lower of the scores on a 0–1 scale, for the lowest-first order.
    pub fn rank(&self) -> f64 {
        let csat = self.csat.map(|s| (f64::from(s.clamp(1, 5)) - 1.0) / 4.0);
        let nps = self.nps.map(|s| f64::from(s.min(10)) / 10.0);
        match (csat, nps) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => 2.0,
        }
    }

    fn score_text(&self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.csat {
            parts.push(format!("CSAT {c}/5"));
        }
        if let Some(n) = self.nps {
            parts.push(format!("NPS {n}/10"));
        }
        parts.join("\n")
    }

    fn is_low(&self) -> bool {
        self.csat.is_some_and(|c| c <= 2) || self.nps.is_some_and(|n| n <= 6)
    }
}

/// A customer at risk of leaving.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AtRiskCustomer {
    /// Name.
    pub name: String,
    /// Phone as printed ("0901 234 567").
    pub phone: String,
    /// Why: "Điểm NPS gần nhất 4", "Khiếu nại chưa giải quyết" …
    pub reasons: Vec<String>,
}

/// A customer among the month's biggest spenders.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TopCustomer {
    /// Name.
    pub name: String,
    /// Phone as printed.
    pub phone: String,
    /// Number of purchases in the month.
    pub purchases: u32,
    /// Total spent, as printed ("12.500.000 ₫").
    pub spend: String,
}

/// A customer first recorded in the month.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewCustomer {
    /// Date first recorded, as printed.
    pub date: String,
    /// Name.
    pub name: String,
    /// Phone as printed.
    pub phone: String,
    /// Where the customer came from ("Zalo", "Giới thiệu").
    pub source: String,
}

/// Height of one small trend chart.
const TREND_H: f32 = 132.0;

/// Renders the monthly service report as A4 PDF bytes.
///
/// `progress` is called now and then with the work done so far; returning `false`
/// stops the render with [`ReportError::Cancelled`].
pub fn render_monthly_report(
    report: &MonthlyReport,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Vec<u8>, ReportError> {
    let fonts = fonts()?;
    let l = report.lang.labels();
    let rows = report.measures.len()
        + report.care.by_kind.len()
        + report.care.by_staff.len()
        + report.feedback.len()
        + report.at_risk.len()
        + report.top_customers.len()
        + report.new_customers.len();
    // Rows, eight sections, and writing the file (about a tenth of the work).
    let total = rows as u64 + 8 + (rows as u64 / 10).max(1);
    let mut ticker = Ticker::new(progress, total);
    ticker.start()?;

    let logo = report.logo.as_deref().map(Logo::decode).transpose()?;
    let title = format!("{} \u{2014} {}", l.report_title, report.month_label);
    let doc = Doc::new(&title, logo);
    let head = RunningHead {
        shop: report.shop_name.clone(),
        title: l.report_title.to_owned(),
        subtitle: report.month_label.clone(),
    };
    let footer = format!("{} \u{00B7} {}", report.shop_name, report.month_label);
    let mut flow = Flow::new(fonts, doc, FlowSetup::a4(Some(head), Some(report.lang), footer));
    flow.title_block(l.report_title, &report.month_label, &format!("{}: {}", l.generated_on, report.generated_on));

    measures(&mut flow, report, l, &mut ticker)?;
    ticker.checkpoint(1)?;
    trends(&mut flow, report, l);
    ticker.checkpoint(1)?;
    service_level(&mut flow, report, l);
    ticker.checkpoint(1)?;
    care(&mut flow, report, l, &mut ticker)?;
    ticker.checkpoint(1)?;
    feedback(&mut flow, report, l, &mut ticker)?;
    ticker.checkpoint(1)?;
    at_risk(&mut flow, report, l, &mut ticker)?;
    ticker.checkpoint(1)?;
    top_customers(&mut flow, report, l, &mut ticker)?;
    ticker.checkpoint(1)?;
    new_customers(&mut flow, report, l, &mut ticker)?;
    ticker.checkpoint(1)?;

    let bytes = flow.finish().save(fonts);
    ticker.finish()?;
    Ok(bytes)
}

/// Numbered section title: "1. Các chỉ số chính".
fn section(flow: &mut Flow, number: usize, title: &str, keep: f32) {
    flow.heading(&format!("{number}. {title}"), keep);
}

fn empty(flow: &mut Flow, sentence: &str) {
    flow.paragraph(sentence, BODY.colored(MUTED));
}

/// "The 60 lowest-scored of 5,123." when a list holds only part of its rows.
fn part_of(flow: &mut Flow, lang: Lang, template: &str, shown: usize, total: u64) {
    if total > shown as u64 {
        let text = template.replace("{n}", &lang.int(shown as i64)).replace("{total}", &lang.int(total as i64));
        flow.paragraph(&text, BODY.colored(MUTED));
    }
}

fn measures(flow: &mut Flow, r: &MonthlyReport, l: &Labels, ticker: &mut Ticker<'_>) -> Result<(), ReportError> {
    section(flow, 1, l.sec_measures, 60.0);
    if r.measures.is_empty() {
        empty(flow, l.empty_measures);
        return Ok(());
    }
    let mut table = Table::new(vec![
        Column::new(l.col_measure, 3.2, Align::Left),
        Column::new(l.col_this_month, 1.35, Align::Right),
        Column::new(l.col_prev_month, 1.35, Align::Right),
        Column::new(l.col_last_year, 1.45, Align::Right),
        Column::new(l.col_change, 1.65, Align::Right),
    ]);
    table.size = 9.0;
    for m in &r.measures {
        let color = match m.better {
            Some(true) => GOOD,
            Some(false) => BAD,
            None => MUTED,
        };
        let mut change = Cell::new(m.change.clone()).color(color);
        match m.direction {
            Some(Direction::Up) => change = change.marker(Marker::Up(color)),
            Some(Direction::Down) => change = change.marker(Marker::Down(color)),
            None => {}
        }
        table.rows.push(vec![
            Cell::new(m.name.clone()),
            Cell::new(m.this_month.clone()).bold(),
            Cell::new(m.previous_month.clone()),
            Cell::new(m.same_month_last_year.clone()),
            change,
        ]);
    }
    flow.table(&table, ticker)
}

fn trends(flow: &mut Flow, r: &MonthlyReport, l: &Labels) {
    section(flow, 2, l.sec_trends, TREND_H);
    let with_data: Vec<&TrendSeries> = r.trends.iter().collect();
    if with_data.iter().all(|t| t.points.iter().all(|p| p.value.is_none())) {
        empty(flow, l.empty_trends);
        return;
    }
    let lang = r.lang;
    for pair in with_data.chunks(2) {
        flow.block(TREND_H + 10.0, |canvas, fonts, x, y, w| {
            let gap = 22.0;
            let cw = (w - gap) / 2.0;
            for (i, series) in pair.iter().enumerate() {
                let trend = Trend {
                    title: &series.title,
                    unit: &series.unit,
                    decimals: series.decimals,
                    points: series.points.iter().map(|p| (p.label.as_str(), p.value)).collect(),
                    y_min: series.y_min,
                    y_max: series.y_max,
                };
                let area = Area { x: x + i as f32 * (cw + gap), y, w: cw, h: TREND_H };
                line_chart(canvas, fonts, area, &trend, lang);
            }
        });
    }
}

fn service_level(flow: &mut Flow, r: &MonthlyReport, l: &Labels) {
    section(flow, 3, l.sec_level, 70.0);
    let level = &r.service_level;
    let fonts = flow.fonts;
    let name_style = TextStyle::new(Weight::Bold, 12.0, INK);
    let basis_style = BODY.colored(MUTED);
    let (headline, color) = match level.level {
        Some(n) => (format!("{} {}/6 \u{2014} {}", l.level_word, n.clamp(1, 6), level.name), level_color(n)),
        None => (l.not_enough_feedback.to_owned(), MUTED),
    };
    let badge = 44.0;
    let text_w = flow.width() - badge - 12.0;
    let nf = fonts.face(name_style.weight);
    let name_lines = wrap(nf, name_style.size, &clean(nf, &headline), text_w);
    let bf = fonts.face(basis_style.weight);
    let basis_lines =
        if level.basis.is_empty() { Vec::new() } else { wrap(bf, basis_style.size, &clean(bf, &level.basis), text_w) };
    let text_h =
        name_lines.len() as f32 * name_style.line_height() + basis_lines.len() as f32 * basis_style.line_height();
    let h = text_h.max(badge) + 8.0;
    let number = level.level.map(|n| n.clamp(1, 6).to_string());
    flow.block(h, |canvas, fonts, x, y, _w| {
        canvas.fill_rect(x, y, badge, badge, color);
        let big = TextStyle::new(Weight::Bold, 24.0, WHITE);
        canvas.text_center(fonts, x + badge / 2.0, y + badge / 2.0 + 8.5, number.as_deref().unwrap_or("?"), big);
        // The six steps under the badge number.
        let step_w = (badge - 8.0) / 6.0;
        for i in 0..6_u8 {
            let filled = level.level.is_some_and(|n| i < n);
            let sx = x + 4.0 + f32::from(i) * step_w;
            let c = if filled { WHITE } else { color_mix(color) };
            canvas.fill_rect(sx + 0.5, y + badge - 6.0, step_w - 1.0, 2.5, c);
        }
        let tx = x + badge + 12.0;
        let mut ty = y + (badge - text_h).max(0.0) / 2.0;
        for line in &name_lines {
            canvas.text(tx, ty + name_style.ascent(), line, name_style.colored(color_text(color)));
            ty += name_style.line_height();
        }
        for line in &basis_lines {
            canvas.text(tx, ty + basis_style.ascent(), line, basis_style);
            ty += basis_style.line_height();
        }
    });
    if level.level.is_some() && !level.remedies.is_empty() {
        flow.subheading(l.remedies, 20.0);
        flow.bullets(&level.remedies, BODY);
    }
}

/// Badge colour of a level: red, orange, amber, blue, teal, green.
fn level_color(level: u8) -> crate::pdf::Rgb {
    use crate::pdf::Rgb;
    match level {
        0 | 1 => Rgb(192, 57, 43),
        2 => Rgb(214, 110, 30),
        3 => Rgb(196, 150, 20),
        4 => Rgb(41, 98, 160),
        5 => Rgb(23, 128, 128),
        _ => Rgb(40, 132, 80),
    }
}

/// A lighter shade for the unfilled steps.
fn color_mix(c: crate::pdf::Rgb) -> crate::pdf::Rgb {
    let mix = |v: u8| ((u16::from(v) + 255 * 2) / 3) as u8;
    crate::pdf::Rgb(mix(c.0), mix(c.1), mix(c.2))
}

/// The level name in the badge's colour, darkened for the amber badge.
fn color_text(c: crate::pdf::Rgb) -> crate::pdf::Rgb {
    let dark = |v: u8| (u16::from(v) * 4 / 5) as u8;
    crate::pdf::Rgb(dark(c.0), dark(c.1), dark(c.2))
}

fn care(flow: &mut Flow, r: &MonthlyReport, l: &Labels, ticker: &mut Ticker<'_>) -> Result<(), ReportError> {
    section(flow, 4, l.sec_care, 80.0);
    if r.care.by_kind.is_empty() && r.care.by_staff.is_empty() {
        empty(flow, l.empty_care);
        return Ok(());
    }
    let lang = r.lang;
    let series =
        [(l.col_on_time, SERIES[0]), (l.col_late, SERIES[1]), (l.col_skipped, SERIES[2]), (l.col_open, SERIES[3])];
    for (title, first_col, rows, horizontal) in
        [(l.care_by_kind, l.col_kind, &r.care.by_kind, true), (l.care_by_staff, l.col_staff, &r.care.by_staff, false)]
    {
        if rows.is_empty() {
            continue;
        }
        flow.subheading(title, 60.0);
        let mut table = Table::new(vec![
            Column::new(first_col, 2.6, Align::Left),
            Column::new(l.col_planned, 1.0, Align::Right),
            Column::new(l.col_on_time, 1.0, Align::Right),
            Column::new(l.col_late, 1.0, Align::Right),
            Column::new(l.col_skipped, 1.0, Align::Right),
            Column::new(l.col_on_time_rate, 1.25, Align::Right),
        ]);
        for c in rows.iter() {
            table.rows.push(vec![
                Cell::new(c.label.clone()),
                Cell::new(lang.int(i64::from(c.planned))),
                Cell::new(lang.int(i64::from(c.on_time))),
                Cell::new(lang.int(i64::from(c.late))).color(if c.late > 0 { BAD } else { INK }),
                Cell::new(lang.int(i64::from(c.skipped))),
                Cell::new(c.on_time_rate.clone()).bold(),
            ]);
        }
        flow.table(&table, ticker)?;
        let bars = Bars {
            categories: rows.iter().map(|c| c.label.as_str()).collect(),
            series: series.to_vec(),
            values: rows
                .iter()
                .map(|c| vec![f64::from(c.on_time), f64::from(c.late), f64::from(c.skipped), f64::from(c.open())])
                .collect(),
            stacked: horizontal,
            horizontal,
        };
        let h = bars.height();
        flow.block(h, |canvas, fonts, x, y, w| {
            bar_chart(canvas, fonts, Area { x, y, w, h }, &bars, lang);
        });
        flow.space(8.0);
    }
    Ok(())
}

fn feedback(flow: &mut Flow, r: &MonthlyReport, l: &Labels, ticker: &mut Ticker<'_>) -> Result<(), ReportError> {
    section(flow, 5, l.sec_feedback, 60.0);
    if r.feedback.is_empty() {
        empty(flow, l.empty_feedback);
        return Ok(());
    }
    part_of(flow, r.lang, l.part_feedback, r.feedback.len(), r.feedback_total);
    let mut sorted: Vec<&FeedbackComment> = r.feedback.iter().collect();
    sorted.sort_by(|a, b| a.rank().total_cmp(&b.rank()));
    let mut table = Table::new(vec![
        Column::fit(l.col_date, Align::Left),
        Column::new(l.col_customer, 1.9, Align::Left),
        Column::fit(l.col_score, Align::Left),
        Column::new(l.col_comment, 5.0, Align::Left),
    ]);
    for f in sorted {
        let score = Cell::new(f.score_text()).bold();
        table.rows.push(vec![
            Cell::new(f.date.clone()),
            Cell::new(f.customer.clone()),
            if f.is_low() { score.color(BAD) } else { score },
            Cell::new(f.comment.clone()),
        ]);
    }
    flow.table(&table, ticker)
}

fn at_risk(flow: &mut Flow, r: &MonthlyReport, l: &Labels, ticker: &mut Ticker<'_>) -> Result<(), ReportError> {
    section(flow, 6, l.sec_at_risk, 60.0);
    if r.at_risk.is_empty() {
        empty(flow, l.empty_at_risk);
        return Ok(());
    }
    part_of(flow, r.lang, l.part_at_risk, r.at_risk.len(), r.at_risk_total);
    let mut table = Table::new(vec![
        Column::new(l.col_customer, 2.3, Align::Left),
        Column::fit(l.col_phone, Align::Left),
        Column::new(l.col_reasons, 4.6, Align::Left),
    ]);
    for c in &r.at_risk {
        table.rows.push(vec![
            Cell::new(c.name.clone()).bold(),
            Cell::new(c.phone.clone()),
            Cell::new(c.reasons.join("; ")),
        ]);
    }
    flow.table(&table, ticker)
}

fn top_customers(flow: &mut Flow, r: &MonthlyReport, l: &Labels, ticker: &mut Ticker<'_>) -> Result<(), ReportError> {
    section(flow, 7, l.sec_top, 60.0);
    if r.top_customers.is_empty() {
        empty(flow, l.empty_top);
        return Ok(());
    }
    let mut table = Table::new(vec![
        Column::fit(l.col_rank, Align::Right),
        Column::new(l.col_customer, 2.6, Align::Left),
        Column::fit(l.col_phone, Align::Left),
        Column::new(l.col_purchases, 1.1, Align::Right),
        Column::new(l.col_spend, 1.4, Align::Right),
    ]);
    for (i, c) in r.top_customers.iter().enumerate() {
        table.rows.push(vec![
            Cell::new((i + 1).to_string()).color(MUTED),
            Cell::new(c.name.clone()),
            Cell::new(c.phone.clone()),
            Cell::new(r.lang.int(i64::from(c.purchases))),
            Cell::new(c.spend.clone()).bold(),
        ]);
    }
    flow.table(&table, ticker)
}

fn new_customers(flow: &mut Flow, r: &MonthlyReport, l: &Labels, ticker: &mut Ticker<'_>) -> Result<(), ReportError> {
    section(flow, 8, l.sec_new, 60.0);
    if r.new_customers.is_empty() {
        empty(flow, l.empty_new);
        return Ok(());
    }
    part_of(flow, r.lang, l.part_new, r.new_customers.len(), r.new_customers_total);
    let mut table = Table::new(vec![
        Column::fit(l.col_date, Align::Left),
        Column::new(l.col_customer, 2.6, Align::Left),
        Column::fit(l.col_phone, Align::Left),
        Column::new(l.col_source, 1.8, Align::Left),
    ]);
    for c in &r.new_customers {
        table.rows.push(vec![
            Cell::new(c.date.clone()),
            Cell::new(c.name.clone()),
            Cell::new(c.phone.clone()),
            Cell::new(c.source.clone()),
        ]);
    }
    flow.table(&table, ticker)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feedback_ranks_lowest_first() {
        let f = |csat: Option<u8>, nps: Option<u8>| FeedbackComment { csat, nps, ..FeedbackComment::default() };
        // (feedback, rank on 0..1)
        let cases = [
            (f(Some(1), None), 0.0),
            (f(Some(5), None), 1.0),
            (f(None, Some(0)), 0.0),
            (f(None, Some(10)), 1.0),
            (f(Some(3), None), 0.5),
            (f(Some(5), Some(2)), 0.2),
            (f(None, None), 2.0),
        ];
        for (fb, rank) in cases {
            assert!((fb.rank() - rank).abs() < 1e-9, "{fb:?} ranks {rank}, got {}", fb.rank());
        }
        assert!(f(Some(2), None).is_low() && f(None, Some(6)).is_low());
        assert!(!f(Some(3), Some(7)).is_low());
        assert_eq!(f(Some(4), Some(9)).score_text(), "CSAT 4/5\nNPS 9/10");
    }

    #[test]
    fn open_tasks_never_go_negative() {
        let c = CareCount { planned: 10, on_time: 6, late: 2, skipped: 1, ..CareCount::default() };
        assert_eq!(c.open(), 1);
        let odd = CareCount { planned: 2, on_time: 3, ..CareCount::default() };
        assert_eq!(odd.open(), 0);
    }
}

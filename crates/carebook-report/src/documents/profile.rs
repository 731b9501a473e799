//! A customer's profile on paper: identity, notes, and the histories of purchases,
//! requests, care tasks, feedback and timeline notes.

use serde::{Deserialize, Serialize};

use crate::error::ReportError;
use crate::fonts::fonts;
use crate::image::Logo;
use crate::labels::{Labels, Lang};
use crate::layout::palette::*;
use crate::layout::{Align, BODY, Cell, Column, Flow, FlowSetup, RunningHead, Table};
use crate::pdf::Doc;
use crate::progress::{Progress, Ticker};

/// Everything the printed profile shows. Every value is a display string; an empty
/// one prints as "—".
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CustomerProfile {
    /// Language of the fixed words.
    pub lang: Lang,
    /// The shop's name.
    pub shop_name: String,
    /// The shop's logo (PNG or JPEG bytes), if any.
    pub logo: Option<Vec<u8>>,
    /// When the profile was printed, as printed.
    pub generated_on: String,
    /// The customer's name.
    pub name: String,
    /// Customer code ("KH-000123").
    pub code: String,
    /// Phone numbers as printed.
    pub phones: Vec<String>,
    /// Email address.
    pub email: String,
    /// Birthday with its calendar: "12/05/1990 (dương lịch)", "15/8 âm lịch".
    pub birthday: String,
    /// Address.
    pub address: String,
    /// External or internal customer, as printed.
    pub kind: String,
    /// Where the customer came from.
    pub source: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Consent to offers with its date: "Đồng ý từ 12/03/2024".
    pub consent: String,
    /// Preferred channel ("Zalo").
    pub preferred_channel: String,
    /// Loyalty points, as printed.
    pub points: String,
    /// Loyalty tier.
    pub tier: String,
    /// Free notes (may be long; wraps over lines and pages).
    pub notes: String,
    /// Purchases, newest first.
    pub purchases: Vec<ProfilePurchase>,
    /// Service requests, newest first.
    pub requests: Vec<ProfileRequest>,
    /// Care tasks, newest first.
    pub care_tasks: Vec<ProfileTask>,
    /// Feedback answers, newest first.
    pub feedback: Vec<ProfileFeedback>,
    /// Timeline notes, newest first.
    pub timeline: Vec<TimelineNote>,
}

/// A purchase or visit.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProfilePurchase {
    /// Date.
    pub date: String,
    /// Amount ("450.000 ₫").
    pub amount: String,
    /// Items or note.
    pub items: String,
    /// Staff member.
    pub staff: String,
}

/// A service request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProfileRequest {
    /// When it was received.
    pub received: String,
    /// Channel ("Zalo").
    pub channel: String,
    /// Type ("Khiếu nại").
    pub kind: String,
    /// Status ("Đã giải quyết").
    pub status: String,
    /// Who handled it (and who it was transferred to).
    pub handled_by: String,
    /// What it was about.
    pub summary: String,
}

/// A care task.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProfileTask {
    /// Due date.
    pub due: String,
    /// Kind ("Gọi hỏi thăm").
    pub kind: String,
    /// Status ("Đã làm", "Quá hạn").
    pub status: String,
    /// Assignee.
    pub assignee: String,
    /// Outcome note.
    pub outcome: String,
}

/// A feedback answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProfileFeedback {
    /// Date.
    pub date: String,
    /// Scores as printed ("CSAT 4/5 · NPS 9/10").
    pub score: String,
    /// Comment.
    pub comment: String,
}

/// A timeline note.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TimelineNote {
    /// Date.
    pub date: String,
    /// Who wrote it.
    pub author: String,
    /// The note.
    pub text: String,
}

/// Renders a customer's profile as A4 PDF bytes.
///
/// `progress` is called now and then with the rows done so far; returning `false`
/// stops the render with [`ReportError::Cancelled`].
pub fn render_customer_profile(
    p: &CustomerProfile,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Vec<u8>, ReportError> {
    let fonts = fonts()?;
    let l = p.lang.labels();
    let rows = (p.purchases.len() + p.requests.len() + p.care_tasks.len() + p.feedback.len() + p.timeline.len()) as u64;
    let mut ticker = Ticker::new(progress, rows + 7 + (rows / 10).max(1));
    ticker.start()?;
    let logo = p.logo.as_deref().map(Logo::decode).transpose()?;
    let doc = Doc::new(&format!("{} \u{2014} {}", l.profile_title, p.name), logo);
    let head = RunningHead { shop: p.shop_name.clone(), title: l.profile_title.to_owned(), subtitle: p.name.clone() };
    let footer = format!("{} \u{00B7} {} \u{00B7} {}", p.shop_name, p.name, p.generated_on);
    let mut flow = Flow::new(fonts, doc, FlowSetup::a4(Some(head), Some(p.lang), footer));
    let subtitle = if p.code.is_empty() { String::new() } else { format!("{}: {}", l.f_code, p.code) };
    flow.title_block(&p.name, &subtitle, &format!("{}: {}", l.generated_on, p.generated_on));

    let identity: Vec<(&str, String)> = vec![
        (l.f_phones, p.phones.join(", ")),
        (l.f_email, p.email.clone()),
        (l.f_birthday, p.birthday.clone()),
        (l.f_kind, p.kind.clone()),
        (l.f_address, p.address.clone()),
        (l.f_source, p.source.clone()),
        (l.f_tags, p.tags.join(", ")),
        (l.f_channel, p.preferred_channel.clone()),
        (l.f_consent, p.consent.clone()),
        (l.f_tier, p.tier.clone()),
        (l.f_points, p.points.clone()),
    ];
    flow.key_values(&identity, 2);
    ticker.checkpoint(1)?;

    flow.heading(l.sec_notes, 30.0);
    if p.notes.trim().is_empty() {
        flow.paragraph(l.empty_notes, BODY.colored(MUTED));
    } else {
        flow.paragraph(&p.notes, BODY);
    }
    ticker.checkpoint(1)?;

    section(&mut flow, l.sec_purchases, l.empty_purchases, purchases(l, &p.purchases), &mut ticker)?;
    section(&mut flow, l.sec_requests, l.empty_requests, requests(l, &p.requests), &mut ticker)?;
    section(&mut flow, l.sec_tasks, l.empty_tasks, tasks(l, &p.care_tasks), &mut ticker)?;
    section(&mut flow, l.sec_profile_feedback, l.empty_profile_feedback, feedback(l, &p.feedback), &mut ticker)?;
    section(&mut flow, l.sec_timeline, l.empty_timeline, timeline(l, &p.timeline), &mut ticker)?;

    let bytes = flow.finish().save(fonts);
    ticker.finish()?;
    Ok(bytes)
}

fn section(
    flow: &mut Flow,
    title: &str,
    empty: &str,
    table: Table,
    ticker: &mut Ticker<'_>,
) -> Result<(), ReportError> {
    flow.heading(title, 50.0);
    if table.rows.is_empty() {
        flow.paragraph(empty, BODY.colored(MUTED));
    } else {
        flow.table(&table, ticker)?;
    }
    ticker.checkpoint(1)
}

fn purchases(l: &Labels, rows: &[ProfilePurchase]) -> Table {
    let mut t = Table::new(vec![
        Column::fit(l.col_date, Align::Left),
        Column::fit(l.col_amount, Align::Right),
        Column::new(l.col_items, 4.0, Align::Left),
        Column::new(l.col_staff, 1.5, Align::Left),
    ]);
    t.rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::new(r.date.clone()),
                Cell::new(r.amount.clone()).bold(),
                Cell::new(r.items.clone()),
                Cell::new(r.staff.clone()),
            ]
        })
        .collect();
    t
}

fn requests(l: &Labels, rows: &[ProfileRequest]) -> Table {
    let mut t = Table::new(vec![
        Column::fit(l.col_received, Align::Left),
        Column::new(l.col_channel, 0.9, Align::Left),
        Column::new(l.col_type, 1.0, Align::Left),
        Column::new(l.col_status, 1.2, Align::Left),
        Column::new(l.col_handled_by, 1.3, Align::Left),
        Column::new(l.col_summary, 3.0, Align::Left),
    ]);
    t.rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::new(r.received.clone()),
                Cell::new(r.channel.clone()),
                Cell::new(r.kind.clone()),
                Cell::new(r.status.clone()).bold(),
                Cell::new(r.handled_by.clone()),
                Cell::new(r.summary.clone()),
            ]
        })
        .collect();
    t
}

fn tasks(l: &Labels, rows: &[ProfileTask]) -> Table {
    let mut t = Table::new(vec![
        Column::fit(l.col_due, Align::Left),
        Column::new(l.col_kind, 1.6, Align::Left),
        Column::new(l.col_status, 1.1, Align::Left),
        Column::new(l.col_assignee, 1.4, Align::Left),
        Column::new(l.col_result, 3.0, Align::Left),
    ]);
    t.rows = rows
        .iter()
        .map(|r| {
            vec![
                Cell::new(r.due.clone()),
                Cell::new(r.kind.clone()),
                Cell::new(r.status.clone()).bold(),
                Cell::new(r.assignee.clone()),
                Cell::new(r.outcome.clone()),
            ]
        })
        .collect();
    t
}

fn feedback(l: &Labels, rows: &[ProfileFeedback]) -> Table {
    let mut t = Table::new(vec![
        Column::fit(l.col_date, Align::Left),
        Column::fit(l.col_score, Align::Left),
        Column::new(l.col_comment, 5.0, Align::Left),
    ]);
    t.rows = rows
        .iter()
        .map(|r| vec![Cell::new(r.date.clone()), Cell::new(r.score.clone()).bold(), Cell::new(r.comment.clone())])
        .collect();
    t
}

fn timeline(l: &Labels, rows: &[TimelineNote]) -> Table {
    let mut t = Table::new(vec![
        Column::fit(l.col_date, Align::Left),
        Column::new(l.col_author, 1.4, Align::Left),
        Column::new(l.col_note, 5.2, Align::Left),
    ]);
    t.rows = rows
        .iter()
        .map(|r| vec![Cell::new(r.date.clone()), Cell::new(r.author.clone()), Cell::new(r.text.clone())])
        .collect();
    t
}

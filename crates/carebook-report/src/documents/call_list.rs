//! A staff member's call list for one day: who to call, why, what to say, with a box
//! to tick and a line to write the outcome on.

use serde::{Deserialize, Serialize};

use crate::error::ReportError;
use crate::fonts::fonts;
use crate::image::Logo;
use crate::labels::Lang;
use crate::layout::palette::*;
use crate::layout::{Align, BODY, Cell, Column, Flow, FlowSetup, Marker, RunningHead, Table};
use crate::pdf::Doc;
use crate::progress::{Progress, Ticker};

/// The calls one staff member has to make on one day.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CallList {
    /// Language of the fixed words.
    pub lang: Lang,
    /// The shop's name.
    pub shop_name: String,
    /// The shop's logo (PNG or JPEG bytes), if any.
    pub logo: Option<Vec<u8>>,
    /// The staff member.
    pub staff_name: String,
    /// The day, as printed: "Thứ Hai, 07/04/2025".
    pub date: String,
    /// The calls, in the order to make them.
    pub calls: Vec<Call>,
}

/// One call to make.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Call {
    /// Time, if the task has one ("09:30"), else empty.
    pub time: String,
    /// The customer's name.
    pub customer: String,
    /// Phone as printed ("0901 234 567").
    pub phone: String,
    /// What to do: the task kind ("Gọi hỏi thăm").
    pub kind: String,
    /// Why: "Mua lần đầu 31/03", "Khiếu nại đã giải quyết 05/04".
    pub reason: String,
    /// What to say (from the message template; wraps).
    pub message: String,
    /// The last purchase, as printed ("31/03/2025 · 450.000 ₫").
    pub last_purchase: String,
}

/// Renders a call list as A4 PDF bytes.
///
/// `progress` is called now and then with the calls done so far; returning `false`
/// stops the render with [`ReportError::Cancelled`].
pub fn render_call_list(list: &CallList, progress: &mut dyn FnMut(Progress) -> bool) -> Result<Vec<u8>, ReportError> {
    let fonts = fonts()?;
    let l = list.lang.labels();
    let n = list.calls.len() as u64;
    let mut ticker = Ticker::new(progress, n + 1 + (n / 10).max(1));
    ticker.start()?;
    let logo = list.logo.as_deref().map(Logo::decode).transpose()?;
    let subtitle = format!("{} \u{00B7} {}", list.staff_name, list.date);
    let doc = Doc::new(&format!("{} \u{2014} {subtitle}", l.call_list_title), logo);
    let head =
        RunningHead { shop: list.shop_name.clone(), title: l.call_list_title.to_owned(), subtitle: subtitle.clone() };
    let mut flow = Flow::new(
        fonts,
        doc,
        FlowSetup::a4(Some(head), Some(list.lang), format!("{} \u{00B7} {}", list.shop_name, subtitle)),
    );
    flow.title_block(
        l.call_list_title,
        &format!("{}: {} \u{00B7} {}: {}", l.staff, list.staff_name, l.day, list.date),
        &format!("{}: {}", l.calls_count, list.lang.int(n as i64)),
    );
    if list.calls.is_empty() {
        flow.paragraph(l.empty_calls, BODY.colored(MUTED));
    } else {
        // The time and message columns only when some call has one.
        let timed = list.calls.iter().any(|c| !c.time.trim().is_empty());
        let scripted = list.calls.iter().any(|c| !c.message.trim().is_empty());
        let mut columns = vec![Column::new(l.col_done, 0.7, Align::Center)];
        if timed {
            columns.push(Column::fit(l.col_time, Align::Left));
        }
        columns.extend([
            Column::new(l.col_customer, 1.45, Align::Left),
            Column::fit(l.col_phone, Align::Left),
            Column::new(l.col_todo, 1.05, Align::Left),
            Column::new(l.col_reason, if scripted { 1.25 } else { 2.5 }, Align::Left),
        ]);
        if scripted {
            columns.push(Column::new(l.col_message, 3.0, Align::Left));
        }
        columns.push(Column::new(l.col_last_purchase, 1.1, Align::Left));
        let mut table = Table::new(columns);
        table.size = 8.0;
        table.write_in = Some(l.outcome.to_owned());
        for c in &list.calls {
            let mut row = vec![Cell::new("").marker(Marker::Checkbox)];
            if timed {
                row.push(Cell::new(c.time.clone()).bold());
            }
            row.extend([
                Cell::new(c.customer.clone()).bold(),
                Cell::new(c.phone.clone()),
                Cell::new(c.kind.clone()).color(ACCENT),
                Cell::new(c.reason.clone()),
            ]);
            if scripted {
                row.push(Cell::new(c.message.clone()));
            }
            row.push(Cell::new(c.last_purchase.clone()).color(MUTED));
            table.rows.push(row);
        }
        flow.table(&table, &mut ticker)?;
    }
    ticker.checkpoint(1)?;
    let bytes = flow.finish().save(fonts);
    ticker.finish()?;
    Ok(bytes)
}

//! Cards, letters and call lists: the care tasks of a day (or the ones
//! picked in the window) merged through their templates and printed.
//! Which tasks print and how they are addressed is `carebook_care::print`;
//! this module reads the rows and hands them over.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

pub use carebook_care::print::LeftOutWhy;
use carebook_care::print::{self, CardTask};
use carebook_core::labels::Labelled;
use carebook_core::{CareTaskId, CareTaskKind, CareTaskStatus, CustomerId, StaffId};
use carebook_report::{Call, CallList, Card, CardBatch, CardKind, CardLayout, render_call_list, render_cards};
use carebook_store::{CareTaskLine, TaskFilter, Tx};
use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{PdfFile, PrintLang, date, money, report_error};
use crate::{Api, ApiError, Empty, Result};

/// At most this many tasks print in one batch or one call list.
pub const MAX_PRINTED: usize = 5_000;

/// How cards are put on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub enum PrintLayout {
    /// One card per A6 page.
    #[default]
    #[serde(rename = "a6")]
    A6,
    /// Two cards per A4 sheet.
    #[serde(rename = "a4-2")]
    A4x2,
    /// Four cards per A4 sheet.
    #[serde(rename = "a4-4")]
    A4x4,
    /// One A4 letter each.
    #[serde(rename = "letter")]
    Letter,
}

impl PrintLayout {
    fn report(self) -> CardLayout {
        match self {
            PrintLayout::A6 => CardLayout::A6,
            PrintLayout::A4x2 => CardLayout::A4x2,
            PrintLayout::A4x4 => CardLayout::A4x4,
            PrintLayout::Letter => CardLayout::Letter,
        }
    }

    /// As written on the command line and in file names.
    pub fn as_str(self) -> &'static str {
        match self {
            PrintLayout::A6 => "a6",
            PrintLayout::A4x2 => "a4-2",
            PrintLayout::A4x4 => "a4-4",
            PrintLayout::Letter => "letter",
        }
    }
}

/// Which care tasks to print as cards: the ones picked, or the planned ones
/// of a day (overdue included, as on Today).
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CardsArgs {
    /// The tasks picked in the window; when given, `date` and `assigneeId` are not used.
    #[ts(optional = nullable)]
    pub task_ids: Option<Vec<CareTaskId>>,
    /// The day; the shop's today when left out.
    #[ts(optional = nullable)]
    pub date: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub assignee_id: Option<StaffId>,
    pub layout: PrintLayout,
    /// The language of the fixed words and the reasons; each card's message is in its customer's language.
    #[ts(optional = nullable)]
    pub lang: Option<PrintLang>,
}

/// One card as the window previews it before printing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CardPreview {
    pub task_id: CareTaskId,
    pub customer_id: CustomerId,
    pub kind: CareTaskKind,
    pub due_date: NaiveDate,
    pub recipient: String,
    pub title: String,
    pub body: String,
}

/// A task that prints nothing, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LeftOutTask {
    pub task_id: CareTaskId,
    pub customer_name: String,
    pub why: LeftOutWhy,
}

/// The cards a print would make, and the tasks it leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CardsPreview {
    pub date: NaiveDate,
    pub cards: Vec<CardPreview>,
    pub left_out: Vec<LeftOutTask>,
}

/// Cards printed: the file and the tasks it holds (which the window offers to mark done).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintedCards {
    pub file: PdfFile,
    pub task_ids: Vec<CareTaskId>,
    pub left_out: Vec<LeftOutTask>,
}

/// One staff member's (or the whole shop's) calls of a day.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CallListArgs {
    /// The shop's today when left out.
    #[ts(optional = nullable)]
    pub date: Option<NaiveDate>,
    /// Everyone's calls when left out.
    #[ts(optional = nullable)]
    pub staff_id: Option<StaffId>,
    #[ts(optional = nullable)]
    pub lang: Option<PrintLang>,
}

/// Tasks to mark done at once (the cards just printed).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TasksDoneArgs {
    pub task_ids: Vec<CareTaskId>,
    /// The outcome written on each ("Đã gửi thiệp").
    #[ts(optional = nullable)]
    pub note: Option<String>,
}

/// How many tasks were marked done; the others were no longer planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TasksDone {
    pub done: u32,
    pub unchanged: u32,
}

/// How far the document being printed is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintProgress {
    pub running: bool,
    pub done: u32,
    pub total: u32,
}

/// The state a running print shares with `report_progress` and `report_cancel`.
#[derive(Debug, Default)]
pub(crate) struct PrintState {
    progress: Mutex<PrintProgress>,
    cancel: AtomicBool,
}

impl PrintState {
    fn set(&self, p: PrintProgress) {
        *self.progress.lock().unwrap_or_else(|e| e.into_inner()) = p;
    }
}

/// `ngày 07 tháng 04 năm 2025` / `7 April 2025`.
fn long_date(d: NaiveDate, lang: PrintLang) -> String {
    match lang {
        PrintLang::Vi => format!("ngày {:02} tháng {:02} năm {}", d.day(), d.month(), d.year()),
        PrintLang::En => format!("{} {} {}", d.day(), super::ENGLISH_MONTHS[d.month0() as usize], d.year()),
    }
}

/// `Thứ Hai, 07/04/2025` / `Monday, 07/04/2025`.
fn day_label(d: NaiveDate, lang: PrintLang) -> String {
    let (vi, en) = match d.weekday() {
        Weekday::Mon => ("Thứ Hai", "Monday"),
        Weekday::Tue => ("Thứ Ba", "Tuesday"),
        Weekday::Wed => ("Thứ Tư", "Wednesday"),
        Weekday::Thu => ("Thứ Năm", "Thursday"),
        Weekday::Fri => ("Thứ Sáu", "Friday"),
        Weekday::Sat => ("Thứ Bảy", "Saturday"),
        Weekday::Sun => ("Chủ Nhật", "Sunday"),
    };
    format!("{}, {}", if lang == PrintLang::Vi { vi } else { en }, date(d))
}

fn card_kind(kind: CareTaskKind) -> CardKind {
    match kind {
        CareTaskKind::ThankYou => CardKind::ThankYou,
        CareTaskKind::Offer => CardKind::Offer,
        CareTaskKind::BirthdayGreeting => CardKind::Birthday,
        CareTaskKind::Greeting => CardKind::Greeting,
        CareTaskKind::EventInvitation => CardKind::Invitation,
        _ => CardKind::Other,
    }
}

fn too_many(n: usize) -> ApiError {
    ApiError::field(
        "taskIds",
        "too_many",
        &format!("{n} tasks: at most {MAX_PRINTED} print at once; pick fewer or print one staff member at a time"),
    )
}

impl Api {
    /// The planned tasks of `date` (overdue ones included) for `assignee`, kept by `keep`.
    fn day_tasks(
        tx: &Tx<'_>,
        date: NaiveDate,
        assignee: Option<StaffId>,
        keep: fn(CareTaskKind) -> bool,
    ) -> Result<Vec<CareTaskLine>> {
        let filter =
            TaskFilter { to: Some(date), assignee, status: Some(CareTaskStatus::Planned), ..Default::default() };
        let mut out = Vec::new();
        let mut offset = 0;
        loop {
            let (_, page) = tx.care_task_lines(&filter, offset, 1000)?;
            let n = page.len() as u32;
            out.extend(page.into_iter().filter(|l| keep(l.task.kind)));
            if out.len() > MAX_PRINTED {
                return Err(too_many(out.len()));
            }
            if n < 1000 {
                return Ok(out);
            }
            offset += n;
        }
    }

    /// The tasks a card print covers, with the messages from their templates.
    fn card_merge(&self, tx: &Tx<'_>, args: &CardsArgs) -> Result<(NaiveDate, Vec<crate::CareLine>, print::Merge)> {
        let day = args.date.unwrap_or_else(|| self.today());
        let lines = match &args.task_ids {
            Some(ids) => {
                if ids.len() > MAX_PRINTED {
                    return Err(too_many(ids.len()));
                }
                let mut seen = std::collections::HashSet::new();
                ids.iter().filter(|id| seen.insert(**id)).map(|&id| tx.care_task_line(id)).collect::<Result<_, _>>()?
            }
            None => Self::day_tasks(tx, day, args.assignee_id, print::is_card)?,
        };
        let lang = args.lang.unwrap_or_default().core();
        let templates = Self::templates_by_key(tx)?;
        let shop = tx.settings()?.shop_name;
        let ids: Vec<CustomerId> = lines.iter().map(|l| l.task.customer_id).collect();
        let facts = tx.print_facts(&ids)?;
        let mut tasks = Vec::with_capacity(lines.len());
        let mut shown = Vec::with_capacity(lines.len());
        for l in lines {
            let f = facts.get(&l.task.customer_id).cloned().unwrap_or_default();
            let gender = l.gender;
            let line = self.printed_line(tx, l, lang, &templates, &shop)?;
            tasks.push(CardTask {
                task_id: line.task.task.id,
                kind: line.task.task.kind,
                title: line.task.task.title.clone(),
                customer_name: line.customer_name.clone(),
                gender,
                consent: f.consent,
                address: f.address,
                lang: line.message_lang,
                message: line.message.clone(),
            });
            shown.push(line);
        }
        let merged = print::merge(&tasks);
        Ok((day, shown, merged))
    }

    /// A task's line with its message. A card added by hand has no template,
    /// so its kind's template writes it; a call added by hand has no script
    /// (the templates for calls are written for one plan's occasion).
    fn printed_line(
        &self,
        tx: &Tx<'_>,
        l: CareTaskLine,
        lang: carebook_core::export::Lang,
        templates: &std::collections::HashMap<String, carebook_care::Template>,
        shop: &str,
    ) -> Result<crate::CareLine> {
        let by_kind = match l.template_key {
            None if print::is_card(l.task.kind) => {
                templates.values().filter(|t| t.kind == l.task.kind).min_by(|a, b| a.key.cmp(&b.key))
            }
            _ => None,
        };
        let fallback = match by_kind {
            Some(t) => Some(Self::render_for(tx, &l, t, shop, carebook_care::message_lang(l.phone_e164.as_deref()))?),
            None => None,
        };
        let mut line = self.care_line(tx, l, lang, Some((templates, shop)))?;
        if line.message.is_none() {
            line.message = fallback;
        }
        Ok(line)
    }

    /// What a card print would make: each card's recipient, heading and
    /// message, and the tasks it leaves out with why.
    pub fn report_cards_preview(&self, args: CardsArgs) -> Result<CardsPreview> {
        self.read(|tx| {
            let (day, lines, merged) = self.card_merge(tx, &args)?;
            Ok(preview(day, &lines, merged))
        })
    }

    /// The cards' PDF bytes and what they hold; `progress` may cancel.
    pub fn cards_pdf(
        &self,
        args: &CardsArgs,
        progress: &mut dyn FnMut(carebook_report::Progress) -> bool,
    ) -> Result<(Vec<u8>, CardsPreview)> {
        let lang = args.lang.unwrap_or_default();
        let (day, lines, merged, shop, logo) = self.read(|tx| {
            let (day, lines, merged) = self.card_merge(tx, args)?;
            Ok((day, lines, merged, tx.settings()?.shop_name, crate::logo::stored_logo(tx)?))
        })?;
        let shop = if shop.trim().is_empty() { lang.core().pick("Cửa hàng", "Shop").to_owned() } else { shop };
        let batch = CardBatch {
            lang: lang.report(),
            layout: args.layout.report(),
            shop_name: shop.clone(),
            logo,
            date: long_date(day, lang),
            cards: merged
                .cards
                .iter()
                .map(|c| Card {
                    recipient: c.recipient.clone(),
                    address: c.address.clone(),
                    title: c.title.clone(),
                    body: c.body.clone(),
                    signature: shop.clone(),
                    kind: card_kind(c.kind),
                })
                .collect(),
        };
        let bytes = render_cards(&batch, progress).map_err(report_error)?;
        Ok((bytes, preview(day, &lines, merged)))
    }

    /// Prints the cards into the reports folder, with progress and cancel
    /// (`report_progress`, `report_cancel`).
    pub fn report_cards(&self, args: CardsArgs) -> Result<PrintedCards> {
        let (bytes, shown) = self.tracked(|progress| self.cards_pdf(&args, progress))?;
        let word = if args.lang.unwrap_or_default() == PrintLang::Vi { "thiep" } else { "cards" };
        let name = format!("{word}-{}-{}.pdf", shown.date, args.layout.as_str());
        let file = self.write_report(&name, &bytes)?;
        Ok(PrintedCards { file, task_ids: shown.cards.iter().map(|c| c.task_id).collect(), left_out: shown.left_out })
    }

    /// The call list's PDF bytes.
    pub fn call_list_pdf(
        &self,
        args: &CallListArgs,
        progress: &mut dyn FnMut(carebook_report::Progress) -> bool,
    ) -> Result<Vec<u8>> {
        let lang = args.lang.unwrap_or_default();
        let l = lang.core();
        let day = args.date.unwrap_or_else(|| self.today());
        let list = self.read(|tx| {
            let staff_name =
                match args.staff_id {
                    Some(id) => tx.list_staff()?.into_iter().find(|s| s.id == id).map(|s| s.name).ok_or_else(|| {
                        ApiError::field("staffId", "not_found", &format!("staff member {id} not found"))
                    })?,
                    None => l.pick("Cả cửa hàng", "Whole shop").to_owned(),
                };
            let lines = Self::day_tasks(tx, day, args.staff_id, print::is_call)?;
            let templates = Self::templates_by_key(tx)?;
            let shop = tx.settings()?.shop_name;
            let ids: Vec<CustomerId> = lines.iter().map(|l| l.task.customer_id).collect();
            let facts = tx.print_facts(&ids)?;
            let mut calls = Vec::with_capacity(lines.len());
            for line in lines {
                let last = facts.get(&line.task.customer_id).and_then(|f| f.last_purchase);
                let line = self.printed_line(tx, line, l, &templates, &shop)?;
                let t = &line.task.task;
                let todo = t.title.clone().unwrap_or_else(|| t.kind.label(l).to_owned());
                // The reason, unless it only repeats what to do.
                let mut reason = if line.why == todo { String::new() } else { line.why.clone() };
                if t.due_date < day {
                    let overdue = format!("{} {}", l.pick("quá hạn từ", "overdue since"), date(t.due_date));
                    reason = if reason.is_empty() { overdue } else { format!("{reason} \u{00B7} {overdue}") };
                }
                let mut who = line.customer_name.clone();
                if args.staff_id.is_none()
                    && let Some(a) = &t.assignee_name
                {
                    who = format!("{who} ({a})");
                }
                calls.push(Call {
                    time: t.due_time.map(|tm| tm.format("%H:%M").to_string()).unwrap_or_default(),
                    customer: who,
                    phone: line.phone.clone().unwrap_or_default(),
                    kind: todo,
                    reason,
                    message: line.message.clone().unwrap_or_default(),
                    last_purchase: last
                        .map(|(d, amount)| format!("{} \u{00B7} {}", date(d), money(amount, lang.report())))
                        .unwrap_or_default(),
                });
            }
            Ok(CallList {
                lang: lang.report(),
                shop_name: if shop.trim().is_empty() { l.pick("Cửa hàng", "Shop").to_owned() } else { shop },
                logo: crate::logo::stored_logo(tx)?,
                staff_name,
                date: day_label(day, lang),
                calls,
            })
        })?;
        render_call_list(&list, progress).map_err(report_error)
    }

    /// Prints a call list into the reports folder.
    pub fn report_call_list(&self, args: CallListArgs) -> Result<PdfFile> {
        let bytes = self.tracked(|progress| self.call_list_pdf(&args, progress))?;
        let day = args.date.unwrap_or_else(|| self.today());
        let word = if args.lang.unwrap_or_default() == PrintLang::Vi { "goi-dien" } else { "calls" };
        let who = args.staff_id.map(|id| format!("-nv{id}")).unwrap_or_default();
        self.write_report(&format!("{word}-{day}{who}.pdf"), &bytes)
    }

    /// Runs a print with its progress published and its cancel flag watched.
    pub(crate) fn tracked<T>(
        &self,
        run: impl FnOnce(&mut dyn FnMut(carebook_report::Progress) -> bool) -> Result<T>,
    ) -> Result<T> {
        let state = &self.print;
        state.cancel.store(false, Ordering::SeqCst);
        state.set(PrintProgress { running: true, done: 0, total: 1 });
        let result = run(&mut |p| {
            state.set(PrintProgress {
                running: true,
                done: u32::try_from(p.done).unwrap_or(u32::MAX),
                total: u32::try_from(p.total).unwrap_or(u32::MAX),
            });
            !state.cancel.load(Ordering::SeqCst)
        });
        let last = *state.progress.lock().unwrap_or_else(|e| e.into_inner());
        state.set(PrintProgress { running: false, ..last });
        result
    }

    /// How far the document being printed is.
    pub fn report_progress(&self) -> Result<PrintProgress> {
        Ok(*self.print.progress.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Asks the document being printed to stop; nothing is written.
    pub fn report_cancel(&self) -> Result<Empty> {
        self.print.cancel.store(true, Ordering::SeqCst);
        Ok(Empty {})
    }

    /// Marks the given tasks done with one outcome (after their cards were
    /// printed); tasks no longer planned are left as they are.
    pub fn care_tasks_done(&self, args: TasksDoneArgs) -> Result<TasksDone> {
        if args.task_ids.len() > MAX_PRINTED {
            return Err(too_many(args.task_ids.len()));
        }
        let note = args.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
        if note.is_some_and(|n| n.chars().count() > 2000) {
            return Err(ApiError::field("note", "too_long", "at most 2000 characters"));
        }
        let now = self.now();
        self.write().transaction(|tx| {
            let mut out = TasksDone { done: 0, unchanged: 0 };
            for &id in &args.task_ids {
                let before = tx.care_task_line(id)?;
                if before.task.status != CareTaskStatus::Planned {
                    out.unchanged += 1;
                    continue;
                }
                tx.finish_care_task(id, CareTaskStatus::Done, note, now)?;
                self.audit_task_change(tx, &before)?;
                out.done += 1;
            }
            Ok(out)
        })
    }
}

fn preview(day: NaiveDate, lines: &[crate::CareLine], merged: print::Merge) -> CardsPreview {
    let by_id = |id: CareTaskId| lines.iter().find(|l| l.task.task.id == id);
    CardsPreview {
        date: day,
        cards: merged
            .cards
            .into_iter()
            .map(|c| {
                let line = by_id(c.task_id);
                CardPreview {
                    task_id: c.task_id,
                    customer_id: line.map(|l| l.task.task.customer_id).unwrap_or_default(),
                    kind: c.kind,
                    due_date: line.map(|l| l.task.task.due_date).unwrap_or(day),
                    recipient: c.recipient,
                    title: c.title,
                    body: c.body,
                }
            })
            .collect(),
        left_out: merged
            .left_out
            .into_iter()
            .map(|(id, why)| LeftOutTask {
                task_id: id,
                customer_name: by_id(id).map(|l| l.customer_name.clone()).unwrap_or_default(),
                why,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_letters_and_call_lists_print_them() {
        let d = NaiveDate::from_ymd_opt(2025, 4, 7).unwrap();
        assert_eq!(long_date(d, PrintLang::Vi), "ngày 07 tháng 04 năm 2025");
        assert_eq!(long_date(d, PrintLang::En), "7 April 2025");
        assert_eq!(day_label(d, PrintLang::Vi), "Thứ Hai, 07/04/2025");
        assert_eq!(day_label(d, PrintLang::En), "Monday, 07/04/2025");
    }

    #[test]
    fn layouts_read_as_the_command_line_writes_them() {
        for l in [PrintLayout::A6, PrintLayout::A4x2, PrintLayout::A4x4, PrintLayout::Letter] {
            let json = serde_json::to_string(&l).unwrap();
            assert_eq!(json, format!("\"{}\"", l.as_str()));
        }
    }
}

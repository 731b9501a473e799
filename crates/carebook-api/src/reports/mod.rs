//! Printed documents: the API gathers the rows, `carebook-report` lays them
//! out. A PDF is written whole (temporary file + rename) into the book's
//! `reports/` folder, or to a path given in the terminal, and the front end
//! gets its path — never its bytes as JSON.

mod format;
pub mod monthly;

use std::path::{Path, PathBuf};

use carebook_core::export::Lang as CoreLang;
use carebook_core::labels::Labelled;
use carebook_core::{CalendarKind, CustomerId, TimelineItem};
use carebook_report::{
    CustomerProfile, Lang, ProfileFeedback, ProfilePurchase, ProfileRequest, ProfileTask, ReportError,
    TimelineNote, render_customer_profile,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Api, ApiError, IdArgs, Result, TimelineArgs};
pub use format::{date, money, number, percent};

/// The language a document is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum PrintLang {
    #[default]
    Vi,
    En,
}

impl PrintLang {
    pub fn report(self) -> Lang {
        match self {
            PrintLang::Vi => Lang::Vi,
            PrintLang::En => Lang::En,
        }
    }

    pub fn core(self) -> CoreLang {
        match self {
            PrintLang::Vi => CoreLang::Vi,
            PrintLang::En => CoreLang::En,
        }
    }
}

/// One customer's profile, printed.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfilePdfArgs {
    pub id: CustomerId,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub lang: Option<PrintLang>,
}

/// A PDF written by CareBook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PdfFile {
    /// The file's name inside the reports folder (what `/reports/<name>` serves).
    pub file_name: String,
    /// Where it is, in full.
    pub path: String,
    /// Its size.
    pub bytes: u64,
}

pub(crate) fn report_error(e: ReportError) -> ApiError {
    match e {
        ReportError::Cancelled => ApiError::conflict("the document was cancelled"),
        other => ApiError::internal(format!("the document could not be made: {other}")),
    }
}

/// A file name safe on every system: letters folded to ASCII, digits, `-`.
fn file_stem(text: &str) -> String {
    let folded = carebook_core::fold(text);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}

impl Api {
    /// `reports/` next to the book: where printed documents are written.
    pub fn reports_dir(&self) -> PathBuf {
        let db = std::path::absolute(self.db_path()).unwrap_or_else(|_| self.db_path());
        db.parent().unwrap_or(Path::new(".")).join("reports")
    }

    /// Writes `bytes` whole as `name` in the reports folder.
    pub(crate) fn write_report(&self, name: &str, bytes: &[u8]) -> Result<PdfFile> {
        let dir = self.reports_dir();
        std::fs::create_dir_all(&dir)
            .map_err(|e| ApiError::internal(format!("cannot create the reports folder {}: {e}", dir.display())))?;
        let path = dir.join(name);
        write_pdf(&path, bytes)?;
        Ok(PdfFile { file_name: name.to_owned(), path: path.display().to_string(), bytes: bytes.len() as u64 })
    }

    /// The shop's name as printed at the top of every page.
    pub(crate) fn shop_name(&self, lang: PrintLang) -> Result<String> {
        let name = self.read(|tx| Ok(tx.settings()?.shop_name))?;
        Ok(if name.trim().is_empty() { lang.core().pick("Cửa hàng", "Shop").to_owned() } else { name })
    }

    /// The printable profile of one customer with their whole history.
    pub fn customer_profile_document(&self, args: &ProfilePdfArgs) -> Result<CustomerProfile> {
        let lang = args.lang.unwrap_or_default();
        let l = lang.core();
        let c = self.customer_get(IdArgs { id: args.id })?;
        let care = self.customer_care(IdArgs { id: args.id })?;
        let timeline = self.customer_timeline(TimelineArgs { id: args.id, limit: Some(10_000) })?;
        let birthday = c.birthday.as_ref().map(|b| {
            let day = match b.year {
                Some(y) => format!("{:02}/{:02}/{y}", b.day, b.month),
                None => format!("{:02}/{:02}", b.day, b.month),
            };
            match (b.calendar, b.leap) {
                (CalendarKind::Solar, _) => day,
                (CalendarKind::Lunar, false) => format!("{day} ({})", l.pick("âm lịch", "lunar")),
                (CalendarKind::Lunar, true) => format!("{day} ({})", l.pick("âm lịch, tháng nhuận", "lunar, leap month")),
            }
        });
        let purchases = timeline
            .iter()
            .filter_map(|t| match t {
                TimelineItem::Purchase(p) => Some(ProfilePurchase {
                    date: date(p.date),
                    amount: money(p.amount_vnd, lang.report()),
                    items: p.items.clone().unwrap_or_default(),
                    staff: p.staff_name.clone().unwrap_or_default(),
                }),
                TimelineItem::Note(_) => None,
            })
            .collect();
        let notes = timeline
            .iter()
            .filter_map(|t| match t {
                TimelineItem::Note(n) => Some(TimelineNote {
                    date: date(n.created_at.date()),
                    author: n.staff_name.clone().unwrap_or_default(),
                    text: n.body.clone(),
                }),
                TimelineItem::Purchase(_) => None,
            })
            .collect();
        Ok(CustomerProfile {
            lang: lang.report(),
            shop_name: self.shop_name(lang)?,
            logo: None,
            generated_on: date(self.today()),
            name: c.name.clone(),
            code: format!("KH{:06}", c.id),
            phones: c.phones.iter().map(|p| p.display.clone()).collect(),
            email: c.email.clone().unwrap_or_default(),
            birthday: birthday.unwrap_or_default(),
            address: c.address.clone().unwrap_or_default(),
            kind: c.kind.label(l).to_owned(),
            source: c.source.clone().unwrap_or_default(),
            tags: c.tags.clone(),
            consent: match c.consent_date {
                Some(d) => format!("{} ({})", c.consent.label(l), date(d)),
                None => c.consent.label(l).to_owned(),
            },
            preferred_channel: c.preferred_channel.map(|ch| ch.label(l).to_owned()).unwrap_or_default(),
            points: number(c.loyalty_points as f64, 0, lang.report()),
            tier: c.tier.clone().unwrap_or_default(),
            notes: c.notes.clone().unwrap_or_default(),
            purchases,
            requests: care
                .requests
                .iter()
                .map(|r| ProfileRequest {
                    received: date(r.received_at.date()),
                    channel: r.channel.label(l).to_owned(),
                    kind: r.kind.label(l).to_owned(),
                    status: r.status.label(l).to_owned(),
                    handled_by: r.handled_by_name.clone().unwrap_or_default(),
                    summary: r.summary.clone(),
                })
                .collect(),
            care_tasks: care
                .tasks
                .iter()
                .map(|t| ProfileTask {
                    due: date(t.task.due_date),
                    kind: t.task.title.clone().unwrap_or_else(|| t.task.kind.label(l).to_owned()),
                    status: t.task.status.label(l).to_owned(),
                    assignee: t.task.assignee_name.clone().unwrap_or_default(),
                    outcome: t.task.outcome.clone().unwrap_or_default(),
                })
                .collect(),
            feedback: care
                .feedback
                .iter()
                .map(|f| ProfileFeedback {
                    date: date(f.given_at.date()),
                    score: [f.csat.map(|s| format!("CSAT {s}/5")), f.nps.map(|s| format!("NPS {s}/10"))]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" · "),
                    comment: f.comment.clone().unwrap_or_default(),
                })
                .collect(),
            timeline: notes,
        })
    }

    /// Prints one customer's profile into the reports folder.
    pub fn report_profile(&self, args: ProfilePdfArgs) -> Result<PdfFile> {
        let doc = self.customer_profile_document(&args)?;
        let bytes = render_customer_profile(&doc, &mut |_| true).map_err(report_error)?;
        let name = format!("ho-so-{}-{}.pdf", file_stem(&doc.name), args.id);
        self.write_report(&name, &bytes)
    }
}

/// Writes a PDF whole: a temporary file beside it, synced, then renamed.
pub fn write_pdf(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() != Some("pdf") {
        return Err(ApiError::bad_request(format!("{}: a PDF file name ends in .pdf", path.display())));
    }
    let mut file = carebook_export::AtomicFile::create(path)
        .map_err(|e| ApiError::internal(format!("cannot write {}: {e}", path.display())))?;
    std::io::Write::write_all(&mut file, bytes)
        .map_err(|e| ApiError::internal(format!("cannot write {}: {e}", path.display())))?;
    file.commit().map_err(|e| ApiError::internal(format!("cannot write {}: {e}", path.display())))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::file_stem;

    #[test]
    fn file_names_are_plain_ascii() {
        assert_eq!(file_stem("Đặng Thị Ngọc Ánh"), "dang-thi-ngoc-anh");
        assert_eq!(file_stem("  a/b\\c..d "), "a-b-c-d");
    }
}

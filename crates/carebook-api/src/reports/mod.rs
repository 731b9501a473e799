//! Printed documents: the API gathers the rows, `carebook-report` lays them
//! out. A PDF is written whole (temporary file + rename) into the book's
//! `reports/` folder, or to a path given in the terminal, and the front end
//! gets its path — never its bytes as JSON.

pub mod cards;
mod format;
pub mod monthly;

use std::path::{Path, PathBuf};

use carebook_core::export::Lang as CoreLang;
use carebook_core::labels::Labelled;
use carebook_core::{CalendarKind, CustomerId, TimelineItem};
use carebook_measures::{DateRange, YearMonth};
use carebook_report::{
    CustomerProfile, FeedbackComment, Lang, MonthlyReport, NewCustomer, ProfileFeedback, ProfilePurchase,
    ProfileRequest, ProfileTask, ReportError, TimelineNote, TopCustomer, render_customer_profile,
    render_monthly_report,
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

/// The monthly service report of one month.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthlyReportArgs {
    /// `YYYY-MM`.
    pub month: String,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub lang: Option<PrintLang>,
}

/// A copy of a printed document, saved where the user chose.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveReportArgs {
    /// The document's name in the reports folder.
    pub file_name: String,
    /// Where to save it: a full path ending in `.pdf`, or a folder.
    pub path: String,
}

/// How many customers the report lists at most in each list.
const TOP_CUSTOMERS: usize = 10;
const AT_RISK_PRINTED: usize = 100;
const NEW_CUSTOMERS_PRINTED: usize = 200;
/// Comments printed: the lowest-scored first (a month of a busy shop has thousands).
const FEEDBACK_PRINTED: usize = 60;

/// `YYYY-MM` as a month, with a message the user can read.
pub fn parse_month(text: &str) -> Result<YearMonth> {
    let bad = || ApiError::field("month", "invalid", &format!("{text}: a month is written YYYY-MM, e.g. 2026-11"));
    let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(1900..=2100).contains(&y) || !(1..=12).contains(&m) {
        return Err(bad());
    }
    YearMonth::new(y, m).map_err(|_| bad())
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
                (CalendarKind::Lunar, true) => {
                    format!("{day} ({})", l.pick("âm lịch, tháng nhuận", "lunar, leap month"))
                }
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
            logo: self.print_logo()?,
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

    /// Everything the monthly report prints for `month`, with the same
    /// figures as the `measures` command and the dashboard for that month.
    pub fn monthly_report_document(&self, month: YearMonth, lang: PrintLang) -> Result<MonthlyReport> {
        let (rl, l) = (lang.report(), lang.core());
        let today = self.today();
        let range: DateRange = month.range()?;
        let data = self.measure_data()?;
        let records = data.rows.records();
        let dash = carebook_measures::dashboard(range, month, 12, &records, &data.settings, today)?;
        let (risk_total, risk) = data.at_risk(today, AT_RISK_PRINTED)?;
        let names: std::collections::HashMap<CustomerId, &str> =
            data.customers.iter().map(|c| (c.id, c.name.as_str())).collect();
        let name_of = |id: CustomerId| names.get(&id).map(|n| (*n).to_owned());

        let mut spend: std::collections::HashMap<CustomerId, (u32, i64)> = Default::default();
        for p in records.purchases.iter().filter(|p| range.contains(p.date)) {
            let e = spend.entry(p.customer_id).or_default();
            e.0 += 1;
            e.1 += p.amount;
        }
        let mut top: Vec<(CustomerId, u32, i64)> = spend.into_iter().map(|(id, (n, sum))| (id, n, sum)).collect();
        top.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        top.truncate(TOP_CUSTOMERS);

        let mut phone_ids: Vec<CustomerId> = risk.iter().map(|a| a.customer_id).collect();
        phone_ids.extend(top.iter().map(|t| t.0));
        let (staff, phones, created, shop, logo) = self.read(|tx| {
            Ok((
                tx.list_staff()?,
                tx.first_phones(&phone_ids)?,
                tx.customers_created_between(range.from, range.to)?,
                tx.settings()?.shop_name,
                crate::logo::stored_logo(tx)?,
            ))
        })?;
        let staff_name = |id: Option<carebook_core::StaffId>| match id.and_then(|id| staff.iter().find(|s| s.id == id))
        {
            Some(s) => s.name.clone(),
            None => l.pick("Chưa giao", "Unassigned").to_owned(),
        };

        let mut feedback: Vec<FeedbackComment> = records
            .feedback
            .iter()
            .filter(|f| range.contains_time(f.given_at))
            .filter_map(|f| {
                let comment = f.comment.as_deref().map(str::trim).filter(|c| !c.is_empty())?;
                Some(FeedbackComment {
                    date: date(f.given_at.date()),
                    customer: name_of(f.customer_id).unwrap_or_default(),
                    csat: f.csat,
                    nps: f.nps,
                    comment: comment.to_owned(),
                })
            })
            .collect();
        let feedback_total = feedback.len() as u64;
        feedback.sort_by(|a, b| a.rank().total_cmp(&b.rank()));
        feedback.truncate(FEEDBACK_PRINTED);
        let new_customers_total = created.len() as u64;
        let month_label = match lang {
            PrintLang::Vi => format!("Tháng {}/{}", month.month, month.year),
            PrintLang::En => format!("{} {}", ENGLISH_MONTHS[month.month as usize - 1], month.year),
        };
        Ok(MonthlyReport {
            lang: rl,
            shop_name: if shop.trim().is_empty() { l.pick("Cửa hàng", "Shop").to_owned() } else { shop },
            logo,
            month_label,
            generated_on: date(today),
            measures: monthly::measure_rows(&dash.comparison, rl),
            trends: monthly::trends(&dash.trend, rl),
            service_level: monthly::service_level(&dash.comparison.current, rl),
            care: monthly::care_calendar(
                records.tasks,
                range.from,
                range.to,
                |k| k.label(l).to_owned(),
                staff_name,
                rl,
            ),
            feedback,
            feedback_total,
            at_risk: monthly::at_risk(&risk, &phones, rl),
            at_risk_total: risk_total as u64,
            new_customers_total,
            top_customers: top
                .iter()
                .map(|&(id, n, sum)| TopCustomer {
                    name: name_of(id).unwrap_or_default(),
                    phone: phones.get(&id).cloned().unwrap_or_default(),
                    purchases: n,
                    spend: money(sum, rl),
                })
                .collect(),
            new_customers: created
                .into_iter()
                .take(NEW_CUSTOMERS_PRINTED)
                .map(|c| NewCustomer {
                    date: date(c.created),
                    name: c.name,
                    phone: c.phone.unwrap_or_default(),
                    source: c.source.unwrap_or_default(),
                })
                .collect(),
        })
    }

    /// The monthly report as PDF bytes (the terminal writes them where it is told).
    pub fn monthly_report_pdf(&self, month: YearMonth, lang: PrintLang) -> Result<Vec<u8>> {
        let doc = self.monthly_report_document(month, lang)?;
        render_monthly_report(&doc, &mut |_| true).map_err(report_error)
    }

    /// Prints the monthly report into the reports folder.
    pub fn report_monthly(&self, args: MonthlyReportArgs) -> Result<PdfFile> {
        let month = parse_month(&args.month)?;
        let lang = args.lang.unwrap_or_default();
        let bytes = self.tracked(|progress| {
            let doc = self.monthly_report_document(month, lang)?;
            render_monthly_report(&doc, progress).map_err(report_error)
        })?;
        let word = if lang == PrintLang::Vi { "bao-cao" } else { "report" };
        self.write_report(&format!("{word}-{:04}-{:02}.pdf", month.year, month.month), &bytes)
    }

    /// Saves a copy of a printed document where the user chose (the
    /// desktop's save dialog); the same rules as an export's target apply.
    pub fn report_save_as(&self, args: SaveReportArgs) -> Result<PdfFile> {
        let from = report_path(self, &args.file_name)?;
        let to = crate::files::resolve_file(&args.path, &args.file_name)?;
        crate::files::check_target(&to, "pdf", &self.db_path())?;
        if std::fs::canonicalize(&to).ok() == std::fs::canonicalize(&from).ok() {
            return Ok(PdfFile { file_name: args.file_name, path: from.display().to_string(), bytes: file_len(&from) });
        }
        let bytes =
            std::fs::read(&from).map_err(|e| ApiError::internal(format!("cannot read {}: {e}", from.display())))?;
        write_pdf(&to, &bytes)?;
        let file_name = to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        Ok(PdfFile { file_name, path: to.display().to_string(), bytes: bytes.len() as u64 })
    }

    /// Prints one customer's profile into the reports folder.
    pub fn report_profile(&self, args: ProfilePdfArgs) -> Result<PdfFile> {
        let doc = self.customer_profile_document(&args)?;
        let bytes = render_profile(&doc)?;
        let name = format!("ho-so-{}-{}.pdf", file_stem(&doc.name), args.id);
        self.write_report(&name, &bytes)
    }
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Renders a profile to PDF bytes.
pub fn render_profile(doc: &CustomerProfile) -> Result<Vec<u8>> {
    render_customer_profile(doc, &mut |_| true).map_err(report_error)
}

/// The full path of a document of `api`'s reports folder named `file_name`,
/// refused unless it is a plain `.pdf` file name that exists there.
pub fn report_path(api: &Api, file_name: &str) -> Result<PathBuf> {
    let plain = !file_name.is_empty()
        && file_name.len() <= 120
        && file_name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !file_name.starts_with('.')
        && file_name.ends_with(".pdf");
    if !plain {
        return Err(ApiError::bad_request(format!("{file_name:?} is not a CareBook report")));
    }
    let path = api.reports_dir().join(file_name);
    if !path.is_file() {
        return Err(ApiError::not_found(format!("{file_name} is not in the reports folder")));
    }
    Ok(path)
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
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

//! `carebook report`, `profile`, `cards` and `call-list`: the printed
//! documents, written to the file named with `--out` by the same API code the
//! window uses.

use std::path::Path;

use carebook_api::Api;
use carebook_api::reports::cards::{CallListArgs, CardsArgs, LeftOutWhy, PrintLayout};
use carebook_api::reports::{PrintLang, ProfilePdfArgs, parse_month, write_pdf};
use chrono::NaiveDate;

use crate::api_error;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

impl From<LangArg> for PrintLang {
    fn from(l: LangArg) -> Self {
        match l {
            LangArg::Vi => PrintLang::Vi,
            LangArg::En => PrintLang::En,
        }
    }
}

/// Writes the monthly service report of `month` (YYYY-MM) to `out`.
pub fn monthly(api: &Api, month: &str, lang: LangArg, out: &Path) -> Result<(), String> {
    let month = parse_month(month).map_err(api_error)?;
    let bytes = api.monthly_report_pdf(month, lang.into()).map_err(api_error)?;
    write_pdf(out, &bytes).map_err(api_error)?;
    println!("{} ({} KB)", out.display(), bytes.len().div_ceil(1024));
    Ok(())
}

/// `carebook logo`: sets the logo from `file`, removes it, or says which is set.
pub fn logo(api: &Api, remove: bool, file: Option<std::path::PathBuf>) -> Result<(), String> {
    let shown = match (remove, file) {
        (true, _) => api.shop_logo_remove(),
        (false, Some(path)) => {
            let path = path.display().to_string();
            api.shop_logo_set(carebook_api::LogoFileArgs { path: Some(path), upload: None })
        }
        (false, None) => api.shop_logo_get(),
    }
    .map_err(api_error)?;
    match shown.logo {
        Some(l) => println!("logo: {}×{} pixels, {} KB", l.width_px, l.height_px, l.bytes.div_ceil(1024)),
        None => println!("no logo: documents print the shop's name alone"),
    }
    Ok(())
}

/// Writes one customer's printable profile to `out`.
pub fn profile(api: &Api, id: i64, lang: LangArg, out: &Path) -> Result<(), String> {
    let doc = api.customer_profile_document(&ProfilePdfArgs { id, lang: Some(lang.into()) }).map_err(api_error)?;
    let bytes = carebook_api::reports::render_profile(&doc).map_err(api_error)?;
    write_pdf(out, &bytes).map_err(api_error)?;
    println!("{} ({} KB)", out.display(), bytes.len().div_ceil(1024));
    Ok(())
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LayoutArg {
    /// One card per A6 page.
    A6,
    /// Two cards per A4 sheet, with a cut line.
    #[value(name = "a4-2")]
    A4x2,
    /// Four cards per A4 sheet, with cut lines.
    #[value(name = "a4-4")]
    A4x4,
    /// One A4 letter each.
    Letter,
}

impl From<LayoutArg> for PrintLayout {
    fn from(l: LayoutArg) -> Self {
        match l {
            LayoutArg::A6 => PrintLayout::A6,
            LayoutArg::A4x2 => PrintLayout::A4x2,
            LayoutArg::A4x4 => PrintLayout::A4x4,
            LayoutArg::Letter => PrintLayout::Letter,
        }
    }
}

/// Writes the cards of a day's planned care tasks to `out`.
pub fn cards(
    api: &Api,
    date: Option<NaiveDate>,
    staff: Option<i64>,
    layout: LayoutArg,
    lang: LangArg,
    out: &Path,
) -> Result<(), String> {
    let args = CardsArgs { task_ids: None, date, assignee_id: staff, layout: layout.into(), lang: Some(lang.into()) };
    let (bytes, made) = api.cards_pdf(&args, &mut |_| true).map_err(api_error)?;
    write_pdf(out, &bytes).map_err(api_error)?;
    println!("{} ({} cards, {} KB)", out.display(), made.cards.len(), bytes.len().div_ceil(1024));
    for l in &made.left_out {
        let why = match l.why {
            LeftOutWhy::NoConsent => "no consent to be contacted",
            LeftOutWhy::NotACard => "not a card",
        };
        println!("left out: task {} ({}): {why}", l.task_id, l.customer_name);
    }
    Ok(())
}

/// Writes a day's call list to `out`.
pub fn call_list(
    api: &Api,
    date: Option<NaiveDate>,
    staff: Option<i64>,
    lang: LangArg,
    out: &Path,
) -> Result<(), String> {
    let args = CallListArgs { date, staff_id: staff, lang: Some(lang.into()) };
    let bytes = api.call_list_pdf(&args, &mut |_| true).map_err(api_error)?;
    write_pdf(out, &bytes).map_err(api_error)?;
    println!("{} ({} KB)", out.display(), bytes.len().div_ceil(1024));
    Ok(())
}

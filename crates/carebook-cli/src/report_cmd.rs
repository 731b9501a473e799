//! `carebook report` and `carebook profile`: the printed documents, written
//! to the file named with `--out` by the same API code the window uses.

use std::path::Path;

use carebook_api::Api;
use carebook_api::reports::{PrintLang, ProfilePdfArgs, parse_month, write_pdf};

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

/// Writes one customer's printable profile to `out`.
pub fn profile(api: &Api, id: i64, lang: LangArg, out: &Path) -> Result<(), String> {
    let doc = api.customer_profile_document(&ProfilePdfArgs { id, lang: Some(lang.into()) }).map_err(api_error)?;
    let bytes = carebook_api::reports::render_profile(&doc).map_err(api_error)?;
    write_pdf(out, &bytes).map_err(api_error)?;
    println!("{} ({} KB)", out.display(), bytes.len().div_ceil(1024));
    Ok(())
}

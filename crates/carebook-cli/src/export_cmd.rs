//! `carebook export`: the book as CSV files, an XLSX workbook or one JSON file.

use std::path::PathBuf;

use carebook_api::{Api, CsvDelimiter, ExportArgs, ExportFormat};
use carebook_core::export::Lang;

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Vi,
    En,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum DelimiterArg {
    Comma,
    Semicolon,
}

/// Options of `carebook export` besides the book.
#[derive(clap::Args)]
pub struct ExportOptions {
    #[arg(long, value_enum)]
    pub format: Format,
    /// XLSX/JSON: a file (or a folder for a dated file). CSV: a folder that
    /// receives one file per dataset, or a .csv file with one --dataset.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Only this dataset (customers, purchases, notes, staff, consent_events,
    /// audit_log, and care_tasks, requests, feedback where the book has them);
    /// repeat for several. Default: all.
    #[arg(long = "dataset", value_name = "NAME")]
    pub datasets: Vec<String>,
    /// Language of headers and labels.
    #[arg(long, value_enum, default_value = "vi")]
    pub lang: LangArg,
    /// CSV field separator (semicolon suits Excel set to Vietnamese).
    #[arg(long, value_enum, default_value = "comma")]
    pub delimiter: DelimiterArg,
}

pub fn run(api: &Api, o: ExportOptions) -> Result<(), carebook_api::ApiError> {
    let out = std::path::absolute(&o.out).unwrap_or(o.out);
    let started = std::time::Instant::now();
    let result = api.export_all(ExportArgs {
        format: match o.format {
            Format::Csv => ExportFormat::Csv,
            Format::Xlsx => ExportFormat::Xlsx,
            Format::Json => ExportFormat::Json,
        },
        path: out.display().to_string(),
        datasets: o.datasets,
        lang: match o.lang {
            LangArg::Vi => Lang::Vi,
            LangArg::En => Lang::En,
        },
        delimiter: match o.delimiter {
            DelimiterArg::Comma => CsvDelimiter::Comma,
            DelimiterArg::Semicolon => CsvDelimiter::Semicolon,
        },
    })?;
    for d in &result.datasets {
        println!("{:>16}  {} rows", d.dataset, d.rows);
    }
    let bytes: u64 = result.files.iter().map(|f| f.bytes).sum();
    println!(
        "{}: {} file(s), {:.1} MB in {:.1} s",
        result.path,
        result.files.len(),
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

//! Exports of the whole book: CSV (a file per dataset), XLSX (a sheet per
//! dataset) or JSON (everything in one file), written to a path the person
//! chose. Rows stream from a read-only snapshot, so the book stays usable
//! meanwhile, and every file is written under a temporary name and renamed
//! when complete.

use std::path::PathBuf;

use carebook_core::export::Lang;
use carebook_core::{AuditAction, AuditEntity, FieldChange};
use carebook_export::AtomicFile;
use carebook_export::csv::{CsvWriter, Delimiter};
use carebook_export::json::{Header, JsonWriter};
use carebook_export::xlsx::XlsxWriter;
use carebook_store::export::Dataset;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::audit::AuditEvent;
use crate::files::{
    check_target, create_dir, default_folder, io_error, path_error, resolve_file, typed_path, write_error,
};
use crate::privacy::ExportedFile;
use crate::{Api, ApiError, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Xlsx,
    Json,
}

impl ExportFormat {
    fn ext(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Json => "json",
        }
    }
}

/// The CSV field separator: comma, or semicolon for Excel set to Vietnamese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum CsvDelimiter {
    #[default]
    Comma,
    Semicolon,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportArgs {
    pub format: ExportFormat,
    /// XLSX and JSON: a file, or a folder to put `carebook-<date>.<ext>` in.
    /// CSV: a folder that receives `<dataset>.csv` files, or one `.csv` file
    /// when exactly one dataset is asked for.
    pub path: String,
    /// Which datasets (`customers`, `purchases`…); all when empty.
    #[serde(default)]
    pub datasets: Vec<String>,
    /// The language of headers and labels.
    #[serde(default)]
    pub lang: Lang,
    #[serde(default)]
    pub delimiter: CsvDelimiter,
}

/// Rows written of one dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DatasetCount {
    pub dataset: String,
    pub rows: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    pub format: ExportFormat,
    /// The file written, or the folder of the CSV files.
    pub path: String,
    pub files: Vec<ExportedFile>,
    pub datasets: Vec<DatasetCount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportSuggestArgs {
    pub format: String,
    /// For one customer's data.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub customer_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SuggestedPath {
    pub path: String,
}

fn select(available: Vec<Dataset>, wanted: &[String]) -> Result<Vec<Dataset>> {
    if wanted.is_empty() {
        return Ok(available);
    }
    let mut out = Vec::new();
    for name in wanted {
        match available.iter().find(|d| d.info.name == name.as_str()) {
            Some(d) => out.push(d.clone()),
            None => {
                let names: Vec<&str> = available.iter().map(|d| d.info.name.as_ref()).collect();
                return Err(ApiError::field(
                    "datasets",
                    "dataset_unknown",
                    &format!("there is no dataset `{name}`; choose from {}", names.join(", ")),
                ));
            }
        }
    }
    Ok(out)
}

impl Api {
    /// Exports the book (or the datasets asked for) in one format.
    pub fn export_all(&self, args: ExportArgs) -> Result<ExportResult> {
        let db = self.db_path();
        let snapshot = self.snapshot()?;
        let datasets = select(snapshot.datasets()?, &args.datasets)?;
        let read = snapshot.read();
        let now = self.now();
        let stamp = now.format("%Y-%m-%d").to_string();
        let lang = args.lang;
        let mut counts = Vec::new();
        let mut files = Vec::new();
        let path = match args.format {
            ExportFormat::Json => {
                let path = resolve_file(&args.path, &format!("carebook-{stamp}.json"))?;
                check_target(&path, "json", &db)?;
                let mut file = AtomicFile::create(&path).map_err(write_error)?;
                let shop_name = read.settings()?.shop_name;
                let header =
                    Header { exported_at: now, schema_version: snapshot.schema_version()?, shop_name: &shop_name };
                let mut w = JsonWriter::new(&mut file, &header).map_err(io_error(&path))?;
                for d in &datasets {
                    w.begin_dataset(&d.info.name).map_err(io_error(&path))?;
                    let rows = snapshot
                        .for_each_row(d, |cells| w.write_row(&d.info.columns, cells).map_err(io_error(&path)))?;
                    counts.push(DatasetCount { dataset: d.info.name.to_string(), rows });
                }
                w.finish().map_err(io_error(&path))?;
                files.push(ExportedFile {
                    path: path.display().to_string(),
                    bytes: file.commit().map_err(write_error)?,
                });
                path
            }
            ExportFormat::Xlsx => {
                let path = resolve_file(&args.path, &format!("carebook-{stamp}.xlsx"))?;
                check_target(&path, "xlsx", &db)?;
                let mut book = XlsxWriter::new(lang);
                for d in &datasets {
                    book.begin_sheet(d.info.title(lang), &d.info.columns).map_err(write_error)?;
                    let rows = snapshot.for_each_row(d, |cells| book.write_row(cells).map_err(write_error))?;
                    counts.push(DatasetCount { dataset: d.info.name.to_string(), rows });
                }
                let mut file = AtomicFile::create(&path).map_err(write_error)?;
                book.save(&mut file).map_err(write_error)?;
                files.push(ExportedFile {
                    path: path.display().to_string(),
                    bytes: file.commit().map_err(write_error)?,
                });
                path
            }
            ExportFormat::Csv => {
                let typed = typed_path(&args.path)?;
                let one_file = typed.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
                let targets: Vec<(PathBuf, &Dataset)> = if one_file {
                    if datasets.len() != 1 {
                        return Err(path_error(
                            "csv_one_dataset",
                            "a .csv file holds one dataset: choose one, or give a folder for all".into(),
                        ));
                    }
                    let path = resolve_file(&args.path, "")?;
                    vec![(path, &datasets[0])]
                } else {
                    crate::files::check_folder("path", &typed)?;
                    create_dir(&typed)?;
                    datasets.iter().map(|d| (typed.join(format!("{}.{}", d.info.name, args.format.ext())), d)).collect()
                };
                let delimiter = match args.delimiter {
                    CsvDelimiter::Comma => Delimiter::Comma,
                    CsvDelimiter::Semicolon => Delimiter::Semicolon,
                };
                // All files are written before any is put in place.
                let mut done = Vec::new();
                for (target, _) in &targets {
                    check_target(target, "csv", &db)?;
                }
                for (target, d) in targets {
                    let mut file = AtomicFile::create(&target).map_err(write_error)?;
                    let mut w =
                        CsvWriter::new(&mut file, &d.info.columns, lang, delimiter).map_err(io_error(&target))?;
                    let rows = snapshot.for_each_row(d, |cells| w.write_row(cells).map_err(io_error(&target)))?;
                    w.finish().map_err(io_error(&target))?;
                    counts.push(DatasetCount { dataset: d.info.name.to_string(), rows });
                    done.push(file);
                }
                for file in done {
                    let shown = file.target().display().to_string();
                    files.push(ExportedFile { path: shown, bytes: file.commit().map_err(write_error)? });
                }
                if one_file { PathBuf::from(&files[0].path) } else { typed }
            }
        };
        drop(snapshot);
        let shown = path.display().to_string();
        let mut changes = vec![FieldChange::new("format", None, Some(args.format.ext().to_owned()))];
        changes.extend(counts.iter().map(|c| FieldChange::new(&c.dataset, None, Some(c.rows.to_string()))));
        self.write().transaction(|tx| {
            self.audit(
                tx,
                AuditEvent {
                    action: AuditAction::Export,
                    entity: AuditEntity::Shop,
                    entity_id: None,
                    customer_id: None,
                    summary: shown.clone(),
                    changes,
                },
            )
        })?;
        Ok(ExportResult { format: args.format, path: shown, files, datasets: counts })
    }

    /// A destination to offer: a dated file (or CSV folder) in the user's
    /// Documents/CareBook folder.
    pub fn export_suggest(&self, args: ExportSuggestArgs) -> Result<SuggestedPath> {
        let date = self.today();
        let name = match (args.customer_id, args.format.as_str()) {
            (Some(id), ext) => format!("customer-{id}-{date}.{}", if ext == "html" { "html" } else { "json" }),
            (None, "csv") => format!("carebook-{date}-csv"),
            (None, "json") => format!("carebook-{date}.json"),
            (None, _) => format!("carebook-{date}.xlsx"),
        };
        Ok(SuggestedPath { path: default_folder().join(name).display().to_string() })
    }
}

//! `carebook import`: customers from a CSV, Excel or vCard file, with the same
//! preview, checks and all-or-nothing commit as the import window.

use std::path::Path;

use carebook_api::{Api, ImportFile, ImportPhase, ImportPreview, ImportRowStatus};
use carebook_import::{Field, TextEncoding};

pub struct Options {
    pub dry_run: bool,
    pub encoding: Option<String>,
    pub sheet: Option<String>,
    pub skip_problems: bool,
    /// `COLUMN=FIELD`: a column by number (from 1) or header, and its field.
    pub columns: Vec<String>,
}

fn field_names() -> String {
    Field::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
}

/// Applies `COLUMN=FIELD` overrides to the mapping of a preview.
fn mapping(preview: &ImportPreview, overrides: &[String]) -> Result<Vec<Field>, String> {
    let mut mapping: Vec<Field> = preview.columns.iter().map(|c| c.field).collect();
    for o in overrides {
        let (column, field) = o.rsplit_once('=').ok_or_else(|| format!("--column {o}: write COLUMN=FIELD"))?;
        let field = Field::parse(field.trim())
            .ok_or_else(|| format!("--column {o}: `{field}` is not a field; one of: {}", field_names()))?;
        let index = match column.trim().parse::<usize>() {
            Ok(n) if (1..=mapping.len()).contains(&n) => n - 1,
            _ => preview
                .columns
                .iter()
                .position(|c| c.header.eq_ignore_ascii_case(column.trim()))
                .ok_or_else(|| format!("--column {o}: the file has no column `{column}`"))?,
        };
        mapping[index] = field;
    }
    Ok(mapping)
}

fn print_preview(p: &ImportPreview) {
    let encoding = match (p.encoding, p.detected_encoding) {
        (Some(used), Some(detected)) if used != detected => {
            format!(", encoding {} (detected {})", used.label(), detected.label())
        }
        (Some(used), _) => format!(", encoding {}", used.label()),
        _ => String::new(),
    };
    let sheet = p.sheet.as_ref().map(|s| format!(", sheet “{s}”")).unwrap_or_default();
    println!("{}: {}{encoding}{sheet}", p.file_name, p.format.as_str().to_uppercase());
    println!("columns:");
    for c in &p.columns {
        let sample = c.samples.first().map(|s| format!("  e.g. {s}")).unwrap_or_default();
        println!("  {:>2} {:<28} → {}{sample}", c.index + 1, c.header, c.field.as_str());
    }
    let c = &p.counts;
    println!(
        "rows: {} — {} new, {} merge into customers of the book, {} repeat an earlier row, {} with problems \
         ({} purchases)",
        c.rows, c.new, c.merge, c.duplicate, c.problem, c.purchases
    );
    let unit = if p.format == carebook_import::FileFormat::Vcard { "contact" } else { "row" };
    let problems: Vec<_> = p.rows.iter().filter(|r| r.status == ImportRowStatus::Problem).collect();
    if !problems.is_empty() {
        println!("problems:");
        for r in problems {
            for q in &r.problems {
                let column =
                    q.column.and_then(|i| p.columns.get(i as usize)).map(|c| format!(", column “{}”", c.header));
                println!("  {unit} {}: {}{}", r.row, q.message, column.unwrap_or_default());
            }
        }
        if c.problem as usize > carebook_api::PREVIEW_ROWS_PER_STATUS {
            println!("  … and {} more", c.problem as usize - carebook_api::PREVIEW_ROWS_PER_STATUS);
        }
    }
    let merges: Vec<_> = p.rows.iter().filter(|r| r.status == ImportRowStatus::Merge).collect();
    if !merges.is_empty() {
        println!("merges:");
        for r in merges {
            if let Some(m) = &r.merge_into {
                let fields: Vec<&str> = m.changes.iter().map(|c| c.field.as_str()).collect();
                let fields = if fields.is_empty() { "nothing new".to_owned() } else { fields.join(", ") };
                println!(
                    "  {unit} {} “{}” → #{} {} (same {} {}): {fields}, {} purchases",
                    r.row, r.name, m.customer_id, m.customer_name, m.matched_by, m.value, m.purchases
                );
            }
        }
    }
}

pub fn run(api: &Api, path: &Path, o: Options) -> Result<(), String> {
    let encoding = match &o.encoding {
        None => None,
        Some(label) => Some(TextEncoding::parse(label).ok_or_else(|| {
            let known: Vec<&str> = TextEncoding::ALL.iter().map(|e| e.label()).collect();
            format!("--encoding {label}: one of {}", known.join(", "))
        })?),
    };
    // Read from its path as a stream of rows: no size limit, memory that
    // does not hold the file.
    let mut file = ImportFile { encoding, sheet: o.sheet.clone(), ..ImportFile::from_path(path) };
    let mut preview = api.import_preview_file(&file).map_err(super::api_error)?;
    if !o.columns.is_empty() {
        file.mapping = Some(mapping(&preview, &o.columns)?);
        preview = api.import_preview_file(&file).map_err(super::api_error)?;
    }
    print_preview(&preview);
    if o.dry_run {
        println!("dry run: nothing was written");
        return Ok(());
    }
    let started = std::time::Instant::now();
    let result = api.import_commit_with(&file, o.skip_problems, |p| {
        if p.phase == ImportPhase::Writing && p.total >= 5_000 {
            eprint!("\rwriting {} / {}", p.done, p.total);
        } else if p.phase == ImportPhase::Reading && p.total >= 4_096 {
            eprint!("\rreading {} / {} KiB", p.done, p.total);
        }
        true
    });
    if preview.counts.rows >= 5_000 {
        eprintln!();
    }
    let result = result.map_err(|e| {
        let hint = if e.fields.iter().any(|f| f.code == "import_has_problems") {
            "\n  add --skip-problems to import the other rows, or fix the file"
        } else {
            ""
        };
        format!("nothing was imported: {}{hint}", super::api_error(e))
    })?;
    let b = &result.batch;
    println!(
        "imported (import #{}) in {:.1} s: {} customers created, {} merged, {} purchases{}",
        b.id,
        started.elapsed().as_secs_f64(),
        b.customers_created,
        b.customers_merged,
        b.purchases_created,
        if result.skipped_rows > 0 {
            format!("; {} rows with problems left out", result.skipped_rows)
        } else {
            String::new()
        }
    );
    Ok(())
}

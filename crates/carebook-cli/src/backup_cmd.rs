//! `carebook backup` and `carebook restore`.

use std::path::Path;

use carebook_api::backup::{BackupInfo, BackupNow, PathArgs};

use carebook_api::OpenOptions;

use crate::{DbArg, api_error, open, open_with};

fn absolute(path: &Path) -> Result<String, String> {
    std::path::absolute(path).map(|p| p.display().to_string()).map_err(|e| format!("{}: {e}", path.display()))
}

fn summary(info: &BackupInfo) -> String {
    let shop = if info.shop_name.is_empty() { "(no shop name)" } else { info.shop_name.as_str() };
    format!(
        "{shop}: {} customers, {} purchases, {} notes, {} staff; integrity {}, schema {}, {} bytes",
        info.customers, info.purchases, info.notes, info.staff, info.integrity, info.schema_version, info.size_bytes
    )
}

/// Writes a verified copy of the book to `out` (a new file, or a folder).
pub fn backup(db: &DbArg, out: &Path) -> Result<(), String> {
    let api = open(db)?;
    let info = api.backup_now(BackupNow { path: Some(absolute(out)?) }).map_err(api_error)?;
    println!("backed up to {}", info.path);
    println!("  {}", summary(&info));
    Ok(())
}

/// Checks the backup, keeps a safety copy of the book, then restores.
pub fn restore(db: &DbArg, backup: &Path) -> Result<(), String> {
    let backup = absolute(backup)?;
    // Restoring into a book that is not there makes it from the backup.
    let api = open_with(db, OpenOptions::create()).map_err(|e| {
        format!(
            "{e}\n  If the book itself is damaged, move it to another folder and run restore again: \
             a new book is made from the backup"
        )
    })?;
    let checked = api.backup_verify(PathArgs { path: backup.clone() }).map_err(api_error)?;
    eprintln!("checked {backup}");
    eprintln!("  {}", summary(&checked));
    if checked.schema_version < checked.latest_version {
        eprintln!("  written by an older CareBook: it is upgraded to schema {}", checked.latest_version);
    }
    let done = api.backup_restore(PathArgs { path: backup }).map_err(api_error)?;
    println!("restored {} into {}", done.restored.path, done.app.db_path);
    println!("  the book as it was before is kept in {}", done.safety_copy);
    Ok(())
}

//! Where files may be read and written: paths typed by a person (the home
//! folder as `~`, always absolute), the folder an export goes to, whole-or-
//! nothing writes, and the targets an export may not replace.

use std::path::{Path, PathBuf};

use carebook_export::{AtomicFile, ExportError};

use crate::{ApiError, Result};

pub(crate) fn path_error(code: &str, message: String) -> ApiError {
    ApiError::field("path", code, &message)
}

pub(crate) fn write_error(e: ExportError) -> ApiError {
    path_error("path_unwritable", e.to_string())
}

pub(crate) fn io_error(path: &Path) -> impl Fn(std::io::Error) -> ApiError + '_ {
    move |e| path_error("path_unwritable", format!("cannot write {}: {e}", path.display()))
}

/// The folder exports go to unless the person picks another one.
pub(crate) fn default_folder() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|d| d.document_dir().map(Path::to_path_buf).or_else(|| Some(d.home_dir().to_path_buf())))
        .unwrap_or_else(std::env::temp_dir)
        .join("CareBook")
}

/// A typed path: `~` is the home folder; it must be absolute (a relative
/// path would land wherever the program happens to run).
pub(crate) fn typed_path(text: &str) -> Result<PathBuf> {
    let text = text.trim();
    if text.is_empty() {
        return Err(path_error("required", "choose where to write the export".into()));
    }
    let path = match text.strip_prefix("~/").or_else(|| text.strip_prefix("~\\")) {
        Some(rest) => directories::UserDirs::new().map(|d| d.home_dir().join(rest)).unwrap_or_else(|| rest.into()),
        None if text == "~" => directories::UserDirs::new().map(|d| d.home_dir().to_path_buf()).unwrap_or_default(),
        None => PathBuf::from(text),
    };
    if !path.is_absolute() {
        return Err(path_error("path_not_absolute", format!("{text} is not a full path")));
    }
    Ok(path)
}

pub(crate) fn create_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| path_error("path_unwritable", format!("cannot create {}: {e}", dir.display())))
}

/// Where a one-file export goes: `text` itself, or `default_name` inside it
/// when it is a folder (an existing one, or any path ending in a separator).
/// Missing folders are created.
pub(crate) fn resolve_file(text: &str, default_name: &str) -> Result<PathBuf> {
    let mut path = typed_path(text)?;
    // `…/exports/` names a folder even before it exists.
    let folder = text.trim_end().ends_with(['/', '\\']);
    if folder {
        create_dir(&path)?;
    }
    if folder || path.is_dir() {
        path.push(default_name);
    }
    if let Some(parent) = path.parent() {
        create_dir(parent)?;
    }
    Ok(path)
}

/// Writes `bytes` to `path` whole, or not at all.
pub(crate) fn write_file(path: &Path, bytes: &[u8]) -> Result<u64> {
    use std::io::Write;
    let mut file = AtomicFile::create(path).map_err(write_error)?;
    file.write_all(bytes).map_err(io_error(path))?;
    file.commit().map_err(write_error)
}

/// Where an export may not go: onto the book itself (or its journal files),
/// or over an existing file of another kind (a typing slip must not replace a
/// document); a previous export of the same kind is replaced.
pub(crate) fn check_target(path: &Path, ext: &str, db: &Path) -> Result<()> {
    let canonical = |p: &Path| -> Option<PathBuf> {
        let dir = std::fs::canonicalize(p.parent()?).ok()?;
        Some(dir.join(p.file_name()?))
    };
    if let (Some(target), Some(book)) = (canonical(path), canonical(db)) {
        let book_name = book.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let target_name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if target.parent() == book.parent() && target_name.starts_with(&book_name) {
            return Err(path_error("file_exists", format!("{} is the customer book itself", path.display())));
        }
    }
    let same_kind = path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if path.exists() && (path.is_dir() || !same_kind) {
        return Err(path_error("file_exists", format!("{} already exists", path.display())));
    }
    Ok(())
}

pub(crate) fn absolute_arg(field: &str, raw: &str) -> Result<PathBuf> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ApiError::field(field, "required", "a path is required"));
    }
    let path = PathBuf::from(raw);
    if !path.is_absolute() {
        return Err(ApiError::field(
            field,
            "path_not_absolute",
            "give the full path, from the drive or the root folder",
        ));
    }
    Ok(path)
}

/// Creates `dir` if needed and proves a file can be written in it.
pub(crate) fn writable_dir(field: &str, dir: &Path) -> Result<()> {
    let not_writable = |e: std::io::Error| {
        ApiError::field(field, "folder_not_writable", &format!("cannot write in {}: {e}", dir.display()))
    };
    std::fs::create_dir_all(dir).map_err(not_writable)?;
    let probe = dir.join(".carebook-write-test");
    std::fs::write(&probe, b"ok").map_err(not_writable)?;
    drop(std::fs::remove_file(&probe));
    Ok(())
}

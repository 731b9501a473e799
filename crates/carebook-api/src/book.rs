//! Which book a front end opens — one rule for the desktop window and every
//! CLI command: `--db FILE`, else `CAREBOOK_DB`, else where "Move to a local
//! folder" moved the book (`location.json` in the app-data folder), else
//! `carebook.sqlite` in the app-data folder.
//!
//! Commands that read refuse a missing book (a mistyped path must not leave
//! an empty book behind); only the desktop's first run, `carebook demo` and
//! `carebook new` create one.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::{Api, ApiError, Clock, OpenOptions, Opening, Result, SystemClock};

/// Where the choice of book came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookSource {
    /// `--db FILE`.
    Flag,
    /// The `CAREBOOK_DB` environment variable.
    Env,
    /// `location.json`: the book was moved there.
    Moved,
    /// The app-data folder's `carebook.sqlite`.
    Default,
}

/// The book to open, and why that one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookChoice {
    pub path: PathBuf,
    pub source: BookSource,
}

impl BookChoice {
    /// A book found by the default rule (not named with `--db` or
    /// `CAREBOOK_DB`): moving it is remembered for the next start.
    pub fn follows_moves(&self) -> bool {
        matches!(self.source, BookSource::Moved | BookSource::Default)
    }

    /// Opens the chosen book; a move made while it is open is remembered
    /// when [`BookChoice::follows_moves`].
    pub fn open(&self, options: OpenOptions) -> Result<Api> {
        self.open_with_progress(options, Box::new(SystemClock), &mut |_| {})
    }

    pub fn open_with_progress(
        &self,
        options: OpenOptions,
        clock: Box<dyn Clock>,
        progress: &mut dyn FnMut(Opening),
    ) -> Result<Api> {
        let api = Api::open_with_progress(&self.path, options, clock, progress)?;
        if self.follows_moves()
            && let Some(file) = location_file()
        {
            api.remember_location_in(file);
        }
        Ok(api)
    }
}

/// Picks the book: `flag`, else `CAREBOOK_DB`, else the moved location, else
/// the default path.
pub fn resolve(flag: Option<&Path>) -> Result<BookChoice> {
    let env = std::env::var_os("CAREBOOK_DB").filter(|v| !v.is_empty()).map(PathBuf::from);
    resolve_with(flag, env, location_file().as_deref(), crate::paths::default_db_path())
}

/// [`resolve`] with its inputs spelled out (tested without touching the environment).
pub fn resolve_with(
    flag: Option<&Path>,
    env: Option<PathBuf>,
    location: Option<&Path>,
    default: Option<PathBuf>,
) -> Result<BookChoice> {
    if let Some(path) = flag {
        return Ok(BookChoice { path: path.to_path_buf(), source: BookSource::Flag });
    }
    if let Some(path) = env {
        return Ok(BookChoice { path, source: BookSource::Env });
    }
    if let Some(moved) = location.map(remembered_location).transpose()?.flatten() {
        return Ok(BookChoice { path: moved, source: BookSource::Moved });
    }
    let path = default.ok_or_else(|| ApiError::internal("no app-data folder on this system; pass --db FILE"))?;
    Ok(BookChoice { path, source: BookSource::Default })
}

/// `location.json` in the app-data folder: where the desktop finds the book
/// after "Move to a local folder".
pub fn location_file() -> Option<PathBuf> {
    crate::paths::default_db_path().and_then(|p| p.parent().map(|d| d.join("location.json")))
}

#[derive(Serialize, Deserialize)]
struct Location {
    db: PathBuf,
}

/// The book's remembered location, if it was moved. A remembered file that
/// is gone is an error: opening an empty book in its place would hide the
/// shop's data.
pub fn remembered_location(file: &Path) -> Result<Option<PathBuf>> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ApiError::internal(format!("cannot read {}: {e}", file.display()))),
    };
    let location: Location = serde_json::from_str(&text)
        .map_err(|e| ApiError::internal(format!("{} is not readable: {e}", file.display())))?;
    if !location.db.is_file() {
        return Err(ApiError::new(
            crate::ErrorCode::NoBook,
            format!(
                "the customer book was moved to {}, which is not there any more. Put the file back, or delete {} \
             to open the book in its default place",
                location.db.display(),
                file.display()
            ),
        ));
    }
    Ok(Some(location.db))
}

/// Writes `location.json` so that it survives a power cut: the new text is
/// synced to a temporary file, renamed over the old one, and the folder
/// synced so the rename itself is on disk.
pub(crate) fn write_location(file: &Path, db: &Path) -> Result<()> {
    let fail = |e: std::io::Error| ApiError::internal(format!("cannot write {}: {e}", file.display()));
    let dir = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let text = serde_json::to_string_pretty(&Location { db: db.to_path_buf() })
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let tmp = file.with_extension("json.partial");
    let mut out = std::fs::File::create(&tmp).map_err(fail)?;
    out.write_all(text.as_bytes()).map_err(fail)?;
    out.sync_all().map_err(fail)?;
    drop(out);
    std::fs::rename(&tmp, file).map_err(fail)?;
    sync_dir(dir).map_err(fail)
}

/// [`sync_dir`], errors ignored: after a rename that already happened.
pub(crate) fn sync_dir_of(dir: &Path) {
    drop(sync_dir(dir));
}

/// Syncs a folder's entries (a rename in it) to disk; Windows has no such call
/// and makes renames durable by itself.
#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

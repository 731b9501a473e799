//! Where files may be read and written: paths typed by a person (the home
//! folder as `~`, always absolute), the folder an export goes to, whole-or-
//! nothing writes, and the targets an export may not replace.
//!
//! A file CareBook writes (an export, a customer's page, a backup) holds
//! text a customer or an importer chose. So its name must end in the
//! format's extension, new file or not (never `.bat`, `.command`, a
//! `.bash_profile`…); it is never a hidden file, never inside a hidden folder
//! of the home folder (`~/.config/autostart`, `~/.ssh`) or a folder the
//! system runs files from at log-in (the Windows Startup folder, macOS
//! `LaunchAgents`, `/etc/profile.d`…), and never written through a symbolic
//! link. The rules are checked on the path as typed and as it resolves.

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
    if folder || path.is_dir() {
        path.push(default_name);
    }
    if let Some(parent) = path.parent() {
        // No folder is made where CareBook may not write.
        check_folder("path", parent)?;
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

/// Folders, by their last components (lower case), whose files the system
/// runs or reads as settings at log-in or start.
const STARTUP_FOLDERS: &[&[&str]] = &[
    &["start menu", "programs", "startup"],
    &["library", "launchagents"],
    &["library", "launchdaemons"],
    &["library", "startupitems"],
    &["etc", "profile.d"],
    &["etc", "xdg", "autostart"],
    &["etc", "init.d"],
    &["etc", "systemd"],
];

fn lower_components(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().to_lowercase()),
            _ => None,
        })
        .collect()
}

fn home_dir() -> Option<PathBuf> {
    directories::UserDirs::new().map(|d| d.home_dir().to_path_buf())
}

/// Why CareBook may not write into `dir`, if it may not: a hidden folder of
/// the home folder or a start-up folder (see the module's rules).
pub(crate) fn folder_refusal(dir: &Path, home: Option<&Path>) -> Option<String> {
    let parts = lower_components(dir);
    for startup in STARTUP_FOLDERS {
        if parts.windows(startup.len()).any(|w| w.iter().zip(startup.iter()).all(|(a, b)| a == b)) {
            return Some(format!("{} is a folder the system starts programs from", dir.display()));
        }
    }
    if parts.first().is_some_and(|p| p == "etc") && dir.is_absolute() {
        return Some(format!("{} holds the system's settings", dir.display()));
    }
    if parts.iter().any(|p| p == "cron.d" || p.starts_with("crontab")) {
        return Some(format!("{} is a folder the system starts programs from", dir.display()));
    }
    if let Some(home) = home
        && let Ok(inside) = dir.strip_prefix(home)
    {
        let parts: Vec<String> = inside.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        // The data and cache folders of Linux apps (the book itself lives in
        // ~/.local/share/carebook) hold data, not settings or programs.
        let skip = match parts.as_slice() {
            [a, b, ..] if a == ".local" && b == "share" => 2,
            [a, ..] if a == ".cache" => 1,
            _ => 0,
        };
        if parts.iter().skip(skip).any(|p| p.starts_with('.')) {
            return Some(format!("{} is a hidden folder (settings of programs)", dir.display()));
        }
    }
    None
}

/// Checks a file CareBook is about to create or replace at `path` with the
/// extension `ext` against the module's rules; field `field`.
pub(crate) fn check_new_file(field: &str, path: &Path, ext: &str) -> Result<()> {
    check_new_file_in(field, path, ext, home_dir().as_deref())
}

pub(crate) fn check_new_file_in(field: &str, path: &Path, ext: &str, home: Option<&Path>) -> Result<()> {
    let refuse = |code: &str, message: String| Err(ApiError::field(field, code, &message));
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return refuse("path_not_file", format!("{} is not a file name", path.display()));
    };
    if name.starts_with('.') {
        return refuse("path_hidden", format!("{name} is a hidden file; CareBook does not write those"));
    }
    let own_ext = path.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext));
    if !own_ext {
        return refuse(
            "path_extension",
            format!("{name} must end in .{ext}: CareBook writes only files of the format chosen"),
        );
    }
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return refuse("path_symlink", format!("{} is a link to another file; choose the file itself", path.display()));
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    // As typed, and as it resolves (a link to a start-up folder is one).
    let resolved = std::fs::canonicalize(dir).ok();
    let home_resolved = home.and_then(|h| std::fs::canonicalize(h).ok());
    for (d, h) in [(Some(dir.to_path_buf()), home), (resolved, home_resolved.as_deref())] {
        if let Some(d) = d
            && let Some(why) = folder_refusal(&d, h)
        {
            return refuse("folder_refused", why);
        }
    }
    Ok(())
}

/// Checks a folder CareBook is about to write into (the backup folder, where
/// the book moves to).
pub(crate) fn check_folder(field: &str, dir: &Path) -> Result<()> {
    let home = home_dir();
    let resolved = std::fs::canonicalize(dir).ok();
    let home_resolved = home.as_deref().and_then(|h| std::fs::canonicalize(h).ok());
    for (d, h) in [(Some(dir.to_path_buf()), home.as_deref()), (resolved, home_resolved.as_deref())] {
        if let Some(d) = d
            && let Some(why) = folder_refusal(&d, h)
        {
            return Err(ApiError::field(field, "folder_refused", &why));
        }
    }
    Ok(())
}

/// Where an export may not go: onto the book itself (or its journal files),
/// over an existing file of another kind (a typing slip must not replace a
/// document), nor anywhere [`check_new_file`] refuses; a previous export of
/// the same kind is replaced.
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
    check_new_file("path", path, ext)
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

/// Creates `dir` if needed and proves a file can be written in it; refuses
/// the folders [`check_folder`] refuses.
pub(crate) fn writable_dir(field: &str, dir: &Path) -> Result<()> {
    check_folder(field, dir)?;
    let not_writable = |e: std::io::Error| {
        ApiError::field(field, "folder_not_writable", &format!("cannot write in {}: {e}", dir.display()))
    };
    std::fs::create_dir_all(dir).map_err(not_writable)?;
    let probe = dir.join(".carebook-write-test");
    std::fs::write(&probe, b"ok").map_err(not_writable)?;
    drop(std::fs::remove_file(&probe));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(path: &str, ext: &str, home: &str) -> Option<String> {
        check_new_file_in("path", Path::new(path), ext, Some(Path::new(home))).err().map(|e| e.fields[0].code.clone())
    }

    #[test]
    fn only_files_of_the_format_outside_startup_and_hidden_folders() {
        let home = "/home/an";
        for (path, ext, refused) in [
            ("/home/an/Documents/CareBook/book.json", "json", None),
            ("/home/an/Documents/khách hàng.XLSX", "xlsx", None),
            ("/media/usb/carebook.sqlite", "sqlite", None),
            ("/tmp/.tmpA1b2/out.json", "json", None),
            // A new shell start-up file, whatever the export's format.
            ("/home/an/.bash_profile", "json", Some("path_hidden")),
            ("/home/an/.profile", "json", Some("path_hidden")),
            ("/home/an/.config/autostart/carebook.desktop", "json", Some("path_extension")),
            ("/home/an/.config/autostart/x.json", "json", Some("folder_refused")),
            ("/home/an/.ssh/authorized_keys.json", "json", Some("folder_refused")),
            ("/home/an/.local/share/carebook/backups/b.sqlite", "sqlite", None),
            ("/home/an/.cache/carebook/x.json", "json", None),
            ("/home/an/.local/bin/x.json", "json", Some("folder_refused")),
            ("/home/an/.local/share/.hidden/x.json", "json", Some("folder_refused")),
            ("/home/an/.config/x.json", "json", Some("folder_refused")),
            ("/home/an/Documents/run.bat", "json", Some("path_extension")),
            ("/home/an/Documents/run.bat", "html", Some("path_extension")),
            ("/home/an/Desktop/open.command", "csv", Some("path_extension")),
            ("/home/an/Desktop/book", "json", Some("path_extension")),
            ("/home/an/Desktop/book.json.exe", "json", Some("path_extension")),
            (
                "/home/an/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/x.html",
                "html",
                Some("folder_refused"),
            ),
            ("/home/an/Library/LaunchAgents/x.json", "json", Some("folder_refused")),
            ("/etc/profile.d/x.csv", "csv", Some("folder_refused")),
            ("/etc/x.csv", "csv", Some("folder_refused")),
            ("/etc/cron.d/x.csv", "csv", Some("folder_refused")),
        ] {
            assert_eq!(code(path, ext, home).as_deref(), refused, "{path} as .{ext}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.json");
        std::fs::write(&elsewhere, "keep").unwrap();
        let link = dir.path().join("export.json");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        assert_eq!(code(link.to_str().unwrap(), "json", "/home/an").as_deref(), Some("path_symlink"));
        // A folder that is a link to a start-up folder is that folder.
        let home = dir.path().join("home");
        std::fs::create_dir_all(home.join(".config/autostart")).unwrap();
        let docs = home.join("Documents");
        std::os::unix::fs::symlink(home.join(".config/autostart"), &docs).unwrap();
        let e = check_new_file_in("path", &docs.join("x.json"), "json", Some(&home)).unwrap_err();
        assert_eq!(e.fields[0].code, "folder_refused");
    }
}

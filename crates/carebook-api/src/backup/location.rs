//! Where the live book sits: a local disk, a cloud-synced folder, or a
//! network drive.
//!
//! SQLite needs working file locks and ordered writes. A sync client that
//! uploads the file (and its `-wal`) at arbitrary moments, or a network file
//! system with weak locking, is a known cause of damaged databases. Backups
//! are plain finished files and may go to such folders; the live book should
//! not.
//!
//! The name rules and the mount-table parsers are plain string functions, so
//! the tables of Windows, macOS and Linux paths are tested on every system.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of place holds a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum StorageKind {
    Local,
    /// A folder a sync client uploads (OneDrive, Dropbox, Google Drive, iCloud…).
    Cloud,
    /// A network share or a network file system (SMB, NFS, sshfs…).
    Network,
}

/// The kind of place and, when known, who provides it (`OneDrive`, `nfs4`…).
pub fn classify(path: &Path) -> (StorageKind, Option<String>) {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let resolved = nearest_existing(&absolute)
        .and_then(|(existing, rest)| existing.canonicalize().ok().map(|c| c.join(rest)))
        .unwrap_or_else(|| absolute.clone());
    for p in [&absolute, &resolved] {
        if let Some(provider) = cloud_provider(&p.to_string_lossy()) {
            return (StorageKind::Cloud, Some(provider.to_owned()));
        }
    }
    for p in [&absolute, &resolved] {
        // On Windows a mapped network drive canonicalizes to `\\?\UNC\server\share\…`.
        if is_network_share(&p.to_string_lossy()) {
            return (StorageKind::Network, Some("network share".to_owned()));
        }
    }
    if let Some(fstype) = filesystem_type(&resolved.to_string_lossy())
        && is_network_fs(&fstype)
    {
        return (StorageKind::Network, Some(fstype));
    }
    (StorageKind::Local, None)
}

/// The longest existing ancestor of `path` (itself included) and the rest.
fn nearest_existing(path: &Path) -> Option<(PathBuf, PathBuf)> {
    let mut rest = Vec::new();
    let mut cur = path;
    loop {
        if cur.exists() {
            let tail: PathBuf = rest.iter().rev().collect();
            return Some((cur.to_path_buf(), tail));
        }
        rest.push(cur.file_name()?.to_os_string());
        cur = cur.parent()?;
    }
}

fn components(path: &str) -> Vec<String> {
    path.split(['/', '\\']).filter(|c| !c.is_empty()).map(str::to_lowercase).collect()
}

/// The sync service whose folder holds `path`, by the folder names the
/// clients use on Windows, macOS and Linux.
pub fn cloud_provider(path: &str) -> Option<&'static str> {
    let parts = components(path);
    // macOS File Provider folders: ~/Library/CloudStorage/OneDrive-Personal, GoogleDrive-an@…, Dropbox, Box-Box.
    if let Some(i) = parts.windows(2).position(|w| w[0] == "library" && w[1] == "cloudstorage") {
        let next = parts.get(i + 2).map(String::as_str).unwrap_or("");
        return Some(provider_by_name(next).unwrap_or("cloud storage"));
    }
    parts.iter().find_map(|c| provider_by_name(c))
}

fn provider_by_name(c: &str) -> Option<&'static str> {
    let starts = |p: &str| c.starts_with(p);
    Some(match c {
        _ if starts("onedrive") => "OneDrive",
        _ if starts("dropbox") => "Dropbox",
        "google drive" | "my drive" | "shared drives" | "drive partagé" => "Google Drive",
        _ if starts("googledrive") => "Google Drive",
        "icloud drive" | "iclouddrive" | "mobile documents" | "com~apple~clouddocs" => "iCloud Drive",
        _ if starts("pcloud") => "pCloud",
        "mega" | "megasync" | "mega sync" => "MEGA",
        "box sync" | "box-box" => "Box",
        _ if starts("nextcloud") => "Nextcloud",
        _ if starts("owncloud") => "ownCloud",
        _ if starts("yandex.disk") => "Yandex Disk",
        "synologydrive" | "synology drive" => "Synology Drive",
        _ => return None,
    })
}

/// A Windows UNC path (`\\server\share\…`, `\\?\UNC\server\…`, `//server/share`),
/// but not a verbatim local one (`\\?\C:\…`) or a device (`\\.\C:`).
pub fn is_network_share(path: &str) -> bool {
    let p = path.replace('/', "\\");
    let Some(rest) = p.strip_prefix("\\\\") else { return false };
    if let Some(verbatim) = rest.strip_prefix("?\\") {
        return verbatim.to_ascii_uppercase().starts_with("UNC\\");
    }
    if rest.starts_with(".\\") {
        return false;
    }
    rest.split('\\').next().is_some_and(|server| !server.is_empty())
}

/// File-system types that are not a local disk.
pub fn is_network_fs(fstype: &str) -> bool {
    const REMOTE: &[&str] = &[
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "afpfs",
        "webdav",
        "davfs",
        "ncpfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "lustre",
        "gpfs",
        "beegfs",
        "sshfs",
        "ftp",
        "rclone",
        "s3fs",
        "gcsfuse",
        "gvfsd-fuse",
        "google-drive-ocamlfuse",
        "onedriver",
        "juicefs",
        "osxfuse",
        "macfuse",
    ];
    let t = fstype.to_ascii_lowercase();
    let t = t.strip_prefix("fuse.").unwrap_or(&t);
    REMOTE.contains(&t) || t.starts_with("nfs") || t.starts_with("smb")
}

/// One line of a mount table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub point: String,
    pub fstype: String,
}

/// Linux `/proc/self/mounts`: `device point type options 0 0`, with spaces
/// in names written as `\040`.
pub fn parse_proc_mounts(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let mut f = line.split_whitespace();
            let _device = f.next()?;
            let point = unescape_octal(f.next()?);
            let fstype = f.next()?.to_owned();
            Some(Mount { point, fstype })
        })
        .collect()
}

fn unescape_octal(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 3 < bytes.len() && bytes[i + 1..i + 4].iter().all(u8::is_ascii_digit) {
            let n = (bytes[i + 1] - b'0') as u32 * 64 + (bytes[i + 2] - b'0') as u32 * 8 + (bytes[i + 3] - b'0') as u32;
            out.push(n as u8);
            i += 4;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// macOS and BSD `mount` output: `device on /point (type, options…)`.
pub fn parse_mount_output(text: &str) -> Vec<Mount> {
    text.lines()
        .filter_map(|line| {
            let (_device, rest) = line.split_once(" on ")?;
            let open = rest.rfind(" (")?;
            let point = rest[..open].to_owned();
            let inside = rest[open + 2..].trim_end_matches(')');
            let fstype = inside.split(',').next()?.trim().to_owned();
            Some(Mount { point, fstype })
        })
        .collect()
}

/// The mount that holds `path`: the longest mount point above it.
pub fn mount_of<'a>(path: &str, mounts: &'a [Mount]) -> Option<&'a Mount> {
    mounts
        .iter()
        .filter(|m| {
            let point = m.point.trim_end_matches('/');
            point.is_empty() || path == point || path.strip_prefix(point).is_some_and(|rest| rest.starts_with('/'))
        })
        .max_by_key(|m| m.point.trim_end_matches('/').len())
}

#[cfg(target_os = "linux")]
fn filesystem_type(path: &str) -> Option<String> {
    let table = std::fs::read_to_string("/proc/self/mounts").ok()?;
    mount_of(path, &parse_proc_mounts(&table)).map(|m| m.fstype.clone())
}

#[cfg(any(target_os = "macos", target_os = "freebsd", target_os = "openbsd", target_os = "netbsd"))]
fn filesystem_type(path: &str) -> Option<String> {
    let out = std::process::Command::new("/sbin/mount").output().ok()?;
    let table = String::from_utf8_lossy(&out.stdout);
    mount_of(path, &parse_mount_output(&table)).map(|m| m.fstype.clone())
}

/// Windows: network drives are found by their UNC form (see [`classify`]).
#[cfg(not(any(
    target_os = "linux",
    target_os = "macos",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd"
)))]
fn filesystem_type(_path: &str) -> Option<String> {
    None
}

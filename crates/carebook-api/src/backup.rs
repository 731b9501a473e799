//! Backups: automatic rolling copies, manual ones, verified restores, and
//! where the live book should (not) be kept.
//!
//! Settings live in the book's `settings` table: `backup_dir` (empty: the
//! `backups` folder next to the book), `backup_keep` (default 10) and
//! `backup_last_auto`, the time of the last automatic backup by the API's
//! clock. Automatic backups are named `carebook-YYYYMMDD-HHMMSS.sqlite`;
//! rotation only ever deletes files with that name. Manual backups
//! (`carebook-manual-…`) and safety copies made before a restore
//! (`carebook-before-restore-…`) are kept until the owner deletes them.

pub mod location;

use std::path::{Path, PathBuf};

use carebook_core::{AuditAction, FieldChange};
use carebook_store::{BackupReport, LATEST_VERSION, Store, Tx, unique_path};
use chrono::{NaiveDateTime, TimeDelta};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use location::StorageKind;

use crate::files::{absolute_arg, check_folder, check_new_file, writable_dir};

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}
use crate::{Api, ApiError, AppInfo, Result};

/// How many automatic backups are kept unless the owner says otherwise.
pub const DEFAULT_KEEP: u32 = 10;
pub const KEEP_RANGE: std::ops::RangeInclusive<u32> = 1..=100;

const KEY_DIR: &str = "backup_dir";
const KEY_KEEP: &str = "backup_keep";
const KEY_LAST: &str = "backup_last_auto";
const STAMP: &str = "%Y%m%d-%H%M%S";
const TIMESTAMP: &str = "%Y-%m-%d %H:%M:%S";

const AUTO_PREFIX: &str = "carebook-";
const MANUAL_PREFIX: &str = "carebook-manual-";
const SAFETY_PREFIX: &str = "carebook-before-restore-";

// ------------------------------------------------------------------ types

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupSettings {
    /// The folder backups go to.
    pub dir: String,
    /// The `backups` folder next to the book: used when no folder is chosen.
    pub default_dir: String,
    /// How many automatic backups are kept.
    pub keep: u32,
    /// When the last automatic backup was made.
    pub last_auto: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupSettingsSet {
    /// An absolute folder; empty or missing: the default folder.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub dir: Option<String>,
    pub keep: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupNow {
    /// A new file, or a folder to put a `carebook-manual-…` file in.
    /// Missing: the backup folder.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub path: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PathArgs {
    pub path: String,
}

/// What a backup file holds, checked without changing it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    pub path: String,
    /// `ok`: `PRAGMA integrity_check` found no problem.
    pub integrity: String,
    pub schema_version: i64,
    /// The schema this CareBook writes; an older backup is upgraded when restored.
    pub latest_version: i64,
    pub customers: i64,
    pub purchases: i64,
    pub notes: i64,
    pub staff: i64,
    pub shop_name: String,
    pub is_demo: bool,
    pub size_bytes: u64,
}

impl From<BackupReport> for BackupInfo {
    fn from(r: BackupReport) -> Self {
        BackupInfo {
            path: r.path.display().to_string(),
            integrity: r.integrity,
            schema_version: r.schema_version,
            latest_version: LATEST_VERSION,
            customers: r.customers,
            purchases: r.purchases,
            notes: r.notes,
            staff: r.staff,
            shop_name: r.shop_name,
            is_demo: r.is_demo,
            size_bytes: r.size_bytes,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Made by itself, rotated: `carebook-YYYYMMDD-HHMMSS.sqlite`.
    Auto,
    /// Made with "Back up now": `carebook-manual-…`.
    Manual,
    /// The book as it was before a restore: `carebook-before-restore-…`.
    Safety,
    Other,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupEntry {
    pub path: String,
    pub name: String,
    pub kind: BackupKind,
    /// From the file name, else the file's modification time.
    pub made_at: Option<NaiveDateTime>,
    pub size_bytes: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupList {
    pub dir: String,
    /// Newest first.
    pub files: Vec<BackupEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreResult {
    /// The backup that is now the book.
    pub restored: BackupInfo,
    /// The book as it was just before the restore.
    pub safety_copy: String,
    /// Customers erased from the book since the backup was made, that it
    /// still held: erased again.
    pub erased_again: u32,
    pub app: AppInfo,
}

/// Whether the live book is in a place where SQLite files get damaged.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StorageCheck {
    pub path: String,
    pub kind: StorageKind,
    /// `OneDrive`, `Dropbox`, `nfs4`, `network share`…
    pub provider: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StorageMove {
    /// An absolute local folder.
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StorageMoved {
    pub from: String,
    pub to: String,
    /// The desktop opens the new file from now on.
    pub remembered: bool,
    /// Where backups go now (the old `backups` folder stays in use when none was chosen).
    pub backup_dir: String,
    /// The old file, renamed `….moved` so it is not used by mistake; missing
    /// when it could not be renamed (another program holds it open).
    #[ts(optional = nullable)]
    pub old_kept_as: Option<String>,
}

/// The outcome of [`Api::backup_auto`].
#[derive(Debug, Clone, Default)]
pub struct AutoBackup {
    pub made: Option<BackupInfo>,
    /// Older automatic backups deleted to keep the configured number.
    pub removed: Vec<PathBuf>,
}

// ------------------------------------------------------------------ settings

struct Config {
    dir: PathBuf,
    default_dir: PathBuf,
    keep: u32,
    last_auto: Option<NaiveDateTime>,
}

/// `backups/` next to the book.
pub fn default_backup_dir(db: &Path) -> PathBuf {
    let db = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    db.parent().unwrap_or(Path::new(".")).join("backups")
}

fn config(read: &Tx<'_>, db: &Path) -> Result<Config> {
    let default_dir = default_backup_dir(db);
    let dir = read
        .setting(KEY_DIR)?
        .filter(|d| !d.trim().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| default_dir.clone());
    let keep = read.setting(KEY_KEEP)?.and_then(|k| k.parse().ok()).filter(|k| KEEP_RANGE.contains(k));
    let last_auto = read.setting(KEY_LAST)?.and_then(|t| NaiveDateTime::parse_from_str(&t, TIMESTAMP).ok());
    Ok(Config { dir, default_dir, keep: keep.unwrap_or(DEFAULT_KEEP), last_auto })
}

/// An automatic backup is due when none was made, the last one is 24 hours
/// old, or the clock went back past it.
pub fn backup_due(last: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    match last {
        None => true,
        Some(last) => now < last || now - last >= TimeDelta::hours(24),
    }
}

// ------------------------------------------------------------------ file names

/// Kind, time and same-second number of a backup file, from its name.
fn parse_name(name: &str) -> (BackupKind, Option<NaiveDateTime>, u32) {
    let Some(stem) = name.strip_suffix(".sqlite") else { return (BackupKind::Other, None, 0) };
    let (kind, rest) = if let Some(rest) = stem.strip_prefix(MANUAL_PREFIX) {
        (BackupKind::Manual, rest)
    } else if let Some(rest) = stem.strip_prefix(SAFETY_PREFIX) {
        (BackupKind::Safety, rest)
    } else if let Some(rest) = stem.strip_prefix(AUTO_PREFIX) {
        (BackupKind::Auto, rest)
    } else {
        return (BackupKind::Other, None, 0);
    };
    let (stamp, n) = match rest.get(15..) {
        Some("") => (rest, 1),
        Some(suffix) => match suffix.strip_prefix('-').and_then(|n| n.parse::<u32>().ok()) {
            Some(n) if n >= 2 => (&rest[..15], n),
            _ => return (BackupKind::Other, None, 0),
        },
        None => return (BackupKind::Other, None, 0),
    };
    match NaiveDateTime::parse_from_str(stamp, STAMP) {
        Ok(at) => (kind, Some(at), n),
        Err(_) => (BackupKind::Other, None, 0),
    }
}

fn list_dir(dir: &Path) -> Result<Vec<BackupEntry>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ApiError::internal(format!("cannot read {}: {e}", dir.display()))),
    };
    let mut files = Vec::new();
    let mut order = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() || name.starts_with('.') || !name.ends_with(".sqlite") {
            continue;
        }
        let (kind, at, n) = parse_name(&name);
        let modified = meta.modified().ok().map(|t| chrono::DateTime::<chrono::Local>::from(t).naive_local());
        order.push((at.or(modified), n, name.clone()));
        files.push(BackupEntry {
            path: entry.path().display().to_string(),
            name,
            kind,
            made_at: at.or(modified),
            size_bytes: meta.len(),
        });
    }
    // Newest first; `-2`, `-3`… were made after the file of the same second.
    let mut keyed: Vec<_> = order.into_iter().zip(files).collect();
    keyed.sort_by(|(a, _), (b, _)| b.cmp(a));
    Ok(keyed.into_iter().map(|(_, f)| f).collect())
}

/// Deletes the oldest automatic backups beyond `keep`; nothing else.
pub fn rotate(dir: &Path, keep: u32) -> Result<Vec<PathBuf>> {
    let mut autos: Vec<(NaiveDateTime, u32, PathBuf)> = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(ApiError::internal(format!("cannot read {}: {e}", dir.display()))),
    };
    for entry in entries.flatten() {
        if let (BackupKind::Auto, Some(at), n) = parse_name(&entry.file_name().to_string_lossy()) {
            autos.push((at, n, entry.path()));
        }
    }
    autos.sort();
    let excess = autos.len().saturating_sub(keep as usize);
    let mut removed = Vec::new();
    for (_, _, path) in autos.into_iter().take(excess) {
        std::fs::remove_file(&path)
            .map_err(|e| ApiError::internal(format!("cannot delete the old backup {}: {e}", path.display())))?;
        removed.push(path);
    }
    Ok(removed)
}

/// Renames the book left behind by a move to `<name>.moved` (`.moved-2`…
/// when taken), its `-wal` and `-shm` first, then the file; `None` when the
/// file could not be renamed.
fn retire_old_book(from: &Path) -> Option<PathBuf> {
    let base = from.display().to_string();
    let target = std::iter::once(format!("{base}.moved"))
        .chain((2..1000).map(|n| format!("{base}.moved-{n}")))
        .map(PathBuf::from)
        .find(|p| !p.exists() && std::fs::symlink_metadata(p).is_err())?;
    for ext in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{base}{ext}"));
        if side.exists() {
            drop(std::fs::rename(&side, format!("{}{ext}", target.display())));
        }
    }
    std::fs::rename(from, &target).ok()?;
    if let Some(dir) = from.parent() {
        crate::book::sync_dir_of(dir);
    }
    Some(target)
}

// ------------------------------------------------------------------ commands

impl Api {
    pub fn backup_settings_get(&self) -> Result<BackupSettings> {
        let c = self.backup_config()?;
        Ok(BackupSettings {
            dir: c.dir.display().to_string(),
            default_dir: c.default_dir.display().to_string(),
            keep: c.keep,
            last_auto: c.last_auto,
        })
    }

    pub fn backup_settings_set(&self, args: BackupSettingsSet) -> Result<BackupSettings> {
        let mut errors = Vec::new();
        if !KEEP_RANGE.contains(&args.keep) {
            errors.extend(ApiError::field("keep", "keep_out_of_range", "keep between 1 and 100 backups").fields);
        }
        let dir = match args.dir.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => String::new(),
            Some(raw) => match absolute_arg("dir", raw).and_then(|dir| writable_dir("dir", &dir).map(|()| dir)) {
                Ok(dir) => dir.display().to_string(),
                Err(e) => {
                    errors.extend(e.fields);
                    String::new()
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let before = self.backup_settings_get()?;
        let keep = args.keep.to_string();
        self.write().transaction(|tx| -> Result<()> {
            tx.set_setting(KEY_DIR, &dir)?;
            tx.set_setting(KEY_KEEP, &keep)?;
            let shown_dir = if dir.is_empty() { before.default_dir.clone() } else { dir.clone() };
            let changes = [("dir", before.dir.clone(), shown_dir), ("keep", before.keep.to_string(), keep.clone())]
                .into_iter()
                .filter(|(_, b, a)| b != a)
                .map(|(field, b, a)| FieldChange::new(field, Some(b), Some(a)))
                .collect();
            self.audit_shop(tx, AuditAction::BackupSettings, before.dir.clone(), changes)
        })?;
        self.backup_settings_get()
    }

    /// A backup to a chosen file or folder, or to the backup folder. The copy
    /// reads the book through a connection of its own: other calls are not
    /// held up while it runs.
    pub fn backup_now(&self, args: BackupNow) -> Result<BackupInfo> {
        let stem = format!("{MANUAL_PREFIX}{}", self.now().format(STAMP));
        let live = self.db_path();
        let dest = match args.path.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            None => unique_path(&self.backup_config()?.dir, &stem, "sqlite"),
            Some(raw) => {
                let path = absolute_arg("path", raw)?;
                if path.is_dir() && !is_link(&path) {
                    check_folder("path", &path)?;
                    unique_path(&path, &stem, "sqlite")
                } else if path.exists() || is_link(&path) {
                    return Err(ApiError::field(
                        "path",
                        "file_exists",
                        &format!("{} already exists; choose another name", path.display()),
                    ));
                } else {
                    check_new_file("path", &path, "sqlite")?;
                    path
                }
            }
        };
        let made: BackupInfo = Store::backup_file(&live, &dest)?.into();
        // A copy of every customer's data left the book: the audit log says where.
        let changes = vec![FieldChange::new("customers", None, Some(made.customers.to_string()))];
        self.write().transaction(|tx| self.audit_shop(tx, AuditAction::Backup, made.path.clone(), changes))?;
        Ok(made)
    }

    fn backup_config(&self) -> Result<Config> {
        let db = self.db_path();
        self.read(|tx| config(tx, &db))
    }

    /// Makes an automatic backup if one is due (see [`backup_due`]), then
    /// deletes the oldest automatic ones beyond the number to keep. Demo
    /// books are not backed up.
    pub fn backup_auto(&self) -> Result<AutoBackup> {
        let now = self.now();
        if self.read(|tx| Ok(tx.settings()?.is_demo))? {
            return Ok(AutoBackup::default());
        }
        let c = self.backup_config()?;
        if !backup_due(c.last_auto, now) {
            return Ok(AutoBackup::default());
        }
        let live = self.db_path();
        let dest = unique_path(&c.dir, &format!("{AUTO_PREFIX}{}", now.format(STAMP)), "sqlite");
        let made: BackupInfo = Store::backup_file(&live, &dest)?.into();
        self.write().transaction(|tx| tx.set_setting(KEY_LAST, &now.format(TIMESTAMP).to_string()))?;
        let removed = rotate(&c.dir, c.keep)?;
        Ok(AutoBackup { made: Some(made), removed })
    }

    pub fn backup_list(&self) -> Result<BackupList> {
        let dir = self.backup_config()?.dir;
        Ok(BackupList { files: list_dir(&dir)?, dir: dir.display().to_string() })
    }

    /// What a backup holds, checked read-only: shown before restoring it.
    pub fn backup_verify(&self, args: PathArgs) -> Result<BackupInfo> {
        let path = absolute_arg("path", &args.path)?;
        Ok(Store::verify_restorable(&path)?.into())
    }

    /// Replaces the book with a verified backup, after a safety copy of the
    /// book as it is, all at once or not at all (see
    /// [`Store::restore_with`]). The backup settings of this computer are
    /// kept, customers erased since the backup was made are erased again, and
    /// the audit entry lands in the same step.
    pub fn backup_restore(&self, args: PathArgs) -> Result<RestoreResult> {
        let path = absolute_arg("path", &args.path)?;
        let now = self.now();
        let mut store = self.write();
        let safety_dir = config(&store.read(), store.path())?.dir;
        let mut kept = Vec::new();
        for key in [KEY_DIR, KEY_KEEP, KEY_LAST] {
            kept.push((key, store.read().setting(key)?.unwrap_or_default()));
        }
        let customers_before = store.read().count_customers()?;
        let shown_path = path.display().to_string();
        let restored = store.restore_with(&path, &safety_dir, now, |tx, safety, erased_again| -> Result<()> {
            for (key, value) in &kept {
                tx.set_setting(key, value)?;
            }
            let mut changes = vec![
                FieldChange::new(
                    "customers",
                    Some(customers_before.to_string()),
                    Some(tx.count_customers()?.to_string()),
                ),
                FieldChange::new("safetyCopy", None, Some(safety.display().to_string())),
            ];
            if !erased_again.is_empty() {
                let ids: Vec<String> = erased_again.iter().map(|id| format!("#{id}")).collect();
                changes.push(FieldChange::new("erasedAgain", None, Some(ids.join(", "))));
            }
            self.audit_shop(tx, AuditAction::RestoreBackup, shown_path.clone(), changes)
        })?;
        drop(store);
        Ok(RestoreResult {
            restored: restored.report.into(),
            safety_copy: restored.safety_copy.display().to_string(),
            erased_again: restored.erased_again.len() as u32,
            app: self.app_info()?,
        })
    }

    pub fn storage_location_check(&self) -> Result<StorageCheck> {
        let path = self.db_path();
        let (kind, provider) = location::classify(&path);
        Ok(StorageCheck { path: path.display().to_string(), kind, provider })
    }

    /// Where a moved book is remembered; the desktop sets it when it opened
    /// the book from its default place.
    pub fn remember_location_in(&self, file: PathBuf) {
        drop(self.location_file.set(file));
    }

    /// Moves the live book to a local folder: a copy with the backup API,
    /// verified, then opened in place of the old one, which is renamed
    /// `….moved` once closed. The desktop and the CLI remember the new place
    /// (`location.json`, synced with its folder).
    pub fn storage_move(&self, args: StorageMove) -> Result<StorageMoved> {
        let to = absolute_arg("to", &args.to)?;
        writable_dir("to", &to)?;
        if let (kind @ (StorageKind::Cloud | StorageKind::Network), provider) = location::classify(&to) {
            let what = provider.unwrap_or_else(|| format!("{kind:?}").to_lowercase());
            return Err(ApiError::field(
                "to",
                "folder_not_local",
                &format!("{} is not a local folder ({what}); choose a folder on this computer's disk", to.display()),
            ));
        }
        let mut store = self.write();
        let from = store.path().to_path_buf();
        let name = from.file_name().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("carebook.sqlite"));
        let target = to.join(name);
        if target.exists() {
            return Err(ApiError::field(
                "to",
                "file_exists",
                &format!("{} already exists; choose another folder", target.display()),
            ));
        }
        let c = config(&store.read(), &from)?;
        let chose_dir = store.read().setting(KEY_DIR)?.is_some_and(|d| !d.trim().is_empty());
        store.backup_to(&target)?;
        let opened = (|| -> Result<Store> {
            let mut moved = Store::open(&target)?;
            moved.transaction(|tx| -> Result<()> {
                if !chose_dir {
                    // Backups stay where they were: the old folder may be synced, which is fine for backups.
                    tx.set_setting(KEY_DIR, &c.default_dir.display().to_string())?;
                }
                let change =
                    FieldChange::new("path", Some(from.display().to_string()), Some(target.display().to_string()));
                self.audit_shop(tx, AuditAction::MoveBook, target.display().to_string(), vec![change])
            })?;
            if let Some(file) = self.location_file.get() {
                crate::book::write_location(file, &target)?;
            }
            Ok(moved)
        })();
        let moved = match opened {
            Ok(moved) => moved,
            Err(e) => {
                for ext in ["", "-wal", "-shm"] {
                    drop(std::fs::remove_file(format!("{}{ext}", target.display())));
                }
                return Err(e);
            }
        };
        let backup_dir = config(&moved.read(), moved.path())?.dir.display().to_string();
        self.renew_readers(&moved);
        // The old file is closed (its write-ahead log folded in) and renamed,
        // so nothing opens it by its old name and writes to a second book.
        *store = moved;
        let old_kept_as = retire_old_book(&from);
        Ok(StorageMoved {
            from: from.display().to_string(),
            to: target.display().to_string(),
            remembered: self.location_file.get().is_some(),
            backup_dir,
            old_kept_as: old_kept_as.map(|p| p.display().to_string()),
        })
    }
}

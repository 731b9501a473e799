//! Where the customer book lives by default.

use std::path::PathBuf;

/// `carebook.sqlite` in the OS's application-data folder:
/// `~/.local/share/carebook` on Linux, `~/Library/Application Support/vn.CareBook.CareBook`
/// on macOS, `%APPDATA%\CareBook\CareBook\data` on Windows.
pub fn default_db_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("vn", "CareBook", "CareBook").map(|d| d.data_dir().join("carebook.sqlite"))
}

//! Shop-wide settings, a key/value table.

use rusqlite::{OptionalExtension, params};

use crate::{Result, Tx};

/// The settings the application knows about.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub shop_name: String,
    /// The book holds generated demo data.
    pub is_demo: bool,
}

impl Tx<'_> {
    /// The schema version of the file (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn().pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// `PRAGMA data_version`: on one connection, it changes when another
    /// connection (another process) commits to the file.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn().pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.exec(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Removes a setting; nothing happens when it is not set.
    pub fn remove_setting(&self, key: &str) -> Result<()> {
        self.exec("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }

    pub fn settings(&self) -> Result<Settings> {
        Ok(Settings {
            shop_name: self.setting("shop_name")?.unwrap_or_default(),
            is_demo: self.setting("is_demo")?.as_deref() == Some("1"),
        })
    }

    pub fn save_settings(&self, s: &Settings) -> Result<()> {
        self.set_setting("shop_name", &s.shop_name)?;
        self.set_setting("is_demo", if s.is_demo { "1" } else { "0" })
    }
}

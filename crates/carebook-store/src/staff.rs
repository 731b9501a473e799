//! The `staff` table.

use carebook_core::{Staff, StaffId, StaffRole, ValidStaff};
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

use crate::{Result, StoreError, Tx};

impl Tx<'_> {
    pub fn insert_staff(&self, s: &ValidStaff, now: NaiveDateTime) -> Result<StaffId> {
        self.exec(
            "INSERT INTO staff (name, role, active, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![s.name, s.role.as_str(), s.active, now],
        )?;
        Ok(self.conn().last_insert_rowid())
    }

    pub fn update_staff(&self, id: StaffId, s: &ValidStaff) -> Result<()> {
        let changed = self.exec(
            "UPDATE staff SET name = ?2, role = ?3, active = ?4 WHERE id = ?1",
            params![id, s.name, s.role.as_str(), s.active],
        )?;
        if changed == 0 {
            return Err(StoreError::NotFound { what: "staff member", id });
        }
        Ok(())
    }

    /// All staff, active first, then by name.
    pub fn list_staff(&self) -> Result<Vec<Staff>> {
        let mut stmt =
            self.conn().prepare_cached("SELECT id, name, role, active FROM staff ORDER BY active DESC, name, id")?;
        let staff = stmt
            .query_map([], |r| {
                Ok(Staff {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    role: StaffRole::parse(&r.get::<_, String>(2)?).unwrap_or_default(),
                    active: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(staff)
    }

    pub(crate) fn require_staff_opt(&self, id: Option<StaffId>) -> Result<()> {
        let Some(id) = id else { return Ok(()) };
        let found: Option<i64> = self.row("SELECT id FROM staff WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        found.map(|_| ()).ok_or(StoreError::NotFound { what: "staff member", id })
    }
}

//! Command name + JSON arguments → JSON result: what the HTTP server and the
//! desktop shell's single `api` command call.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{Api, ApiError, Result};

/// Every command the UI may call, by name.
pub const COMMANDS: &[&str] = &[
    "app_info",
    "start_own_shop",
    "customer_list",
    "customer_search",
    "customer_get",
    "customer_create",
    "customer_update",
    "customer_check_duplicates",
    "customer_archive",
    "customer_unarchive",
    "customer_footprint",
    "customer_delete",
    "customer_timeline",
    "purchase_add",
    "note_add",
    "customer_care",
    "request_save",
    "request_delete",
    "care_task_save",
    "care_task_delete",
    "feedback_add",
    "feedback_delete",
    "staff_list",
    "staff_create",
    "staff_update",
    "session_get",
    "session_set_actor",
    "customer_consent_history",
    "customer_data",
    "customer_export",
    "customer_erase",
    "audit_list",
    "export_all",
    "export_suggest",
    "backup_settings_get",
    "backup_settings_set",
    "backup_now",
    "backup_list",
    "backup_verify",
    "backup_restore",
    "storage_location_check",
    "storage_move",
    "import_preview",
    "import_commit",
    "import_progress",
    "import_cancel",
    "import_undo_last",
    "import_batches",
];

fn args<T: DeserializeOwned>(cmd: &str, value: Value) -> Result<T> {
    let value = if value.is_null() { Value::Object(Default::default()) } else { value };
    serde_json::from_value(value).map_err(|e| ApiError::bad_request(format!("{cmd}: {e}")))
}

fn json<T: Serialize>(result: Result<T>) -> Result<Value> {
    result.and_then(|v| serde_json::to_value(v).map_err(|e| ApiError::internal(e.to_string())))
}

impl Api {
    /// Runs the command `cmd` with JSON arguments.
    pub fn dispatch(&self, cmd: &str, a: Value) -> Result<Value> {
        match cmd {
            "app_info" => json(self.app_info()),
            "start_own_shop" => json(self.start_own_shop(args(cmd, a)?)),
            "customer_list" => json(self.customer_list(args(cmd, a)?)),
            "customer_search" => json(self.customer_search(args(cmd, a)?)),
            "customer_get" => json(self.customer_get(args(cmd, a)?)),
            "customer_create" => json(self.customer_create(args(cmd, a)?)),
            "customer_update" => json(self.customer_update(args(cmd, a)?)),
            "customer_check_duplicates" => json(self.customer_check_duplicates(args(cmd, a)?)),
            "customer_archive" => json(self.customer_archive(args(cmd, a)?)),
            "customer_unarchive" => json(self.customer_unarchive(args(cmd, a)?)),
            "customer_footprint" => json(self.customer_footprint(args(cmd, a)?)),
            "customer_delete" => json(self.customer_delete(args(cmd, a)?)),
            "customer_timeline" => json(self.customer_timeline(args(cmd, a)?)),
            "purchase_add" => json(self.purchase_add(args(cmd, a)?)),
            "customer_care" => json(self.customer_care(args(cmd, a)?)),
            "request_save" => json(self.request_save(args(cmd, a)?)),
            "request_delete" => json(self.request_delete(args(cmd, a)?)),
            "care_task_save" => json(self.care_task_save(args(cmd, a)?)),
            "care_task_delete" => json(self.care_task_delete(args(cmd, a)?)),
            "feedback_add" => json(self.feedback_add(args(cmd, a)?)),
            "feedback_delete" => json(self.feedback_delete(args(cmd, a)?)),
            "note_add" => json(self.note_add(args(cmd, a)?)),
            "staff_list" => json(self.staff_list()),
            "staff_create" => json(self.staff_create(args(cmd, a)?)),
            "staff_update" => json(self.staff_update(args(cmd, a)?)),
            "session_get" => json(self.session_get()),
            "session_set_actor" => json(self.session_set_actor(args(cmd, a)?)),
            "customer_consent_history" => json(self.customer_consent_history(args(cmd, a)?)),
            "customer_data" => json(self.customer_data(args(cmd, a)?)),
            "customer_export" => json(self.customer_export(args(cmd, a)?)),
            "customer_erase" => json(self.customer_erase(args(cmd, a)?)),
            "audit_list" => json(self.audit_list(args(cmd, a)?)),
            "export_all" => json(self.export_all(args(cmd, a)?)),
            "export_suggest" => json(self.export_suggest(args(cmd, a)?)),
            "backup_settings_get" => json(self.backup_settings_get()),
            "backup_settings_set" => json(self.backup_settings_set(args(cmd, a)?)),
            "backup_now" => json(self.backup_now(args(cmd, a)?)),
            "backup_list" => json(self.backup_list()),
            "backup_verify" => json(self.backup_verify(args(cmd, a)?)),
            "backup_restore" => json(self.backup_restore(args(cmd, a)?)),
            "storage_location_check" => json(self.storage_location_check()),
            "storage_move" => json(self.storage_move(args(cmd, a)?)),
            "import_preview" => json(self.import_preview(args(cmd, a)?)),
            "import_commit" => json(self.import_commit(args(cmd, a)?)),
            "import_progress" => json(self.import_progress()),
            "import_cancel" => json(self.import_cancel()),
            "import_undo_last" => json(self.import_undo_last(args(cmd, a)?)),
            "import_batches" => json(self.import_batches()),
            _ => Err(ApiError::bad_request(format!("unknown command `{cmd}`"))),
        }
    }
}

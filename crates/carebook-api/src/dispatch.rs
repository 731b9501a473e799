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
    "staff_list",
    "staff_create",
    "staff_update",
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
            "note_add" => json(self.note_add(args(cmd, a)?)),
            "staff_list" => json(self.staff_list()),
            "staff_create" => json(self.staff_create(args(cmd, a)?)),
            "staff_update" => json(self.staff_update(args(cmd, a)?)),
            _ => Err(ApiError::bad_request(format!("unknown command `{cmd}`"))),
        }
    }
}

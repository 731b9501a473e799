//! The CareBook desktop shell: one window over [`carebook_api::Api`].
//!
//! The UI calls a single command, `api`, with a command name and JSON
//! arguments; it is a one-line hand-off to [`Api::dispatch`], run on a
//! blocking thread so SQLite never runs on the UI thread.

use std::path::PathBuf;
use std::sync::Arc;

use carebook_api::{Api, ApiError, OpenOptions};
use serde_json::Value;
use tauri::{Manager, State};

#[tauri::command]
async fn api(state: State<'_, Arc<Api>>, cmd: String, args: Value) -> Result<Value, ApiError> {
    let api = Arc::clone(&state);
    tauri::async_runtime::spawn_blocking(move || api.dispatch(&cmd, args))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
}

/// `--db FILE` or `CAREBOOK_DB`, else `carebook.sqlite` in the app-data folder.
fn db_path() -> Result<PathBuf, String> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from).ok_or_else(|| "--db needs a file".to_owned());
        }
    }
    if let Some(path) = std::env::var_os("CAREBOOK_DB") {
        return Ok(path.into());
    }
    carebook_api::paths::default_db_path().ok_or_else(|| "no app-data folder on this system".to_owned())
}

pub fn run() {
    let opened = db_path().and_then(|path| {
        // A new file becomes a demo shop: the first run shows a full book.
        Api::open(&path, OpenOptions { demo_if_new: true }).map_err(|e| format!("{}: {e}", path.display()))
    });
    let book = match opened {
        Ok(book) => book,
        Err(message) => {
            eprintln!("CareBook cannot open its customer book: {message}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        .setup(move |app| {
            app.manage(Arc::new(book));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![api])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("CareBook could not start its window: {e}");
            std::process::exit(1);
        });
}

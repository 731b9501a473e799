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

/// The open customer book, or why it could not be opened: the window still
/// comes up and shows that reason in the user's language (a file from a newer
/// CareBook, a file that is not a CareBook book…) instead of vanishing.
type Book = Result<Arc<Api>, ApiError>;

#[tauri::command]
async fn api(state: State<'_, Book>, cmd: String, args: Value) -> Result<Value, ApiError> {
    let api = Arc::clone(state.inner().as_ref().map_err(Clone::clone)?);
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
    // Moved with "Move to a local folder": location.json says where.
    if let Some(moved) = carebook_api::backup::location_file()
        .map(|file| carebook_api::backup::remembered_location(&file))
        .transpose()?
        .flatten()
    {
        return Ok(moved);
    }
    carebook_api::paths::default_db_path().ok_or_else(|| "no app-data folder on this system".to_owned())
}

pub fn run() {
    let opened = db_path().map_err(ApiError::internal).and_then(|path| {
        // A new file becomes a demo shop: the first run shows a full book.
        Api::open(&path, OpenOptions { demo_if_new: true })
    });
    let book: Book = opened.map(|book| {
        // A book chosen with --db or CAREBOOK_DB is not the one a move should redirect.
        let chosen = std::env::args().any(|a| a == "--db") || std::env::var_os("CAREBOOK_DB").is_some();
        if let Some(file) = carebook_api::backup::location_file().filter(|_| !chosen) {
            book.remember_location_in(file);
        }
        let book = Arc::new(book);
        carebook_api::backup::spawn_daily(Arc::clone(&book));
        book
    });
    if let Err(e) = &book {
        eprintln!("CareBook cannot open its customer book: {e}");
    }
    tauri::Builder::default()
        .setup(move |app| {
            app.manage(book);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![api])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("CareBook could not start its window: {e}");
            std::process::exit(1);
        });
}

//! The CareBook desktop shell: one window over [`carebook_api::Api`].
//!
//! The UI calls a single command, `api`, with a command name and JSON
//! arguments; it is a one-line hand-off to [`Api::dispatch`], run on a
//! blocking thread so SQLite never runs on the UI thread.
//!
//! The window comes up at once: the book is opened on a thread of its own
//! (a large book may need a schema upgrade first), and until it is ready the
//! `api` command answers `opening` with how far it got, which the UI shows.
//! A second launch focuses the running window instead of opening the book a
//! second time (and running its background jobs twice). The dialog plugin
//! gives the import window a file's path (`dialog:allow-open` only).
//!
//! The daily care reminder: the book's scheduler decides when it is due;
//! the shell keeps it until the main window takes it (`take_reminder`, after
//! the event `reminder`) and shows it through the notification plugin in the
//! UI's language. A click on it (reported by the plugin on Linux, macOS and
//! Windows) brings the main window forward and sends it `open-today`.

// Without `custom-protocol` the window loads the Vite dev server (`devUrl`,
// http://127.0.0.1:5173) and hands the IPC bridge — every command, exports
// and restores included — to whatever answers on that port. That is for
// `cargo tauri dev` only: an optimised build must embed the UI.
#[cfg(all(not(debug_assertions), not(feature = "custom-protocol")))]
compile_error!(
    "a release build of carebook-desktop needs `--features custom-protocol` (scripts/start passes it); \
     without it the window would load the dev server at 127.0.0.1:5173 with full IPC"
);

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use std::sync::Mutex;

use carebook_api::{Api, ApiError, ErrorCode, KioskPin, OpenOptions, Opening, Reminder};
use serde_json::Value;
use tauri::{AppHandle, Emitter, Manager, State};

/// The open customer book, how far opening it got, or why it could not be
/// opened: the window still comes up and shows that reason in the user's
/// language (a file from a newer CareBook, a file that is not a CareBook
/// book…) instead of vanishing.
enum Book {
    Opening(Option<Opening>),
    Ready(Arc<Api>),
    Failed(ApiError),
}

type BookState = Arc<RwLock<Book>>;

#[tauri::command]
async fn api(state: State<'_, BookState>, cmd: String, args: Value) -> Result<Value, ApiError> {
    let api = ready(&state)?;
    tauri::async_runtime::spawn_blocking(move || api.dispatch(&cmd, args))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
}

/// Opens a printed document of the book's `reports/` folder in the system's
/// PDF viewer (to look at it and print it). Only a plain `.pdf` name of that
/// folder is accepted: the page cannot make the shell open anything else.
#[tauri::command]
async fn open_report(app: tauri::AppHandle, state: State<'_, BookState>, file_name: String) -> Result<(), ApiError> {
    use tauri_plugin_opener::OpenerExt;
    let api = ready(&state)?;
    let path = carebook_api::reports::report_path(&api, &file_name)?;
    app.opener()
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| ApiError::internal(format!("the PDF viewer could not be started: {e}")))
}

/// The day's reminder the scheduler handed out, until the main window takes it.
#[derive(Default)]
struct PendingReminder(Mutex<Option<Reminder>>);

/// The reminder waiting to be shown, once: the main window calls this at
/// start (a reminder may come before the page listens) and on `reminder`.
#[tauri::command]
fn take_reminder(pending: State<'_, PendingReminder>) -> Option<Reminder> {
    pending.0.lock().unwrap_or_else(|p| p.into_inner()).take()
}

const MAIN: &str = "main";

/// Brings the main window forward (unminimised, shown, focused).
fn raise_main(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(MAIN) {
        drop(window.unminimize());
        drop(window.show());
        drop(window.set_focus());
    }
}

/// The kiosk window may close: set only once the staff PIN was given.
static KIOSK_MAY_CLOSE: AtomicBool = AtomicBool::new(false);
const KIOSK: &str = "kiosk";

/// The open book, or why there is none yet.
fn ready(state: &State<'_, BookState>) -> Result<Arc<Api>, ApiError> {
    match &*state.read().unwrap_or_else(|p| p.into_inner()) {
        Book::Ready(api) => Ok(Arc::clone(api)),
        Book::Failed(e) => Err(e.clone()),
        Book::Opening(progress) => Err(opening_error(*progress)),
    }
}

/// The feedback kiosk for one customer in a window of its own: full screen,
/// above the others, without a title bar; closing it is refused until the
/// staff PIN is given ([`close_kiosk`]). The page learns it is the kiosk
/// window before it loads.
#[tauri::command]
async fn open_kiosk(app: tauri::AppHandle, customer_id: i64, lang: String) -> Result<(), ApiError> {
    let lang = if lang == "en" { "en" } else { "vi" };
    if let Some(window) = app.get_webview_window(KIOSK) {
        drop(window.set_focus());
        return Ok(());
    }
    let hash = format!("#kiosk/{customer_id}/{lang}");
    let script = format!("window.__CAREBOOK_KIOSK__ = true; if (location.hash !== '{hash}') location.hash = '{hash}';");
    KIOSK_MAY_CLOSE.store(false, Ordering::SeqCst);
    let mut builder = tauri::WebviewWindowBuilder::new(&app, KIOSK, tauri::WebviewUrl::App("index.html".into()));
    // Also the screen's size, where full screen is not granted (no window manager).
    if let Ok(Some(monitor)) = app.primary_monitor() {
        let size = monitor.size().to_logical::<f64>(monitor.scale_factor());
        builder = builder.inner_size(size.width, size.height).position(0.0, 0.0);
    }
    builder
        .title("CareBook")
        .fullscreen(true)
        .always_on_top(true)
        .decorations(false)
        .initialization_script(&script)
        .build()
        .map(drop)
        .map_err(|e| ApiError::internal(format!("the kiosk window could not be opened: {e}")))
}

/// Closes the kiosk window when `pin` is the staff PIN; `false` (and the
/// window stays) when it is not.
#[tauri::command]
async fn close_kiosk(app: tauri::AppHandle, state: State<'_, BookState>, pin: String) -> Result<bool, ApiError> {
    let api = ready(&state)?;
    let ok = tauri::async_runtime::spawn_blocking(move || api.kiosk_unlock(KioskPin { pin }))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))??
        .ok;
    if ok && let Some(window) = app.get_webview_window(KIOSK) {
        KIOSK_MAY_CLOSE.store(true, Ordering::SeqCst);
        window.close().map_err(|e| ApiError::internal(e.to_string()))?;
    }
    Ok(ok)
}

/// `opening` with the step reached: `migrating 1/2`, `demo` or `opening`.
fn opening_error(progress: Option<Opening>) -> ApiError {
    let message = match progress {
        Some(Opening::Migrating { step, steps }) => format!("migrating {step}/{steps}"),
        Some(Opening::Demo) => "demo".to_owned(),
        None => "opening".to_owned(),
    };
    ApiError::new(ErrorCode::Opening, message)
}

/// `--db FILE` from the command line, if given.
fn db_flag() -> Option<std::path::PathBuf> {
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(Into::into);
        }
    }
    None
}

/// Opens the book (resolved like every CLI command does) and starts its
/// background jobs, the care reminder among them; `state` follows every step.
fn open_book(state: &BookState, app: AppHandle) {
    let set = |book: Book| *state.write().unwrap_or_else(|p| p.into_inner()) = book;
    let opened = carebook_api::book::resolve(db_flag().as_deref()).and_then(|choice| {
        // Only the first run in the default place makes a new book (a demo shop);
        // a book named with --db or CAREBOOK_DB must exist.
        let options = if choice.follows_moves() { OpenOptions::demo() } else { OpenOptions::default() };
        choice.open_with_progress(options, Box::new(carebook_api::SystemClock), &mut |p| {
            set(Book::Opening(Some(p)));
        })
    });
    match opened {
        Ok(api) => {
            let api = Arc::new(api);
            carebook_api::jobs::spawn_with_reminders(Arc::clone(&api), move |report| {
                if let Some(reminder) = report.reminder {
                    *app.state::<PendingReminder>().0.lock().unwrap_or_else(|p| p.into_inner()) = Some(reminder);
                    drop(app.emit_to(MAIN, "reminder", ()));
                }
            });
            set(Book::Ready(api));
        }
        Err(e) => {
            eprintln!("CareBook cannot open its customer book: {e}");
            set(Book::Failed(e));
        }
    }
}

pub fn run() {
    let book: BookState = Arc::new(RwLock::new(Book::Opening(None)));
    let opener = Arc::clone(&book);
    tauri::Builder::default()
        // First: a second launch hands over to this one and exits.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| raise_main(app)))
        // The import window's file dialog: the UI sends the chosen path to
        // the API, which reads the file from disk (no bytes over IPC).
        .plugin(tauri_plugin_dialog::init())
        // The care reminder's notification; the window sends it (in the UI's language).
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            use tauri_plugin_notification::NotificationExt;
            app.manage(book);
            app.manage(PendingReminder::default());
            // The only notification CareBook shows is the reminder: a click on it opens Today.
            let handle = app.handle().clone();
            app.notification().on_action(move |performed| {
                if performed.action_id() == "tap" {
                    raise_main(&handle);
                    drop(handle.emit_to(MAIN, "open-today", ()));
                }
            })?;
            let handle = app.handle().clone();
            std::thread::Builder::new().name("carebook-open".into()).spawn(move || open_book(&opener, handle))?;
            Ok(())
        })
        .plugin(tauri_plugin_opener::init())
        // The kiosk window does not close (Alt+F4, the window manager) without the PIN.
        .on_window_event(|window, event| {
            if window.label() == KIOSK
                && let tauri::WindowEvent::CloseRequested { api, .. } = event
                && !KIOSK_MAY_CLOSE.load(Ordering::SeqCst)
            {
                api.prevent_close();
            }
        })
        .invoke_handler(tauri::generate_handler![api, open_report, open_kiosk, close_kiosk, take_reminder])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("CareBook could not start its window: {e}");
            std::process::exit(1);
        });
}

fn main() {
    // The UI may call only these commands (see capabilities/default.json and kiosk.json).
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
        "api",
        "open_report",
        "open_kiosk",
        "close_kiosk",
        "take_reminder",
    ])))
    .expect("failed to run tauri-build");
}

fn main() {
    // The UI may call only the `api` and `open_report` commands (see capabilities/default.json).
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&["api", "open_report"])),
    )
    .expect("failed to run tauri-build");
}

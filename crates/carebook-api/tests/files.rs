//! Where CareBook writes files: only files of the format chosen (new ones
//! too), never hidden files, start-up folders or through links, and readable
//! by their owner only.

mod common;

use std::path::Path;

use common::{call, open};
use serde_json::{Value, json};

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

fn refused(api: &carebook_api::Api, cmd: &str, args: Value) -> String {
    let e = api.dispatch(cmd, args.clone()).expect_err(&format!("{cmd} {args} must be refused"));
    e.fields.first().map(|f| f.code.clone()).unwrap_or_else(|| format!("{:?}: {}", e.code, e.message))
}

/// Customers whose names are shell and batch commands: what an export to an
/// executable file would run.
fn hostile_customers(api: &carebook_api::Api) -> i64 {
    call(api, "customer_create", json!({ "input": { "name": "\" & calc & \"" } }));
    call(api, "customer_create", json!({ "input": { "name": "$(touch /tmp/carebook-owned)" } }))["customer"]["id"]
        .as_i64()
        .unwrap()
}

#[test]
fn exports_to_new_executable_or_start_up_files_are_refused() {
    let (dir, api) = open();
    let id = hostile_customers(&api);
    let d = dir.path();
    let p = |rel: &str| d.join(rel).display().to_string();
    let startup = "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup";
    let cases: Vec<(&str, Value, &str)> = vec![
        ("export_all", json!({ "format": "json", "path": p(".bash_profile") }), "path_hidden"),
        ("export_all", json!({ "format": "json", "path": p("run.bat") }), "path_extension"),
        ("export_all", json!({ "format": "xlsx", "path": p("run.cmd") }), "path_extension"),
        ("export_all", json!({ "format": "json", "path": p("no-extension") }), "path_extension"),
        ("export_all", json!({ "format": "json", "path": p(&format!("{startup}/run.json")) }), "folder_refused"),
        ("export_all", json!({ "format": "csv", "path": p(&format!("{startup}/csv")) }), "folder_refused"),
        ("export_all", json!({ "format": "json", "path": p("Library/LaunchAgents/x.json") }), "folder_refused"),
        ("customer_export", json!({ "id": id, "format": "json", "path": p(".profile") }), "path_hidden"),
        ("customer_export", json!({ "id": id, "format": "html", "path": p("open.command") }), "path_extension"),
        (
            "customer_export",
            json!({ "id": id, "format": "html", "path": p(&format!("{startup}/page.html")) }),
            "folder_refused",
        ),
        ("backup_now", json!({ "path": p("copy.bat") }), "path_extension"),
        ("backup_now", json!({ "path": p(".bashrc") }), "path_hidden"),
        ("backup_now", json!({ "path": p(&format!("{startup}/b.sqlite")) }), "folder_refused"),
        ("backup_settings_set", json!({ "dir": p(&format!("{startup}/backups")), "keep": 5 }), "folder_refused"),
        ("storage_move", json!({ "to": p(&format!("{startup}/book")) }), "folder_refused"),
    ];
    for (cmd, args, code) in cases {
        assert_eq!(refused(&api, cmd, args.clone()), code, "{cmd} {args}");
    }
    assert_eq!(files_in(d), ["shop.sqlite", "shop.sqlite-shm", "shop.sqlite-wal"], "no file or folder was made");
    assert!(!Path::new("/tmp/carebook-owned").exists());
    // The same exports to files of their format are written.
    call(&api, "export_all", json!({ "format": "json", "path": p("book.json") }));
    call(&api, "customer_export", json!({ "id": id, "format": "html", "path": p("page.HTML") }));
    call(&api, "backup_now", json!({ "path": p("copy.sqlite") }));
    assert_eq!(
        files_in(d),
        ["book.json", "copy.sqlite", "page.HTML", "shop.sqlite", "shop.sqlite-shm", "shop.sqlite-wal"]
    );
}

#[cfg(unix)]
#[test]
fn links_are_never_written_through() {
    use std::os::unix::fs::symlink;
    let (dir, api) = open();
    let id = hostile_customers(&api);
    let d = dir.path();
    let victim = d.join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    for (name, cmd, args) in [
        ("e.json", "export_all", json!({ "format": "json" })),
        ("c.json", "customer_export", json!({ "id": id, "format": "json" })),
        ("b.sqlite", "backup_now", json!({})),
    ] {
        let link = d.join(name);
        symlink(&victim, &link).unwrap();
        let mut args = args;
        args["path"] = json!(link.display().to_string());
        let code = refused(&api, cmd, args);
        assert!(["path_symlink", "file_exists"].contains(&code.as_str()), "{cmd}: {code}");
    }
    // A link dangling to where a start-up file would go.
    let dangling = d.join("d.json");
    symlink(d.join(".bash_profile"), &dangling).unwrap();
    assert_eq!(
        refused(&api, "export_all", json!({ "format": "json", "path": dangling.display().to_string() })),
        "path_symlink"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!d.join(".bash_profile").exists());
}

#[cfg(unix)]
#[test]
fn the_book_its_backups_and_exports_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, api) = open();
    let id = hostile_customers(&api);
    let d = dir.path();
    let made = [
        call(&api, "export_all", json!({ "format": "json", "path": d.join("book.json").display().to_string() }))["path"].clone(),
        call(&api, "export_all", json!({ "format": "xlsx", "path": d.join("book.xlsx").display().to_string() }))["path"].clone(),
        call(&api, "customer_export", json!({ "id": id, "format": "html", "path": d.display().to_string() }))["path"].clone(),
        call(&api, "backup_now", json!({}))["path"].clone(),
        call(&api, "backup_restore", json!({ "path": call(&api, "backup_now", json!({}))["path"] }))["safetyCopy"].clone(),
    ];
    let mut paths: Vec<String> = made.iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    let csv = call(&api, "export_all", json!({ "format": "csv", "path": d.join("csv").display().to_string() }));
    paths.extend(csv["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_owned()));
    for ext in ["", "-wal", "-shm"] {
        paths.push(format!("{}{ext}", d.join("shop.sqlite").display()));
    }
    for path in paths {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{path}: {mode:o}");
    }
}

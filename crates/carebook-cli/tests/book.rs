//! Every CLI command finds the book the way the desktop window does, and a
//! command never makes an empty book where none was asked for.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A home of its own: the app-data folder (and `location.json`) under `root`.
struct Home {
    root: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home { root: tempfile::tempdir().unwrap() }
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    /// Where the desktop and the CLI keep the book by default on Linux.
    fn default_book(&self) -> PathBuf {
        self.data().join("carebook/carebook.sqlite")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_carebook"))
            .args(args)
            .env("HOME", self.root.path().join("home"))
            .env("XDG_DATA_HOME", self.data())
            .env_remove("CAREBOOK_DB")
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    }

    fn err(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_mistyped_db_is_refused_and_no_empty_book_appears() {
    let home = Home::new();
    let typo = home.root.path().join("shopp.sqlite");
    for args in [
        vec!["search", "--db", s(&typo), "an"],
        vec!["export", "--db", s(&typo), "--format", "json", "--out", s(&home.root.path().join("out.json"))],
        vec!["backup", "--db", s(&typo), "--out", s(home.root.path())],
        vec!["add", "--db", s(&typo), "--name", "Lan"],
    ] {
        let err = home.err(&args);
        assert!(err.contains("there is no customer book at"), "{args:?}: {err}");
        assert!(!typo.exists(), "{args:?} left a file at {}", typo.display());
    }
    assert!(!home.default_book().exists(), "nor in the default place");
}

#[test]
fn the_cli_opens_the_book_where_the_desktop_moved_it() {
    let home = Home::new();
    home.ok(&["new", "--shop", "Tiệm bánh Hoa"]);
    assert!(home.default_book().is_file(), "`carebook new` without --db makes the default book");
    home.ok(&["add", "--name", "Nguyễn Văn An", "--phone", "0901 234 567"]);

    // "Move to a local folder": the book is copied elsewhere and location.json says where.
    let moved = home.root.path().join("local/carebook.sqlite");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::copy(home.default_book(), &moved).unwrap();
    home.ok(&["add", "--db", s(&moved), "--name", "Trần Minh Khôi", "--phone", "0912 345 678"]);
    let location = home.data().join("carebook/location.json");
    std::fs::write(&location, format!("{{\"db\": {:?}}}", s(&moved))).unwrap();

    let found = home.ok(&["search", "minh khoi"]);
    assert!(found.contains("Trần Minh Khôi"), "search without --db reads the moved book: {found}");
    let json = home.ok(&["search", "--json", "an"]);
    assert!(json.contains("Nguyễn Văn An"), "{json}");

    // The moved file is gone: a clear error, not an empty book in the old place.
    std::fs::remove_file(&moved).unwrap();
    let err = home.err(&["search", "an"]);
    assert!(err.contains("not there any more"), "{err}");
    assert!(!moved.exists());
}

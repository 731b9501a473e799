//! `carebook logo`: the shop's logo set, shown and removed from the terminal,
//! and printed by `carebook report`.

use std::path::Path;
use std::process::{Command, Output};

const JPEG: &[u8] = include_bytes!("../../carebook-report/tests/fixtures/logo.jpg");

fn run(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_carebook")).args(args).arg("--db").arg(db).output().unwrap()
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn images(pdf: &Path) -> usize {
    let out = Command::new("pdfimages").arg("-list").arg(pdf).output().expect("pdfimages (poppler-utils)");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .count()
}

#[test]
fn the_logo_is_set_shown_and_removed_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shop.sqlite");
    ok(&db, &["new", "--shop", "Tiệm bánh Hoa"]);
    assert!(ok(&db, &["logo"]).contains("no logo"));
    let logo = dir.path().join("logo.jpg");
    std::fs::write(&logo, JPEG).unwrap();
    assert!(ok(&db, &["logo", logo.to_str().unwrap()]).contains("240×80 pixels"));
    let pdf = dir.path().join("report.pdf");
    ok(&db, &["report", "--month", "2026-01", "--out", pdf.to_str().unwrap()]);
    assert!(images(&pdf) >= 1, "the report prints the logo");

    let text = dir.path().join("logo.png");
    std::fs::write(&text, "not an image").unwrap();
    let refused = run(&db, &["logo", text.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("PNG or JPEG"), "{refused:?}");
    assert!(ok(&db, &["logo"]).contains("240×80 pixels"), "a refused file leaves the logo");

    assert!(ok(&db, &["logo", "--remove"]).contains("no logo"));
    ok(&db, &["report", "--month", "2026-01", "--out", pdf.to_str().unwrap()]);
    assert_eq!(images(&pdf), 0);
}

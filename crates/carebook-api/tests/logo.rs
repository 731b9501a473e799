//! The shop's logo: set from a file (a path or an upload), refused files leave
//! the logo as it was, removed; every printed document carries it, read back
//! with poppler's `pdfimages -list`.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use carebook_api::{Api, ErrorCode, LogoFileArgs};
use common::{call, open};
use serde_json::json;

/// A PNG of `w`×`h` pixels: a teal band on white, opaque.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut px = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let band = y > h / 4 && y < h * 3 / 4 && x > w / 8;
            px.extend_from_slice(if band { &[23, 128, 128] } else { &[255, 255, 255] });
        }
    }
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(png::ColorType::Rgb);
    let mut writer = enc.write_header().unwrap();
    writer.write_image_data(&px).unwrap();
    writer.finish().unwrap();
    out
}

/// The committed 240×80 JPEG of the report crate's tests.
const JPEG: &[u8] = include_bytes!("../../carebook-report/tests/fixtures/logo.jpg");

fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn set(api: &Api, path: &Path) -> Result<serde_json::Value, carebook_api::ApiError> {
    api.dispatch("shop_logo_set", json!({ "path": path }))
}

fn logo(api: &Api) -> serde_json::Value {
    call(api, "shop_logo_get", json!({}))["logo"].clone()
}

/// The image rows of `pdfimages -list`: (type, object number).
fn images(pdf: &str) -> Vec<(String, String)> {
    let out = Command::new("pdfimages")
        .args(["-list", pdf])
        .output()
        .unwrap_or_else(|e| panic!("cannot run pdfimages ({e}): install poppler-utils"));
    assert!(out.status.success(), "pdfimages -list {pdf}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols.len() > 10).then(|| (cols[2].to_owned(), cols[10].to_owned()))
        })
        .collect()
}

fn pages(pdf: &str) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo (poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

fn monthly(api: &Api) -> String {
    call(api, "report_monthly", json!({ "month": "2026-11" }))["path"].as_str().unwrap().to_owned()
}

#[test]
fn a_logo_is_set_from_a_file_shown_and_removed_with_audit_entries() {
    let (dir, api) = open();
    assert_eq!(logo(&api), serde_json::Value::Null, "a new book has no logo");

    let set_png = set(&api, &file(dir.path(), "logo.png", &png(300, 100))).unwrap();
    assert_eq!(set_png["logo"], logo(&api), "the answer is what get shows");
    let shown = logo(&api);
    assert_eq!((shown["widthPx"].as_u64(), shown["heightPx"].as_u64()), (Some(300), Some(100)));
    let url = shown["dataUrl"].as_str().unwrap();
    assert!(url.starts_with("data:image/png;base64,iVBORw0KGgo"), "{}", &url[..40]);
    assert_eq!(shown["bytes"].as_u64(), Some(png(300, 100).len() as u64));

    // A JPEG replaces it.
    call(&api, "shop_logo_set", json!({ "path": file(dir.path(), "logo.jpg", JPEG) }));
    let shown = logo(&api);
    assert!(shown["dataUrl"].as_str().unwrap().starts_with("data:image/jpeg;base64,/9j/"));
    assert_eq!((shown["widthPx"].as_u64(), shown["heightPx"].as_u64()), (Some(240), Some(80)));

    assert_eq!(call(&api, "shop_logo_remove", json!({})), json!({ "logo": null }));
    assert_eq!(logo(&api), serde_json::Value::Null);
    let before_again = call(&api, "audit_list", json!({ "limit": 50 }))["total"].clone();
    call(&api, "shop_logo_remove", json!({}));
    assert_eq!(call(&api, "audit_list", json!({ "limit": 50 }))["total"], before_again, "nothing to remove: no entry");

    let audit = call(&api, "audit_list", json!({ "entity": "shop", "limit": 50 }));
    let changes: Vec<(serde_json::Value, serde_json::Value)> = audit["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["changes"].as_array()?.iter().find(|c| c["field"] == "logo"))
        .map(|c| (c["before"].clone(), c["after"].clone()))
        .collect();
    // Newest first: removed, JPEG over PNG, the first PNG.
    assert_eq!(
        changes,
        [
            (json!("JPEG 240×80, 2 KB"), json!(null)),
            (json!(format!("PNG 300×100, {} KB", png(300, 100).len().div_ceil(1024))), json!("JPEG 240×80, 2 KB")),
            (json!(null), json!(format!("PNG 300×100, {} KB", png(300, 100).len().div_ceil(1024)))),
        ],
        "{audit:#}"
    );
}

#[test]
fn refused_files_leave_the_previous_logo() {
    let (dir, api) = open();
    set(&api, &file(dir.path(), "logo.png", &png(200, 100))).unwrap();
    let kept = logo(&api);
    let entries = call(&api, "audit_list", json!({ "limit": 50 }))["total"].clone();

    let whole = png(200, 100);
    let mut big = png(200, 100);
    big.resize(600 * 1024, 0);
    let mut gif = b"GIF89a".to_vec();
    gif.resize(100, 0);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("logo.gif", gif, "logo_format"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(), "logo_format"),
        ("empty.png", Vec::new(), "logo_format"),
        ("big.png", big, "logo_too_large"),
        ("cut.png", whole[..whole.len() / 2].to_vec(), "logo_unreadable"),
        ("garbage.png", [&b"\x89PNG\r\n\x1a\n"[..], &[7; 64]].concat(), "logo_unreadable"),
        ("tiny.png", png(16, 16), "logo_dimensions"),
        ("strip.png", png(1000, 50), "logo_dimensions"),
        ("huge.png", png(4100, 600), "logo_dimensions"),
        ("cut.jpg", JPEG[..20].to_vec(), "logo_unreadable"),
    ];
    for (name, bytes, code) in cases {
        let err = set(&api, &file(dir.path(), name, &bytes)).unwrap_err();
        assert_eq!(err.code, ErrorCode::Validation, "{name}: {err:?}");
        assert_eq!(err.fields[0].field, "logo", "{name}");
        assert_eq!(err.fields[0].code, code, "{name}: {err:?}");
        assert_eq!(logo(&api), kept, "{name} left the logo as it was");
    }
    let missing = set(&api, &dir.path().join("nowhere.png")).unwrap_err();
    assert_eq!(missing.fields[0].code, "logo_missing");
    let folder = set(&api, dir.path()).unwrap_err();
    assert_eq!(folder.fields[0].code, "logo_missing");
    let neither = api.dispatch("shop_logo_set", json!({})).unwrap_err();
    assert_eq!(neither.code, ErrorCode::BadRequest);
    assert_eq!(logo(&api), kept);
    assert_eq!(call(&api, "audit_list", json!({ "limit": 50 }))["total"], entries, "a refusal is not audited");
}

#[test]
fn a_logo_uploaded_by_the_browser_is_taken_and_its_upload_removed() {
    let (_dir, api) = open();
    let (token, mut f) = api.upload_create().unwrap();
    f.write_all(JPEG).unwrap();
    drop(f);
    let shown = api.shop_logo_set(LogoFileArgs { path: None, upload: Some(token.clone()) }).unwrap();
    assert_eq!(shown.logo.unwrap().width_px, 240);
    let again = api.shop_logo_set(LogoFileArgs { path: None, upload: Some(token) }).unwrap_err();
    assert_eq!(again.code, ErrorCode::NotFound, "the upload is gone once used");

    // A refused upload is removed too.
    let (token, mut f) = api.upload_create().unwrap();
    f.write_all(b"not an image").unwrap();
    drop(f);
    assert!(api.shop_logo_set(LogoFileArgs { path: None, upload: Some(token.clone()) }).is_err());
    let gone = api.shop_logo_set(LogoFileArgs { path: None, upload: Some(token) }).unwrap_err();
    assert_eq!(gone.code, ErrorCode::NotFound);
    assert_eq!(api.shop_logo_get().unwrap().logo.unwrap().width_px, 240, "the refused upload changed nothing");
}

#[test]
fn every_printed_document_carries_the_stored_logo() {
    let (dir, api) = open();
    let plain = monthly(&api);
    assert!(images(&plain).is_empty(), "without a logo the report has no image: {:?}", images(&plain));

    set(&api, &file(dir.path(), "logo.png", &png(600, 200))).unwrap();
    let with = monthly(&api);
    let found = images(&with);
    let n = pages(&with);
    assert_eq!(found.iter().filter(|(kind, _)| kind == "image").count(), n, "a logo on each page: {found:?}");
    assert!(found.iter().all(|(_, object)| *object == found[0].1), "one image object shared by the pages");

    // The profile, the cards and the call list.
    let ha = call(
        &api,
        "customer_create",
        json!({ "input": { "name": "Nguyễn Thu Hà", "consent": "given", "gender": "female", "phones": ["0901234567"] } }),
    )["customer"]["id"]
        .as_i64()
        .unwrap();
    for kind in ["birthday_greeting", "follow_up_call"] {
        call(
            &api,
            "care_task_save",
            json!({ "input": { "customerId": ha, "kind": kind, "dueDate": "2026-11-23", "status": "planned" } }),
        );
    }
    let profile = call(&api, "report_profile", json!({ "id": ha }))["path"].as_str().unwrap().to_owned();
    let cards = call(&api, "report_cards", json!({ "date": "2026-11-23", "layout": "a6" }))["file"]["path"]
        .as_str()
        .unwrap()
        .to_owned();
    let calls = call(&api, "report_call_list", json!({ "date": "2026-11-23" }))["path"].as_str().unwrap().to_owned();
    for pdf in [&profile, &cards, &calls] {
        assert!(images(pdf).iter().any(|(kind, _)| kind == "image"), "{pdf} carries the logo");
    }

    call(&api, "shop_logo_remove", json!({}));
    for pdf in [monthly(&api), call(&api, "report_profile", json!({ "id": ha }))["path"].as_str().unwrap().to_owned()] {
        assert!(images(&pdf).is_empty(), "removed: {pdf} has no image");
    }
}

//! Renders every document with the sample data into a folder, to look at:
//! `cargo run -p carebook-report --example samples -- /tmp/carebook-samples`
//! then `pdftoppm -png -r 60 file.pdf prefix`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

use carebook_report::*;

/// A profile named with every tone mark on every vowel.
fn tones() -> CustomerProfile {
    let mut p = common::profile(Lang::Vi);
    p.name = format!("{} {}", common::ALL_TONES, common::all_tones_lower());
    p.notes = format!("{}\n{}", common::ALL_TONES, common::all_tones_lower());
    p
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).map_or_else(|| std::env::temp_dir().join("carebook-samples"), PathBuf::from);
    std::fs::create_dir_all(&dir)?;
    let mut go = |_: Progress| true;
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "monthly-vi.pdf",
            render_monthly_report(&common::full_month(Lang::Vi, Some(common::logo_png()), 60), &mut go)?,
        ),
        (
            "monthly-en.pdf",
            render_monthly_report(&common::full_month(Lang::En, Some(common::logo_jpeg()), 60), &mut go)?,
        ),
        ("monthly-empty-vi.pdf", render_monthly_report(&common::empty_month(Lang::Vi), &mut go)?),
        ("monthly-empty-en.pdf", render_monthly_report(&common::empty_month(Lang::En), &mut go)?),
        ("cards-a6.pdf", render_cards(&common::cards(5, CardLayout::A6, Some(common::logo_png())), &mut go)?),
        ("cards-a4x2.pdf", render_cards(&common::cards(4, CardLayout::A4x2, Some(common::logo_jpeg())), &mut go)?),
        ("cards-a4x4.pdf", render_cards(&common::cards(8, CardLayout::A4x4, None), &mut go)?),
        ("letters.pdf", render_cards(&common::cards(3, CardLayout::Letter, Some(common::logo_png())), &mut go)?),
        ("call-list.pdf", render_call_list(&common::call_list(Lang::Vi, 14), &mut go)?),
        ("profile-vi.pdf", render_customer_profile(&common::profile(Lang::Vi), &mut go)?),
        ("profile-en.pdf", render_customer_profile(&common::profile(Lang::En), &mut go)?),
        ("tones.pdf", render_customer_profile(&tones(), &mut go)?),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, &bytes)?;
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
    Ok(())
}

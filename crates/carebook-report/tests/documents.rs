//! Every document rendered with realistic Vietnamese data and read back with poppler
//! and qpdf: the text comes back exactly, every page renders, the file is sound, the
//! fonts are embedded and subset, the pages have the size asked for.
//!
//! The tools are required: a test fails (never passes silently) naming the Debian
//! package to install when one is missing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use carebook_report::*;
use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------- tool helpers

/// A rendered PDF written to a scratch file, removed when dropped.
struct Pdf {
    path: PathBuf,
    bytes: usize,
}

impl Pdf {
    fn new(bytes: &[u8]) -> Self {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let path =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("carebook-report-{}-{n}.pdf", std::process::id()));
        std::fs::write(&path, bytes).expect("write the PDF to the scratch folder");
        Self { path, bytes: bytes.len() }
    }

    fn path(&self) -> &str {
        self.path.to_str().expect("scratch path is UTF-8")
    }

    /// Plain text of all pages (or of one).
    fn text(&self) -> String {
        run("pdftotext", &["-enc", "UTF-8", self.path(), "-"])
    }

    fn page_text(&self, page: usize) -> String {
        let p = page.to_string();
        run("pdftotext", &["-enc", "UTF-8", "-f", &p, "-l", &p, self.path(), "-"])
    }

    /// The words of all pages as poppler places them (`pdftotext -bbox`), joined by
    /// one space. Unlike the plain text this keeps the spaces of a line of one-letter
    /// words, which poppler's plain output takes for letter-spaced text.
    fn words(&self) -> String {
        let html = run("pdftotext", &["-bbox", "-enc", "UTF-8", self.path(), "-"]);
        let words: Vec<String> = html
            .lines()
            .filter(|l| l.trim_start().starts_with("<word"))
            .filter_map(|l| {
                let start = l.find("\">")? + 2;
                let end = l.rfind("</word>")?;
                Some(
                    l.get(start..end)?
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&amp;", "&"),
                )
            })
            .collect();
        words.join(" ")
    }

    /// Text with every run of whitespace turned into one space.
    fn flat_text(&self) -> String {
        flatten(&self.text())
    }

    fn pages(&self) -> usize {
        let info = run("pdfinfo", &[self.path()]);
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("pdfinfo gave no page count:\n{info}"))
    }

    /// Checks what every document must satisfy; returns the page count.
    fn check(&self, size: PaperSize) -> usize {
        let check = run_status("qpdf", &["--check", self.path()]);
        assert!(check.0, "qpdf --check fails:\n{}", check.1);
        assert!(check.1.contains("No syntax or stream encoding errors"), "qpdf --check:\n{}", check.1);

        let pages = self.pages();
        assert!(pages >= 1);
        let sizes = run("pdfinfo", &["-f", "1", "-l", &pages.to_string(), self.path()]);
        // poppler names A4 but not A6 (105 × 148 mm).
        let expected = match size {
            PaperSize::A4 => "595.276 x 841.89 pts (A4)",
            PaperSize::A6 => "297.638 x 419.528 pts",
        };
        let page_sizes: Vec<&str> = sizes.lines().filter(|l| l.starts_with("Page") && l.contains("size:")).collect();
        assert_eq!(page_sizes.len(), pages, "pdfinfo lists every page's size:\n{sizes}");
        for line in page_sizes {
            assert!(line.ends_with(expected), "page size {line:?}, expected {expected}");
        }

        let fonts = run("pdffonts", &[self.path()]);
        let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
        assert!(!rows.is_empty(), "the document uses embedded fonts:\n{fonts}");
        for row in &rows {
            let cols: Vec<&str> = row.split_whitespace().collect();
            // name, type (two words), encoding, emb, sub, uni, object, generation
            let n = cols.len();
            assert!(n >= 7, "pdffonts row {row:?}");
            let (emb, sub, uni) = (cols[n - 5], cols[n - 4], cols[n - 3]);
            assert_eq!((emb, sub, uni), ("yes", "yes", "yes"), "font embedded, subset, with a Unicode map: {row:?}");
            assert!(cols[0].contains("NotoSans"), "only Noto Sans is used: {row:?}");
        }

        // Every page renders.
        let prefix = format!("{}-page", self.path());
        let (ok, out) = run_status("pdftoppm", &["-r", "20", "-png", self.path(), &prefix]);
        assert!(ok, "pdftoppm fails:\n{out}");
        assert!(!out.contains("Error"), "pdftoppm reports errors:\n{out}");
        let dir = self.path.parent().expect("scratch folder");
        let stem = format!("{}-page", self.path.file_name().and_then(|n| n.to_str()).expect("name"));
        let mut rendered = 0;
        for entry in std::fs::read_dir(dir).expect("read scratch folder").flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&stem) && name.ends_with(".png") {
                let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                assert!(len > 100, "{name} is a real image");
                rendered += 1;
                let _ = std::fs::remove_file(entry.path());
            }
        }
        assert_eq!(rendered, pages, "pdftoppm renders every page");
        pages
    }
}

impl Drop for Pdf {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[derive(Clone, Copy)]
enum PaperSize {
    A4,
    A6,
}

fn package_of(tool: &str) -> &'static str {
    match tool {
        "qpdf" => "qpdf",
        _ => "poppler-utils",
    }
}

/// Runs a tool; (success, stdout + stderr).
fn run_status(tool: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "cannot run `{tool}` ({e}): install the Debian package {} (apt-get install -y {})",
            package_of(tool),
            package_of(tool)
        )
    });
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

/// Runs a tool that must succeed; its stdout.
fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!(
            "cannot run `{tool}` ({e}): install the Debian package {} (apt-get install -y {})",
            package_of(tool),
            package_of(tool)
        )
    });
    assert!(out.status.success(), "`{tool} {}` failed: {}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("tool output is UTF-8")
}

/// One row of `pdfimages -list`.
#[derive(Debug)]
struct ImageUse {
    kind: String,
    encoding: String,
    object: String,
}

fn images(pdf: &Pdf) -> Vec<ImageUse> {
    run("pdfimages", &["-list", pdf.path()])
        .lines()
        .skip(2)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split_whitespace().collect();
            (cols.len() > 10).then(|| ImageUse {
                kind: cols[2].to_owned(),
                encoding: cols[8].to_owned(),
                object: cols[10].to_owned(),
            })
        })
        .collect()
}

/// The text without the lines that start with one of `furniture` (running header and
/// footer), whitespace flattened.
fn body_text(text: &str, furniture: &[&str]) -> String {
    let kept: Vec<&str> = text.lines().filter(|l| !furniture.iter().any(|f| l.trim_start().starts_with(f))).collect();
    flatten(&kept.join("\n"))
}

fn flatten(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn go() -> impl FnMut(Progress) -> bool {
    |_| true
}

fn monthly(report: &MonthlyReport) -> Pdf {
    Pdf::new(&render_monthly_report(report, &mut go()).expect("the report renders"))
}

/// Asserts that each needle occurs in `haystack`, in this order.
fn assert_in_order(haystack: &str, needles: &[&str], what: &str) {
    let mut from = 0;
    for needle in needles {
        match haystack[from..].find(needle) {
            Some(at) => from += at + needle.len(),
            None => panic!("{what}: {needle:?} is missing or out of order"),
        }
    }
}

// ---------------------------------------------------------------- monthly report

const VI_HEADINGS: [&str; 8] = [
    "1. Các chỉ số chính",
    "2. Xu hướng 12 tháng",
    "3. Cấp độ dịch vụ",
    "4. Lịch chăm sóc khách hàng",
    "5. Ý kiến phản hồi của khách hàng",
    "6. Khách hàng có nguy cơ rời bỏ",
    "7. Khách hàng chi tiêu nhiều nhất",
    "8. Khách hàng mới",
];

const EN_HEADINGS: [&str; 8] = [
    "1. Key measures",
    "2. 12-month trends",
    "3. Service level",
    "4. Care calendar",
    "5. Customer feedback",
    "6. Customers at risk",
    "7. Top customers by spend",
    "8. New customers",
];

#[test]
fn full_month_in_vietnamese() {
    let report = common::full_month(Lang::Vi, Some(common::logo_png()), 100);
    let pdf = monthly(&report);
    let pages = pdf.check(PaperSize::A4);
    assert!((8..=14).contains(&pages), "a full month is about ten pages, got {pages}");
    assert!(pdf.bytes < 1_000_000, "a {pages}-page report stays well under 1 MB: {} bytes", pdf.bytes);

    let text = pdf.flat_text();
    let mut expected = vec!["Báo cáo chất lượng dịch vụ", "Tháng 3/2025", "Ngày lập: 01/04/2025"];
    expected.extend(VI_HEADINGS);
    assert_in_order(&text, &expected, "title and section headings");
    for figure in [
        "Tỷ lệ giải quyết vấn đề 92 % 88 % 85 % +4 điểm",
        "Thời gian phản hồi (P90) 2 giờ 10 phút 2 giờ 40 phút 3 giờ -30 phút",
        "Cấp độ 4/6 — Dịch vụ đúng mong đợi",
        "CSAT 81 % · NPS 32 · 64 câu trả lời",
        "Cách cải thiện",
        "Thiết lập tiêu chuẩn cao",
        "18.500.000 ₫",
        "Tiệm bánh Hương Quê",
        // Emoji the font lacks are left out, the words around them kept.
        "Bánh thì ngon quá",
        // Lists that print only part of the month say so.
        "ý kiến có điểm thấp nhất trong số 1.234 ý kiến của tháng",
        "khách hàng đầu danh sách trong số 35.712 khách hàng có nguy cơ rời bỏ",
    ] {
        assert!(text.contains(figure), "the report prints {figure:?}");
    }
    // Trend charts: titles, units, first and last values, month labels.
    for label in ["Tỷ lệ giải quyết (%)", "84 %", "92 %", "31 phút", "12 phút", "T4/24", "T2/25"] {
        assert!(text.contains(label), "the trend charts print {label:?}");
    }
    // Care calendar tables and chart legends.
    for label in [
        "Theo loại việc",
        "Theo nhân viên",
        "Kế hoạch",
        "Đúng hạn",
        "Trễ hạn",
        "Bỏ qua",
        "Chưa làm",
        "Gọi hỏi thăm",
        "Trần Thu Thảo",
    ] {
        assert!(text.contains(label), "the care calendar prints {label:?}");
    }
    for page in 1..=pages {
        let page_text = pdf.page_text(page);
        assert!(
            page_text.contains(&format!("Trang {page}/{pages}")),
            "page {page} is numbered \"Trang {page}/{pages}\""
        );
        assert!(page_text.contains("Tiệm bánh Hương Quê"), "page {page} names the shop");
    }
    let images = images(&pdf);
    assert_eq!(images.iter().filter(|i| i.kind == "image").count(), pages, "the logo is on every page: {images:?}");
    assert!(
        images.iter().all(|i| i.object == images[0].object || i.kind == "smask"),
        "one logo object shared by the pages"
    );
    assert_eq!(images.iter().filter(|i| i.kind == "smask").count(), pages, "the PNG logo keeps its transparency");
}

#[test]
fn full_month_in_english_with_a_jpeg_logo() {
    let report = common::full_month(Lang::En, Some(common::logo_jpeg()), 40);
    let pdf = monthly(&report);
    let pages = pdf.check(PaperSize::A4);
    let text = pdf.flat_text();
    let mut expected = vec!["Monthly service report", "March 2025", "Generated on: 01/04/2025"];
    expected.extend(EN_HEADINGS);
    assert_in_order(&text, &expected, "English title and headings");
    for label in
        ["Level 4/6 — Meets expectations", "How to improve", "By kind", "By staff member", "On-time rate", "Not done"]
    {
        assert!(text.contains(label), "the English report prints {label:?}");
    }
    for page in 1..=pages {
        assert!(pdf.page_text(page).contains(&format!("Page {page} of {pages}")), "page {page} of {pages}");
    }
    let images = images(&pdf);
    assert_eq!(images.len(), pages, "one logo per page, no mask: {images:?}");
    assert!(
        images.iter().all(|i| i.kind == "image" && i.encoding == "jpeg"),
        "the JPEG logo is embedded as JPEG: {images:?}"
    );
}

#[test]
fn empty_month_prints_a_sentence_for_every_section() {
    for (lang, headings, sentences, page) in [
        (
            Lang::Vi,
            VI_HEADINGS,
            [
                "Không có số liệu đo lường nào trong tháng này.",
                "Không có số liệu nào trong 12 tháng qua.",
                "Chưa đủ ý kiến phản hồi để xếp cấp độ dịch vụ",
                "Không có việc chăm sóc nào đến hạn trong tháng.",
                "Không có ý kiến phản hồi nào trong tháng.",
                "Không có khách hàng nào có nguy cơ rời bỏ.",
                "Không có lần mua hàng nào trong tháng.",
                "Không có khách hàng mới trong tháng.",
            ],
            "Trang 1/1",
        ),
        (
            Lang::En,
            EN_HEADINGS,
            [
                "No measures for this month.",
                "No figures for the last 12 months.",
                "Not enough feedback to rate the service level",
                "No care tasks were due this month.",
                "No feedback comments this month.",
                "No customers are at risk.",
                "No purchases this month.",
                "No new customers this month.",
            ],
            "Page 1 of 1",
        ),
    ] {
        let pdf = monthly(&common::empty_month(lang));
        assert_eq!(pdf.check(PaperSize::A4), 1, "an empty month fits on one page");
        let text = pdf.flat_text();
        let interleaved: Vec<&str> = headings.iter().zip(&sentences).flat_map(|(h, s)| [*h, *s]).collect();
        assert_in_order(&text, &interleaved, "each heading followed by its empty sentence");
        assert!(text.contains(page), "{lang:?}: {page}");
        assert!(images(&pdf).is_empty(), "a shop without a logo has no image");
        // Table headers are not printed for empty sections.
        for header in ["Tháng trước", "Điện thoại", "Previous month", "Phone"] {
            assert!(!text.contains(header), "{lang:?}: no empty table ({header:?} printed)");
        }
    }
}

#[test]
fn five_hundred_at_risk_customers_break_cleanly_over_pages() {
    let report = common::full_month(Lang::Vi, None, 500);
    let pdf = monthly(&report);
    let pages = pdf.check(PaperSize::A4);
    let header = "Khách hàng Điện thoại Lý do";
    let page_texts: Vec<String> = (1..=pages).map(|p| flatten(&pdf.page_text(p))).collect();
    let start = page_texts
        .iter()
        .position(|t| t.contains("6. Khách hàng có nguy cơ rời bỏ"))
        .expect("the at-risk section is printed");
    let end = page_texts
        .iter()
        .position(|t| t.contains("7. Khách hàng chi tiêu nhiều nhất"))
        .expect("the next section follows");
    assert!(end - start >= 8, "500 customers take many pages ({start}..{end})");

    let phones: Vec<String> = report.at_risk.iter().map(|c| c.phone.clone()).collect();
    let mut next = 0;
    for (i, text) in page_texts.iter().enumerate().take(end + 1).skip(start) {
        let page = i + 1;
        if next == phones.len() {
            break;
        }
        assert!(text.contains(header), "page {page} with at-risk rows repeats the table header");
        let head_at = text.find(header).unwrap_or(0);
        let mut rows_here = 0;
        let mut from = head_at;
        while next < phones.len() {
            match text[from..].find(&phones[next]) {
                Some(at) => {
                    from += at + phones[next].len();
                    next += 1;
                    rows_here += 1;
                }
                None => break,
            }
        }
        assert!(rows_here > 0, "page {page}: the repeated header is followed by rows");
        assert!(text.contains(&format!("Trang {page}/{pages}")), "page {page} of {pages} is numbered");
    }
    assert_eq!(next, phones.len(), "all 500 customers are printed, in order, once");
}

#[test]
fn money_is_right_aligned() {
    let pdf = monthly(&common::full_month(Lang::Vi, None, 10));
    let html = run("pdftotext", &["-bbox", "-enc", "UTF-8", pdf.path(), "-"]);
    // The right edges of every "₫" in the spend column line up.
    let edges: Vec<f32> = html
        .lines()
        .filter(|l| l.trim_end().ends_with(">₫</word>"))
        .filter_map(|l| {
            let at = l.find("xMax=\"")? + 6;
            l[at..].split('"').next()?.parse().ok()
        })
        .collect();
    assert!(edges.len() >= 20, "the top-customer amounts are found: {edges:?}");
    let (min, max) = edges.iter().fold((f32::MAX, f32::MIN), |(a, b), e| (a.min(*e), b.max(*e)));
    assert!(max - min < 0.5, "amounts end at the same x: {min}..{max}");
}

// ---------------------------------------------------------------- Vietnamese text

#[test]
fn every_tone_mark_comes_back() {
    let lower = common::all_tones_lower();
    // Given decomposed (NFD), as some keyboards and imports produce it.
    let nfd: String = format!("{} {}", common::ALL_TONES, lower).nfd().collect();
    let mut profile = common::profile(Lang::Vi);
    profile.name = nfd;
    profile.notes = format!("Ghi chú: {lower}");
    let pdf = Pdf::new(&render_customer_profile(&profile, &mut go()).expect("renders"));
    pdf.check(PaperSize::A4);
    let text = pdf.words();
    assert!(text.contains(common::ALL_TONES), "every capital with every tone mark comes back, composed:\n{text}");
    assert!(text.contains(&format!("Ghi chú: {lower}")), "and every small letter");
    assert!(!text.contains('\u{FFFD}'), "no character is lost");
}

// ---------------------------------------------------------------- cards and letters

#[test]
fn card_layouts() {
    // (layout, cards, expected pages, paper)
    let cases = [
        (CardLayout::A6, 5, 5, PaperSize::A6),
        (CardLayout::A4x2, 5, 3, PaperSize::A4),
        (CardLayout::A4x4, 9, 3, PaperSize::A4),
        (CardLayout::Letter, 3, 3, PaperSize::A4),
    ];
    for (layout, n, expected_pages, paper) in cases {
        let batch = common::cards(n, layout, Some(common::logo_png()));
        let pdf = Pdf::new(&render_cards(&batch, &mut go()).expect("cards render"));
        assert_eq!(pdf.check(paper), expected_pages, "{layout:?} with {n} cards");
        let text = pdf.flat_text();
        for card in &batch.cards {
            assert!(text.contains(&card.title), "{layout:?}: title {:?}", card.title);
            let first_words: String = card.body.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
            assert!(text.contains(&first_words), "{layout:?}: body starts {first_words:?}");
        }
        assert!(text.contains("Kính gửi"), "{layout:?}: recipient block");
        assert!(text.contains("Chị Trần Thị Hương"), "{layout:?}: recipient name");
        assert!(text.contains("Quận 1, TP. Hồ Chí Minh"), "{layout:?}: address");
        if layout == CardLayout::Letter {
            assert!(text.contains("TP. Hồ Chí Minh, ngày 01/04/2025"), "letters carry the date");
            assert_eq!(text.matches("Trân trọng,").count(), 3, "every letter closes");
        }
    }
}

#[test]
fn a_thousand_cards() {
    let batch = common::cards(1000, CardLayout::A4x4, None);
    let started = std::time::Instant::now();
    let bytes = render_cards(&batch, &mut go()).expect("1,000 cards render");
    let elapsed = started.elapsed();
    let pdf = Pdf::new(&bytes);
    assert_eq!(pdf.pages(), 250, "four cards per sheet");
    assert!(pdf.bytes < 2_000_000, "1,000 cards: {} bytes", pdf.bytes);
    // Generous even for an unoptimised test build on a loaded machine.
    assert!(elapsed.as_secs() < 60, "1,000 cards took {elapsed:?}");
}

// ---------------------------------------------------------------- call list, profile

#[test]
fn call_list() {
    for (lang, words) in [
        (
            Lang::Vi,
            ["Danh sách gọi điện chăm sóc", "Nhân viên: Trần Thu Thảo", "Lời nhắn", "Lần mua gần nhất", "Kết quả:"],
        ),
        (Lang::En, ["Call list", "Staff: Trần Thu Thảo", "What to say", "Last purchase", "Outcome:"]),
    ] {
        let list = common::call_list(lang, 30);
        let pdf = Pdf::new(&render_call_list(&list, &mut go()).expect("renders"));
        let pages = pdf.check(PaperSize::A4);
        assert!(pages >= 2, "30 calls take more than a page");
        let text = pdf.flat_text();
        assert_in_order(&text, &words[..2], "title and staff");
        for w in &words[2..] {
            assert!(text.contains(w), "{lang:?}: {w:?}");
        }
        assert_eq!(text.matches(words[4]).count(), 30, "{lang:?}: an outcome line per call");
        for call in &list.calls {
            assert!(text.contains(&call.phone), "{lang:?}: {}", call.phone);
        }
        assert!(text.contains("Chào chị"), "the message to say is printed");
    }
    let empty = CallList { calls: Vec::new(), ..common::call_list(Lang::Vi, 0) };
    let pdf = Pdf::new(&render_call_list(&empty, &mut go()).expect("renders"));
    pdf.check(PaperSize::A4);
    assert!(pdf.flat_text().contains("Không có cuộc gọi nào trong ngày."));
}

#[test]
fn profile_with_a_long_note() {
    let profile = common::profile(Lang::Vi);
    assert_eq!(profile.notes.chars().count(), 2000);
    let pdf = Pdf::new(&render_customer_profile(&profile, &mut go()).expect("renders"));
    let pages = pdf.check(PaperSize::A4);
    assert!(pages >= 2);
    let text = pdf.flat_text();
    assert_in_order(
        &text,
        &[
            "Nguyễn Thị Ngọc Ánh",
            "Mã khách hàng: KH-000123",
            "Điện thoại",
            "0901 234 567, +84 912 345 678",
            "Ngày sinh",
            "15/8 âm lịch",
            "Ghi chú",
            "Lịch sử mua hàng",
            "Yêu cầu hỗ trợ",
            "Việc chăm sóc",
            "Ý kiến phản hồi",
            "Nhật ký chăm sóc",
        ],
        "profile sections",
    );
    let furniture =
        ["Tiệm bánh Hương Quê", "Hồ sơ khách hàng", "Customer profile", "Nguyễn Thị Ngọc Ánh", "Trang ", "Page "];
    assert!(
        body_text(&pdf.text(), &furniture).contains(&flatten(&profile.notes)),
        "the whole 2,000-character note comes back"
    );
    // Noto Sans has no "→": it prints as "->".
    assert!(text.contains("Lê Minh Quân -> Trần Thu Thảo"), "the transfer arrow prints");

    // A note longer than a page continues on the next one.
    let mut long = common::profile(Lang::En);
    long.notes = common::long_note().repeat(5);
    let pdf = Pdf::new(&render_customer_profile(&long, &mut go()).expect("renders"));
    pdf.check(PaperSize::A4);
    let first = flatten(&pdf.page_text(1));
    let second = flatten(&pdf.page_text(2));
    assert!(first.contains("Notes") && first.contains("Khách quen từ năm 2019"), "the note starts on page 1");
    assert!(second.contains("Lưu ý dị ứng đậu phộng"), "and continues on page 2");
    assert!(
        body_text(&pdf.text(), &furniture).contains(&flatten(&long.notes)),
        "all 10,000 characters come back in order"
    );
    assert!(second.contains("Page 2 of"), "English page numbers");
}

// ---------------------------------------------------------------- progress, errors

#[test]
fn progress_counts_up_and_cancels() {
    let report = common::full_month(Lang::Vi, None, 200);
    let mut seen = Vec::new();
    let bytes = render_monthly_report(&report, &mut |p| {
        seen.push(p);
        true
    })
    .expect("renders");
    assert!(!bytes.is_empty());
    assert!(seen.len() > 10, "progress is reported along the way: {}", seen.len());
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done), "done never goes back");
    assert!(seen.iter().all(|p| p.total == seen[0].total && p.done <= p.total));
    let last = seen.last().copied().expect("reported");
    assert_eq!(last.done, last.total, "the last report is the end");
    assert_eq!(seen[0].done, 0, "the first report is the start");

    // Cancel at once, and midway.
    for stop_after in [0_usize, 5] {
        let mut calls = 0;
        let result = render_monthly_report(&report, &mut |_| {
            calls += 1;
            calls <= stop_after
        });
        assert!(matches!(result, Err(ReportError::Cancelled)), "stopping after {stop_after} reports cancels");
        assert_eq!(calls, stop_after + 1, "nothing is asked after the cancel");
    }
    let mut calls = 0;
    let cards = render_cards(&common::cards(100, CardLayout::A6, None), &mut |_| {
        calls += 1;
        calls < 3
    });
    assert!(matches!(cards, Err(ReportError::Cancelled)), "card batches cancel too");
}

#[test]
fn a_broken_logo_is_refused() {
    for logo in [b"not an image".to_vec(), b"\x89PNG\r\n\x1a\n\0\0".to_vec(), vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 2]] {
        let mut report = common::empty_month(Lang::Vi);
        report.logo = Some(logo);
        let err = render_monthly_report(&report, &mut go()).expect_err("a broken logo is an error");
        assert!(matches!(err, ReportError::Logo(_)), "{err}");
        assert!(check_logo(report.logo.as_deref().unwrap_or_default()).is_err(), "check_logo agrees");
    }
    assert_eq!(check_logo(&common::logo_png()).expect("PNG"), (160, 160));
    assert_eq!(check_logo(&common::logo_jpeg()).expect("JPEG"), (240, 80));
}

//! Cards and letters from a mail merge: one card per A6 page, two or four per A4 sheet
//! with cut lines, or one A4 letter each.

use serde::{Deserialize, Serialize};

use crate::chart::Area;
use crate::error::ReportError;
use crate::fonts::{Fonts, Weight, fonts};
use crate::image::Logo;
use crate::labels::Lang;
use crate::layout::palette::*;
use crate::layout::{BODY, Flow, FlowSetup};
use crate::pdf::{Canvas, Doc, PageSize, Rgb, TextStyle, mm};
use crate::progress::{Progress, Ticker};
use crate::text::{clean, clean_line, fit_line, wrap};

/// A batch of cards or letters to print.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CardBatch {
    /// Language of the fixed words ("Kính gửi", "Trân trọng,").
    pub lang: Lang,
    /// How the cards are put on paper.
    pub layout: CardLayout,
    /// The shop's name, at the top of every card.
    pub shop_name: String,
    /// The shop's logo (PNG or JPEG bytes), if any.
    pub logo: Option<Vec<u8>>,
    /// The date line of letters, as printed: "TP. Hồ Chí Minh, ngày 01/04/2025".
    pub date: String,
    /// The cards, in print order.
    pub cards: Vec<Card>,
}

/// One card or letter, its text already rendered from a message template.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Card {
    /// Who it goes to: "Chị Nguyễn Thu Hà".
    pub recipient: String,
    /// Postal address lines, if it is to be mailed.
    pub address: Vec<String>,
    /// The greeting or title: "Chúc mừng sinh nhật!".
    pub title: String,
    /// The message; blank lines separate paragraphs.
    pub body: String,
    /// Who signs it, usually the shop's name.
    pub signature: String,
    /// What it is for; sets its colours.
    pub kind: CardKind,
}

/// What a card is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// Thank-you note.
    #[default]
    ThankYou,
    /// Offer (come-back, birthday or other).
    Offer,
    /// Birthday greeting.
    Birthday,
    /// Tết or other holiday greeting.
    Greeting,
    /// Invitation to a loyalty event.
    Invitation,
    /// Anything else.
    Other,
}

impl CardKind {
    /// Main colour and a light tint of it.
    fn colors(self) -> (Rgb, Rgb) {
        match self {
            CardKind::ThankYou => (Rgb(23, 118, 118), Rgb(226, 242, 241)),
            CardKind::Offer => (Rgb(204, 92, 20), Rgb(252, 236, 222)),
            CardKind::Birthday => (Rgb(190, 48, 96), Rgb(250, 228, 236)),
            CardKind::Greeting => (Rgb(180, 30, 30), Rgb(253, 240, 205)),
            CardKind::Invitation => (Rgb(110, 60, 160), Rgb(236, 228, 246)),
            CardKind::Other => (ACCENT, Rgb(228, 236, 245)),
        }
    }
}

/// How cards are put on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardLayout {
    /// One card per A6 page (105 × 148 mm).
    #[default]
    A6,
    /// Two cards per A4 page (each 210 × 148.5 mm), with a cut line.
    A4x2,
    /// Four cards per A4 page (each 105 × 148.5 mm), with cut lines.
    A4x4,
    /// One A4 letter per card: shop header, date, recipient, body, signature.
    Letter,
}

/// Renders a batch of cards or letters as PDF bytes.
///
/// `progress` is called now and then with the cards done so far; returning `false`
/// stops the render with [`ReportError::Cancelled`].
pub fn render_cards(batch: &CardBatch, progress: &mut dyn FnMut(Progress) -> bool) -> Result<Vec<u8>, ReportError> {
    let fonts = fonts()?;
    let n = batch.cards.len() as u64;
    let mut ticker = Ticker::new(progress, n + (n / 10).max(1));
    ticker.start()?;
    let logo = batch.logo.as_deref().map(Logo::decode).transpose()?;
    let mut doc = Doc::new(&batch.shop_name, logo);
    if batch.layout == CardLayout::Letter {
        return letters(batch, fonts, doc, &mut ticker);
    }
    let (page, cells) = match batch.layout {
        CardLayout::A6 => {
            (PageSize::A6, vec![Area { x: 0.0, y: 0.0, w: PageSize::A6.width(), h: PageSize::A6.height() }])
        }
        CardLayout::A4x2 => {
            let (w, h) = (PageSize::A4.width(), PageSize::A4.height() / 2.0);
            (PageSize::A4, vec![Area { x: 0.0, y: 0.0, w, h }, Area { x: 0.0, y: h, w, h }])
        }
        _ => {
            let (w, h) = (PageSize::A4.width() / 2.0, PageSize::A4.height() / 2.0);
            (
                PageSize::A4,
                vec![
                    Area { x: 0.0, y: 0.0, w, h },
                    Area { x: w, y: 0.0, w, h },
                    Area { x: 0.0, y: h, w, h },
                    Area { x: w, y: h, w, h },
                ],
            )
        }
    };
    let lang = batch.lang;
    let has_logo = doc.logo().map(|l| l.fit(1.0, 1.0));
    for sheet in batch.cards.chunks(cells.len()) {
        let mut canvas = Canvas::new(page);
        for (card, cell) in sheet.iter().zip(&cells) {
            draw_card(&mut canvas, fonts, has_logo, *cell, card, &batch.shop_name, lang);
            ticker.advance(1)?;
        }
        draw_cut_lines(&mut canvas, batch.layout);
        doc.push(canvas);
    }
    if batch.cards.is_empty() {
        doc.push(Canvas::new(page));
    }
    let bytes = doc.save(fonts);
    ticker.finish()?;
    Ok(bytes)
}

fn draw_cut_lines(canvas: &mut Canvas, layout: CardLayout) {
    let (w, h) = (canvas.size().width(), canvas.size().height());
    match layout {
        CardLayout::A4x2 => canvas.dashed_line((0.0, h / 2.0), (w, h / 2.0), RULE, 0.5),
        CardLayout::A4x4 => {
            canvas.dashed_line((0.0, h / 2.0), (w, h / 2.0), RULE, 0.5);
            canvas.dashed_line((w / 2.0, 0.0), (w / 2.0, h), RULE, 0.5);
        }
        CardLayout::A6 | CardLayout::Letter => {}
    }
}

/// Draws one card inside `cell`. `logo` is the logo's fitted size in a unit box (its
/// proportions), if the batch has one.
fn draw_card(
    canvas: &mut Canvas,
    fonts: &Fonts,
    logo: Option<(f32, f32)>,
    cell: Area,
    card: &Card,
    shop: &str,
    lang: Lang,
) {
    let (main, tint) = card.kind.colors();
    let margin = mm(if cell.w > mm(150.0) { 10.0 } else { 7.0 });
    let x = cell.x + margin;
    let y = cell.y + margin;
    let w = cell.w - 2.0 * margin;
    let h = cell.h - 2.0 * margin;
    let scale = (cell.h / PageSize::A6.height()).clamp(0.9, 1.2);

    // Corner ornament (the frame is drawn last, over the band and the ornament).
    let c = mm(9.0);
    canvas.fill_polygon(&[(x + w, y + h - c * 2.2), (x + w, y + h), (x + w - c * 2.2, y + h)], tint);
    canvas.fill_polygon(&[(x + w, y + h - c), (x + w, y + h), (x + w - c, y + h)], main);

    // Head: logo and shop name on a tinted band.
    let pad = mm(4.0);
    let band_h = mm(13.0);
    canvas.fill_rect(x, y, w, band_h, tint);
    let mut tx = x + pad;
    if let Some((lw, lh)) = logo {
        let (fw, fh) = fit_box(lw, lh, mm(24.0), band_h - mm(3.0));
        canvas.image(tx, y + (band_h - fh) / 2.0, fw, fh);
        tx += fw + mm(2.5);
    }
    let shop_style = TextStyle::new(Weight::Bold, 9.0 * scale, main);
    let sf = fonts.face(Weight::Bold);
    let shop_line = fit_line(sf, shop_style.size, &clean_line(sf, shop), x + w - pad - tx);
    canvas.text(tx, y + band_h / 2.0 + shop_style.size * 0.36, &shop_line, shop_style);

    let inner_x = x + pad;
    let inner_w = w - 2.0 * pad;
    let wide = cell.w > cell.h;

    // Foot: recipient and address at the bottom left, clear of the corner ornament.
    let rf = fonts.face(Weight::Regular);
    let small = BODY.sized(7.5 * scale).colored(MUTED);
    let name_style = BODY.sized(9.0 * scale).bold();
    let foot_w = inner_w - c * 1.6;
    let mut foot: Vec<(String, TextStyle)> = Vec::new();
    if !card.recipient.trim().is_empty() {
        foot.push((lang.labels().dear.to_owned(), small));
        foot.push((fit_line(sf, name_style.size, &clean_line(sf, &card.recipient), foot_w), name_style));
    }
    for line in card.address.iter().take(3) {
        foot.push((fit_line(rf, small.size, &clean_line(rf, line), foot_w), small.colored(INK)));
    }
    let foot_h: f32 = foot.iter().map(|(_, s)| s.line_height()).sum();
    let bottom = y + h - pad;
    let mut fy = bottom - foot_h;
    for (text, style) in &foot {
        canvas.text(inner_x, fy + style.ascent(), text, *style);
        fy += style.line_height();
    }

    // Signature above the foot, at the right.
    let sign_style = BODY.sized(10.5 * scale).bold().colored(main);
    let signature = fit_line(sf, sign_style.size, &clean_line(sf, &card.signature), inner_w);
    let sign_base = bottom - foot_h - mm(4.0);
    canvas.text_right(fonts, x + w - pad, sign_base, &signature, sign_style);
    if !signature.is_empty() {
        let sw = sf.width(&signature, sign_style.size).min(inner_w);
        let ly = sign_base - sign_style.size - 4.0;
        canvas.line((x + w - pad - sw, ly), (x + w - pad, ly), tint, 1.2);
    }

    // Title and body, the body shrunk until it fits, the pair set a little above the
    // middle of the space between the band and the signature.
    let top = y + band_h + mm(5.0);
    let room = sign_base - sign_style.size - mm(5.0) - top;
    let title_style = TextStyle::new(Weight::Bold, if wide { 18.0 } else { 15.0 } * scale, main);
    let title_lines: Vec<String> =
        wrap(sf, title_style.size, &clean(sf, &card.title), inner_w).into_iter().take(3).collect();
    let title_h = title_lines.len() as f32 * title_style.line_height() + mm(2.5);
    let body = clean(rf, &card.body);
    let start = if wide { 13.0 } else { 11.0 } * scale;
    let (lines, style) = fit_body(rf, &body, inner_w, room - title_h, start);
    let content_h = title_h + lines.len() as f32 * style.line_height();
    let mut cy = top + ((room - content_h) * 0.35).max(0.0);
    for line in &title_lines {
        canvas.text(inner_x, cy + title_style.ascent(), line, title_style);
        cy += title_style.line_height();
    }
    cy += mm(2.5);
    for line in &lines {
        canvas.text(inner_x, cy + style.ascent(), line, style);
        cy += style.line_height();
    }
    canvas.stroke_rect(x, y, w, h, main, 0.9);
}

/// The largest size with the proportions `w` × `h` inside `max_w` × `max_h`.
fn fit_box(w: f32, h: f32, max_w: f32, max_h: f32) -> (f32, f32) {
    let ratio = w / h.max(0.0001);
    if max_w / max_h > ratio { (max_h * ratio, max_h) } else { (max_w, max_w / ratio) }
}

/// Wraps the body at the largest size from `start` down to 6.5 pt at which it fits in
/// `room`; at the smallest size what does not fit is cut with "…".
fn fit_body(face: &crate::fonts::Face, body: &str, width: f32, room: f32, start: f32) -> (Vec<String>, TextStyle) {
    let mut size = start;
    loop {
        let style = BODY.sized(size);
        let lines = wrap(face, size, body, width);
        let fits = lines.len() as f32 * style.line_height() <= room;
        if fits || size <= 6.5 {
            let max_lines = (room / style.line_height()).floor().max(0.0) as usize;
            if lines.len() <= max_lines {
                return (lines, style);
            }
            let mut kept: Vec<String> = lines.into_iter().take(max_lines).collect();
            if let Some(last) = kept.last_mut() {
                let cut = fit_line(face, size, &format!("{last} \u{2026}"), width);
                *last = if cut.ends_with('\u{2026}') { cut } else { format!("{last}\u{2026}") };
            }
            return (kept, style);
        }
        size -= 0.5;
    }
}

fn letters(
    batch: &CardBatch,
    fonts: &'static Fonts,
    doc: Doc,
    ticker: &mut Ticker<'_>,
) -> Result<Vec<u8>, ReportError> {
    let lang = batch.lang;
    let l = lang.labels();
    let logo = doc.logo().map(|l| l.fit(mm(40.0), mm(16.0)));
    let mut setup = FlowSetup::a4(None, None, String::new());
    setup.margin_x = mm(22.0);
    setup.margin_top = mm(18.0);
    setup.margin_bottom = mm(20.0);
    let mut flow = Flow::new(fonts, doc, setup);
    for (i, card) in batch.cards.iter().enumerate() {
        if i > 0 {
            flow.new_page();
        }
        let (main, _) = card.kind.colors();
        // Letterhead.
        let shop = batch.shop_name.clone();
        flow.block(mm(20.0), |canvas, fonts, x, y, w| {
            let mut tx = x;
            if let Some((lw, lh)) = logo {
                canvas.image(x, y + (mm(16.0) - lh) / 2.0, lw, lh);
                tx += lw + mm(4.0);
            }
            let style = TextStyle::new(Weight::Bold, 15.0, main);
            let sf = fonts.face(Weight::Bold);
            let line = fit_line(sf, style.size, &clean_line(sf, &shop), x + w - tx);
            canvas.text(tx, y + mm(8.0) + style.size * 0.36, &line, style);
            canvas.line((x, y + mm(17.0)), (x + w, y + mm(17.0)), main, 1.0);
        });
        let date = batch.date.clone();
        flow.block(BODY.line_height() + 14.0, |canvas, fonts, x, y, w| {
            let rf = fonts.face(Weight::Regular);
            let line = fit_line(rf, BODY.size, &clean_line(rf, &date), w);
            canvas.text_right(fonts, x + w, y + BODY.ascent(), &line, BODY.colored(MUTED));
        });
        if !card.recipient.trim().is_empty() {
            flow.paragraph(&format!("{} {}", l.dear, card.recipient), BODY.sized(10.5).bold());
        }
        for line in &card.address {
            flow.paragraph(line, BODY.sized(9.5).colored(MUTED));
        }
        flow.space(14.0);
        if !card.title.trim().is_empty() {
            flow.paragraph(&card.title, TextStyle::new(Weight::Bold, 13.5, main));
            flow.space(4.0);
        }
        for para in card.body.split("\n\n") {
            flow.paragraph(para.trim_matches('\n'), BODY.sized(10.5));
            flow.space(3.0);
        }
        flow.space(12.0);
        flow.paragraph(l.regards, BODY.sized(10.5));
        flow.space(18.0);
        flow.paragraph(&card.signature, BODY.sized(11.0).bold());
        ticker.advance(1)?;
    }
    let bytes = flow.finish().save(fonts);
    ticker.finish()?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_shrinks_then_cuts() {
        let face = &fonts().expect("fonts").regular;
        let short = "Cảm ơn chị đã ghé tiệm.";
        let (lines, style) = fit_body(face, short, 200.0, 100.0, 10.5);
        assert_eq!((lines.len(), style.size), (1, 10.5), "short text keeps the start size");

        let long = "Cảm ơn anh chị đã tin tưởng cửa hàng trong suốt thời gian qua. ".repeat(12);
        let (lines, style) = fit_body(face, &long, 200.0, 120.0, 10.5);
        assert!(style.size < 10.5, "long text is set smaller");
        assert!(lines.len() as f32 * style.line_height() <= 120.0 + 0.01, "and fits");

        let huge = "Chữ ".repeat(2000);
        let (lines, style) = fit_body(face, &huge, 200.0, 60.0, 10.5);
        assert_eq!(style.size, 6.5, "what cannot fit is set at the smallest size");
        assert!(lines.last().is_some_and(|l| l.ends_with('\u{2026}')), "and cut with an ellipsis");
        assert!(lines.len() as f32 * style.line_height() <= 60.01);
    }
}

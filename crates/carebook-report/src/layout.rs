//! A small flow layout on top of [`Canvas`]: running header and footer, headings that
//! stay with what follows, wrapped paragraphs and bullet lists, key–value blocks, and
//! tables that continue over pages with their header row repeated.

use crate::error::ReportError;
use crate::fonts::{Fonts, Weight};
use crate::image::Logo;
use crate::labels::Lang;
use crate::pdf::{Canvas, Doc, PageSize, Rgb, TextStyle, mm};
use crate::progress::Ticker;
use crate::text::{clean, clean_line, fit_line, wrap};

/// The colours of every document.
pub(crate) mod palette {
    use crate::pdf::Rgb;

    /// Body text.
    pub(crate) const INK: Rgb = Rgb(33, 37, 41);
    /// Secondary text.
    pub(crate) const MUTED: Rgb = Rgb(104, 112, 120);
    /// Rules and grid lines.
    pub(crate) const RULE: Rgb = Rgb(200, 206, 212);
    /// Light grid lines in charts.
    pub(crate) const GRID: Rgb = Rgb(226, 230, 234);
    /// Every other table row.
    pub(crate) const ZEBRA: Rgb = Rgb(245, 247, 249);
    /// Table header background.
    pub(crate) const HEAD: Rgb = Rgb(225, 234, 243);
    /// Headings and the main series of charts.
    pub(crate) const ACCENT: Rgb = Rgb(31, 78, 121);
    /// Better than before.
    pub(crate) const GOOD: Rgb = Rgb(40, 132, 80);
    /// Worse than before.
    pub(crate) const BAD: Rgb = Rgb(192, 57, 43);
    /// White.
    pub(crate) const WHITE: Rgb = Rgb(255, 255, 255);
    /// Chart series after the accent.
    pub(crate) const SERIES: [Rgb; 5] =
        [Rgb(46, 139, 87), Rgb(230, 126, 34), Rgb(149, 157, 165), Rgb(93, 156, 214), Rgb(142, 68, 173)];
}

use palette::*;

/// Body text style.
pub(crate) const BODY: TextStyle = TextStyle::new(Weight::Regular, 9.5, INK);

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
    Center,
}

/// A table column: title, share of the table's width, alignment.
///
/// Every column is at least as wide as the longest word of its title. A column made
/// with [`Column::fit`] is as wide as its widest line (so phone numbers and dates never
/// wrap), up to a third of the table; the others share the rest by weight.
pub(crate) struct Column {
    pub(crate) title: String,
    pub(crate) weight: f32,
    pub(crate) align: Align,
    pub(crate) fit: bool,
}

impl Column {
    pub(crate) fn new(title: &str, weight: f32, align: Align) -> Self {
        Self { title: title.to_owned(), weight, align, fit: false }
    }

    /// A column as wide as its widest line.
    pub(crate) fn fit(title: &str, align: Align) -> Self {
        Self { title: title.to_owned(), weight: 0.0, align, fit: true }
    }
}

/// Column widths of `table` over `width` points (see [`Column`]).
fn column_widths(fonts: &Fonts, table: &Table, width: f32, body: TextStyle) -> Vec<f32> {
    let pad = 2.0 * CELL_PAD_X;
    let bold = fonts.face(Weight::Bold);
    let title_min: Vec<f32> = table
        .columns
        .iter()
        .map(|c| clean(bold, &c.title).split_whitespace().map(|w| bold.width(w, body.size)).fold(0.0, f32::max) + pad)
        .collect();
    let mut fixed: Vec<Option<f32>> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            c.fit.then(|| {
                let widest = table
                    .rows
                    .iter()
                    .filter_map(|row| row.get(i))
                    .map(|cell| {
                        let face = fonts.face(if cell.bold { Weight::Bold } else { Weight::Regular });
                        let marker = match cell.marker {
                            Some(Marker::Up(_) | Marker::Down(_)) => body.size * 0.75 + 3.0,
                            _ => 0.0,
                        };
                        clean(face, &cell.text).lines().map(|l| face.width(l, body.size)).fold(0.0, f32::max) + marker
                    })
                    .fold(0.0, f32::max);
                // A little air so a fitted column does not touch the next one.
                (widest + pad + 6.0).max(title_min[i]).min(width / 3.0)
            })
        })
        .collect();
    loop {
        let used: f32 = fixed.iter().flatten().sum();
        let weights: f32 = table.columns.iter().zip(&fixed).filter(|(_, f)| f.is_none()).map(|(c, _)| c.weight).sum();
        let rest = (width - used).max(0.0);
        let widths: Vec<f32> = table
            .columns
            .iter()
            .zip(&fixed)
            .map(|(c, f)| f.unwrap_or(if weights > 0.0 { c.weight / weights * rest } else { 0.0 }))
            .collect();
        let narrow = widths.iter().zip(&title_min).position(|(w, min)| *w + 0.01 < *min);
        match narrow {
            Some(i) if fixed[i].is_none() => fixed[i] = Some(title_min[i]),
            _ => {
                // Scale everything down if the fixed widths alone overflow.
                let total: f32 = widths.iter().sum();
                let k = if total > width { width / total } else { 1.0 };
                return widths.into_iter().map(|w| w * k).collect();
            }
        }
    }
}

/// Something drawn in a cell besides its text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Marker {
    /// A triangle pointing up, before the text.
    Up(Rgb),
    /// A triangle pointing down, before the text.
    Down(Rgb),
    /// An empty box to tick by hand.
    Checkbox,
}

/// One table cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub(crate) text: String,
    pub(crate) bold: bool,
    pub(crate) color: Option<Rgb>,
    pub(crate) marker: Option<Marker>,
}

impl Cell {
    pub(crate) fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), bold: false, color: None, marker: None }
    }

    pub(crate) fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    pub(crate) fn color(mut self, color: Rgb) -> Self {
        self.color = Some(color);
        self
    }

    pub(crate) fn marker(mut self, marker: Marker) -> Self {
        self.marker = Some(marker);
        self
    }
}

/// A table to lay out.
pub(crate) struct Table {
    pub(crate) columns: Vec<Column>,
    pub(crate) rows: Vec<Vec<Cell>>,
    /// Font size of the cells.
    pub(crate) size: f32,
    /// A label and a blank line to write on under every row (the call list's outcome).
    pub(crate) write_in: Option<String>,
}

impl Table {
    pub(crate) fn new(columns: Vec<Column>) -> Self {
        Self { columns, rows: Vec::new(), size: 8.5, write_in: None }
    }
}

const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;

/// The shop and document named at the top of every page.
pub(crate) struct RunningHead {
    pub(crate) shop: String,
    pub(crate) title: String,
    pub(crate) subtitle: String,
}

/// Page geometry and furniture of a flowing document.
pub(crate) struct FlowSetup {
    pub(crate) size: PageSize,
    pub(crate) margin_x: f32,
    pub(crate) margin_top: f32,
    pub(crate) margin_bottom: f32,
    pub(crate) head: Option<RunningHead>,
    /// Page numbers ("Trang 2/7") in this language at the foot of every page.
    pub(crate) numbers: Option<Lang>,
    /// Text at the left of the footer.
    pub(crate) footer_left: String,
}

impl FlowSetup {
    /// A4 portrait with 15 mm side margins.
    pub(crate) fn a4(head: Option<RunningHead>, numbers: Option<Lang>, footer_left: String) -> Self {
        Self {
            size: PageSize::A4,
            margin_x: mm(15.0),
            margin_top: mm(12.0),
            margin_bottom: mm(16.0),
            head,
            numbers,
            footer_left,
        }
    }
}

/// Height of the running header band below the top margin.
const HEAD_BAND: f32 = 40.0;
/// Space between the header band and the content.
const HEAD_GAP: f32 = 14.0;

/// A document being laid out from top to bottom.
pub(crate) struct Flow {
    pub(crate) fonts: &'static Fonts,
    doc: Doc,
    setup: FlowSetup,
    pages: Vec<Canvas>,
    y: f32,
    /// Nothing has been placed on the current page yet.
    fresh: bool,
    /// Headings placed since the last other content: moved to the next page together
    /// with what follows them when that does not fit under them.
    pending: Vec<PendingHeading>,
}

#[derive(Debug, Clone, PartialEq)]
enum HeadingKind {
    Section,
    Sub,
}

struct PendingHeading {
    kind: HeadingKind,
    text: String,
    keep: f32,
    /// Where the heading starts: its page, the number of drawing operations before it,
    /// and the cursor before the space above it.
    page: usize,
    ops: usize,
    y: f32,
}

impl Flow {
    pub(crate) fn new(fonts: &'static Fonts, doc: Doc, setup: FlowSetup) -> Self {
        let mut flow = Self { fonts, doc, setup, pages: Vec::new(), y: 0.0, fresh: true, pending: Vec::new() };
        flow.new_page();
        flow
    }

    /// Left edge of the content.
    pub(crate) fn left(&self) -> f32 {
        self.setup.margin_x
    }

    /// Width of the content.
    pub(crate) fn width(&self) -> f32 {
        self.setup.size.width() - 2.0 * self.setup.margin_x
    }

    fn top(&self) -> f32 {
        self.setup.margin_top + if self.setup.head.is_some() { HEAD_BAND + HEAD_GAP } else { 0.0 }
    }

    fn bottom(&self) -> f32 {
        self.setup.size.height() - self.setup.margin_bottom
    }

    /// Height from the content top to the content bottom of a page.
    pub(crate) fn page_room(&self) -> f32 {
        self.bottom() - self.top()
    }

    fn canvas(&mut self) -> &mut Canvas {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page with the running header.
    pub(crate) fn new_page(&mut self) {
        let mut canvas = Canvas::new(self.setup.size);
        if let Some(head) = &self.setup.head {
            draw_head(&mut canvas, self.fonts, self.doc.logo(), head, self.setup.margin_x, self.setup.margin_top);
        }
        self.pages.push(canvas);
        self.y = self.top();
        self.fresh = true;
    }

    /// Breaks the page unless `h` more points fit (or the page is still empty). Headings
    /// just above go along to the new page, unless they are all the page has.
    pub(crate) fn ensure(&mut self, h: f32) {
        if self.fresh || self.y + h <= self.bottom() {
            return;
        }
        let page = self.pages.len() - 1;
        let top = self.top();
        let moving = std::mem::take(&mut self.pending);
        let movable = moving.first().is_some_and(|first| first.page == page && first.y > top + 0.5);
        if movable {
            let ops = moving[0].ops;
            self.canvas().truncate(ops);
        }
        self.new_page();
        if movable {
            for heading in moving {
                self.heading_of(heading.kind, &heading.text, heading.keep);
            }
        }
    }

    /// Vertical space, dropped at the top of a page.
    pub(crate) fn space(&mut self, h: f32) {
        if !self.fresh {
            self.y += h;
        }
    }

    fn placed(&mut self, h: f32) {
        self.y += h;
        self.fresh = false;
        self.pending.clear();
    }

    /// The big title of the first page.
    pub(crate) fn title_block(&mut self, title: &str, subtitle: &str, meta: &str) {
        let fonts = self.fonts;
        let x = self.left();
        let w = self.width();
        let title_style = TextStyle::new(Weight::Bold, 19.0, ACCENT);
        let sub_style = TextStyle::new(Weight::Bold, 12.5, INK);
        let meta_style = TextStyle::new(Weight::Regular, 9.0, MUTED);
        let mut y = self.y;
        for (text, style) in [(title, title_style), (subtitle, sub_style), (meta, meta_style)] {
            if text.is_empty() {
                continue;
            }
            let face = fonts.face(style.weight);
            for line in wrap(face, style.size, &clean(face, text), w) {
                self.canvas().text(x, y + style.ascent(), &line, style);
                y += style.line_height();
            }
            y += 2.0;
        }
        self.placed(y - self.y);
        self.space(10.0);
    }

    /// A section heading with a rule under it. It asks for `keep` points of room below
    /// it, and moves to the next page with whatever follows if that breaks the page.
    pub(crate) fn heading(&mut self, text: &str, keep: f32) {
        self.heading_of(HeadingKind::Section, text, keep);
    }

    /// A smaller heading inside a section, kept with what follows like [`Flow::heading`].
    pub(crate) fn subheading(&mut self, text: &str, keep: f32) {
        self.heading_of(HeadingKind::Sub, text, keep);
    }

    fn heading_of(&mut self, kind: HeadingKind, text: &str, keep: f32) {
        let before = (self.pages.len() - 1, self.y);
        let style = match kind {
            HeadingKind::Section => TextStyle::new(Weight::Bold, 13.0, ACCENT),
            HeadingKind::Sub => TextStyle::new(Weight::Bold, 10.5, INK),
        };
        let face = self.fonts.face(style.weight);
        let lines = match kind {
            HeadingKind::Section => wrap(face, style.size, &clean(face, text), self.width()),
            HeadingKind::Sub => vec![fit_line(face, style.size, &clean_line(face, text), self.width())],
        };
        let h = lines.len() as f32 * style.line_height() + if kind == HeadingKind::Section { 7.0 } else { 3.0 };
        self.space(if kind == HeadingKind::Section { 8.0 } else { 4.0 });
        self.ensure(h + keep);
        // Where the heading really starts (a page break above moved it).
        let start = if self.pages.len() - 1 == before.0 { before } else { (self.pages.len() - 1, self.y) };
        let ops = self.canvas().ops_len();
        let (x, w) = (self.left(), self.width());
        let mut y = self.y;
        for line in &lines {
            self.canvas().text(x, y + style.ascent(), line, style);
            y += style.line_height();
        }
        if kind == HeadingKind::Section {
            y += 2.0;
            self.canvas().line((x, y), (x + w, y), ACCENT, 0.8);
        }
        let mut pending = std::mem::take(&mut self.pending);
        self.placed(h);
        pending.push(PendingHeading { kind, text: text.to_owned(), keep, page: start.0, ops, y: start.1 });
        self.pending = pending;
    }

    /// A wrapped paragraph; lines continue on the next page.
    pub(crate) fn paragraph(&mut self, text: &str, style: TextStyle) {
        self.indented_lines(text, style, 0.0, None);
        self.space(style.size * 0.5);
    }

    /// A bullet list.
    pub(crate) fn bullets(&mut self, items: &[String], style: TextStyle) {
        for item in items {
            self.indented_lines(item, style, 12.0, Some("\u{2022}"));
            self.space(2.0);
        }
        self.space(style.size * 0.3);
    }

    fn indented_lines(&mut self, text: &str, style: TextStyle, indent: f32, bullet: Option<&str>) {
        let face = self.fonts.face(style.weight);
        let lines = wrap(face, style.size, &clean(face, text), self.width() - indent);
        let x = self.left();
        for (i, line) in lines.iter().enumerate() {
            self.ensure(style.line_height());
            let baseline = self.y + style.ascent();
            if let (0, Some(bullet)) = (i, bullet) {
                self.canvas().text(x + 2.0, baseline, bullet, style);
            }
            self.canvas().text(x + indent, baseline, line, style);
            self.placed(style.line_height());
        }
    }

    /// Pairs of label and value, in one or two columns.
    pub(crate) fn key_values(&mut self, pairs: &[(&str, String)], columns: usize) {
        let columns = columns.clamp(1, 2);
        let label_style = TextStyle::new(Weight::Bold, 8.5, MUTED);
        let value_style = BODY.sized(9.5);
        let gap = 14.0;
        let col_w = (self.width() - gap * (columns as f32 - 1.0)) / columns as f32;
        let label_w = (col_w * 0.36).min(100.0);
        let value_w = col_w - label_w - 6.0;
        let fonts = self.fonts;
        let lf = fonts.face(label_style.weight);
        let vf = fonts.face(value_style.weight);
        let line_h = value_style.line_height();
        for chunk in pairs.chunks(columns) {
            let cells: Vec<(Vec<String>, Vec<String>)> = chunk
                .iter()
                .map(|(label, value)| {
                    let value = if value.trim().is_empty() { "\u{2014}".to_owned() } else { clean(vf, value) };
                    (
                        wrap(lf, label_style.size, &clean(lf, label), label_w),
                        wrap(vf, value_style.size, &value, value_w),
                    )
                })
                .collect();
            let lines = cells.iter().map(|(l, v)| l.len().max(v.len())).max().unwrap_or(1);
            let h = lines as f32 * line_h + 3.0;
            self.ensure(h);
            let y = self.y;
            for (i, (label, value)) in cells.iter().enumerate() {
                let x = self.left() + i as f32 * (col_w + gap);
                for (k, line) in label.iter().enumerate() {
                    self.canvas().text(x, y + value_style.ascent() + k as f32 * line_h, line, label_style);
                }
                for (k, line) in value.iter().enumerate() {
                    self.canvas().text(
                        x + label_w + 6.0,
                        y + value_style.ascent() + k as f32 * line_h,
                        line,
                        value_style,
                    );
                }
            }
            let (x, w) = (self.left(), self.width());
            self.canvas().line((x, y + h - 1.0), (x + w, y + h - 1.0), GRID, 0.5);
            self.placed(h);
        }
        self.space(4.0);
    }

    /// Reserves `h` points (breaking the page if needed) and draws into them with
    /// `draw(canvas, fonts, x, y, width)`.
    pub(crate) fn block(&mut self, h: f32, draw: impl FnOnce(&mut Canvas, &Fonts, f32, f32, f32)) {
        self.ensure(h);
        let (x, y, w, fonts) = (self.left(), self.y, self.width(), self.fonts);
        draw(self.canvas(), fonts, x, y, w);
        self.placed(h);
    }

    /// Lays out a table: rows wrap their cells, continue on the next page with the
    /// header row repeated, and a row taller than a page is split between lines.
    pub(crate) fn table(&mut self, table: &Table, ticker: &mut Ticker<'_>) -> Result<(), ReportError> {
        let fonts = self.fonts;
        let size = table.size;
        let body = BODY.sized(size);
        let head_style = body.bold();
        let line_h = body.line_height();
        let x0 = self.left();
        let width = self.width();
        let widths = column_widths(fonts, table, width, body);
        let head = HeaderRow::new(fonts, table, &widths, head_style);
        let write_in_h = if table.write_in.is_some() { line_h + 5.0 } else { 0.0 };

        // A short table is kept whole; a long one starts with at least its first row.
        let first_h =
            table.rows.first().map_or(0.0, |row| layout_row(fonts, row, &widths, body).height(line_h) + write_in_h);
        let whole = if table.rows.len() <= 12 {
            head.height
                + table
                    .rows
                    .iter()
                    .map(|row| layout_row(fonts, row, &widths, body).height(line_h) + write_in_h)
                    .sum::<f32>()
        } else {
            f32::INFINITY
        };
        if whole <= self.page_room() * 0.4 {
            self.ensure(whole);
        } else {
            self.ensure(head.height + first_h.min(self.page_room() / 2.0));
        }
        self.draw_header_row(&head, x0, &widths);

        for (index, row) in table.rows.iter().enumerate() {
            let cells = layout_row(fonts, row, &widths, body);
            let n_lines = cells.iter().map(|c| c.lines.len()).max().unwrap_or(1);
            let full_h = cells.height(line_h) + write_in_h;
            if self.y + full_h > self.bottom() && full_h <= self.page_room() - head.height {
                self.new_page();
                self.draw_header_row(&head, x0, &widths);
            }
            // Lines [from, to) of every cell go on the current page.
            let mut from = 0;
            let mut just_broke = false;
            while from < n_lines {
                let room = self.bottom() - self.y - 2.0 * CELL_PAD_Y;
                let mut fit = ((room / line_h).floor().max(0.0) as usize).min(n_lines - from);
                if from + fit == n_lines
                    && self.y + (fit as f32 * line_h) + 2.0 * CELL_PAD_Y + write_in_h > self.bottom()
                {
                    // The last lines fit but the write-in line does not: keep one line back.
                    fit = fit.saturating_sub(1);
                }
                if fit == 0 && just_broke {
                    fit = 1;
                }
                if fit == 0 {
                    self.new_page();
                    self.draw_header_row(&head, x0, &widths);
                    just_broke = true;
                    continue;
                }
                just_broke = false;
                let to = from + fit;
                let last_part = to == n_lines;
                let h = fit as f32 * line_h + 2.0 * CELL_PAD_Y + if last_part { write_in_h } else { 0.0 };
                let y = self.y;
                let canvas = self.canvas();
                if index % 2 == 1 {
                    canvas.fill_rect(x0, y, width, h, ZEBRA);
                }
                let mut cx = x0;
                for ((cell, laid), (col, w)) in row.iter().zip(&cells).zip(table.columns.iter().zip(&widths)) {
                    let style = laid.style;
                    let mut tx = cx + CELL_PAD_X + laid.marker_w;
                    let inner = w - 2.0 * CELL_PAD_X - laid.marker_w;
                    for (k, line) in laid.lines[from.min(laid.lines.len())..to.min(laid.lines.len())].iter().enumerate()
                    {
                        let baseline = y + CELL_PAD_Y + style.ascent() + k as f32 * line_h;
                        let lw = fonts.face(style.weight).width(line, style.size);
                        let lx = match col.align {
                            Align::Left => tx,
                            Align::Right => cx + w - CELL_PAD_X - lw,
                            Align::Center => tx + (inner - lw) / 2.0,
                        };
                        if k == 0 && from == 0 {
                            tx = lx;
                        }
                        canvas.text(lx, baseline, line, style);
                    }
                    if let (0, Some(marker)) = (from, cell.marker) {
                        let top = y + CELL_PAD_Y;
                        draw_marker(canvas, marker, tx - laid.marker_w, top, size, cx, *w);
                    }
                    cx += w;
                }
                if let (true, Some(label)) = (last_part, &table.write_in) {
                    let face = fonts.face(Weight::Bold);
                    let ly = y + h - CELL_PAD_Y - 2.0;
                    let lx = x0 + widths.first().copied().unwrap_or(0.0) + CELL_PAD_X;
                    let label_style = TextStyle::new(Weight::Bold, size, MUTED);
                    canvas.text(lx, ly, label, label_style);
                    let start = lx + face.width(label, size) + 4.0;
                    canvas.dashed_line((start, ly + 1.0), (x0 + width - CELL_PAD_X, ly + 1.0), RULE, 0.6);
                }
                canvas.line((x0, y + h), (x0 + width, y + h), GRID, 0.4);
                self.placed(h);
                from = to;
                if from < n_lines {
                    self.new_page();
                    self.draw_header_row(&head, x0, &widths);
                    just_broke = true;
                }
            }
            ticker.advance(1)?;
        }
        let (y, canvas) = (self.y, self.canvas());
        canvas.line((x0, y), (x0 + width, y), RULE, 0.8);
        self.space(8.0);
        Ok(())
    }

    fn draw_header_row(&mut self, head: &HeaderRow, x0: f32, widths: &[f32]) {
        let y = self.y;
        let fonts = self.fonts;
        let total: f32 = widths.iter().sum();
        let canvas = self.canvas();
        canvas.fill_rect(x0, y, total, head.height, HEAD);
        let mut cx = x0;
        let rows = head.titles.iter().map(|t| t.0.len()).max().unwrap_or(1);
        for ((lines, align), w) in head.titles.iter().zip(widths) {
            // Titles sit on the bottom line of the header row.
            let skip = rows - lines.len();
            for (k, line) in lines.iter().enumerate() {
                let baseline = y + CELL_PAD_Y + head.style.ascent() + (k + skip) as f32 * head.style.line_height();
                let lw = fonts.face(head.style.weight).width(line, head.style.size);
                let lx = match align {
                    Align::Left => cx + CELL_PAD_X,
                    Align::Right => cx + w - CELL_PAD_X - lw,
                    Align::Center => cx + (w - lw) / 2.0,
                };
                canvas.text(lx, baseline, line, head.style);
            }
            cx += w;
        }
        canvas.line((x0, y + head.height), (x0 + total, y + head.height), ACCENT, 0.8);
        self.placed(head.height);
    }

    /// Draws the footers (now that the page count is known) and hands back the document.
    pub(crate) fn finish(self) -> Doc {
        let Flow { fonts, mut doc, setup, pages, .. } = self;
        let total = pages.len();
        for (i, mut page) in pages.into_iter().enumerate() {
            draw_footer(&mut page, fonts, &setup, i + 1, total);
            doc.push(page);
        }
        doc
    }
}

struct HeaderRow {
    titles: Vec<(Vec<String>, Align)>,
    height: f32,
    style: TextStyle,
}

impl HeaderRow {
    fn new(fonts: &Fonts, table: &Table, widths: &[f32], style: TextStyle) -> Self {
        let face = fonts.face(style.weight);
        let titles: Vec<(Vec<String>, Align)> = table
            .columns
            .iter()
            .zip(widths)
            .map(|(c, w)| (wrap(face, style.size, &clean(face, &c.title), w - 2.0 * CELL_PAD_X), c.align))
            .collect();
        let lines = titles.iter().map(|t| t.0.len()).max().unwrap_or(1);
        Self { titles, height: lines as f32 * style.line_height() + 2.0 * CELL_PAD_Y, style }
    }
}

struct LaidCell {
    lines: Vec<String>,
    style: TextStyle,
    marker_w: f32,
}

trait RowHeight {
    fn height(&self, line_h: f32) -> f32;
}

impl RowHeight for Vec<LaidCell> {
    fn height(&self, line_h: f32) -> f32 {
        let lines = self.iter().map(|c| c.lines.len()).max().unwrap_or(1);
        lines as f32 * line_h + 2.0 * CELL_PAD_Y
    }
}

fn layout_row(fonts: &Fonts, row: &[Cell], widths: &[f32], body: TextStyle) -> Vec<LaidCell> {
    row.iter()
        .zip(widths)
        .map(|(cell, w)| {
            let mut style = body;
            if cell.bold {
                style = style.bold();
            }
            if let Some(color) = cell.color {
                style = style.colored(color);
            }
            let marker_w = match cell.marker {
                Some(Marker::Up(_) | Marker::Down(_)) => body.size * 0.75 + 3.0,
                Some(Marker::Checkbox) | None => 0.0,
            };
            let face = fonts.face(style.weight);
            let lines = wrap(face, style.size, &clean(face, &cell.text), w - 2.0 * CELL_PAD_X - marker_w);
            LaidCell { lines, style, marker_w }
        })
        .collect()
}

fn draw_marker(canvas: &mut Canvas, marker: Marker, x: f32, top: f32, size: f32, cell_x: f32, cell_w: f32) {
    let s = size * 0.75;
    let mid = top + size * 0.62;
    match marker {
        Marker::Up(color) => {
            canvas.fill_polygon(&[(x, mid + s * 0.45), (x + s, mid + s * 0.45), (x + s / 2.0, mid - s * 0.5)], color)
        }
        Marker::Down(color) => {
            canvas.fill_polygon(&[(x, mid - s * 0.45), (x + s, mid - s * 0.45), (x + s / 2.0, mid + s * 0.5)], color)
        }
        Marker::Checkbox => {
            let b = size * 1.2;
            canvas.stroke_rect(cell_x + (cell_w - b) / 2.0, top + 0.5, b, b, INK, 0.8);
        }
    }
}

fn draw_head(canvas: &mut Canvas, fonts: &Fonts, logo: Option<&Logo>, head: &RunningHead, margin_x: f32, top: f32) {
    let width = canvas.size().width() - 2.0 * margin_x;
    let mut x = margin_x;
    if let Some(logo) = logo {
        let (w, h) = logo.fit(mm(36.0), HEAD_BAND - 6.0);
        canvas.image(x, top + (HEAD_BAND - 4.0 - h) / 2.0, w, h);
        x += w + 8.0;
    }
    let shop_style = TextStyle::new(Weight::Bold, 12.0, INK);
    let right_style = TextStyle::new(Weight::Regular, 8.5, MUTED);
    let right_w = width * 0.45;
    let rf = fonts.face(right_style.weight);
    let title = fit_line(rf, right_style.size, &clean_line(rf, &head.title), right_w);
    let subtitle = fit_line(rf, right_style.size, &clean_line(rf, &head.subtitle), right_w);
    let sf = fonts.face(shop_style.weight);
    let shop_w = margin_x + width - right_w - 10.0 - x;
    let shop = fit_line(sf, shop_style.size, &clean_line(sf, &head.shop), shop_w);
    let mid = top + (HEAD_BAND - 4.0) / 2.0;
    canvas.text(x, mid + shop_style.size * 0.36, &shop, shop_style);
    let right = margin_x + width;
    canvas.text_right(fonts, right, mid - 1.0, &title, right_style.bold().colored(ACCENT));
    canvas.text_right(fonts, right, mid + right_style.line_height() - 1.0, &subtitle, right_style);
    let rule_y = top + HEAD_BAND;
    canvas.line((margin_x, rule_y), (margin_x + width, rule_y), RULE, 0.8);
}

fn draw_footer(canvas: &mut Canvas, fonts: &Fonts, setup: &FlowSetup, page: usize, pages: usize) {
    let style = TextStyle::new(Weight::Regular, 8.0, MUTED);
    let width = setup.size.width() - 2.0 * setup.margin_x;
    let y = setup.size.height() - setup.margin_bottom + 14.0;
    let face = fonts.face(style.weight);
    if !setup.footer_left.is_empty() || setup.numbers.is_some() {
        canvas.line((setup.margin_x, y - 10.0), (setup.margin_x + width, y - 10.0), GRID, 0.5);
    }
    if !setup.footer_left.is_empty() {
        let left = fit_line(face, style.size, &clean_line(face, &setup.footer_left), width * 0.7);
        canvas.text(setup.margin_x, y, &left, style);
    }
    if let Some(lang) = setup.numbers {
        canvas.text_right(fonts, setup.margin_x + width, y, &lang.page_of(page, pages), style);
    }
}

#[cfg(test)]
mod tests {
    use printpdf::{Op, TextItem};

    use super::*;
    use crate::fonts::fonts;

    fn flow() -> Flow {
        let fonts = fonts().expect("fonts");
        Flow::new(fonts, Doc::new("test", None), FlowSetup::a4(None, None, String::new()))
    }

    /// The text runs drawn on each page.
    fn texts(flow: &Flow) -> Vec<Vec<String>> {
        flow.pages
            .iter()
            .map(|page| {
                page.ops()
                    .iter()
                    .filter_map(|op| match op {
                        Op::ShowText { items } => items.iter().find_map(|i| match i {
                            TextItem::Text(t) => Some(t.clone()),
                            _ => None,
                        }),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    fn fill_until(flow: &mut Flow, room_left: f32) {
        while flow.bottom() - flow.y > room_left + BODY.line_height() {
            flow.paragraph("Một dòng chữ để lấp đầy trang.", BODY);
        }
    }

    fn table(rows: usize, cell: &str) -> Table {
        let mut t =
            Table::new(vec![Column::new("Khách hàng", 1.0, Align::Left), Column::new("Lý do", 2.0, Align::Left)]);
        t.rows = (0..rows).map(|i| vec![Cell::new(format!("KH {i}")), Cell::new(cell.to_owned())]).collect();
        t
    }

    fn run_table(flow: &mut Flow, t: &Table) {
        let mut go = |_: crate::Progress| true;
        let mut ticker = Ticker::new(&mut go, 1000);
        flow.table(t, &mut ticker).expect("not cancelled");
    }

    #[test]
    fn a_heading_moves_with_the_table_that_does_not_fit_under_it() {
        // (room left above the bottom margin, heading expected on page)
        for (room, page) in [(300.0, 0), (70.0, 1), (40.0, 1)] {
            let mut flow = flow();
            fill_until(&mut flow, room);
            flow.heading("6. Khách hàng có nguy cơ rời bỏ", 20.0);
            flow.subheading("Theo loại việc", 10.0);
            run_table(&mut flow, &table(3, "Khiếu nại chưa giải quyết"));
            let pages = texts(&flow);
            let on = |needle: &str| pages.iter().position(|p| p.iter().any(|t| t == needle));
            assert_eq!(on("6. Khách hàng có nguy cơ rời bỏ"), Some(page), "heading with {room} pt left");
            assert_eq!(on("Theo loại việc"), Some(page), "subheading with {room} pt left");
            assert_eq!(on("KH 0"), Some(page), "first row with {room} pt left");
            let headings = pages.iter().flatten().filter(|t| t.starts_with("6. ")).count();
            assert_eq!(headings, 1, "the heading is drawn once");
        }
    }

    #[test]
    fn a_heading_at_the_top_of_a_page_stays() {
        let mut flow = flow();
        flow.heading("Tiêu đề", 10.0);
        // Taller than a page: it cannot fit anywhere, so nothing moves.
        flow.ensure(flow.page_room() + 100.0);
        let pages = texts(&flow);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0], vec!["Tiêu đề".to_owned()]);
    }

    #[test]
    fn long_tables_repeat_their_header_and_keep_every_row() {
        let mut flow = flow();
        run_table(&mut flow, &table(150, "Quá hai lần chu kỳ mua quen thuộc"));
        let pages = texts(&flow);
        assert!(pages.len() >= 3, "150 rows take several pages");
        for (i, page) in pages.iter().enumerate() {
            assert_eq!(page.first().map(String::as_str), Some("Khách hàng"), "page {i} starts with the header row");
        }
        let rows: Vec<&String> = pages.iter().flatten().filter(|t| t.starts_with("KH ")).collect();
        let expected: Vec<String> = (0..150).map(|i| format!("KH {i}")).collect();
        assert_eq!(rows, expected.iter().collect::<Vec<_>>(), "every row once, in order");
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_between_lines() {
        let mut flow = flow();
        let long = "Ghi chú rất dài về khách hàng. ".repeat(300);
        run_table(&mut flow, &table(1, &long));
        let pages = texts(&flow);
        assert!(pages.len() >= 2, "the row continues on the next page");
        for page in &pages {
            assert_eq!(page.first().map(String::as_str), Some("Khách hàng"), "with the header repeated");
        }
        let words: usize = pages
            .iter()
            .flatten()
            .filter(|t| t.starts_with("Ghi chú") || t.contains("khách hàng."))
            .map(|t| t.matches("dài").count())
            .sum();
        assert_eq!(words, 300, "no line of the cell is lost");
    }
}

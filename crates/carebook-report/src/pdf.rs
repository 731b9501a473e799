//! Drawing on pages and writing the PDF file with printpdf.
//!
//! Coordinates here are points from the page's top-left corner, y growing downwards;
//! they are turned into PDF's bottom-left coordinates when an operation is recorded.

use printpdf::{
    Color, CurTransMat, FontId, Line, LineDashPattern, LinePoint, Mm, Op, PaintMode, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, TextItem, WindingOrder, XObjectId,
    XObjectTransform,
};

use crate::fonts::{Fonts, Weight};
use crate::image::Logo;

/// Points per millimetre.
pub(crate) const PT_PER_MM: f32 = 72.0 / 25.4;

/// Millimetres to points.
pub(crate) fn mm(v: f32) -> f32 {
    v * PT_PER_MM
}

/// A page size in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PageSize {
    pub(crate) width_mm: f32,
    pub(crate) height_mm: f32,
}

impl PageSize {
    /// ISO A4 portrait.
    pub(crate) const A4: PageSize = PageSize { width_mm: 210.0, height_mm: 297.0 };
    /// ISO A6 portrait.
    pub(crate) const A6: PageSize = PageSize { width_mm: 105.0, height_mm: 148.0 };

    pub(crate) fn width(self) -> f32 {
        mm(self.width_mm)
    }

    pub(crate) fn height(self) -> f32 {
        mm(self.height_mm)
    }
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub(crate) u8, pub(crate) u8, pub(crate) u8);

impl Rgb {
    fn to_color(self) -> Color {
        Color::Rgb(printpdf::Rgb {
            r: f32::from(self.0) / 255.0,
            g: f32::from(self.1) / 255.0,
            b: f32::from(self.2) / 255.0,
            icc_profile: None,
        })
    }
}

/// A font, size and colour for a run of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TextStyle {
    pub(crate) weight: Weight,
    pub(crate) size: f32,
    pub(crate) color: Rgb,
}

impl TextStyle {
    pub(crate) const fn new(weight: Weight, size: f32, color: Rgb) -> Self {
        Self { weight, size, color }
    }

    pub(crate) const fn bold(self) -> Self {
        Self { weight: Weight::Bold, ..self }
    }

    pub(crate) const fn sized(self, size: f32) -> Self {
        Self { size, ..self }
    }

    pub(crate) const fn colored(self, color: Rgb) -> Self {
        Self { color, ..self }
    }

    /// Distance between baselines.
    pub(crate) fn line_height(self) -> f32 {
        self.size * 1.36
    }

    /// From the top of a line box to its baseline: room above for the stacked
    /// Vietnamese marks on capitals (Ẫ, Ệ reach about 1.0 em).
    pub(crate) fn ascent(self) -> f32 {
        self.size * 1.02
    }
}

/// Font resource names: six capitals, which printpdf also uses as the subset tag
/// ("NSREGU+NotoSans-Regular"), so viewers recognise the fonts as subset.
const REGULAR_ID: &str = "NSREGU";
const BOLD_ID: &str = "NSBOLD";

fn font_handle(weight: Weight) -> PdfFontHandle {
    PdfFontHandle::External(FontId(
        match weight {
            Weight::Regular => REGULAR_ID,
            Weight::Bold => BOLD_ID,
        }
        .to_owned(),
    ))
}

/// One page being drawn.
pub(crate) struct Canvas {
    size: PageSize,
    ops: Vec<Op>,
    fill: Option<Rgb>,
    stroke: Option<(Rgb, f32, bool)>,
}

impl Canvas {
    pub(crate) fn new(size: PageSize) -> Self {
        Self { size, ops: Vec::new(), fill: None, stroke: None }
    }

    pub(crate) fn size(&self) -> PageSize {
        self.size
    }

    /// The drawing operations so far.
    #[cfg(test)]
    pub(crate) fn ops(&self) -> &[Op] {
        &self.ops
    }

    /// Number of drawing operations so far.
    pub(crate) fn ops_len(&self) -> usize {
        self.ops.len()
    }

    /// Removes the drawing operations after the first `len`.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.ops.truncate(len);
        // The colour and line state set by the removed operations is unknown now.
        self.fill = None;
        self.stroke = None;
    }

    fn point(&self, x: f32, y: f32) -> Point {
        Point { x: Pt(x), y: Pt(self.size.height() - y) }
    }

    fn set_fill(&mut self, color: Rgb) {
        if self.fill != Some(color) {
            self.ops.push(Op::SetFillColor { col: color.to_color() });
            self.fill = Some(color);
        }
    }

    fn set_stroke(&mut self, color: Rgb, width: f32, dashed: bool) {
        if self.stroke == Some((color, width, dashed)) {
            return;
        }
        let previous = self.stroke;
        if previous.map(|s| s.0) != Some(color) {
            self.ops.push(Op::SetOutlineColor { col: color.to_color() });
        }
        if previous.map(|s| s.1) != Some(width) {
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        }
        if previous.map(|s| s.2) != Some(dashed) {
            let dash = if dashed { LineDashPattern::new(0.0, &[3.0, 2.0]) } else { LineDashPattern::solid() };
            self.ops.push(Op::SetLineDashPattern { dash });
        }
        self.stroke = Some((color, width, dashed));
    }

    /// Draws one line of already cleaned text with its baseline at `baseline`.
    pub(crate) fn text(&mut self, x: f32, baseline: f32, text: &str, style: TextStyle) {
        if text.is_empty() {
            return;
        }
        self.set_fill(style.color);
        let pos = self.point(x, baseline);
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont { font: font_handle(style.weight), size: Pt(style.size) },
            Op::SetTextCursor { pos },
            Op::ShowText { items: vec![TextItem::Text(text.to_owned())] },
            Op::EndTextSection,
        ]);
    }

    /// Draws text ending at `right`.
    pub(crate) fn text_right(&mut self, fonts: &Fonts, right: f32, baseline: f32, text: &str, style: TextStyle) {
        let w = fonts.face(style.weight).width(text, style.size);
        self.text(right - w, baseline, text, style);
    }

    /// Draws text centred on `center`.
    pub(crate) fn text_center(&mut self, fonts: &Fonts, center: f32, baseline: f32, text: &str, style: TextStyle) {
        let w = fonts.face(style.weight).width(text, style.size);
        self.text(center - w / 2.0, baseline, text, style);
    }

    /// Fills a rectangle whose top-left corner is at (`x`, `y`).
    pub(crate) fn fill_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.set_fill(color);
        let ll = self.point(x, y + h);
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: ll.x,
                y: ll.y,
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Fill),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// Outlines a rectangle whose top-left corner is at (`x`, `y`).
    pub(crate) fn stroke_rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb, width: f32) {
        self.set_stroke(color, width, false);
        let ll = self.point(x, y + h);
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: ll.x,
                y: ll.y,
                width: Pt(w),
                height: Pt(h),
                mode: Some(PaintMode::Stroke),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    /// A straight line.
    pub(crate) fn line(&mut self, from: (f32, f32), to: (f32, f32), color: Rgb, width: f32) {
        self.polyline(&[from, to], color, width, false);
    }

    /// A dashed straight line.
    pub(crate) fn dashed_line(&mut self, from: (f32, f32), to: (f32, f32), color: Rgb, width: f32) {
        self.polyline(&[from, to], color, width, true);
    }

    /// An open path through `points`.
    pub(crate) fn polyline(&mut self, points: &[(f32, f32)], color: Rgb, width: f32, dashed: bool) {
        if points.len() < 2 {
            return;
        }
        self.set_stroke(color, width, dashed);
        let points = points.iter().map(|&(x, y)| LinePoint { p: self.point(x, y), bezier: false }).collect();
        self.ops.push(Op::DrawLine { line: Line { points, is_closed: false } });
    }

    /// Fills the polygon through `points`.
    pub(crate) fn fill_polygon(&mut self, points: &[(f32, f32)], color: Rgb) {
        if points.len() < 3 {
            return;
        }
        self.set_fill(color);
        let points = points.iter().map(|&(x, y)| LinePoint { p: self.point(x, y), bezier: false }).collect();
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// Fills a circle (four Bézier arcs).
    pub(crate) fn fill_circle(&mut self, cx: f32, cy: f32, r: f32, color: Rgb) {
        const K: f32 = 0.552_284_8;
        let k = r * K;
        let pts = [
            ((cx + r, cy), false),
            ((cx + r, cy - k), true),
            ((cx + k, cy - r), true),
            ((cx, cy - r), false),
            ((cx - k, cy - r), true),
            ((cx - r, cy - k), true),
            ((cx - r, cy), false),
            ((cx - r, cy + k), true),
            ((cx - k, cy + r), true),
            ((cx, cy + r), false),
            ((cx + k, cy + r), true),
            ((cx + r, cy + k), true),
            ((cx + r, cy), false),
        ];
        self.set_fill(color);
        let points = pts.iter().map(|&((x, y), bezier)| LinePoint { p: self.point(x, y), bezier }).collect();
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: vec![PolygonRing { points }],
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }

    /// Places the document's logo with its top-left corner at (`x`, `y`).
    pub(crate) fn image(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let ll = self.point(x, y + h);
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::SetTransformationMatrix { matrix: CurTransMat::Raw([w, 0.0, 0.0, h, ll.x.0, ll.y.0]) },
            Op::UseXobject {
                id: XObjectId(Logo::ID.to_owned()),
                transform: XObjectTransform { no_auto_scale: true, ..XObjectTransform::default() },
            },
            Op::RestoreGraphicsState,
        ]);
    }
}

/// The pages of a document and what they share.
pub(crate) struct Doc {
    title: String,
    pages: Vec<Canvas>,
    logo: Option<Logo>,
}

impl Doc {
    pub(crate) fn new(title: &str, logo: Option<Logo>) -> Self {
        Self { title: title.to_owned(), pages: Vec::new(), logo }
    }

    pub(crate) fn logo(&self) -> Option<&Logo> {
        self.logo.as_ref()
    }

    pub(crate) fn push(&mut self, page: Canvas) {
        self.pages.push(page);
    }

    /// Serialises the document: both faces embedded and subset to the glyphs used.
    pub(crate) fn save(self, fonts: &Fonts) -> Vec<u8> {
        let mut pdf = PdfDocument::new(&self.title);
        pdf.metadata.info.creator = "CareBook".to_owned();
        for (id, face) in [(REGULAR_ID, &fonts.regular), (BOLD_ID, &fonts.bold)] {
            pdf.resources.fonts.map.insert(FontId(id.to_owned()), printpdf::PdfFont::new(face.parsed.clone()));
        }
        if let Some(logo) = self.logo {
            pdf.resources.xobjects.map.insert(XObjectId(Logo::ID.to_owned()), logo.into_xobject());
        }
        pdf.pages =
            self.pages.into_iter().map(|c| PdfPage::new(Mm(c.size.width_mm), Mm(c.size.height_mm), c.ops)).collect();
        let mut warnings = Vec::new();
        pdf.save(&PdfSaveOptions::default(), &mut warnings)
    }
}

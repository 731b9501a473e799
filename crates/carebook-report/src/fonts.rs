//! The two embedded faces (Noto Sans Regular and Bold, SIL Open Font License, see
//! `fonts/OFL.txt`) and their glyph advance widths for line breaking.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::ReportError;

const REGULAR_TTF: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");

/// Code points below this bound have their advance widths in a table.
const TABLE_END: u32 = 0x2200;

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weight {
    Regular,
    Bold,
}

/// One parsed face with a width table.
pub(crate) struct Face {
    pub(crate) parsed: ParsedFont,
    units_per_em: f32,
    /// Advance (font units) of code points `0..TABLE_END`; `None` where the face has no glyph.
    advances: Vec<Option<u16>>,
}

impl Face {
    fn parse(bytes: &[u8], name: &'static str) -> Result<Self, ReportError> {
        let mut warnings = Vec::new();
        let parsed = ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or(ReportError::Font { name })?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let advances = (0..TABLE_END)
            .map(|cp| {
                parsed.lookup_glyph_index(cp).filter(|gid| *gid != 0).map(|gid| parsed.get_horizontal_advance(gid))
            })
            .collect();
        Ok(Self { parsed, units_per_em, advances })
    }

    fn advance_units(&self, c: char) -> Option<u16> {
        let cp = u32::from(c);
        if cp < TABLE_END {
            self.advances.get(cp as usize).copied().flatten()
        } else {
            self.parsed
                .lookup_glyph_index(cp)
                .filter(|gid| *gid != 0)
                .map(|gid| self.parsed.get_horizontal_advance(gid))
        }
    }

    /// Whether the face has a glyph for `c`.
    pub(crate) fn has_glyph(&self, c: char) -> bool {
        self.advance_units(c).is_some()
    }

    /// Width of `text` at `size` points, in points. Characters without a glyph count
    /// as half an em (the width of the box they print as).
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        let units: f32 = text.chars().map(|c| self.advance_units(c).map_or(self.units_per_em / 2.0, f32::from)).sum();
        units / self.units_per_em * size
    }
}

/// Both faces.
pub(crate) struct Fonts {
    pub(crate) regular: Face,
    pub(crate) bold: Face,
}

impl Fonts {
    /// The face of a weight.
    pub(crate) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

static FONTS: OnceLock<Result<Fonts, &'static str>> = OnceLock::new();

/// The embedded faces, parsed once per process.
pub(crate) fn fonts() -> Result<&'static Fonts, ReportError> {
    let loaded = FONTS.get_or_init(|| {
        let regular = Face::parse(REGULAR_TTF, "NotoSans-Regular.ttf").map_err(|_| "NotoSans-Regular.ttf")?;
        let bold = Face::parse(BOLD_TTF, "NotoSans-Bold.ttf").map_err(|_| "NotoSans-Bold.ttf")?;
        Ok(Fonts { regular, bold })
    });
    loaded.as_ref().map_err(|name| ReportError::Font { name })
}

//! Text clean-up (NFC, characters the font lacks) and line breaking from glyph widths.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::fonts::Face;

/// Normalises `text` for layout: NFC (so Vietnamese letters typed with combining marks
/// map to the font's precomposed glyphs), `\r\n` and `\r` to `\n`, tabs and other spaces
/// to a plain space, control and zero-width characters removed, the few characters
/// Noto Sans has no glyph for replaced by their plain look-alikes, other letters it
/// lacks (CJK, Thai …) by "?", and emoji and symbols it lacks left out.
pub(crate) fn clean(face: &Face, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.nfc().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() != Some(&'\n') => out.push('\n'),
            '\r' => {}
            '\n' => out.push('\n'),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c if face.has_glyph(c) => out.push(c),
            c if c.is_whitespace() => out.push(' '),
            '\u{2212}' | '\u{2010}' | '\u{2011}' => out.push('-'),
            '\u{2192}' | '\u{27A1}' => out.push_str("->"),
            '\u{2190}' => out.push_str("<-"),
            '\u{2713}' | '\u{2714}' => out.push('v'),
            '\u{2715}' | '\u{2716}' | '\u{2717}' => out.push('x'),
            '\u{25CF}' | '\u{25CB}' | '\u{25AA}' | '\u{25A0}' => out.push('\u{2022}'),
            // A letter of a script the font lacks prints as "?"; emoji, their
            // modifiers and other symbols without a glyph are left out rather than
            // printed as empty boxes.
            c if c.is_alphanumeric() => out.push('?'),
            _ => {}
        }
    }
    out
}

/// Like [`clean`], on one line: line breaks become spaces.
pub(crate) fn clean_line(face: &Face, text: &str) -> String {
    clean(face, text).replace('\n', " ")
}

/// Breaks already [`clean`]ed `text` into lines no wider than `max_w` points at `size`.
/// Words are separated by spaces; a word longer than a line is cut between characters
/// (never before a combining mark). Every `\n` starts a new line; an empty paragraph
/// gives an empty line. Never returns an empty vector.
pub(crate) fn wrap(face: &Face, size: f32, text: &str, max_w: f32) -> Vec<String> {
    let max_w = max_w.max(size);
    let space_w = face.width(" ", size);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0_f32;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let word_w = face.width(word, size);
            if !line.is_empty() && line_w + space_w + word_w <= max_w {
                line.push(' ');
                line.push_str(word);
                line_w += space_w + word_w;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                if is_separator(word) {
                    // "01/03/2025 · 150.000 ₫" breaks as "01/03/2025" / "150.000 ₫".
                    line_w = 0.0;
                    continue;
                }
            }
            if word_w <= max_w {
                line.push_str(word);
                line_w = word_w;
            } else {
                line_w = break_word(face, size, word, max_w, &mut lines, &mut line);
            }
        }
        lines.push(line);
    }
    lines
}

/// A word that only separates the words around it on one line; it is dropped where
/// the line breaks.
fn is_separator(word: &str) -> bool {
    matches!(word, "\u{00B7}" | "|" | "\u{2022}")
}

/// Cuts a too-long word into full lines pushed onto `lines`; the rest is left in `line`
/// (which is empty on entry). Returns the width of the rest.
fn break_word(face: &Face, size: f32, word: &str, max_w: f32, lines: &mut Vec<String>, line: &mut String) -> f32 {
    let mut width = 0.0_f32;
    let mut buf = [0_u8; 4];
    for c in word.chars() {
        let w = face.width(c.encode_utf8(&mut buf), size);
        if !line.is_empty() && width + w > max_w && !is_combining_mark(c) {
            lines.push(std::mem::take(line));
            width = 0.0;
        }
        line.push(c);
        width += w;
    }
    width
}

/// The longest start of one line of `text` that fits in `max_w`, with "…" when cut.
pub(crate) fn fit_line(face: &Face, size: f32, text: &str, max_w: f32) -> String {
    if face.width(text, size) <= max_w {
        return text.to_owned();
    }
    let ellipsis_w = face.width("\u{2026}", size);
    let mut out = String::new();
    let mut width = 0.0_f32;
    let mut buf = [0_u8; 4];
    for c in text.chars() {
        let w = face.width(c.encode_utf8(&mut buf), size);
        if width + w + ellipsis_w > max_w && !is_combining_mark(c) {
            break;
        }
        out.push(c);
        width += w;
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\u{2026}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::fonts;

    fn face() -> &'static Face {
        &fonts().expect("embedded fonts parse").regular
    }

    #[test]
    fn clean_composes_and_replaces() {
        // (input, expected after clean)
        let cases: &[(&str, &str)] = &[
            // "Ấ" typed as A + circumflex + acute, "ệ" as e + dot below + circumflex.
            ("A\u{0302}\u{0301}m", "\u{1EA4}m"),
            ("Vie\u{0323}\u{0302}t", "Vi\u{1EC7}t"),
            ("a\r\nb\rc\n", "a\nb\nc\n"),
            ("a\tb\u{00A0}c", "a b\u{00A0}c"),
            ("NPS \u{2212}20", "NPS -20"),
            ("zero\u{200B}width", "zerowidth"),
            ("1.250.000 \u{20AB}", "1.250.000 \u{20AB}"),
            ("Tuyệt vời 😊👍🏻 nhé", "Tuyệt vời  nhé"),
            ("Cảm ơn ❤\u{FE0F}", "Cảm ơn "),
            ("很好", "??"),
        ];
        for (input, expected) in cases {
            assert_eq!(clean(face(), input), *expected, "clean({input:?})");
        }
    }

    #[test]
    fn every_vietnamese_letter_has_a_glyph() {
        let upper = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ";
        let all = format!("{upper}{}", upper.to_lowercase());
        for weight in [crate::fonts::Weight::Regular, crate::fonts::Weight::Bold] {
            let face = fonts().expect("fonts").face(weight);
            let missing: String = all.chars().filter(|c| !face.has_glyph(*c)).collect();
            assert!(missing.is_empty(), "{weight:?} lacks glyphs for {missing:?}");
        }
    }

    #[test]
    fn wrap_respects_width_and_keeps_every_word() {
        let text = "Khách hàng phàn nàn vì phải chờ quá lâu ở quầy thanh toán vào giờ cao điểm buổi trưa";
        for max_w in [60.0_f32, 100.0, 150.0, 400.0] {
            let lines = wrap(face(), 10.0, text, max_w);
            for line in &lines {
                assert!(face().width(line, 10.0) <= max_w + 0.01, "line {line:?} is wider than {max_w}");
            }
            assert_eq!(lines.join(" "), text, "wrapping at {max_w} loses or reorders words");
        }
        assert_eq!(wrap(face(), 10.0, text, 1000.0).len(), 1);
    }

    #[test]
    fn wrap_cuts_long_words_and_keeps_paragraphs() {
        let long = "x".repeat(200);
        let lines = wrap(face(), 10.0, &long, 50.0);
        assert!(lines.len() > 3, "a 200-character word must be cut over several lines");
        assert_eq!(lines.concat(), long);
        assert!(lines.iter().all(|l| face().width(l, 10.0) <= 50.01));

        let w = face().width("01/03/2025", 10.0) + 2.0;
        assert_eq!(
            wrap(face(), 10.0, "01/03/2025 · 150.000 ₫", w),
            vec!["01/03/2025".to_owned(), "150.000 ₫".to_owned()],
            "a separator is dropped where the line breaks"
        );
        assert_eq!(wrap(face(), 10.0, "a · b", 500.0), vec!["a · b".to_owned()], "and kept inside a line");

        let paras = wrap(face(), 10.0, "một\n\nhai", 500.0);
        assert_eq!(paras, vec!["một".to_owned(), String::new(), "hai".to_owned()]);
        assert_eq!(wrap(face(), 10.0, "", 500.0), vec![String::new()]);
    }

    #[test]
    fn fit_line_adds_an_ellipsis_only_when_cut() {
        assert_eq!(fit_line(face(), 10.0, "Cà phê Sáng", 500.0), "Cà phê Sáng");
        let cut = fit_line(face(), 10.0, "Cửa hàng bánh ngọt Hương Thảo chi nhánh Quận 3", 80.0);
        assert!(cut.ends_with('\u{2026}'), "{cut:?}");
        assert!(face().width(&cut, 10.0) <= 80.01);
    }
}

//! Search text folding for Vietnamese.
//!
//! `fold` turns any spelling of a text into one comparable form: Unicode
//! normalisation is undone (composed and decomposed input fold alike), tone and
//! vowel marks are dropped, `đ`/`Đ` become `d` (no Unicode decomposition does
//! that), letters are lower-cased and runs of white space become one space.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds `s` for accent-, case- and normalisation-insensitive comparison.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The ASCII digits of `s`, in order.
pub fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Composes `s` (NFC) and trims it: the form in which names and notes are stored.
pub fn clean_text(s: &str) -> String {
    let composed: String = s.trim().nfc().collect();
    composed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        let cases = [
            ("Nguyễn Văn A", "nguyen van a"),
            ("Đặng Thu Hà", "dang thu ha"),
            ("ĐỖ ĐỨC ĐẠT", "do duc dat"),
            ("  Trần   Thị\tBích  ", "tran thi bich"),
            // Decomposed input (NFD, as macOS produces) folds the same way.
            ("Nguye\u{0302}\u{0303}n", "nguyen"),
            ("Hoàng Ánh", "hoang anh"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "fold({input:?})");
        }
    }

    #[test]
    fn clean_text_composes() {
        let decomposed = "Nguye\u{0302}\u{0303}n";
        assert_eq!(clean_text(decomposed), "Nguyễn");
        assert_eq!(clean_text(decomposed).chars().count(), 6);
    }
}

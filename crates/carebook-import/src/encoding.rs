//! Text encodings of CSV and vCard files: which one a file is in, and its text.
//!
//! Shops' files come from Excel on Windows (UTF-8 with a BOM, UTF-16, or the
//! legacy code pages Windows-1258 for Vietnamese and Windows-1252 for Western
//! languages), from Google Contacts (UTF-8) and from phones (UTF-8).
//! Detection: a byte-order mark decides; otherwise UTF-16 is recognised by its
//! zero bytes, valid UTF-8 is UTF-8, and anything else is Windows-1258 when
//! its bytes read as Vietnamese (tone marks after vowels, ă ơ ư đ) and
//! Windows-1252 when they do not. The user can always override the guess.

use std::io::{self, BufRead, Read};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

/// A text encoding a customer list may be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    Utf8,
    Utf16le,
    Utf16be,
    Windows1258,
    Windows1252,
}

impl TextEncoding {
    /// Every encoding, in the order the UI lists them.
    pub const ALL: &'static [TextEncoding] = &[
        TextEncoding::Utf8,
        TextEncoding::Utf16le,
        TextEncoding::Utf16be,
        TextEncoding::Windows1258,
        TextEncoding::Windows1252,
    ];

    /// The name people know it by.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16le => "UTF-16LE",
            TextEncoding::Utf16be => "UTF-16BE",
            TextEncoding::Windows1258 => "Windows-1258",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }

    /// Accepts the usual spellings: `utf-8`, `UTF16LE`, `cp1258`, `windows-1252`…
    pub fn parse(s: &str) -> Option<TextEncoding> {
        let key: String = s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        Some(match key.as_str() {
            "utf8" | "utf8bom" => TextEncoding::Utf8,
            "utf16le" | "utf16" | "unicode" => TextEncoding::Utf16le,
            "utf16be" => TextEncoding::Utf16be,
            "windows1258" | "cp1258" | "win1258" | "vietnamese" => TextEncoding::Windows1258,
            "windows1252" | "cp1252" | "win1252" | "latin1" | "iso88591" | "western" => TextEncoding::Windows1252,
            _ => return None,
        })
    }

    fn encoding_rs(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16be => encoding_rs::UTF_16BE,
            TextEncoding::Windows1258 => encoding_rs::WINDOWS_1258,
            TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        }
    }
}

/// The byte-order mark at the start of `bytes`, if any, and its length.
fn bom(bytes: &[u8]) -> Option<(TextEncoding, usize)> {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => Some((TextEncoding::Utf8, 3)),
        [0xFF, 0xFE, ..] => Some((TextEncoding::Utf16le, 2)),
        [0xFE, 0xFF, ..] => Some((TextEncoding::Utf16be, 2)),
        _ => None,
    }
}

/// Guesses the encoding of a text file.
pub fn detect(bytes: &[u8]) -> TextEncoding {
    if let Some((enc, _)) = bom(bytes) {
        return enc;
    }
    if let Some(enc) = utf16_by_zeros(bytes) {
        return enc;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return TextEncoding::Utf8;
    }
    // A multi-byte character cut at the end of the sample is still UTF-8.
    if let Err(e) = std::str::from_utf8(bytes)
        && e.error_len().is_none()
        && e.valid_up_to() + 4 > bytes.len()
    {
        return TextEncoding::Utf8;
    }
    if vietnamese_score(bytes) > 0 { TextEncoding::Windows1258 } else { TextEncoding::Windows1252 }
}

/// UTF-16 without a BOM: most characters of a customer list are ASCII, whose
/// high byte is zero — at odd offsets in little-endian, even in big-endian.
fn utf16_by_zeros(bytes: &[u8]) -> Option<TextEncoding> {
    let sample = &bytes[..bytes.len().min(8192) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    if odd * 10 >= pairs * 3 && even * 10 < pairs {
        Some(TextEncoding::Utf16le)
    } else if even * 10 >= pairs * 3 && odd * 10 < pairs {
        Some(TextEncoding::Utf16be)
    } else {
        None
    }
}

/// How Vietnamese the bytes read as Windows-1258: positive when they do.
///
/// Only the bytes that Windows-1258 and Windows-1252 decode differently
/// count. Windows-1258 writes most tones as a combining mark after the vowel
/// (`ê` + `◌̃` for `ễ`), so a mark after a vowel is strong evidence and a mark
/// after anything else is strong evidence against; ă ơ ư đ inside a word are
/// weaker evidence; bytes Windows-1258 leaves undefined rule it out.
fn vietnamese_score(bytes: &[u8]) -> i64 {
    let mut score = 0i64;
    let mut marks_after_vowel = 0i64;
    let mut prev: Option<char> = None;
    // The first 256 KiB say enough about a file.
    for &b in &bytes[..bytes.len().min(256 * 1024)] {
        let c = decode_1258_byte(b);
        if b >= 0x80 && c != decode_1252_byte(b) {
            match c {
                Some('\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}') => {
                    if prev.is_some_and(is_vietnamese_vowel) {
                        score += 3;
                        marks_after_vowel += 1;
                    } else {
                        score -= 4;
                    }
                }
                Some('ă' | 'Ă' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'đ' | 'Đ') => score += 1,
                Some('₫') => {}
                _ => score -= 6,
            }
        }
        prev = c;
    }
    if marks_after_vowel == 0 { score.min(0) } else { score }
}

fn is_vietnamese_vowel(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    )
}

/// The characters of bytes 0x80–0xFF in a single-byte code page (`None`: undefined).
fn high_half(enc: &'static encoding_rs::Encoding) -> [Option<char>; 128] {
    let mut table = [None; 128];
    for (i, slot) in table.iter_mut().enumerate() {
        let b = 0x80 + i as u8;
        let (text, had_errors) = enc.decode_without_bom_handling(std::slice::from_ref(&b));
        *slot = if had_errors { None } else { text.chars().next() };
    }
    table
}

fn decode_1258_byte(b: u8) -> Option<char> {
    static TABLE: OnceLock<[Option<char>; 128]> = OnceLock::new();
    if b < 0x80 {
        Some(char::from(b))
    } else {
        TABLE.get_or_init(|| high_half(encoding_rs::WINDOWS_1258))[usize::from(b - 0x80)]
    }
}

fn decode_1252_byte(b: u8) -> Option<char> {
    static TABLE: OnceLock<[Option<char>; 128]> = OnceLock::new();
    if b < 0x80 {
        Some(char::from(b))
    } else {
        TABLE.get_or_init(|| high_half(encoding_rs::WINDOWS_1252))[usize::from(b - 0x80)]
    }
}

/// Decodes `bytes` (a leading BOM of the same encoding is dropped) into text
/// composed as NFC. Bytes that are not valid become U+FFFD.
pub fn decode(bytes: &[u8], encoding: TextEncoding) -> String {
    let body = match bom(bytes) {
        Some((found, len)) if found == encoding => &bytes[len..],
        _ => bytes,
    };
    let (text, _) = encoding.encoding_rs().decode_without_bom_handling(body);
    let mut out = String::with_capacity(text.len());
    compose_into(&text, &mut out);
    out
}

/// Appends `text` composed as NFC (Windows-1258 spells tones as combining
/// marks; other files may too). Text that is already composed is copied.
fn compose_into(text: &str, out: &mut String) {
    if unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes {
        out.push_str(text);
    } else {
        out.extend(text.nfc());
    }
}

/// Where decoded text may be cut and each part composed on its own: before
/// the last ASCII character (nothing composes with an ASCII character that
/// follows it, and an ASCII character starts a new composition). `0` when
/// there is no such place.
fn composable_split(text: &str) -> usize {
    text.as_bytes().iter().rposition(u8::is_ascii).unwrap_or(0)
}

/// Undecoded text held back beyond this is composed anyway (a file without
/// a single ASCII character in 64 KiB is not a customer list).
const MAX_HELD_BACK: usize = 64 * 1024;

/// The text of a file, decoded while it is read: UTF-8 bytes composed as
/// NFC, a leading byte-order mark of the encoding dropped, invalid bytes as
/// U+FFFD — the same text as [`decode`], in a few buffers of memory however
/// long the file.
pub(crate) struct DecodingReader<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    /// Decoded, not yet composed: what follows the last safe cut.
    held: String,
    /// Composed text ready to be read, from `pos`.
    out: String,
    pos: usize,
    done: bool,
}

impl<R: Read> DecodingReader<R> {
    /// Reads `inner` in chunks of 64 KiB.
    pub(crate) fn new(inner: R, encoding: TextEncoding) -> DecodingReader<R> {
        DecodingReader::with_chunk(inner, encoding, 64 * 1024)
    }

    /// Reads `inner` in chunks of `chunk` bytes (small in tests, to cut
    /// characters and compositions at every place).
    pub(crate) fn with_chunk(inner: R, encoding: TextEncoding, chunk: usize) -> DecodingReader<R> {
        DecodingReader {
            inner,
            decoder: encoding.encoding_rs().new_decoder_with_bom_removal(),
            raw: vec![0; chunk.max(1)],
            held: String::new(),
            out: String::new(),
            pos: 0,
            done: false,
        }
    }

    /// Decodes chunks until some composed text is ready or the input ends.
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !self.done {
            let n = loop {
                match self.inner.read(&mut self.raw) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            let last = n == 0;
            let mut src = &self.raw[..n];
            loop {
                let room = self.decoder.max_utf8_buffer_length(src.len()).unwrap_or(src.len() * 3 + 16);
                self.held.reserve(room);
                let (result, read, _) = self.decoder.decode_to_string(src, &mut self.held, last);
                src = &src[read..];
                if result == encoding_rs::CoderResult::InputEmpty {
                    break;
                }
            }
            self.done = last;
            let split =
                if last || self.held.len() > MAX_HELD_BACK { self.held.len() } else { composable_split(&self.held) };
            if split > 0 {
                compose_into(&self.held[..split], &mut self.out);
                self.held.drain(..split);
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for DecodingReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.out.len() {
            self.refill()?;
        }
        Ok(&self.out.as_bytes()[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.out.len());
    }
}

/// Encodes text: what the tests use to write fixture files in every encoding.
#[doc(hidden)]
pub fn encode(text: &str, encoding: TextEncoding) -> Vec<u8> {
    match encoding {
        TextEncoding::Utf8 => text.as_bytes().to_vec(),
        TextEncoding::Utf16le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        TextEncoding::Utf16be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        TextEncoding::Windows1258 => {
            // encoding_rs writes only precomposed characters that exist in
            // the code page; split the tone marks off first, as Windows does.
            let decomposed = vietnamese_1258_form(text);
            let (bytes, _, _) = encoding_rs::WINDOWS_1258.encode(&decomposed);
            bytes.into_owned()
        }
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
    }
}

/// Text in the form Windows-1258 stores it: base letters (with the vowel
/// marks that exist precomposed, â ê ô ă ơ ư) followed by a tone mark.
fn vietnamese_1258_form(text: &str) -> String {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        let nfd: Vec<char> = std::iter::once(c).nfd().collect();
        let (tones, rest): (Vec<char>, Vec<char>) = nfd.into_iter().partition(|m| TONES.contains(m));
        out.extend(rest.into_iter().nfc());
        out.extend(tones);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIETNAMESE: &str =
        "Tên khách hàng;Điện thoại\nNguyễn Thị Thuỳ Dương;0901 234 567\nĐặng Văn Hưởng;0912345678\n";
    const FRENCH: &str = "Nom;Téléphone\nFrançois Müller;0901 234 567\nJosé Señor;+33 6 12 34 56 78\n";

    #[test]
    fn round_trips_and_detects_every_encoding() {
        for &enc in TextEncoding::ALL {
            let text = if enc == TextEncoding::Windows1252 { FRENCH } else { VIETNAMESE };
            let bytes = encode(text, enc);
            assert_eq!(detect(&bytes), enc, "{} must be detected without a BOM", enc.label());
            assert_eq!(decode(&bytes, enc), text, "{} must decode back to the same text", enc.label());
        }
    }

    #[test]
    fn byte_order_marks_decide() {
        let mut utf8 = vec![0xEF, 0xBB, 0xBF];
        utf8.extend_from_slice(VIETNAMESE.as_bytes());
        assert_eq!(detect(&utf8), TextEncoding::Utf8);
        assert_eq!(decode(&utf8, TextEncoding::Utf8), VIETNAMESE, "the BOM is not part of the text");
        let mut le = vec![0xFF, 0xFE];
        le.extend(encode(VIETNAMESE, TextEncoding::Utf16le));
        assert_eq!(detect(&le), TextEncoding::Utf16le);
        assert_eq!(decode(&le, TextEncoding::Utf16le), VIETNAMESE);
        let mut be = vec![0xFE, 0xFF];
        be.extend(encode(VIETNAMESE, TextEncoding::Utf16be));
        assert_eq!(detect(&be), TextEncoding::Utf16be);
    }

    #[test]
    fn western_text_in_1252_is_not_taken_for_vietnamese() {
        for text in ["São Paulo;Ìsola;Þór", "Müller, Dvořák", "ÀÉÎÕÜ àéîõü ñ ç"] {
            let bytes = encode(text, TextEncoding::Windows1252);
            assert_eq!(detect(&bytes), TextEncoding::Windows1252, "{text:?}");
        }
    }

    #[test]
    fn decoding_while_reading_gives_the_same_text() {
        let samples = [
            (VIETNAMESE, TextEncoding::Utf8),
            (VIETNAMESE, TextEncoding::Utf16le),
            (VIETNAMESE, TextEncoding::Utf16be),
            (VIETNAMESE, TextEncoding::Windows1258),
            (FRENCH, TextEncoding::Windows1252),
            // Combining marks typed after their letter (a Mac's NFD) are composed too.
            ("Nguye\u{302}\u{303}n;Thu\u{309}y\n", TextEncoding::Utf8),
        ];
        for (text, enc) in samples {
            let mut bytes = match enc {
                TextEncoding::Utf8 => vec![0xEF, 0xBB, 0xBF],
                TextEncoding::Utf16le => vec![0xFF, 0xFE],
                TextEncoding::Utf16be => vec![0xFE, 0xFF],
                _ => Vec::new(),
            };
            bytes.extend(encode(text, enc));
            let want = decode(&bytes, enc);
            // Chunks of every size cut characters, BOMs and compositions everywhere.
            for chunk in [1, 2, 3, 5, 7, 64, 4096] {
                let mut got = String::new();
                DecodingReader::with_chunk(&bytes[..], enc, chunk).read_to_string(&mut got).unwrap();
                assert_eq!(got, want, "{} in chunks of {chunk}", enc.label());
            }
        }
        assert!(decode("Nguye\u{302}\u{303}n".as_bytes(), TextEncoding::Utf8) == "Nguyễn");
    }

    #[test]
    fn labels_parse() {
        for &enc in TextEncoding::ALL {
            assert_eq!(TextEncoding::parse(enc.label()), Some(enc));
        }
        assert_eq!(TextEncoding::parse("cp1258"), Some(TextEncoding::Windows1258));
        assert_eq!(TextEncoding::parse("ebcdic"), None);
    }
}

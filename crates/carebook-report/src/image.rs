//! The shop's logo: PNG decoded to pixels (alpha kept as a soft mask), JPEG embedded
//! as it is (PDF reads JPEG natively).

use std::collections::BTreeMap;
use std::io::Cursor;

use printpdf::{DictItem, ExternalStream, ExternalXObject, Px, RawImage, RawImageData, RawImageFormat, XObject};

use crate::error::ReportError;

/// Longest side, in pixels, a PNG logo is reduced to (about 300 dpi at the largest
/// size a logo is printed, 40 mm).
const MAX_SIDE_PX: u32 = 480;

/// The two image formats a logo may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogoFormat {
    Png,
    Jpeg,
}

impl LogoFormat {
    /// The format of `bytes` by their first bytes, if a logo's.
    pub fn of(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(LogoFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8]) {
            Some(LogoFormat::Jpeg)
        } else {
            None
        }
    }

    /// The media type (`image/png`, `image/jpeg`).
    pub fn mime(self) -> &'static str {
        match self {
            LogoFormat::Png => "image/png",
            LogoFormat::Jpeg => "image/jpeg",
        }
    }
}

/// A logo ready to be placed.
pub(crate) struct Logo {
    width_px: u32,
    height_px: u32,
    xobject: XObject,
}

impl Logo {
    /// The resource name of the logo in every document.
    pub(crate) const ID: &'static str = "Logo";

    /// Reads PNG or JPEG bytes.
    pub(crate) fn decode(bytes: &[u8]) -> Result<Self, ReportError> {
        match LogoFormat::of(bytes) {
            Some(LogoFormat::Png) => decode_png(bytes),
            Some(LogoFormat::Jpeg) => jpeg(bytes),
            None => Err(ReportError::Logo("neither a PNG nor a JPEG file".to_owned())),
        }
    }

    /// The pixel size and format named by the file's header, without decoding its
    /// pixels (a small PNG may unpack to a huge image).
    pub(crate) fn peek(bytes: &[u8]) -> Result<(u32, u32, LogoFormat), ReportError> {
        match LogoFormat::of(bytes) {
            Some(LogoFormat::Png) => {
                let reader = png::Decoder::new(Cursor::new(bytes))
                    .read_info()
                    .map_err(|e| ReportError::Logo(format!("PNG: {e}")))?;
                let info = reader.info();
                Ok((info.width, info.height, LogoFormat::Png))
            }
            Some(LogoFormat::Jpeg) => {
                let header = jpeg_header(bytes).ok_or_else(|| ReportError::Logo("JPEG: no frame header".to_owned()))?;
                Ok((u32::from(header.width), u32::from(header.height), LogoFormat::Jpeg))
            }
            None => Err(ReportError::Logo("neither a PNG nor a JPEG file".to_owned())),
        }
    }

    /// Pixel size.
    pub(crate) fn size_px(&self) -> (u32, u32) {
        (self.width_px, self.height_px)
    }

    /// The largest size with the logo's proportions inside `max_w` × `max_h` points.
    pub(crate) fn fit(&self, max_w: f32, max_h: f32) -> (f32, f32) {
        let ratio = self.width_px as f32 / self.height_px.max(1) as f32;
        if max_w / max_h > ratio { (max_h * ratio, max_h) } else { (max_w, max_w / ratio) }
    }

    pub(crate) fn into_xobject(self) -> XObject {
        self.xobject
    }
}

fn decode_png(bytes: &[u8]) -> Result<Logo, ReportError> {
    let bad = |e: png::DecodingError| ReportError::Logo(format!("PNG: {e}"));
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(bad)?;
    let size = reader.output_buffer_size().ok_or_else(|| ReportError::Logo("PNG: image too large".to_owned()))?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(bad)?;
    buf.truncate(info.buffer_size());
    let (channels, format) = match info.color_type {
        png::ColorType::Grayscale => (1, RawImageFormat::R8),
        png::ColorType::GrayscaleAlpha => (2, RawImageFormat::RG8),
        png::ColorType::Rgb => (3, RawImageFormat::RGB8),
        png::ColorType::Rgba => (4, RawImageFormat::RGBA8),
        png::ColorType::Indexed => {
            return Err(ReportError::Logo("PNG: palette was not expanded".to_owned()));
        }
    };
    let (width, height) = (info.width, info.height);
    if width == 0 || height == 0 {
        return Err(ReportError::Logo("PNG: empty image".to_owned()));
    }
    let (pixels, width, height) = shrink(&buf, width, height, channels, MAX_SIDE_PX);
    Ok(Logo {
        width_px: width,
        height_px: height,
        xobject: XObject::Image(RawImage {
            pixels: RawImageData::U8(pixels),
            width: width as usize,
            height: height as usize,
            data_format: format,
            tag: Vec::new(),
        }),
    })
}

/// Box-filter reduction so the longest side is at most `max_side`.
fn shrink(pixels: &[u8], w: u32, h: u32, channels: usize, max_side: u32) -> (Vec<u8>, u32, u32) {
    let longest = w.max(h);
    if longest <= max_side {
        return (pixels.to_vec(), w, h);
    }
    let nw = (u64::from(w) * u64::from(max_side) / u64::from(longest)).max(1) as u32;
    let nh = (u64::from(h) * u64::from(max_side) / u64::from(longest)).max(1) as u32;
    let mut out = Vec::with_capacity(nw as usize * nh as usize * channels);
    for ny in 0..nh {
        let y0 = (u64::from(ny) * u64::from(h) / u64::from(nh)) as usize;
        let y1 = ((u64::from(ny + 1) * u64::from(h) / u64::from(nh)) as usize).max(y0 + 1);
        for nx in 0..nw {
            let x0 = (u64::from(nx) * u64::from(w) / u64::from(nw)) as usize;
            let x1 = ((u64::from(nx + 1) * u64::from(w) / u64::from(nw)) as usize).max(x0 + 1);
            let mut sum = [0_u32; 4];
            for y in y0..y1 {
                for x in x0..x1 {
                    let at = (y * w as usize + x) * channels;
                    for (c, s) in sum.iter_mut().enumerate().take(channels) {
                        *s += u32::from(pixels.get(at + c).copied().unwrap_or(0));
                    }
                }
            }
            let n = ((y1 - y0) * (x1 - x0)) as u32;
            out.extend(sum.iter().take(channels).map(|s| (s / n) as u8));
        }
    }
    (out, nw, nh)
}

/// Reads a JPEG's size and colour model from its frame header; the bytes themselves
/// are embedded with the `DCTDecode` filter.
fn jpeg(bytes: &[u8]) -> Result<Logo, ReportError> {
    let header = jpeg_header(bytes).ok_or_else(|| ReportError::Logo("JPEG: no frame header".to_owned()))?;
    let color_space = match header.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        4 => "DeviceCMYK",
        n => return Err(ReportError::Logo(format!("JPEG: {n} colour components"))),
    };
    let name = |s: &str| DictItem::Name(s.as_bytes().to_vec());
    let mut dict = BTreeMap::from([
        ("Type".to_owned(), name("XObject")),
        ("Subtype".to_owned(), name("Image")),
        ("Width".to_owned(), DictItem::Int(i64::from(header.width))),
        ("Height".to_owned(), DictItem::Int(i64::from(header.height))),
        ("ColorSpace".to_owned(), name(color_space)),
        ("BitsPerComponent".to_owned(), DictItem::Int(8)),
        ("Filter".to_owned(), name("DCTDecode")),
    ]);
    if header.components == 4 && header.adobe {
        // Adobe writes CMYK JPEGs inverted.
        let decode = (0..4).flat_map(|_| [DictItem::Int(1), DictItem::Int(0)]).collect();
        dict.insert("Decode".to_owned(), DictItem::Array(decode));
    }
    Ok(Logo {
        width_px: u32::from(header.width),
        height_px: u32::from(header.height),
        xobject: XObject::External(ExternalXObject {
            stream: ExternalStream { dict, content: bytes.to_vec(), compress: false },
            width: Some(Px(usize::from(header.width))),
            height: Some(Px(usize::from(header.height))),
            dpi: None,
        }),
    })
}

struct JpegHeader {
    width: u16,
    height: u16,
    components: u8,
    adobe: bool,
}

fn jpeg_header(bytes: &[u8]) -> Option<JpegHeader> {
    let mut at = 2;
    let mut adobe = false;
    loop {
        // Markers may be padded with any number of 0xFF bytes.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if marker == 0xD8 || marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            at += 2;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]));
        let body = bytes.get(at + 4..at + 2 + len)?;
        match marker {
            0xEE if body.starts_with(b"Adobe") => adobe = true,
            0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => {
                let height = u16::from_be_bytes([*body.get(1)?, *body.get(2)?]);
                let width = u16::from_be_bytes([*body.get(3)?, *body.get(4)?]);
                let components = *body.get(5)?;
                if width == 0 || height == 0 {
                    return None;
                }
                return Some(JpegHeader { width, height, components, adobe });
            }
            0xD9 | 0xDA => return None,
            _ => {}
        }
        at += 2 + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrink_averages_blocks() {
        // A 4×2 grey image halved to 2×1: each output pixel averages a 2×2 block.
        let px = [0, 100, 200, 255, 0, 100, 200, 255];
        let (out, w, h) = shrink(&px, 4, 2, 1, 2);
        assert_eq!((w, h), (2, 1));
        assert_eq!(out, vec![50, 227]);
        let (same, w, h) = shrink(&px, 4, 2, 1, 10);
        assert_eq!((same.len(), w, h), (8, 4, 2), "small images are kept as they are");
    }

    #[test]
    fn rejects_what_is_not_an_image() {
        for bytes in [&b"GIF89a...."[..], b"", b"\x89PNG\r\n\x1a\ngarbage", &[0xFF, 0xD8, 0xFF, 0xD9]] {
            assert!(matches!(Logo::decode(bytes), Err(ReportError::Logo(_))), "{bytes:?} must be refused");
        }
    }

    #[test]
    fn peek_reads_the_size_without_the_pixels() {
        let (w, h) = (960_u32, 240_u32);
        let mut png_bytes = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut png_bytes, w, h);
            enc.set_color(png::ColorType::Grayscale);
            let mut writer = enc.write_header().expect("png header");
            writer.write_image_data(&vec![128; (w * h) as usize]).expect("png data");
        }
        assert_eq!(Logo::peek(&png_bytes).unwrap(), (960, 240, LogoFormat::Png));
        // Decoding reduces the pixels for print; the header still names the file's size.
        assert_eq!(Logo::decode(&png_bytes).unwrap().size_px(), (480, 120));
        // The pixels are not read: a PNG cut inside its image data still says its size.
        let idat = png_bytes.windows(4).position(|w| w == b"IDAT").expect("an IDAT chunk");
        let cut = &png_bytes[..idat + 12];
        assert_eq!(Logo::peek(cut).unwrap().0, 960);
        assert!(Logo::decode(cut).is_err());
        assert!(Logo::peek(b"GIF89a....").is_err());
        assert_eq!(LogoFormat::of(&[0xFF, 0xD8, 0xFF]).map(LogoFormat::mime), Some("image/jpeg"));
    }

    #[test]
    fn fit_keeps_proportions() {
        let logo = Logo {
            width_px: 400,
            height_px: 100,
            xobject: XObject::Image(RawImage {
                pixels: RawImageData::U8(vec![0]),
                width: 1,
                height: 1,
                data_format: RawImageFormat::R8,
                tag: Vec::new(),
            }),
        };
        assert_eq!(logo.fit(100.0, 40.0), (100.0, 25.0));
        assert_eq!(logo.fit(200.0, 20.0), (80.0, 20.0));
    }
}

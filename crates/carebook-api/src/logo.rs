//! The shop's logo, printed in the header of every document. The owner picks
//! an image file as imports do (a path from the desktop's file dialog, or the
//! token of a file the browser mode uploaded); it is checked whole before
//! anything is stored — PNG or JPEG, at most [`MAX_LOGO_BYTES`], decodable, of
//! sensible dimensions — and kept in the book's settings (base64), so backups,
//! restores and moves carry it. A refused file leaves the logo as it was.

use std::io::Read;
use std::path::PathBuf;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use carebook_core::FieldChange;
use carebook_report::LogoFormat;
use carebook_store::Tx;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Api, ApiError, Result};

const LOGO_KEY: &str = "shop_logo";

/// The largest logo file accepted: a logo prints at most 40 mm wide.
pub const MAX_LOGO_BYTES: u64 = 512 * 1024;
/// Shortest side accepted, in pixels: smaller prints blurred.
pub const MIN_LOGO_SIDE: u32 = 32;
/// Longest side accepted, in pixels (the documents reduce a PNG to 480).
pub const MAX_LOGO_SIDE: u32 = 4000;
/// How many times longer than high (or high than long) a logo may be.
pub const MAX_LOGO_RATIO: u32 = 8;

/// The image file to use as the logo, named (never carried): a path on this
/// computer (the desktop's file dialog) or the token of an upload to
/// `carebook serve`. Exactly one of the two.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LogoFileArgs {
    #[ts(optional = nullable)]
    pub path: Option<String>,
    #[ts(optional = nullable)]
    pub upload: Option<String>,
}

/// The logo as the settings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogoImage {
    /// `data:image/png;base64,…` (or `image/jpeg`), for a preview.
    pub data_url: String,
    pub width_px: u32,
    pub height_px: u32,
    /// The file's size.
    pub bytes: u32,
}

/// The shop's logo, if one is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShopLogo {
    pub logo: Option<LogoImage>,
}

fn refused(code: &str, message: &str) -> ApiError {
    ApiError::field("logo", code, message)
}

/// Checks `bytes` as a logo: the image's format and pixel size.
pub fn check_logo_bytes(bytes: &[u8]) -> Result<(LogoFormat, u32, u32)> {
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return Err(too_large());
    }
    let Some(format) = LogoFormat::of(bytes) else {
        return Err(refused("logo_format", "the logo must be a PNG or JPEG image"));
    };
    let unreadable = || refused("logo_unreadable", "the image cannot be read: the file is damaged or incomplete");
    // The header first: a small PNG may unpack to a huge image.
    let (w, h, _) = carebook_report::peek_logo(bytes).map_err(|_| unreadable())?;
    let (short, long) = (w.min(h), w.max(h));
    if short < MIN_LOGO_SIDE || long > MAX_LOGO_SIDE || long > short.saturating_mul(MAX_LOGO_RATIO) {
        return Err(refused(
            "logo_dimensions",
            &format!(
                "the logo is {w}×{h} pixels: each side must be {MIN_LOGO_SIDE} to {MAX_LOGO_SIDE} pixels and \
                 one side at most {MAX_LOGO_RATIO} times the other"
            ),
        ));
    }
    carebook_report::check_logo(bytes).map_err(|_| unreadable())?;
    Ok((format, w, h))
}

fn too_large() -> ApiError {
    refused("logo_too_large", &format!("the logo file is larger than {} KB", MAX_LOGO_BYTES / 1024))
}

/// The logo's size in words for the audit log: `PNG 240×80, 12 KB`.
fn describe(bytes: &[u8]) -> String {
    let kind = match LogoFormat::of(bytes) {
        Some(LogoFormat::Png) => "PNG",
        Some(LogoFormat::Jpeg) => "JPEG",
        None => "?",
    };
    let size = carebook_report::peek_logo(bytes).map(|(w, h, _)| format!(" {w}×{h}")).unwrap_or_default();
    format!("{kind}{size}, {} KB", bytes.len().div_ceil(1024))
}

/// The stored logo's bytes, if one is set.
pub(crate) fn stored_logo(tx: &Tx<'_>) -> Result<Option<Vec<u8>>> {
    let Some(text) = tx.setting(LOGO_KEY)?.filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let bytes = STANDARD
        .decode(text.as_bytes())
        .map_err(|_| ApiError::internal("the stored logo is damaged: remove it or choose it again"))?;
    Ok(Some(bytes))
}

fn view(bytes: Option<Vec<u8>>) -> ShopLogo {
    let logo = bytes.and_then(|bytes| {
        let (w, h, format) = carebook_report::peek_logo(&bytes).ok()?;
        Some(LogoImage {
            data_url: format!("data:{};base64,{}", format.mime(), STANDARD.encode(&bytes)),
            width_px: w,
            height_px: h,
            bytes: bytes.len() as u32,
        })
    });
    ShopLogo { logo }
}

impl Api {
    /// The stored logo for a document being printed.
    pub(crate) fn print_logo(&self) -> Result<Option<Vec<u8>>> {
        self.read(stored_logo)
    }

    /// The shop's logo, for the settings' preview.
    pub fn shop_logo_get(&self) -> Result<ShopLogo> {
        Ok(view(self.print_logo()?))
    }

    /// Sets the logo from an image file; a refused file changes nothing.
    pub fn shop_logo_set(&self, args: LogoFileArgs) -> Result<ShopLogo> {
        let upload = args.upload.clone();
        let result = self.logo_file(args).and_then(|path| self.set_logo_from(path));
        // An uploaded logo has served its purpose, taken or refused.
        if let Some(token) = upload {
            self.upload_remove(&token);
        }
        result
    }

    fn logo_file(&self, args: LogoFileArgs) -> Result<PathBuf> {
        match (args.path, args.upload) {
            (Some(path), None) if !path.trim().is_empty() => Ok(PathBuf::from(path)),
            (None, Some(token)) => self.uploads.path(&token),
            (None, None) => Err(ApiError::bad_request("name the logo's file: path or upload")),
            _ => Err(ApiError::bad_request("name the logo's file once: path or upload, not both")),
        }
    }

    fn set_logo_from(&self, path: PathBuf) -> Result<ShopLogo> {
        let missing = || refused("logo_missing", &format!("{}: no such file", path.display()));
        let meta = std::fs::metadata(&path).map_err(|_| missing())?;
        if !meta.is_file() {
            return Err(missing());
        }
        if meta.len() > MAX_LOGO_BYTES {
            return Err(too_large());
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        std::fs::File::open(&path)
            .and_then(|f| f.take(MAX_LOGO_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| refused("logo_missing", &format!("cannot read {}: {e}", path.display())))?;
        check_logo_bytes(&bytes)?;
        let after = describe(&bytes);
        self.write().transaction(|tx| {
            let before = stored_logo(tx).ok().flatten().map(|b| describe(&b));
            tx.set_setting(LOGO_KEY, &STANDARD.encode(&bytes))?;
            self.audit_logo(tx, before, Some(after))
        })?;
        Ok(view(Some(bytes)))
    }

    /// Removes the logo: documents print the shop's name alone.
    pub fn shop_logo_remove(&self) -> Result<ShopLogo> {
        self.write().transaction(|tx| {
            let Some(before) = tx.setting(LOGO_KEY)?.filter(|t| !t.is_empty()) else {
                return Ok(());
            };
            let before = STANDARD.decode(before.as_bytes()).map(|b| describe(&b)).unwrap_or_else(|_| "?".to_owned());
            tx.remove_setting(LOGO_KEY)?;
            self.audit_logo(tx, Some(before), None)
        })?;
        Ok(ShopLogo { logo: None })
    }

    fn audit_logo(&self, tx: &Tx<'_>, before: Option<String>, after: Option<String>) -> Result<()> {
        self.audit_shop_setting(tx, vec![FieldChange { field: "logo".into(), before, after }])
    }
}

//! CareBook's printed documents as PDF bytes, from plain data.
//!
//! Each document is one function taking its input struct and a progress callback:
//! [`render_monthly_report`], [`render_cards`] (A6, two or four per A4, letters),
//! [`render_call_list`] and [`render_customer_profile`]. The inputs carry display strings wherever formatting is
//! locale work (dates, money, phone numbers, percentages) and numbers where a chart is
//! drawn; this crate reads no clock, no database and no file.
//!
//! Text is set in Noto Sans Regular and Bold (embedded, subset to the glyphs used; SIL
//! Open Font License, `fonts/OFL.txt`), normalised to NFC first so every Vietnamese tone
//! mark prints. Pages are laid out by a small engine of its own: word wrap from glyph
//! widths, tables that continue over pages with their header row repeated, a running
//! header with the shop's name and logo, and "Trang 2/7" / "Page 2 of 7" footers.

mod chart;
mod documents;
mod error;
mod fonts;
mod image;
mod labels;
mod layout;
mod pdf;
mod progress;
mod text;

pub use documents::call_list::{Call, CallList, render_call_list};
pub use documents::cards::{Card, CardBatch, CardKind, CardLayout, render_cards};
pub use documents::monthly::{
    AtRiskCustomer, CareCalendar, CareCount, Direction, FeedbackComment, MeasureRow, MonthlyReport, NewCustomer,
    ServiceLevel, TopCustomer, TrendPoint, TrendSeries, render_monthly_report,
};
pub use documents::profile::{
    CustomerProfile, ProfileFeedback, ProfilePurchase, ProfileRequest, ProfileTask, TimelineNote,
    render_customer_profile,
};
pub use error::ReportError;

/// Checks that `bytes` are a logo the documents can print (PNG or JPEG) and returns its
/// size in pixels, so a logo can be refused when it is chosen rather than when a
/// document is printed.
pub fn check_logo(bytes: &[u8]) -> Result<(u32, u32), ReportError> {
    image::Logo::decode(bytes).map(|logo| logo.size_px())
}

/// A logo's pixel size and format as its header names them, without decoding the
/// pixels: what to check before [`check_logo`] decodes a PNG that may unpack to far
/// more memory than its file size suggests.
pub fn peek_logo(bytes: &[u8]) -> Result<(u32, u32, LogoFormat), ReportError> {
    image::Logo::peek(bytes)
}
pub use image::LogoFormat;
pub use labels::Lang;
pub use progress::Progress;

//! The crate's one error type.

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The progress callback returned `false`.
    #[error("rendering was cancelled")]
    Cancelled,
    /// The logo is not a PNG or JPEG image this crate can read.
    #[error("the logo cannot be used: {0}")]
    Logo(String),
    /// An embedded font could not be read (a build defect, never input-dependent).
    #[error("embedded font {name} cannot be parsed")]
    Font {
        /// Which embedded font file failed.
        name: &'static str,
    },
}

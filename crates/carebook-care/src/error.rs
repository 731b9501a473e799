//! The one error type of the crate.

use thiserror::Error;

/// What can go wrong in the care rules. Field-level validation problems are
/// reported as [`carebook_core::FieldError`] lists instead.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CareError {
    /// A placeholder name that is not in [`crate::template::placeholders`].
    #[error("unknown placeholder {{{name}}}")]
    UnknownPlaceholder { name: String },
    /// A `{` without its `}` (use `{{` for a literal brace); `at` counts characters.
    #[error("the brace at character {at} is not closed (write {{{{ for a brace)")]
    UnclosedBrace { at: usize },
    /// `{}` with no name inside; `at` counts characters.
    #[error("empty placeholder at character {at}")]
    EmptyPlaceholder { at: usize },
    /// A redemption of zero or fewer points.
    #[error("a redemption must be of at least 1 point, not {points}")]
    RedeemNotPositive { points: i64 },
    /// A redemption of more points than the customer has.
    #[error("cannot redeem {points} points: the balance is {balance}")]
    RedeemOverBalance { points: i64, balance: i64 },
}

/// Errors of [`crate::template`].
pub type TemplateError = CareError;
/// Errors of [`crate::loyalty`].
pub type LoyaltyError = CareError;

impl CareError {
    /// A stable code the UI translates.
    pub fn code(&self) -> &'static str {
        match self {
            CareError::UnknownPlaceholder { .. } => "unknown_placeholder",
            CareError::UnclosedBrace { .. } => "unclosed_brace",
            CareError::EmptyPlaceholder { .. } => "empty_placeholder",
            CareError::RedeemNotPositive { .. } => "redeem_not_positive",
            CareError::RedeemOverBalance { .. } => "redeem_over_balance",
        }
    }
}

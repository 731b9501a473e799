//! The one error type of the crate.

use thiserror::Error;

/// What can go wrong in the care rules. Field-level validation problems are
/// reported as [`carebook_core::FieldError`] lists instead.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CareError {
    /// A placeholder name that is not in [`crate::template::placeholders`].
    #[error("unknown placeholder {{{name}}}")]
    UnknownPlaceholder {
        /// The name as typed (trimmed).
        name: String,
    },
    /// A `{` without its `}` (use `{{` for a literal brace).
    #[error("the brace at character {at} is not closed (write {{{{ for a brace)")]
    UnclosedBrace {
        /// Characters before the brace.
        at: usize,
    },
    /// `{}` with no name inside.
    #[error("empty placeholder at character {at}")]
    EmptyPlaceholder {
        /// Characters before the brace.
        at: usize,
    },
    /// A redemption of zero or fewer points.
    #[error("a redemption must be of at least 1 point, not {points}")]
    RedeemNotPositive {
        /// The points asked for.
        points: i64,
    },
    /// A redemption of more points than the customer has.
    #[error("cannot redeem {points} points: the balance is {balance}")]
    RedeemOverBalance {
        /// The points asked for.
        points: i64,
        /// The customer's balance.
        balance: i64,
    },
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

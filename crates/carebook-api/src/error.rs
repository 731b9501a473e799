//! The boundary error: `{code, message, fields}`. A code exists only where a
//! front end branches on it; `message` is English, the UI translates by code.

use carebook_core::FieldError;
use carebook_store::StoreError;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Input did not validate; `fields` says where.
    Validation,
    NotFound,
    /// The request contradicts the state of the book (delete before archive…).
    Conflict,
    /// Unknown command or arguments of the wrong shape.
    BadRequest,
    /// The file was written by a newer CareBook.
    NewerSchema,
    /// The file is not a CareBook database.
    NotCarebook,
    /// The file is damaged (a backup that fails its integrity check).
    Corrupt,
    /// There is no book at the path given (a mistyped `--db`, a moved file).
    NoBook,
    /// The book is still opening (a large book's schema upgrade).
    Opening,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<FieldError>>", optional)]
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ApiError { code, message: message.into(), fields: Vec::new() }
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Conflict, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::BadRequest, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
    pub fn field(field: &str, code: &str, message: &str) -> Self {
        vec![FieldError { field: field.into(), code: code.into(), message: message.into() }].into()
    }
}

impl From<Vec<FieldError>> for ApiError {
    fn from(fields: Vec<FieldError>) -> Self {
        let message = fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("; ");
        ApiError { code: ErrorCode::Validation, message, fields }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        let code = match &e {
            StoreError::NewerSchema { .. } => ErrorCode::NewerSchema,
            StoreError::NotCarebook { .. } => ErrorCode::NotCarebook,
            StoreError::NotFound { .. } => ErrorCode::NotFound,
            StoreError::Corrupt { .. } => ErrorCode::Corrupt,
            StoreError::SameFile { .. } | StoreError::Exists { .. } => ErrorCode::Conflict,
            StoreError::Missing { .. } => ErrorCode::NoBook,
            StoreError::File { source, .. } if source.kind() == std::io::ErrorKind::NotFound => ErrorCode::NotFound,
            _ => ErrorCode::Internal,
        };
        ApiError::new(code, e.to_string())
    }
}

impl From<carebook_demo::DemoError> for ApiError {
    fn from(e: carebook_demo::DemoError) -> Self {
        match e {
            carebook_demo::DemoError::Store(e) => e.into(),
            e => ApiError::internal(e.to_string()),
        }
    }
}

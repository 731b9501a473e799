//! carebook-core: the domain of CareBook, free of storage and UI.
//!
//! Everything here is plain data and pure functions. Nothing reads the clock:
//! rules that depend on the date take `today` as an argument.

pub mod care;
pub mod export;
pub mod fold;
pub mod labels;
pub mod model;
pub mod phone;
pub mod privacy;
pub mod validate;

pub use care::*;
pub use fold::{digits, fold};
pub use labels::Labelled;
pub use model::*;
pub use phone::{Phone, PhoneError, normalize_phone};
pub use privacy::{AuditAction, AuditEntity, AuditEntry, ConsentEvent, CustomerDossier, FieldChange};
pub use validate::{FieldError, ValidCustomer, ValidNote, ValidPurchase, ValidStaff, Validation, normalize_email};

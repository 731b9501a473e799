//! The printed documents, one module each.

pub mod call_list;
pub mod cards;
pub mod monthly;
pub mod profile;

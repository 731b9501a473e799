//! The shape of exported data: datasets of typed columns, rows of cells.
//!
//! The store reads rows in this shape and the writers (CSV, XLSX, JSON) turn
//! them into files; neither knows the other. A column's kind says how a cell
//! is shown: money is whole đồng, dates are real dates, enumerations carry
//! their Vietnamese and English labels.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Phone;

/// The language of headers and labels in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Picks the text for this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// A value of an enumeration with its labels, e.g. `female` / `Nữ` / `Female`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnumLabel {
    pub code: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

/// How the cells of a column are typed and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A whole number (ids, counts, points).
    Int,
    /// Whole Vietnamese đồng.
    Money,
    Text,
    Date,
    DateTime,
    Bool,
    /// A code shown by its label in CSV and XLSX, kept as the code in JSON.
    Enum(&'static [EnumLabel]),
    /// Several texts (tags).
    List,
    /// Phone numbers: the displayed forms in CSV and XLSX, `{e164, display}` in JSON.
    Phones,
    /// JSON text stored as is (the audit log's changes).
    Json,
}

/// One column of a dataset: a stable key (JSON) and its headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// camelCase, the JSON field name.
    pub key: Cow<'static, str>,
    pub vi: Cow<'static, str>,
    pub en: Cow<'static, str>,
    pub kind: ColumnKind,
}

impl Column {
    pub const fn new(key: &'static str, vi: &'static str, en: &'static str, kind: ColumnKind) -> Column {
        Column { key: Cow::Borrowed(key), vi: Cow::Borrowed(vi), en: Cow::Borrowed(en), kind }
    }

    pub fn header(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }

    /// The label of an enumeration code in `lang`; unknown codes stay as they are.
    pub fn label<'a>(&self, code: &'a str, lang: Lang) -> &'a str {
        match self.kind {
            ColumnKind::Enum(labels) => label(labels, code, lang),
            _ => code,
        }
    }
}

/// The label of `code` in `lang`; a code missing from `labels` is shown as it is.
pub fn label<'a>(labels: &'static [EnumLabel], code: &'a str, lang: Lang) -> &'a str {
    labels.iter().find(|l| l.code == code).map(|l| lang.pick(l.vi, l.en)).unwrap_or(code)
}

/// One value of a row. Which variants a column yields follows its kind;
/// a stored value that does not parse as its kind comes through as `Text`.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Text(String),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
    Bool(bool),
    List(Vec<String>),
    Phones(Vec<Phone>),
}

/// A named table of an export: `customers`, `purchases`…
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetInfo {
    /// snake_case; the CSV file name and the JSON field.
    pub name: Cow<'static, str>,
    pub vi: Cow<'static, str>,
    pub en: Cow<'static, str>,
    pub columns: Vec<Column>,
}

impl DatasetInfo {
    pub fn title(&self, lang: Lang) -> &str {
        lang.pick(&self.vi, &self.en)
    }
}

/// The labels of the enumerations the book stores, by the names the column
/// tables use. The texts live with each enumeration (see [`crate::labels`]).
pub mod labels {
    use super::EnumLabel;
    use crate::*;

    pub const GENDER: &[EnumLabel] = Gender::LABELS;
    pub const CALENDAR: &[EnumLabel] = CalendarKind::LABELS;
    pub const KIND: &[EnumLabel] = CustomerKind::LABELS;
    pub const CONSENT: &[EnumLabel] = Consent::LABELS;
    pub const CHANNEL: &[EnumLabel] = Channel::LABELS;
    pub const ROLE: &[EnumLabel] = StaffRole::LABELS;
    pub const ACTION: &[EnumLabel] = AuditAction::LABELS;
    pub const ENTITY: &[EnumLabel] = AuditEntity::LABELS;
    pub const REQUEST_KIND: &[EnumLabel] = RequestKind::LABELS;
    pub const REQUEST_STATUS: &[EnumLabel] = RequestStatus::LABELS;
    pub const TASK_KIND: &[EnumLabel] = CareTaskKind::LABELS;
    pub const TASK_STATUS: &[EnumLabel] = CareTaskStatus::LABELS;
    pub const TASK_ORIGIN: &[EnumLabel] = CareTaskOrigin::LABELS;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_enum_codes_are_shown_as_they_are() {
        const LABELS: &[EnumLabel] = &[EnumLabel { code: "given", vi: "Đã đồng ý", en: "Given" }];
        let c = Column::new("consent", "Đồng ý", "Consent", ColumnKind::Enum(LABELS));
        assert_eq!(c.label("given", Lang::Vi), "Đã đồng ý");
        assert_eq!(c.label("given", Lang::En), "Given");
        assert_eq!(c.label("maybe", Lang::Vi), "maybe", "a code added later still exports, untranslated");
    }
}

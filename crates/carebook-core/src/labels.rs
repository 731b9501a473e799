//! Every code the book stores, with its Vietnamese and English label, in one
//! place.
//!
//! Enumerations are declared with [`labelled!`]: each variant's stored code
//! and both labels on one line. The exports, the printable HTML page and the
//! UI (through the generated `ui/src/lib/labels.ts`) all read their labels
//! from here, so a code cannot be shown raw in one place and translated in
//! another. The `match` the macro writes is exhaustive: a variant without its
//! labels does not compile.

use crate::export::{EnumLabel, Lang};

/// A field-less enumeration stored by its code, with a label per language.
pub trait Labelled: Copy + 'static {
    /// The family of its labels: the UI's translation keys are `{FAMILY}.{code}`.
    const FAMILY: &'static str;
    /// Every value, in the order lists show them.
    fn all() -> &'static [Self];
    fn code(self) -> &'static str;
    fn label(self, lang: Lang) -> &'static str;
    /// Codes with labels, for export columns.
    fn labels() -> &'static [EnumLabel];
}

/// Declares a stored enumeration's codes and labels:
/// `labelled!(Gender, "gender" { Female = "female", "Nữ", "Female"; … });`
/// Also generates `ALL`, `as_str` and `parse`.
macro_rules! labelled {
    ($name:ident, $family:literal { $($variant:ident = $code:literal, $vi:literal, $en:literal);+ $(;)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const LABELS: &'static [$crate::export::EnumLabel] =
                &[$($crate::export::EnumLabel { code: $code, vi: $vi, en: $en }),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($code => Some($name::$variant),)+ _ => None }
            }
        }
        impl $crate::labels::Labelled for $name {
            const FAMILY: &'static str = $family;
            fn all() -> &'static [Self] {
                $name::ALL
            }
            fn code(self) -> &'static str {
                self.as_str()
            }
            fn label(self, lang: $crate::export::Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($vi, $en)),+ }
            }
            fn labels() -> &'static [$crate::export::EnumLabel] {
                $name::LABELS
            }
        }
    };
}
pub(crate) use labelled;

/// One label family as the UI and the tests see it.
#[derive(Debug, Clone)]
pub struct Family {
    pub family: &'static str,
    pub labels: &'static [EnumLabel],
}

fn family<T: Labelled>() -> Family {
    Family { family: T::FAMILY, labels: T::labels() }
}

/// Every labelled enumeration of the book.
pub fn families() -> Vec<Family> {
    use crate::*;
    vec![
        family::<Gender>(),
        family::<CustomerKind>(),
        family::<CalendarKind>(),
        family::<Consent>(),
        family::<Channel>(),
        family::<StaffRole>(),
        family::<RequestKind>(),
        family::<RequestStatus>(),
        family::<CareTaskKind>(),
        family::<CareTaskStatus>(),
        family::<CareTaskOrigin>(),
        family::<AuditAction>(),
        family::<AuditEntity>(),
    ]
}

/// The label of a stored `code` of `T`; a code this build does not know
/// (written by a newer CareBook) is shown as it is.
pub fn label_of<T: Labelled>(code: &str, lang: Lang) -> String {
    T::all().iter().find(|v| v.code() == code).map(|v| v.label(lang).to_owned()).unwrap_or_else(|| code.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_two_non_empty_labels_and_codes_are_unique() {
        let fams = families();
        let mut names: Vec<_> = fams.iter().map(|f| f.family).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), fams.len(), "label families are unique");
        for f in &fams {
            let mut codes: Vec<_> = f.labels.iter().map(|l| l.code).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), f.labels.len(), "{}: codes are unique", f.family);
            for l in f.labels {
                assert!(!l.vi.trim().is_empty() && !l.en.trim().is_empty(), "{}.{} has both labels", f.family, l.code);
            }
        }
    }

    #[test]
    fn unknown_codes_are_shown_as_they_are() {
        assert_eq!(label_of::<crate::Consent>("given", Lang::Vi), "Đã đồng ý");
        assert_eq!(label_of::<crate::Consent>("maybe", Lang::En), "maybe");
    }
}

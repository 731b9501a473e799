//! Phone numbers: one canonical form per number.
//!
//! `0901 234 567`, `0901234567`, `+84 901 234 567`, `84901234567` and
//! `0084 901 234 567` are the same Vietnamese number and all normalise to the
//! E.164 form `+84901234567`. A number written with a `+` (or `00`) prefix is
//! taken in its own country. Parsing and validity come from libphonenumber's
//! metadata (the `phonenumber` crate).

use phonenumber::{Mode, country};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A valid, normalised phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Phone {
    /// E.164, e.g. `+84901234567`: the identity of the number.
    pub e164: String,
    /// How it is shown: `0901 234 567` for Vietnamese numbers,
    /// the international form (`+33 6 12 34 56 78`) for the others.
    pub display: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone number is empty")]
    Empty,
    #[error("`{0}` is not a valid phone number")]
    Invalid(String),
}

impl PhoneError {
    pub fn code(&self) -> &'static str {
        match self {
            PhoneError::Empty => "required",
            PhoneError::Invalid(_) => "phone_invalid",
        }
    }
}

/// Normalises a phone number typed by a person.
pub fn normalize_phone(raw: &str) -> Result<Phone, PhoneError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(PhoneError::Empty);
    }
    let invalid = || PhoneError::Invalid(trimmed.to_owned());
    if trimmed.chars().any(|c| !(c.is_ascii_digit() || " .-()+/".contains(c))) {
        return Err(invalid());
    }
    let digits = crate::digits(trimmed);
    let plus = trimmed.starts_with('+');
    let candidate = if plus {
        format!("+{digits}")
    } else if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else if digits.starts_with("84") && digits.len() >= 11 {
        // 84 followed by a full national number, typed without the `+`.
        format!("+{digits}")
    } else {
        digits
    };
    let number = phonenumber::parse(Some(country::Id::VN), &candidate).map_err(|_| invalid())?;
    if !number.is_valid() {
        return Err(invalid());
    }
    let e164 = number.format().mode(Mode::E164).to_string();
    let display = if number.code().value() == 84 {
        vietnamese_display(&e164)
    } else {
        number.format().mode(Mode::International).to_string()
    };
    Ok(Phone { e164, display })
}

/// `+84901234567` → `0901 234 567`; landlines `+842838234567` → `028 3823 4567`.
fn vietnamese_display(e164: &str) -> String {
    let national = format!("0{}", &e164[3..]);
    let groups: &[usize] = match national.len() {
        10 if national.starts_with("02") => &[3, 3, 4],
        10 => &[4, 3, 3],
        11 => &[3, 4, 4],
        _ => &[],
    };
    if groups.is_empty() {
        return national;
    }
    let mut out = String::with_capacity(national.len() + 2);
    let mut at = 0;
    for (i, len) in groups.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&national[at..at + len]);
        at += len;
    }
    out
}

/// The digit strings under which a stored number is found by a fragment:
/// the E.164 digits (`84901234567`) and, for Vietnamese numbers, the national
/// form (`0901234567`).
pub fn search_forms(e164: &str) -> Vec<String> {
    let digits = crate::digits(e164);
    let mut forms = vec![digits.clone()];
    if let Some(rest) = digits.strip_prefix("84") {
        forms.push(format!("0{rest}"));
    }
    forms
}

/// The national digits of a stored number (`0901234567`; the E.164 digits for
/// foreign numbers) and the same digits reversed, for prefix and suffix lookups.
pub fn lookup_keys(e164: &str) -> (String, String) {
    let digits = crate::digits(e164);
    let national = match digits.strip_prefix("84") {
        Some(rest) => format!("0{rest}"),
        None => digits,
    };
    let reversed = national.chars().rev().collect();
    (national, reversed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_number_in_every_spelling() {
        let table = [
            ("0901 234 567", "+84901234567", "0901 234 567"),
            ("0901234567", "+84901234567", "0901 234 567"),
            ("+84 901 234 567", "+84901234567", "0901 234 567"),
            ("84901234567", "+84901234567", "0901 234 567"),
            ("0084 901 234 567", "+84901234567", "0901 234 567"),
            ("(090) 123-4567", "+84901234567", "0901 234 567"),
            ("090.123.4567", "+84901234567", "0901 234 567"),
            ("+84901234567", "+84901234567", "0901 234 567"),
            ("0388 765 432", "+84388765432", "0388 765 432"),
            ("028 3823 4567", "+842838234567", "028 3823 4567"),
            ("+33 6 12 34 56 78", "+33612345678", "+33 6 12 34 56 78"),
            ("+1 415 555 2671", "+14155552671", "+1 415-555-2671"),
        ];
        for (raw, e164, display) in table {
            let phone = normalize_phone(raw).unwrap_or_else(|e| panic!("{raw:?}: {e}"));
            assert_eq!(phone.e164, e164, "e164 of {raw:?}");
            assert_eq!(phone.display, display, "display of {raw:?}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for raw in ["12", "abc", "0901 23x 567", "+84 1", "09012345678901234", "0000000000"] {
            assert_eq!(normalize_phone(raw), Err(PhoneError::Invalid(raw.to_owned())), "{raw:?} must be rejected");
        }
        assert_eq!(normalize_phone("   "), Err(PhoneError::Empty));
    }

    #[test]
    fn lookup_keys_are_national_and_reversed() {
        assert_eq!(lookup_keys("+84901234567"), ("0901234567".to_owned(), "7654321090".to_owned()));
        assert_eq!(lookup_keys("+33612345678"), ("33612345678".to_owned(), "87654321633".to_owned()));
    }

    #[test]
    fn search_forms_cover_both_prefixes() {
        assert_eq!(search_forms("+84901234567"), ["84901234567", "0901234567"]);
        assert_eq!(search_forms("+33612345678"), ["33612345678"]);
    }
}

//! Validation: what a person typed becomes a value that may be stored, or a
//! list of field errors with stable codes the UI translates.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::fold::clean_text;
use crate::model::*;
use crate::{Phone, fold, normalize_phone};

pub const MAX_NAME: usize = 200;
pub const MAX_TEXT: usize = 5_000;
/// Ten billion đồng: anything larger is a typing mistake.
pub const MAX_AMOUNT_VND: i64 = 10_000_000_000;

/// A problem with one field. `code` is stable (`required`, `too_long`,
/// `phone_invalid`, `email_invalid`, `date_invalid`, `date_in_future`,
/// `amount_invalid`, `number_invalid`); `message` is English for logs and the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub(crate) fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        FieldError { field: field.into(), code: code.to_owned(), message: message.into() }
    }
}

pub type Validation<T> = Result<T, Vec<FieldError>>;

/// A customer that passed validation: text composed (NFC) and trimmed,
/// phones normalised and de-duplicated, email lower-cased, consent dated.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidCustomer {
    pub name: String,
    pub phones: Vec<Phone>,
    pub email: Option<String>,
    pub birthday: Option<Birthday>,
    pub gender: Option<Gender>,
    pub address: Option<String>,
    pub kind: CustomerKind,
    pub source: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub consent: Consent,
    pub consent_date: Option<NaiveDate>,
    pub preferred_channel: Option<Channel>,
    pub loyalty_points: i64,
    pub tier: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidPurchase {
    pub customer_id: CustomerId,
    pub date: NaiveDate,
    pub amount_vnd: i64,
    pub items: Option<String>,
    pub staff_id: Option<StaffId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidNote {
    pub customer_id: CustomerId,
    pub body: String,
    pub staff_id: Option<StaffId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidStaff {
    pub name: String,
    pub role: StaffRole,
    pub active: bool,
}

pub(crate) fn optional_text(
    field: &str,
    value: &Option<String>,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let text = clean_text(value.as_deref().unwrap_or(""));
    if text.chars().count() > max {
        errors.push(FieldError::new(field, "too_long", format!("{field} is longer than {max} characters")));
    }
    (!text.is_empty()).then_some(text)
}

pub(crate) fn required_text(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let text = clean_text(value);
    if text.is_empty() {
        errors.push(FieldError::new(field, "required", format!("{field} is required")));
    } else if text.chars().count() > max {
        errors.push(FieldError::new(field, "too_long", format!("{field} is longer than {max} characters")));
    }
    text
}

/// A plausible email address: one `@`, a non-empty local part, a dotted domain.
pub fn normalize_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    let plausible = !local.is_empty()
        && email.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c == ',' || c == ';');
    plausible.then_some(email)
}

fn validate_birthday(b: &Birthday, today: NaiveDate, errors: &mut Vec<FieldError>) {
    let field = "birthday";
    if let Some(year) = b.year
        && !(1900..=today.year()).contains(&year)
    {
        errors.push(FieldError::new(field, "date_invalid", format!("birth year {year} is out of range")));
        return;
    }
    let valid = match b.calendar {
        // Lunar months have 29 or 30 days; which one depends on the year.
        CalendarKind::Lunar => (1..=12).contains(&b.month) && (1..=30).contains(&b.day),
        // Without a year, 29 February is allowed (leap year 2000 stands in).
        CalendarKind::Solar => NaiveDate::from_ymd_opt(b.year.unwrap_or(2000), b.month.into(), b.day.into()).is_some(),
    };
    if !valid {
        errors.push(FieldError::new(
            field,
            "date_invalid",
            format!("{}/{} is not a valid day and month", b.day, b.month),
        ));
        return;
    }
    if b.leap && b.calendar != CalendarKind::Lunar {
        errors.push(FieldError::new(field, "leap_not_lunar", "only a lunar month can be a leap month"));
        return;
    }
    if let (CalendarKind::Solar, Some(year)) = (b.calendar, b.year) {
        let date = NaiveDate::from_ymd_opt(year, b.month.into(), b.day.into());
        if date.is_some_and(|d| d > today) {
            errors.push(FieldError::new(field, "date_in_future", "birthday is in the future"));
        }
    }
}

impl From<&Customer> for ValidCustomer {
    /// A stored customer passed validation when it was written.
    fn from(c: &Customer) -> Self {
        ValidCustomer {
            name: c.name.clone(),
            phones: c.phones.clone(),
            email: c.email.clone(),
            birthday: c.birthday,
            gender: c.gender,
            address: c.address.clone(),
            kind: c.kind,
            source: c.source.clone(),
            tags: c.tags.clone(),
            notes: c.notes.clone(),
            consent: c.consent,
            consent_date: c.consent_date,
            preferred_channel: c.preferred_channel,
            loyalty_points: c.loyalty_points,
            tier: c.tier.clone(),
        }
    }
}

impl From<&Customer> for CustomerInput {
    /// The form filled with a stored customer: saving it changes nothing.
    fn from(c: &Customer) -> Self {
        let v = ValidCustomer::from(c);
        CustomerInput {
            name: v.name,
            phones: v.phones.into_iter().map(|p| p.display).collect(),
            email: v.email,
            birthday: v.birthday,
            gender: v.gender,
            address: v.address,
            kind: v.kind,
            source: v.source,
            tags: v.tags,
            notes: v.notes,
            consent: v.consent,
            consent_date: v.consent_date,
            preferred_channel: v.preferred_channel,
            loyalty_points: v.loyalty_points,
            tier: v.tier,
        }
    }
}

impl CustomerInput {
    pub fn validate(&self, today: NaiveDate) -> Validation<ValidCustomer> {
        let mut errors = Vec::new();
        let name = required_text("name", &self.name, MAX_NAME, &mut errors);

        let mut phones: Vec<Phone> = Vec::new();
        for (i, raw) in self.phones.iter().enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            match normalize_phone(raw) {
                Ok(p) if phones.iter().any(|q| q.e164 == p.e164) => {}
                Ok(p) => phones.push(p),
                Err(e) => errors.push(FieldError::new(format!("phones.{i}"), e.code(), e.to_string())),
            }
        }

        let email = match self.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => {
                let email = normalize_email(raw);
                if email.is_none() {
                    errors.push(FieldError::new(
                        "email",
                        "email_invalid",
                        format!("`{raw}` is not a valid email address"),
                    ));
                }
                email
            }
        };

        if let Some(b) = &self.birthday {
            validate_birthday(b, today, &mut errors);
        }

        let mut tags: Vec<String> = Vec::new();
        for tag in &self.tags {
            let tag = clean_text(tag);
            if tag.is_empty() || tags.iter().any(|t| fold(t) == fold(&tag)) {
                continue;
            }
            if tag.chars().count() > 50 {
                errors.push(FieldError::new("tags", "too_long", "a tag is longer than 50 characters"));
            }
            tags.push(tag);
        }

        if self.loyalty_points < 0 {
            errors.push(FieldError::new("loyaltyPoints", "number_invalid", "loyalty points cannot be negative"));
        }
        let consent_date = match self.consent {
            Consent::Unknown => None,
            _ => Some(self.consent_date.unwrap_or(today)),
        };
        if consent_date.is_some_and(|d| d > today) {
            errors.push(FieldError::new("consentDate", "date_in_future", "consent date is in the future"));
        }

        let valid = ValidCustomer {
            name,
            phones,
            email,
            birthday: self.birthday,
            gender: self.gender,
            address: optional_text("address", &self.address, 500, &mut errors),
            kind: self.kind,
            source: optional_text("source", &self.source, 100, &mut errors),
            tags,
            notes: optional_text("notes", &self.notes, MAX_TEXT, &mut errors),
            consent: self.consent,
            consent_date,
            preferred_channel: self.preferred_channel,
            loyalty_points: self.loyalty_points,
            tier: optional_text("tier", &self.tier, 50, &mut errors),
        };
        if errors.is_empty() { Ok(valid) } else { Err(errors) }
    }
}

impl PurchaseInput {
    pub fn validate(&self, today: NaiveDate) -> Validation<ValidPurchase> {
        let mut errors = Vec::new();
        let date = self.date.unwrap_or(today);
        if date > today {
            errors.push(FieldError::new("date", "date_in_future", "purchase date is in the future"));
        }
        if !(0..=MAX_AMOUNT_VND).contains(&self.amount_vnd) {
            errors.push(FieldError::new(
                "amountVnd",
                "amount_invalid",
                format!("amount must be between 0 and {MAX_AMOUNT_VND} VND"),
            ));
        }
        let items = optional_text("items", &self.items, 1_000, &mut errors);
        if errors.is_empty() {
            Ok(ValidPurchase {
                customer_id: self.customer_id,
                date,
                amount_vnd: self.amount_vnd,
                items,
                staff_id: self.staff_id,
            })
        } else {
            Err(errors)
        }
    }
}

impl NoteInput {
    pub fn validate(&self) -> Validation<ValidNote> {
        let mut errors = Vec::new();
        let body = required_text("body", &self.body, MAX_TEXT, &mut errors);
        if errors.is_empty() {
            Ok(ValidNote { customer_id: self.customer_id, body, staff_id: self.staff_id })
        } else {
            Err(errors)
        }
    }
}

impl StaffInput {
    pub fn validate(&self) -> Validation<ValidStaff> {
        let mut errors = Vec::new();
        let name = required_text("name", &self.name, MAX_NAME, &mut errors);
        if errors.is_empty() { Ok(ValidStaff { name, role: self.role, active: self.active }) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect()
    }

    #[test]
    fn customer_is_cleaned() {
        let input = CustomerInput {
            name: "  Nguye\u{0302}\u{0303}n Văn A ".into(),
            phones: vec!["0901 234 567".into(), "+84901234567".into(), "".into()],
            email: Some(" An@Example.COM ".into()),
            tags: vec!["VIP".into(), "vip".into(), " ".into()],
            consent: Consent::Given,
            ..Default::default()
        };
        let valid = input.validate(today()).expect("valid");
        assert_eq!(valid.name, "Nguyễn Văn A");
        assert_eq!(valid.phones.len(), 1, "the same number twice is kept once");
        assert_eq!(valid.email.as_deref(), Some("an@example.com"));
        assert_eq!(valid.tags, ["VIP"]);
        assert_eq!(valid.consent_date, Some(today()), "consent without a date is dated today");
    }

    #[test]
    fn customer_errors_name_their_fields() {
        let input = CustomerInput {
            name: "   ".into(),
            phones: vec!["0901 234 567".into(), "12".into()],
            email: Some("not-an-email".into()),
            birthday: Some(Birthday { calendar: CalendarKind::Solar, day: 31, month: 2, year: None, leap: false }),
            loyalty_points: -5,
            ..Default::default()
        };
        let errors = input.validate(today()).unwrap_err();
        assert_eq!(
            codes(&errors),
            [
                ("name", "required"),
                ("phones.1", "phone_invalid"),
                ("email", "email_invalid"),
                ("birthday", "date_invalid"),
                ("loyaltyPoints", "number_invalid"),
            ]
        );
    }

    #[test]
    fn birthdays() {
        let cases = [
            (CalendarKind::Solar, 29, 2, None, true),
            (CalendarKind::Solar, 29, 2, Some(2001), false),
            (CalendarKind::Solar, 29, 2, Some(2004), true),
            (CalendarKind::Lunar, 30, 12, None, true),
            (CalendarKind::Lunar, 31, 1, None, false),
            (CalendarKind::Solar, 1, 13, None, false),
            (CalendarKind::Solar, 1, 1, Some(1850), false),
            (CalendarKind::Solar, 24, 11, Some(2026), false),
        ];
        for (calendar, day, month, year, ok) in cases {
            let input = CustomerInput {
                name: "A".into(),
                birthday: Some(Birthday { calendar, day, month, year, leap: false }),
                ..Default::default()
            };
            assert_eq!(input.validate(today()).is_ok(), ok, "{calendar:?} {day}/{month}/{year:?}");
        }
    }

    #[test]
    fn purchases() {
        let ok = PurchaseInput { customer_id: 1, amount_vnd: 1_250_000, ..Default::default() };
        assert_eq!(ok.validate(today()).unwrap().date, today(), "no date means today");
        let bad = PurchaseInput {
            customer_id: 1,
            amount_vnd: -1,
            date: NaiveDate::from_ymd_opt(2026, 12, 1),
            ..Default::default()
        };
        assert_eq!(
            codes(&bad.validate(today()).unwrap_err()),
            [("date", "date_in_future"), ("amountVnd", "amount_invalid")]
        );
    }
}

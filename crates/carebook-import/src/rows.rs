//! Rows of a table become validated customers (and purchases), or problems
//! with the row number, the column and the reason; rows that share a phone
//! number or an email (or, with [`group_rows`], a customer code) become one
//! customer.
//!
//! A row or a customer holds at most [`MAX_PHONES_PER_CUSTOMER`] numbers and
//! [`MAX_TAGS_PER_CUSTOMER`] tags; beyond, the row is a problem. Merging
//! keeps sets of the numbers and tags already held, so a file whose rows all
//! share one email merges in time proportional to its length.

use std::collections::{HashMap, HashSet};

use carebook_core::{
    Birthday, CalendarKind, CustomerInput, FieldError, PurchaseInput, ValidCustomer, digits, fold, validate::MAX_TEXT,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::values::{
    parse_amount, parse_birthday, parse_calendar, parse_channel, parse_consent, parse_gender, parse_kind,
    parse_solar_date, split_phones, split_tags,
};
use crate::{Field, ImportError, Row, Table};

/// Phone numbers one row, or one customer merged from rows, may hold.
pub const MAX_PHONES_PER_CUSTOMER: usize = 10;
/// Tags one row, or one customer merged from rows, may hold.
pub const MAX_TAGS_PER_CUSTOMER: usize = 50;
/// A problem shows this much of the cell it is about.
const MAX_PROBLEM_VALUE_CHARS: usize = 200;

/// One problem of one row. `field` is the customer field (`name`, `phones`,
/// `email`, `birthday`, `birthdayCalendar`, `gender`, `kind`, `consent`,
/// `consentDate`, `preferredChannel`, `loyaltyPoints`, `tags`,
/// `customerCode`, `purchaseDate`, `purchaseAmount`…), `code` a stable
/// reason the UI translates (`required`, `phone_invalid`, `email_invalid`,
/// `date_invalid`, `date_in_future`, `gender_invalid`, `calendar_invalid`,
/// `kind_invalid`, `consent_invalid`, `channel_invalid`, `number_invalid`,
/// `amount_invalid`, `too_long`, `too_many_phones`, `too_many_tags`,
/// `ambiguous_match`), `value` what the cell held (its first 200 characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ImportProblem")]
pub struct Problem {
    /// The customer field the problem is about.
    pub field: String,
    /// A stable reason, translated by the UI.
    pub code: String,
    /// The reason in English, for logs and the CLI.
    pub message: String,
    /// The column (0-based) the value came from, when one did.
    #[ts(optional = nullable)]
    pub column: Option<u32>,
    /// What the cell held.
    pub value: String,
}

/// A row that cannot be imported as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowProblems {
    /// The row number the user sees in the file.
    pub row: u32,
    /// The name in the row, to recognise it (may be empty).
    pub name: String,
    /// Every problem of the row.
    pub problems: Vec<Problem>,
}

/// A purchase a row carries, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPurchase {
    pub date: NaiveDate,
    pub amount_vnd: i64,
    pub items: Option<String>,
}

/// A row that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    /// The row number the user sees in the file.
    pub row: u32,
    pub customer: ValidCustomer,
    pub purchase: Option<ImportPurchase>,
    /// The customer's code in the system the file came from
    /// ([`Field::CustomerCode`]; CareBook's export: the customer id).
    pub code: Option<String>,
    /// The birthday is in the leap month of its lunar year.
    pub birthday_leap: bool,
}

/// Every row of a table, converted: the good rows and the problems.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Converted {
    /// Rows that passed validation, in file order.
    pub rows: Vec<ImportRow>,
    /// Rows that did not, in file order.
    pub problems: Vec<RowProblems>,
    /// Rows with nothing in the imported columns: left out, not problems.
    pub empty_rows: u32,
}

/// Surnames that put a name in Vietnamese order (family name first).
const VIETNAMESE_SURNAMES: &[&str] = &[
    "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ho", "ngo", "duong",
    "ly", "dinh", "dao", "doan", "lam", "mai", "trinh", "truong", "cao", "luu", "ha", "ta", "chau", "quach", "thai",
    "ton", "kieu", "la", "tang", "luong", "to", "khuc", "giang", "hua", "lai", "nghiem", "thach", "tieu", "vuong",
];

/// A name from its parts: `Nguyễn` `Văn` `An` → `Nguyễn Văn An`; `John`
/// `Smith` (given, family) → `John Smith` when the family name is not Vietnamese.
pub fn compose_name(family: &str, middle: &str, given: &str) -> String {
    let vietnamese = VIETNAMESE_SURNAMES.contains(&fold(family).as_str());
    let parts = if vietnamese || given.is_empty() { [family, middle, given] } else { [given, middle, family] };
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

fn problem(field: &str, code: &str, message: impl Into<String>, column: Option<usize>, value: &str) -> Problem {
    let value = match value.char_indices().nth(MAX_PROBLEM_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    };
    Problem {
        field: field.to_owned(),
        code: code.to_owned(),
        message: message.into(),
        column: column.map(|c| c as u32),
        value,
    }
}

/// What one row says, before validation.
struct Draft {
    input: CustomerInput,
    /// The column of each entry of `input.phones`.
    phone_columns: Vec<usize>,
    columns: HashMap<&'static str, usize>,
    problems: Vec<Problem>,
    purchase: Option<ImportPurchase>,
    code: Option<String>,
    birthday_leap: bool,
    empty: bool,
}

/// How a table's cells are read: CareBook's own export joins lists with `; `
/// (a tag may hold a comma there).
#[derive(Clone, Copy)]
struct Style {
    own_export: bool,
}

fn draft(headers: &[String], mapping: &[Field], cells: &[String], today: NaiveDate, style: Style) -> Draft {
    let mut d = Draft {
        input: CustomerInput::default(),
        phone_columns: Vec::new(),
        columns: HashMap::new(),
        problems: Vec::new(),
        purchase: None,
        code: None,
        birthday_leap: false,
        empty: true,
    };
    let mut names: Vec<&str> = Vec::new();
    let (mut family, mut middle, mut given) = (String::new(), String::new(), String::new());
    let mut addresses: Vec<&str> = Vec::new();
    let mut notes: Vec<(usize, &str)> = Vec::new();
    let mut extra_emails: Vec<(usize, &str)> = Vec::new();
    // Distinct numbers and tags seen, to stop at the cap.
    let mut phone_digits: HashSet<String> = HashSet::new();
    let mut tag_keys: HashSet<String> = HashSet::new();
    let (mut too_many_phones, mut too_many_tags): (Option<usize>, Option<usize>) = (None, None);
    let first = |slot: &mut Option<(usize, String)>, i: usize, v: &str| {
        if slot.is_none() {
            *slot = Some((i, v.to_owned()));
        }
    };
    let (mut purchase_date, mut purchase_amount, mut purchase_items) = (None, None, None);
    let (mut birthday, mut calendar, mut gender, mut source) = (None, None, None, None);
    let (mut code, mut kind, mut consent, mut consent_date) = (None, None, None, None);
    let (mut channel, mut points, mut tier) = (None, None, None);

    for (i, field) in mapping.iter().enumerate() {
        let Some(value) = cells.get(i).map(|c| c.trim()).filter(|c| !c.is_empty()) else { continue };
        if *field == Field::Ignore {
            continue;
        }
        d.empty = false;
        d.columns.entry(column_key(*field)).or_insert(i);
        match field {
            Field::Ignore => {}
            Field::Name => names.push(value),
            Field::FamilyName => family = value.to_owned(),
            Field::MiddleName => middle = value.to_owned(),
            Field::GivenName => given = value.to_owned(),
            Field::Phone => {
                for phone in split_phones(value) {
                    if phone_digits.insert(digits(&phone)) && phone_digits.len() > MAX_PHONES_PER_CUSTOMER {
                        too_many_phones.get_or_insert(i);
                        break;
                    }
                    d.input.phones.push(phone);
                    d.phone_columns.push(i);
                }
            }
            Field::Email => {
                if d.input.email.is_none() {
                    d.input.email = Some(value.to_owned());
                } else {
                    extra_emails.push((i, value));
                }
            }
            Field::Birthday => first(&mut birthday, i, value),
            Field::BirthdayCalendar => first(&mut calendar, i, value),
            Field::Gender => first(&mut gender, i, value),
            Field::Address => addresses.push(value),
            Field::Notes => notes.push((i, value)),
            Field::Tags => {
                let tags = if style.own_export {
                    value.split(';').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect()
                } else {
                    split_tags(value)
                };
                for tag in tags {
                    if tag_keys.insert(fold(&tag)) && tag_keys.len() > MAX_TAGS_PER_CUSTOMER {
                        too_many_tags.get_or_insert(i);
                        break;
                    }
                    d.input.tags.push(tag);
                }
            }
            Field::Source => first(&mut source, i, value),
            Field::PurchaseDate => first(&mut purchase_date, i, value),
            Field::PurchaseAmount => first(&mut purchase_amount, i, value),
            Field::PurchaseItems => first(&mut purchase_items, i, value),
            Field::CustomerCode => first(&mut code, i, value),
            Field::Kind => first(&mut kind, i, value),
            Field::Consent => first(&mut consent, i, value),
            Field::ConsentDate => first(&mut consent_date, i, value),
            Field::PreferredChannel => first(&mut channel, i, value),
            Field::LoyaltyPoints => first(&mut points, i, value),
            Field::Tier => first(&mut tier, i, value),
        }
    }

    d.input.name = if names.is_empty() { compose_name(&family, &middle, &given) } else { names.join(" ") };
    if !addresses.is_empty() {
        d.input.address = Some(addresses.join(", "));
    }
    let labelled = notes.len() + extra_emails.len() > 1;
    let mut note_lines: Vec<String> = Vec::new();
    for (i, text) in notes.iter().chain(extra_emails.iter()) {
        let header = headers.get(*i).map_or("", String::as_str);
        note_lines.push(if labelled { format!("{header}: {text}") } else { (*text).to_owned() });
    }
    if !note_lines.is_empty() {
        d.input.notes = Some(note_lines.join("\n"));
    }
    d.input.source = source.map(|(_, v)| v);
    d.input.tier = tier.map(|(_, v)| v);
    if let Some(column) = too_many_phones {
        d.problems.push(problem(
            "phones",
            "too_many_phones",
            format!("a customer has at most {MAX_PHONES_PER_CUSTOMER} phone numbers"),
            Some(column),
            cells.get(column).map_or("", String::as_str),
        ));
    }
    if let Some(column) = too_many_tags {
        d.problems.push(problem(
            "tags",
            "too_many_tags",
            format!("a customer has at most {MAX_TAGS_PER_CUSTOMER} tags"),
            Some(column),
            cells.get(column).map_or("", String::as_str),
        ));
    }
    if let Some((i, text)) = code {
        if text.chars().count() > 100 {
            d.problems.push(problem(
                "customerCode",
                "too_long",
                "a customer code is at most 100 characters",
                Some(i),
                &text,
            ));
        } else {
            d.code = Some(text);
        }
    }

    let calendar = match calendar {
        None => None,
        Some((i, text)) => match parse_calendar(&text) {
            Some(c) => Some(c),
            None => {
                d.problems.push(problem(
                    "birthdayCalendar",
                    "calendar_invalid",
                    format!("`{text}` is not a calendar (Âm lịch, Dương lịch)"),
                    Some(i),
                    &text,
                ));
                None
            }
        },
    };
    if let Some((i, text)) = birthday {
        match parse_birthday(&text, calendar, today) {
            Ok(p) => {
                d.input.birthday = Some(p.birthday);
                d.birthday_leap = p.leap;
            }
            Err(e) => d.problems.push(problem("birthday", e.code, e.message, Some(i), &text)),
        }
    }
    if let Some((i, text)) = gender {
        match parse_gender(&text) {
            Some(g) => d.input.gender = Some(g),
            None => d.problems.push(problem(
                "gender",
                "gender_invalid",
                format!("`{text}` is not a gender (Nam, Nữ, Khác)"),
                Some(i),
                &text,
            )),
        }
    }
    if let Some((i, text)) = kind {
        match parse_kind(&text) {
            Some(k) => d.input.kind = k,
            None => d.problems.push(problem(
                "kind",
                "kind_invalid",
                format!("`{text}` is not a kind of customer (bên ngoài, nội bộ)"),
                Some(i),
                &text,
            )),
        }
    }
    if let Some((i, text)) = consent {
        match parse_consent(&text) {
            Some(c) => d.input.consent = c,
            None => d.problems.push(problem(
                "consent",
                "consent_invalid",
                format!("`{text}` is not a consent (Đã đồng ý, Đã rút lại, Chưa rõ)"),
                Some(i),
                &text,
            )),
        }
    }
    if let Some((i, text)) = consent_date {
        match parse_solar_date(&text, today) {
            Some(date) => d.input.consent_date = Some(date),
            None => d.problems.push(problem(
                "consentDate",
                "date_invalid",
                format!("`{text}` is not a date (dd/mm/yyyy)"),
                Some(i),
                &text,
            )),
        }
    }
    if let Some((i, text)) = channel {
        match parse_channel(&text) {
            Some(c) => d.input.preferred_channel = Some(c),
            None => d.problems.push(problem(
                "preferredChannel",
                "channel_invalid",
                format!("`{text}` is not a channel (Tại cửa hàng, Điện thoại, Zalo, Facebook, Email, Web, Khác)"),
                Some(i),
                &text,
            )),
        }
    }
    if let Some((i, text)) = points {
        match parse_amount(&text) {
            Some(n) => d.input.loyalty_points = n,
            None => d.problems.push(problem(
                "loyaltyPoints",
                "number_invalid",
                format!("`{text}` is not a number of points"),
                Some(i),
                &text,
            )),
        }
    }

    if purchase_date.is_some() || purchase_amount.is_some() || purchase_items.is_some() {
        let mut ok = true;
        let date = match &purchase_date {
            None => {
                d.problems.push(problem("purchaseDate", "required", "a purchase needs its date", None, ""));
                ok = false;
                None
            }
            Some((i, text)) => match parse_solar_date(text, today) {
                Some(date) => Some(date),
                None => {
                    d.problems.push(problem(
                        "purchaseDate",
                        "date_invalid",
                        format!("`{text}` is not a date (dd/mm/yyyy)"),
                        Some(*i),
                        text,
                    ));
                    ok = false;
                    None
                }
            },
        };
        let amount = match &purchase_amount {
            None => 0,
            Some((i, text)) => parse_amount(text).unwrap_or_else(|| {
                d.problems.push(problem(
                    "purchaseAmount",
                    "amount_invalid",
                    format!("`{text}` is not an amount of đồng"),
                    Some(*i),
                    text,
                ));
                ok = false;
                0
            }),
        };
        if ok {
            let input = PurchaseInput {
                customer_id: 0,
                date,
                amount_vnd: amount,
                items: purchase_items.as_ref().map(|(_, v)| v.clone()),
                staff_id: None,
            };
            match input.validate(today) {
                Ok(p) => d.purchase = Some(ImportPurchase { date: p.date, amount_vnd: p.amount_vnd, items: p.items }),
                Err(errors) => {
                    for e in errors {
                        let (field, slot) = match e.field.as_str() {
                            "date" => ("purchaseDate", &purchase_date),
                            "amountVnd" => ("purchaseAmount", &purchase_amount),
                            _ => ("purchaseItems", &purchase_items),
                        };
                        let column = slot.as_ref().map(|s| s.0);
                        let value = slot.as_ref().map_or("", |s| s.1.as_str());
                        d.problems.push(problem(field, &e.code, e.message, column, value));
                    }
                }
            }
        }
    }
    d
}

/// The key under which the first column of a field is remembered, by the
/// names validation uses for its fields.
fn column_key(field: Field) -> &'static str {
    match field {
        Field::Name | Field::FamilyName | Field::MiddleName | Field::GivenName => "name",
        Field::Phone => "phones",
        Field::Email => "email",
        Field::Birthday => "birthday",
        Field::BirthdayCalendar => "birthdayCalendar",
        Field::Gender => "gender",
        Field::Address => "address",
        Field::Notes => "notes",
        Field::Tags => "tags",
        Field::Source => "source",
        Field::PurchaseDate => "purchaseDate",
        Field::PurchaseAmount => "purchaseAmount",
        Field::PurchaseItems => "purchaseItems",
        Field::CustomerCode => "customerCode",
        Field::Kind => "kind",
        Field::Consent => "consent",
        Field::ConsentDate => "consentDate",
        Field::PreferredChannel => "preferredChannel",
        Field::LoyaltyPoints => "loyaltyPoints",
        Field::Tier => "tier",
        Field::Ignore => "",
    }
}

fn validation_problem(d: &Draft, e: FieldError) -> Problem {
    if let Some(index) = e.field.strip_prefix("phones.").and_then(|i| i.parse::<usize>().ok()) {
        let value = d.input.phones.get(index).cloned().unwrap_or_default();
        return problem("phones", &e.code, e.message, d.phone_columns.get(index).copied(), &value);
    }
    let column = d.columns.get(e.field.as_str()).copied();
    let value = match e.field.as_str() {
        "name" => d.input.name.clone(),
        "email" => d.input.email.clone().unwrap_or_default(),
        "birthday" => d.input.birthday.map(|b| birthday_text(&b)).unwrap_or_default(),
        "address" => d.input.address.clone().unwrap_or_default(),
        "source" => d.input.source.clone().unwrap_or_default(),
        "tier" => d.input.tier.clone().unwrap_or_default(),
        "consentDate" => d.input.consent_date.map(|c| c.format("%d/%m/%Y").to_string()).unwrap_or_default(),
        "loyaltyPoints" => d.input.loyalty_points.to_string(),
        _ => String::new(),
    };
    problem(&e.field, &e.code, e.message, column, &value)
}

fn birthday_text(b: &Birthday) -> String {
    let calendar = if b.calendar == CalendarKind::Lunar { " (ÂL)" } else { "" };
    match b.year {
        Some(y) => format!("{:02}/{:02}/{y}{calendar}", b.day, b.month),
        None => format!("{:02}/{:02}{calendar}", b.day, b.month),
    }
}

/// Converts and validates every row. `mapping` has one field per column
/// (missing entries are `Ignore`). Large tables are converted on every core,
/// in slices whose results are joined in row order.
pub fn convert(table: &Table, mapping: &[Field], today: NaiveDate) -> Converted {
    let style = Style { own_export: crate::own_export::is_carebook_export(&table.headers) };
    convert_parallel(&table.headers, &table.rows, mapping, today, style)
}

/// Converts rows as they are read (from a [`crate::FileReader`]), without
/// holding the file's table: batches of rows are converted on every core.
/// Stops at the first error of the reader (a damaged file, a cancel).
pub fn convert_rows<I>(
    headers: &[String],
    rows: I,
    mapping: &[Field],
    today: NaiveDate,
) -> Result<Converted, ImportError>
where
    I: IntoIterator<Item = Result<Row, ImportError>>,
{
    let mut out = Converted::default();
    convert_stream(headers, rows, mapping, today, 32 * 1024, |mut part| {
        out.rows.append(&mut part.rows);
        out.problems.append(&mut part.problems);
        out.empty_rows += part.empty_rows;
        Ok(())
    })?;
    Ok(out)
}

/// Converts rows as they are read, `batch` rows at a time (each batch on
/// every core), handing each converted batch to `sink` in file order:
/// nothing of the file is held beyond one batch. Stops at the first error
/// of the reader or of `sink`.
pub fn convert_stream<I>(
    headers: &[String],
    rows: I,
    mapping: &[Field],
    today: NaiveDate,
    batch: usize,
    mut sink: impl FnMut(Converted) -> Result<(), ImportError>,
) -> Result<(), ImportError>
where
    I: IntoIterator<Item = Result<Row, ImportError>>,
{
    let style = Style { own_export: crate::own_export::is_carebook_export(headers) };
    let batch = batch.max(1);
    let mut pending: Vec<Row> = Vec::with_capacity(batch);
    let mut rows = rows.into_iter();
    loop {
        let next = rows.next().transpose()?;
        let end = next.is_none();
        pending.extend(next);
        if pending.len() >= batch || (end && !pending.is_empty()) {
            sink(convert_parallel(headers, &pending, mapping, today, style))?;
            pending.clear();
        }
        if end {
            return Ok(());
        }
    }
}

fn convert_parallel(headers: &[String], rows: &[Row], mapping: &[Field], today: NaiveDate, style: Style) -> Converted {
    const SLICE: usize = 4096;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads < 2 || rows.len() < 2 * SLICE {
        return convert_slice(headers, rows, mapping, today, style);
    }
    let per_thread = rows.len().div_ceil(threads);
    let parts: Vec<Converted> = std::thread::scope(|scope| {
        let handles: Vec<_> = rows
            .chunks(per_thread)
            .map(|rows| scope.spawn(move || convert_slice(headers, rows, mapping, today, style)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut out = Converted::default();
    for mut part in parts {
        out.rows.append(&mut part.rows);
        out.problems.append(&mut part.problems);
        out.empty_rows += part.empty_rows;
    }
    out
}

fn convert_slice(headers: &[String], rows: &[Row], mapping: &[Field], today: NaiveDate, style: Style) -> Converted {
    let mut out = Converted::default();
    for row in rows {
        let mut d = draft(headers, mapping, &row.cells, today, style);
        if d.empty {
            out.empty_rows += 1;
            continue;
        }
        let validated = d.input.validate(today);
        let mut problems = std::mem::take(&mut d.problems);
        match validated {
            Ok(customer) if problems.is_empty() => {
                out.rows.push(ImportRow {
                    row: row.number,
                    customer,
                    purchase: d.purchase,
                    code: d.code,
                    birthday_leap: d.birthday_leap,
                });
                continue;
            }
            Ok(_) => {}
            Err(errors) => {
                let mut from_validation: Vec<Problem> = errors.into_iter().map(|e| validation_problem(&d, e)).collect();
                from_validation.append(&mut problems);
                problems = from_validation;
            }
        }
        out.problems.push(RowProblems { row: row.number, name: d.input.name.trim().to_owned(), problems });
    }
    out
}

/// How notes meet when two records of one customer merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergedNotes {
    /// Both texts end up in the customer's notes (rows of one file).
    Append,
    /// The existing customer's notes stay as they are; the other text is
    /// handed back, to be kept as a separate note in the history.
    KeepExisting,
}

fn contains_folded(haystack: &str, needle: &str) -> bool {
    fold(haystack).contains(&fold(needle))
}

/// Merges `other` into `base`: `base`'s non-empty fields are kept, its empty
/// ones filled, phones and tags united (in time proportional to both; many
/// rows into one customer: [`group_rows`]). Returns the text that did not go into
/// `base` (other notes, a second email) under [`MergedNotes::KeepExisting`].
pub fn merge_customer(base: &mut ValidCustomer, other: &ValidCustomer, notes: MergedNotes) -> Option<String> {
    if base.name.is_empty() {
        base.name = other.name.clone();
    }
    let mut phones: HashSet<String> = base.phones.iter().map(|p| p.e164.clone()).collect();
    for phone in &other.phones {
        if phones.insert(phone.e164.clone()) {
            base.phones.push(phone.clone());
        }
    }
    let mut leftover: Vec<String> = Vec::new();
    match (&base.email, &other.email) {
        (None, Some(e)) => base.email = Some(e.clone()),
        (Some(a), Some(b)) if a != b => leftover.push(format!("Email: {b}")),
        _ => {}
    }
    base.birthday = base.birthday.or(other.birthday);
    base.gender = base.gender.or(other.gender);
    if base.address.is_none() {
        base.address = other.address.clone();
    }
    if base.source.is_none() {
        base.source = other.source.clone();
    }
    if base.tier.is_none() {
        base.tier = other.tier.clone();
    }
    base.preferred_channel = base.preferred_channel.or(other.preferred_channel);
    let mut tags: HashSet<String> = base.tags.iter().map(|t| fold(t)).collect();
    for tag in &other.tags {
        if tags.insert(fold(tag)) {
            base.tags.push(tag.clone());
        }
    }
    if let Some(text) = &other.notes {
        match &base.notes {
            None => base.notes = Some(text.clone()),
            Some(existing) if contains_folded(existing, text) => {}
            Some(_) => leftover.insert(0, text.clone()),
        }
    }
    if leftover.is_empty() {
        return None;
    }
    let leftover = leftover.join("\n");
    match notes {
        MergedNotes::KeepExisting => Some(leftover),
        MergedNotes::Append => {
            let joined = match &base.notes {
                Some(existing) => format!("{existing}\n{leftover}"),
                None => leftover,
            };
            // Notes stay within the length a person may type.
            base.notes = Some(joined.chars().take(MAX_TEXT).collect());
            None
        }
    }
}

/// One field a merge changes, as text: for the merge preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeChange {
    /// `phones`, `email`, `birthday`, `gender`, `address`, `source`, `tags`, `notes`.
    pub field: String,
    #[ts(optional = nullable)]
    pub before: Option<String>,
    pub after: String,
}

/// What merging changed, field by field.
pub fn changes(before: &ValidCustomer, after: &ValidCustomer) -> Vec<MergeChange> {
    let mut out = Vec::new();
    let mut push = |field: &str, b: Option<String>, a: Option<String>| {
        if b != a
            && let Some(a) = a
        {
            out.push(MergeChange { field: field.to_owned(), before: b, after: a });
        }
    };
    let phones = |c: &ValidCustomer| {
        (!c.phones.is_empty()).then(|| c.phones.iter().map(|p| p.display.as_str()).collect::<Vec<_>>().join(", "))
    };
    push("phones", phones(before), phones(after));
    push("email", before.email.clone(), after.email.clone());
    push("birthday", before.birthday.as_ref().map(birthday_text), after.birthday.as_ref().map(birthday_text));
    push("gender", before.gender.map(|g| g.as_str().to_owned()), after.gender.map(|g| g.as_str().to_owned()));
    push("address", before.address.clone(), after.address.clone());
    push("source", before.source.clone(), after.source.clone());
    let tags = |c: &ValidCustomer| (!c.tags.is_empty()).then(|| c.tags.join(", "));
    push("tags", tags(before), tags(after));
    push("notes", before.notes.clone(), after.notes.clone());
    out
}

/// Rows of one customer: the first row's number comes first.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The rows merged into this customer, in file order.
    pub rows: Vec<u32>,
    /// The customer the rows make together.
    pub customer: ValidCustomer,
    /// Each purchase with the row it came from.
    pub purchases: Vec<(u32, ImportPurchase)>,
    /// The first row's customer code ([`Field::CustomerCode`]).
    pub code: Option<String>,
    /// The kept birthday is in the leap month of its lunar year.
    pub birthday_leap: bool,
}

/// Rows grouped into customers, and the rows that could not join theirs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grouped {
    /// One per customer, in the order of their first rows.
    pub groups: Vec<Group>,
    /// Rows that would take their customer past [`MAX_PHONES_PER_CUSTOMER`]
    /// or [`MAX_TAGS_PER_CUSTOMER`], in row order.
    pub problems: Vec<RowProblems>,
}

/// Groups rows that share a normalised phone number or email (directly or
/// through other rows) and merges each group into one customer, in file
/// order. Merged customers are not capped: see [`group_rows`].
pub fn group(rows: Vec<ImportRow>) -> Vec<Group> {
    group_with(rows, false).groups
}

/// Groups rows into customers, as [`group`] does, with two differences: a
/// row with a customer code is grouped by its code alone (two customers of
/// CareBook's export who share a family phone stay two; rows without a code
/// group by phone and email among themselves), and a row that would take
/// its customer past [`MAX_PHONES_PER_CUSTOMER`] numbers or
/// [`MAX_TAGS_PER_CUSTOMER`] tags is not merged but reported.
pub fn group_rows(rows: Vec<ImportRow>) -> Grouped {
    group_with(rows, true)
}

/// What a row is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Phone(&'a str),
    Email(&'a str),
    Code(&'a str),
}

fn keys(row: &ImportRow, by_code: bool) -> Vec<Key<'_>> {
    match (&row.code, by_code) {
        (Some(code), true) => vec![Key::Code(code)],
        _ => row
            .customer
            .phones
            .iter()
            .map(|p| Key::Phone(p.e164.as_str()))
            .chain(row.customer.email.as_deref().map(Key::Email))
            .collect(),
    }
}

fn group_with(rows: Vec<ImportRow>, checked: bool) -> Grouped {
    let mut parent: Vec<usize> = (0..rows.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: HashMap<Key<'_>, usize> = HashMap::with_capacity(rows.len() * 2);
    for (i, row) in rows.iter().enumerate() {
        for key in keys(row, checked) {
            match owner.get(&key) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    // The earlier row stays the root, so groups keep file order.
                    if a != b {
                        let (keep, join) = if a < b { (a, b) } else { (b, a) };
                        parent[join] = keep;
                    }
                }
                None => {
                    owner.insert(key, i);
                }
            }
        }
    }
    let roots: Vec<usize> = (0..rows.len()).map(|i| root(&mut parent, i)).collect();
    drop(owner);
    let mut index_of_root: HashMap<usize, usize> = HashMap::new();
    let mut merging: Vec<Merging> = Vec::new();
    let mut problems: Vec<RowProblems> = Vec::new();
    for (row, r) in rows.into_iter().zip(roots) {
        match index_of_root.get(&r) {
            Some(&g) => {
                let target = &mut merging[g];
                match if checked { target.admits(&row) } else { Ok(()) } {
                    Ok(()) => target.merge(row),
                    Err(p) => {
                        problems.push(RowProblems { row: row.row, name: row.customer.name.clone(), problems: vec![p] })
                    }
                }
            }
            None => {
                index_of_root.insert(r, merging.len());
                merging.push(Merging::new(row));
            }
        }
    }
    problems.sort_by_key(|p| p.row);
    Grouped { groups: merging.into_iter().map(|m| m.group).collect(), problems }
}

/// The keys [`group_rows`] joins a row on, as text: its customer code
/// when it has one (`c:…`), else its phones (`p:+84…`) and email (`e:…`).
/// Rows that share a key (directly or through other rows) are one customer.
pub fn group_keys(row: &ImportRow) -> Vec<String> {
    keys(row, true)
        .into_iter()
        .map(|k| match k {
            Key::Phone(p) => format!("p:{p}"),
            Key::Email(e) => format!("e:{e}"),
            Key::Code(c) => format!("c:{c}"),
        })
        .collect()
}

/// One customer merged from its rows as they come, for a caller that knows
/// the groups already (from [`group_keys`]): the same merge and the same
/// caps as [`group_rows`].
pub struct GroupBuilder(Merging);

impl GroupBuilder {
    /// A customer from its first row.
    pub fn new(row: ImportRow) -> GroupBuilder {
        GroupBuilder(Merging::new(row))
    }

    /// Merges a later row in, unless it would take the customer past
    /// [`MAX_PHONES_PER_CUSTOMER`] or [`MAX_TAGS_PER_CUSTOMER`]: that row is
    /// handed back as a problem and left out.
    pub fn add(&mut self, row: ImportRow) -> Result<(), RowProblems> {
        match self.0.admits(&row) {
            Ok(()) => {
                self.0.merge(row);
                Ok(())
            }
            Err(p) => Err(RowProblems { row: row.row, name: row.customer.name.clone(), problems: vec![p] }),
        }
    }

    pub fn finish(self) -> Group {
        self.0.group
    }
}

/// A customer being merged from rows. Once a second row joins, what it
/// holds is kept in sets too: each further row costs its own size, not the
/// customer's (a customer of one row, the usual case, keeps no sets).
struct Merging {
    group: Group,
    sets: Option<Box<Held>>,
}

/// What a merged customer holds, for merging more rows in.
struct Held {
    phones: HashSet<String>,
    tags: HashSet<String>,
    /// The notes folded, and folded texts known to be in them.
    notes_folded: String,
    notes_seen: HashSet<String>,
    /// The notes are as long as they may be: nothing more goes in.
    notes_full: bool,
}

impl Held {
    fn of(c: &ValidCustomer) -> Held {
        let mut held = Held {
            phones: c.phones.iter().map(|p| p.e164.clone()).collect(),
            tags: c.tags.iter().map(|t| fold(t)).collect(),
            notes_folded: String::new(),
            notes_seen: HashSet::new(),
            notes_full: false,
        };
        held.notes_changed(c);
        held
    }

    fn notes_changed(&mut self, c: &ValidCustomer) {
        let notes = c.notes.as_deref().unwrap_or("");
        self.notes_folded = fold(notes);
        self.notes_full = notes.chars().count() >= MAX_TEXT;
    }
}

impl Merging {
    fn new(row: ImportRow) -> Merging {
        Merging {
            sets: None,
            group: Group {
                rows: vec![row.row],
                purchases: row.purchase.map(|p| (row.row, p)).into_iter().collect(),
                code: row.code,
                birthday_leap: row.birthday_leap,
                customer: row.customer,
            },
        }
    }

    fn held(&mut self) -> &mut Held {
        let customer = &self.group.customer;
        self.sets.get_or_insert_with(|| Box::new(Held::of(customer)))
    }

    /// Whether the row may join without taking the customer past a cap.
    fn admits(&mut self, row: &ImportRow) -> Result<(), Problem> {
        let first = self.group.rows[0];
        let held = self.held();
        let phones = row.customer.phones.iter().filter(|p| !held.phones.contains(&p.e164)).count();
        if held.phones.len() + phones > MAX_PHONES_PER_CUSTOMER {
            return Err(problem(
                "phones",
                "too_many_phones",
                format!(
                    "with row {first} (the same customer) this customer would have more than \
                     {MAX_PHONES_PER_CUSTOMER} phone numbers"
                ),
                None,
                "",
            ));
        }
        let tags: HashSet<String> =
            row.customer.tags.iter().map(|t| fold(t)).filter(|t| !held.tags.contains(t)).collect();
        if held.tags.len() + tags.len() > MAX_TAGS_PER_CUSTOMER {
            return Err(problem(
                "tags",
                "too_many_tags",
                format!(
                    "with row {first} (the same customer) this customer would have more than \
                     {MAX_TAGS_PER_CUSTOMER} tags"
                ),
                None,
                "",
            ));
        }
        Ok(())
    }

    /// [`merge_customer`] with [`MergedNotes::Append`], in the row's time.
    fn merge(&mut self, row: ImportRow) {
        self.held();
        let Merging { group: g, sets: Some(held) } = self else { return };
        let other = row.customer;
        g.rows.push(row.row);
        g.purchases.extend(row.purchase.map(|p| (row.row, p)));
        let base = &mut g.customer;
        if base.name.is_empty() {
            base.name = other.name;
        }
        for phone in other.phones {
            if held.phones.insert(phone.e164.clone()) {
                base.phones.push(phone);
            }
        }
        let mut leftover: Vec<String> = Vec::new();
        match (&base.email, other.email) {
            (None, Some(e)) => base.email = Some(e),
            (Some(a), Some(b)) if *a != b => leftover.push(format!("Email: {b}")),
            _ => {}
        }
        if base.birthday.is_none() && other.birthday.is_some() {
            base.birthday = other.birthday;
            g.birthday_leap = row.birthday_leap;
        }
        base.gender = base.gender.or(other.gender);
        if base.address.is_none() {
            base.address = other.address;
        }
        if base.source.is_none() {
            base.source = other.source;
        }
        if base.tier.is_none() {
            base.tier = other.tier;
        }
        base.preferred_channel = base.preferred_channel.or(other.preferred_channel);
        for tag in other.tags {
            if held.tags.insert(fold(&tag)) {
                base.tags.push(tag);
            }
        }
        if held.notes_full {
            return; // the notes are full: a merge would cut whatever it adds
        }
        if let Some(text) = other.notes {
            if base.notes.is_none() {
                base.notes = Some(text);
                held.notes_changed(base);
            } else {
                let key = fold(&text);
                if held.notes_seen.contains(&key) || held.notes_folded.contains(&key) {
                    held.notes_seen.insert(key);
                } else {
                    leftover.insert(0, text);
                }
            }
        }
        if leftover.is_empty() || held.notes_full {
            return;
        }
        let leftover = leftover.join("\n");
        let joined = match &base.notes {
            Some(existing) => format!("{existing}\n{leftover}"),
            None => leftover,
        };
        // Notes stay within the length a person may type.
        base.notes = Some(joined.chars().take(MAX_TEXT).collect());
        held.notes_changed(base);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use carebook_core::{CalendarKind, Phone};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            headers: headers.iter().map(|s| s.to_string()).collect(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row { number: i as u32 + 2, cells: r.iter().map(|s| s.to_string()).collect() })
                .collect(),
        }
    }

    #[test]
    fn the_calendar_column_decides_the_birthday() {
        use CalendarKind::*;
        type Want<'a> = Result<(CalendarKind, u8, u8, Option<i32>, bool), (&'a str, &'a str)>;
        let cases: &[(&str, &str, Want)] = &[
            ("29/02/1967", "Âm lịch", Ok((Lunar, 29, 2, Some(1967), false))),
            ("29/02/1967", "lunar", Ok((Lunar, 29, 2, Some(1967), false))),
            ("29/02/1967", "Dương lịch", Err(("birthday", "date_invalid"))),
            ("29/02/1967", "", Err(("birthday", "date_invalid"))),
            ("29/02/1968", "Solar", Ok((Solar, 29, 2, Some(1968), false))),
            ("15/04 nhuận", "Âm lịch", Ok((Lunar, 15, 4, None, true))),
            ("30/04", "Âm lịch", Ok((Lunar, 30, 4, None, false))),
            ("31/05", "Âm lịch", Err(("birthday", "date_invalid"))),
            ("15/04", "lịch gì", Err(("birthdayCalendar", "calendar_invalid"))),
            // The year's range is validation's: a lunar birth year in the future is refused too.
            ("01/01/2030", "Âm lịch", Err(("birthday", "date_invalid"))),
        ];
        for (birthday, calendar, want) in cases {
            let t = table(&["Tên", "Ngày sinh", "Loại lịch"], &[&["An", birthday, calendar]]);
            let converted = convert(&t, &[Field::Name, Field::Birthday, Field::BirthdayCalendar], today());
            let got: Want = match (converted.rows.first(), converted.problems.first()) {
                (Some(r), None) => {
                    let b = r.customer.birthday.unwrap();
                    Ok((b.calendar, b.day, b.month, b.year, r.birthday_leap))
                }
                (None, Some(p)) => Err((p.problems[0].field.as_str(), p.problems[0].code.as_str())),
                _ => panic!("one row in, one result out"),
            };
            assert_eq!(got, *want, "{birthday:?} with {calendar:?}");
        }
    }

    #[test]
    fn the_other_fields_of_a_customer() {
        let t = table(
            &["Tên", "Mã", "Loại", "Đồng ý", "Ngày đồng ý", "Kênh", "Điểm", "Hạng"],
            &[
                &["An", "17", "Nội bộ", "Đã đồng ý", "2026-01-05", "Zalo", "1.250", "Vàng"],
                &["Bình", "", "", "Đã rút lại", "05/02/2026", "", "", ""],
                &["Chi", "", "ai đó", "có lẽ", "mai", "bồ câu", "-3", ""],
            ],
        );
        let mapping = [
            Field::Name,
            Field::CustomerCode,
            Field::Kind,
            Field::Consent,
            Field::ConsentDate,
            Field::PreferredChannel,
            Field::LoyaltyPoints,
            Field::Tier,
        ];
        let converted = convert(&t, &mapping, today());
        let an = &converted.rows[0];
        assert_eq!(an.code.as_deref(), Some("17"));
        let c = &an.customer;
        assert_eq!(c.kind, carebook_core::CustomerKind::Internal);
        assert_eq!(c.consent, carebook_core::Consent::Given);
        assert_eq!(c.consent_date, NaiveDate::from_ymd_opt(2026, 1, 5));
        assert_eq!(c.preferred_channel, Some(carebook_core::Channel::Zalo));
        assert_eq!(c.loyalty_points, 1250);
        assert_eq!(c.tier.as_deref(), Some("Vàng"));
        let binh = &converted.rows[1].customer;
        assert_eq!(binh.consent, carebook_core::Consent::Withdrawn);
        assert_eq!(binh.consent_date, NaiveDate::from_ymd_opt(2026, 2, 5));
        let codes: Vec<(&str, &str)> =
            converted.problems[0].problems.iter().map(|p| (p.field.as_str(), p.code.as_str())).collect();
        assert_eq!(
            codes,
            [
                ("kind", "kind_invalid"),
                ("consent", "consent_invalid"),
                ("consentDate", "date_invalid"),
                ("preferredChannel", "channel_invalid"),
                ("loyaltyPoints", "number_invalid"),
            ]
        );
    }

    #[test]
    fn a_row_holds_at_most_ten_phones_and_fifty_tags() {
        let phones = |n: usize| (0..n).map(|i| format!("090{:07}", 1_000_000 + i)).collect::<Vec<_>>().join("; ");
        let tags = |n: usize| (0..n).map(|i| format!("nhãn {i}")).collect::<Vec<_>>().join(", ");
        let cases: &[(String, String, &[&str])] = &[
            (phones(10), tags(50), &[]),
            (phones(11), tags(1), &["too_many_phones"]),
            (phones(1), tags(51), &["too_many_tags"]),
            // The same number or tag twice counts once.
            (format!("{}; {}", phones(10), phones(10)), format!("{}, {}", tags(50), tags(50)), &[]),
            (phones(100_000), tags(100_000), &["too_many_phones", "too_many_tags"]),
        ];
        for (phone_cell, tag_cell, want) in cases {
            let t = table(&["Tên", "SĐT", "Nhãn"], &[&["An", phone_cell, tag_cell]]);
            let converted = convert(&t, &[Field::Name, Field::Phone, Field::Tags], today());
            let got: Vec<&str> =
                converted.problems.iter().flat_map(|p| p.problems.iter().map(|q| q.code.as_str())).collect();
            assert_eq!(got, *want, "{} phones, {} tags", phone_cell.len(), tag_cell.len());
            if let Some(p) = converted.problems.first() {
                assert!(p.problems[0].value.chars().count() <= MAX_PROBLEM_VALUE_CHARS + 1, "the cell is shortened");
            }
        }
    }

    fn customer(name: &str, phones: &[&str], email: Option<&str>, tags: &[&str], notes: Option<&str>) -> ValidCustomer {
        CustomerInput {
            name: name.into(),
            phones: phones.iter().map(|s| s.to_string()).collect(),
            email: email.map(str::to_owned),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            notes: notes.map(str::to_owned),
            ..Default::default()
        }
        .validate(today())
        .unwrap()
    }

    fn row(n: u32, c: ValidCustomer) -> ImportRow {
        ImportRow { row: n, customer: c, purchase: None, code: None, birthday_leap: false }
    }

    #[test]
    fn grouping_merges_as_merge_customer_does() {
        // Rows linked by phone or email, with notes and tags that repeat, differ
        // in case and accents, or are contained in earlier notes.
        let notes = [Some("Khách quen"), Some("khach quen"), None, Some("Dị ứng"), Some("Quen"), Some("Mới")];
        let tags = [&["VIP"][..], &["vip", "Sỉ"], &[], &["Khách sỉ, lẻ"], &["sỉ"], &["Mới"]];
        let mut rows = Vec::new();
        for i in 0..60u32 {
            let k = i as usize;
            let phone = format!("0901{:06}", k % 7);
            let email = k.is_multiple_of(4).then(|| format!("k{}@x.vn", k % 3));
            let c = customer(&format!("K {i}"), &[&phone], email.as_deref(), tags[k % 6], notes[k % 6]);
            rows.push(row(i + 2, c));
        }
        let groups = group(rows.clone());
        // The same by merging each row into the first of its group, one by one.
        for g in &groups {
            let mut members = rows.iter().filter(|r| g.rows.contains(&r.row));
            let mut want = members.next().unwrap().customer.clone();
            for r in members {
                merge_customer(&mut want, &r.customer, MergedNotes::Append);
            }
            assert_eq!(g.customer, want, "group of rows {:?}", g.rows);
        }
        assert_eq!(groups.iter().map(|g| g.rows.len()).sum::<usize>(), 60);
    }

    fn fast_row(n: u32, phone: usize, email: Option<&str>, code: Option<&str>) -> ImportRow {
        // Numbers built directly: the test is about merging, not normalising.
        let e164 = format!("+849{phone:08}");
        let c = ValidCustomer {
            phones: vec![Phone { display: e164.clone(), e164 }],
            email: email.map(str::to_owned),
            ..customer("K", &[], None, &[], None)
        };
        ImportRow { code: code.map(str::to_owned), ..row(n, c) }
    }

    #[test]
    fn codes_group_alone_and_merged_customers_are_capped() {
        // Two customers of CareBook's export who share a family phone stay two.
        let rows =
            vec![fast_row(2, 1, None, Some("7")), fast_row(3, 1, None, Some("8")), fast_row(4, 2, None, Some("7"))];
        let grouped = group_rows(rows.clone());
        let by_rows: Vec<Vec<u32>> = grouped.groups.iter().map(|g| g.rows.clone()).collect();
        assert_eq!(by_rows, [vec![2, 4], vec![3]]);
        assert_eq!(grouped.groups[0].code.as_deref(), Some("7"));
        let plain: Vec<Vec<u32>> = group(rows).iter().map(|g| g.rows.clone()).collect();
        assert_eq!(plain, [vec![2, 3], vec![4]], "without codes the shared phone joins them");

        // Rows sharing one email: the customer takes 10 numbers, then the rows are problems.
        let rows: Vec<ImportRow> = (0..15).map(|i| fast_row(i + 2, i as usize, Some("a@x.vn"), None)).collect();
        let grouped = group_rows(rows);
        assert_eq!(grouped.groups.len(), 1);
        assert_eq!(grouped.groups[0].customer.phones.len(), MAX_PHONES_PER_CUSTOMER);
        let problem_rows: Vec<u32> = grouped.problems.iter().map(|p| p.row).collect();
        assert_eq!(problem_rows, (12..17).collect::<Vec<u32>>());
        assert_eq!(grouped.problems[0].problems[0].code, "too_many_phones");
    }
}

//! Rows of a table become validated customers (and purchases), or problems
//! with the row number, the column and the reason; rows that share a phone
//! number or an email become one customer.

use std::collections::HashMap;

use carebook_core::{Birthday, CustomerInput, FieldError, PurchaseInput, ValidCustomer, fold, validate::MAX_TEXT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::values::{parse_amount, parse_date, parse_gender, split_phones, split_tags};
use crate::{Field, Table};

/// One problem of one row. `field` is the customer field (`name`, `phones`,
/// `email`, `birthday`, `gender`, `purchaseDate`, `purchaseAmount`…), `code`
/// a stable reason the UI translates (`required`, `phone_invalid`,
/// `email_invalid`, `date_invalid`, `date_in_future`, `gender_invalid`,
/// `amount_invalid`, `too_long`, `ambiguous_match`), `value` what the cell held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "ImportProblem")]
pub struct Problem {
    pub field: String,
    pub code: String,
    pub message: String,
    /// The column (0-based) the value came from, when one did.
    #[ts(optional = nullable)]
    pub column: Option<u32>,
    pub value: String,
}

/// A row that cannot be imported as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowProblems {
    pub row: u32,
    /// The name in the row, to recognise it (may be empty).
    pub name: String,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPurchase {
    pub date: NaiveDate,
    pub amount_vnd: i64,
    pub items: Option<String>,
}

/// A row that passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    pub row: u32,
    pub customer: ValidCustomer,
    pub purchase: Option<ImportPurchase>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Converted {
    pub rows: Vec<ImportRow>,
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
    Problem {
        field: field.to_owned(),
        code: code.to_owned(),
        message: message.into(),
        column: column.map(|c| c as u32),
        value: value.to_owned(),
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
    empty: bool,
}

fn draft(table: &Table, mapping: &[Field], cells: &[String], today: NaiveDate) -> Draft {
    let mut d = Draft {
        input: CustomerInput::default(),
        phone_columns: Vec::new(),
        columns: HashMap::new(),
        problems: Vec::new(),
        purchase: None,
        empty: true,
    };
    let mut names: Vec<&str> = Vec::new();
    let (mut family, mut middle, mut given) = (String::new(), String::new(), String::new());
    let mut addresses: Vec<&str> = Vec::new();
    let mut notes: Vec<(usize, &str)> = Vec::new();
    let mut extra_emails: Vec<(usize, &str)> = Vec::new();
    let (mut purchase_date, mut purchase_amount, mut purchase_items) = (None, None, None);
    let first = |slot: &mut Option<(usize, String)>, i: usize, v: &str| {
        if slot.is_none() {
            *slot = Some((i, v.to_owned()));
        }
    };
    let (mut birthday, mut gender, mut source) = (None, None, None);

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
            Field::Gender => first(&mut gender, i, value),
            Field::Address => addresses.push(value),
            Field::Notes => notes.push((i, value)),
            Field::Tags => d.input.tags.extend(split_tags(value)),
            Field::Source => first(&mut source, i, value),
            Field::PurchaseDate => first(&mut purchase_date, i, value),
            Field::PurchaseAmount => first(&mut purchase_amount, i, value),
            Field::PurchaseItems => first(&mut purchase_items, i, value),
        }
    }

    d.input.name = if names.is_empty() { compose_name(&family, &middle, &given) } else { names.join(" ") };
    if !addresses.is_empty() {
        d.input.address = Some(addresses.join(", "));
    }
    let labelled = notes.len() + extra_emails.len() > 1;
    let mut note_lines: Vec<String> = Vec::new();
    for (i, text) in notes.iter().chain(extra_emails.iter()) {
        note_lines.push(if labelled { format!("{}: {text}", table.headers[*i]) } else { (*text).to_owned() });
    }
    if !note_lines.is_empty() {
        d.input.notes = Some(note_lines.join("\n"));
    }
    d.input.source = source.map(|(_, v)| v);
    if let Some((i, text)) = birthday {
        match parse_date(&text, today) {
            Some(p) => {
                d.input.birthday = Some(Birthday {
                    calendar: p.calendar,
                    day: p.day as u8,
                    month: p.month as u8,
                    year: p.year,
                    leap: false,
                })
            }
            None => d.problems.push(problem(
                "birthday",
                "date_invalid",
                format!("`{text}` is not a date (dd/mm/yyyy)"),
                Some(i),
                &text,
            )),
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

    if purchase_date.is_some() || purchase_amount.is_some() || purchase_items.is_some() {
        let mut ok = true;
        let date = match &purchase_date {
            None => {
                d.problems.push(problem("purchaseDate", "required", "a purchase needs its date", None, ""));
                ok = false;
                None
            }
            Some((i, text)) => match parse_date(text, today).and_then(|p| p.to_date()) {
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
        Field::Gender => "gender",
        Field::Address => "address",
        Field::Notes => "notes",
        Field::Tags => "tags",
        Field::Source => "source",
        Field::PurchaseDate => "purchaseDate",
        Field::PurchaseAmount => "purchaseAmount",
        Field::PurchaseItems => "purchaseItems",
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
        _ => String::new(),
    };
    problem(&e.field, &e.code, e.message, column, &value)
}

fn birthday_text(b: &Birthday) -> String {
    match b.year {
        Some(y) => format!("{:02}/{:02}/{y}", b.day, b.month),
        None => format!("{:02}/{:02}", b.day, b.month),
    }
}

/// Converts and validates every row. `mapping` has one field per column
/// (missing entries are `Ignore`). Large tables are converted on every core,
/// in slices whose results are joined in row order.
pub fn convert(table: &Table, mapping: &[Field], today: NaiveDate) -> Converted {
    const SLICE: usize = 4096;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
    if threads < 2 || table.rows.len() < 2 * SLICE {
        return convert_rows(table, &table.rows, mapping, today);
    }
    let per_thread = table.rows.len().div_ceil(threads);
    let parts: Vec<Converted> = std::thread::scope(|scope| {
        let handles: Vec<_> = table
            .rows
            .chunks(per_thread)
            .map(|rows| scope.spawn(move || convert_rows(table, rows, mapping, today)))
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

fn convert_rows(table: &Table, rows: &[crate::Row], mapping: &[Field], today: NaiveDate) -> Converted {
    let mut out = Converted::default();
    for row in rows {
        let mut d = draft(table, mapping, &row.cells, today);
        if d.empty {
            out.empty_rows += 1;
            continue;
        }
        let validated = d.input.validate(today);
        let mut problems = std::mem::take(&mut d.problems);
        match validated {
            Ok(customer) if problems.is_empty() => {
                out.rows.push(ImportRow { row: row.number, customer, purchase: d.purchase });
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
/// ones filled, phones and tags united. Returns the text that did not go into
/// `base` (other notes, a second email) under [`MergedNotes::KeepExisting`].
pub fn merge_customer(base: &mut ValidCustomer, other: &ValidCustomer, notes: MergedNotes) -> Option<String> {
    if base.name.is_empty() {
        base.name = other.name.clone();
    }
    for phone in &other.phones {
        if !base.phones.iter().any(|p| p.e164 == phone.e164) {
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
    for tag in &other.tags {
        if !base.tags.iter().any(|t| fold(t) == fold(tag)) {
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
    pub rows: Vec<u32>,
    pub customer: ValidCustomer,
    /// Each purchase with the row it came from.
    pub purchases: Vec<(u32, ImportPurchase)>,
}

/// Groups rows that share a normalised phone number or email (directly or
/// through other rows) and merges each group into one customer, in file order.
pub fn group(rows: Vec<ImportRow>) -> Vec<Group> {
    let mut parent: Vec<usize> = (0..rows.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: HashMap<&str, usize> = HashMap::with_capacity(rows.len() * 2);
    for (i, row) in rows.iter().enumerate() {
        let keys = row.customer.phones.iter().map(|p| p.e164.as_str()).chain(row.customer.email.as_deref());
        for key in keys {
            match owner.get(key) {
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
    let mut groups: Vec<Group> = Vec::new();
    for (row, r) in rows.into_iter().zip(roots) {
        match index_of_root.get(&r) {
            Some(&g) => {
                let group = &mut groups[g];
                group.rows.push(row.row);
                merge_customer(&mut group.customer, &row.customer, MergedNotes::Append);
                group.purchases.extend(row.purchase.map(|p| (row.row, p)));
            }
            None => {
                index_of_root.insert(r, groups.len());
                groups.push(Group {
                    rows: vec![row.row],
                    customer: row.customer,
                    purchases: row.purchase.map(|p| (row.row, p)).into_iter().collect(),
                });
            }
        }
    }
    groups
}

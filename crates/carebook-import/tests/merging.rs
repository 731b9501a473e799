//! A file whose 250,000 rows share one email: every row joins the same
//! customer. Merging used to scan the customer's phones and tags for every
//! row (hours for this file); it keeps sets now, and the customer stops at
//! its caps with the rest of the rows reported.

mod common;

use carebook_core::{Phone, ValidCustomer};
use carebook_import::{ImportRow, MAX_PHONES_PER_CUSTOMER, group, group_rows};

const ROWS: usize = 250_000;

fn rows() -> Vec<ImportRow> {
    let base =
        carebook_core::CustomerInput { name: "Khách".into(), ..Default::default() }.validate(common::today()).unwrap();
    (0..ROWS)
        .map(|i| {
            let e164 = format!("+849{i:08}");
            let customer = ValidCustomer {
                phones: vec![Phone { display: e164.clone(), e164 }],
                email: Some("chung@example.com".into()),
                tags: vec![format!("nhãn {}", i % 40)],
                notes: Some(format!("ghi chú {i}")),
                ..base.clone()
            };
            ImportRow { row: i as u32 + 2, customer, purchase: None, code: None, birthday_leap: false }
        })
        .collect()
}

#[test]
fn a_quarter_million_rows_sharing_one_email_merge_in_linear_time() {
    let grouped = group_rows(rows());
    assert_eq!(grouped.groups.len(), 1);
    let customer = &grouped.groups[0].customer;
    assert_eq!(customer.phones.len(), MAX_PHONES_PER_CUSTOMER);
    assert_eq!(customer.tags.len(), 10, "the tags of the rows that joined");
    assert_eq!(grouped.groups[0].rows.len(), MAX_PHONES_PER_CUSTOMER);
    assert_eq!(grouped.problems.len(), ROWS - MAX_PHONES_PER_CUSTOMER, "every other row is reported");
    assert_eq!(grouped.problems[0].row, MAX_PHONES_PER_CUSTOMER as u32 + 2);
    assert_eq!(grouped.problems[0].problems[0].code, "too_many_phones");

    // Without caps (the grouping the preview used so far) the merge is linear too.
    let groups = group(rows());
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].customer.phones.len(), ROWS);
    assert_eq!(groups[0].customer.tags.len(), 40);
    let notes = groups[0].customer.notes.as_deref().unwrap();
    assert_eq!(notes.chars().count(), carebook_core::validate::MAX_TEXT, "notes stop at what a person may type");
}

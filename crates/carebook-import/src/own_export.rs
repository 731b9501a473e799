//! CareBook's own customer export, recognised by its exact set of headers
//! (Vietnamese or English) so that nothing of it is guessed: every column
//! maps to its field, the customer code and the birthday's calendar included.
//!
//! The table below is a copy of the customer columns the export writes
//! (`carebook-store`, `export.rs`), which this crate cannot depend on; lists
//! in a cell (phones, tags) are joined with [`LIST_SEPARATOR`] there, and CSV
//! cells that a spreadsheet would run as a formula got a leading `'`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Field;
use crate::columns::header_key;

/// How the export joins several values (phones, tags) in one cell.
pub const LIST_SEPARATOR: &str = "; ";

/// The customer columns of CareBook's export, in its order: the JSON key,
/// the Vietnamese and the English header, and the field each is imported as
/// (totals and timestamps the book derives or keeps itself are not imported).
pub const CUSTOMER_EXPORT_COLUMNS: &[(&str, &str, &str, Field)] = &[
    ("id", "Mã khách hàng", "Customer ID", Field::CustomerCode),
    ("name", "Họ và tên", "Full name", Field::Name),
    ("phones", "Số điện thoại", "Phone numbers", Field::Phone),
    ("email", "Email", "Email", Field::Email),
    ("birthday", "Ngày sinh", "Birthday", Field::Birthday),
    ("birthdayCalendar", "Loại lịch", "Calendar", Field::BirthdayCalendar),
    ("gender", "Giới tính", "Gender", Field::Gender),
    ("address", "Địa chỉ", "Address", Field::Address),
    ("kind", "Loại khách hàng", "Customer type", Field::Kind),
    ("source", "Nguồn khách", "Source", Field::Source),
    ("tags", "Nhãn", "Tags", Field::Tags),
    ("notes", "Ghi chú", "Notes", Field::Notes),
    ("consent", "Đồng ý nhận ưu đãi", "Consent to offers", Field::Consent),
    ("consentDate", "Ngày đồng ý / rút lại", "Consent date", Field::ConsentDate),
    ("preferredChannel", "Kênh liên lạc ưa thích", "Preferred channel", Field::PreferredChannel),
    ("loyaltyPoints", "Điểm tích luỹ", "Loyalty points", Field::LoyaltyPoints),
    ("tier", "Hạng thành viên", "Membership tier", Field::Tier),
    ("purchaseCount", "Số lần mua", "Purchases", Field::Ignore),
    ("totalSpentVnd", "Tổng chi tiêu", "Total spent", Field::Ignore),
    ("lastPurchase", "Mua gần nhất", "Last purchase", Field::Ignore),
    ("archivedAt", "Ngày lưu trữ", "Archived at", Field::Ignore),
    ("createdAt", "Ngày tạo", "Created at", Field::Ignore),
    ("updatedAt", "Cập nhật lần cuối", "Updated at", Field::Ignore),
];

/// What a file is, as far as the import can tell from its headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ImportFileKind")]
pub enum FileKind {
    /// A list kept elsewhere: its columns are guessed.
    #[default]
    Other,
    /// CareBook's own customer export: its columns are known.
    CarebookExport,
}

/// The fields of the columns when `headers` are exactly those of CareBook's
/// customer export, in one language and in any order.
pub fn export_mapping(headers: &[String]) -> Option<Vec<Field>> {
    if headers.len() != CUSTOMER_EXPORT_COLUMNS.len() {
        return None;
    }
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    for vietnamese in [true, false] {
        let table: Vec<(String, Field)> =
            CUSTOMER_EXPORT_COLUMNS.iter().map(|c| (header_key(if vietnamese { c.1 } else { c.2 }), c.3)).collect();
        let mut mapping = Vec::with_capacity(keys.len());
        let mut used = vec![false; table.len()];
        for key in &keys {
            match table.iter().position(|(k, _)| k == key) {
                Some(i) if !used[i] => {
                    used[i] = true;
                    mapping.push(table[i].1);
                }
                _ => break,
            }
        }
        if mapping.len() == keys.len() {
            return Some(mapping);
        }
    }
    None
}

/// Whether `headers` are exactly those of CareBook's customer export.
pub fn is_carebook_export(headers: &[String]) -> bool {
    export_mapping(headers).is_some()
}

/// What a file with these headers is.
pub fn file_kind(headers: &[String]) -> FileKind {
    if is_carebook_export(headers) { FileKind::CarebookExport } else { FileKind::Other }
}

/// A CSV cell as the export wrote it, without the `'` it put before text a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first).
pub(crate) fn undefuse(cell: &mut String) {
    let mut chars = cell.chars();
    if chars.next() == Some('\'') && matches!(chars.next(), Some('=' | '+' | '-' | '@' | '\t' | '\r')) {
        cell.remove(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(headers: &[&str]) -> Vec<String> {
        headers.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn recognised_by_the_exact_set_of_headers() {
        let vi: Vec<&str> = CUSTOMER_EXPORT_COLUMNS.iter().map(|c| c.1).collect();
        let en: Vec<&str> = CUSTOMER_EXPORT_COLUMNS.iter().map(|c| c.2).collect();
        assert!(is_carebook_export(&owned(&vi)));
        assert!(is_carebook_export(&owned(&en)));
        let mut shuffled = vi.clone();
        shuffled.reverse();
        let mapping = export_mapping(&owned(&shuffled)).unwrap();
        assert_eq!(mapping[shuffled.len() - 1], Field::CustomerCode, "any order, each header its field");
        assert_eq!(file_kind(&owned(&en)), FileKind::CarebookExport);

        let mut missing = vi.clone();
        missing.pop();
        let mut mixed = vi.clone();
        mixed[1] = en[1];
        let mut doubled = vi.clone();
        doubled[2] = vi[1];
        let mut extra = vi.clone();
        extra.push("Cột thêm");
        for headers in [missing, mixed, doubled, extra, vec!["Tên", "SĐT"]] {
            assert!(!is_carebook_export(&owned(&headers)), "{headers:?}");
            assert_eq!(file_kind(&owned(&headers)), FileKind::Other);
        }
    }

    #[test]
    fn formula_guards_are_removed() {
        for (cell, want) in [
            ("'+33 6 12 34 56 78", "+33 6 12 34 56 78"),
            ("'-50% cho lần sau", "-50% cho lần sau"),
            ("'=HYPERLINK()", "=HYPERLINK()"),
            ("'bình thường", "'bình thường"),
            ("Nguyễn Văn An", "Nguyễn Văn An"),
            ("'", "'"),
            ("", ""),
        ] {
            let mut s = cell.to_owned();
            undefuse(&mut s);
            assert_eq!(s, want, "{cell:?}");
        }
    }
}

//! Which column holds which field, guessed from Vietnamese and English
//! headers (accents, case and punctuation do not matter) and, when a header
//! says nothing, from what the column holds. The user can change every choice.

use carebook_core::{fold, normalize_email, normalize_phone};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Table;

/// What a column of the file is imported as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename = "ImportField")]
pub enum Field {
    /// Not imported.
    #[default]
    Ignore,
    /// The full name. Several name columns are joined with a space.
    Name,
    /// Họ. Used, with the middle and given names, when there is no full name.
    FamilyName,
    /// Tên đệm.
    MiddleName,
    /// Tên.
    GivenName,
    /// One or several phone numbers; any number of columns.
    Phone,
    /// The first email found is the customer's; further ones go to the notes.
    Email,
    /// Ngày sinh: solar or lunar, the year optional (`15/08 âm lịch`,
    /// `15/04 nhuận`); its calendar may come from a [`Field::BirthdayCalendar`] column.
    Birthday,
    /// Giới tính: `Nam`, `Nữ`, `Khác`, `Male`…
    Gender,
    /// Địa chỉ; several columns are joined with commas.
    Address,
    /// Any number of columns; with several, each note is labelled by its header.
    Notes,
    /// Any number of columns; a cell may hold several tags separated by commas.
    Tags,
    /// Nguồn khách: where the customer came from.
    Source,
    /// Ngày mua: the date of a purchase the row carries.
    PurchaseDate,
    /// Số tiền: the amount of that purchase, in đồng.
    PurchaseAmount,
    /// Sản phẩm: what was bought.
    PurchaseItems,
    /// The customer's code in the system the file came from (CareBook's
    /// export: the customer id), to find the same customer again.
    CustomerCode,
    /// Loại lịch: the calendar of the birthday (`Âm lịch`/`Dương lịch`,
    /// `lunar`/`solar`).
    BirthdayCalendar,
    /// Loại khách hàng: external (buyer) or internal (colleague).
    Kind,
    /// Đồng ý nhận ưu đãi: consent to offers (given, withdrawn, unknown).
    Consent,
    /// The date consent was given or withdrawn.
    ConsentDate,
    /// Kênh liên lạc ưa thích: in store, phone, Zalo, Facebook…
    PreferredChannel,
    /// Điểm tích luỹ: loyalty points.
    LoyaltyPoints,
    /// Hạng thành viên: membership tier.
    Tier,
}

impl Field {
    /// Every field, in the order the UI lists them.
    pub const ALL: &'static [Field] = &[
        Field::Ignore,
        Field::Name,
        Field::FamilyName,
        Field::MiddleName,
        Field::GivenName,
        Field::Phone,
        Field::Email,
        Field::Birthday,
        Field::Gender,
        Field::Address,
        Field::Notes,
        Field::Tags,
        Field::Source,
        Field::PurchaseDate,
        Field::PurchaseAmount,
        Field::PurchaseItems,
        Field::CustomerCode,
        Field::BirthdayCalendar,
        Field::Kind,
        Field::Consent,
        Field::ConsentDate,
        Field::PreferredChannel,
        Field::LoyaltyPoints,
        Field::Tier,
    ];

    /// The stable name of the field (the CLI's `--column COLUMN=FIELD`).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Ignore => "ignore",
            Field::Name => "name",
            Field::FamilyName => "family_name",
            Field::MiddleName => "middle_name",
            Field::GivenName => "given_name",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Birthday => "birthday",
            Field::Gender => "gender",
            Field::Address => "address",
            Field::Notes => "notes",
            Field::Tags => "tags",
            Field::Source => "source",
            Field::PurchaseDate => "purchase_date",
            Field::PurchaseAmount => "purchase_amount",
            Field::PurchaseItems => "purchase_items",
            Field::CustomerCode => "customer_code",
            Field::BirthdayCalendar => "birthday_calendar",
            Field::Kind => "kind",
            Field::Consent => "consent",
            Field::ConsentDate => "consent_date",
            Field::PreferredChannel => "preferred_channel",
            Field::LoyaltyPoints => "loyalty_points",
            Field::Tier => "tier",
        }
    }

    /// The field named by [`Field::as_str`].
    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.as_str() == s)
    }

    /// Fields that several columns may feed.
    pub fn repeatable(self) -> bool {
        matches!(self, Field::Phone | Field::Email | Field::Notes | Field::Tags | Field::Address | Field::Name)
    }
}

/// A header folded for comparison: no accents, lower case, punctuation as spaces.
pub fn header_key(header: &str) -> String {
    let folded = fold(header);
    let spaced: String = folded.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Known headers, folded. Google Contacts' numbered columns
/// (`Phone 1 - Value`, `E-mail 2 - Value`, `Address 1 - Formatted`) are
/// recognised by their shape in [`by_header`].
const ALIASES: &[(Field, &[&str])] = &[
    (
        Field::Name,
        &[
            "ten khach hang",
            "ten khach",
            "ho ten",
            "ho va ten",
            "ho ten khach hang",
            "ho va ten khach hang",
            "ten day du",
            "ten kh",
            "khach hang",
            "ten",
            "name",
            "full name",
            "customer name",
            "customer",
            "display name",
            "contact name",
            "client name",
        ],
    ),
    (Field::FamilyName, &["ho", "family name", "last name", "surname"]),
    (Field::MiddleName, &["ten dem", "ten lot", "middle name", "additional name"]),
    (Field::GivenName, &["ten rieng", "given name", "first name"]),
    (
        Field::Phone,
        &[
            "dien thoai",
            "so dien thoai",
            "sdt",
            "so dt",
            "dt",
            "dtdd",
            "di dong",
            "so di dong",
            "dien thoai di dong",
            "dien thoai lien he",
            "so zalo",
            "zalo",
            "phone",
            "phone number",
            "mobile",
            "mobile phone",
            "cell",
            "cell phone",
            "tel",
            "telephone",
            "home phone",
            "work phone",
            "business phone",
            "primary phone",
            "other phone",
        ],
    ),
    (Field::Email, &["email", "e mail", "mail", "dia chi email", "thu dien tu", "email address", "e mail address"]),
    (
        Field::Birthday,
        &["ngay sinh", "sinh nhat", "ngay thang nam sinh", "birthday", "birth date", "date of birth", "dob"],
    ),
    (Field::Gender, &["gioi tinh", "gender", "sex", "phai"]),
    (Field::Address, &["dia chi", "dia chi lien he", "dia chi giao hang", "address", "home address", "street address"]),
    (Field::Notes, &["ghi chu", "note", "notes", "comment", "comments", "nhan xet", "mo ta", "description"]),
    (
        Field::Tags,
        &[
            "nhan",
            "the",
            "tag",
            "tags",
            "labels",
            "group membership",
            "nhom",
            "nhom khach hang",
            "phan loai",
            "loai khach",
            "loai khach hang",
            "categories",
            "category",
        ],
    ),
    (Field::Source, &["nguon", "nguon khach", "nguon khach hang", "source", "lead source"]),
    (Field::BirthdayCalendar, &["loai lich", "lich", "lich sinh nhat", "calendar", "birthday calendar"]),
    // "Loại khách hàng" stays a tag column in other files (VIP, khách sỉ…);
    // only CareBook's own export means the kind by it.
    (Field::Kind, &["customer type", "customer kind"]),
    (Field::Consent, &["dong y nhan uu dai", "dong y nhan tin", "consent", "consent to offers", "marketing consent"]),
    (Field::ConsentDate, &["ngay dong y", "ngay dong y rut lai", "consent date"]),
    (Field::PreferredChannel, &["kenh lien lac", "kenh lien lac ua thich", "kenh ua thich", "preferred channel"]),
    (Field::LoyaltyPoints, &["diem tich luy", "diem thuong", "loyalty points", "points", "reward points"]),
    (Field::Tier, &["hang thanh vien", "hang khach hang", "membership tier", "tier", "membership level"]),
    (
        Field::PurchaseDate,
        &["ngay mua", "ngay mua hang", "ngay giao dich", "ngay hoa don", "purchase date", "order date", "date", "ngay"],
    ),
    (
        Field::PurchaseAmount,
        &[
            "so tien",
            "thanh tien",
            "tong tien",
            "tong cong",
            "gia tri",
            "gia tri don hang",
            "doanh thu",
            "amount",
            "total",
            "order total",
            "tien",
        ],
    ),
    (
        Field::PurchaseItems,
        &[
            "san pham",
            "mat hang",
            "hang hoa",
            "dich vu",
            "san pham dich vu",
            "items",
            "products",
            "product",
            "don hang",
        ],
    ),
];

/// The field a header names, if it names one.
pub fn by_header(header: &str) -> Option<Field> {
    let key = header_key(header);
    if key.is_empty() {
        return None;
    }
    if let Some((field, _)) = ALIASES.iter().find(|(_, names)| names.contains(&key.as_str())) {
        return Some(*field);
    }
    // Google Contacts and vCards: "phone 1 value", "e mail 2 value", "phone 1",
    // "address 1 formatted"; their "… type"/"… label" columns say nothing.
    let words: Vec<&str> = key.split(' ').collect();
    let numbered = |w: &&str| w.bytes().all(|b| b.is_ascii_digit());
    match words.as_slice() {
        ["phone", n] | ["phone", n, "value"] if numbered(n) => Some(Field::Phone),
        ["e", "mail", n] | ["e", "mail", n, "value"] | ["email", n] | ["email", n, "value"] if numbered(n) => {
            Some(Field::Email)
        }
        ["address", n, "formatted"] if numbered(n) => Some(Field::Address),
        _ => {
            // "Số điện thoại 2", "SĐT 2", "Điện thoại di động (Zalo)"
            let stem = words.iter().filter(|w| !numbered(w)).copied().collect::<Vec<_>>().join(" ");
            ALIASES
                .iter()
                .find(|(field, names)| *field == Field::Phone && names.contains(&stem.as_str()))
                .map(|(field, _)| *field)
        }
    }
}

/// Whether the first row of a file is a header: it is, unless nothing in it
/// is a known header and something in it is a phone number or an email.
pub(crate) fn looks_like_header(cells: &[String]) -> bool {
    if cells.iter().any(|c| by_header(c).is_some()) {
        return true;
    }
    !cells.iter().any(|c| looks_like_phone(c) || normalize_email(c).is_some())
}

fn looks_like_phone(cell: &str) -> bool {
    cell.chars().filter(char::is_ascii_digit).count() >= 9 && normalize_phone(cell).is_ok()
}

/// Guesses the field of every column: by header first; a column whose header
/// says nothing is a phone or email column when most (60 %) of its values are.
/// Single-valued fields go to their first column only; a `Tên` column next to
/// a `Họ` column is the given name.
///
/// CareBook's own export is recognised by its headers and mapped exactly,
/// nothing guessed ([`crate::own_export::export_mapping`]); the customer
/// code column is mapped only there.
pub fn guess_mapping(table: &Table) -> Vec<Field> {
    if let Some(mapping) = crate::own_export::export_mapping(&table.headers) {
        return mapping;
    }
    let mut mapping: Vec<Field> = table.headers.iter().map(|h| by_header(h).unwrap_or_default()).collect();
    let has_family = mapping.contains(&Field::FamilyName);
    for (i, field) in mapping.iter_mut().enumerate() {
        if has_family && *field == Field::Name && header_key(&table.headers[i]) == "ten" {
            *field = Field::GivenName;
        }
    }
    for (i, field) in mapping.iter_mut().enumerate() {
        if *field != Field::Ignore {
            continue;
        }
        let samples: Vec<&str> =
            table.rows.iter().take(100).map(|r| r.cells[i].as_str()).filter(|c| !c.is_empty()).take(30).collect();
        if samples.is_empty() {
            continue;
        }
        let share = |pred: &dyn Fn(&str) -> bool| samples.iter().filter(|s| pred(s)).count() * 10 >= samples.len() * 6;
        if share(&|s| normalize_email(s).is_some()) {
            *field = Field::Email;
        } else if share(&|s| looks_like_phone(s)) {
            *field = Field::Phone;
        }
    }
    let mut seen: Vec<Field> = Vec::new();
    for field in &mut mapping {
        if *field == Field::Ignore {
            continue;
        }
        // The full name appears once in a guess; several name columns are the user's choice.
        let single = !field.repeatable() || *field == Field::Name;
        if single && seen.contains(field) {
            *field = Field::Ignore;
        } else {
            seen.push(*field);
        }
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Row;

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
    fn vietnamese_and_english_headers() {
        let cases: &[(&str, Option<Field>)] = &[
            ("Tên khách hàng", Some(Field::Name)),
            ("HỌ TÊN", Some(Field::Name)),
            ("Họ và tên", Some(Field::Name)),
            ("Name", Some(Field::Name)),
            ("Điện thoại", Some(Field::Phone)),
            ("SĐT", Some(Field::Phone)),
            ("Số điện thoại 2", Some(Field::Phone)),
            ("Phone 1 - Value", Some(Field::Phone)),
            ("Phone 1 - Type", None),
            ("Phone 2 - Label", None),
            ("E-mail 1 - Value", Some(Field::Email)),
            ("Email", Some(Field::Email)),
            ("Ngày sinh", Some(Field::Birthday)),
            ("Birthday", Some(Field::Birthday)),
            ("Giới tính", Some(Field::Gender)),
            ("Địa chỉ", Some(Field::Address)),
            ("Address 1 - Formatted", Some(Field::Address)),
            ("Address 1 - Street", None),
            ("Ghi chú", Some(Field::Notes)),
            ("Notes", Some(Field::Notes)),
            ("Group Membership", Some(Field::Tags)),
            ("Labels", Some(Field::Tags)),
            ("Given Name", Some(Field::GivenName)),
            ("Family Name", Some(Field::FamilyName)),
            ("Ngày mua", Some(Field::PurchaseDate)),
            ("Thành tiền", Some(Field::PurchaseAmount)),
            ("Sản phẩm", Some(Field::PurchaseItems)),
            ("Loại lịch", Some(Field::BirthdayCalendar)),
            ("Đồng ý nhận ưu đãi", Some(Field::Consent)),
            ("Kênh liên lạc ưa thích", Some(Field::PreferredChannel)),
            ("Điểm tích lũy", Some(Field::LoyaltyPoints)),
            ("Hạng thành viên", Some(Field::Tier)),
            ("Customer type", Some(Field::Kind)),
            // Other systems' codes are not CareBook's: never guessed.
            ("Mã khách hàng", None),
            ("Customer ID", None),
            ("Loại khách hàng", Some(Field::Tags)),
            ("Cột lạ", None),
            ("", None),
        ];
        for (header, want) in cases {
            assert_eq!(by_header(header), *want, "{header:?}");
        }
    }

    #[test]
    fn content_decides_when_the_header_says_nothing() {
        let t = table(
            &["Khách", "Liên lạc", "Hộp thư", "Tên"],
            &[&["An", "0901 234 567", "an@x.vn", "x"], &["Bình", "0912345678", "binh@x.vn", "y"]],
        );
        assert_eq!(guess_mapping(&t), [Field::Ignore, Field::Phone, Field::Email, Field::Name]);
    }

    #[test]
    fn single_fields_take_their_first_column() {
        let t = table(&["Họ", "Tên", "Ngày sinh", "Sinh nhật", "SĐT", "Điện thoại"], &[]);
        assert_eq!(
            guess_mapping(&t),
            [Field::FamilyName, Field::GivenName, Field::Birthday, Field::Ignore, Field::Phone, Field::Phone]
        );
    }

    #[test]
    fn carebook_exports_are_mapped_not_guessed() {
        let headers: Vec<&str> = crate::own_export::CUSTOMER_EXPORT_COLUMNS.iter().map(|c| c.1).collect();
        let t = table(&headers, &[]);
        let mapping = guess_mapping(&t);
        let want: Vec<Field> = crate::own_export::CUSTOMER_EXPORT_COLUMNS.iter().map(|c| c.3).collect();
        assert_eq!(mapping, want);
        assert_eq!(mapping[0], Field::CustomerCode);
        assert_eq!(mapping[8], Field::Kind, "`Loại khách hàng` is the kind in CareBook's export");
        assert_eq!(mapping[17], Field::Ignore, "purchase counts are the book's own");
        for field in Field::ALL {
            assert_eq!(Field::parse(field.as_str()), Some(*field));
        }
    }

    #[test]
    fn header_or_data() {
        let row = |cells: &[&str]| cells.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(looks_like_header(&row(&["Tên", "SĐT"])));
        assert!(looks_like_header(&row(&["Cột A", "Cột B"])));
        assert!(!looks_like_header(&row(&["Nguyễn An", "0901 234 567"])));
        assert!(!looks_like_header(&row(&["an@example.com"])));
    }
}

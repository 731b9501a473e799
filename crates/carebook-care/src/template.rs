//! Message templates: a Vietnamese and an English text with placeholders in
//! braces (`{ten}` or `{name}` …, see [`placeholders`]); `{{` and `}}` are
//! literal braces. [`check`] refuses unknown or unclosed placeholders;
//! [`render`] fills them from a [`TemplateContext`], leaving no double space
//! where a value is missing.

use carebook_core::export::Lang;
use carebook_core::{CalendarKind, CareTaskKind, FieldError, Gender};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::BirthdayDate;
use crate::error::TemplateError;
use crate::text::{dmy, field_error, group_digits};

/// What a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    FullName,
    Title,
    Shop,
    LastPurchase,
    Points,
    Tier,
    Date,
    Staff,
    Birthday,
}

/// One placeholder: its Vietnamese and English spellings (they mean the same
/// in either language's text) and what it is replaced by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Placeholder {
    /// The Vietnamese spelling, without braces (`ten`).
    pub name_vi: &'static str,
    /// The English spelling, without braces (`name`).
    pub name_en: &'static str,
    /// What it stands for, in Vietnamese.
    pub description_vi: &'static str,
    /// What it stands for, in English.
    pub description_en: &'static str,
    #[serde(skip)]
    #[ts(skip)]
    field: Field,
}

const fn ph(
    name_vi: &'static str,
    name_en: &'static str,
    description_vi: &'static str,
    description_en: &'static str,
    field: Field,
) -> Placeholder {
    Placeholder { name_vi, name_en, description_vi, description_en, field }
}

/// The placeholders, in the order the help lists them.
const PLACEHOLDERS: &[Placeholder] = &[
    ph(
        "ten",
        "name",
        "Tên gọi của khách (chữ cuối của họ tên: Nguyễn Thị Lan → Lan)",
        "The name to address the customer by (the last word of a Vietnamese full name)",
        Field::Name,
    ),
    ph("ho_ten", "full_name", "Họ và tên đầy đủ của khách", "The customer's full name", Field::FullName),
    ph(
        "xung_ho",
        "title",
        "Cách xưng hô theo giới tính: anh / chị (bạn khi chưa rõ)",
        "Mr / Ms from the gender (empty when unknown)",
        Field::Title,
    ),
    ph("cua_hang", "shop", "Tên cửa hàng", "The shop's name", Field::Shop),
    ph(
        "lan_mua_cuoi",
        "last_purchase",
        "Ngày mua gần nhất (dd/mm/yyyy)",
        "Date of the last purchase (dd/mm/yyyy)",
        Field::LastPurchase,
    ),
    ph("diem", "points", "Điểm tích lũy hiện có (1.234)", "Loyalty points balance (1.234)", Field::Points),
    ph("hang", "tier", "Hạng thành viên", "Loyalty tier", Field::Tier),
    ph("ngay", "date", "Ngày của việc chăm sóc (dd/mm/yyyy)", "Due date of the care task (dd/mm/yyyy)", Field::Date),
    ph("nhan_vien", "staff", "Nhân viên phụ trách", "The staff member who does the task", Field::Staff),
    ph(
        "sinh_nhat",
        "birthday",
        "Ngày sinh nhật (dd/mm, kèm \"âm lịch\" nếu là lịch âm)",
        "Birthday (dd/mm, with \"lunar\" for lunar birthdays)",
        Field::Birthday,
    ),
];

/// Every placeholder a template may use, for the UI's help.
pub fn placeholders() -> &'static [Placeholder] {
    PLACEHOLDERS
}

/// A placeholder name as typed (spaces around it and ASCII case ignored).
fn lookup(name: &str) -> Option<Field> {
    let name = name.trim().to_ascii_lowercase();
    PLACEHOLDERS.iter().find(|p| p.name_vi == name || p.name_en == name).map(|p| p.field)
}

/// A piece of a parsed template.
#[derive(Debug, PartialEq)]
enum Piece<'a> {
    Text(String),
    Field(Field),
    /// Text that is not a valid placeholder: kept as typed when rendering.
    Bad(&'a str, TemplateError),
}

fn char_at(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

fn parse(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(i) = rest.find(['{', '}']) {
        literal.push_str(&rest[..i]);
        let brace = &rest[i..];
        let (consumed, piece) = if brace.starts_with("{{") {
            literal.push('{');
            (2, None)
        } else if brace.starts_with("}}") {
            literal.push('}');
            (2, None)
        } else if brace.starts_with('}') {
            // A lone closing brace is ordinary text.
            literal.push('}');
            (1, None)
        } else {
            let inner = &brace[1..];
            let at = char_at(text, offset + i);
            match inner.find(['}', '{', '\n']) {
                Some(j) if inner.as_bytes()[j] == b'}' => {
                    let name = &inner[..j];
                    let piece = if name.trim().is_empty() {
                        Piece::Bad(&brace[..j + 2], TemplateError::EmptyPlaceholder { at })
                    } else {
                        match lookup(name) {
                            Some(field) => Piece::Field(field),
                            None => Piece::Bad(
                                &brace[..j + 2],
                                TemplateError::UnknownPlaceholder { name: name.trim().to_owned() },
                            ),
                        }
                    };
                    (j + 2, Some(piece))
                }
                // Unclosed: the brace stays as text, the rest is read on.
                _ => (1, Some(Piece::Bad(&brace[..1], TemplateError::UnclosedBrace { at }))),
            }
        };
        if let Some(piece) = piece {
            if !literal.is_empty() {
                pieces.push(Piece::Text(std::mem::take(&mut literal)));
            }
            pieces.push(piece);
        }
        offset += i + consumed;
        rest = &rest[i + consumed..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    pieces
}

/// Checks a template text: every placeholder known, every brace closed.
/// Returns the first problem.
pub fn check(text: &str) -> Result<(), TemplateError> {
    parse(text).into_iter().find_map(|p| if let Piece::Bad(_, e) = p { Some(e) } else { None }).map_or(Ok(()), Err)
}

/// Whether `text` fills in the loyalty tier (`{hang}` / `{tier}`): its value
/// costs a read of the customer's ledger, done only when it is used.
pub fn uses_tier(text: &str) -> bool {
    parse(text).iter().any(|p| matches!(p, Piece::Field(Field::Tier)))
}

/// The values a template is filled with. Everything is optional: a missing
/// value renders as nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TemplateContext {
    /// The language of the text being rendered: picks `anh/chị` or `Mr/Ms`
    /// and the birthday's wording.
    pub lang: Lang,
    /// The customer's full name, e.g. `Nguyễn Thị Lan`.
    pub customer_name: String,
    /// For `anh` / `chị` / `bạn`, `Mr` / `Ms`.
    #[ts(optional = nullable)]
    pub gender: Option<Gender>,
    /// The shop's name.
    #[ts(optional = nullable)]
    pub shop: Option<String>,
    /// The day of the last purchase.
    #[ts(optional = nullable)]
    pub last_purchase: Option<NaiveDate>,
    /// The loyalty points balance.
    #[ts(optional = nullable)]
    pub points: Option<i64>,
    /// The tier's name in the text's language.
    #[ts(optional = nullable)]
    pub tier: Option<String>,
    /// The care task's due date.
    #[ts(optional = nullable)]
    pub due_date: Option<NaiveDate>,
    /// Who does the task.
    #[ts(optional = nullable)]
    pub staff: Option<String>,
    /// The customer's birthday.
    #[ts(optional = nullable)]
    pub birthday: Option<BirthdayDate>,
}

/// The name to address a customer by: the last word of the full name (a
/// Vietnamese name ends with the given name: `Nguyễn Thị Lan` → `Lan`).
pub fn given_name(full_name: &str) -> &str {
    full_name.split_whitespace().next_back().unwrap_or("")
}

/// How the text addresses the customer: `anh` / `chị` / `bạn`, or `Mr` / `Ms` / nothing.
pub fn title(gender: Option<Gender>, lang: Lang) -> &'static str {
    match (lang, gender) {
        (Lang::Vi, Some(Gender::Male)) => "anh",
        (Lang::Vi, Some(Gender::Female)) => "chị",
        (Lang::Vi, Some(Gender::Other) | None) => "bạn",
        (Lang::En, Some(Gender::Male)) => "Mr",
        (Lang::En, Some(Gender::Female)) => "Ms",
        (Lang::En, Some(Gender::Other) | None) => "",
    }
}

/// `15/08`, `15/08 (âm lịch)`, `15/04 nhuận (âm lịch)` / `15/08 (lunar)`, `15/04 leap month (lunar)`.
pub fn birthday_text(birthday: &BirthdayDate, lang: Lang) -> String {
    let day_month = format!("{:02}/{:02}", birthday.day, birthday.month);
    match (birthday.calendar, birthday.leap, lang) {
        (CalendarKind::Solar, _, _) => day_month,
        (CalendarKind::Lunar, false, Lang::Vi) => format!("{day_month} (âm lịch)"),
        (CalendarKind::Lunar, true, Lang::Vi) => format!("{day_month} nhuận (âm lịch)"),
        (CalendarKind::Lunar, false, Lang::En) => format!("{day_month} (lunar)"),
        (CalendarKind::Lunar, true, Lang::En) => format!("{day_month} leap month (lunar)"),
    }
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn value(field: Field, ctx: &TemplateContext) -> String {
    match field {
        Field::Name => given_name(&ctx.customer_name).to_owned(),
        Field::FullName => ctx.customer_name.split_whitespace().collect::<Vec<_>>().join(" "),
        Field::Title => title(ctx.gender, ctx.lang).to_owned(),
        Field::Shop => non_empty(&ctx.shop).unwrap_or_default(),
        Field::LastPurchase => ctx.last_purchase.map(dmy).unwrap_or_default(),
        Field::Points => ctx.points.map(group_digits).unwrap_or_default(),
        Field::Tier => non_empty(&ctx.tier).unwrap_or_default(),
        Field::Date => ctx.due_date.map(dmy).unwrap_or_default(),
        Field::Staff => non_empty(&ctx.staff).unwrap_or_default(),
        Field::Birthday => ctx.birthday.map(|b| birthday_text(&b, ctx.lang)).unwrap_or_default(),
    }
}

/// At the start of the text, of a line or of a sentence.
fn at_sentence_start(out: &str) -> bool {
    out.trim_end_matches(' ').chars().next_back().is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n'))
}

fn at_line_start(out: &str) -> bool {
    out.chars().next_back().is_none_or(|c| c == '\n')
}

/// Fills the placeholders of `text` from `ctx`. A missing value renders as
/// nothing and takes one neighbouring space with it (no double spaces, no
/// space before punctuation); `anh`/`chị`/`bạn` is capitalised at the start
/// of a sentence. Text that [`check`] refuses is kept as typed.
pub fn render(text: &str, ctx: &TemplateContext) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    // The last piece rendered was a missing value.
    let mut after_missing = false;
    for piece in parse(text) {
        match piece {
            Piece::Text(t) => {
                let mut t = t.as_str();
                if after_missing {
                    if t.starts_with([',', '.', '!', '?', ';', ':', ')']) {
                        out.truncate(out.trim_end_matches(' ').len());
                    } else if t.starts_with(' ') && (out.ends_with(' ') || at_line_start(&out)) {
                        t = &t[1..];
                    }
                }
                out.push_str(t);
                after_missing = false;
            }
            Piece::Field(field) => {
                let v = value(field, ctx);
                if v.is_empty() {
                    after_missing = true;
                    continue;
                }
                if field == Field::Title && at_sentence_start(&out) {
                    let mut chars = v.chars();
                    if let Some(first) = chars.next() {
                        out.extend(first.to_uppercase());
                        out.push_str(chars.as_str());
                    }
                } else {
                    out.push_str(&v);
                }
                after_missing = false;
            }
            Piece::Bad(raw, _) => {
                out.push_str(raw);
                after_missing = false;
            }
        }
    }
    if after_missing {
        out.truncate(out.trim_end_matches(' ').len());
    }
    out
}

/// A message template. `key` is stable (defaults use it to find their
/// template; plan steps refer to templates by key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    /// `a-z`, `0-9` and `_`.
    pub key: String,
    /// Shown to the owner.
    pub name: String,
    /// The kind of care task it is written for.
    pub kind: CareTaskKind,
    /// The Vietnamese text, with placeholders.
    pub text_vi: String,
    /// The English text, with placeholders.
    pub text_en: String,
}

impl Template {
    /// The text in `lang`, or the other language's when that one is empty.
    pub fn text(&self, lang: Lang) -> &str {
        let (wanted, other) = match lang {
            Lang::Vi => (&self.text_vi, &self.text_en),
            Lang::En => (&self.text_en, &self.text_vi),
        };
        if wanted.trim().is_empty() { other } else { wanted }
    }

    /// The text in the context's language, filled in.
    pub fn render(&self, ctx: &TemplateContext) -> String {
        render(self.text(ctx.lang), ctx)
    }

    /// Field errors: `key` required and made of `a-z`, `0-9`, `_`
    /// (`key_invalid`); `name` required; at least one text (`textVi`
    /// required); each text passes [`check`] (the field gets the error's
    /// code, the message names the placeholder).
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.key.is_empty() {
            errors.push(field_error("key", "required", "a template needs a key"));
        } else if !self.key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
            errors.push(field_error("key", "key_invalid", "a key is made of a-z, 0-9 and _"));
        }
        if self.name.trim().is_empty() {
            errors.push(field_error("name", "required", "a template needs a name"));
        }
        if self.text_vi.trim().is_empty() && self.text_en.trim().is_empty() {
            errors.push(field_error("textVi", "required", "a template needs a text"));
        }
        for (field, text) in [("textVi", &self.text_vi), ("textEn", &self.text_en)] {
            if let Err(e) = check(text) {
                errors.push(field_error(field, e.code(), e.to_string()));
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// Keys of the default templates, used by the default plans.
pub mod keys {
    /// Thank-you note the day after the first purchase.
    pub const FIRST_PURCHASE_THANKS: &str = "first_purchase_thanks";
    /// Day-7 check-in call with a CSAT question.
    pub const CHECK_IN_CSAT: &str = "check_in_csat";
    /// Day-30 come-back offer.
    pub const COME_BACK_OFFER: &str = "come_back_offer";
    /// Follow-up call after a complaint is resolved.
    pub const COMPLAINT_FOLLOW_UP: &str = "complaint_follow_up";
    /// Follow-up by the first handler of a transferred request.
    pub const TRANSFER_FOLLOW_UP: &str = "transfer_follow_up";
    /// Birthday greeting with a birthday offer.
    pub const BIRTHDAY_GREETING: &str = "birthday_greeting";
    /// Invitation to the next loyalty event.
    pub const LOYALTY_EVENT_INVITATION: &str = "loyalty_event_invitation";
    /// Win-back offer for a customer who stopped coming.
    pub const WIN_BACK_OFFER: &str = "win_back_offer";
    /// Tết greeting.
    pub const TET_GREETING: &str = "tet_greeting";
}

/// The templates shipped with CareBook, one per default plan step.
pub fn default_templates() -> Vec<Template> {
    let t = |key: &str, name: &str, kind: CareTaskKind, vi: &str, en: &str| Template {
        key: key.to_owned(),
        name: name.to_owned(),
        kind,
        text_vi: vi.to_owned(),
        text_en: en.to_owned(),
    };
    vec![
        t(
            keys::FIRST_PURCHASE_THANKS,
            "Cảm ơn sau lần mua đầu",
            CareTaskKind::ThankYou,
            "Cảm ơn {xung_ho} {ten} đã ghé {cua_hang} mua hàng lần đầu! Nếu có gì chưa vừa ý, {xung_ho} cứ nhắn cho \
             bên em nhé. Mong sớm được gặp lại {xung_ho} ạ.",
            "Thank you, {title} {name}, for your first visit to {shop}! If anything was not quite right, just send \
             us a message. We hope to see you again soon.",
        ),
        t(
            keys::CHECK_IN_CSAT,
            "Gọi hỏi thăm sau 7 ngày",
            CareTaskKind::CheckIn,
            "Dạ em chào {xung_ho} {ten}, em gọi từ {cua_hang} ạ. Hôm {lan_mua_cuoi} {xung_ho} có mua hàng bên em, \
             {xung_ho} dùng thấy thế nào ạ? Nếu chấm từ 1 đến 5 điểm thì {xung_ho} cho bên em mấy điểm ạ?",
            "Hello {title} {name}, this is {shop}. You shopped with us on {last_purchase}: how is everything? On a \
             scale from 1 to 5, how satisfied are you?",
        ),
        t(
            keys::COME_BACK_OFFER,
            "Ưu đãi quay lại sau 30 ngày",
            CareTaskKind::Offer,
            "Chào {xung_ho} {ten}! Đã một tháng từ lần đầu {xung_ho} ghé {cua_hang}. Bên em gửi tặng {xung_ho} ưu đãi \
             10% cho lần mua tiếp theo, {xung_ho} nhớ đưa tin nhắn này khi ghé nhé!",
            "Hi {title} {name}! It has been a month since your first visit to {shop}. Here is 10% off your next \
             purchase: just show this message when you come by!",
        ),
        t(
            keys::COMPLAINT_FOLLOW_UP,
            "Gọi lại sau khiếu nại",
            CareTaskKind::FollowUpCall,
            "Dạ em chào {xung_ho} {ten}, em gọi từ {cua_hang} ạ. Hôm trước {xung_ho} có phản ánh với bên em, em muốn \
             hỏi lại xem vấn đề đã thật sự được giải quyết chưa, {xung_ho} còn chưa hài lòng điều gì không ạ?",
            "Hello {title} {name}, this is {shop}. You told us about a problem recently: is it really fixed now? Is \
             there anything you are still unhappy with?",
        ),
        t(
            keys::TRANSFER_FOLLOW_UP,
            "Theo dõi yêu cầu đã chuyển",
            CareTaskKind::FollowUpCall,
            "Dạ em chào {xung_ho} {ten}, em gọi từ {cua_hang} ạ. Hôm qua em đã chuyển yêu cầu của {xung_ho} cho đồng \
             nghiệp phụ trách, em gọi lại để chắc chắn {xung_ho} đã được hỗ trợ xong. Mọi việc ổn rồi chứ ạ?",
            "Hello {title} {name}, this is {shop}. Yesterday I passed your request on to a colleague; I am calling \
             to make sure it has been taken care of. Is everything sorted?",
        ),
        t(
            keys::BIRTHDAY_GREETING,
            "Chúc mừng sinh nhật và ưu đãi",
            CareTaskKind::BirthdayGreeting,
            "Sắp đến sinh nhật {xung_ho} {ten} ({sinh_nhat}) rồi! Chúc {xung_ho} tuổi mới thật nhiều sức khỏe, \
             niềm vui và may mắn. Bên em gửi tặng {xung_ho} ưu đãi 15% trong tuần sinh nhật, mong được đón \
             {xung_ho} ghé {cua_hang} ạ!",
            "Your birthday is coming up, {title} {name} ({birthday})! Wishing you a year full of health, joy and \
             luck. Enjoy 15% off during your birthday week: we look forward to seeing you at {shop}!",
        ),
        t(
            keys::LOYALTY_EVENT_INVITATION,
            "Mời sự kiện khách hàng thân thiết",
            CareTaskKind::EventInvitation,
            "Chúc mừng {xung_ho} {ten} đã trở thành khách hàng hạng {hang} của {cua_hang}! Bên em trân trọng mời \
             {xung_ho} tham dự buổi tri ân khách hàng thân thiết sắp tới, em sẽ báo {xung_ho} ngày giờ cụ thể ạ.",
            "Congratulations, {title} {name}: you are now a {tier} member of {shop}! We would love to welcome you \
             at our next loyal-customer event; we will let you know the date and time.",
        ),
        t(
            keys::WIN_BACK_OFFER,
            "Mời quay lại khi lâu chưa ghé",
            CareTaskKind::Offer,
            "Lâu rồi không thấy {xung_ho} {ten} ghé {cua_hang}, bên em nhớ {xung_ho} lắm! Lần gần nhất {xung_ho} ghé là \
             {lan_mua_cuoi}. Bên em gửi {xung_ho} ưu đãi 20% cho lần quay lại, mong sớm gặp lại {xung_ho} ạ.",
            "We have missed you, {title} {name}! Your last visit to {shop} was on {last_purchase}. Here is 20% off \
             when you come back: we hope to see you soon.",
        ),
        t(
            keys::TET_GREETING,
            "Chúc Tết",
            CareTaskKind::Greeting,
            "Nhân dịp Tết đến xuân về, {cua_hang} kính chúc {xung_ho} {ten} và gia đình năm mới an khang thịnh vượng, \
             vạn sự như ý! Cảm ơn {xung_ho} đã luôn ủng hộ bên em trong năm qua.",
            "Happy Lunar New Year, {title} {name}! Everyone at {shop} wishes you and your family health, happiness \
             and prosperity. Thank you for your support this past year.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_uses_the_tier_only_through_its_placeholder() {
        assert!(uses_tier("Chúc mừng {xung_ho} lên hạng {hang}!"));
        assert!(uses_tier("Welcome to {tier}"));
        assert!(!uses_tier("Cảm ơn {xung_ho} {ten}, hạng thành viên của {cua_hang}"));
        assert!(!uses_tier("{hang"));
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn full(lang: Lang) -> TemplateContext {
        TemplateContext {
            lang,
            customer_name: "Nguyễn Thị Lan".into(),
            gender: Some(Gender::Female),
            shop: Some("Tiệm bánh Hoa Mai".into()),
            last_purchase: Some(date(2026, 3, 12)),
            points: Some(1_234),
            tier: Some(lang.pick("Vàng", "Gold").into()),
            due_date: Some(date(2026, 3, 19)),
            staff: Some("Minh".into()),
            birthday: Some(BirthdayDate { calendar: CalendarKind::Lunar, day: 15, month: 8, leap: false }),
        }
    }

    #[test]
    fn every_placeholder_in_both_spellings_and_both_languages() {
        let table: &[(&str, &str, &str)] = &[
            // (placeholder, Vietnamese rendering, English rendering)
            ("ten", "Lan", "Lan"),
            ("ho_ten", "Nguyễn Thị Lan", "Nguyễn Thị Lan"),
            ("xung_ho", "chị", "Ms"),
            ("cua_hang", "Tiệm bánh Hoa Mai", "Tiệm bánh Hoa Mai"),
            ("lan_mua_cuoi", "12/03/2026", "12/03/2026"),
            ("diem", "1.234", "1.234"),
            ("hang", "Vàng", "Gold"),
            ("ngay", "19/03/2026", "19/03/2026"),
            ("nhan_vien", "Minh", "Minh"),
            ("sinh_nhat", "15/08 (âm lịch)", "15/08 (lunar)"),
        ];
        assert_eq!(table.len(), placeholders().len(), "the table covers every placeholder");
        for (p, (vi_name, vi, en)) in placeholders().iter().zip(table) {
            assert_eq!(p.name_vi, *vi_name);
            for name in [p.name_vi, p.name_en] {
                let text = format!("<{{{name}}}>");
                assert_eq!(check(&text), Ok(()), "{name}");
                assert_eq!(render(&text, &full(Lang::Vi)), format!("<{vi}>"), "{name} in Vietnamese");
                assert_eq!(render(&text, &full(Lang::En)), format!("<{en}>"), "{name} in English");
            }
        }
    }

    #[test]
    fn placeholder_names_are_unique_and_described() {
        let mut names: Vec<&str> = placeholders().iter().flat_map(|p| [p.name_vi, p.name_en]).collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count);
        assert!(placeholders().iter().all(|p| !p.description_vi.is_empty() && !p.description_en.is_empty()));
    }

    #[test]
    fn titles_from_gender() {
        for (gender, vi, en) in [
            (Some(Gender::Male), "anh", "Mr"),
            (Some(Gender::Female), "chị", "Ms"),
            (Some(Gender::Other), "bạn", ""),
            (None, "bạn", ""),
        ] {
            assert_eq!((title(gender, Lang::Vi), title(gender, Lang::En)), (vi, en), "{gender:?}");
        }
    }

    #[test]
    fn given_names_of_vietnamese_full_names() {
        for (full, given) in [
            ("Nguyễn Thị Lan", "Lan"),
            ("Lan", "Lan"),
            ("  Trần   Văn  Minh  ", "Minh"),
            ("Tôn Nữ Thị Ngọc Hà", "Hà"),
            ("", ""),
            ("   ", ""),
        ] {
            assert_eq!(given_name(full), given, "{full:?}");
        }
        let ctx = TemplateContext { customer_name: "  Trần   Văn  Minh ".into(), ..Default::default() };
        assert_eq!(render("{ho_ten}|{ten}", &ctx), "Trần Văn Minh|Minh");
    }

    #[test]
    fn check_refuses_unknown_names_and_unclosed_braces() {
        let table: &[(&str, Result<(), TemplateError>)] = &[
            ("Chào {ten}", Ok(())),
            ("Chào { TEN }", Ok(())),
            ("{{ten}} là chữ", Ok(())),
            ("mở }} và }", Ok(())),
            ("Chào {tên}", Err(TemplateError::UnknownPlaceholder { name: "tên".into() })),
            ("{ten} {hoten}", Err(TemplateError::UnknownPlaceholder { name: "hoten".into() })),
            ("Chào {ten", Err(TemplateError::UnclosedBrace { at: 5 })),
            ("Ưu đãi {ten {shop}", Err(TemplateError::UnclosedBrace { at: 7 })),
            ("{ten\n}", Err(TemplateError::UnclosedBrace { at: 0 })),
            ("a {} b", Err(TemplateError::EmptyPlaceholder { at: 2 })),
            ("{{{ten}", Ok(())),
        ];
        for (text, expected) in table {
            assert_eq!(&check(text), expected, "{text:?}");
        }
        let codes: Vec<&str> = ["{x}", "{", "{ }"].iter().map(|t| check(t).err().map_or("ok", |e| e.code())).collect();
        assert_eq!(codes, ["unknown_placeholder", "unclosed_brace", "empty_placeholder"]);
        assert_eq!(check("{x}").err().map(|e| e.to_string()), Some("unknown placeholder {x}".to_owned()));
    }

    #[test]
    fn literal_braces_and_refused_text_render_as_typed() {
        let ctx = full(Lang::Vi);
        for (text, out) in [
            ("{{ten}} = {ten}", "{ten} = Lan"),
            ("{{{ten}}}", "{Lan}"),
            ("a } b }} c", "a } b } c"),
            ("Chào {tên}!", "Chào {tên}!"),
            ("Chào {ten", "Chào {ten"),
            ("{ten {shop}", "{ten Tiệm bánh Hoa Mai"),
        ] {
            assert_eq!(render(text, &ctx), out, "{text:?}");
        }
    }

    #[test]
    fn missing_values_leave_no_double_spaces() {
        let bare = |lang| TemplateContext { lang, customer_name: "Lan".into(), ..Default::default() };
        for (text, lang, out) in [
            ("Thank you, {title} {name}!", Lang::En, "Thank you, Lan!"),
            ("{title} {name} ơi", Lang::En, "Lan ơi"),
            ("Chào {xung_ho} {ten}", Lang::Vi, "Chào bạn Lan"),
            ("Cảm ơn {ten} đã ghé {shop} mua hàng", Lang::Vi, "Cảm ơn Lan đã ghé mua hàng"),
            ("Điểm: {diem}.", Lang::Vi, "Điểm:."),
            ("Hẹn {ngay}, nhé", Lang::Vi, "Hẹn, nhé"),
            ("Lần cuối {lan_mua_cuoi}", Lang::Vi, "Lần cuối"),
            ("{shop} {shop} chào", Lang::Vi, "chào"),
            ("dòng 1\n{nhan_vien} dòng 2", Lang::Vi, "dòng 1\ndòng 2"),
            ("({hang})", Lang::Vi, "()"),
            ("a  {shop} b", Lang::Vi, "a  b"),
        ] {
            assert_eq!(render(text, &bare(lang)), out, "{text:?}");
        }
        let blank = TemplateContext { shop: Some("  ".into()), staff: Some(String::new()), ..bare(Lang::Vi) };
        assert_eq!(render("[{shop}][{staff}]", &blank), "[][]", "blank text is missing");
    }

    #[test]
    fn the_title_is_capitalised_at_the_start_of_a_sentence() {
        let ctx =
            TemplateContext { customer_name: "Trần Văn Minh".into(), gender: Some(Gender::Male), ..full(Lang::Vi) };
        assert_eq!(
            render("{xung_ho} {ten} ơi! {xung_ho} khỏe không? Em chào {xung_ho}.", &ctx),
            "Anh Minh ơi! Anh khỏe không? Em chào anh."
        );
        let unknown = TemplateContext { gender: None, ..ctx };
        assert_eq!(render("{xung_ho} nhé.\n{xung_ho}", &unknown), "Bạn nhé.\nBạn");
    }

    #[test]
    fn birthdays_by_calendar() {
        let b = |calendar, day, month, leap| BirthdayDate { calendar, day, month, leap };
        for (birthday, vi, en) in [
            (b(CalendarKind::Solar, 5, 3, false), "05/03", "05/03"),
            (b(CalendarKind::Solar, 29, 2, false), "29/02", "29/02"),
            (b(CalendarKind::Lunar, 15, 8, false), "15/08 (âm lịch)", "15/08 (lunar)"),
            (b(CalendarKind::Lunar, 1, 4, true), "01/04 nhuận (âm lịch)", "01/04 leap month (lunar)"),
        ] {
            assert_eq!(
                (birthday_text(&birthday, Lang::Vi), birthday_text(&birthday, Lang::En)),
                (vi.into(), en.into())
            );
        }
    }

    #[test]
    fn default_templates_are_valid_and_render_in_both_languages() {
        let templates = default_templates();
        let mut keys: Vec<&str> = templates.iter().map(|t| t.key.as_str()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 9, "nine distinct keys");
        for t in &templates {
            assert_eq!(t.validate(), Ok(()), "{}", t.key);
            for lang in [Lang::Vi, Lang::En] {
                let text = t.render(&full(lang));
                assert!(!text.contains(['{', '}']), "{} {lang:?}: {text}", t.key);
                assert!(!text.contains("  "), "{} {lang:?}: {text}", t.key);
                assert!(text.contains("Lan"), "{} addresses the customer by name", t.key);
            }
            assert!(t.text_vi.contains("{xung_ho}"), "{} uses anh/chị", t.key);
        }
        let thanks = &templates[0];
        assert_eq!(
            thanks.render(&full(Lang::Vi)),
            "Cảm ơn chị Lan đã ghé Tiệm bánh Hoa Mai mua hàng lần đầu! Nếu có gì chưa vừa ý, chị cứ nhắn cho bên \
             em nhé. Mong sớm được gặp lại chị ạ."
        );
        assert!(thanks.render(&full(Lang::En)).starts_with("Thank you, Ms Lan, for your first visit"));
    }

    #[test]
    fn template_validation_names_the_field_and_the_placeholder() {
        let bad = Template {
            key: "Cảm ơn".into(),
            name: " ".into(),
            kind: CareTaskKind::ThankYou,
            text_vi: "Chào {tên}".into(),
            text_en: "Hi {name".into(),
        };
        let errors = bad.validate().expect_err("invalid");
        let got: Vec<(&str, &str)> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            got,
            [
                ("key", "key_invalid"),
                ("name", "required"),
                ("textVi", "unknown_placeholder"),
                ("textEn", "unclosed_brace")
            ]
        );
        assert!(errors[2].message.contains("{tên}"));
        let empty = Template { key: String::new(), text_vi: String::new(), text_en: " ".into(), ..bad };
        let got: Vec<String> =
            empty.validate().expect_err("invalid").into_iter().map(|e| e.field + ":" + &e.code).collect();
        assert_eq!(got, ["key:required", "name:required", "textVi:required"]);
    }

    #[test]
    fn a_template_falls_back_to_the_other_language() {
        let t = Template {
            key: "k".into(),
            name: "n".into(),
            kind: CareTaskKind::Custom,
            text_vi: "Chào {xung_ho} {ten}".into(),
            text_en: String::new(),
        };
        assert_eq!(t.render(&full(Lang::En)), "Chào Ms Lan");
        assert_eq!(t.text(Lang::Vi), "Chào {xung_ho} {ten}");
    }

    #[test]
    fn types_cross_the_api_in_camel_case() {
        let json = serde_json::to_value(placeholders()[1]).expect("json");
        assert_eq!(
            json,
            serde_json::json!({
                "nameVi": "ho_ten", "nameEn": "full_name",
                "descriptionVi": "Họ và tên đầy đủ của khách", "descriptionEn": "The customer's full name"
            })
        );
        let t = &default_templates()[8];
        let json = serde_json::to_value(t).expect("json");
        assert_eq!(json["kind"], "greeting");
        assert_eq!(json["textVi"], t.text_vi);
        let back: Template = serde_json::from_value(json).expect("round trip");
        assert_eq!(&back, t);
        let ctx: TemplateContext = serde_json::from_str(r#"{"customerName":"Lan","lang":"en"}"#).expect("defaults");
        assert_eq!(render("{title} {name}", &ctx), "Lan");
    }
}

//! Printed care: which care tasks become a card or a letter, whom it is
//! addressed to, what it is headed, and which are left out because the
//! customer has not agreed to be contacted (the rule the care plans follow
//! for the same kinds of task).

use carebook_core::{CareTaskKind, Consent, Gender};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use carebook_core::export::Lang;

use crate::template::title;

/// The kinds of care task that are printed as a card or a letter; calls,
/// check-ins and surveys go on the call list instead.
pub fn is_card(kind: CareTaskKind) -> bool {
    matches!(
        kind,
        CareTaskKind::ThankYou
            | CareTaskKind::Offer
            | CareTaskKind::EventInvitation
            | CareTaskKind::BirthdayGreeting
            | CareTaskKind::Greeting
    )
}

/// The kinds of care task that go on a call list.
pub fn is_call(kind: CareTaskKind) -> bool {
    matches!(
        kind,
        CareTaskKind::FollowUpCall | CareTaskKind::CheckIn | CareTaskKind::SurveyRequest | CareTaskKind::Custom
    )
}

/// One care task as the mail merge needs it, its message already rendered
/// from its template in the customer's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardTask {
    /// The care task.
    pub task_id: i64,
    /// What it is for.
    pub kind: CareTaskKind,
    /// The task's own title, when staff gave it one ("Mời dự tiệc tri ân").
    pub title: Option<String>,
    /// The customer's full name.
    pub customer_name: String,
    /// For the title before the name.
    pub gender: Option<Gender>,
    /// Whether the customer agreed to be contacted.
    pub consent: Consent,
    /// The customer's postal address, one or more lines.
    pub address: Option<String>,
    /// The language the customer is written to in.
    pub lang: Lang,
    /// The message from the task's template, if it has one.
    pub message: Option<String>,
}

/// A card ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedCard {
    /// The care task it was made from.
    pub task_id: i64,
    /// What it is for (sets the card's colours).
    pub kind: CareTaskKind,
    /// "Chị Nguyễn Thu Hà", "Ms Emily Tran".
    pub recipient: String,
    /// The postal address, line by line.
    pub address: Vec<String>,
    /// "Chúc mừng sinh nhật!"
    pub title: String,
    /// The message.
    pub body: String,
}

/// Why a selected task prints nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LeftOutWhy {
    /// The customer has not given consent (or withdrew it).
    NoConsent,
    /// A call or a check-in: it belongs on the call list.
    NotACard,
}

/// The result of a mail merge: the cards in the order of the tasks given,
/// and the tasks left out with why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Merge {
    /// What prints.
    pub cards: Vec<MergedCard>,
    /// The tasks that print nothing: (task id, why).
    pub left_out: Vec<(i64, LeftOutWhy)>,
}

/// How a card addresses its customer: the title before the full name,
/// capitalised ("Chị Lan" style, with the whole name on a card).
pub fn recipient(name: &str, gender: Option<Gender>, lang: Lang) -> String {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let t = match (lang, gender) {
        // "bạn" is how a message speaks; a card is addressed to "Quý khách".
        (Lang::Vi, Some(Gender::Other) | None) => "Quý khách",
        _ => title(gender, lang),
    };
    if t.is_empty() {
        return name;
    }
    let mut chars = t.chars();
    let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    format!("{first}{} {name}", chars.as_str())
}

/// The heading a card of `kind` carries when its task has no title of its own.
pub fn card_title(kind: CareTaskKind, lang: Lang) -> &'static str {
    match (kind, lang) {
        (CareTaskKind::ThankYou, Lang::Vi) => "Cảm ơn quý khách!",
        (CareTaskKind::ThankYou, Lang::En) => "Thank you!",
        (CareTaskKind::Offer, Lang::Vi) => "Ưu đãi dành riêng cho quý khách",
        (CareTaskKind::Offer, Lang::En) => "A special offer for you",
        (CareTaskKind::EventInvitation, Lang::Vi) => "Thư mời",
        (CareTaskKind::EventInvitation, Lang::En) => "You are invited",
        (CareTaskKind::BirthdayGreeting, Lang::Vi) => "Chúc mừng sinh nhật!",
        (CareTaskKind::BirthdayGreeting, Lang::En) => "Happy birthday!",
        (CareTaskKind::Greeting, Lang::Vi) => "Chúc mừng năm mới!",
        (CareTaskKind::Greeting, Lang::En) => "Happy New Year!",
        (_, Lang::Vi) => "Thân gửi quý khách",
        (_, Lang::En) => "With our regards",
    }
}

/// Turns the selected tasks into cards. A task prints only when it is a card
/// kind and its customer's consent is given — the same rule the care plans
/// apply before creating such a task; the others are listed with why.
pub fn merge(tasks: &[CardTask]) -> Merge {
    let mut out = Merge::default();
    for t in tasks {
        if !is_card(t.kind) {
            out.left_out.push((t.task_id, LeftOutWhy::NotACard));
            continue;
        }
        if t.consent != Consent::Given {
            out.left_out.push((t.task_id, LeftOutWhy::NoConsent));
            continue;
        }
        let title = t
            .title
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| card_title(t.kind, t.lang).to_owned());
        let address = t
            .address
            .as_deref()
            .unwrap_or("")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        out.cards.push(MergedCard {
            task_id: t.task_id,
            kind: t.kind,
            recipient: recipient(&t.customer_name, t.gender, t.lang),
            address,
            title,
            body: t.message.clone().unwrap_or_default().trim().to_owned(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: i64, kind: CareTaskKind, consent: Consent) -> CardTask {
        CardTask {
            task_id: id,
            kind,
            title: None,
            customer_name: "  Nguyễn   Thu Hà ".into(),
            gender: Some(Gender::Female),
            consent,
            address: Some("12 Lê Lợi\n\nQuận 1, TP. Hồ Chí Minh\n".into()),
            lang: Lang::Vi,
            message: Some(" Chúc chị Hà một tuổi mới vui vẻ. ".into()),
        }
    }

    #[test]
    fn consent_and_kind_decide_what_prints() {
        let tasks = [
            task(1, CareTaskKind::BirthdayGreeting, Consent::Given),
            task(2, CareTaskKind::Offer, Consent::Unknown),
            task(3, CareTaskKind::Greeting, Consent::Withdrawn),
            task(4, CareTaskKind::FollowUpCall, Consent::Given),
            task(5, CareTaskKind::ThankYou, Consent::Given),
        ];
        let m = merge(&tasks);
        assert_eq!(m.cards.iter().map(|c| c.task_id).collect::<Vec<_>>(), [1, 5]);
        assert_eq!(m.left_out, [(2, LeftOutWhy::NoConsent), (3, LeftOutWhy::NoConsent), (4, LeftOutWhy::NotACard)]);
        let c = &m.cards[0];
        assert_eq!(c.recipient, "Chị Nguyễn Thu Hà");
        assert_eq!(c.title, "Chúc mừng sinh nhật!");
        assert_eq!(c.body, "Chúc chị Hà một tuổi mới vui vẻ.");
        assert_eq!(c.address, ["12 Lê Lợi", "Quận 1, TP. Hồ Chí Minh"]);
    }

    #[test]
    fn a_task_title_heads_its_card_and_english_customers_get_english() {
        let mut t = task(7, CareTaskKind::EventInvitation, Consent::Given);
        t.title = Some("Mời dự tiệc tri ân".into());
        assert_eq!(merge(std::slice::from_ref(&t)).cards[0].title, "Mời dự tiệc tri ân");
        t.title = Some("   ".into());
        t.lang = Lang::En;
        t.gender = None;
        t.customer_name = "Emily Tran".into();
        let c = &merge(&[t]).cards[0];
        assert_eq!(c.title, "You are invited");
        assert_eq!(c.recipient, "Emily Tran");
    }

    #[test]
    fn recipients_by_gender_and_language() {
        assert_eq!(recipient("Trần Văn Nam", Some(Gender::Male), Lang::Vi), "Anh Trần Văn Nam");
        assert_eq!(recipient("Lê Bảo", None, Lang::Vi), "Quý khách Lê Bảo");
        assert_eq!(recipient("Lê Bảo", Some(Gender::Other), Lang::Vi), "Quý khách Lê Bảo");
        assert_eq!(recipient("John Smith", Some(Gender::Male), Lang::En), "Mr John Smith");
        assert_eq!(recipient("Jane Doe", Some(Gender::Female), Lang::En), "Ms Jane Doe");
    }

    #[test]
    fn cards_and_calls_split_every_kind() {
        use CareTaskKind as K;
        for k in [
            K::ThankYou,
            K::Offer,
            K::EventInvitation,
            K::BirthdayGreeting,
            K::Greeting,
            K::FollowUpCall,
            K::CheckIn,
            K::SurveyRequest,
            K::Custom,
        ] {
            assert!(is_card(k) != is_call(k), "{k:?} is a card or a call, not both");
        }
    }
}

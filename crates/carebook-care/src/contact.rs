//! How staff reach a customer from a care task: a Zalo chat, a call, an
//! email, and the language a message to them is written in.

use carebook_core::export::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Links that open a chat, a call or an email with the customer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactLinks {
    /// `https://zalo.me/<national number>`, for Vietnamese numbers (Zalo
    /// finds accounts by their Vietnamese phone number).
    #[ts(optional = nullable)]
    pub zalo: Option<String>,
    /// `tel:+84…`.
    #[ts(optional = nullable)]
    pub tel: Option<String>,
    /// `mailto:…`, with the message as its body when there is one.
    #[ts(optional = nullable)]
    pub mailto: Option<String>,
}

/// The national form of a Vietnamese E.164 number: `+84901234567` → `0901234567`.
pub fn vietnamese_national(e164: &str) -> Option<String> {
    let rest = e164.strip_prefix("+84")?;
    (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())).then(|| format!("0{rest}"))
}

/// Percent-encodes `s` for a URL query value (RFC 3986 unreserved kept).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The links for a customer with this first phone (E.164) and email;
/// `subject` and `body` go into the email.
pub fn contact_links(e164: Option<&str>, email: Option<&str>, subject: &str, body: Option<&str>) -> ContactLinks {
    let e164 = e164.filter(|p| p.starts_with('+') && p.len() > 4 && p[1..].bytes().all(|b| b.is_ascii_digit()));
    let email = email.map(str::trim).filter(|e| e.contains('@') && !e.contains(['?', '&', ' ']));
    ContactLinks {
        zalo: e164.and_then(vietnamese_national).map(|n| format!("https://zalo.me/{n}")),
        tel: e164.map(|p| format!("tel:{p}")),
        mailto: email.map(|e| {
            let mut link = format!("mailto:{e}?subject={}", encode(subject));
            if let Some(body) = body.filter(|b| !b.is_empty()) {
                link.push_str("&body=");
                link.push_str(&encode(body));
            }
            link
        }),
    }
}

/// The language to write to a customer in: Vietnamese for a Vietnamese
/// number or none, English for a number from another country.
pub fn message_lang(e164: Option<&str>) -> Lang {
    match e164 {
        Some(p) if !p.starts_with("+84") => Lang::En,
        _ => Lang::Vi,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_for_vietnamese_and_foreign_numbers() {
        let vn = contact_links(Some("+84901234567"), Some("lan@example.vn"), "Cảm ơn", Some("Chào chị Lan & cảm ơn"));
        assert_eq!(vn.zalo.as_deref(), Some("https://zalo.me/0901234567"));
        assert_eq!(vn.tel.as_deref(), Some("tel:+84901234567"));
        assert_eq!(
            vn.mailto.as_deref(),
            Some(
                "mailto:lan@example.vn?subject=C%E1%BA%A3m%20%C6%A1n&body=Ch%C3%A0o%20ch%E1%BB%8B%20Lan%20%26%20c%E1%BA%A3m%20%C6%A1n"
            )
        );
        let fr = contact_links(Some("+33612345678"), None, "x", None);
        assert_eq!((fr.zalo, fr.tel.as_deref(), fr.mailto), (None, Some("tel:+33612345678"), None));
        assert_eq!(contact_links(None, Some("not an email"), "x", None), ContactLinks::default());
        assert_eq!(contact_links(Some("0901"), Some("a@b.vn?cc=x"), "x", None), ContactLinks::default());
        assert_eq!(message_lang(Some("+84901234567")), Lang::Vi);
        assert_eq!(message_lang(None), Lang::Vi);
        assert_eq!(message_lang(Some("+14155550100")), Lang::En);
    }
}

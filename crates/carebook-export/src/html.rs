//! The printable page of everything the shop holds about one customer:
//! one self-contained HTML file (inline CSS, no scripts, no remote assets)
//! that opens in any browser and prints on A4.

use std::fmt::Write as _;

use carebook_core::export::labels::{
    ACTION, CHANNEL, CONSENT, ENTITY, GENDER, KIND, REQUEST_KIND, REQUEST_STATUS, TASK_KIND, TASK_STATUS,
};
use carebook_core::export::{Lang, label};
use carebook_core::{Birthday, CalendarKind, CustomerDossier, FieldChange};

use crate::text::{date, datetime, group_digits, vnd};

/// The sum of amounts, in a type no number of purchases can overflow (a
/// wrapped `i64` sum would print a negative total in a release build).
fn total_vnd(amounts: impl Iterator<Item = i64>) -> i128 {
    amounts.map(i128::from).sum()
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const WORDS: &[(&str, &str, &str)] = &[
    ("title", "Dữ liệu cá nhân của khách hàng", "Personal data held about a customer"),
    (
        "intro",
        "Tài liệu này liệt kê toàn bộ dữ liệu cá nhân mà cửa hàng {shop} đang lưu giữ về khách hàng dưới đây, theo Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân.",
        "This document lists all personal data that {shop} holds about the customer below, as required by Vietnam's Decree 13/2023/ND-CP on personal data protection.",
    ),
    ("exportedAt", "Xuất lúc", "Exported at"),
    ("profile", "Hồ sơ", "Profile"),
    ("name", "Họ và tên", "Full name"),
    ("customerId", "Mã khách hàng", "Customer ID"),
    ("phones", "Số điện thoại", "Phone numbers"),
    ("email", "Email", "Email"),
    ("birthday", "Ngày sinh", "Birthday"),
    ("gender", "Giới tính", "Gender"),
    ("address", "Địa chỉ", "Address"),
    ("kind", "Loại khách hàng", "Customer type"),
    ("source", "Nguồn khách", "Source"),
    ("tags", "Nhãn", "Tags"),
    ("notes", "Ghi chú", "Notes"),
    ("consent", "Đồng ý nhận ưu đãi", "Consent to receive offers"),
    ("channel", "Kênh liên lạc ưa thích", "Preferred channel"),
    ("points", "Điểm tích luỹ", "Loyalty points"),
    ("tier", "Hạng thành viên", "Membership tier"),
    ("createdAt", "Khách hàng từ", "Customer since"),
    ("updatedAt", "Cập nhật lần cuối", "Last updated"),
    ("archivedAt", "Đã lưu trữ ngày", "Archived on"),
    ("consentHistory", "Lịch sử đồng ý nhận ưu đãi", "Consent history"),
    ("consentDate", "Ngày đồng ý / rút lại", "Date given / withdrawn"),
    ("recordedAt", "Ghi nhận lúc", "Recorded at"),
    ("recordedBy", "Người ghi nhận", "Recorded by"),
    ("purchases", "Lịch sử mua hàng", "Purchases"),
    ("date", "Ngày", "Date"),
    ("amount", "Số tiền", "Amount"),
    ("items", "Sản phẩm / dịch vụ", "Items / services"),
    ("staff", "Nhân viên", "Staff"),
    ("total", "Tổng cộng", "Total"),
    ("timelineNotes", "Ghi chú chăm sóc", "Care notes"),
    ("writtenAt", "Thời gian", "Written at"),
    ("audit", "Nhật ký thao tác", "Audit log"),
    ("when", "Thời gian", "When"),
    ("who", "Người thực hiện", "Who"),
    ("what", "Thao tác", "Action"),
    ("changes", "Thay đổi", "Changes"),
    ("requests", "Yêu cầu và khiếu nại", "Requests and complaints"),
    ("receivedAt", "Tiếp nhận lúc", "Received at"),
    ("requestKind", "Loại", "Type"),
    ("summary", "Nội dung", "Summary"),
    ("status", "Trạng thái", "Status"),
    ("resolvedAt", "Giải quyết lúc", "Resolved at"),
    ("careTasks", "Việc chăm sóc", "Care tasks"),
    ("dueDate", "Ngày hẹn", "Due date"),
    ("task", "Việc", "Task"),
    ("outcome", "Kết quả", "Outcome"),
    ("feedback", "Phản hồi", "Feedback"),
    ("score", "Điểm", "Score"),
    ("comment", "Nhận xét", "Comment"),
    ("none", "Không có", "None"),
    ("lunar", "âm lịch", "lunar"),
];

fn w(lang: Lang, key: &str) -> &'static str {
    WORDS.iter().find(|(k, _, _)| *k == key).map(|(_, vi, en)| lang.pick(vi, en)).unwrap_or("")
}

fn birthday(b: &Birthday, lang: Lang) -> String {
    let mut s = format!("{:02}/{:02}", b.day, b.month);
    if let Some(y) = b.year {
        let _ = write!(s, "/{y}");
    }
    if b.calendar == CalendarKind::Lunar {
        let _ = write!(s, " ({})", w(lang, "lunar"));
    }
    s
}

fn changes_html(changes: &[FieldChange]) -> String {
    let mut out = String::new();
    for c in changes {
        let _ = write!(
            out,
            "<div><b>{}</b>: {} → {}</div>",
            escape(&c.field),
            escape(c.before.as_deref().unwrap_or("—")),
            escape(c.after.as_deref().unwrap_or("—"))
        );
    }
    out
}

const CSS: &str = "
*{box-sizing:border-box}
body{margin:0;padding:32px;font:14px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;color:#1c2a33;background:#f3f5f7}
main{max-width:900px;margin:0 auto;background:#fff;padding:32px 40px;border:1px solid #dfe4e8;border-radius:12px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:15px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #0f766e;color:#0b5f58}
.shop{color:#52616b;margin:0}
.intro{color:#52616b}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #dfe4e8}
th{font-size:12px;color:#52616b;background:#f8fafb}
dl{display:grid;grid-template-columns:200px 1fr;gap:6px 16px;margin:0}
dt{color:#52616b}
dd{margin:0;font-weight:500;white-space:pre-wrap}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.none{color:#7b8a94}
tfoot td{font-weight:700;border-top:2px solid #c6cdd4}
@media print{body{padding:0;background:#fff}main{border:0;padding:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
";

/// The page for `d`, in `lang`.
/// A section: its heading, then a table of `rows` (cells already escaped)
/// under the `headers`' words, or "none".
fn table(h: &mut String, lang: Lang, title: &str, headers: &[&str], rows: impl Iterator<Item = Vec<String>>) {
    let _ = writeln!(h, "<h2>{}</h2>", w(lang, title));
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        let _ = writeln!(h, "<p><span class=\"none\">{}</span></p>", w(lang, "none"));
        return;
    }
    h.push_str("<table><thead><tr>");
    for key in headers {
        let _ = write!(h, "<th>{}</th>", w(lang, key));
    }
    h.push_str("</tr></thead><tbody>\n");
    for row in rows {
        h.push_str("<tr>");
        for cell in row {
            let _ = write!(h, "<td>{cell}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

pub fn customer_page(d: &CustomerDossier, lang: Lang) -> String {
    let c = &d.customer;
    let none = || format!("<span class=\"none\">{}</span>", w(lang, "none"));
    let mut h = String::with_capacity(16 * 1024);
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>",
        lang.pick("vi", "en"),
        escape(w(lang, "title")),
        escape(&c.name),
    );
    let _ = writeln!(
        h,
        "<h1>{}</h1>\n<p class=\"shop\">{} · {}: {}</p>\n<p class=\"intro\">{}</p>",
        escape(w(lang, "title")),
        escape(&d.shop_name),
        w(lang, "exportedAt"),
        datetime(d.exported_at),
        escape(&w(lang, "intro").replace("{shop}", &d.shop_name)),
    );

    // Profile.
    let _ = writeln!(h, "<h2>{}</h2>\n<dl>", w(lang, "profile"));
    let mut row = |key: &str, value: Option<String>| {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", w(lang, key), value.unwrap_or_else(none));
    };
    row("name", Some(escape(&c.name)));
    row("customerId", Some(format!("#{}", c.id)));
    let phones: Vec<String> = c.phones.iter().map(|p| escape(&p.display)).collect();
    row("phones", (!phones.is_empty()).then(|| phones.join("<br>")));
    row("email", c.email.as_deref().map(escape));
    row("birthday", c.birthday.as_ref().map(|b| birthday(b, lang)));
    row("gender", c.gender.map(|g| label(GENDER, g.as_str(), lang).to_owned()));
    row("address", c.address.as_deref().map(escape));
    row("kind", Some(label(KIND, c.kind.as_str(), lang).to_owned()));
    row("source", c.source.as_deref().map(escape));
    row("tags", (!c.tags.is_empty()).then(|| escape(&c.tags.join(", "))));
    row("notes", c.notes.as_deref().map(escape));
    let consent = label(CONSENT, c.consent.as_str(), lang).to_owned();
    row(
        "consent",
        Some(match c.consent_date {
            Some(day) => format!("{consent} ({})", date(day)),
            None => consent,
        }),
    );
    row("channel", c.preferred_channel.map(|ch| label(CHANNEL, ch.as_str(), lang).to_owned()));
    row("points", Some(group_digits(c.loyalty_points)));
    row("tier", c.tier.as_deref().map(escape));
    row("createdAt", Some(datetime(c.created_at)));
    row("updatedAt", Some(datetime(c.updated_at)));
    if let Some(at) = c.archived_at {
        row("archivedAt", Some(datetime(at)));
    }
    h.push_str("</dl>\n");

    table(
        &mut h,
        lang,
        "consentHistory",
        &["consent", "consentDate", "recordedAt", "recordedBy"],
        d.consent_history.iter().map(|e| {
            vec![
                label(CONSENT, e.consent.as_str(), lang).to_owned(),
                e.date.map(date).unwrap_or_default(),
                datetime(e.recorded_at),
                escape(e.actor.as_deref().unwrap_or("—")),
            ]
        }),
    );

    // Purchases.
    let _ = writeln!(h, "<h2>{}</h2>", w(lang, "purchases"));
    if d.purchases.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", none());
    } else {
        let _ = writeln!(
            h,
            "<table><thead><tr><th>{}</th><th class=\"num\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            w(lang, "date"),
            w(lang, "amount"),
            w(lang, "items"),
            w(lang, "staff")
        );
        for p in &d.purchases {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>",
                date(p.date),
                vnd(p.amount_vnd),
                escape(p.items.as_deref().unwrap_or("")),
                escape(p.staff_name.as_deref().unwrap_or("")),
            );
        }
        let total = total_vnd(d.purchases.iter().map(|p| p.amount_vnd));
        let _ = writeln!(
            h,
            "</tbody><tfoot><tr><td>{}</td><td class=\"num\">{}</td><td colspan=\"2\"></td></tr></tfoot></table>",
            w(lang, "total"),
            vnd(total)
        );
    }

    table(
        &mut h,
        lang,
        "timelineNotes",
        &["writtenAt", "notes", "staff"],
        d.notes.iter().map(|n| {
            vec![
                datetime(n.created_at),
                format!("<span style=\"white-space:pre-wrap\">{}</span>", escape(&n.body)),
                escape(n.staff_name.as_deref().unwrap_or("")),
            ]
        }),
    );
    table(
        &mut h,
        lang,
        "requests",
        &["receivedAt", "channel", "requestKind", "summary", "status", "resolvedAt", "staff"],
        d.requests.iter().map(|r| {
            vec![
                datetime(r.received_at),
                label(CHANNEL, r.channel.as_str(), lang).to_owned(),
                label(REQUEST_KIND, r.kind.as_str(), lang).to_owned(),
                escape(&r.summary),
                label(REQUEST_STATUS, r.status.as_str(), lang).to_owned(),
                r.resolved_at.map(datetime).unwrap_or_default(),
                escape(r.handled_by_name.as_deref().unwrap_or("")),
            ]
        }),
    );
    table(
        &mut h,
        lang,
        "careTasks",
        &["dueDate", "task", "status", "outcome", "staff"],
        d.care_tasks.iter().map(|t| {
            let kind = label(TASK_KIND, t.kind.as_str(), lang);
            vec![
                date(t.due_date),
                match &t.title {
                    Some(title) => format!("{kind}: {}", escape(title)),
                    None => kind.to_owned(),
                },
                label(TASK_STATUS, t.status.as_str(), lang).to_owned(),
                escape(t.outcome.as_deref().unwrap_or("")),
                escape(t.assignee_name.as_deref().unwrap_or("")),
            ]
        }),
    );
    table(
        &mut h,
        lang,
        "feedback",
        &["when", "score", "comment"],
        d.feedback.iter().map(|f| {
            let scores: Vec<String> = [f.csat.map(|c| format!("CSAT {c}/5")), f.nps.map(|n| format!("NPS {n}/10"))]
                .into_iter()
                .flatten()
                .collect();
            vec![datetime(f.given_at), scores.join(" · "), escape(f.comment.as_deref().unwrap_or(""))]
        }),
    );

    table(
        &mut h,
        lang,
        "audit",
        &["when", "who", "what", "changes"],
        d.audit.iter().map(|a| {
            vec![
                datetime(a.at),
                escape(&a.actor),
                format!("{} · {}", escape(label(ACTION, &a.action, lang)), escape(label(ENTITY, &a.entity, lang))),
                changes_html(&a.changes),
            ]
        }),
    );
    h.push_str("</main>\n</body>\n</html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(escape("<b>\"Hà\" & 'An'</b>"), "&lt;b&gt;&quot;Hà&quot; &amp; &#39;An&#39;&lt;/b&gt;");
    }

    #[test]
    fn the_total_of_huge_amounts_does_not_wrap() {
        let total = total_vnd([i64::MAX, i64::MAX, 5].into_iter());
        assert_eq!(vnd(total), "18.446.744.073.709.551.619 ₫");
        assert_eq!(vnd(total_vnd([1_250_000, 750_000].into_iter())), "2.000.000 ₫");
    }

    #[test]
    fn every_word_has_both_languages() {
        for (key, vi, en) in WORDS {
            assert!(!vi.is_empty() && !en.is_empty(), "{key} is translated both ways");
        }
    }
}

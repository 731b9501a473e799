//! Every fixed word the documents print, in Vietnamese and English: one table.

use serde::{Deserialize, Serialize};

/// The language a document is printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The fixed words of this language.
    pub(crate) fn labels(self) -> &'static Labels {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// "Trang 2/7" or "Page 2 of 7".
    pub(crate) fn page_of(self, page: usize, pages: usize) -> String {
        match self {
            Lang::Vi => format!("Trang {page}/{pages}"),
            Lang::En => format!("Page {page} of {pages}"),
        }
    }

    /// Integer with thousands separators: `1.250` (vi) or `1,250` (en).
    pub(crate) fn int(self, n: i64) -> String {
        let sep = match self {
            Lang::Vi => '.',
            Lang::En => ',',
        };
        group(&n.unsigned_abs().to_string(), sep, n < 0)
    }

    /// Decimal with `decimals` places: `12,5` (vi) or `12.5` (en), thousands grouped.
    pub(crate) fn decimal(self, v: f64, decimals: u8) -> String {
        let (group_sep, point) = match self {
            Lang::Vi => ('.', ','),
            Lang::En => (',', '.'),
        };
        let text = format!("{:.*}", usize::from(decimals), v.abs());
        let (int_part, frac) = match text.split_once('.') {
            Some((i, f)) => (i.to_owned(), Some(f.to_owned())),
            None => (text, None),
        };
        // "-0" and "-0,0" print as zero.
        let negative = v < 0.0 && text_is_nonzero(&int_part, frac.as_deref());
        let mut out = group(&int_part, group_sep, negative);
        if let Some(frac) = frac {
            out.push(point);
            out.push_str(&frac);
        }
        out
    }
}

fn text_is_nonzero(int_part: &str, frac: Option<&str>) -> bool {
    int_part.chars().chain(frac.unwrap_or("").chars()).any(|c| c != '0')
}

fn group(digits: &str, sep: char, negative: bool) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if negative {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// The fixed words of one language.
pub(crate) struct Labels {
    pub(crate) generated_on: &'static str,
    pub(crate) no_data: &'static str,

    // Monthly service report.
    pub(crate) report_title: &'static str,
    pub(crate) sec_measures: &'static str,
    pub(crate) sec_trends: &'static str,
    pub(crate) sec_level: &'static str,
    pub(crate) sec_care: &'static str,
    pub(crate) sec_feedback: &'static str,
    pub(crate) sec_at_risk: &'static str,
    pub(crate) sec_top: &'static str,
    pub(crate) sec_new: &'static str,
    pub(crate) col_measure: &'static str,
    pub(crate) col_this_month: &'static str,
    pub(crate) col_prev_month: &'static str,
    pub(crate) col_last_year: &'static str,
    pub(crate) col_change: &'static str,
    pub(crate) empty_measures: &'static str,
    pub(crate) empty_trends: &'static str,
    pub(crate) empty_care: &'static str,
    pub(crate) empty_feedback: &'static str,
    pub(crate) empty_at_risk: &'static str,
    pub(crate) part_feedback: &'static str,
    pub(crate) part_at_risk: &'static str,
    pub(crate) part_new: &'static str,
    pub(crate) empty_top: &'static str,
    pub(crate) empty_new: &'static str,
    pub(crate) level_word: &'static str,
    pub(crate) not_enough_feedback: &'static str,
    pub(crate) remedies: &'static str,
    pub(crate) care_by_kind: &'static str,
    pub(crate) care_by_staff: &'static str,
    pub(crate) col_kind: &'static str,
    pub(crate) col_staff: &'static str,
    pub(crate) col_planned: &'static str,
    pub(crate) col_on_time: &'static str,
    pub(crate) col_late: &'static str,
    pub(crate) col_skipped: &'static str,
    pub(crate) col_open: &'static str,
    pub(crate) col_on_time_rate: &'static str,
    pub(crate) col_date: &'static str,
    pub(crate) col_customer: &'static str,
    pub(crate) col_score: &'static str,
    pub(crate) col_comment: &'static str,
    pub(crate) col_phone: &'static str,
    pub(crate) col_reasons: &'static str,
    pub(crate) col_rank: &'static str,
    pub(crate) col_purchases: &'static str,
    pub(crate) col_spend: &'static str,
    pub(crate) col_source: &'static str,

    // Letters.
    pub(crate) dear: &'static str,
    pub(crate) regards: &'static str,

    // Call list.
    pub(crate) call_list_title: &'static str,
    pub(crate) staff: &'static str,
    pub(crate) day: &'static str,
    pub(crate) col_done: &'static str,
    pub(crate) col_time: &'static str,
    pub(crate) col_todo: &'static str,
    pub(crate) col_reason: &'static str,
    pub(crate) col_message: &'static str,
    pub(crate) col_last_purchase: &'static str,
    pub(crate) outcome: &'static str,
    pub(crate) calls_count: &'static str,
    pub(crate) empty_calls: &'static str,

    // Customer profile.
    pub(crate) profile_title: &'static str,
    pub(crate) f_code: &'static str,
    pub(crate) f_phones: &'static str,
    pub(crate) f_email: &'static str,
    pub(crate) f_birthday: &'static str,
    pub(crate) f_address: &'static str,
    pub(crate) f_kind: &'static str,
    pub(crate) f_source: &'static str,
    pub(crate) f_tags: &'static str,
    pub(crate) f_consent: &'static str,
    pub(crate) f_channel: &'static str,
    pub(crate) f_points: &'static str,
    pub(crate) f_tier: &'static str,
    pub(crate) sec_notes: &'static str,
    pub(crate) sec_purchases: &'static str,
    pub(crate) sec_requests: &'static str,
    pub(crate) sec_tasks: &'static str,
    pub(crate) sec_profile_feedback: &'static str,
    pub(crate) sec_timeline: &'static str,
    pub(crate) col_amount: &'static str,
    pub(crate) col_items: &'static str,
    pub(crate) col_received: &'static str,
    pub(crate) col_channel: &'static str,
    pub(crate) col_type: &'static str,
    pub(crate) col_status: &'static str,
    pub(crate) col_handled_by: &'static str,
    pub(crate) col_summary: &'static str,
    pub(crate) col_due: &'static str,
    pub(crate) col_assignee: &'static str,
    pub(crate) col_result: &'static str,
    pub(crate) col_author: &'static str,
    pub(crate) col_note: &'static str,
    pub(crate) empty_notes: &'static str,
    pub(crate) empty_purchases: &'static str,
    pub(crate) empty_requests: &'static str,
    pub(crate) empty_tasks: &'static str,
    pub(crate) empty_profile_feedback: &'static str,
    pub(crate) empty_timeline: &'static str,
}

static VI: Labels = Labels {
    generated_on: "Ngày lập",
    no_data: "Chưa có số liệu",

    report_title: "Báo cáo chất lượng dịch vụ",
    sec_measures: "Các chỉ số chính",
    sec_trends: "Xu hướng 12 tháng",
    sec_level: "Cấp độ dịch vụ",
    sec_care: "Lịch chăm sóc khách hàng",
    sec_feedback: "Ý kiến phản hồi của khách hàng",
    sec_at_risk: "Khách hàng có nguy cơ rời bỏ",
    sec_top: "Khách hàng chi tiêu nhiều nhất",
    sec_new: "Khách hàng mới",
    col_measure: "Chỉ số",
    col_this_month: "Tháng này",
    col_prev_month: "Tháng trước",
    col_last_year: "Cùng kỳ năm trước",
    col_change: "So với tháng trước",
    empty_measures: "Không có số liệu đo lường nào trong tháng này.",
    empty_trends: "Không có số liệu nào trong 12 tháng qua.",
    empty_care: "Không có việc chăm sóc nào đến hạn trong tháng.",
    empty_feedback: "Không có ý kiến phản hồi nào trong tháng.",
    empty_at_risk: "Không có khách hàng nào có nguy cơ rời bỏ.",
    part_feedback: "{n} ý kiến có điểm thấp nhất trong số {total} ý kiến của tháng; xem đủ trong mục Tổng quan dịch vụ.",
    part_at_risk: "{n} khách hàng đầu danh sách trong số {total} khách hàng có nguy cơ rời bỏ.",
    part_new: "{n} khách hàng đầu tiên trong số {total} khách hàng mới của tháng.",
    empty_top: "Không có lần mua hàng nào trong tháng.",
    empty_new: "Không có khách hàng mới trong tháng.",
    level_word: "Cấp độ",
    not_enough_feedback: "Chưa đủ ý kiến phản hồi để xếp cấp độ dịch vụ",
    remedies: "Cách cải thiện",
    care_by_kind: "Theo loại việc",
    care_by_staff: "Theo nhân viên",
    col_kind: "Loại việc",
    col_staff: "Nhân viên",
    col_planned: "Kế hoạch",
    col_on_time: "Đúng hạn",
    col_late: "Trễ hạn",
    col_skipped: "Bỏ qua",
    col_open: "Chưa làm",
    col_on_time_rate: "Tỷ lệ đúng hạn",
    col_date: "Ngày",
    col_customer: "Khách hàng",
    col_score: "Điểm",
    col_comment: "Nhận xét",
    col_phone: "Điện thoại",
    col_reasons: "Lý do",
    col_rank: "#",
    col_purchases: "Số lần mua",
    col_spend: "Tổng chi tiêu",
    col_source: "Nguồn",

    dear: "Kính gửi",
    regards: "Trân trọng,",

    call_list_title: "Danh sách gọi điện chăm sóc",
    staff: "Nhân viên",
    day: "Ngày",
    col_done: "Xong",
    col_time: "Giờ",
    col_todo: "Việc cần làm",
    col_reason: "Lý do",
    col_message: "Lời nhắn",
    col_last_purchase: "Lần mua gần nhất",
    outcome: "Kết quả:",
    calls_count: "Số cuộc gọi",
    empty_calls: "Không có cuộc gọi nào trong ngày.",

    profile_title: "Hồ sơ khách hàng",
    f_code: "Mã khách hàng",
    f_phones: "Điện thoại",
    f_email: "Email",
    f_birthday: "Ngày sinh",
    f_address: "Địa chỉ",
    f_kind: "Loại khách hàng",
    f_source: "Nguồn",
    f_tags: "Nhãn",
    f_consent: "Nhận ưu đãi",
    f_channel: "Kênh ưa thích",
    f_points: "Điểm tích lũy",
    f_tier: "Hạng thành viên",
    sec_notes: "Ghi chú",
    sec_purchases: "Lịch sử mua hàng",
    sec_requests: "Yêu cầu hỗ trợ",
    sec_tasks: "Việc chăm sóc",
    sec_profile_feedback: "Ý kiến phản hồi",
    sec_timeline: "Nhật ký chăm sóc",
    col_amount: "Số tiền",
    col_items: "Hàng hóa, ghi chú",
    col_received: "Ngày nhận",
    col_channel: "Kênh",
    col_type: "Loại",
    col_status: "Trạng thái",
    col_handled_by: "Người xử lý",
    col_summary: "Nội dung",
    col_due: "Hạn",
    col_assignee: "Người phụ trách",
    col_result: "Kết quả",
    col_author: "Người ghi",
    col_note: "Nội dung",
    empty_notes: "Không có ghi chú.",
    empty_purchases: "Chưa có lần mua hàng nào.",
    empty_requests: "Chưa có yêu cầu hỗ trợ nào.",
    empty_tasks: "Chưa có việc chăm sóc nào.",
    empty_profile_feedback: "Chưa có ý kiến phản hồi nào.",
    empty_timeline: "Chưa có ghi chép nào.",
};

static EN: Labels = Labels {
    generated_on: "Generated on",
    no_data: "No data yet",

    report_title: "Monthly service report",
    sec_measures: "Key measures",
    sec_trends: "12-month trends",
    sec_level: "Service level",
    sec_care: "Care calendar",
    sec_feedback: "Customer feedback",
    sec_at_risk: "Customers at risk",
    sec_top: "Top customers by spend",
    sec_new: "New customers",
    col_measure: "Measure",
    col_this_month: "This month",
    col_prev_month: "Previous month",
    col_last_year: "Same month last year",
    col_change: "Change vs previous",
    empty_measures: "No measures for this month.",
    empty_trends: "No figures for the last 12 months.",
    empty_care: "No care tasks were due this month.",
    empty_feedback: "No feedback comments this month.",
    empty_at_risk: "No customers are at risk.",
    part_feedback: "The {n} lowest-scored of the month's {total} comments; the Dashboard lists them all.",
    part_at_risk: "The first {n} of {total} customers at risk.",
    part_new: "The first {n} of the month's {total} new customers.",
    empty_top: "No purchases this month.",
    empty_new: "No new customers this month.",
    level_word: "Level",
    not_enough_feedback: "Not enough feedback to rate the service level",
    remedies: "How to improve",
    care_by_kind: "By kind",
    care_by_staff: "By staff member",
    col_kind: "Kind",
    col_staff: "Staff",
    col_planned: "Planned",
    col_on_time: "On time",
    col_late: "Late",
    col_skipped: "Skipped",
    col_open: "Not done",
    col_on_time_rate: "On-time rate",
    col_date: "Date",
    col_customer: "Customer",
    col_score: "Score",
    col_comment: "Comment",
    col_phone: "Phone",
    col_reasons: "Reasons",
    col_rank: "#",
    col_purchases: "Purchases",
    col_spend: "Total spend",
    col_source: "Source",

    dear: "Dear",
    regards: "Kind regards,",

    call_list_title: "Call list",
    staff: "Staff",
    day: "Date",
    col_done: "Done",
    col_time: "Time",
    col_todo: "To do",
    col_reason: "Why",
    col_message: "What to say",
    col_last_purchase: "Last purchase",
    outcome: "Outcome:",
    calls_count: "Calls",
    empty_calls: "No calls for this day.",

    profile_title: "Customer profile",
    f_code: "Code",
    f_phones: "Phone",
    f_email: "Email",
    f_birthday: "Birthday",
    f_address: "Address",
    f_kind: "Kind",
    f_source: "Source",
    f_tags: "Tags",
    f_consent: "Offers consent",
    f_channel: "Preferred channel",
    f_points: "Loyalty points",
    f_tier: "Tier",
    sec_notes: "Notes",
    sec_purchases: "Purchases",
    sec_requests: "Service requests",
    sec_tasks: "Care tasks",
    sec_profile_feedback: "Feedback",
    sec_timeline: "Timeline notes",
    col_amount: "Amount",
    col_items: "Items, note",
    col_received: "Received",
    col_channel: "Channel",
    col_type: "Type",
    col_status: "Status",
    col_handled_by: "Handled by",
    col_summary: "Summary",
    col_due: "Due",
    col_assignee: "Assignee",
    col_result: "Outcome",
    col_author: "By",
    col_note: "Note",
    empty_notes: "No notes.",
    empty_purchases: "No purchases yet.",
    empty_requests: "No service requests yet.",
    empty_tasks: "No care tasks yet.",
    empty_profile_feedback: "No feedback yet.",
    empty_timeline: "No timeline notes yet.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        // (lang, value, decimals, expected)
        let decimals: &[(Lang, f64, u8, &str)] = &[
            (Lang::Vi, 12.5, 1, "12,5"),
            (Lang::En, 12.5, 1, "12.5"),
            (Lang::Vi, 1_250_000.0, 0, "1.250.000"),
            (Lang::En, 1_250_000.0, 0, "1,250,000"),
            (Lang::Vi, -20.0, 0, "-20"),
            (Lang::En, -0.04, 1, "0.0"),
            (Lang::Vi, 99.95, 1, "100,0"),
            (Lang::En, 1234.567, 2, "1,234.57"),
        ];
        for (lang, v, d, expected) in decimals {
            assert_eq!(lang.decimal(*v, *d), *expected, "{lang:?} {v} with {d} decimals");
        }
        let ints: &[(Lang, i64, &str)] = &[
            (Lang::Vi, 0, "0"),
            (Lang::Vi, 999, "999"),
            (Lang::Vi, 1000, "1.000"),
            (Lang::En, 1_234_567, "1,234,567"),
            (Lang::En, -4500, "-4,500"),
        ];
        for (lang, n, expected) in ints {
            assert_eq!(lang.int(*n), *expected, "{lang:?} {n}");
        }
    }

    #[test]
    fn page_numbers() {
        assert_eq!(Lang::Vi.page_of(2, 7), "Trang 2/7");
        assert_eq!(Lang::En.page_of(2, 7), "Page 2 of 7");
    }
}

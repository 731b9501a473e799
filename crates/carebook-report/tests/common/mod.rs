//! Realistic Vietnamese sample inputs shared by the tests, the benchmark and the
//! sample renderer (included with `#[path]` from there).
#![allow(dead_code)]

use carebook_report::*;

/// Every tone mark on every vowel, capitals then small letters, and đ/Đ.
pub const ALL_TONES: &str =
    "Ảnh Ấm Ầm Ẩn Ẫn Ậm Ắt Ằng Ẳng Ẵng Ặt Ẻ Ẽ Ế Ề Ể Ễ Ệ Ỉ Ĩ Ị Ỏ Ố Ồ Ổ Ỗ Ộ Ớ Ờ Ở Ỡ Ợ Ủ Ũ Ụ Ứ Ừ Ử Ữ Ự Ỳ Ỷ Ỹ Ỵ đ Đ";

/// [`ALL_TONES`] in small letters.
pub fn all_tones_lower() -> String {
    ALL_TONES.to_lowercase()
}

const FAMILY: [&str; 16] = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý",
];
const MIDDLE: [&str; 10] = ["Thị", "Văn", "Minh", "Ngọc", "Thanh", "Hoàng", "Đức", "Thu", "Quốc", "Bảo"];
const GIVEN: [&str; 36] = [
    "Anh", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hùng", "Hương", "Khánh", "Lan", "Linh",
    "Long", "Mai", "Minh", "Nam", "Ngân", "Nhung", "Phúc", "Phương", "Quân", "Quỳnh", "Sơn", "Tâm", "Thảo", "Thắng",
    "Trang", "Trí", "Tuấn", "Tùng", "Uyên", "Việt", "Vy", "Yến",
];

/// A deterministic Vietnamese full name.
pub fn name(i: usize) -> String {
    format!("{} {} {}", FAMILY[i % FAMILY.len()], MIDDLE[(i / 3) % MIDDLE.len()], GIVEN[(i * 7 + 3) % GIVEN.len()])
}

/// A deterministic phone number in display form.
pub fn phone(i: usize) -> String {
    let n = 901_234_567 + (i as u64 * 7_919) % 98_000_000;
    let s = format!("0{n}");
    format!("{} {} {}", &s[0..4], &s[4..7], &s[7..10])
}

/// A money amount as printed ("12.500.000 ₫").
pub fn vnd(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    format!("{out} ₫")
}

/// A small PNG logo (a teal disc with a white bar on a transparent square), made here
/// so the tests need no image file.
pub fn logo_png() -> Vec<u8> {
    let (w, h) = (160_u32, 160_u32);
    let mut px = Vec::with_capacity((w * h * 4) as usize);
    for y in 0..h {
        for x in 0..w {
            let (dx, dy) = (x as f32 - 80.0, y as f32 - 80.0);
            let d = (dx * dx + dy * dy).sqrt();
            if d < 76.0 {
                if (60..100).contains(&y) && (40..120).contains(&x) && (y < 72 || x < 56) {
                    px.extend_from_slice(&[255, 255, 255, 255]);
                } else {
                    px.extend_from_slice(&[23, 128, 128, 255]);
                }
            } else {
                px.extend_from_slice(&[0, 0, 0, 0]);
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().expect("png header");
        writer.write_image_data(&px).expect("png data");
    }
    out
}

/// A small JPEG logo (committed fixture, 240×80).
pub fn logo_jpeg() -> Vec<u8> {
    include_bytes!("../fixtures/logo.jpg").to_vec()
}

fn month_labels(lang: Lang) -> Vec<String> {
    // April 2024 to March 2025.
    (0..12)
        .map(|i| {
            let m = (3 + i) % 12 + 1;
            let y = if m >= 4 { 24 } else { 25 };
            match lang {
                Lang::Vi => format!("T{m}/{y}"),
                Lang::En => format!("{m:02}/{y}"),
            }
        })
        .collect()
}

fn series(
    lang: Lang,
    title: (&str, &str),
    unit: &str,
    decimals: u8,
    values: [Option<f64>; 12],
    range: (Option<f64>, Option<f64>),
) -> TrendSeries {
    TrendSeries {
        title: match lang {
            Lang::Vi => title.0.to_owned(),
            Lang::En => title.1.to_owned(),
        },
        unit: unit.to_owned(),
        decimals,
        points: month_labels(lang).into_iter().zip(values).map(|(label, value)| TrendPoint { label, value }).collect(),
        y_min: range.0,
        y_max: range.1,
    }
}

/// A measure value as printed in `lang` (the table below is written in Vietnamese).
fn value(lang: Lang, vi: &str) -> String {
    match lang {
        Lang::Vi => vi.to_owned(),
        Lang::En => vi
            .replace(" giờ", " h")
            .replace(" phút", " min")
            .replace(" điểm", " pts")
            .replace(" %", "%")
            .replace(',', "."),
    }
}

fn pick<'a>(lang: Lang, vi: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

const COMMENTS: [&str; 10] = [
    "Phải chờ gần 20 phút mới được phục vụ, nhân viên không xin lỗi.",
    "Bánh giao trễ một tiếng so với hẹn, hộp bị móp. Mong cửa hàng kiểm tra lại khâu giao hàng vì đây là lần thứ hai trong tháng tôi gặp chuyện này.",
    "Nhân viên tư vấn nhiệt tình nhưng thanh toán hơi chậm.",
    "Đồ uống ngon, không gian dễ chịu.",
    "Rất hài lòng, sẽ giới thiệu cho bạn bè và đồng nghiệp.",
    "Giá hơi cao so với khu vực nhưng chất lượng ổn định.",
    "Gọi điện hỏi đơn hàng ba lần mới có người trả lời.",
    "Cảm ơn chị Thảo đã nhớ tên và món quen của tôi!",
    "Khuyến mãi sinh nhật rất dễ thương, cảm ơn cửa hàng.",
    "Chỗ gửi xe chật, bảo vệ không hướng dẫn. Bánh thì ngon quá 😍👍🏻",
];

const REASONS: [&str; 5] = [
    "Điểm NPS gần nhất 4 (không hài lòng)",
    "Khiếu nại chưa giải quyết từ 12/03/2025",
    "CSAT 2/5 trong 90 ngày qua",
    "Quá hai lần chu kỳ mua quen thuộc (84 ngày chưa quay lại)",
    "Yêu cầu đổi trả đang chờ",
];

/// A full month (about ten pages): every section filled.
pub fn full_month(lang: Lang, logo: Option<Vec<u8>>, at_risk: usize) -> MonthlyReport {
    let measures = vec![
        (
            "Tỷ lệ giải quyết vấn đề",
            "Resolution rate",
            "92 %",
            "88 %",
            "85 %",
            "+4 điểm",
            Some(Direction::Up),
            Some(true),
        ),
        (
            "Giải quyết ngay lần đầu (FCR)",
            "First-contact resolution",
            "71 %",
            "74 %",
            "—",
            "−3 điểm",
            Some(Direction::Down),
            Some(false),
        ),
        (
            "Thời gian phản hồi (trung vị)",
            "Response time (median)",
            "12 phút",
            "18 phút",
            "25 phút",
            "−6 phút",
            Some(Direction::Down),
            Some(true),
        ),
        (
            "Thời gian phản hồi (P90)",
            "Response time (P90)",
            "2 giờ 10 phút",
            "2 giờ 40 phút",
            "3 giờ",
            "−30 phút",
            Some(Direction::Down),
            Some(true),
        ),
        (
            "Thời gian giải quyết (trung vị)",
            "Resolution time (median)",
            "1 giờ 5 phút",
            "1 giờ",
            "1 giờ 30 phút",
            "+5 phút",
            Some(Direction::Up),
            Some(false),
        ),
        ("Thời gian chờ (trung bình)", "Wait time (mean)", "6,5 phút", "6,5 phút", "9 phút", "0", None, None),
        (
            "CSAT (tỷ lệ 4–5 điểm)",
            "CSAT (share of 4–5)",
            "81 %",
            "77 %",
            "79 %",
            "+4 điểm",
            Some(Direction::Up),
            Some(true),
        ),
        ("CSAT điểm trung bình", "CSAT mean score", "4,1", "3,9", "4,0", "+0,2", Some(Direction::Up), Some(true)),
        ("NPS", "NPS", "32", "−5", "18", "+37", Some(Direction::Up), Some(true)),
        (
            "Tỷ lệ khách hàng trung thành",
            "Loyal-customer rate",
            "38 %",
            "37 %",
            "31 %",
            "+1 điểm",
            Some(Direction::Up),
            Some(true),
        ),
        (
            "Tỷ lệ giữ chân khách hàng",
            "Retention",
            "64 %",
            "66 %",
            "60 %",
            "−2 điểm",
            Some(Direction::Down),
            Some(false),
        ),
        (
            "Tỷ lệ chăm sóc đúng hạn",
            "Care on-time rate",
            "87 %",
            "90 %",
            "—",
            "−3 điểm",
            Some(Direction::Down),
            Some(false),
        ),
        ("Việc chăm sóc quá hạn", "Overdue care tasks", "7", "4", "—", "+3", Some(Direction::Up), Some(false)),
    ]
    .into_iter()
    .map(|(vi, en, a, b, c, d, dir, better)| MeasureRow {
        name: pick(lang, vi, en).to_owned(),
        this_month: value(lang, a),
        previous_month: value(lang, b),
        same_month_last_year: value(lang, c),
        change: value(lang, d),
        direction: dir,
        better,
    })
    .collect();

    let trends = vec![
        series(
            lang,
            ("Tỷ lệ giải quyết", "Resolution rate"),
            "%",
            0,
            [
                Some(84.0),
                Some(86.0),
                Some(83.0),
                None,
                Some(87.0),
                Some(88.0),
                Some(90.0),
                Some(85.0),
                Some(89.0),
                Some(91.0),
                Some(88.0),
                Some(92.0),
            ],
            (Some(0.0), Some(100.0)),
        ),
        series(
            lang,
            ("Thời gian phản hồi (trung vị)", "Response time (median)"),
            pick(lang, "phút", "min"),
            0,
            [
                Some(31.0),
                Some(28.0),
                Some(26.0),
                Some(25.0),
                Some(27.0),
                Some(22.0),
                Some(20.0),
                Some(24.0),
                Some(19.0),
                Some(17.0),
                Some(18.0),
                Some(12.0),
            ],
            (None, None),
        ),
        series(
            lang,
            ("CSAT (tỷ lệ 4–5 điểm)", "CSAT (share of 4–5)"),
            "%",
            0,
            [
                Some(72.0),
                Some(74.0),
                Some(71.0),
                Some(76.0),
                Some(78.0),
                Some(75.0),
                Some(79.0),
                Some(80.0),
                None,
                None,
                Some(77.0),
                Some(81.0),
            ],
            (Some(0.0), Some(100.0)),
        ),
        series(
            lang,
            ("NPS", "NPS"),
            "",
            0,
            [
                Some(12.0),
                Some(8.0),
                Some(15.0),
                Some(18.0),
                Some(10.0),
                Some(22.0),
                Some(25.0),
                Some(19.0),
                Some(28.0),
                Some(30.0),
                Some(-5.0),
                Some(32.0),
            ],
            (Some(-100.0), Some(100.0)),
        ),
        series(
            lang,
            ("Tỷ lệ chăm sóc đúng hạn", "Care on-time rate"),
            "%",
            0,
            [
                None,
                None,
                None,
                Some(80.0),
                Some(82.0),
                Some(85.0),
                Some(84.0),
                Some(88.0),
                Some(91.0),
                Some(89.0),
                Some(90.0),
                Some(87.0),
            ],
            (Some(0.0), Some(100.0)),
        ),
        series(
            lang,
            ("Thời gian chờ (trung bình)", "Wait time (mean)"),
            pick(lang, "phút", "min"),
            1,
            [
                Some(9.5),
                Some(9.0),
                Some(8.2),
                Some(8.8),
                Some(7.5),
                Some(7.9),
                Some(7.1),
                Some(6.8),
                Some(7.0),
                Some(6.2),
                Some(6.5),
                Some(6.5),
            ],
            (Some(0.0), None),
        ),
    ];

    let service_level = ServiceLevel {
        level: Some(4),
        name: pick(lang, "Dịch vụ đúng mong đợi", "Meets expectations").to_owned(),
        basis: pick(lang, "CSAT 81 % · NPS 32 · 64 câu trả lời", "CSAT 81% · NPS 32 · 64 answers").to_owned(),
        remedies: match lang {
            Lang::Vi => vec![
                "Thiết lập tiêu chuẩn cao: xây dựng các tiêu chuẩn dịch vụ cao hơn để đảm bảo chất lượng vượt trội."
                    .to_owned(),
                "Đầu tư vào công nghệ: sử dụng công nghệ mới để cải thiện quy trình làm việc và tăng cường hiệu quả."
                    .to_owned(),
            ],
            Lang::En => vec![
                "Set high standards: build higher service standards to ensure outstanding quality.".to_owned(),
                "Invest in technology: use new tools to improve the work process and efficiency.".to_owned(),
            ],
        },
    };

    let kinds: [(&str, &str); 7] = [
        ("Thư cảm ơn", "Thank-you note"),
        ("Gọi hỏi thăm", "Check-in call"),
        ("Ưu đãi quay lại", "Come-back offer"),
        ("Chúc mừng sinh nhật", "Birthday greeting"),
        ("Gọi theo dõi khiếu nại", "Follow-up call"),
        ("Mời sự kiện khách thân thiết", "Loyalty event invitation"),
        ("Khảo sát ý kiến", "Survey request"),
    ];
    let count = |i: usize, label: String| {
        let planned = 8 + (i as u32 * 13) % 40;
        let on_time = planned * 3 / 4;
        let late = (planned - on_time) / 2;
        let skipped = (planned - on_time - late) / 2;
        CareCount { label, planned, on_time, late, skipped, on_time_rate: format!("{} %", on_time * 100 / planned) }
    };
    let care = CareCalendar {
        by_kind: kinds.iter().enumerate().map(|(i, k)| count(i, pick(lang, k.0, k.1).to_owned())).collect(),
        by_staff: ["Trần Thu Thảo", "Lê Minh Quân", "Phạm Ngọc Hân", "Đỗ Văn Sơn"]
            .iter()
            .enumerate()
            .map(|(i, s)| count(i + 3, (*s).to_owned()))
            .collect(),
    };

    let feedback = (0..36)
        .map(|i| FeedbackComment {
            date: format!("{:02}/03/2025", 1 + i % 28),
            customer: name(i * 5 + 1),
            csat: if i % 4 == 3 { None } else { Some((1 + (i * 3) % 5) as u8) },
            nps: if i % 3 == 0 { Some(((i * 7) % 11) as u8) } else { None },
            comment: COMMENTS[i % COMMENTS.len()].to_owned(),
        })
        .collect();

    let at_risk = (0..at_risk)
        .map(|i| AtRiskCustomer {
            name: name(i * 3 + 2),
            phone: phone(i),
            reasons: (0..1 + i % 3).map(|k| REASONS[(i + k) % REASONS.len()].to_owned()).collect(),
        })
        .collect();

    let top_customers = (0..20)
        .map(|i| TopCustomer {
            name: name(i * 11 + 4),
            phone: phone(i + 1000),
            purchases: (12 - (i / 2)) as u32,
            spend: vnd(18_500_000 - i as u64 * 650_000),
        })
        .collect();

    let sources = ["Zalo", "Facebook", "Giới thiệu", "Khách vãng lai", "Google Maps"];
    let new_customers = (0..40)
        .map(|i| NewCustomer {
            date: format!("{:02}/03/2025", 1 + (i * 2) % 31),
            name: name(i * 13 + 7),
            phone: phone(i + 2000),
            source: sources[i % sources.len()].to_owned(),
        })
        .collect();

    MonthlyReport {
        lang,
        shop_name: "Tiệm bánh Hương Quê".to_owned(),
        logo,
        month_label: pick(lang, "Tháng 3/2025", "March 2025").to_owned(),
        generated_on: "01/04/2025".to_owned(),
        measures,
        trends,
        service_level,
        care,
        feedback,
        at_risk,
        top_customers,
        new_customers,
        // The comments and at-risk customers printed are part of the month's.
        feedback_total: 1234,
        at_risk_total: 35712,
        new_customers_total: 0,
    }
}

/// A month with nothing in it: every section prints its empty sentence.
pub fn empty_month(lang: Lang) -> MonthlyReport {
    MonthlyReport {
        lang,
        shop_name: "Cà phê Sáng".to_owned(),
        logo: None,
        month_label: pick(lang, "Tháng 1/2025", "January 2025").to_owned(),
        generated_on: "01/02/2025".to_owned(),
        service_level: ServiceLevel {
            level: None,
            name: String::new(),
            basis: pick(lang, "3 câu trả lời (cần ít nhất 10)", "3 answers (at least 10 needed)").to_owned(),
            remedies: Vec::new(),
        },
        ..MonthlyReport::default()
    }
}

const KINDS: [(CardKind, &str, &str); 5] = [
    (
        CardKind::ThankYou,
        "Cảm ơn {ten} đã ghé tiệm!",
        "Cảm ơn {ten} đã chọn Tiệm bánh Hương Quê cho buổi sáng hôm qua. Chúng tôi mong chiếc bánh bông lan trứng muối vừa miệng cả nhà. Nếu có điều gì chưa hài lòng, {ten} cứ nhắn Zalo cho tiệm nhé.",
    ),
    (
        CardKind::Birthday,
        "Chúc mừng sinh nhật {ten}!",
        "Nhân dịp sinh nhật, Tiệm bánh Hương Quê kính chúc {ten} một tuổi mới thật nhiều sức khỏe, niềm vui và may mắn.\n\nTiệm xin gửi tặng {ten} phiếu giảm 20% cho một chiếc bánh kem, dùng đến hết tháng 4/2025.",
    ),
    (
        CardKind::Offer,
        "Lâu rồi không gặp {ten}",
        "Đã hơn hai tháng {ten} chưa ghé tiệm. Tuần này tiệm có mẻ bánh mì hoa cúc mới và dành riêng cho {ten} ưu đãi mua 2 tặng 1. Hẹn gặp lại {ten} sớm!",
    ),
    (
        CardKind::Greeting,
        "Chúc mừng năm mới Ất Tỵ",
        "Xuân mới an khang, vạn sự như ý. Cảm ơn {ten} đã đồng hành cùng tiệm suốt một năm qua. Tiệm nghỉ Tết từ 28 tháng Chạp đến hết mùng 4, mở cửa lại ngày mùng 5 với hộp bánh Tết mới.",
    ),
    (
        CardKind::Invitation,
        "Thư mời tri ân khách hàng thân thiết",
        "Trân trọng kính mời {ten} đến dự buổi thử bánh mùa thu dành riêng cho khách hàng thân thiết vào 18 giờ thứ Bảy, ngày 12/04/2025, tại cửa hàng 24 Lê Lợi.",
    ),
];

/// `n` cards cycling through the kinds; the first one is addressed to the all-tones name.
pub fn cards(n: usize, layout: CardLayout, logo: Option<Vec<u8>>) -> CardBatch {
    let cards = (0..n)
        .map(|i| {
            let (kind, title, body) = KINDS[i % KINDS.len()];
            let recipient = if i == 0 { ALL_TONES.to_owned() } else { format!("Chị {}", name(i)) };
            let short =
                if i == 0 { "Ảnh".to_owned() } else { format!("chị {}", name(i).rsplit(' ').next().unwrap_or("")) };
            Card {
                recipient,
                address: if i % 2 == 0 {
                    vec![format!("{} Nguyễn Đình Chiểu, Phường Đa Kao", 12 + i), "Quận 1, TP. Hồ Chí Minh".to_owned()]
                } else {
                    Vec::new()
                },
                title: title.replace("{ten}", &short),
                body: body.replace("{ten}", &short),
                signature: "Tiệm bánh Hương Quê".to_owned(),
                kind,
            }
        })
        .collect();
    CardBatch {
        lang: Lang::Vi,
        layout,
        shop_name: "Tiệm bánh Hương Quê".to_owned(),
        logo,
        date: "TP. Hồ Chí Minh, ngày 01/04/2025".to_owned(),
        cards,
    }
}

/// A day of calls for one staff member.
pub fn call_list(lang: Lang, n: usize) -> CallList {
    let todo = [
        (
            "Gọi hỏi thăm",
            "Check-in call",
            "Mua lần đầu 31/03/2025",
            "First purchase 31/03/2025",
            "Chào {ten}, em là Thảo ở Tiệm bánh Hương Quê. Hôm trước {ten} mua bánh bông lan, cả nhà ăn thấy thế nào ạ? Nếu được, {ten} cho tiệm xin điểm từ 1 đến 5 nhé.",
        ),
        (
            "Gọi theo dõi khiếu nại",
            "Follow-up call",
            "Khiếu nại giao trễ đã giải quyết 05/04",
            "Late-delivery complaint resolved 05/04",
            "Hỏi lại xem lần giao gần nhất đã đúng giờ chưa, xin lỗi thêm một lần và báo phiếu giảm 10% đã gửi qua Zalo.",
        ),
        (
            "Ưu đãi quay lại",
            "Come-back offer",
            "84 ngày chưa quay lại (thường 30 ngày)",
            "84 days since last visit (usually 30)",
            "Báo ưu đãi mua 2 tặng 1 bánh mì hoa cúc tuần này.",
        ),
    ];
    let calls = (0..n)
        .map(|i| {
            let t = todo[i % todo.len()];
            let given = name(i + 40).rsplit(' ').next().unwrap_or("").to_owned();
            Call {
                time: if i % 4 == 3 { String::new() } else { format!("{:02}:{:02}", 9 + i / 3, (i * 20) % 60) },
                customer: name(i + 40),
                phone: phone(i + 40),
                kind: pick(lang, t.0, t.1).to_owned(),
                reason: pick(lang, t.2, t.3).to_owned(),
                message: t.4.replace("{ten}", &format!("chị {given}")),
                last_purchase: format!("{:02}/03/2025 · {}", 1 + i % 28, vnd(150_000 + i as u64 * 35_000)),
            }
        })
        .collect();
    CallList {
        lang,
        shop_name: "Tiệm bánh Hương Quê".to_owned(),
        logo: Some(logo_png()),
        staff_name: "Trần Thu Thảo".to_owned(),
        date: pick(lang, "Thứ Hai, 07/04/2025", "Monday 07/04/2025").to_owned(),
        calls,
    }
}

/// A note of about 2,000 characters.
pub fn long_note() -> String {
    let sentence = "Khách quen từ năm 2019, thích bánh ít ngọt, thường đặt bánh kem sinh nhật cho con gái vào tháng Năm và mua bánh Trung thu biếu đối tác. Lưu ý dị ứng đậu phộng; không dùng hộp nhựa. ";
    let mut note = String::new();
    while note.chars().count() < 2000 {
        note.push_str(sentence);
    }
    note.chars().take(2000).collect()
}

/// A customer with a 2,000-character note and every history filled.
pub fn profile(lang: Lang) -> CustomerProfile {
    CustomerProfile {
        lang,
        shop_name: "Tiệm bánh Hương Quê".to_owned(),
        logo: Some(logo_png()),
        generated_on: "07/04/2025".to_owned(),
        name: "Nguyễn Thị Ngọc Ánh".to_owned(),
        code: "KH-000123".to_owned(),
        phones: vec!["0901 234 567".to_owned(), "+84 912 345 678".to_owned()],
        email: "ngocanh.nguyen@example.vn".to_owned(),
        birthday: pick(lang, "15/8 âm lịch", "15/8 (lunar)").to_owned(),
        address: "24 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh".to_owned(),
        kind: pick(lang, "Khách hàng bên ngoài", "External").to_owned(),
        source: "Giới thiệu".to_owned(),
        tags: vec!["Khách thân thiết".to_owned(), "Bánh kem".to_owned(), "Ít ngọt".to_owned()],
        consent: pick(lang, "Đồng ý từ 12/03/2024", "Given on 12/03/2024").to_owned(),
        preferred_channel: "Zalo".to_owned(),
        points: "1.250".to_owned(),
        tier: pick(lang, "Vàng", "Gold").to_owned(),
        notes: long_note(),
        purchases: (0..25)
            .map(|i| ProfilePurchase {
                date: format!("{:02}/{:02}/2025", 1 + (i * 3) % 28, 3 - (i / 10).min(2)),
                amount: vnd(120_000 + i as u64 * 45_000),
                items: if i % 5 == 0 {
                    "Bánh kem dâu 20 cm, nến số, thiệp chúc mừng; giao tận nhà lúc 17 giờ".to_owned()
                } else {
                    "Bánh mì hoa cúc, bông lan trứng muối".to_owned()
                },
                staff: "Trần Thu Thảo".to_owned(),
            })
            .collect(),
        requests: vec![
            ProfileRequest {
                received: "05/04/2025 09:12".to_owned(),
                channel: "Zalo".to_owned(),
                kind: "Khiếu nại".to_owned(),
                status: "Đã giải quyết".to_owned(),
                handled_by: "Lê Minh Quân → Trần Thu Thảo".to_owned(),
                summary: "Giao bánh trễ 45 phút so với hẹn, hộp bị móp góc.".to_owned(),
            },
            ProfileRequest {
                received: "20/02/2025 15:40".to_owned(),
                channel: "Điện thoại".to_owned(),
                kind: "Đặt hàng".to_owned(),
                status: "Đã giải quyết".to_owned(),
                handled_by: "Trần Thu Thảo".to_owned(),
                summary: "Đặt 30 hộp bánh cho tiệc công ty.".to_owned(),
            },
        ],
        care_tasks: vec![
            ProfileTask {
                due: "07/04/2025".to_owned(),
                kind: "Gọi theo dõi khiếu nại".to_owned(),
                status: "Kế hoạch".to_owned(),
                assignee: "Trần Thu Thảo".to_owned(),
                outcome: String::new(),
            },
            ProfileTask {
                due: "01/04/2025".to_owned(),
                kind: "Ưu đãi quay lại".to_owned(),
                status: "Đã làm".to_owned(),
                assignee: "Lê Minh Quân".to_owned(),
                outcome: "Khách hẹn cuối tuần ghé.".to_owned(),
            },
        ],
        feedback: vec![
            ProfileFeedback {
                date: "06/04/2025".to_owned(),
                score: "CSAT 2/5".to_owned(),
                comment: "Giao trễ, nhưng nhân viên xin lỗi rất lịch sự.".to_owned(),
            },
            ProfileFeedback {
                date: "01/03/2025".to_owned(),
                score: "CSAT 5/5 · NPS 10/10".to_owned(),
                comment: "Bánh ngon, sẽ giới thiệu bạn bè.".to_owned(),
            },
        ],
        timeline: vec![
            TimelineNote {
                date: "05/04/2025".to_owned(),
                author: "Lê Minh Quân".to_owned(),
                text: "Đã gọi xin lỗi, gửi phiếu giảm 10% qua Zalo. Chuyển chị Thảo theo dõi.".to_owned(),
            },
            TimelineNote {
                date: "14/02/2025".to_owned(),
                author: "Trần Thu Thảo".to_owned(),
                text: long_note().chars().take(600).collect(),
            },
        ],
    }
}

//! The six service levels of seed 003 ("6 cấp độ dịch vụ khách hàng"), the
//! rule that places a range on one of them, and each level's remedies.

use carebook_core::export::Lang;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::settings::LevelThresholds;

/// A service level, 1 (disappointing) to 6 (amazing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ServiceLevel {
    /// 1 — Dịch vụ đáng thất vọng.
    Disappointing,
    /// 2 — Dịch vụ ở mức cơ bản.
    Basic,
    /// 3 — Dịch vụ trung bình.
    Average,
    /// 4 — Dịch vụ đúng mong đợi.
    MeetsExpectations,
    /// 5 — Dịch vụ vượt mong đợi.
    ExceedsExpectations,
    /// 6 — Dịch vụ tốt đáng kinh ngạc.
    Amazing,
}

impl ServiceLevel {
    /// All six, lowest first.
    pub const ALL: [ServiceLevel; 6] = [
        ServiceLevel::Disappointing,
        ServiceLevel::Basic,
        ServiceLevel::Average,
        ServiceLevel::MeetsExpectations,
        ServiceLevel::ExceedsExpectations,
        ServiceLevel::Amazing,
    ];

    /// 1–6.
    pub fn number(self) -> u8 {
        match self {
            ServiceLevel::Disappointing => 1,
            ServiceLevel::Basic => 2,
            ServiceLevel::Average => 3,
            ServiceLevel::MeetsExpectations => 4,
            ServiceLevel::ExceedsExpectations => 5,
            ServiceLevel::Amazing => 6,
        }
    }

    /// The level numbered 1–6.
    pub fn from_number(n: u8) -> Option<ServiceLevel> {
        ServiceLevel::ALL.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The level's name, as in seed 003 for Vietnamese.
    pub fn name(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            ServiceLevel::Disappointing => ("Dịch vụ đáng thất vọng", "Disappointing service"),
            ServiceLevel::Basic => ("Dịch vụ ở mức cơ bản", "Basic service"),
            ServiceLevel::Average => ("Dịch vụ trung bình", "Average service"),
            ServiceLevel::MeetsExpectations => ("Dịch vụ đúng mong đợi", "Service that meets expectations"),
            ServiceLevel::ExceedsExpectations => ("Dịch vụ vượt mong đợi", "Service that exceeds expectations"),
            ServiceLevel::Amazing => ("Dịch vụ tốt đáng kinh ngạc", "Amazing service"),
        };
        lang.pick(vi, en)
    }

    /// What the customer experiences at this level (seed 003, condensed).
    pub fn summary(self, lang: Lang) -> &'static str {
        let (vi, en) = match self {
            ServiceLevel::Disappointing => (
                "Khách hàng cảm thấy bực bội và thất vọng: thời gian chờ đợi quá lâu, nhân viên thiếu chuyên nghiệp hoặc không thân thiện, sản phẩm hoặc dịch vụ không đạt yêu cầu.",
                "Customers feel annoyed and let down: waits are too long, staff are unprofessional or unfriendly, the product or service falls short.",
            ),
            ServiceLevel::Basic => (
                "Chỉ đáp ứng được các yêu cầu tối thiểu; khách hàng không hài lòng hay thất vọng, nhưng cũng không có ấn tượng gì đặc biệt.",
                "Only the minimum is met; customers are neither pleased nor disappointed, and nothing stands out.",
            ),
            ServiceLevel::Average => (
                "Đáp ứng đầy đủ và đúng thời gian các yêu cầu của khách hàng; khách hàng hài lòng nhưng không có gì đáng ghi nhớ.",
                "Requests are met fully and on time; customers are satisfied but nothing is memorable.",
            ),
            ServiceLevel::MeetsExpectations => (
                "Không chỉ đáp ứng mà còn vượt trội các yêu cầu; khách hàng hài lòng và ấn tượng với chất lượng dịch vụ.",
                "Requests are met and surpassed; customers are satisfied and impressed by the quality of service.",
            ),
            ServiceLevel::ExceedsExpectations => (
                "Khách hàng ngạc nhiên và hài lòng một cách tích cực; họ cảm thấy được doanh nghiệp trân trọng và quan tâm.",
                "Customers are pleasantly surprised; they feel valued and cared for by the shop.",
            ),
            ServiceLevel::Amazing => (
                "Trải nghiệm đặc biệt, vượt xa mong đợi, khiến khách hàng vô cùng hài lòng và tạo dựng lòng trung thành mạnh mẽ.",
                "An exceptional experience far beyond expectations that delights customers and builds strong loyalty.",
            ),
        };
        lang.pick(vi, en)
    }

    /// The level's remedies ("cách khắc phục / cải thiện / nâng cao"), from seed 003.
    pub fn remedies(self, lang: Lang) -> &'static [&'static str] {
        remedies(self, lang)
    }

    /// Name, summary and remedies in one language, ready to show.
    pub fn info(self, lang: Lang) -> LevelInfo {
        LevelInfo {
            level: self,
            number: self.number(),
            name: self.name(lang).to_owned(),
            summary: self.summary(lang).to_owned(),
            remedies: self.remedies(lang).iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

const REMEDIES_VI: [&[&str]; 6] = [
    &[
        "Đào tạo nhân viên: tập trung vào việc đào tạo kỹ năng mềm, kỹ năng giao tiếp và cách xử lý tình huống.",
        "Cải tiến quy trình: đánh giá lại quy trình làm việc để xác định và khắc phục các điểm yếu.",
        "Lắng nghe phản hồi: thu thập và phân tích phản hồi từ khách hàng để nhanh chóng phát hiện và sửa chữa các vấn đề.",
    ],
    &[
        "Duy trì ổn định: đảm bảo các dịch vụ cơ bản luôn được thực hiện một cách nhất quán và không có sai sót.",
        "Nâng cao hiệu quả: cải thiện quy trình làm việc để giảm thiểu thời gian chờ đợi và tăng tốc độ phục vụ.",
    ],
    &[
        "Đánh giá định kỳ: thường xuyên đánh giá và cập nhật quy trình dịch vụ để đảm bảo tính hiệu quả và chất lượng.",
        "Đào tạo nhân viên: nâng cao kỹ năng giao tiếp và khả năng xử lý tình huống cho nhân viên để mang lại trải nghiệm tốt hơn cho khách hàng.",
    ],
    &[
        "Thiết lập tiêu chuẩn cao: xây dựng các tiêu chuẩn dịch vụ cao hơn để đảm bảo chất lượng vượt trội.",
        "Đầu tư vào công nghệ: sử dụng công nghệ mới để cải thiện quy trình làm việc và tăng cường hiệu quả.",
    ],
    &[
        "Cá nhân hóa dịch vụ: tùy chỉnh dịch vụ theo nhu cầu và mong muốn của từng khách hàng.",
        "Chủ động phục vụ: cung cấp các dịch vụ bổ sung mà không cần khách hàng yêu cầu, tạo cảm giác được chăm sóc đặc biệt.",
    ],
    &[
        "Đổi mới liên tục: luôn tìm kiếm và áp dụng các phương pháp mới để nâng cao chất lượng dịch vụ.",
        "Xây dựng văn hóa tập trung vào khách hàng: tạo dựng môi trường làm việc mà mọi nhân viên đều hiểu và coi trọng việc mang lại trải nghiệm tuyệt vời cho khách hàng.",
    ],
];

const REMEDIES_EN: [&[&str]; 6] = [
    &[
        "Train the staff: focus on soft skills, communication and handling difficult situations.",
        "Improve the process: review how the work is done to find and fix its weak points.",
        "Listen to feedback: collect and analyse customers' feedback to find and fix problems quickly.",
    ],
    &[
        "Keep it steady: make sure the basic services are always delivered consistently and without mistakes.",
        "Work more efficiently: improve the process to cut waiting time and serve faster.",
    ],
    &[
        "Review regularly: assess and update the service process often to keep it effective and of good quality.",
        "Train the staff: build their communication and problem-handling skills to give customers a better experience.",
    ],
    &[
        "Set high standards: define higher service standards to keep quality outstanding.",
        "Invest in technology: use new tools to improve the process and work more efficiently.",
    ],
    &[
        "Personalise the service: tailor it to each customer's needs and wishes.",
        "Serve proactively: offer extra services without being asked, so customers feel specially cared for.",
    ],
    &[
        "Innovate continuously: keep looking for and adopting new ways to raise the quality of service.",
        "Build a customer-centred culture: a workplace where every member of staff understands and values giving customers a wonderful experience.",
    ],
];

/// The remedies of `level` in `lang`, from seed 003 ("Cách khắc phục",
/// "Cách cải thiện", "Cách nâng cao", "Cách thực hiện").
pub fn remedies(level: ServiceLevel, lang: Lang) -> &'static [&'static str] {
    let i = usize::from(level.number() - 1);
    match lang {
        Lang::Vi => REMEDIES_VI[i],
        Lang::En => REMEDIES_EN[i],
    }
}

/// A level with its texts in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LevelInfo {
    /// The level.
    pub level: ServiceLevel,
    /// 1–6.
    pub number: u8,
    /// [`ServiceLevel::name`].
    pub name: String,
    /// [`ServiceLevel::summary`].
    pub summary: String,
    /// [`ServiceLevel::remedies`].
    pub remedies: Vec<String>,
}

/// Why a range that would be amazing (6) stays at 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LevelCap {
    /// The care on-time rate is below the amazing minimum (95 %) or there
    /// were no care tasks due.
    CareOnTime,
    /// Fewer NPS answers than needed to show NPS ≥ 50.
    NpsAnswers,
}

/// The service level of a range, or why there is none.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case", rename_all_fields = "camelCase")]
pub enum ServiceAssessment {
    /// Fewer CSAT answers than the rule needs (shown "not enough feedback",
    /// "chưa đủ phản hồi"); there is no level 0.
    NotEnoughFeedback {
        /// CSAT answers in the range.
        answers: u64,
        /// CSAT answers the rule needs.
        needed: u64,
    },
    /// A level 1–6.
    Rated {
        /// The level.
        level: ServiceLevel,
        /// Its number, 1–6.
        number: u8,
        /// Set when the scores reach 6 but the level stays at 5.
        capped_by: Option<LevelCap>,
    },
}

impl ServiceAssessment {
    /// The level, when rated.
    pub fn level(&self) -> Option<ServiceLevel> {
        match self {
            ServiceAssessment::Rated { level, .. } => Some(*level),
            ServiceAssessment::NotEnoughFeedback { .. } => None,
        }
    }

    /// "Not enough feedback" in `lang`, or the level's name.
    pub fn label(&self, lang: Lang) -> &'static str {
        match self {
            ServiceAssessment::Rated { level, .. } => level.name(lang),
            ServiceAssessment::NotEnoughFeedback { .. } => lang.pick("Chưa đủ phản hồi", "Not enough feedback"),
        }
    }
}

/// What the service level is judged on: a range's answers and shares.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LevelInputs {
    /// CSAT answers in the range.
    pub csat_answers: u64,
    /// Percent of CSAT answers that are 4 or 5.
    pub csat_share: Option<f64>,
    /// NPS answers in the range.
    pub nps_answers: u64,
    /// NPS, −100–100.
    pub nps: Option<f64>,
    /// Percent of due care tasks done on time.
    pub care_on_time_rate: Option<f64>,
}

/// The service level of a range (seed 003, thresholds of the product brief
/// by default):
///
/// - fewer than `min_answers` CSAT answers → not enough feedback;
/// - 1 if CSAT < 50 % or NPS < −20; 2 if CSAT < 65 %; 3 if CSAT < 75 %;
///   4 if CSAT < 85 %; 5 if CSAT < 92 % or NPS < 50; otherwise 6, which also
///   needs a care on-time rate ≥ 95 % (else 5).
///
/// The NPS conditions count only with at least `min_answers` NPS answers;
/// with fewer, NPS cannot pull a range down to 1, nor show the NPS ≥ 50
/// that 6 needs (the range stays at 5, capped by [`LevelCap::NpsAnswers`]).
/// No care task due means no on-time rate, so no 6 either.
pub fn assess(inputs: LevelInputs, t: &LevelThresholds) -> ServiceAssessment {
    let needed = t.min_answers.max(1);
    let csat = match inputs.csat_share {
        Some(share) if inputs.csat_answers >= needed => share,
        _ => return ServiceAssessment::NotEnoughFeedback { answers: inputs.csat_answers, needed },
    };
    let nps = if inputs.nps_answers >= needed { inputs.nps } else { None };
    let rated = |level: ServiceLevel, capped_by| ServiceAssessment::Rated { level, number: level.number(), capped_by };
    if csat < t.disappointing_csat_below || nps.is_some_and(|n| n < t.disappointing_nps_below) {
        return rated(ServiceLevel::Disappointing, None);
    }
    if csat < t.basic_csat_below {
        return rated(ServiceLevel::Basic, None);
    }
    if csat < t.average_csat_below {
        return rated(ServiceLevel::Average, None);
    }
    if csat < t.meets_csat_below {
        return rated(ServiceLevel::MeetsExpectations, None);
    }
    let Some(nps) = nps else {
        if csat < t.exceeds_csat_below {
            return rated(ServiceLevel::ExceedsExpectations, None);
        }
        return rated(ServiceLevel::ExceedsExpectations, Some(LevelCap::NpsAnswers));
    };
    if csat < t.exceeds_csat_below || nps < t.exceeds_nps_below {
        return rated(ServiceLevel::ExceedsExpectations, None);
    }
    if inputs.care_on_time_rate.is_some_and(|r| r >= t.amazing_min_on_time) {
        rated(ServiceLevel::Amazing, None)
    } else {
        rated(ServiceLevel::ExceedsExpectations, Some(LevelCap::CareOnTime))
    }
}

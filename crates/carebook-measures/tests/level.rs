//! The service level at every threshold, "not enough feedback", the
//! amazing-needs-95 %-on-time rule, and the texts of seed 003.

mod common;

use carebook_core::CareTaskStatus;
use carebook_core::export::Lang;
use carebook_measures::*;
use common::*;

use ServiceLevel::*;

fn rated(level: ServiceLevel, capped_by: Option<LevelCap>) -> ServiceAssessment {
    ServiceAssessment::Rated { level, number: level.number(), capped_by }
}

#[test]
fn every_threshold_boundary_of_the_default_rule() {
    // (CSAT share, NPS, on-time rate, expected) with 20 answers of each kind.
    // Thresholds are strict: a value exactly at one reaches the level above.
    let table = [
        (49.99, 80.0, Some(100.0), rated(Disappointing, None)),
        (50.0, 80.0, Some(100.0), rated(Basic, None)),
        (90.0, -20.01, Some(100.0), rated(Disappointing, None)), // NPS < −20 alone is enough
        (90.0, -20.0, Some(100.0), rated(ExceedsExpectations, None)),
        (50.0, -20.0, Some(100.0), rated(Basic, None)),
        (64.99, 0.0, None, rated(Basic, None)),
        (65.0, 0.0, None, rated(Average, None)),
        (74.99, 0.0, None, rated(Average, None)),
        (75.0, 0.0, None, rated(MeetsExpectations, None)),
        (84.99, 100.0, Some(100.0), rated(MeetsExpectations, None)),
        (85.0, 100.0, Some(100.0), rated(ExceedsExpectations, None)),
        (91.99, 100.0, Some(100.0), rated(ExceedsExpectations, None)),
        (92.0, 49.99, Some(100.0), rated(ExceedsExpectations, None)),
        (92.0, 50.0, Some(95.0), rated(Amazing, None)),
        (100.0, 100.0, Some(100.0), rated(Amazing, None)),
        // Amazing needs 95 % of care tasks on time, else 5.
        (92.0, 50.0, Some(94.99), rated(ExceedsExpectations, Some(LevelCap::CareOnTime))),
        (100.0, 100.0, None, rated(ExceedsExpectations, Some(LevelCap::CareOnTime))),
        // The on-time rule only matters for 6.
        (80.0, 50.0, Some(0.0), rated(MeetsExpectations, None)),
    ];
    let t = LevelThresholds::default();
    for (csat, nps, on_time, expected) in table {
        let inputs = LevelInputs {
            csat_answers: 20,
            csat_share: Some(csat),
            nps_answers: 20,
            nps: Some(nps),
            care_on_time_rate: on_time,
        };
        assert_eq!(assess(inputs, &t), expected, "CSAT {csat}, NPS {nps}, on time {on_time:?}");
    }
}

#[test]
fn fewer_than_ten_answers_is_not_enough_feedback() {
    let t = LevelThresholds::default();
    let inputs = |csat_answers, nps_answers| LevelInputs {
        csat_answers,
        csat_share: Some(100.0),
        nps_answers,
        nps: Some(100.0),
        care_on_time_rate: Some(100.0),
    };
    assert_eq!(assess(inputs(9, 9), &t), ServiceAssessment::NotEnoughFeedback { answers: 9, needed: 10 });
    assert_eq!(assess(inputs(10, 10), &t), rated(Amazing, None));
    // Ten CSAT answers but nine NPS answers: NPS cannot show ≥ 50 → 5.
    assert_eq!(assess(inputs(10, 9), &t), rated(ExceedsExpectations, Some(LevelCap::NpsAnswers)));
    // …nor pull the level down to 1 on nine answers.
    let low_nps = LevelInputs { nps: Some(-100.0), csat_share: Some(70.0), ..inputs(10, 9) };
    assert_eq!(assess(low_nps, &t), rated(Average, None));
    // An owner may ask for fewer answers.
    let five = LevelThresholds { min_answers: 5, ..LevelThresholds::default() };
    assert_eq!(assess(inputs(5, 5), &five), rated(Amazing, None));
    assert_eq!(assess(LevelInputs::default(), &t), ServiceAssessment::NotEnoughFeedback { answers: 0, needed: 10 });
}

/// `n` answers in June 2024, the first `satisfied` with CSAT 5 and the rest
/// CSAT 3, all with NPS `nps`.
fn answers(n: i64, satisfied: i64, nps: u8) -> Vec<FeedbackRow> {
    (1..=n).map(|i| fb(i, i, "2024-06-10 10:00", Some(if i <= satisfied { 5 } else { 3 }), Some(nps))).collect()
}

/// `n` tasks due in June 2024, the first `on_time` done on their day, the rest late.
fn tasks(n: i64, on_time: i64) -> Vec<TaskRow> {
    (1..=n)
        .map(|i| {
            let done = if i <= on_time { "2024-06-10 18:00" } else { "2024-06-11 09:00" };
            task(i, "2024-06-10", CareTaskStatus::Done, Some(done))
        })
        .collect()
}

#[test]
fn the_level_of_a_range_from_its_rows() {
    // (answers, satisfied, NPS score of all, tasks, on time, expected)
    let table = [
        // 9 answers: not enough.
        (9, 9, 10, 20, 20, ServiceAssessment::NotEnoughFeedback { answers: 9, needed: 10 }),
        // 10 answers, 5 satisfied: CSAT 50 % → 2 (NPS 100 does not help).
        (10, 5, 10, 20, 20, rated(Basic, None)),
        // 10 answers, 4 satisfied: 40 % → 1.
        (10, 4, 10, 20, 20, rated(Disappointing, None)),
        // 20 answers, 17 satisfied: 85 % → 5.
        (20, 17, 10, 20, 20, rated(ExceedsExpectations, None)),
        // All satisfied, all promoters (NPS 100), 19 of 20 tasks on time = 95 % → 6.
        (10, 10, 10, 20, 19, rated(Amazing, None)),
        // The same with 18 of 20 on time = 90 % → 5.
        (10, 10, 10, 20, 18, rated(ExceedsExpectations, Some(LevelCap::CareOnTime))),
        // All satisfied but every NPS a 6: NPS −100 → 1.
        (10, 10, 6, 20, 20, rated(Disappointing, None)),
        // All satisfied, NPS of passives (8): 0 < 50 → 5.
        (12, 12, 8, 20, 20, rated(ExceedsExpectations, None)),
    ];
    for (n, satisfied, nps, task_count, on_time, expected) in table {
        let feedback = answers(n, satisfied, nps);
        let tasks = tasks(task_count, on_time);
        let records = Records { feedback: &feedback, tasks: &tasks, ..Default::default() };
        let m = measure(month(2024, 6), &records, "2024-07-01");
        assert_eq!(m.service_level, expected, "{n} answers, {satisfied} satisfied, NPS {nps}, {on_time}/{task_count}");
    }
}

#[test]
fn the_six_levels_have_the_names_and_remedies_of_seed_003() {
    let names: Vec<_> = ServiceLevel::ALL.iter().map(|l| l.name(Lang::Vi)).collect();
    assert_eq!(
        names,
        [
            "Dịch vụ đáng thất vọng",
            "Dịch vụ ở mức cơ bản",
            "Dịch vụ trung bình",
            "Dịch vụ đúng mong đợi",
            "Dịch vụ vượt mong đợi",
            "Dịch vụ tốt đáng kinh ngạc",
        ]
    );
    // The first words of each remedy are seed 003's headings.
    let heads = |level: ServiceLevel| -> Vec<&str> {
        remedies(level, Lang::Vi).iter().map(|r| r.split(':').next().unwrap_or_default()).collect()
    };
    assert_eq!(heads(Disappointing), ["Đào tạo nhân viên", "Cải tiến quy trình", "Lắng nghe phản hồi"]);
    assert_eq!(heads(Basic), ["Duy trì ổn định", "Nâng cao hiệu quả"]);
    assert_eq!(heads(Average), ["Đánh giá định kỳ", "Đào tạo nhân viên"]);
    assert_eq!(heads(MeetsExpectations), ["Thiết lập tiêu chuẩn cao", "Đầu tư vào công nghệ"]);
    assert_eq!(heads(ExceedsExpectations), ["Cá nhân hóa dịch vụ", "Chủ động phục vụ"]);
    assert_eq!(heads(Amazing), ["Đổi mới liên tục", "Xây dựng văn hóa tập trung vào khách hàng"]);
    for level in ServiceLevel::ALL {
        assert_eq!(remedies(level, Lang::En).len(), remedies(level, Lang::Vi).len(), "{level:?}");
        assert_eq!(ServiceLevel::from_number(level.number()), Some(level));
        let info = level.info(Lang::En);
        assert_eq!((info.number, info.remedies.len()), (level.number(), remedies(level, Lang::En).len()));
        assert_ne!(level.summary(Lang::Vi), level.summary(Lang::En));
    }
    assert_eq!(ServiceLevel::from_number(0), None);
    assert_eq!(ServiceLevel::from_number(7), None);
    assert_eq!(Amazing.name(Lang::En), "Amazing service");
    assert_eq!(ServiceAssessment::NotEnoughFeedback { answers: 3, needed: 10 }.label(Lang::Vi), "Chưa đủ phản hồi");
    let json = serde_json::to_value(rated(Amazing, None)).unwrap();
    assert_eq!(json, serde_json::json!({"type": "rated", "level": "amazing", "number": 6, "cappedBy": null}));
}

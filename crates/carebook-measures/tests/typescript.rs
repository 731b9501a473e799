//! The types the API sends have TypeScript declarations with the JSON's
//! field names (snake_case measures, camelCase elsewhere, tagged unions).

use carebook_measures::*;
use ts_rs::{Config, TS};

fn decl<T: TS>() -> String {
    T::decl(&Config::new().with_large_int("number"))
}

#[test]
fn declarations_follow_the_json() {
    let measures = decl::<MeasureSet>();
    for field in [
        "resolution_rate: number | null",
        "fcr: number | null",
        "response_time_median_min: number | null",
        "response_time_p90_min: number | null",
        "wait_time_mean_min: number | null",
        "csat_share: number | null",
        "nps: number | null",
        "loyal_rate: number | null",
        "retention: number | null",
        "care_on_time_rate: number | null",
        "overdue_tasks: number",
        "requests_received: number",
        "range: DateRange",
        "service_level: ServiceAssessment",
    ] {
        assert!(measures.contains(field), "MeasureSet lacks `{field}`: {measures}");
    }
    let assessment = decl::<ServiceAssessment>();
    assert!(assessment.contains(r#""type": "not_enough_feedback""#), "{assessment}");
    assert!(assessment.contains("cappedBy: LevelCap | null"), "{assessment}");
    let evidence = decl::<RiskEvidence>();
    assert!(evidence.contains(r#""type": "lapsed""#) && evidence.contains("usualIntervalDays: number"), "{evidence}");
    assert!(decl::<Comparison>().contains("lastYear: MeasureSet"));
    assert!(decl::<Drill>().contains("numerator: Array<number>"));
    assert!(decl::<Settings>().contains("loyalMonths: number"));
    assert!(decl::<DateRange>().contains("from: string"));
    // Every other type the API may send declares without panicking.
    for d in [
        decl::<TrendPoint>(),
        decl::<Dashboard>(),
        decl::<StaffMeasures>(),
        decl::<ChannelMeasures>(),
        decl::<AtRisk>(),
        decl::<RiskReason>(),
        decl::<ServiceLevel>(),
        decl::<LevelInfo>(),
        decl::<LevelCap>(),
        decl::<MeasureKey>(),
        decl::<DrillEntity>(),
        decl::<YearMonth>(),
        decl::<InactivityRule>(),
        decl::<LevelThresholds>(),
    ] {
        assert!(d.starts_with("type "), "{d}");
    }
}

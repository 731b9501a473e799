//! The at-risk list: each reason at its boundary, combinations, order and
//! descriptions. Today is 30 June 2024 throughout.

mod common;

use carebook_core::export::Lang;
use carebook_core::{CareTaskKind, RequestKind, RequestStatus};
use carebook_measures::*;
use common::*;

const TODAY: &str = "2024-06-30";

fn name(id: i64, name: &str) -> CustomerName {
    CustomerName { id, name: name.to_owned() }
}

fn complaint(id: i64, customer_id: i64, received: &str, status: RequestStatus) -> RequestRow {
    RequestRow { customer_id, kind: RequestKind::Complaint, status, ..req(id, received) }
}

struct Book {
    customers: Vec<CustomerName>,
    requests: Vec<RequestRow>,
    feedback: Vec<FeedbackRow>,
    purchases: Vec<PurchaseRow>,
}

impl Book {
    fn at_risk(&self, settings: &Settings) -> Vec<AtRisk> {
        let records = Records {
            requests: &self.requests,
            feedback: &self.feedback,
            purchases: &self.purchases,
            ..Default::default()
        };
        at_risk(d(TODAY), &self.customers, &records, settings).unwrap()
    }
}

fn book() -> Book {
    Book {
        customers: vec![
            name(1, "Nguyễn Văn An"),
            name(2, "Trần Thị Bình"),
            name(3, "Lê Văn Cường"),
            name(4, "Phạm Thị Dung"),
            name(5, "Hoàng Văn Em"),
            name(6, "Đỗ Thị Giang"),
            name(7, "Vũ Văn Hải"),
            name(8, "Bùi Thị Lan"),
            name(9, "an Nhiên"),
            name(11, "Đặng Minh"),
            name(12, "Mai Anh"),
        ],
        requests: vec![
            // 3: an open complaint received 20 June → 10 days open; a resolved
            // complaint and an open question do not count.
            complaint(31, 3, "2024-06-20 09:00", RequestStatus::Open),
            complaint(32, 3, "2024-05-01 09:00", RequestStatus::Resolved),
            RequestRow { customer_id: 3, ..req(33, "2024-06-21 09:00") },
            // 8: a complaint waiting for an answer.
            complaint(81, 8, "2024-06-01 09:00", RequestStatus::Waiting),
            // 9: an open complaint.
            complaint(91, 9, "2024-06-29 09:00", RequestStatus::Open),
            // 99 is not in the customer list (archived): ignored.
            complaint(991, 99, "2024-06-29 09:00", RequestStatus::Open),
        ],
        feedback: vec![
            // 1: NPS 10 in January, then 3 on 1 June: the latest is a detractor's.
            fb(11, 1, "2024-01-01 10:00", None, Some(10)),
            fb(12, 1, "2024-06-01 10:00", None, Some(3)),
            // 2: NPS 2 long ago, then 9; an NPS 1 dated after today is ignored.
            fb(21, 2, "2023-01-01 10:00", None, Some(2)),
            fb(22, 2, "2024-05-01 10:00", None, Some(9)),
            fb(23, 2, "2024-07-05 10:00", None, Some(1)),
            // 4: CSAT 2 on 2 April (89 days ago: in); CSAT 1 on 1 April (90
            // days ago: out); CSAT 3 recently is not low.
            fb(41, 4, "2024-04-02 10:00", Some(2), None),
            fb(42, 4, "2024-04-01 10:00", Some(1), None),
            fb(43, 4, "2024-06-25 10:00", Some(3), None),
            // 8: one answer, CSAT 1 and NPS 0: low CSAT and a detractor.
            fb(82, 8, "2024-06-02 10:00", Some(1), Some(0)),
            // 7: an NPS 7 (passive) is no risk.
            fb(71, 7, "2024-06-02 10:00", None, Some(7)),
        ],
        purchases: vec![
            // 5: every 30 days, last 1 March: usual 30, threshold max(2 × 30, 60) = 60;
            // 1 Mar → 30 Jun = 30 + 30 + 31 + 30 = 121 days > 60 → lapsed.
            buy(5, "2024-01-01"),
            buy(5, "2024-01-31"),
            buy(5, "2024-03-01"),
            // 6: a 60-day gap, last 2 March: threshold 120; 2 Mar → 30 Jun = 120 days,
            // exactly at the threshold → not yet past it.
            buy(6, "2024-01-02"),
            buy(6, "2024-03-02"),
            // 7: one purchase (twice the same day): no usual interval.
            buy(7, "2023-01-01"),
            buy(7, "2023-01-01"),
            // 8: every 10 days, last 21 April: threshold max(20, 60) = 60; 70 days → lapsed.
            buy(8, "2024-04-01"),
            buy(8, "2024-04-11"),
            buy(8, "2024-04-21"),
            // 11: every 10 days, last 21 May: 40 days < 60 → fine.
            buy(11, "2024-05-01"),
            buy(11, "2024-05-11"),
            buy(11, "2024-05-21"),
            // 12: gaps 10 and 30, median (nearest rank, lower middle) 10 → threshold 60;
            // last 31 March → 91 days → lapsed.
            buy(12, "2024-02-20"),
            buy(12, "2024-03-01"),
            buy(12, "2024-03-31"),
            // A purchase after today does not count as a visit.
            buy(12, "2024-07-02"),
        ],
    }
}

#[test]
fn each_reason_with_its_evidence_and_suggested_task() {
    let list = book().at_risk(&Settings::default());
    let find = |id: i64| list.iter().find(|a| a.customer_id == id).map(|a| a.reasons.clone());
    assert_eq!(
        find(1),
        Some(vec![RiskReason {
            evidence: RiskEvidence::Detractor { feedback_id: 12, score: 3, given_at: dt("2024-06-01 10:00") },
            suggested_task: CareTaskKind::CheckIn,
        }])
    );
    assert_eq!(find(2), None, "the latest NPS answer is a promoter's");
    assert_eq!(
        find(3),
        Some(vec![RiskReason {
            evidence: RiskEvidence::UnresolvedComplaint {
                request_id: 31,
                received_at: dt("2024-06-20 09:00"),
                days_open: 10
            },
            suggested_task: CareTaskKind::FollowUpCall,
        }])
    );
    assert_eq!(
        find(4),
        Some(vec![RiskReason {
            evidence: RiskEvidence::LowCsat {
                feedback_id: 41,
                score: 2,
                given_at: dt("2024-04-02 10:00"),
                days_ago: 89,
                low_answers: 1
            },
            suggested_task: CareTaskKind::FollowUpCall,
        }])
    );
    assert_eq!(
        find(5),
        Some(vec![RiskReason {
            evidence: RiskEvidence::Lapsed {
                last_visit: d("2024-03-01"),
                days_since: 121,
                usual_interval_days: 30,
                threshold_days: 60
            },
            suggested_task: CareTaskKind::Offer,
        }])
    );
    assert_eq!(find(6), None, "120 days is exactly twice the usual 60: not past it");
    assert_eq!(find(7), None, "one purchase day gives no usual interval; a passive is no risk");
    assert_eq!(find(11), None, "40 days is within the 60-day minimum");
    assert!(list.iter().all(|a| a.customer_id != 99), "customers not listed are left out");
    let twelve = find(12).unwrap();
    assert!(matches!(
        twelve[..],
        [RiskReason {
            evidence: RiskEvidence::Lapsed { days_since: 91, usual_interval_days: 10, threshold_days: 60, .. },
            ..
        }]
    ));
}

#[test]
fn combined_reasons_and_the_order_of_the_list() {
    let list = book().at_risk(&Settings::default());
    let order: Vec<_> = list.iter().map(|a| (a.customer_id, a.name.as_str())).collect();
    assert_eq!(
        order,
        [
            // Four reasons, the most severe a complaint.
            (8, "Bùi Thị Lan"),
            // A complaint each: by name, accents and case ignored ("an nhien" < "le van cuong").
            (9, "an Nhiên"),
            (3, "Lê Văn Cường"),
            // A low CSAT.
            (4, "Phạm Thị Dung"),
            // A detractor.
            (1, "Nguyễn Văn An"),
            // Lapsed: "hoang van em" < "mai anh".
            (5, "Hoàng Văn Em"),
            (12, "Mai Anh"),
        ]
    );
    let kinds: Vec<_> = list[0].reasons.iter().map(|r| (r.severity(), r.suggested_task)).collect();
    assert_eq!(
        kinds,
        [
            (4, CareTaskKind::FollowUpCall),
            (3, CareTaskKind::FollowUpCall),
            (2, CareTaskKind::CheckIn),
            (1, CareTaskKind::Offer)
        ]
    );
}

#[test]
fn thresholds_come_from_the_settings() {
    // A 30-day low-CSAT window drops customer 4 (89 days ago) and 8's June answer stays;
    // a factor of 5 with a 100-day minimum: 5 (121 > max(150, 100)? no) and 12
    // (91 > max(50, 100)? no) are no longer lapsed, nor is 8 (70).
    let settings =
        Settings { low_csat_days: 30, inactivity: InactivityRule { factor: 5, min_days: 100 }, ..Default::default() };
    let ids: Vec<_> = book().at_risk(&settings).iter().map(|a| a.customer_id).collect();
    assert_eq!(ids, [8, 9, 3, 1]);
    let eight = &book().at_risk(&settings)[0];
    assert_eq!(eight.reasons.iter().map(RiskReason::severity).collect::<Vec<_>>(), [4, 3, 2]);
}

#[test]
fn several_complaints_and_low_answers() {
    let mut b = book();
    b.requests.push(complaint(34, 3, "2024-06-10 09:00", RequestStatus::Open));
    b.feedback.push(fb(44, 4, "2024-06-01 10:00", Some(1), None));
    let list = b.at_risk(&Settings::default());
    let three = list.iter().find(|a| a.customer_id == 3).unwrap();
    let requests: Vec<_> = three
        .reasons
        .iter()
        .map(|r| match r.evidence {
            RiskEvidence::UnresolvedComplaint { request_id, .. } => request_id,
            _ => 0,
        })
        .collect();
    assert_eq!(requests, [34, 31], "one reason per complaint, the oldest first");
    // Two complaints rank customer 3 above customer 9's one.
    let pos = |id| list.iter().position(|a| a.customer_id == id).unwrap();
    assert!(pos(3) < pos(9));
    let four = list.iter().find(|a| a.customer_id == 4).unwrap();
    assert!(matches!(
        four.reasons[..],
        [RiskReason {
            evidence: RiskEvidence::LowCsat { feedback_id: 44, score: 1, low_answers: 2, days_ago: 29, .. },
            ..
        }]
    ));
}

#[test]
fn reasons_read_in_both_languages() {
    let list = book().at_risk(&Settings::default());
    let eight = &list[0].reasons;
    let vi: Vec<_> = eight.iter().map(|r| r.describe(Lang::Vi)).collect();
    let en: Vec<_> = eight.iter().map(|r| r.describe(Lang::En)).collect();
    assert_eq!(
        vi,
        [
            "Khiếu nại chưa được giải quyết: yêu cầu #81 nhận ngày 01/06/2024, đã 29 ngày",
            "Điểm hài lòng CSAT thấp: 1/5 ngày 02/06/2024 (phản hồi #82)",
            "Người phản đối: lần chấm NPS gần nhất 0/10 ngày 02/06/2024 (phản hồi #82)",
            "Lâu chưa quay lại: 70 ngày từ lần mua gần nhất ngày 21/04/2024 (thường 10 ngày một lần, ngưỡng 60 ngày)",
        ]
    );
    assert_eq!(
        en,
        [
            "Unresolved complaint: request #81 received 01/06/2024, open 29 days",
            "Low CSAT: 1/5 on 02/06/2024 (feedback #82)",
            "Detractor: latest NPS answer 0/10 on 02/06/2024 (feedback #82)",
            "Lapsed: 70 days since the last visit on 21/04/2024 (usually every 10 days, threshold 60 days)",
        ]
    );
    let json = serde_json::to_value(&list[0].reasons[0]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "evidence": {"type": "unresolved_complaint", "requestId": 81, "receivedAt": "2024-06-01T09:00:00", "daysOpen": 29},
            "suggestedTask": "follow_up_call"
        })
    );
}

#[test]
fn usual_visit_interval_is_the_median_gap_between_distinct_days() {
    // (purchase days, usual interval)
    let table: &[(&[&str], Option<i64>)] = &[
        (&[], None),
        (&["2024-01-01"], None),
        // The same day twice is one visit.
        (&["2024-01-01", "2024-01-01"], None),
        (&["2024-01-01", "2024-01-01", "2024-01-11"], Some(10)),
        // Gaps 10, 30, 10 → sorted 10, 10, 30 → 10.
        (&["2024-01-01", "2024-01-11", "2024-02-10", "2024-02-20"], Some(10)),
        // Gaps 10, 30 → nearest-rank median is the lower: 10.
        (&["2024-01-01", "2024-01-11", "2024-02-10"], Some(10)),
        // Order does not matter; across the leap day: 28 Feb → 1 Mar = 2 days.
        (&["2024-03-01", "2024-02-28"], Some(2)),
    ];
    for (days, expected) in table {
        let days: Vec<_> = days.iter().map(|s| d(s)).collect();
        assert_eq!(usual_visit_interval(&days), *expected, "{days:?}");
    }
    assert!(at_risk(d(TODAY), &[], &Records::default(), &Settings::default()).unwrap().is_empty());
}

#[test]
fn sparse_customer_ids_give_the_same_list() {
    let far = 1_i64 << 40;
    let mut b = book();
    for c in &mut b.customers {
        c.id = c.id * 1_000 + far;
    }
    for r in &mut b.requests {
        r.customer_id = r.customer_id * 1_000 + far;
    }
    for f in &mut b.feedback {
        f.customer_id = f.customer_id * 1_000 + far;
    }
    for p in &mut b.purchases {
        p.customer_id = p.customer_id * 1_000 + far;
    }
    let plain = book().at_risk(&Settings::default());
    let sparse = b.at_risk(&Settings::default());
    assert_eq!(sparse.len(), plain.len());
    for (s, p) in sparse.iter().zip(&plain) {
        assert_eq!((s.customer_id, &s.name, &s.reasons), (p.customer_id * 1_000 + far, &p.name, &p.reasons));
    }
}

/// The at-risk list the plain way, one customer at a time, for the test below.
fn at_risk_one_by_one(
    today: chrono::NaiveDate,
    customers: &[CustomerName],
    records: &Records<'_>,
    s: &Settings,
) -> Vec<AtRisk> {
    let when = |r: &RiskReason| match &r.evidence {
        RiskEvidence::UnresolvedComplaint { received_at, .. } => *received_at,
        RiskEvidence::LowCsat { given_at, .. } | RiskEvidence::Detractor { given_at, .. } => *given_at,
        RiskEvidence::Lapsed { last_visit, .. } => last_visit.and_hms_opt(0, 0, 0).unwrap(),
    };
    let severity = |r: &RiskReason| match r.evidence {
        RiskEvidence::UnresolvedComplaint { .. } => 4,
        RiskEvidence::LowCsat { .. } => 3,
        RiskEvidence::Detractor { .. } => 2,
        RiskEvidence::Lapsed { .. } => 1,
    };
    let reason = |evidence: RiskEvidence| {
        let suggested_task = match evidence {
            RiskEvidence::UnresolvedComplaint { .. } | RiskEvidence::LowCsat { .. } => CareTaskKind::FollowUpCall,
            RiskEvidence::Detractor { .. } => CareTaskKind::CheckIn,
            RiskEvidence::Lapsed { .. } => CareTaskKind::Offer,
        };
        RiskReason { evidence, suggested_task }
    };
    let mut out = Vec::new();
    for c in customers {
        let mut reasons = Vec::new();
        let mut complaints: Vec<&RequestRow> = records
            .requests
            .iter()
            .filter(|r| r.customer_id == c.id && r.kind == RequestKind::Complaint)
            .filter(|r| r.status != RequestStatus::Resolved && r.received_at.date() <= today)
            .collect();
        complaints.sort_by_key(|r| (r.received_at, r.id));
        for r in complaints {
            let days_open = (today - r.received_at.date()).num_days();
            reasons.push(reason(RiskEvidence::UnresolvedComplaint {
                request_id: r.id,
                received_at: r.received_at,
                days_open,
            }));
        }
        let answers: Vec<&FeedbackRow> =
            records.feedback.iter().filter(|f| f.customer_id == c.id && f.given_at.date() <= today).collect();
        let low: Vec<&&FeedbackRow> = answers
            .iter()
            .filter(|f| f.csat.is_some_and(|x| x <= s.low_csat_max))
            .filter(|f| (today - f.given_at.date()).num_days() < i64::from(s.low_csat_days))
            .collect();
        if let Some(f) = low.iter().max_by_key(|f| (f.given_at, f.id)) {
            reasons.push(reason(RiskEvidence::LowCsat {
                feedback_id: f.id,
                score: f.csat.unwrap(),
                given_at: f.given_at,
                days_ago: (today - f.given_at.date()).num_days(),
                low_answers: low.len() as u64,
            }));
        }
        if let Some(f) = answers.iter().filter(|f| f.nps.is_some()).max_by_key(|f| (f.given_at, f.id))
            && f.nps.unwrap() <= 6
        {
            reasons.push(reason(RiskEvidence::Detractor {
                feedback_id: f.id,
                score: f.nps.unwrap(),
                given_at: f.given_at,
            }));
        }
        let days: Vec<_> =
            records.purchases.iter().filter(|p| p.customer_id == c.id && p.date <= today).map(|p| p.date).collect();
        if let (Some(usual), Some(&last)) = (usual_visit_interval(&days), days.iter().max()) {
            let days_since = (today - last).num_days();
            if s.inactivity.is_inactive(days_since, usual) {
                reasons.push(reason(RiskEvidence::Lapsed {
                    last_visit: last,
                    days_since,
                    usual_interval_days: usual,
                    threshold_days: s.inactivity.threshold_days(usual),
                }));
            }
        }
        if !reasons.is_empty() {
            reasons.sort_by(|a, b| severity(b).cmp(&severity(a)).then(when(a).cmp(&when(b))));
            out.push(AtRisk { customer_id: c.id, name: c.name.clone(), reasons });
        }
    }
    let key = |a: &AtRisk| {
        let sev: Vec<u8> = a.reasons.iter().map(severity).collect();
        (std::cmp::Reverse(sev), carebook_core::fold(&a.name), a.name.clone(), a.customer_id)
    };
    out.sort_by_key(key);
    out
}

#[test]
fn the_prepared_list_equals_the_plain_one_and_its_first_lines() {
    // Names that fold alike ("An", "an", "Ân"…), ids with gaps, rows of unknown customers,
    // purchases after "today" for the todays in the middle of the data.
    let shop = Shop::generate(9, 400);
    let given = ["An", "an", "Ân", "ÂN", "Bình", "binh", "Cường", "Đào", "dao"];
    let customers: Vec<CustomerName> = (1..=380)
        .filter(|id| id % 17 != 0)
        .map(|id| name(id, &format!("{} {}", given[(id % 9) as usize], ["Lê", "lê", "Lệ"][(id % 3) as usize])))
        .collect();
    let records = shop.records();
    let mut strict = Settings { low_csat_max: 3, low_csat_days: 400, ..Default::default() };
    strict.inactivity.min_days = 20;
    for settings in [Settings::default(), strict] {
        for today in ["2022-06-01", "2023-03-15", "2024-01-01", "2024-06-30", "2025-06-01"] {
            let today = d(today);
            let want = at_risk_one_by_one(today, &customers, &records, &settings);
            assert!(today < d("2022-07-01") || want.len() > 20, "{today}: {} at risk", want.len());
            assert!(today >= d("2022-07-01") || want.is_empty());
            let got = at_risk(today, &customers, &records, &settings).unwrap();
            assert_eq!(got, want, "{today}");
            let base = RiskBase::new(&customers, records.purchases);
            for limit in [0, 1, 7, 50, usize::MAX] {
                let (total, first) = at_risk_top(today, &base, &records, &settings, limit).unwrap();
                assert_eq!(total, want.len(), "{today}");
                assert_eq!(first, want[..limit.min(want.len())], "{today} {limit}");
            }
        }
    }
}

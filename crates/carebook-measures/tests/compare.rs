//! Comparisons, trends, breakdowns and drill-downs: hand-built cases, and
//! the one-pass engine checked against simple per-range computations.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use carebook_core::{CareTaskStatus, Channel, RequestStatus};
use carebook_measures::*;
use chrono::Datelike;
use common::*;

#[test]
fn compare_takes_the_previous_range_and_the_same_dates_last_year_across_a_leap_day() {
    let requests = vec![
        req(1, "2024-02-29 10:00"), // the leap day
        req(2, "2024-02-01 00:00"),
        req(3, "2024-01-31 23:59:59"), // the month before
        req(4, "2023-02-28 12:00"),    // February a year earlier
        req(5, "2023-03-01 00:00"),    // the day after it
        req(6, "2024-02-28 08:00"),
    ];
    let records = Records { requests: &requests, ..Default::default() };
    let settings = Settings::default();
    // (range, previous, last year, received now / before / a year earlier)
    let table = [
        // February 2024: 1, 2, 6; January: 3; February 2023 (1–28): 4.
        (month(2024, 2), month(2024, 1), range("2023-02-01", "2023-02-28"), [3, 1, 1]),
        // The leap day alone: 1; the day before (28 Feb): 6; a year back 29 → 28 Feb 2023: 4.
        (
            range("2024-02-29", "2024-02-29"),
            range("2024-02-28", "2024-02-28"),
            range("2023-02-28", "2023-02-28"),
            [1, 1, 1],
        ),
        // February 2025 (no request): previous January 2025; last year the whole February 2024 (1–29): 1, 2, 6.
        (month(2025, 2), month(2025, 1), month(2024, 2), [0, 0, 3]),
        // 29 Feb–1 Mar 2024: 1; previous 27–28 Feb: 6; a year back 28 Feb–1 Mar 2023: 4, 5.
        (
            range("2024-02-29", "2024-03-01"),
            range("2024-02-27", "2024-02-28"),
            range("2023-02-28", "2023-03-01"),
            [1, 1, 2],
        ),
    ];
    for (r, previous, last_year, [now, before, year_ago]) in table {
        let c = compare(r, &records, &settings, d("2025-06-01")).unwrap();
        assert_eq!((c.current.range, c.previous.range, c.last_year.range), (r, previous, last_year), "{r:?}");
        assert_eq!(
            (c.current.requests_received, c.previous.requests_received, c.last_year.requests_received),
            (now, before, year_ago),
            "{r:?}"
        );
    }
}

/// The purchase measures of one range, computed the plain way: a set of
/// purchase months per customer.
fn naive_purchases(r: DateRange, purchases: &[PurchaseRow], settings: &Settings) -> (u64, u64, u64, u64) {
    let window = loyal_window(r, settings).unwrap();
    let previous = r.previous().unwrap();
    let mut months: BTreeMap<i64, BTreeSet<(i32, u32)>> = BTreeMap::new();
    let mut before: BTreeSet<i64> = BTreeSet::new();
    let mut now: BTreeSet<i64> = BTreeSet::new();
    for p in purchases {
        if window.contains(p.date) {
            months.entry(p.customer_id).or_default().insert((p.date.year(), p.date.month()));
        }
        if previous.contains(p.date) {
            before.insert(p.customer_id);
        }
        if r.contains(p.date) {
            now.insert(p.customer_id);
        }
    }
    let loyal = months.values().filter(|m| m.len() as u32 >= settings.loyal_months).count() as u64;
    let retained = before.intersection(&now).count() as u64;
    (loyal, months.len() as u64, before.len() as u64, retained)
}

#[test]
fn one_pass_over_many_ranges_equals_each_range_alone() {
    let shop = Shop::generate(7, 300);
    let records = shop.records();
    let today = d("2024-08-20");
    let ranges = [
        month(2024, 6),
        month(2024, 5),
        month(2023, 6),
        range("2024-06-10", "2024-08-31"),
        range("2024-02-29", "2024-02-29"),
        range("2023-12-24", "2024-01-07"),
        range("2022-07-01", "2024-12-31"),
    ];
    for settings in [Settings::default(), Settings { loyal_months: 2, loyal_window_months: 5, ..Default::default() }] {
        let together = measure_ranges(&ranges, &records, &settings, today).unwrap();
        for (r, set) in ranges.iter().zip(&together) {
            let alone = measures(*r, &records, &settings, today).unwrap();
            assert_eq!(&alone, set, "{r:?}");
            let (loyal, base, previous, retained) = naive_purchases(*r, &shop.purchases, &settings);
            assert_eq!(
                (
                    set.loyal_customers,
                    set.loyal_window_customers,
                    set.retention_previous_customers,
                    set.retention_retained_customers
                ),
                (loyal, base, previous, retained),
                "{r:?}"
            );
            if r.len_days() > 7 {
                assert!(set.requests_received > 0 && set.loyal_window_customers > 0, "the shop has rows in {r:?}");
            }
        }
    }
}

#[test]
fn the_trend_and_the_dashboard_equal_their_months_and_ranges_alone() {
    let shop = Shop::generate(11, 200);
    let records = shop.records();
    let settings = Settings::default();
    let today = d("2024-07-10");
    let end = YearMonth::new(2024, 6).unwrap();
    let trend = monthly_trend(end, 12, &records, &settings, today).unwrap();
    let months: Vec<String> = trend.iter().map(|p| p.month.to_string()).collect();
    assert_eq!(months.first().map(String::as_str), Some("2023-07"));
    assert_eq!(months.last().map(String::as_str), Some("2024-06"));
    assert_eq!(months.len(), 12);
    for point in &trend {
        let alone = measures(point.month.range().unwrap(), &records, &settings, today).unwrap();
        assert_eq!(point.measures, alone, "{}", point.month);
        let (loyal, base, ..) = naive_purchases(point.month.range().unwrap(), &shop.purchases, &settings);
        assert_eq!((point.measures.loyal_customers, point.measures.loyal_window_customers), (loyal, base));
    }
    let dash = dashboard(range("2024-06-01", "2024-06-30"), end, 12, &records, &settings, today).unwrap();
    assert_eq!(dash.trend, trend);
    assert_eq!(dash.comparison, compare(month(2024, 6), &records, &settings, today).unwrap());
    assert!(monthly_trend(end, 0, &records, &settings, today).unwrap().is_empty());
}

#[test]
fn breakdown_by_staff_follows_handlers_and_assignees() {
    let requests = vec![
        RequestRow { handled_by: Some(1), first_contact: true, ..resolved(1, "2024-06-03 09:00", "2024-06-03 09:10") },
        RequestRow { handled_by: Some(1), ..req(2, "2024-06-04 09:00") },
        RequestRow { handled_by: Some(2), ..resolved(3, "2024-06-05 09:00", "2024-06-05 11:00") },
        req(4, "2024-06-06 09:00"),
        // Handled by 2 but received in May: the feedback on it is June's.
        RequestRow { handled_by: Some(2), ..resolved(5, "2024-05-31 18:00", "2024-06-01 09:00") },
    ];
    let feedback = vec![
        FeedbackRow { request_id: Some(1), ..fb(1, 1, "2024-06-03 10:00", Some(5), Some(10)) },
        FeedbackRow { request_id: Some(5), ..fb(2, 1, "2024-06-02 10:00", Some(2), None) },
        FeedbackRow { care_task_id: Some(1), ..fb(3, 1, "2024-06-20 10:00", Some(4), None) },
        fb(4, 1, "2024-06-21 10:00", Some(3), None),
    ];
    let tasks = vec![
        TaskRow { assignee_id: Some(2), ..task(1, "2024-06-20", CareTaskStatus::Done, Some("2024-06-20 10:00")) },
        TaskRow { assignee_id: Some(1), ..task(2, "2024-06-10", CareTaskStatus::Skipped, Some("2024-06-10 10:00")) },
        task(3, "2024-06-11", CareTaskStatus::Planned, None),
    ];
    let records = Records { requests: &requests, feedback: &feedback, tasks: &tasks, ..Default::default() };
    let groups = by_staff(month(2024, 6), &records, &Settings::default(), d("2024-07-01")).unwrap();
    let ids: Vec<_> = groups.iter().map(|g| g.staff_id).collect();
    assert_eq!(ids, [Some(1), Some(2), None], "staff by id, the unattributed last");
    let row = |g: &StaffMeasures| {
        let m = &g.measures;
        (
            m.requests_received,
            m.requests_resolved,
            m.requests_resolved_first_contact,
            m.csat_answers,
            m.csat_satisfied,
            m.care_tasks_due,
            m.care_tasks_on_time,
        )
    };
    // Staff 1: requests 1, 2 (1 resolved at first contact); feedback 1 (5);
    // task 2 skipped.
    assert_eq!(row(&groups[0]), (2, 1, 1, 1, 1, 1, 0));
    // Staff 2: request 3; feedback 2 (on May's request 5, CSAT 2) and 3
    // (on task 1, CSAT 4); task 1 on time.
    assert_eq!(row(&groups[1]), (1, 1, 0, 2, 1, 1, 1));
    // Nobody: request 4, feedback 4 (3), task 3 overdue.
    assert_eq!(row(&groups[2]), (1, 0, 0, 1, 0, 1, 0));
    assert_eq!(groups[2].measures.overdue_tasks, 1);
    assert!(groups.iter().all(|g| g.measures.loyal_rate.is_none() && g.measures.retention.is_none()));
}

#[test]
fn breakdown_by_channel_follows_the_request() {
    let requests = vec![
        RequestRow { channel: Channel::Zalo, ..resolved(1, "2024-06-03 09:00", "2024-06-03 09:05") },
        RequestRow { channel: Channel::Zalo, ..req(2, "2024-06-03 10:00") },
        RequestRow { channel: Channel::Phone, wait_minutes: Some(3), ..req(3, "2024-06-03 11:00") },
        RequestRow { channel: Channel::InStore, status: RequestStatus::Waiting, ..req(4, "2024-06-03 12:00") },
    ];
    let feedback = vec![
        FeedbackRow { request_id: Some(1), ..fb(1, 1, "2024-06-03 10:00", None, Some(9)) },
        FeedbackRow { request_id: Some(3), ..fb(2, 1, "2024-06-03 12:00", None, Some(2)) },
        fb(3, 1, "2024-06-04 12:00", None, Some(8)),
    ];
    let tasks = vec![task(1, "2024-06-20", CareTaskStatus::Planned, None)];
    let records = Records { requests: &requests, feedback: &feedback, tasks: &tasks, ..Default::default() };
    let groups = by_channel(month(2024, 6), &records, &Settings::default(), d("2024-07-01")).unwrap();
    let rows: Vec<_> = groups
        .iter()
        .map(|g| (g.channel, g.measures.requests_received, g.measures.nps, g.measures.wait_time_count))
        .collect();
    assert_eq!(
        rows,
        [
            // In store first (the order of Channel::ALL): request 4, no wait.
            (Some(Channel::InStore), 1, None, 0),
            // Phone: request 3 with a wait; feedback 2 is a detractor → −100.
            (Some(Channel::Phone), 1, Some(-100.0), 1),
            // Zalo: requests 1, 2; feedback 1 a promoter → 100.
            (Some(Channel::Zalo), 2, Some(100.0), 0),
            // Feedback not about a request: 8 is a passive → 0.
            (None, 0, Some(0.0), 0),
        ]
    );
    assert!(groups.iter().all(|g| g.measures.care_tasks_due == 0), "care tasks have no channel");
}

#[test]
fn an_answer_not_about_a_request_counts_under_the_channel_it_came_through() {
    let requests = vec![RequestRow { channel: Channel::Zalo, ..req(1, "2024-06-03 10:00") }];
    let feedback = vec![
        // About the Zalo request: the request's channel wins over the answer's own.
        FeedbackRow {
            request_id: Some(1),
            channel: Some(Channel::Phone),
            ..fb(1, 1, "2024-06-03 11:00", Some(5), None)
        },
        // A check-in call answered on the phone, and one through the kiosk.
        FeedbackRow {
            care_task_id: Some(1),
            channel: Some(Channel::Phone),
            ..fb(2, 1, "2024-06-04 09:00", Some(2), None)
        },
        FeedbackRow { channel: Some(Channel::InStore), ..fb(3, 2, "2024-06-05 09:00", Some(4), None) },
        // Nothing recorded: the group without a channel.
        fb(4, 2, "2024-06-06 09:00", Some(3), None),
    ];
    let records = Records { requests: &requests, feedback: &feedback, ..Default::default() };
    let groups = by_channel(month(2024, 6), &records, &Settings::default(), d("2024-07-01")).unwrap();
    let rows: Vec<_> = groups.iter().map(|g| (g.channel, g.measures.csat_answers, g.measures.csat_mean)).collect();
    assert_eq!(
        rows,
        [
            (Some(Channel::InStore), 1, Some(4.0)),
            (Some(Channel::Phone), 1, Some(2.0)),
            (Some(Channel::Zalo), 1, Some(5.0)),
            (None, 1, Some(3.0)),
        ]
    );
    let both = breakdowns(month(2024, 6), &records, &Settings::default(), d("2024-07-01")).unwrap();
    assert_eq!(both.by_channel, groups, "one pass gives the same lines");
    assert_eq!(both.by_staff, by_staff(month(2024, 6), &records, &Settings::default(), d("2024-07-01")).unwrap());
}

/// The (numerator, denominator) counts of `key` in a measure set.
fn counts(key: MeasureKey, m: &MeasureSet) -> (u64, u64) {
    match key {
        MeasureKey::ResolutionRate => (m.requests_resolved, m.requests_received),
        MeasureKey::Fcr => (m.requests_resolved_first_contact, m.requests_resolved),
        MeasureKey::ResponseTime => (m.response_time_count, m.requests_received),
        MeasureKey::ResolutionTime => (m.resolution_time_count, m.requests_resolved),
        MeasureKey::WaitTime => (m.wait_time_count, m.wait_time_requests),
        MeasureKey::Csat => (m.csat_satisfied, m.csat_answers),
        MeasureKey::Nps => (m.nps_promoters, m.nps_answers),
        MeasureKey::LoyalRate => (m.loyal_customers, m.loyal_window_customers),
        MeasureKey::Retention => (m.retention_retained_customers, m.retention_previous_customers),
        MeasureKey::CareOnTimeRate => (m.care_tasks_on_time, m.care_tasks_due),
        MeasureKey::OverdueTasks => (m.overdue_tasks, m.care_tasks_due),
    }
}

#[test]
fn every_breakdown_line_drills_down_to_exactly_its_records() {
    let shop = Shop::generate(5, 250);
    let records = shop.records();
    let settings = Settings::default();
    let today = d("2024-06-15");
    for r in [month(2024, 6), month(2023, 11)] {
        let whole = |key| drill(key, r, &records, &settings, today).unwrap();
        let mut lines: Vec<(BreakdownGroup, MeasureSet)> = by_staff(r, &records, &settings, today)
            .unwrap()
            .into_iter()
            .map(|g| (BreakdownGroup::Staff { staff_id: g.staff_id }, g.measures))
            .collect();
        let staff_lines = lines.len();
        lines.extend(
            by_channel(r, &records, &settings, today)
                .unwrap()
                .into_iter()
                .map(|g| (BreakdownGroup::Channel { channel: g.channel }, g.measures)),
        );
        assert!(staff_lines > 1 && lines.len() > staff_lines + 1, "{r:?}: several lines of each");
        for key in MeasureKey::ALL {
            let mut union: Vec<Vec<i64>> = vec![Vec::new(); 2];
            for (i, (group, m)) in lines.iter().enumerate() {
                let x = drill_group(key, r, Some(*group), &records, &settings, today).unwrap();
                assert_eq!((x.numerator.len() as u64, x.denominator.len() as u64), counts(key, m), "{key:?} {group:?}");
                assert!(x.numerator.iter().all(|id| x.denominator.binary_search(id).is_ok()), "{key:?}");
                let expected_subtracted = if key == MeasureKey::Nps { m.nps_detractors } else { 0 };
                assert_eq!(x.subtracted.len() as u64, expected_subtracted, "{key:?} {group:?}");
                union[usize::from(i >= staff_lines)].extend(x.denominator);
            }
            // The lines of each breakdown split the shop's records, without overlap (none for the
            // purchase measures, which belong to the shop; the channels have no care tasks).
            let all = whole(key).denominator;
            for (b, mut ids) in union.into_iter().enumerate() {
                ids.sort_unstable();
                let expected = match (key.entity(), b) {
                    (DrillEntity::Customers, _) | (DrillEntity::Tasks, 1) => Vec::new(),
                    _ => all.clone(),
                };
                assert_eq!(ids, expected, "{key:?} breakdown {b}");
            }
        }
    }
}

#[test]
fn every_drill_down_lists_exactly_the_records_counted() {
    let shop = Shop::generate(3, 250);
    let records = shop.records();
    let settings = Settings::default();
    let today = d("2024-06-15");
    for r in [month(2024, 6), month(2023, 11), range("2024-02-20", "2024-03-05")] {
        let m = measures(r, &records, &settings, today).unwrap();
        for key in MeasureKey::ALL {
            let drill = drill(key, r, &records, &settings, today).unwrap();
            let (num, den) = counts(key, &m);
            assert_eq!((drill.numerator.len() as u64, drill.denominator.len() as u64), (num, den), "{key:?} {r:?}");
            assert!(den > 0, "{key:?} {r:?}: the generated shop has rows for every measure");
            assert!(drill.numerator.iter().all(|id| drill.denominator.binary_search(id).is_ok()), "{key:?}");
            assert_eq!(drill.entity, key.entity());
            let expected_subtracted = if key == MeasureKey::Nps { m.nps_detractors } else { 0 };
            assert_eq!(drill.subtracted.len() as u64, expected_subtracted, "{key:?}");
        }
    }
}

#[test]
fn drill_downs_name_the_records() {
    let requests = vec![
        RequestRow { first_contact: true, ..resolved(10, "2024-06-03 09:00", "2024-06-03 09:05") },
        req(11, "2024-06-03 10:00"),
        RequestRow {
            channel: Channel::Phone,
            wait_minutes: Some(2),
            ..resolved(12, "2024-06-03 11:00", "2024-06-04 08:00")
        },
        req(13, "2024-07-01 00:00"),
    ];
    let feedback = vec![
        fb(20, 1, "2024-06-03 10:00", Some(5), Some(10)),
        fb(21, 2, "2024-06-03 10:00", Some(1), Some(0)),
        fb(22, 3, "2024-06-03 10:00", None, Some(7)),
    ];
    let purchases = vec![buy(1, "2024-05-02"), buy(1, "2024-06-02"), buy(1, "2024-04-02"), buy(2, "2024-05-20")];
    let tasks = vec![
        task(30, "2024-06-05", CareTaskStatus::Done, Some("2024-06-05 10:00")),
        task(31, "2024-06-06", CareTaskStatus::Planned, None),
    ];
    let records = Records { requests: &requests, feedback: &feedback, purchases: &purchases, tasks: &tasks };
    let june = month(2024, 6);
    let ids = |key| {
        let x = drill(key, june, &records, &Settings::default(), d("2024-06-10")).unwrap();
        (x.numerator, x.denominator, x.subtracted)
    };
    let none = Vec::<i64>::new;
    assert_eq!(ids(MeasureKey::ResolutionRate), (vec![10, 12], vec![10, 11, 12], none()));
    assert_eq!(ids(MeasureKey::Fcr), (vec![10], vec![10, 12], none()));
    assert_eq!(
        ids(MeasureKey::WaitTime),
        (vec![12], vec![10, 11, 12], none()),
        "10 and 11 are in store without a wait"
    );
    assert_eq!(ids(MeasureKey::Csat), (vec![20], vec![20, 21], none()));
    assert_eq!(ids(MeasureKey::Nps), (vec![20], vec![20, 21, 22], vec![21]));
    // Customer 1 bought in April, May and June (3 months); customer 2 in May only.
    assert_eq!(ids(MeasureKey::LoyalRate), (vec![1], vec![1, 2], none()));
    // May buyers: 1, 2; back in June: 1.
    assert_eq!(ids(MeasureKey::Retention), (vec![1], vec![1, 2], none()));
    assert_eq!(ids(MeasureKey::CareOnTimeRate), (vec![30], vec![30, 31], none()));
    assert_eq!(ids(MeasureKey::OverdueTasks), (vec![31], vec![30, 31], none()));
    let json =
        serde_json::to_value(drill(MeasureKey::Nps, june, &records, &Settings::default(), d("2024-06-10")).unwrap())
            .unwrap();
    assert_eq!((json["measure"].as_str(), json["entity"].as_str()), (Some("nps"), Some("feedback")));
}

#[test]
fn long_ranges_many_ranges_and_sparse_customer_ids_take_the_same_result() {
    let shop = Shop::generate(5, 120);
    let records = shop.records();
    let settings = Settings::default();
    let today = d("2024-08-20");
    // Over 100 years: days are looked up without a table.
    let century = range("1950-01-01", "2060-12-31");
    let m = measures(century, &records, &settings, today).unwrap();
    assert_eq!(m.requests_received, shop.requests.len() as u64, "every request is in the century");
    assert_eq!(m.feedback_answers, shop.feedback.len() as u64);
    let (loyal, base, previous, retained) = naive_purchases(century, &shop.purchases, &settings);
    assert_eq!(
        (m.loyal_customers, m.loyal_window_customers, m.retention_previous_customers, m.retention_retained_customers),
        (loyal, base, previous, retained)
    );
    // 70 ranges: computed 64 at a time, the same as one by one.
    let months: Vec<DateRange> =
        (0..70).map(|k| YearMonth::new(2019, 1).unwrap().plus(k).unwrap().range().unwrap()).collect();
    let together = measure_ranges(&months, &records, &settings, today).unwrap();
    for (r, set) in months.iter().zip(&together) {
        assert_eq!(set, &measures(*r, &records, &settings, today).unwrap(), "{r:?}");
    }
    // Customer ids far from 0 are kept in hashed rows: same counts.
    let far = 1_i64 << 40;
    let shifted: Vec<PurchaseRow> =
        shop.purchases.iter().map(|p| PurchaseRow { customer_id: p.customer_id + far, ..p.clone() }).collect();
    let shifted_records = Records { purchases: &shifted, ..records };
    for r in [month(2024, 6), month(2023, 2), century] {
        let a = measures(r, &records, &settings, today).unwrap();
        let b = measures(r, &shifted_records, &settings, today).unwrap();
        assert_eq!(a, b, "{r:?}");
        let drilled = drill(MeasureKey::LoyalRate, r, &shifted_records, &settings, today).unwrap();
        let plain = drill(MeasureKey::LoyalRate, r, &records, &settings, today).unwrap();
        assert_eq!(drilled.denominator, plain.denominator.iter().map(|id| id + far).collect::<Vec<_>>());
    }
}

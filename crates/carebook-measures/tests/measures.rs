//! The measures of one range on small hand-built data sets; every expected
//! value is worked out in the comment beside it.

mod common;

use carebook_core::{CareTaskStatus, Channel, RequestStatus};
use carebook_measures::*;
use common::*;

#[test]
fn an_empty_range_has_every_ratio_none_and_every_count_zero() {
    // Rows exist, but all in July 2024; June 2024 is measured. The loyalty
    // window of June (Jul 2023–Jun 2024) and the previous range (May) hold
    // no purchase either.
    let requests = vec![resolved(1, "2024-07-01 00:00:00", "2024-07-01 00:05:00")];
    let feedback = vec![fb(1, 1, "2024-07-01 00:00:00", Some(5), Some(10))];
    let purchases = vec![buy(1, "2024-07-01")];
    let tasks = vec![task(1, "2024-07-01", CareTaskStatus::Planned, None)];
    let shop = Records { requests: &requests, feedback: &feedback, purchases: &purchases, tasks: &tasks };
    for records in [Records::default(), shop] {
        let m = measure(month(2024, 6), &records, "2024-08-15");
        let json = serde_json::to_value(&m).unwrap();
        let ratios = [
            "resolution_rate",
            "fcr",
            "response_time_median_min",
            "response_time_p90_min",
            "resolution_time_median_min",
            "resolution_time_p90_min",
            "wait_time_mean_min",
            "wait_time_p90_min",
            "csat_share",
            "csat_mean",
            "nps",
            "loyal_rate",
            "retention",
            "care_on_time_rate",
        ];
        let mut counts = 0;
        for (key, value) in json.as_object().unwrap() {
            match key.as_str() {
                "range" | "loyal_window" | "retention_previous" | "service_level" => {}
                k if ratios.contains(&k) => assert!(value.is_null(), "{k} = {value}"),
                k => {
                    assert_eq!(value, &serde_json::json!(0), "{k}");
                    counts += 1;
                }
            }
        }
        assert!(ratios.iter().all(|k| json.get(k).is_some()), "every ratio is a field");
        assert_eq!(counts, 24, "every count is a field and is zero");
        assert_eq!(
            json["service_level"],
            serde_json::json!({"type": "not_enough_feedback", "answers": 0, "needed": 10})
        );
    }
}

#[test]
fn requests_belong_to_the_day_they_were_received_in_local_time() {
    let requests = vec![
        // The last second of August: August.
        resolved(1, "2024-08-31 23:59:59", "2024-09-01 00:10:00"),
        // Midnight starting September: September; resolved after 30 min.
        resolved(2, "2024-09-01 00:00:00", "2024-09-01 00:30:00"),
        // The last second of September, resolved in October: September,
        // resolution time 10 min 1 s = 601 s.
        resolved(3, "2024-09-30 23:59:59", "2024-10-01 00:10:00"),
        // Midnight starting October: October.
        req(4, "2024-10-01 00:00:00"),
        // Mid-September, still open.
        req(5, "2024-09-15 12:00"),
    ];
    let records = Records { requests: &requests, ..Default::default() };
    // (range, received, resolved, resolution rate, resolution median, p90)
    let table = [
        // September: 2, 3, 5 received; 2, 3 resolved → 2/3. Resolution
        // times [601 s, 1800 s]: median rank ⌈0.5·2⌉=1 → 601 s = 10.0166 min,
        // p90 rank ⌈0.9·2⌉=2 → 1800 s = 30 min.
        (month(2024, 9), 3, 2, Some(200.0 / 3.0), Some(601.0 / 60.0), Some(30.0)),
        // August: request 1 only, resolved after 10 min 1 s.
        (month(2024, 8), 1, 1, Some(100.0), Some(601.0 / 60.0), Some(601.0 / 60.0)),
        // October: request 4 only, open (3 was resolved in October but
        // received in September).
        (month(2024, 10), 1, 0, Some(0.0), None, None),
        // The single day 30 September: request 3.
        (range("2024-09-30", "2024-09-30"), 1, 1, Some(100.0), Some(601.0 / 60.0), Some(601.0 / 60.0)),
    ];
    for (r, received, resolved, rate, median, p90) in table {
        let m = measure(r, &records, "2024-12-01");
        assert_eq!((m.requests_received, m.requests_resolved), (received, resolved), "{r:?}");
        close(m.resolution_rate, rate);
        close(m.resolution_time_median_min, median);
        close(m.resolution_time_p90_min, p90);
    }
}

#[test]
fn first_contact_resolution_leaves_out_reopened_and_transferred_requests() {
    let day = "2024-05-02 09:00";
    let done = "2024-05-02 09:20";
    let requests = vec![
        // 1: resolved at first contact → counts.
        RequestRow { first_contact: true, ..resolved(1, day, done) },
        // 2: marked first contact but reopened since → resolved, not FCR.
        RequestRow { first_contact: true, reopened: true, ..resolved(2, day, done) },
        // 3: marked first contact but transferred (an old row) → not FCR.
        RequestRow { first_contact: true, transferred_to: Some(2), ..resolved(3, day, done) },
        // 4: resolved, not at first contact.
        resolved(4, day, done),
        // 5: reopened and open again: not resolved, outside FCR's denominator.
        RequestRow { reopened: true, ..req(5, day) },
        // 6: resolved at first contact → counts.
        RequestRow { first_contact: true, ..resolved(6, day, done) },
        // 7: waiting.
        RequestRow { status: RequestStatus::Waiting, ..req(7, day) },
    ];
    let records = Records { requests: &requests, ..Default::default() };
    let m = measure(range("2024-05-01", "2024-05-31"), &records, "2024-06-01");
    // Received 7; resolved 1, 2, 3, 4, 6 = 5 → 5/7; FCR 1 and 6 = 2 → 2/5 = 40 %.
    assert_eq!((m.requests_received, m.requests_resolved, m.requests_resolved_first_contact), (7, 5, 2));
    close(m.resolution_rate, Some(500.0 / 7.0));
    close(m.fcr, Some(40.0));
}

#[test]
fn response_time_medians_and_p90_with_ties() {
    let at = |id: i64, minutes: Option<i64>| RequestRow {
        first_response_at: minutes.map(|m| dt("2024-03-04 10:00") + chrono::TimeDelta::minutes(m)),
        ..req(id, "2024-03-04 10:00")
    };
    // (response minutes of each request, count, median, p90) — nearest rank.
    type Case = (&'static [Option<i64>], u64, Option<f64>, Option<f64>);
    let table: &[Case] = &[
        // [5, 5, 5, 10] and one never answered (left out): n=4, median rank 2 → 5, p90 rank ⌈3.6⌉=4 → 10.
        (&[Some(5), Some(10), Some(5), None, Some(5)], 4, Some(5.0), Some(10.0)),
        // [10, 20]: median rank 1 → 10 (the lower middle), p90 rank ⌈1.8⌉=2 → 20.
        (&[Some(20), Some(10)], 2, Some(10.0), Some(20.0)),
        // 1..=10: median rank 5 → 5, p90 rank 9 → 9.
        (
            &[Some(1), Some(2), Some(3), Some(4), Some(5), Some(6), Some(7), Some(8), Some(9), Some(10)],
            10,
            Some(5.0),
            Some(9.0),
        ),
        // [0, 0, 0, 0, 0, 0, 0, 0, 0, 60]: p90 rank 9 → 0; the one slow answer is above the p90.
        (
            &[Some(0), Some(0), Some(0), Some(0), Some(0), Some(0), Some(0), Some(0), Some(0), Some(60)],
            10,
            Some(0.0),
            Some(0.0),
        ),
        // Nobody answered: no distribution at all.
        (&[None, None], 0, None, None),
    ];
    for (minutes, count, median, p90) in table {
        let requests: Vec<_> = minutes.iter().enumerate().map(|(i, m)| at(i as i64 + 1, *m)).collect();
        let records = Records { requests: &requests, ..Default::default() };
        let m = measure(month(2024, 3), &records, "2024-04-01");
        assert_eq!(m.response_time_count, *count, "{minutes:?}");
        close(m.response_time_median_min, *median);
        close(m.response_time_p90_min, *p90);
    }
}

#[test]
fn wait_time_counts_only_in_store_and_phone_requests() {
    let waited = |id: i64, channel: Channel, wait: Option<i64>| RequestRow {
        channel,
        wait_minutes: wait,
        ..req(id, "2024-03-04 10:00")
    };
    let requests = vec![
        waited(1, Channel::InStore, Some(4)),
        waited(2, Channel::Phone, Some(10)),
        // Zalo, Facebook, email: a wait recorded there is not a queue.
        waited(3, Channel::Zalo, Some(30)),
        waited(4, Channel::Facebook, None),
        waited(5, Channel::Email, Some(600)),
        // In store without a recorded wait: counted as in-person, no value.
        waited(6, Channel::InStore, None),
        waited(7, Channel::Phone, Some(1)),
    ];
    let records = Records { requests: &requests, ..Default::default() };
    let m = measure(month(2024, 3), &records, "2024-04-01");
    // In-store/phone: 1, 2, 6, 7 = 4; with a wait: 4, 10, 1 = 3.
    // Mean (4 + 10 + 1) / 3 = 5; p90 rank ⌈2.7⌉=3 of [1, 4, 10] → 10.
    assert_eq!((m.wait_time_requests, m.wait_time_count), (4, 3));
    close(m.wait_time_mean_min, Some(5.0));
    close(m.wait_time_p90_min, Some(10.0));
}

#[test]
fn csat_and_nps_over_the_answers_given_in_the_range() {
    let at = "2024-06-10 10:00";
    // (answers as (csat, nps), answers, csat share, csat mean, nps, promoters, passives, detractors)
    type Row = (&'static [(Option<u8>, Option<u8>)], u64, Option<f64>, Option<f64>, Option<f64>, [u64; 3]);
    let table: &[Row] = &[
        // No feedback: nothing to share or average.
        (&[], 0, None, None, None, [0, 0, 0]),
        // All detractors (0, 3, 6, 6): NPS 0 % − 100 % = −100; no CSAT.
        (&[(None, Some(0)), (None, Some(3)), (None, Some(6)), (None, Some(6))], 4, None, None, Some(-100.0), [0, 0, 4]),
        // CSAT 5, 4, 3, 1, 5: satisfied 3/5 = 60 %, mean 18/5 = 3.6; no NPS.
        (
            &[(Some(5), None), (Some(4), None), (Some(3), None), (Some(1), None), (Some(5), None)],
            5,
            Some(60.0),
            Some(3.6),
            None,
            [0, 0, 0],
        ),
        // NPS 10, 9, 8, 7, 6, 0: 2 promoters, 2 passives, 2 detractors → 0.
        (
            &[(None, Some(10)), (None, Some(9)), (None, Some(8)), (None, Some(7)), (None, Some(6)), (None, Some(0))],
            6,
            None,
            None,
            Some(0.0),
            [2, 2, 2],
        ),
        // Both scores on each answer: answers 3, CSAT 4, 4, 2 → 2/3, mean 10/3;
        // NPS 10, 10, 8 → 2/3 promoters − 0 = 66.67.
        (
            &[(Some(4), Some(10)), (Some(4), Some(10)), (Some(2), Some(8))],
            3,
            Some(200.0 / 3.0),
            Some(10.0 / 3.0),
            Some(200.0 / 3.0),
            [2, 1, 0],
        ),
        // Edges of the groups: 9 is a promoter, 7 a passive, 6 a detractor: (1 − 1) / 3 = 0.
        (&[(None, Some(9)), (None, Some(7)), (None, Some(6))], 3, None, None, Some(0.0), [1, 1, 1]),
    ];
    for (scores, answers, share, mean, nps, [promoters, passives, detractors]) in table {
        let feedback: Vec<_> = scores.iter().enumerate().map(|(i, (c, n))| fb(i as i64 + 1, 1, at, *c, *n)).collect();
        let records = Records { feedback: &feedback, ..Default::default() };
        let m = measure(month(2024, 6), &records, "2024-07-01");
        assert_eq!(m.feedback_answers, *answers, "{scores:?}");
        assert_eq!(m.csat_answers, scores.iter().filter(|s| s.0.is_some()).count() as u64);
        close(m.csat_share, *share);
        close(m.csat_mean, *mean);
        close(m.nps, *nps);
        assert_eq!((m.nps_promoters, m.nps_passives, m.nps_detractors), (*promoters, *passives, *detractors));
    }
}

#[test]
fn feedback_belongs_to_the_day_it_was_given() {
    let feedback = vec![
        fb(1, 1, "2024-06-30 23:59:59", Some(5), None),
        fb(2, 1, "2024-07-01 00:00:00", Some(1), None),
        fb(3, 1, "2024-05-31 23:59:59", Some(1), None),
    ];
    let records = Records { feedback: &feedback, ..Default::default() };
    // June: answer 1 only (5) → 100 %; July: answer 2 (1) → 0 %.
    close(measure(month(2024, 6), &records, "2024-08-01").csat_share, Some(100.0));
    close(measure(month(2024, 7), &records, "2024-08-01").csat_share, Some(0.0));
}

#[test]
fn loyal_rate_counts_distinct_months_of_the_twelve_ending_with_the_range() {
    let purchases = vec![
        // c1: April 2023 (first day of the window), August 2023, 31 March 2024 (last day).
        buy(1, "2023-04-01"),
        buy(1, "2023-08-10"),
        buy(1, "2024-03-31"),
        // c2: 31 March 2023 is one day before the window.
        buy(2, "2023-03-31"),
        buy(2, "2023-09-01"),
        buy(2, "2024-03-31"),
        // c3: three purchases in two distinct months.
        buy(3, "2023-05-01"),
        buy(3, "2023-05-31"),
        buy(3, "2023-06-15"),
        // c4: 1 April 2024 is after the window.
        buy(4, "2023-07-01"),
        buy(4, "2023-12-01"),
        buy(4, "2024-04-01"),
        // c5: only long before.
        buy(5, "2022-01-01"),
        // c6: four months in a row.
        buy(6, "2023-06-01"),
        buy(6, "2023-07-01"),
        buy(6, "2023-08-01"),
        buy(6, "2023-09-01"),
    ];
    let records = Records { purchases: &purchases, ..Default::default() };
    let two = Settings { loyal_months: 2, ..Default::default() };
    let six = Settings { loyal_window_months: 6, ..Default::default() };
    // (range, settings, window, loyal, in window)
    let table = [
        // March 2024, window Apr 2023–Mar 2024: c1 (3 months), c2 (2), c3 (2),
        // c4 (2), c6 (4) bought; c1 and c6 reach 3 months → 2/5 = 40 %.
        (month(2024, 3), Settings::default(), range("2023-04-01", "2024-03-31"), 2, 5),
        // 1–15 March 2024, window Apr 2023–15 Mar 2024: the 31 March purchases
        // drop out; c1 has 2 months, c2 has 1: only c6 → 1/5.
        (range("2024-03-01", "2024-03-15"), Settings::default(), range("2023-04-01", "2024-03-15"), 1, 5),
        // Two months are enough: c1, c2, c3, c4, c6 → 5/5.
        (month(2024, 3), two.clone(), range("2023-04-01", "2024-03-31"), 5, 5),
        // A six-month window Oct 2023–Mar 2024: c1 (Mar), c2 (Mar), c4 (Dec):
        // none with 3 months → 0/3.
        (month(2024, 3), six.clone(), range("2023-10-01", "2024-03-31"), 0, 3),
        // April 2024, window May 2023–Apr 2024: c1 (Aug, Mar), c2 (Sep, Mar),
        // c3 (May, Jun), c4 (Jul, Dec, Apr = 3), c6 (4) → c4, c6 → 2/5.
        (month(2024, 4), Settings::default(), range("2023-05-01", "2024-04-30"), 2, 5),
        // 2021: nobody bought in the window → no ratio.
        (month(2021, 6), Settings::default(), range("2020-07-01", "2021-06-30"), 0, 0),
    ];
    for (r, settings, window, loyal, base) in table {
        let m = measures(r, &records, &settings, d("2024-06-01")).unwrap();
        assert_eq!(m.loyal_window, window, "{r:?}");
        assert_eq!((m.loyal_customers, m.loyal_window_customers), (loyal, base), "{r:?}");
        close(m.loyal_rate, (base > 0).then(|| loyal as f64 * 100.0 / base as f64));
    }
}

#[test]
fn retention_is_previous_buyers_who_came_back() {
    let purchases = vec![
        buy(1, "2024-03-05"),
        buy(1, "2024-04-20"),
        buy(2, "2024-03-31"),
        buy(3, "2024-04-01"),
        buy(4, "2024-02-29"),
        buy(4, "2024-04-02"),
        buy(5, "2024-03-01"),
        buy(5, "2024-03-15"),
        buy(5, "2024-04-30"),
    ];
    let records = Records { purchases: &purchases, ..Default::default() };
    // (range, previous, previous buyers, retained)
    let table = [
        // April (previous March): March buyers c1, c2, c5; back in April c1, c5 → 2/3.
        (month(2024, 4), month(2024, 3), 3, 2),
        // March (previous February): c4 (29 Feb); not back in March → 0/1.
        (month(2024, 3), month(2024, 2), 1, 0),
        // 1–10 March (previous 20–29 Feb): c4 bought 29 Feb, not 1–10 March → 0/1.
        (range("2024-03-01", "2024-03-10"), range("2024-02-20", "2024-02-29"), 1, 0),
        // 11–20 March (previous 1–10 March): c1 (5 Mar), c5 (1 Mar); c5 back on 15 Mar → 1/2.
        (range("2024-03-11", "2024-03-20"), range("2024-03-01", "2024-03-10"), 2, 1),
        // January: nobody bought in December → no ratio.
        (month(2024, 1), month(2023, 12), 0, 0),
    ];
    for (r, previous, base, retained) in table {
        let m = measure(r, &records, "2024-06-01");
        assert_eq!(m.retention_previous, previous, "{r:?}");
        assert_eq!((m.retention_previous_customers, m.retention_retained_customers), (base, retained), "{r:?}");
        close(m.retention, (base > 0).then(|| retained as f64 * 100.0 / base as f64));
    }
}

#[test]
fn care_on_time_late_skipped_overdue_and_not_yet_due() {
    use CareTaskStatus::*;
    let tasks = vec![
        // 1: done at the last second of its due day → on time.
        task(1, "2024-06-10", Done, Some("2024-06-10 23:59:59")),
        // 2: done at midnight after → late.
        task(2, "2024-06-10", Done, Some("2024-06-11 00:00:00")),
        // 3: done early → on time.
        task(3, "2024-06-10", Done, Some("2024-06-05 08:00")),
        // 4: skipped → counted, not on time.
        task(4, "2024-06-12", Skipped, Some("2024-06-12 10:00")),
        // 5: planned, due before today (20 June) → overdue.
        task(5, "2024-06-15", Planned, None),
        // 6: planned, due today → not overdue, not due yet.
        task(6, "2024-06-20", Planned, None),
        // 7: planned, due later this month → not due yet.
        task(7, "2024-06-25", Planned, None),
        // 8: due later, already done → on time.
        task(8, "2024-06-28", Done, Some("2024-06-19 16:00")),
        // 9: due in May, still planned → overdue today, but not June's.
        task(9, "2024-05-31", Planned, None),
        // 10: done without a recorded time → not shown on time.
        task(10, "2024-06-30", Done, None),
    ];
    let records = Records { tasks: &tasks, ..Default::default() };
    // (today, due, on time, late, skipped, overdue, upcoming, rate)
    let table = [
        // On 20 June: on time 1, 3, 8; late 2, 10; skipped 4; overdue 5;
        // upcoming 6, 7. Due = 3 + 2 + 1 + 1 = 7 → 3/7.
        ("2024-06-20", 7, 3, 2, 1, 1, 2, 300.0 / 7.0),
        // On 1 July everything of June is due: 6 and 7 are overdue too → 3/9.
        ("2024-07-01", 9, 3, 2, 1, 3, 0, 100.0 / 3.0),
    ];
    for (today, due, on_time, late, skipped, overdue, upcoming, rate) in table {
        let m = measure(month(2024, 6), &records, today);
        assert_eq!(
            (m.care_tasks_due, m.care_tasks_on_time, m.care_tasks_late, m.care_tasks_skipped),
            (due, on_time, late, skipped),
            "{today}"
        );
        assert_eq!((m.overdue_tasks, m.care_tasks_upcoming), (overdue, upcoming), "{today}");
        close(m.care_on_time_rate, Some(rate));
    }
    // Today's overdue list spans every range: 5 and 9 on 20 June.
    assert_eq!(overdue_tasks(&tasks, d("2024-06-20")), [5, 9]);
    assert_eq!(overdue_tasks(&tasks, d("2024-05-31")), Vec::<i64>::new(), "due today is not overdue");
}

#[test]
fn the_json_names_each_measure_in_snake_case() {
    let requests = vec![RequestRow { first_contact: true, ..resolved(1, "2024-06-03 09:00", "2024-06-03 09:12") }];
    let records = Records { requests: &requests, ..Default::default() };
    let comparison = compare(month(2024, 6), &records, &Settings::default(), d("2024-07-01")).unwrap();
    let json = serde_json::to_value(&comparison).unwrap();
    let current = &json["current"];
    assert_eq!(current["range"], serde_json::json!({"from": "2024-06-01", "to": "2024-06-30"}));
    assert_eq!(current["resolution_rate"], serde_json::json!(100.0));
    assert_eq!(current["fcr"], serde_json::json!(100.0));
    assert_eq!(current["response_time_median_min"], serde_json::json!(12.0));
    assert_eq!(current["csat_share"], serde_json::Value::Null);
    assert_eq!(current["nps"], serde_json::Value::Null);
    assert_eq!(json["previous"]["range"]["from"], "2024-05-01");
    assert_eq!(json["lastYear"]["range"]["to"], "2023-06-30");
    let trend =
        monthly_trend(YearMonth::new(2024, 6).unwrap(), 2, &records, &Settings::default(), d("2024-07-01")).unwrap();
    let json = serde_json::to_value(&trend).unwrap();
    assert_eq!(json[1]["month"], serde_json::json!({"year": 2024, "month": 6}));
    assert_eq!(json[1]["measures"]["requests_received"], 1);
    assert_eq!(json[0]["measures"]["requests_received"], 0);
}

#[test]
fn an_inverted_range_or_bad_settings_are_refused() {
    let inverted = DateRange { from: d("2024-06-02"), to: d("2024-06-01") };
    let records = Records::default();
    assert_eq!(
        measures(inverted, &records, &Settings::default(), d("2024-06-03")),
        Err(MeasureError::InvertedRange { from: d("2024-06-02"), to: d("2024-06-01") })
    );
    let bad = Settings { loyal_months: 0, ..Default::default() };
    assert!(matches!(
        measures(month(2024, 6), &records, &bad, d("2024-06-03")),
        Err(MeasureError::InvalidSetting { name: "loyalMonths", .. })
    ));
    assert!(
        monthly_trend(YearMonth { year: 2024, month: 13 }, 12, &records, &Settings::default(), d("2024-06-03"))
            .is_err()
    );
}

//! The rows the measures read, on a real file: every request, answer,
//! purchase and task, with the values the ordinary getters return.

use carebook_core::{
    CareTaskInput, CareTaskKind, CareTaskStatus, Channel, CustomerInput, FeedbackInput, PurchaseInput, RequestInput,
    RequestKind, RequestStatus,
};
use carebook_store::Store;
use chrono::{NaiveDate, NaiveDateTime};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

#[test]
fn measure_rows_are_the_stored_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::create(dir.path().join("book.sqlite")).unwrap();
    let now = at("2026-11-23 10:00:00");
    let today = now.date();
    let (a, b, archived) = store
        .transaction(|tx| -> carebook_store::Result<_> {
            let c = |name: &str| {
                let v = CustomerInput { name: name.into(), ..Default::default() }.validate(today).unwrap();
                tx.insert_customer(&v, now)
            };
            let (a, b, archived) = (c("Vũ Hoàng Yến")?, c("Lý Minh Tuấn")?, c("Đỗ Thị Cúc")?);
            tx.set_archived(archived, Some(now))?;
            let request = RequestInput {
                customer_id: a,
                channel: Channel::Zalo,
                kind: RequestKind::Complaint,
                summary: "Bánh giao trễ".into(),
                received_at: Some(at("2026-09-30 23:59:30")),
                first_response_at: Some(at("2026-10-01 00:05:00")),
                resolved_at: Some(at("2026-10-01 08:00:00")),
                wait_minutes: Some(3),
                handled_by: None,
                transferred_to: None,
                status: RequestStatus::Resolved,
                first_contact: true,
            };
            tx.save_request(None, &request.validate(now).unwrap(), now)?;
            let open = RequestInput {
                customer_id: b,
                status: RequestStatus::Open,
                first_contact: false,
                resolved_at: None,
                ..request
            };
            tx.save_request(None, &open.validate(now).unwrap(), now)?;
            let f = FeedbackInput {
                customer_id: b,
                csat: Some(2),
                nps: None,
                comment: Some("Chờ lâu".into()),
                request_id: None,
                care_task_id: None,
                channel: Some(Channel::Zalo),
                given_at: Some(at("2026-10-05 12:00:00")),
            };
            tx.insert_feedback(&f.validate(now).unwrap(), now)?;
            let p = PurchaseInput {
                customer_id: a,
                date: Some(NaiveDate::from_ymd_opt(2026, 10, 12).unwrap()),
                amount_vnd: 250_000,
                ..Default::default()
            };
            tx.insert_purchase(&p.validate(today).unwrap(), now)?;
            let task = CareTaskInput {
                customer_id: a,
                kind: CareTaskKind::FollowUpCall,
                title: None,
                due_date: Some(today),
                due_time: None,
                assignee_id: None,
                status: CareTaskStatus::Done,
                outcome: None,
            };
            tx.save_care_task(None, &task.validate(today).unwrap(), now)?;
            Ok((a, b, archived))
        })
        .unwrap();

    let pool = store.read_pool();
    let (rows, customers) =
        pool.read(|tx| Ok::<_, carebook_store::StoreError>((tx.measure_rows()?, tx.measure_customers()?))).unwrap();
    assert_eq!(rows.requests.len(), 2);
    let r = &rows.requests[0];
    assert_eq!(
        (r.customer_id, r.channel, r.kind, r.status),
        (a, Channel::Zalo, RequestKind::Complaint, RequestStatus::Resolved)
    );
    assert_eq!(
        (r.received_at, r.first_response_at, r.resolved_at),
        (at("2026-09-30 23:59:30"), Some(at("2026-10-01 00:05:00")), Some(at("2026-10-01 08:00:00")))
    );
    assert_eq!((r.wait_minutes, r.first_contact, r.reopened), (Some(3), true, false));
    assert_eq!(
        (rows.requests[1].customer_id, rows.requests[1].status, rows.requests[1].resolved_at),
        (b, RequestStatus::Open, None)
    );
    assert_eq!(rows.feedback.len(), 1);
    assert_eq!(
        (
            rows.feedback[0].csat,
            rows.feedback[0].given_at,
            rows.feedback[0].comment.as_deref(),
            rows.feedback[0].channel
        ),
        (Some(2), at("2026-10-05 12:00:00"), Some("Chờ lâu"), Some(Channel::Zalo))
    );
    assert_eq!(rows.purchases.len(), 1);
    assert_eq!(
        (rows.purchases[0].customer_id, rows.purchases[0].date, rows.purchases[0].amount),
        (a, NaiveDate::from_ymd_opt(2026, 10, 12).unwrap(), 250_000)
    );
    assert_eq!(rows.tasks.len(), 1);
    assert_eq!(
        (rows.tasks[0].due_date, rows.tasks[0].status, rows.tasks[0].completed_at),
        (today, CareTaskStatus::Done, Some(now))
    );
    // The at-risk list looks at customers who are not archived.
    let mut ids: Vec<i64> = customers.iter().map(|c| c.id).collect();
    ids.sort_unstable();
    assert_eq!(ids, vec![a, b]);
    assert!(!ids.contains(&archived));
    // The measures over those rows: September's request resolved in October counts in September.
    let sept = carebook_measures::DateRange::new(
        NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
    )
    .unwrap();
    let m = carebook_measures::measures(sept, &rows.records(), &Default::default(), today).unwrap();
    assert_eq!((m.requests_received, m.requests_resolved), (2, 1));
}

#[test]
fn schema_8_gives_older_requests_their_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite");
    let conn = carebook_store::migrations::create_at_version(&path, 6).unwrap();
    conn.execute_batch(
        "INSERT INTO customers (id, name, created_at, updated_at) VALUES (1, 'Vũ Hoàng Yến', '2026-01-01 08:00:00', '2026-01-01 08:00:00');
         INSERT INTO service_requests (id, customer_id, channel, kind, summary, received_at, resolved_at, status, created_at, updated_at)
         VALUES (1, 1, 'zalo', 'question', 'Hỏi giá', '2026-09-30 23:30:00', '2026-10-01 00:10:00', 'resolved', '2026-09-30 23:30:00', '2026-10-01 00:10:00'),
                (2, 1, 'phone', 'complaint', 'Giao trễ', '2026-10-02 09:00:00', NULL, 'open', '2026-10-02 09:00:00', '2026-10-02 09:00:00');",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), carebook_store::LATEST_VERSION);
    let tx = store.read();
    let actions = |id| {
        tx.request_events(id).unwrap().into_iter().map(|e| (e.action.as_str(), e.at.to_string())).collect::<Vec<_>>()
    };
    assert_eq!(
        actions(1),
        vec![("received", "2026-09-30 23:30:00".to_owned()), ("resolve", "2026-10-01 00:10:00".to_owned())]
    );
    assert_eq!(actions(2), vec![("received", "2026-10-02 09:00:00".to_owned())]);
}

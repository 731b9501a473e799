//! A realistic Vietnamese demo shop: staff, customers with Vietnamese names,
//! phone numbers, birthdays (solar and lunar), tags and notes, and three years
//! of purchases. The same seed and the same `today` give the same shop, at
//! any size (a million customers and about ten million purchases included).
//!
//! The shop keeps the product's duplicate rule: every email and every phone
//! number belongs to one customer, except the family members who share a
//! number on purpose — about one customer in fifty, each tagged
//! [`SHARED_PHONE_TAG`] — so that the shop's own export imports back with no
//! row merged into another.

mod words;

use carebook_core::{
    Birthday, CalendarKind, CareTaskInput, CareTaskKind, CareTaskOrigin, CareTaskStatus, Channel, Consent, CustomerId,
    CustomerInput, CustomerKind, FeedbackInput, Gender, NoteInput, PurchaseInput, RequestInput, RequestKind,
    RequestStatus, StaffId, StaffInput, StaffRole, fold,
};
use std::collections::HashSet;

use carebook_core::{normalize_email, normalize_phone};
use carebook_store::{Settings, Store, Tx};
use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use words::*;

#[derive(Debug, Clone, Copy)]
pub struct DemoConfig {
    pub customers: u32,
    pub seed: u64,
    /// The last day of the three years of history.
    pub today: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoStats {
    pub customers: u32,
    pub purchases: u64,
    pub notes: u64,
    pub staff: u32,
    pub requests: u64,
    pub care_tasks: u64,
    pub feedback: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Store(#[from] carebook_store::StoreError),
    #[error("generated record is invalid: {0}")]
    Invalid(String),
}

pub const DEMO_SHOP_NAME: &str = "Tiệm bánh Hoa Mai";

/// The tag of a customer who shares a phone number with the customer before
/// them (a family): the only customers of the demo who share a number.
pub const SHARED_PHONE_TAG: &str = "Chung số gia đình";

/// The numbers and emails handed out so far: each goes to one customer.
struct Contacts {
    phones: HashSet<String>,
    emails: HashSet<String>,
    /// Redraws and families come from their own stream, so that the rest of
    /// the shop is drawn as it would be without them.
    rng: ChaCha8Rng,
    /// The previous customer's first number, as written.
    last_phone: Option<String>,
}

impl Contacts {
    fn e164(phone: &str) -> String {
        normalize_phone(phone).map(|p| p.e164).unwrap_or_else(|_| phone.to_owned())
    }

    /// The numbers drawn, each redrawn until no one has it; or, for about one
    /// customer in fifty, the previous customer's number (a family) and
    /// whether it is one.
    fn phones(&mut self, drawn: Vec<String>) -> (Vec<String>, bool) {
        if let Some(shared) = self.last_phone.clone()
            && self.rng.random_bool(0.02)
        {
            self.last_phone = None;
            return (vec![shared], true);
        }
        let mut out = Vec::with_capacity(drawn.len());
        for mut phone in drawn {
            while !self.phones.insert(Self::e164(&phone)) {
                phone = mobile(&mut self.rng);
            }
            out.push(phone);
        }
        self.last_phone = out.first().cloned();
        (out, false)
    }

    /// The email drawn, or, when someone has it, the same with the
    /// customer's number in it (`an.nguyen.1234@gmail.com`).
    fn email(&mut self, drawn: String, n: u32) -> String {
        let key = normalize_email(&drawn).unwrap_or_else(|| drawn.clone());
        if self.emails.insert(key) {
            return drawn;
        }
        let (local, domain) = drawn.split_once('@').unwrap_or((drawn.as_str(), "example.com"));
        let mut k = u64::from(n);
        loop {
            let email = format!("{local}.{k}@{domain}");
            if self.emails.insert(normalize_email(&email).unwrap_or_else(|| email.clone())) {
                return email;
            }
            k += 1_000_000_000;
        }
    }
}

/// Fills `store` with a demo shop, in one transaction. `progress` is called
/// with the number of customers written so far.
pub fn generate(store: &mut Store, config: DemoConfig, mut progress: impl FnMut(u32)) -> Result<DemoStats, DemoError> {
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    let today = config.today;
    let start = today - Days::new(3 * 365);
    let mut stats =
        DemoStats { customers: 0, purchases: 0, notes: 0, staff: 0, requests: 0, care_tasks: 0, feedback: 0 };
    // Requests, care tasks and feedback come from their own stream, so that
    // customers and purchases are the same as without them.
    let mut care_rng = ChaCha8Rng::seed_from_u64(config.seed ^ 0xCA4E_B00C);
    let mut contacts = Contacts {
        phones: HashSet::with_capacity(config.customers as usize + config.customers as usize / 8),
        emails: HashSet::with_capacity(config.customers as usize / 2),
        rng: ChaCha8Rng::seed_from_u64(config.seed ^ 0x0C0A_7AC7),
        last_phone: None,
    };

    store.bulk_transaction(|tx| -> Result<(), DemoError> {
        tx.save_settings(&Settings { shop_name: DEMO_SHOP_NAME.to_owned(), is_demo: true })?;
        let mut staff_ids = Vec::new();
        for (i, (name, active)) in STAFF.iter().enumerate() {
            let role = if i == 0 { StaffRole::Owner } else { StaffRole::Staff };
            let input = StaffInput { name: (*name).to_owned(), role, active: *active };
            let valid = input.validate().map_err(|e| invalid(&e))?;
            let id = tx.insert_staff(&valid, at(start, 8))?;
            if *active {
                staff_ids.push(id);
            }
            stats.staff += 1;
        }

        for n in 0..config.customers {
            let person = Person::random(&mut rng);
            let first_day = start + Days::new(rng.random_range(0..3 * 365));
            let visits = visit_count(&mut rng);
            // Some customers stopped coming: their last visit is well before today.
            let last_day = if rng.random_bool(0.3) {
                first_day + Days::new(rng.random_range(0..=(today - first_day).num_days() as u64))
            } else {
                today
            };
            let span = (last_day - first_day).num_days().max(0) as u64;
            let basket = 10f64.powf(rng.random_range(4.7..5.9)); // 50k – 800k đồng
            let mut dates: Vec<NaiveDate> = (0..visits)
                .map(|i| if i == 0 { first_day } else { first_day + Days::new(rng.random_range(0..=span)) })
                .collect();
            dates.sort();
            let amounts: Vec<i64> =
                dates.iter().map(|_| ((basket * rng.random_range(0.5..2.0)) / 1000.0).round() as i64 * 1000).collect();
            let total: i64 = amounts.iter().sum();

            let consent = match rng.random_range(0..10) {
                0..6 => Consent::Given,
                6 => Consent::Withdrawn,
                _ => Consent::Unknown,
            };
            let (phones, family) = contacts.phones(person.phones(&mut rng));
            let email = rng.random_bool(0.4).then(|| person.email(&mut rng)).map(|e| contacts.email(e, n));
            let input = CustomerInput {
                name: person.name.clone(),
                phones,
                email,
                birthday: rng.random_bool(0.7).then(|| birthday(&mut rng, today)),
                gender: Some(person.gender),
                address: rng.random_bool(0.6).then(|| address(&mut rng)),
                kind: if rng.random_bool(0.03) { CustomerKind::Internal } else { CustomerKind::External },
                source: Some(pick(&mut rng, SOURCES).to_owned()),
                tags: {
                    let mut tags = tags(&mut rng, total);
                    if family {
                        tags.push(SHARED_PHONE_TAG.to_owned());
                    }
                    tags
                },
                notes: rng.random_bool(0.1).then(|| pick(&mut rng, PROFILE_NOTES).to_owned()),
                consent,
                consent_date: (consent != Consent::Unknown).then_some(first_day),
                preferred_channel: Some(channel(&mut rng)),
                loyalty_points: total / 10_000,
                tier: Some(tier(total).to_owned()),
            };
            let valid = input.validate(today).map_err(|e| invalid(&e))?;
            let id = tx.insert_customer(&valid, at(first_day, rng.random_range(8..21)))?;
            for (date, amount) in dates.iter().zip(&amounts) {
                let purchase = PurchaseInput {
                    customer_id: id,
                    date: Some(*date),
                    amount_vnd: *amount,
                    items: Some(items(&mut rng)),
                    staff_id: Some(staff_ids[rng.random_range(0..staff_ids.len())]),
                };
                let valid = purchase.validate(today).map_err(|e| invalid(&e))?;
                tx.insert_purchase(&valid, at(*date, rng.random_range(7..22)))?;
                stats.purchases += 1;
            }
            if rng.random_bool(0.08) {
                let note = NoteInput {
                    customer_id: id,
                    body: pick(&mut rng, TIMELINE_NOTES).to_owned(),
                    staff_id: Some(staff_ids[rng.random_range(0..staff_ids.len())]),
                };
                let valid = note.validate().map_err(|e| invalid(&e))?;
                tx.insert_note(&valid, at(*dates.last().unwrap_or(&first_day), 18))?;
                stats.notes += 1;
            }
            care(tx, &mut care_rng, id, &dates, today, &staff_ids, &mut stats)?;
            stats.customers += 1;
            if n % 1000 == 999 {
                progress(n + 1);
            }
        }
        Ok(())
    })?;
    progress(config.customers);
    Ok(stats)
}

/// How often a visit comes with a question, an order, a complaint or a
/// return: about 3 requests per customer (about 10 visits on average), so the
/// demo shop at 100,000 customers has some 300,000 requests.
const REQUEST_PER_VISIT: f64 = 0.3;
/// How often a resolved request is answered with feedback: with the requests
/// above, some 100,000 answers at 100,000 customers.
const FEEDBACK_PER_RESOLVED: f64 = 0.35;

/// A customer's requests (with feedback on some) and care tasks: requests on
/// some visit days, and the care a new customer gets after a first purchase
/// in the last two months (thank-you, check-in call, offer).
fn care(
    tx: &Tx<'_>,
    rng: &mut ChaCha8Rng,
    customer: CustomerId,
    visits: &[NaiveDate],
    today: NaiveDate,
    staff: &[StaffId],
    stats: &mut DemoStats,
) -> Result<(), DemoError> {
    let now = at(today, 23);
    let someone = |rng: &mut ChaCha8Rng| staff[rng.random_range(0..staff.len())];
    for &day in visits {
        if day > today || !rng.random_bool(REQUEST_PER_VISIT) {
            continue;
        }
        let (kind, summaries) = REQUESTS[weighted(rng, &[(0, 40), (1, 25), (2, 15), (3, 10), (4, 10)])];
        let channel = weighted(
            rng,
            &[
                (Channel::InStore, 40),
                (Channel::Phone, 20),
                (Channel::Zalo, 25),
                (Channel::Facebook, 10),
                (Channel::Email, 5),
            ],
        );
        let received = at(day, rng.random_range(8..20)) + chrono::Duration::minutes(rng.random_range(0..60));
        let responded = received + chrono::Duration::minutes(rng.random_range(1..60));
        let recent = (today - day).num_days() < 3;
        let status = match (recent, rng.random_range(0..10)) {
            (true, 0..4) => RequestStatus::Open,
            (true, 4..6) => RequestStatus::Waiting,
            _ => RequestStatus::Resolved,
        };
        let transferred = rng.random_bool(0.12).then(|| someone(rng));
        let resolved = (status == RequestStatus::Resolved).then(|| {
            let at = responded + chrono::Duration::minutes(rng.random_range(0..180));
            // Past closing time: the next morning.
            let at = if at.time() > NaiveTime::from_hms_opt(21, 0, 0).unwrap_or_default() {
                (at.date() + Days::new(1)).and_hms_opt(9, 0, 0).unwrap_or(at)
                    + chrono::Duration::minutes(rng.random_range(0..120))
            } else {
                at
            };
            at.min(now)
        });
        let input = RequestInput {
            customer_id: customer,
            channel,
            kind: RequestKind::parse(kind).unwrap_or_default(),
            summary: pick(rng, summaries).to_owned(),
            received_at: Some(received),
            first_response_at: Some(responded.min(now)),
            resolved_at: resolved,
            wait_minutes: matches!(channel, Channel::InStore | Channel::Phone).then(|| rng.random_range(0..20)),
            handled_by: Some(someone(rng)),
            transferred_to: transferred,
            status,
            first_contact: status == RequestStatus::Resolved && transferred.is_none() && rng.random_bool(0.7),
        };
        let valid = input.validate(now).map_err(|e| invalid(&e))?;
        let request = tx.save_request(None, &valid, received)?;
        stats.requests += 1;
        if let Some(resolved) = resolved
            && rng.random_bool(FEEDBACK_PER_RESOLVED)
        {
            let csat = weighted(rng, &[(5, 45), (4, 30), (3, 15), (2, 6), (1, 4)]);
            let feedback = FeedbackInput {
                customer_id: customer,
                csat: Some(csat),
                nps: rng.random_bool(0.5).then(|| (csat * 2 + rng.random_range(-1..=0)).clamp(0, 10)),
                comment: Some(pick(rng, FEEDBACK_COMMENTS).to_owned()).filter(|c| !c.is_empty()),
                request_id: Some(request),
                care_task_id: None,
                channel: None,
                given_at: Some(
                    (resolved + chrono::Duration::minutes(rng.random_range(10..60)))
                        .max(at(resolved.date() + Days::new(rng.random_range(0..2)), rng.random_range(9..20)))
                        .min(now),
                ),
            };
            tx.insert_feedback(&feedback.validate(now).map_err(|e| invalid(&e))?, resolved)?;
            stats.feedback += 1;
        }
    }
    let Some(&first) = visits.first() else { return Ok(()) };
    if (today - first).num_days() > 60 {
        return Ok(());
    }
    for (offset, kind) in [(1, CareTaskKind::ThankYou), (7, CareTaskKind::CheckIn), (30, CareTaskKind::Offer)] {
        let due = first + Days::new(offset);
        let status = if due >= today {
            CareTaskStatus::Planned
        } else {
            weighted(rng, &[(CareTaskStatus::Done, 85), (CareTaskStatus::Skipped, 5), (CareTaskStatus::Planned, 10)])
        };
        let task = CareTaskInput {
            customer_id: customer,
            kind,
            title: None,
            due_date: Some(due),
            due_time: None,
            assignee_id: Some(someone(rng)),
            status,
            outcome: (status == CareTaskStatus::Done).then(|| pick(rng, TASK_OUTCOMES).to_owned()),
        };
        let mut valid = task.validate(today).map_err(|e| invalid(&e))?;
        // The steps of the care plan "after the first purchase".
        valid.origin = CareTaskOrigin::Plan;
        // Done on the day it was due.
        tx.save_care_task(None, &valid, at(due.min(today), 17))?;
        stats.care_tasks += 1;
    }
    Ok(())
}

/// Generated data is valid by construction; this says which field is not if it ever is.
fn invalid(errors: &[carebook_core::FieldError]) -> DemoError {
    DemoError::Invalid(errors.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))
}

fn at(date: NaiveDate, hour: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default())
}

fn pick<'a, R: RngExt>(rng: &mut R, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

/// Picks from `(item, weight)` pairs.
fn weighted<T: Copy, R: RngExt>(rng: &mut R, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, w) in items {
        if roll < *w {
            return *item;
        }
        roll -= w;
    }
    items[items.len() - 1].0
}

/// One-timers, occasional, regular and loyal customers: about 10 visits on average.
fn visit_count<R: RngExt>(rng: &mut R) -> u32 {
    match rng.random_range(0..100) {
        0..25 => 1,
        25..65 => rng.random_range(2..=8),
        65..90 => rng.random_range(9..=25),
        _ => rng.random_range(26..=60),
    }
}

struct Person {
    name: String,
    gender: Gender,
}

impl Person {
    fn random<R: RngExt>(rng: &mut R) -> Person {
        let gender = if rng.random_bool(0.58) { Gender::Female } else { Gender::Male };
        let surname = weighted(rng, SURNAMES);
        let (middles, givens) = match gender {
            Gender::Female => (FEMALE_MIDDLE, FEMALE_GIVEN),
            _ => (MALE_MIDDLE, MALE_GIVEN),
        };
        let name = format!("{surname} {} {}", pick(rng, middles), pick(rng, givens));
        Person { name, gender }
    }

    fn phones<R: RngExt>(&self, rng: &mut R) -> Vec<String> {
        let count = match rng.random_range(0..100) {
            0..5 => 0,
            5..90 => 1,
            _ => 2,
        };
        (0..count).map(|_| mobile(rng)).collect()
    }

    fn email<R: RngExt>(&self, rng: &mut R) -> String {
        let parts: Vec<String> = fold(&self.name).split(' ').map(str::to_owned).collect();
        let local = match rng.random_range(0..3) {
            0 => format!("{}{}", parts.concat(), rng.random_range(1..100)),
            1 => format!("{}.{}", parts[parts.len() - 1], parts[0]),
            _ => format!("{}{}", parts[parts.len() - 1], rng.random_range(1970..2007)),
        };
        format!("{local}@{}", pick(rng, EMAIL_DOMAINS))
    }
}

/// A Vietnamese mobile number on a real operator prefix, spelled as people write it.
fn mobile<R: RngExt>(rng: &mut R) -> String {
    // Not every number block of a prefix is allocated: draw until libphonenumber accepts it.
    let digits = loop {
        let prefix = pick(rng, MOBILE_PREFIXES);
        let rest: u32 = rng.random_range(0..10_000_000);
        let digits = format!("{prefix}{rest:07}");
        if carebook_core::normalize_phone(&digits).is_ok() {
            break digits;
        }
    };
    match rng.random_range(0..4) {
        0 => digits,
        1 => format!("{} {} {}", &digits[..4], &digits[4..7], &digits[7..]),
        2 => format!("+84 {} {} {}", &digits[1..4], &digits[4..7], &digits[7..]),
        _ => format!("{}.{}.{}", &digits[..4], &digits[4..7], &digits[7..]),
    }
}

fn birthday<R: RngExt>(rng: &mut R, today: NaiveDate) -> Birthday {
    use chrono::Datelike;
    let lunar = rng.random_bool(0.2);
    let month = rng.random_range(1..=12u8);
    let day = if lunar { rng.random_range(1..=29u8) } else { rng.random_range(1..=28u8) };
    let year = rng.random_bool(0.6).then(|| rng.random_range(1955..=today.year() - 16));
    Birthday { calendar: if lunar { CalendarKind::Lunar } else { CalendarKind::Solar }, day, month, year, leap: false }
}

fn address<R: RngExt>(rng: &mut R) -> String {
    format!("{} {}, {}, {}", rng.random_range(1..300), pick(rng, STREETS), pick(rng, WARDS), pick(rng, CITIES))
}

fn tags<R: RngExt>(rng: &mut R, total: i64) -> Vec<String> {
    let mut tags = Vec::new();
    if total >= 10_000_000 {
        tags.push("VIP".to_owned());
    }
    if rng.random_bool(0.25) {
        tags.push(pick(rng, TAGS).to_owned());
    }
    tags
}

fn tier(total: i64) -> &'static str {
    match total {
        20_000_000.. => "Kim cương",
        10_000_000.. => "Vàng",
        3_000_000.. => "Bạc",
        _ => "Thành viên",
    }
}

fn channel<R: RngExt>(rng: &mut R) -> Channel {
    weighted(
        rng,
        &[
            (Channel::Zalo, 45),
            (Channel::Phone, 25),
            (Channel::InStore, 15),
            (Channel::Facebook, 10),
            (Channel::Email, 5),
        ],
    )
}

fn items<R: RngExt>(rng: &mut R) -> String {
    let count = rng.random_range(1..=3);
    let mut chosen: Vec<&str> = (0..count).map(|_| pick(rng, ITEMS)).collect();
    chosen.dedup();
    chosen.join(", ")
}

//! Search benchmark on the 100,000-customer demo shop.
//!
//!     cargo bench -p carebook-cli --bench search            # 100,000 customers
//!     CAREBOOK_BENCH_CUSTOMERS=20000 cargo bench -p carebook-cli --bench search
//!
//! Generates the demo database once (seed 42, today 2026-11-23) under
//! `$CARGO_TARGET_DIR/carebook-bench/`, then measures: demo generation time,
//! file size, open + first page of the list, and search latency through the
//! API over 1,200 realistic queries, side by side in the same run with one
//! raw ranked FTS5 query over the folded name (`ORDER BY rank`: the storage
//! limit; name queries only) and a plain `LIKE '%q%'` scan over the same
//! columns. Also runs at a million customers:
//!
//!     CAREBOOK_BENCH_CUSTOMERS=1000000 cargo bench -p carebook-cli --bench search

mod common;

use std::time::{Duration, Instant};

use carebook_api::{Api, ListArgs, OpenOptions, SearchArgs};
use carebook_core::{digits, fold};
use common::{SEED, clock, demo_book, stats};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

const LIMIT: u32 = 50;

/// The customer a query is made from.
struct Picked {
    id: i64,
    name: String,
    phone: Option<String>,
}

/// A query a person at the counter would type, and the customer they look for.
struct Query {
    text: String,
    kind: &'static str,
    want: i64,
}

fn queries(api: &Api, total: i64) -> Vec<Query> {
    let mut rng = ChaCha8Rng::seed_from_u64(SEED);
    let mut out = Vec::new();
    while out.len() < 1_200 {
        // A customer by id (the demo's ids run from 1 without gaps): paging to
        // a random offset costs as much as the offset at a million customers.
        let id = rng.random_range(0..total) + 1;
        let c = api.customer_get(carebook_api::IdArgs { id }).unwrap();
        let row = Picked { id: c.id, name: c.name, phone: c.phones.first().map(|p| p.display.clone()) };
        let folded = fold(&row.name);
        let words: Vec<&str> = folded.split(' ').collect();
        match out.len() % 4 {
            // "nguyen van th": unaccented, last word cut short.
            0 => {
                let last = words[words.len() - 1];
                let cut = &last[..last.len().min(rng.random_range(1..=3))];
                let text = format!("{} {cut}", words[..words.len() - 1].join(" "));
                out.push(Query { text, kind: "unaccented name prefix", want: row.id });
            }
            // The full name as written, with accents.
            1 => out.push(Query { text: row.name.clone(), kind: "full name", want: row.id }),
            // Surname and given name, no accents: "tran hung".
            2 => {
                let text = format!("{} {}", words[0], words[words.len() - 1]);
                out.push(Query { text, kind: "unaccented surname + given name", want: row.id });
            }
            // 4 to 7 consecutive digits of the phone, 0 or +84 form.
            _ => {
                let Some(phone) = row.phone else { continue };
                let national = digits(&phone);
                let form = if rng.random_bool(0.5) { national.clone() } else { format!("84{}", &national[1..]) };
                let len = rng.random_range(4..=7);
                let start = rng.random_range(0..=form.len() - len);
                out.push(Query { text: form[start..start + len].to_owned(), kind: "phone fragment", want: row.id });
            }
        }
    }
    out
}

fn main() {
    let customers: u32 = std::env::var("CAREBOOK_BENCH_CUSTOMERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    println!("## CareBook search benchmark ({customers} customers, seed {SEED})\n");
    let path = demo_book(customers);

    let started = Instant::now();
    let api = Api::open_with_clock(&path, OpenOptions::create(), clock()).unwrap();
    let page = api.customer_list(ListArgs { archived: false, offset: 0, limit: 100 }).unwrap();
    let open_first_page = started.elapsed();
    let size = std::fs::metadata(&path).unwrap().len();
    println!("- database file: {:.1} MB", size as f64 / 1e6);
    println!("- open + first page of 100 rows (of {}): {:.1} ms", page.total, open_first_page.as_secs_f64() * 1000.0);
    let started = Instant::now();
    api.customer_list(ListArgs { archived: false, offset: (page.total - 100) as u32, limit: 100 }).unwrap();
    println!(
        "- last page of the list (offset {}): {:.1} ms",
        page.total - 100,
        started.elapsed().as_secs_f64() * 1000.0
    );

    let queries = queries(&api, page.total);
    // Warm up both paths once.
    for q in queries.iter().take(20) {
        api.customer_search(SearchArgs { query: q.text.clone(), limit: Some(LIMIT) }).unwrap();
        api.customer_search_like_scan(&q.text, LIMIT).unwrap();
        api.customer_search_fts_raw(&q.text, LIMIT).unwrap();
    }
    // About a quarter of each kind: the customers whose id is a multiple of 4;
    // at half a million customers and more, where one scan takes seconds,
    // one in sixty.
    let step = if customers >= 500_000 { 60 } else { 4 };
    let like_sample = |q: &Query| q.want % step == 0;
    let mut ours = Vec::new();
    let mut like = Vec::new();
    let mut raw = Vec::new();
    let mut ours_names = Vec::new();
    let mut by_kind: std::collections::BTreeMap<&str, Vec<Duration>> = Default::default();
    let mut found = 0;
    let mut found_like = 0;
    for q in &queries {
        let started = Instant::now();
        let result = api.customer_search(SearchArgs { query: q.text.clone(), limit: Some(LIMIT) }).unwrap();
        let took = started.elapsed();
        ours.push(took);
        by_kind.entry(q.kind).or_default().push(took);
        found += usize::from(result.hits.iter().any(|h| h.row.id == q.want));
        if q.kind != "phone fragment" {
            ours_names.push(took);
            let started = Instant::now();
            api.customer_search_fts_raw(&q.text, LIMIT).unwrap();
            raw.push(started.elapsed());
        }

        // The scan is slow: it runs on about a quarter of the same queries.
        if like_sample(q) {
            let started = Instant::now();
            let n = api.customer_search_like_scan(&q.text, LIMIT).unwrap();
            like.push(started.elapsed());
            found_like += usize::from(n > 0);
        }
    }
    let like_count = like.len();
    let (a, b) = (stats(ours), stats(like));
    let (names_n, raw_n) = (ours_names.len(), raw.len());
    let (an, r) = (stats(ours_names), stats(raw));
    println!("\n{} queries, {LIMIT} results at most, same run, same database:\n", queries.len());
    println!("| method | p50 ms | p95 ms | p99 ms | mean ms | max ms | queries with any result |");
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| CareBook search (API) | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {} (wanted customer in results: {}) |",
        a.p50,
        a.p95,
        a.p99,
        a.mean,
        a.max,
        queries.len(),
        found
    );
    println!(
        "| `LIKE '%q%'` scan ({} of the queries) | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | {found_like} |",
        like_count, b.p50, b.p95, b.p99, b.mean, b.max
    );
    println!(
        "| CareBook search, name queries only ({names_n}) | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | |",
        an.p50, an.p95, an.p99, an.mean, an.max
    );
    println!(
        "| raw ranked FTS5 `name : (\"w\"* AND …) ORDER BY rank`, same name queries ({raw_n}) | {:.2} | {:.2} | {:.2} | {:.2} | {:.2} | |",
        r.p50, r.p95, r.p99, r.mean, r.max
    );
    println!("\nRatio LIKE / CareBook: p50 {:.1}x, p95 {:.1}x", b.p50 / a.p50, b.p95 / a.p95);
    println!("Ratio CareBook / raw FTS5 (name queries): p50 {:.1}x, p95 {:.1}x\n", an.p50 / r.p50, an.p95 / r.p95);
    println!("| query kind | n | p50 ms | p95 ms |");
    println!("|---|---|---|---|");
    for (kind, samples) in by_kind {
        let n = samples.len();
        let s = stats(samples);
        println!("| {kind} | {n} | {:.2} | {:.2} |", s.p50, s.p95);
    }
}

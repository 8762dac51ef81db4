//! Decoding large read replies: a `work/some` page of 1,000 records and a `people/some` page of
//! 10,000 full profiles, in the live server's shape (ids and counts as strings, long decimal
//! coordinates, custom fields), through lamplight's lenient response types, against
//! `serde_json` into plain structs that mirror the same JSON types exactly (the cheapest
//! decoding a hand-written client could do).
//!
//! Run with `cargo bench --bench decode`.

use std::fmt::Write;

use lamplight::{Page, Profile, WorkSummary};
use serde::Deserialize;

fn main() {
    // Both sides must decode every record, or the comparison means nothing.
    let work = work_page(1_000);
    let ours: Page<WorkSummary> = serde_json::from_str(&work).expect("lamplight decodes work");
    let plain: PlainPage<PlainWork> = serde_json::from_str(&work).expect("plain decodes work");
    assert_eq!((ours.records.len(), plain.data.len()), (1_000, 1_000));
    let people = profile_page(10_000);
    let ours: Page<Profile> = serde_json::from_str(&people).expect("lamplight decodes profiles");
    let plain: PlainPage<PlainProfile> = serde_json::from_str(&people).expect("plain decodes");
    assert_eq!((ours.records.len(), plain.data.len()), (10_000, 10_000));
    assert_eq!(
        ours.records[9_999]
            .custom("Food liked")
            .map(|v| v.values().count()),
        Some(2)
    );
    divan::main();
}

#[divan::bench]
fn work_1000_lamplight(bencher: divan::Bencher) {
    let body = work_page(1_000);
    bencher.bench_local(|| serde_json::from_str::<Page<WorkSummary>>(divan::black_box(&body)));
}

#[divan::bench]
fn work_1000_plain_serde(bencher: divan::Bencher) {
    let body = work_page(1_000);
    bencher.bench_local(|| serde_json::from_str::<PlainPage<PlainWork>>(divan::black_box(&body)));
}

#[divan::bench(sample_count = 20)]
fn profiles_10000_lamplight(bencher: divan::Bencher) {
    let body = profile_page(10_000);
    bencher.bench_local(|| serde_json::from_str::<Page<Profile>>(divan::black_box(&body)));
}

#[divan::bench(sample_count = 20)]
fn profiles_10000_plain_serde(bencher: divan::Bencher) {
    let body = profile_page(10_000);
    bencher
        .bench_local(|| serde_json::from_str::<PlainPage<PlainProfile>>(divan::black_box(&body)));
}

fn work_page(n: usize) -> String {
    let mut body = String::from("{\"data\":[");
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        let _ = write!(
            body,
            "{{\"id\":{id},\"title\":\"Youth club night {i}\",\"start_date\":\"2026-12-{day:02} 18:00:00\",\
             \"end_date\":\"2026-12-{day:02} 20:30:00\",\"workarea\":11,\"workareaText\":\"Youth work\",\
             \"subWorkareas\":\"\",\"may_add_attend\":true,\"num_users_attending\":\"{att}\",\
             \"maximum_num_users_allowed\":\"20\"}}",
            id = 30_000 + i,
            day = 1 + i % 28,
            att = i % 20,
        );
    }
    let _ = write!(
        body,
        "],\"meta\":{{\"numRecords\":{n},\"totalRecords\":{n}}}}}"
    );
    body
}

fn profile_page(n: usize) -> String {
    let mut body = String::from("{\"data\":[");
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        let _ = write!(
            body,
            "{{\"id\":\"{id}\",\"first_name\":\"Sam\",\"surname\":\"Patel {i}\",\
             \"address_line_1\":\"{i} High Street\",\"address_line_2\":\"\",\"address_line_3\":\"\",\
             \"address_line_4\":\"\",\"address_line_5\":\"\",\"postcode\":\"SW1A 1AA\",\
             \"email\":\"sam{i}@example.org\",\"web\":\"\",\"phone\":\"020 7946 0001\",\
             \"mobile\":\"07700 900123\",\"date_updated\":\"2024-03-01 10:00:00\",\
             \"lat\":\"51.5010089386737000\",\"lng\":\"-0.1415870000000000\",\
             \"northing\":\"179645\",\"easting\":\"529090\",\"First_language\":\"English\",\
             \"Food_liked\":[\"Pasta\",\"Curry\"]}}",
            id = 600 + i,
        );
    }
    let _ = write!(
        body,
        "],\"meta\":{{\"numRecords\":{n},\"totalRecords\":\"{n}\"}}}}"
    );
    body
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainPage<T> {
    data: Vec<T>,
    meta: PlainMeta,
}

#[derive(Deserialize)]
#[allow(dead_code, non_snake_case)]
struct PlainMeta {
    numRecords: u64,
    totalRecords: serde_json::Value,
}

#[derive(Deserialize)]
#[allow(dead_code, non_snake_case)]
struct PlainWork {
    id: u64,
    title: String,
    start_date: String,
    end_date: String,
    workarea: u64,
    workareaText: String,
    subWorkareas: String,
    may_add_attend: bool,
    num_users_attending: String,
    maximum_num_users_allowed: String,
}

#[derive(Deserialize)]
#[allow(dead_code, non_snake_case)]
struct PlainProfile {
    id: String,
    first_name: String,
    surname: String,
    address_line_1: String,
    address_line_2: String,
    address_line_3: String,
    address_line_4: String,
    address_line_5: String,
    postcode: String,
    email: String,
    web: String,
    phone: String,
    mobile: String,
    date_updated: String,
    lat: String,
    lng: String,
    northing: String,
    easting: String,
    First_language: String,
    Food_liked: Vec<String>,
}

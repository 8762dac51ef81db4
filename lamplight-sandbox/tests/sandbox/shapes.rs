//! The three reply shapes: the documented clean shape, the chaos shape, and (in `live.rs`) the
//! live default.

use lamplight_core::WorkId;
use lamplight_core::response::{
    AttendOutcome, Created, One, Page, Profile, ProfileSummary, Reply, Work, WorkSummary, Workarea,
};
use lamplight_sandbox::{Config, Shape};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::common::{Api, created_id};

#[tokio::test]
async fn clean_reads_use_numbers_arrays_and_num_records() {
    let api = Api::clean().await;
    let (_, areas) = api.get("workarea/all", &[]).await;
    assert_eq!(areas["data"][0]["id"], json!(1));
    assert_eq!(areas["data"][3]["children"], json!([]));
    assert_eq!(areas["meta"], json!({"numRecords": 4, "totalRecords": 4}));
    let (_, work) = api.get("work/some", &[("num", "1")]).await;
    assert_eq!(
        work["data"][0]["subWorkareas"],
        json!(["Junior club (8-12)"])
    );
    let item = &work["data"][0];
    assert_eq!(item["id"], json!(30936));
    assert_eq!(item["workarea"], json!(11));
    assert_eq!(item["num_users_attending"], json!(2));
    assert_eq!(work["meta"], json!({"numRecords": 1, "totalRecords": 5}));
    let (_, trip) = api.get("work/one", &[("id", "30938")]).await;
    assert_eq!(
        trip["data"].as_array().map(Vec::len),
        Some(1),
        "one is an array: {trip}"
    );
    assert_eq!(trip["data"][0]["workarea"], json!(12));
    assert_eq!(trip["meta"], json!({}));
    let (_, open) = api.get("work/one", &[("id", "30937")]).await;
    assert_eq!(open["data"][0]["maximum_num_users_allowed"], json!(null));
    let (_, person) = api
        .get("people/one", &[("role", "user"), ("id", "654")])
        .await;
    let tom = &person["data"][0];
    assert_eq!(tom["lat"], json!(51.5010089386737));
    assert_eq!(tom["web"], json!(null));
    assert!(tom["easting"].is_u64(), "{tom}");
    let (_, near) = api
        .get("people/some", &[("role", "user"), ("near", "SE1 7PB")])
        .await;
    assert_eq!(
        near["meta"]["geosearchCentre"]["lat"],
        json!(51.5010089386737)
    );
}

#[tokio::test]
async fn clean_writes_use_numbers_and_object_meta() {
    let api = Api::clean().await;
    let (_, referral) = api.post("referral/add", &[("attendee", "653")]).await;
    assert_eq!(
        referral,
        json!({"data": {"id": 5001, "attend": true}, "meta": {}})
    );
    let (_, added) = api
        .post(
            "people/add",
            &[
                ("role", "user"),
                ("first_name", "Al"),
                ("publish_update", "1"),
            ],
        )
        .await;
    let id = created_id(&added);
    assert!(added["data"]["id"].is_u64());
    let (_, updated) = api
        .post(
            "people/update",
            &[("role", "user"), ("id", &id.to_string()), ("surname", "B")],
        )
        .await;
    assert_eq!(updated["data"]["id"], json!(id));
    let (_, attend) = api
        .post("work/attend", &[("id", "30937"), ("attendee", "654")])
        .await;
    assert_eq!(
        attend["data"],
        json!([{"id": 30937, "attend": true}]),
        "always a list"
    );
}

async fn chaos(seed: u64) -> Api {
    let mut config = Config::demo();
    config.shape = Shape::Chaos;
    config.chaos_seed = seed;
    Api::with(config).await
}

/// A sequence touching every endpoint, reads and writes.
async fn every_endpoint(api: &Api) -> Vec<Value> {
    let mut replies = Vec::new();
    let reads: [(&str, &[(&str, &str)]); 7] = [
        ("workarea/all", &[]),
        ("work/some", &[("num", "10")]),
        ("work/one", &[("id", "30936")]),
        ("people/some", &[("role", "user")]),
        (
            "people/some",
            &[("role", "user"), ("near", "SE1 7PB"), ("return", "full")],
        ),
        ("people/one", &[("role", "user"), ("id", "653")]),
        ("orgs/one", &[("role", "org"), ("id", "701")]),
    ];
    for (endpoint, params) in reads {
        replies.push(api.get(endpoint, params).await.1);
    }
    let writes: [(&str, &[(&str, &str)]); 5] = [
        ("referral/add", &[("attendee", "653")]),
        ("people/add", &[("role", "user"), ("first_name", "Al")]),
        (
            "people/update",
            &[("role", "user"), ("id", "653"), ("surname", "K")],
        ),
        ("work/attend", &[("id", "30941"), ("attendee", "654")]),
        ("work/attend", &[("id", "30941,30936"), ("attendee", "655")]),
    ];
    for (endpoint, form) in writes {
        replies.push(api.post(endpoint, form).await.1);
    }
    replies
}

/// Drops `date_updated`, which seeded profiles take from the clock when a sandbox starts: two
/// sandboxes started a second apart differ there whatever the shape.
fn without_clock(mut replies: Vec<Value>) -> Vec<Value> {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                map.remove("date_updated");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    replies.iter_mut().for_each(strip);
    replies
}

#[tokio::test]
async fn chaos_is_the_same_for_one_seed_and_request_sequence() {
    let first = without_clock(every_endpoint(&chaos(11).await).await);
    let again = without_clock(every_endpoint(&chaos(11).await).await);
    assert_eq!(first, again);
    let other = without_clock(every_endpoint(&chaos(12).await).await);
    assert_ne!(first, other, "another seed gives other replies");
}

fn decode<T: DeserializeOwned>(body: &Value) -> T {
    serde_json::from_value(body.clone()).unwrap_or_else(|error| {
        panic!(
            "{} does not decode: {error}\n{body}",
            std::any::type_name::<T>()
        )
    })
}

/// Every quirk turns up somewhere over a few seeds, and lamplight-core decodes every reply to the
/// same records as the clean shape's.
#[tokio::test]
async fn chaos_applies_every_quirk_and_the_replies_still_decode() {
    let clean = every_endpoint(&Api::clean().await).await;
    let mut seen = std::collections::BTreeSet::new();
    for seed in 0..6 {
        let replies = every_endpoint(&chaos(seed).await).await;
        let areas: Page<Workarea> = decode(&replies[0]);
        let clean_areas: Page<Workarea> = decode(&clean[0]);
        assert_eq!(areas.records, clean_areas.records, "seed {seed}");
        let work: Page<WorkSummary> = decode(&replies[1]);
        let ids: Vec<u64> = work.records.iter().map(|w| w.id.get()).collect();
        assert_eq!(ids, [30936, 30937, 30939, 30938, 30941], "seed {seed}");
        let attending: Vec<Option<u32>> =
            work.records.iter().map(|w| w.num_users_attending).collect();
        assert_eq!(attending, [Some(2), Some(1), None, Some(2), Some(0)]);
        let one: Reply<One<Work>> = decode(&replies[2]);
        assert_eq!(one.data.0.id, 30936);
        assert_eq!(
            one.data.0.locations()[0].postcode.as_deref(),
            Some("SE1 7PB")
        );
        let people: Page<ProfileSummary> = decode(&replies[3]);
        assert_eq!(people.records.len(), 5);
        let near: Page<Profile> = decode(&replies[4]);
        assert!(near.centre.is_some(), "seed {seed}");
        let aisha: Reply<One<Profile>> = decode(&replies[5]);
        assert_eq!(aisha.data.0.id, 653);
        let school: Reply<One<Profile>> = decode(&replies[6]);
        assert_eq!(
            school
                .data
                .0
                .custom("Number of staff")
                .and_then(|v| v.as_text()),
            Some("85")
        );
        for (i, write) in replies[7..10].iter().enumerate() {
            let created: Created = decode(write);
            let expected: Created = decode(&clean[7 + i]);
            assert_eq!(created, expected, "seed {seed}");
        }
        let one_attend = AttendOutcome::from_data(&[WorkId(30941)], replies[10]["data"].clone())
            .expect("one attendance decodes");
        assert!(one_attend.all_attended());
        let two =
            AttendOutcome::from_data(&[WorkId(30941), WorkId(30936)], replies[11]["data"].clone())
                .expect("two attendances decode");
        assert!(two.all_attended());
        for reply in &replies {
            note_quirks(reply, &mut seen);
        }
    }
    for quirk in [
        "number as text",
        "number",
        "one object",
        "one-element array",
        "meta \"\"",
        "meta object",
        "numResults",
        "numRecords",
        "empty list \"\"",
        "empty list []",
        "workarea names",
        "bare id",
    ] {
        assert!(seen.contains(quirk), "never saw {quirk}: {seen:?}");
    }
}

fn note_quirks(reply: &Value, seen: &mut std::collections::BTreeSet<&'static str>) {
    let data = &reply["data"];
    match &reply["meta"] {
        Value::String(_) => {
            seen.insert("meta \"\"");
        }
        Value::Object(meta) => {
            seen.insert("meta object");
            for key in ["numResults", "numRecords"] {
                if meta.contains_key(key) {
                    seen.insert(key);
                }
            }
        }
        _ => {}
    }
    if reply.get("meta").is_none() && (data.is_u64() || data.is_string()) {
        seen.insert("bare id");
    }
    match data {
        Value::Array(items) if items.len() == 1 => {
            seen.insert("one-element array");
        }
        Value::Object(_) => {
            seen.insert("one object");
        }
        _ => {}
    }
    let items: Vec<&Value> = match data {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    for item in items {
        match &item["id"] {
            Value::String(_) => seen.insert("number as text"),
            Value::Number(_) => seen.insert("number"),
            _ => false,
        };
        if item["workarea"].is_array() {
            seen.insert("workarea names");
        }
        for key in ["subWorkareas", "children", "location_full_details"] {
            match &item[key] {
                Value::String(text) if text.is_empty() => seen.insert("empty list \"\""),
                Value::Array(list) if list.is_empty() => seen.insert("empty list []"),
                _ => false,
            };
        }
    }
}

//! Decoding never panics, whatever the server sends: arbitrary JSON trees, mutated fixtures and
//! raw bytes all decode or fail with an error.

use lamplight_core::response::{
    AttendOutcome, Created, One, Page, Profile, ProfileSummary, Reply, ServerError, Work,
    WorkSummary, Workarea,
};
use proptest::prelude::*;
use serde_json::Value;

const FIXTURES: &[&str] = &[
    include_str!("fixtures/attend_array_partial.json"),
    include_str!("fixtures/created_object.json"),
    include_str!("fixtures/profile_one_person_object.json"),
    include_str!("fixtures/profiles_full_quirky.json"),
    include_str!("fixtures/profiles_short_clean.json"),
    include_str!("fixtures/work_one_quirky.json"),
    include_str!("fixtures/work_some_numbers_as_strings.json"),
    include_str!("fixtures/workareas_quirky.json"),
    include_str!("fixtures/attend_numbers_as_strings.json"),
    include_str!("fixtures/created_array_of_one.json"),
    include_str!("fixtures/profiles_full_long_decimals.json"),
    include_str!("fixtures/work_one_empty_lists.json"),
    include_str!("fixtures/workareas_single_object.json"),
];

/// Every decoder the client uses; each may fail, none may panic.
fn decode_everything(body: &[u8]) {
    let _ = serde_json::from_slice::<Page<WorkSummary>>(body);
    let _ = serde_json::from_slice::<Page<ProfileSummary>>(body);
    let _ = serde_json::from_slice::<Page<Profile>>(body);
    let _ = serde_json::from_slice::<Reply<One<Work>>>(body);
    let _ = serde_json::from_slice::<Reply<One<Profile>>>(body);
    let _ = serde_json::from_slice::<Reply<Vec<Workarea>>>(body);
    let _ = serde_json::from_slice::<Created>(body);
    let _ = AttendOutcome::decode(
        &[lamplight_core::WorkId(30936), lamplight_core::WorkId(30937)],
        body,
    );
    if let Ok(value) = serde_json::from_slice::<Value>(body) {
        let _ = ServerError::from_value(&value);
    }
}

/// JSON trees biased toward the shapes Lamplight sends: its field names, numbers as strings,
/// empty strings where lists belong.
fn json() -> impl Strategy<Value = Value> {
    let names = prop::sample::select(vec![
        "data",
        "meta",
        "id",
        "title",
        "workarea",
        "start_date",
        "numRecords",
        "numResults",
        "totalRecords",
        "children",
        "text",
        "lat",
        "lng",
        "attend",
        "error",
        "msg",
        "subWorkareas",
        "location_full_details",
        "num_users_attending",
        "may_add_attend",
        "first_name",
        "name",
        "summary",
        "geosearchCentre",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "[0-9]{0,25}(\\.[0-9]{0,20})?".prop_map(Value::String),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(names.clone(), inner, 0..8).prop_map(|map| Value::Object(
                map.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_json_never_panics(value in json()) {
        let body = serde_json::to_vec(&value).expect("a JSON value serialises");
        decode_everything(&body);
        let wrapped = serde_json::to_vec(&serde_json::json!({ "data": value, "meta": "" }))
            .expect("a JSON value serialises");
        decode_everything(&wrapped);
    }

    #[test]
    fn mutated_fixtures_never_panic(
        fixture in prop::sample::select(FIXTURES),
        cut in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        at in any::<prop::sample::Index>(),
    ) {
        let mut body = fixture.as_bytes().to_vec();
        let at = at.index(body.len());
        body[at] = byte;
        decode_everything(&body);
        body.truncate(cut.index(body.len()));
        decode_everything(&body);
    }

    #[test]
    fn raw_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..256)) {
        decode_everything(&body);
    }
}

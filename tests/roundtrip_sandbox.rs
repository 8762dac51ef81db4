//! Property: any value a record sends survives derive → wire → sandbox unchanged, through the
//! real client over loopback HTTP, in each of the sandbox's reply shapes.

use lamplight::{LamplightRecord, ProfileRef, find_html_tag};
use lamplight_sandbox::{Config, Sandbox, Shape};
use proptest::prelude::*;

mod common;

#[derive(LamplightRecord, Debug)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    reason: Option<String>,
    #[lamplight(rename = "Additional notes")]
    notes: Option<String>,
    #[lamplight(rename = "Support needed")]
    support: Vec<String>,
}

/// Any value without an HTML tag (the whole request would be refused as an attack, which
/// `encode_roundtrip.rs` checks against the sandbox's own test), the empty one included.
fn text() -> impl Strategy<Value = String> {
    any::<String>().prop_filter("no HTML tags", |text| find_html_tag(text).is_none())
}

/// Spaces, tabs and line breaks only: no value to the sandbox, as the empty one is.
fn blank() -> impl Strategy<Value = String> {
    "[ \t\r\n]{1,4}"
}

/// The demo's "Support needed" options, so the multi-select passes validation.
const SUPPORT: &[&str] = &[
    "Confidence",
    "Education",
    "Employment",
    "Wellbeing",
    "Family",
];

/// The demo in each reply shape: the created id must be read the same from all of them.
fn shapes() -> Vec<Config> {
    let shape = |shape, seed| {
        let mut config = Config::demo();
        config.shape = shape;
        config.chaos_seed = seed;
        config
    };
    vec![
        shape(Shape::Live, 0),
        shape(Shape::Clean, 0),
        shape(Shape::Chaos, 1),
        shape(Shape::Chaos, 7),
    ]
}

/// What the sandbox stores for a value sent: an empty or blank one is no value, since a new
/// referral has nothing for it to clear (the sandbox's README, after API.md).
fn as_stored(sent: Option<String>) -> Option<String> {
    sent.filter(|text| !text.trim().is_empty())
}

#[test]
fn any_value_survives_the_trip_to_the_sandbox() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    for config in shapes() {
        eprintln!(
            "reply shape: {:?} (seed {})",
            config.shape, config.chaos_seed
        );
        round_trips(&runtime, config);
    }
}

fn round_trips(runtime: &tokio::runtime::Runtime, config: Config) {
    let sandbox = runtime
        .block_on(Sandbox::start(config))
        .expect("the sandbox starts");
    let client = common::client_for(&sandbox);

    let support = proptest::sample::subsequence(SUPPORT, 0..=SUPPORT.len());
    proptest!(ProptestConfig::with_cases(64), |(
        reason in proptest::option::of(prop_oneof![1 => Just(String::new()), 1 => blank(), 7 => text()]),
        notes in proptest::option::of(prop_oneof![1 => Just(String::new()), 1 => blank(), 7 => text()]),
        support in support,
    )| {
        let record = Referral {
            attendee: ProfileRef::id(653),
            reason: reason.clone(),
            notes: notes.clone(),
            support: support.iter().map(|s| s.to_string()).collect(),
        };
        let created = runtime.block_on(client.create(&record));
        let created = created.map_err(|err| TestCaseError::fail(err.to_string()))?;
        let state = sandbox.state();
        let stored = state.referral(created.id.get()).expect("the referral was stored");
        // An empty value is sent as given (on a profile update it is how a field is cleared);
        // a referral stores it, reason and custom field alike, as no value.
        prop_assert_eq!(&stored.reason, &as_stored(reason));
        let notes = as_stored(notes);
        prop_assert_eq!(
            stored.custom.get("Additional notes").and_then(|v| v.as_str()),
            notes.as_deref()
        );
        let stored_support = stored
            .custom
            .get("Support needed")
            .map(|v| v.values().to_vec())
            .unwrap_or_default();
        prop_assert_eq!(stored_support, support.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    });
}

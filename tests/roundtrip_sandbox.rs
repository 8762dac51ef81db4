//! Property: any value a record sends survives derive → wire → sandbox unchanged, through the
//! real client over loopback HTTP.

use lamplight::{LamplightRecord, ProfileRef, find_html_tag};
use lamplight_sandbox::{Config, Sandbox};
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

/// The demo's "Support needed" options, so the multi-select passes validation.
const SUPPORT: &[&str] = &[
    "Confidence",
    "Education",
    "Employment",
    "Wellbeing",
    "Family",
];

#[test]
fn any_value_survives_the_trip_to_the_sandbox() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let sandbox = runtime
        .block_on(Sandbox::start(Config::demo()))
        .expect("the sandbox starts");
    let client = common::client_for(&sandbox);

    let support = proptest::sample::subsequence(SUPPORT, 0..=SUPPORT.len());
    proptest!(ProptestConfig::with_cases(64), |(
        reason in proptest::option::of(prop_oneof![1 => Just(String::new()), 7 => text()]),
        notes in proptest::option::of(prop_oneof![1 => Just(String::new()), 7 => text()]),
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
        // An empty value is sent as given (on a profile update it is how a field is cleared); a
        // referral stores an empty reason as none, Lamplight documenting no difference between
        // them, and a custom field's empty value as it came.
        let reason = reason.filter(|reason| !reason.is_empty());
        prop_assert_eq!(&stored.reason, &reason);
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

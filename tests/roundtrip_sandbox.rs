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

/// A value Lamplight would store: no HTML tag (the whole request would be refused as an attack),
/// and not empty (an empty value is sent, but Lamplight documents no difference between an empty
/// value and none, and the sandbox stores neither).
fn text() -> impl Strategy<Value = String> {
    any::<String>().prop_filter("no HTML tags, not empty", |text| {
        !text.is_empty() && find_html_tag(text).is_none()
    })
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
        reason in proptest::option::of(text()),
        notes in proptest::option::of(text()),
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

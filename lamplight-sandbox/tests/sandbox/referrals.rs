//! `referral/add`: stored fields, PHP arrays, validation, HTML and strict mode.

use lamplight_sandbox::{Config, StoredValue};
use serde_json::json;

use crate::common::{Api, assert_error, many};

#[tokio::test]
async fn a_referral_stores_every_field_it_was_sent() {
    let api = Api::demo().await;
    let (status, body) = api
        .post(
            "referral/add",
            &[
                ("attendee", "653"),
                ("referrer", "m.lopez@example.org"),
                (
                    "referral_reason",
                    "Low confidence since moving school; age < 18",
                ),
                ("date_from", "2026-11-28 09:30:00"),
                ("workareaid", "11,12"),
                ("How_did_you_hear", "Word of mouth"),
                ("school_year", "9"),
                ("Support_needed[0]", "Confidence"),
                ("Support_needed[1]", "Wellbeing"),
                ("Consent_given", "1"),
                ("contact_preferences[]", "Email"),
                ("Favourite_colour", "Green"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"data": {"id": 5001, "attend": true}, "meta": ""})
    );
    let state = api.sandbox.state();
    let referral = state.referral(5001).expect("stored");
    assert_eq!(referral.attendee_id, 653);
    assert_eq!(referral.referrer_id, Some(658));
    assert_eq!(
        referral.reason.as_deref(),
        Some("Low confidence since moving school; age < 18")
    );
    assert_eq!(referral.date_from, "2026-11-28 09:30:00");
    assert_eq!(referral.workarea_ids, [11, 12]);
    assert_eq!(
        referral.custom["How did you hear"],
        StoredValue::from("Word of mouth")
    );
    assert_eq!(referral.custom["school year"], StoredValue::from("9"));
    assert_eq!(
        referral.custom["Support needed"],
        many(&["Confidence", "Wellbeing"])
    );
    assert_eq!(referral.custom["Consent given"], StoredValue::from("1"));
    assert_eq!(referral.custom["Contact preferences"], many(&["Email"]));
    assert!(
        !referral.custom.contains_key("Favourite colour"),
        "unknown fields are ignored"
    );
    assert_eq!(
        referral.fields["Favourite_colour"],
        StoredValue::from("Green")
    );
    assert_eq!(
        referral.fields["Support_needed"],
        many(&["Confidence", "Wellbeing"])
    );
    assert!(
        !referral.fields.contains_key("key"),
        "credentials are not fields"
    );
}

#[tokio::test]
async fn encoded_brackets_plus_and_percent_twenty_are_understood() {
    let api = Api::demo().await;
    let body = "attendee=AISHA.KHAN%40example.org&How+did+you+hear=Social%20media\
                &Support_needed%5B%5D=Family&Support_needed%5B%5D=Education&date_from=2026-11-02";
    let (status, reply) = api.post_raw("referral/add", body).await;
    assert_eq!(status, 200, "{reply}");
    let state = api.sandbox.state();
    let referral = &state.referrals[0];
    assert_eq!(referral.attendee_id, 653, "email matched ignoring case");
    assert_eq!(
        referral.custom["How did you hear"],
        StoredValue::from("Social media")
    );
    assert_eq!(
        referral.custom["Support needed"],
        many(&["Family", "Education"])
    );
    assert_eq!(referral.date_from, "2026-11-02 00:00:00");
}

#[tokio::test]
async fn referral_rules_answer_1040_and_store_nothing() {
    let api = Api::demo().await;
    let cases: &[&[(&str, &str)]] = &[
        &[("How_did_you_hear", "Website")],
        &[("attendee", "99999")],
        &[("attendee", "nobody@example.org")],
        &[("attendee", "smiths@example.org")],
        &[("attendee", "not an id")],
        &[("attendee", "653"), ("referrer", "smiths@example.org")],
        &[("attendee", "653"), ("How_did_you_hear", "Telepathy")],
        &[("attendee", "653"), ("school_year", "ten")],
        &[("attendee", "653"), ("Date_of_first_contact", "31/12/2026")],
        &[("attendee", "653"), ("date_from", "tomorrow")],
        &[("attendee", "653"), ("workareaid", "999")],
        &[("attendee", "653"), ("workareaid", "11,x")],
        &[("attendee", "653"), ("Consent_given", "maybe")],
        &[("attendee", "653"), ("school_year[0]", "9")],
    ];
    for form in cases {
        let reply = api.post("referral/add", form).await;
        assert_error(&reply, 1040, 400);
    }
    let (_, body) = api
        .post(
            "referral/add",
            &[("attendee", "653"), ("How_did_you_hear", "Telepathy")],
        )
        .await;
    assert!(
        body["msg"]
            .as_str()
            .is_some_and(|m| m.contains("Telepathy")),
        "{body}"
    );
    assert!(api.sandbox.state().referrals.is_empty());
}

#[tokio::test]
async fn html_in_any_posted_value_rejects_the_whole_request() {
    let api = Api::demo().await;
    for value in [
        "<b>hi</b>",
        "x</p>",
        "<a href=\"x\">y</a>",
        "<!-- c -->",
        "<script>alert(1)</script>",
    ] {
        let reply = api
            .post(
                "referral/add",
                &[("attendee", "653"), ("referral_reason", value)],
            )
            .await;
        assert_error(&reply, 9999, 403);
    }
    let reply = api
        .post(
            "people/add",
            &[("role", "user"), ("first_name", "<i>Al</i>")],
        )
        .await;
    assert_error(&reply, 9999, 403);
    let state = api.sandbox.state();
    assert!(state.referrals.is_empty());
    assert_eq!(state.profiles.len(), 16);
    let (status, _) = api
        .post(
            "referral/add",
            &[
                ("attendee", "653"),
                ("referral_reason", "age < 18 and > 11"),
            ],
        )
        .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn strict_mode_names_unknown_custom_fields() {
    let mut config = Config::demo();
    config.strict = true;
    let api = Api::with(config).await;
    let reply = api
        .post(
            "referral/add",
            &[
                ("attendee", "653"),
                ("Favourite_colour", "Green"),
                ("Shoe_size", "5"),
            ],
        )
        .await;
    assert_error(&reply, 1040, 400);
    let msg = reply.1["msg"].as_str().unwrap_or_default().to_owned();
    assert!(
        msg.contains("Favourite_colour") && msg.contains("Shoe_size"),
        "{msg}"
    );
    let reply = api
        .post(
            "people/add",
            &[("role", "user"), ("first_name", "Al"), ("Pet", "Cat")],
        )
        .await;
    assert_error(&reply, 1055, 400);
    assert!(reply.1["msg"].as_str().is_some_and(|m| m.contains("Pet")));
    let (status, _) = api
        .post(
            "referral/add",
            &[("attendee", "653"), ("HOW_DID_YOU_HEAR", "Other")],
        )
        .await;
    assert_eq!(status, 200, "labels match ignoring case");
}

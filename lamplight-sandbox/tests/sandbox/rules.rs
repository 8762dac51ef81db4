//! The rules of API.md one by one: roles per kind, the postcode and mobile patterns, option
//! values, path-segment parameters, paging of profiles, added latency.

use std::time::Duration;

use lamplight_sandbox::{Config, StoredValue};
use serde_json::{Value, json};

use crate::common::{Api, assert_error, created_id, many};

/// API.md: "people take user, contact, staff, funder; organisations take user, contact,
/// funder, org". Families take people's roles.
#[tokio::test]
async fn roles_are_valid_per_profile_kind() {
    let api = Api::demo().await;
    let table: &[(&str, &str, &[&str])] = &[
        (
            "people",
            "first_name",
            &["user", "contact", "staff", "funder"],
        ),
        ("orgs", "name", &["user", "contact", "funder", "org"]),
        ("family", "name", &["user", "contact", "staff", "funder"]),
    ];
    for (kind, name_field, valid) in table {
        for role in [
            "user", "contact", "staff", "funder", "org", "admin", "USER", "",
        ] {
            let add = api
                .post(
                    &format!("{kind}/add"),
                    &[("role", role), (name_field, "Al")],
                )
                .await;
            let read = api.get(&format!("{kind}/all"), &[("role", role)]).await;
            if valid.contains(&role) {
                assert_eq!(add.0, 200, "{kind} {role}: {}", add.1);
                assert_eq!(read.0, 200, "{kind} {role}: {}", read.1);
            } else {
                assert_error(&add, 1001, 400);
                assert_error(&read, 1001, 400);
            }
        }
    }
    let one_role_per_request = api
        .post(
            "people/add",
            &[
                ("role[]", "user"),
                ("role[]", "staff"),
                ("first_name", "Al"),
            ],
        )
        .await;
    assert_error(&one_role_per_request, 1001, 400);
}

/// The documented postcode pattern, over HTTP, on add and on update.
#[tokio::test]
async fn postcodes_are_validated_as_documented() {
    let api = Api::demo().await;
    let cases = [
        ("SW1A 1AA", true),
        ("EC1A 1BB", true),
        ("W1A 0AX", true),
        ("M1 1AE", true),
        ("B33 8TH", true),
        ("CR2 6XH", true),
        ("DN55 1PT", true),
        ("sw1a 1aa", false),
        ("Ec1a 1bb", false),
        ("SW1A1AA", false),
        ("DN551PT", false),
        ("SW1A  1AA", false),
        ("SW1A 1CA", false),
        ("12345", false),
    ];
    for (postcode, valid) in cases {
        let add = api
            .post(
                "people/add",
                &[
                    ("role", "user"),
                    ("first_name", "Al"),
                    ("postcode", postcode),
                ],
            )
            .await;
        let update = api
            .post(
                "people/update",
                &[("role", "user"), ("id", "654"), ("postcode", postcode)],
            )
            .await;
        if valid {
            assert_eq!(add.0, 200, "{postcode}: {}", add.1);
            assert_eq!(update.0, 200, "{postcode}: {}", update.1);
            let state = api.sandbox.state();
            let stored = state
                .profile(created_id(&add.1))
                .and_then(|p| p.core("postcode"));
            assert_eq!(stored, Some(postcode));
            assert_eq!(
                state.profile(654).and_then(|p| p.core("postcode")),
                Some(postcode)
            );
        } else {
            assert_error(&add, 1055, 400);
            assert_error(&update, 1055, 400);
            assert!(add.1["msg"].as_str().is_some_and(|m| m.contains(postcode)));
        }
    }
    let state = api.sandbox.state();
    assert_eq!(
        state.profile(654).and_then(|p| p.core("postcode")),
        Some("DN55 1PT")
    );
}

/// The documented UK mobile pattern, over HTTP: mobiles in their written forms pass,
/// landlines do not.
#[tokio::test]
async fn mobiles_are_validated_as_documented() {
    let api = Api::demo().await;
    let cases = [
        ("07700 900123", true),
        ("07700900123", true),
        ("+44 7700 900123", true),
        ("+447700900123", true),
        ("+44 7700900123", true),
        ("020 7946 0018", false),
        ("02079460018", false),
        ("01632 960000", false),
        ("+44 20 7946 0018", false),
        ("0770 090 0123", false),
        ("7700900123", false),
        ("+1 555 0100", false),
    ];
    for (mobile, valid) in cases {
        let add = api
            .post(
                "people/add",
                &[("role", "user"), ("first_name", "Al"), ("mobile", mobile)],
            )
            .await;
        if valid {
            assert_eq!(add.0, 200, "{mobile}: {}", add.1);
            let state = api.sandbox.state();
            let stored = state
                .profile(created_id(&add.1))
                .and_then(|p| p.core("mobile"));
            assert_eq!(stored, Some(mobile));
        } else {
            assert_error(&add, 1055, 400);
        }
        // A landline belongs in `phone`, which has no pattern.
        let phone = api
            .post(
                "people/add",
                &[("role", "user"), ("first_name", "Al"), ("phone", mobile)],
            )
            .await;
        assert_eq!(phone.0, 200, "{mobile}: {}", phone.1);
    }
}

/// Select, radio, multi-select and checkbox values are option labels; profiles may use
/// `profile_field_N=option_M` instead, referrals may not.
#[tokio::test]
async fn option_values_are_labels_or_profile_option_ids() {
    let api = Api::demo().await;
    let (status, body) = api
        .post(
            "people/add",
            &[
                ("role", "user"),
                ("first_name", "Ola"),
                ("Gender", "Prefer not to say"),
                ("Interests[0]", "Music"),
                ("Interests[1]", "option_64"),
                ("profile_field_129[]", "option_71"),
                ("Contact_preferences[]", "Phone"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let state = api.sandbox.state();
    let ola = state.profile(created_id(&body)).expect("stored");
    assert_eq!(
        ola.custom("Gender"),
        Some(&StoredValue::from("Prefer not to say"))
    );
    assert_eq!(ola.custom("Interests"), Some(&many(&["Music", "Cooking"])));
    assert_eq!(
        ola.custom("Contact preferences"),
        Some(&many(&["Phone"])),
        "the later of two names for one field wins"
    );
    let (status, body) = api
        .post(
            "orgs/update",
            &[
                ("role", "org"),
                ("id", "701"),
                ("profile_field_201", "option_81"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let state = api.sandbox.state();
    let sector = state.profile(701).and_then(|p| p.custom("Sector").cloned());
    assert_eq!(
        sector,
        Some(StoredValue::from("Health")),
        "a radio by option id"
    );
    for bad in [
        ("Gender", "female"),
        ("Gender", "option_60"),
        ("profile_field_123", "option_54x"),
        ("Interests[]", "Knitting"),
        ("Photo_consent", "Yes please"),
        ("Gender[]", "Female"),
    ] {
        let reply = api
            .post("people/add", &[("role", "user"), ("first_name", "Al"), bad])
            .await;
        assert_error(&reply, 1055, 400);
    }
    let referral = api
        .post(
            "referral/add",
            &[("attendee", "653"), ("How_did_you_hear", "option_2")],
        )
        .await;
    assert_error(&referral, 1040, 400);
    let referral = api
        .post(
            "referral/add",
            &[("attendee", "653"), ("Contact_preferences[]", "Fax")],
        )
        .await;
    assert_error(&referral, 1040, 400);
    let (status, body) = api
        .post(
            "referral/add",
            &[
                ("attendee", "653"),
                ("How_did_you_hear", "Website"),
                ("Contact_preferences", "Text message"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let state = api.sandbox.state();
    let referral = state.referral(created_id(&body)).expect("stored");
    assert_eq!(
        referral.custom["Contact preferences"],
        many(&["Text message"])
    );
}

/// API.md's own example: `.../people/one/format/json/role/user/id/653`, and path segments
/// instead of form pairs on a write.
#[tokio::test]
async fn name_value_path_segments_replace_query_and_form_pairs() {
    let api = Api::demo().await;
    let (status, body) = api
        .get_raw("people/one/format/json/role/user/id/653", "")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["id"], "653");
    assert_eq!(body["data"]["first_name"], "Aisha");
    let (status, body) = api
        .get_raw("people/some/format/json/role/user/num/2/start/1", "")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["meta"], json!({"numRecords": 2, "totalRecords": "5"}));
    // A write whose every parameter is a path segment, with a PHP array and encoded spaces.
    let c = api.sandbox.credentials();
    let url = format!(
        "{}referral/add/format/json/lampid/{}/project/{}/key/{}/attendee/653/referrer/658\
         /How_did_you_hear/Word%20of%20mouth/Support_needed%5B0%5D/Education\
         /Support_needed%5B1%5D/Family/workareaid/11%2C21",
        api.sandbox.base_url(),
        c.lampid,
        c.project,
        c.key
    );
    let (status, body) = api.send(api.http.post(url)).await;
    assert_eq!(status, 200, "{body}");
    let state = api.sandbox.state();
    let referral = state.referral(created_id(&body)).expect("stored");
    assert_eq!(
        (referral.attendee_id, referral.referrer_id),
        (653, Some(658))
    );
    assert_eq!(
        referral.custom["How did you hear"],
        StoredValue::from("Word of mouth")
    );
    assert_eq!(
        referral.custom["Support needed"],
        many(&["Education", "Family"])
    );
    assert_eq!(referral.workarea_ids, [11, 21]);
    // The form body wins over the path, and the path over the query string.
    let url = format!(
        "{}work/attend/format/json/attendee/999999",
        api.sandbox.base_url()
    );
    let request = api
        .http
        .post(url)
        .query(&api.credentials())
        .query(&[("attendee", "888888"), ("id", "30941")])
        .form(&[("attendee", "654")]);
    let (status, body) = api.send(request).await;
    assert_eq!(
        (status, &body["data"]["attend"]),
        (200, &json!(true)),
        "{body}"
    );
    let state = api.sandbox.state();
    assert_eq!(state.attendances.last().map(|a| a.profile_id), Some(654));
}

/// `num` and `start` page profiles as they page work records, with the counts in `meta`.
#[tokio::test]
async fn profiles_page_with_num_and_start() {
    let api = Api::demo().await;
    let mut seen = Vec::new();
    for start in 0..3 {
        let start = (start * 2).to_string();
        let (status, body) = api
            .get(
                "people/some",
                &[("role", "user"), ("num", "2"), ("start", &start)],
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["meta"]["totalRecords"], "5");
        let page: Vec<Value> = body["data"].as_array().cloned().unwrap_or_default();
        assert_eq!(body["meta"]["numRecords"], json!(page.len()));
        seen.extend(page.into_iter().map(|item| item["id"].clone()));
    }
    assert_eq!(
        seen,
        [
            json!("653"),
            json!("656"),
            json!("655"),
            json!("663"),
            json!("654")
        ]
    );
    let (_, beyond) = api
        .get("people/some", &[("role", "user"), ("start", "50")])
        .await;
    assert_eq!(beyond["data"], json!([]));
    assert_eq!(
        beyond["meta"],
        json!({"numRecords": 0, "totalRecords": "5"})
    );
}

/// `latency_ms` holds every API request back: with a latency far beyond the client's
/// patience, the request times out and the sandbox has not even logged it yet.
#[tokio::test]
async fn latency_holds_every_api_request_back() {
    let mut config = Config::demo();
    config.latency_ms = 600_000;
    let api = Api::with(config).await;
    let request = api
        .http
        .post(api.url("referral/add"))
        .query(&api.credentials())
        .form(&[("attendee", "653")])
        .timeout(Duration::from_millis(200));
    let error = request.send().await.expect_err("held back");
    assert!(error.is_timeout(), "{error}");
    assert!(api.sandbox.requests().is_empty());
    assert!(api.sandbox.state().referrals.is_empty());
    // The state endpoint is not an API request, and answers at once.
    let url = format!("http://{}/__sandbox/state", api.sandbox.addr());
    let (status, _) = api
        .send(api.http.get(url).timeout(Duration::from_secs(60)))
        .await;
    assert_eq!(status, 200);
}

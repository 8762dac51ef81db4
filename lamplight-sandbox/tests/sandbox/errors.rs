//! Routing errors, publishing switches, POST-only endpoints and credentials.

use lamplight_sandbox::Config;
use serde_json::json;

use crate::common::{Api, assert_error, code};

#[tokio::test]
async fn routing_errors_follow_the_table() {
    let api = Api::demo().await;
    assert_error(&api.get("volunteers/all", &[]).await, 1003, 404);
    assert_error(&api.get("work/delete", &[]).await, 1004, 404);
    assert_error(
        &api.get("people/delete", &[("role", "user")]).await,
        1004,
        404,
    );
    assert_error(
        &api.post("orgs/relationship", &[("id", "701")]).await,
        1004,
        404,
    );
    assert_error(&api.get("work/all", &[]).await, 1005, 405);
    assert_error(&api.get("workarea/some", &[]).await, 1008, 404);
    assert_error(&api.get("workarea/one", &[("id", "1")]).await, 1008, 404);
    assert_error(&api.get("referral/one", &[("id", "5001")]).await, 1027, 403);
    assert_error(&api.get("referral/some", &[]).await, 1027, 403);
    assert_error(&api.get("referral/update", &[]).await, 1004, 404);
    assert_error(&api.get("work/one", &[("id", "30940")]).await, 1006, 403);
    assert_error(&api.get("work/one", &[("id", "99999")]).await, 1007, 200);
    assert_error(&api.get("work/one", &[]).await, 1007, 200);
    assert_error(&api.get("people/all", &[]).await, 1001, 400);
    assert_error(&api.get("people/all", &[("role", "org")]).await, 1001, 400);
    assert_error(&api.get("orgs/all", &[("role", "staff")]).await, 1001, 400);
    assert_error(
        &api.get("people/some", &[("role", "volunteer")]).await,
        1001,
        400,
    );
}

#[tokio::test]
async fn writes_must_be_posted() {
    let api = Api::demo().await;
    assert_error(
        &api.get("people/add", &[("role", "user"), ("first_name", "Al")])
            .await,
        1050,
        405,
    );
    assert_error(
        &api.get("orgs/update", &[("role", "org"), ("id", "701")])
            .await,
        1050,
        405,
    );
    assert_error(&api.get("family/add", &[("role", "user")]).await, 1050, 405);
    assert_error(&api.get("people/relationship", &[]).await, 1073, 405);
    assert_error(&api.get("people/group", &[]).await, 1083, 405);
    assert_error(
        &api.get("work/attend", &[("id", "30936"), ("attendee", "653")])
            .await,
        1004,
        404,
    );
    assert_error(
        &api.get("referral/add", &[("attendee", "653")]).await,
        1040,
        400,
    );
    let state = api.sandbox.state();
    assert!(state.referrals.is_empty() && state.attendances.is_empty());
}

#[tokio::test]
async fn publishing_switches_produce_their_codes() {
    let mut config = Config::demo();
    let publishing = &mut config.publishing;
    publishing.work.read = false;
    publishing.work.attend = false;
    publishing.referral.add = false;
    publishing.person.read = false;
    publishing.person.add = false;
    publishing.person.update = false;
    publishing.relationships = false;
    publishing.groups = false;
    let api = Api::with(config).await;
    assert_error(&api.get("work/some", &[]).await, 1006, 403);
    assert_error(&api.get("work/one", &[("id", "30936")]).await, 1006, 403);
    assert_error(
        &api.post("work/attend", &[("id", "30936"), ("attendee", "653")])
            .await,
        1020,
        403,
    );
    assert_error(
        &api.post("referral/add", &[("attendee", "653")]).await,
        1027,
        403,
    );
    assert_error(&api.get("people/all", &[("role", "user")]).await, 1002, 403);
    assert_error(
        &api.get("people/one", &[("role", "user"), ("id", "653")])
            .await,
        1002,
        403,
    );
    assert_error(
        &api.post("people/add", &[("role", "user"), ("first_name", "Al")])
            .await,
        1054,
        403,
    );
    assert_error(
        &api.post(
            "people/update",
            &[("role", "user"), ("id", "653"), ("surname", "X")],
        )
        .await,
        1052,
        403,
    );
    let link = [
        ("id", "657"),
        ("related_profile_id", "656"),
        ("relationship_id", "5"),
        ("role", "contact"),
    ];
    assert_error(&api.post("people/relationship", &link).await, 1070, 403);
    let member = [("id", "653"), ("group_id", "934"), ("role", "user")];
    assert_error(&api.post("people/group", &member).await, 1080, 403);
    let (status, _) = api.get("orgs/all", &[("role", "org")]).await;
    assert_eq!(status, 200, "other kinds stay readable");
    let (status, _) = api
        .post("orgs/add", &[("role", "org"), ("name", "Y")])
        .await;
    assert_eq!(status, 200, "other kinds stay writable");
    let state = api.sandbox.state();
    assert!(state.referrals.is_empty() && state.attendances.is_empty());
    assert!(state.relationships.is_empty() && state.group_memberships.is_empty());
}

#[tokio::test]
async fn every_request_needs_the_right_credentials() {
    let api = Api::demo().await;
    let url = api.url("workarea/all");
    let (status, body) = api.send(api.http.get(&url)).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"], json!(401));
    assert!(
        body["msg"]
            .as_str()
            .is_some_and(|m| m.contains("lampid") && m.contains("key"))
    );
    let c = api.sandbox.credentials();
    let wrong = [
        (c.lampid + 1, c.project, c.key.clone()),
        (c.lampid, c.project + 1, c.key.clone()),
        (c.lampid, c.project, format!("{}x", c.key)),
        (c.lampid, c.project, String::new()),
    ];
    for (lampid, project, key) in wrong {
        let query = [
            ("lampid", lampid.to_string()),
            ("project", project.to_string()),
            ("key", key),
        ];
        let (status, body) = api.send(api.http.get(&url).query(&query)).await;
        assert_eq!(status, 401, "{body}");
    }
    let in_body = api.http.post(api.url("referral/add")).form(&[
        ("lampid", c.lampid.to_string()),
        ("project", c.project.to_string()),
        ("key", c.key.clone()),
        ("attendee", "653".to_owned()),
    ]);
    let (status, _) = api.send(in_body).await;
    assert_eq!(
        status, 401,
        "credentials belong in the query string or path"
    );
    assert!(api.sandbox.state().referrals.is_empty());
    let (status, body) = api.get("workarea/all", &[]).await;
    assert_eq!((status, code(&body)), (200, None));
}

/// The codes a reply carries: its own, and those of `work/attend` entries.
fn codes_of(body: &serde_json::Value) -> Vec<i64> {
    let mut codes: Vec<i64> = code(body).into_iter().collect();
    let entries = match &body["data"] {
        serde_json::Value::Array(entries) => entries.clone(),
        entry @ serde_json::Value::Object(_) => vec![entry.clone()],
        _ => Vec::new(),
    };
    codes.extend(entries.iter().filter_map(|entry| entry["error"].as_i64()));
    codes
}

/// One request per documented error code, each under its documented condition, with the HTTP
/// status it comes with (an attend entry's code comes in an HTTP 200 reply). The table must
/// cover every code of the API.
#[tokio::test]
async fn every_documented_error_code_is_produced_under_its_condition() {
    type Case = (
        i64,
        u16,
        bool,
        &'static str,
        &'static [(&'static str, &'static str)],
    );
    // (code, status, POST?, endpoint, parameters) against the demo.
    let demo_cases: &[Case] = &[
        (1001, 400, false, "people/all", &[("role", "manager")]),
        (
            1002,
            403,
            false,
            "people/one",
            &[("role", "user"), ("id", "662")],
        ),
        (1003, 404, false, "volunteers/some", &[]),
        (1004, 404, false, "work/every", &[]),
        (1005, 405, false, "work/all", &[]),
        (1006, 403, false, "work/one", &[("id", "30940")]),
        (1007, 200, false, "work/one", &[("id", "424242")]),
        (1008, 404, false, "workarea/some", &[]),
        (
            1021,
            400,
            true,
            "work/attend",
            &[("id", "x"), ("attendee", "653")],
        ),
        (
            1022,
            400,
            true,
            "work/attend",
            &[("id", "30936"), ("attendee", "999999")],
        ),
        (
            1023,
            200,
            true,
            "work/attend",
            &[("id", "30939"), ("attendee", "653")],
        ),
        (
            1024,
            400,
            true,
            "work/attend",
            &[("id", "30936"), ("attendee", "smiths@example.org")],
        ),
        (
            1025,
            200,
            true,
            "work/attend",
            &[("id", "30938"), ("attendee", "654")],
        ),
        (
            1026,
            200,
            true,
            "work/attend",
            &[("id", "30936"), ("attendee", "654")],
        ),
        (1027, 403, false, "referral/some", &[]),
        (
            1040,
            400,
            true,
            "referral/add",
            &[("attendee", "nobody@example.org")],
        ),
        (
            1050,
            405,
            false,
            "people/add",
            &[("role", "user"), ("first_name", "Al")],
        ),
        (
            1051,
            400,
            true,
            "people/update",
            &[("role", "user"), ("surname", "X")],
        ),
        (
            1053,
            403,
            true,
            "people/update",
            &[("role", "user"), ("id", "663"), ("surname", "X")],
        ),
        (
            1055,
            400,
            true,
            "people/add",
            &[
                ("role", "user"),
                ("first_name", "Al"),
                ("postcode", "nowhere"),
            ],
        ),
        (1056, 400, true, "people/add", &[("role", "user")]),
        (
            1057,
            500,
            true,
            "people/add",
            &[("role", "user"), ("first_name", LONG)],
        ),
        (
            1058,
            200,
            true,
            "people/add",
            &[
                ("role", "user"),
                ("first_name", "Al"),
                ("Membership_number", "1"),
            ],
        ),
        (
            1071,
            400,
            true,
            "people/relationship",
            &[
                ("id", "x"),
                ("related_profile_id", "656"),
                ("relationship_id", "5"),
                ("role", "user"),
            ],
        ),
        (
            1072,
            400,
            true,
            "people/relationship",
            &[
                ("id", "657"),
                ("related_profile_id", "656"),
                ("relationship_id", "99"),
                ("role", "contact"),
            ],
        ),
        (1073, 405, false, "people/relationship", &[]),
        (
            1081,
            400,
            true,
            "people/group",
            &[("id", "653"), ("group_id", "x"), ("role", "user")],
        ),
        (
            1082,
            400,
            true,
            "people/group",
            &[("id", "653"), ("group_id", "936"), ("role", "user")],
        ),
        (1083, 405, false, "people/group", &[]),
        (
            1084,
            409,
            true,
            "people/group",
            &[("id", "655"), ("group_id", "935"), ("role", "user")],
        ),
        (
            1085,
            404,
            true,
            "people/group",
            &[("id", "999999"), ("group_id", "934"), ("role", "user")],
        ),
        (
            1086,
            409,
            true,
            "people/group",
            &[
                ("id", "smiths@example.org"),
                ("group_id", "934"),
                ("role", "user"),
            ],
        ),
        (
            9999,
            403,
            true,
            "referral/add",
            &[("attendee", "653"), ("referral_reason", "<em>x</em>")],
        ),
    ];
    // Codes that need a publishing switch turned off.
    let switched_cases: &[Case] = &[
        (
            1020,
            403,
            true,
            "work/attend",
            &[("id", "30936"), ("attendee", "653")],
        ),
        (
            1052,
            403,
            true,
            "people/update",
            &[("role", "user"), ("id", "653"), ("surname", "X")],
        ),
        (
            1054,
            403,
            true,
            "people/add",
            &[("role", "user"), ("first_name", "Al")],
        ),
        (
            1070,
            403,
            true,
            "people/relationship",
            &[
                ("id", "657"),
                ("related_profile_id", "656"),
                ("relationship_id", "5"),
                ("role", "contact"),
            ],
        ),
        (
            1080,
            403,
            true,
            "people/group",
            &[("id", "653"), ("group_id", "934"), ("role", "user")],
        ),
    ];
    let mut switched = Config::demo();
    switched.publishing.work.attend = false;
    switched.publishing.person.add = false;
    switched.publishing.person.update = false;
    switched.publishing.relationships = false;
    switched.publishing.groups = false;
    assert!(LONG.len() > 255);
    let mut covered = std::collections::BTreeSet::new();
    for (api, cases) in [
        (Api::demo().await, demo_cases),
        (Api::with(switched).await, switched_cases),
    ] {
        for &(expected, status, post, endpoint, params) in cases {
            let (got_status, body) = if post {
                api.post(endpoint, params).await
            } else {
                api.get(endpoint, params).await
            };
            assert_eq!(codes_of(&body), [expected], "{endpoint} {params:?}: {body}");
            assert_eq!(got_status, status, "{expected}: {body}");
            covered.insert(expected);
        }
    }
    let documented: std::collections::BTreeSet<i64> = lamplight_core::ErrorCode::ALL
        .iter()
        .map(|code| code.number())
        .collect();
    assert_eq!(covered, documented, "every documented code has a case");
}

/// A first name longer than the 255 characters a core field can hold.
const LONG: &str = concat!(
    "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
);

/// Every endpoint, read or write, refuses a request without the right credentials, and
/// stores nothing.
#[tokio::test]
async fn every_endpoint_checks_the_credentials() {
    let api = Api::demo().await;
    type Endpoint = (bool, &'static str, &'static [(&'static str, &'static str)]);
    let endpoints: &[Endpoint] = &[
        (false, "workarea/all", &[]),
        (false, "work/some", &[]),
        (false, "work/one", &[("id", "30936")]),
        (false, "work/all", &[]),
        (false, "people/all", &[("role", "user")]),
        (false, "people/some", &[("role", "user")]),
        (false, "people/one", &[("role", "user"), ("id", "653")]),
        (false, "orgs/all", &[("role", "org")]),
        (false, "family/one", &[("role", "user"), ("id", "801")]),
        (
            true,
            "people/add",
            &[("role", "user"), ("first_name", "Al")],
        ),
        (true, "orgs/add", &[("role", "org"), ("name", "Al Ltd")]),
        (
            true,
            "people/update",
            &[("role", "user"), ("id", "653"), ("surname", "X")],
        ),
        (
            true,
            "people/relationship",
            &[
                ("id", "657"),
                ("related_profile_id", "656"),
                ("relationship_id", "5"),
                ("role", "contact"),
            ],
        ),
        (
            true,
            "people/group",
            &[("id", "653"), ("group_id", "934"), ("role", "user")],
        ),
        (true, "work/attend", &[("id", "30937"), ("attendee", "654")]),
        (true, "referral/add", &[("attendee", "653")]),
    ];
    let c = api.sandbox.credentials();
    let partial = [
        Vec::new(),
        vec![
            ("lampid", c.lampid.to_string()),
            ("project", c.project.to_string()),
        ],
        vec![("project", c.project.to_string()), ("key", c.key.clone())],
        vec![("lampid", c.lampid.to_string()), ("key", c.key.clone())],
        vec![
            ("lampid", c.lampid.to_string()),
            ("project", c.project.to_string()),
            ("key", "not-the-key".to_owned()),
        ],
    ];
    for (post, endpoint, params) in endpoints {
        for credentials in &partial {
            let request = if *post {
                api.http.post(api.url(endpoint)).form(params)
            } else {
                api.http.get(api.url(endpoint)).query(params)
            };
            let (status, body) = api.send(request.query(credentials)).await;
            assert_eq!(
                (status, code(&body)),
                (401, Some(401)),
                "{endpoint}: {body}"
            );
        }
    }
    let state = api.sandbox.state();
    assert_eq!(state.profiles.len(), 16);
    assert!(state.referrals.is_empty() && state.attendances.is_empty());
    assert!(state.relationships.is_empty() && state.group_memberships.is_empty());
    // The same requests with the credentials are answered.
    for (post, endpoint, params) in endpoints {
        let (status, body) = if *post {
            api.post(endpoint, params).await
        } else {
            api.get(endpoint, params).await
        };
        assert_ne!(status, 401, "{endpoint}: {body}");
    }
}

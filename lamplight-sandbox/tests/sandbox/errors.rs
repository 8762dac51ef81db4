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

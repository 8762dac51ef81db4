//! `work/attend`, `people/relationship` and `people/group`.

use lamplight_core::Role;
use serde_json::json;

use crate::common::{Api, assert_error};

#[tokio::test]
async fn attend_adds_and_reports_each_work_record() {
    let api = Api::demo().await;
    let (status, body) = api
        .post(
            "work/attend",
            &[
                ("id", "30937"),
                ("attendee", "654"),
                ("attendee_notes", "First visit"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"data": {"id": 30937, "attend": true}, "meta": ""})
    );
    let (status, again) = api
        .post("work/attend", &[("id", "30937"), ("attendee", "654")])
        .await;
    assert_eq!(status, 200);
    assert_eq!(again["data"]["attend"], json!(false));
    assert_eq!(again["data"]["error"], json!(1026));
    let (_, mixed) = api
        .post(
            "work/attend",
            &[
                ("id", "30936, 30938,30939,30940,99999"),
                ("attendee", "m.lopez@example.org"),
            ],
        )
        .await;
    let entries = mixed["data"].as_array().expect("one entry per id");
    let outcome: Vec<(String, Option<i64>)> = entries
        .iter()
        .map(|e| (e["id"].to_string(), e["error"].as_i64()))
        .collect();
    assert_eq!(
        outcome,
        [
            ("30936".to_owned(), None),
            ("30938".to_owned(), Some(1025)),
            ("30939".to_owned(), Some(1023)),
            ("30940".to_owned(), Some(1006)),
            ("99999".to_owned(), Some(1021)),
        ]
    );
    assert!(entries[1]["msg"].as_str().is_some_and(|m| !m.is_empty()));
    let state = api.sandbox.state();
    let added: Vec<(u64, u64)> = state
        .attendances
        .iter()
        .map(|a| (a.work_id, a.profile_id))
        .collect();
    assert_eq!(added, [(30937, 654), (30936, 658)]);
    assert_eq!(state.attendances[0].notes.as_deref(), Some("First visit"));
    let (_, work) = api.get("work/one", &[("id", "30936")]).await;
    assert_eq!(work["data"]["num_users_attending"], "3");
}

#[tokio::test]
async fn attend_refuses_unusable_requests() {
    let api = Api::demo().await;
    assert_error(
        &api.post("work/attend", &[("attendee", "653")]).await,
        1021,
        400,
    );
    assert_error(
        &api.post("work/attend", &[("id", "abc"), ("attendee", "653")])
            .await,
        1021,
        400,
    );
    assert_error(
        &api.post("work/attend", &[("id", "30936")]).await,
        1022,
        400,
    );
    assert_error(
        &api.post("work/attend", &[("id", "30936"), ("attendee", "99999")])
            .await,
        1022,
        400,
    );
    assert_error(
        &api.post("work/attend", &[("id", "30936"), ("attendee", "bob")])
            .await,
        1022,
        400,
    );
    assert_error(
        &api.post(
            "work/attend",
            &[("id", "30936"), ("attendee", "smiths@example.org")],
        )
        .await,
        1024,
        400,
    );
    assert_error(
        &api.post(
            "work/attend",
            &[("id", "30936"), ("attendee", "nobody@example.org")],
        )
        .await,
        1024,
        400,
    );
    assert!(api.sandbox.state().attendances.is_empty());
}

#[tokio::test]
async fn relationships_link_existing_profiles() {
    let api = Api::demo().await;
    let form = [
        ("id", "657"),
        ("related_profile_id", "656"),
        ("relationship_id", "5"),
        ("role", "contact"),
    ];
    let (status, body) = api.post("people/relationship", &form).await;
    assert_eq!(
        (status, body),
        (200, json!({"msg": "Relationship created"}))
    );
    assert_error(&api.post("people/relationship", &form).await, 1072, 400);
    let with = |field: &'static str, value: &'static str| {
        let mut form = form.to_vec();
        form.retain(|(name, _)| *name != field);
        if !value.is_empty() {
            form.push((field, value));
        }
        form
    };
    assert_error(
        &api.post("people/relationship", &with("relationship_id", "99"))
            .await,
        1072,
        400,
    );
    assert_error(
        &api.post("people/relationship", &with("related_profile_id", "99999"))
            .await,
        1072,
        400,
    );
    assert_error(
        &api.post("people/relationship", &with("related_profile_id", "657"))
            .await,
        1072,
        400,
    );
    assert_error(
        &api.post("people/relationship", &with("id", "abc")).await,
        1071,
        400,
    );
    assert_error(
        &api.post("people/relationship", &with("relationship_id", ""))
            .await,
        1071,
        400,
    );
    assert_error(
        &api.post("people/relationship", &with("role", "boss")).await,
        1001,
        400,
    );
    let state = api.sandbox.state();
    assert_eq!(state.relationships.len(), 1);
    assert_eq!(state.relationships[0].related_profile_id, 656);
    assert_eq!(state.relationships[0].role, Some(Role::Contact));
}

/// The live server relates two profiles without a `role`, as the reference PHP client's live
/// test shows (it never sends one), and so does the sandbox.
#[tokio::test]
async fn a_relationship_needs_no_role() {
    let api = Api::demo().await;
    let (status, reply) = api
        .post_raw(
            "people/relationship",
            "id=658&related_profile_id=661&relationship_id=5",
        )
        .await;
    assert_eq!(
        (status, reply),
        (200, json!({"msg": "Relationship created"}))
    );
    let (status, reply) = api
        .post_raw(
            "people/relationship",
            "id=657&related_profile_id=656&relationship_id=6&role=",
        )
        .await;
    assert_eq!(
        (status, reply),
        (200, json!({"msg": "Relationship created"}))
    );
    let state = api.sandbox.state();
    let stored: Vec<(u64, u64, u64, Option<Role>)> = state
        .relationships
        .iter()
        .map(|r| {
            (
                r.profile_id,
                r.related_profile_id,
                r.relationship_id,
                r.role,
            )
        })
        .collect();
    assert_eq!(stored, [(658, 661, 5, None), (657, 656, 6, None)]);
}

#[tokio::test]
async fn groups_take_members_by_id_or_email() {
    let api = Api::demo().await;
    let (status, body) = api
        .post(
            "people/group",
            &[
                ("id", "653"),
                ("group_id", "934"),
                ("role", "user"),
                ("date_joined", "2026-12-01 10:00:00"),
                ("notes", "Keen"),
            ],
        )
        .await;
    assert_eq!((status, body), (200, json!({"msg": "Added to group"})));
    let (status, _) = api
        .post(
            "people/group",
            &[
                ("id", "m.lopez@example.org"),
                ("group_id", "935"),
                ("role", "contact"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    let again = api
        .post(
            "people/group",
            &[("id", "653"), ("group_id", "934"), ("role", "user")],
        )
        .await;
    assert_error(&again, 1084, 409);
    let waiting = api
        .post(
            "people/group",
            &[("id", "655"), ("group_id", "935"), ("role", "user")],
        )
        .await;
    assert_error(&waiting, 1084, 409);
    let g = |id: &'static str, group: &'static str| {
        vec![("id", id), ("group_id", group), ("role", "user")]
    };
    assert_error(&api.post("people/group", &g("653", "936")).await, 1082, 400);
    assert_error(&api.post("people/group", &g("653", "999")).await, 1082, 400);
    assert_error(&api.post("people/group", &g("653", "abc")).await, 1081, 400);
    assert_error(&api.post("people/group", &g("", "934")).await, 1081, 400);
    assert_error(
        &api.post("people/group", &g("smiths@example.org", "934"))
            .await,
        1086,
        409,
    );
    assert_error(
        &api.post("people/group", &g("nobody@example.org", "934"))
            .await,
        1085,
        404,
    );
    assert_error(
        &api.post("people/group", &g("99999", "934")).await,
        1085,
        404,
    );
    let bad_date = api
        .post(
            "people/group",
            &[
                ("id", "654"),
                ("group_id", "934"),
                ("role", "user"),
                ("date_joined", "soon"),
            ],
        )
        .await;
    assert_error(&bad_date, 1081, 400);
    // The live server needs no role here either.
    let (status, no_role) = api.post_raw("people/group", "id=654&group_id=934").await;
    assert_eq!((status, no_role), (200, json!({"msg": "Added to group"})));
    let state = api.sandbox.state();
    let members: Vec<(u64, u64)> = state
        .group_memberships
        .iter()
        .map(|m| (m.group_id, m.profile_id))
        .collect();
    assert_eq!(members, [(934, 653), (935, 658), (934, 654)]);
    assert_eq!(state.group_memberships[0].role, Some(Role::User));
    assert_eq!(state.group_memberships[2].role, None);
    assert_eq!(
        state.group_memberships[0].date_joined,
        "2026-12-01 10:00:00"
    );
    assert_eq!(state.group_memberships[0].notes.as_deref(), Some("Keen"));
}

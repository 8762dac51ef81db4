//! The error codes a typed client can still meet, each under the condition Lamplight documents,
//! against the sandbox. (Codes for requests the client cannot express at all, such as
//! `work/all` (1005), an unknown method (1004) or a GET of a write (1050, 1073, 1083), are
//! covered by the sandbox's own raw-HTTP tests; HTML (9999) never leaves the client.)
//!
//! Each test runs in every reply shape: a code must survive the chaos shape's `meta` and
//! number variations as it survives the live server's.

mod common;

use lamplight_client::{
    DynamicRecord, Error, ErrorCode, GroupMembership, ProfileId, Relationship, Role,
};

/// The code of a Lamplight error, checking that the server's message came with it.
fn code<T: std::fmt::Debug>(result: Result<T, Error>) -> ErrorCode {
    match result {
        Err(Error::Api {
            code,
            ref message,
            status,
        }) => {
            assert!(!message.is_empty(), "{code:?} came without its message");
            let shown = result.as_ref().err().map(ToString::to_string);
            let shown = shown.unwrap_or_default();
            assert!(shown.contains(message.as_str()), "{shown}");
            assert!(shown.contains(&code.number().to_string()), "{shown}");
            assert!(status >= 200, "{status}");
            code
        }
        Err(error) => panic!("expected a Lamplight error, got {error:?}"),
        Ok(value) => panic!("expected a Lamplight error, got {value:?}"),
    }
}

#[tokio::test]
async fn reads() {
    for (sandbox, client) in common::every_shape().await {
        // Staff is a role people take, never organisations: the typed query refuses it unsent,
        // naming the role, and the server answers 1001 when asked anyway.
        match client.orgs(Role::Staff).send().await {
            Err(Error::Encode(err)) => assert_eq!(err.field(), "role"),
            other => panic!("expected the role to be refused, got {other:?}"),
        }
        assert!(sandbox.requests().is_empty(), "nothing was sent");
        assert_eq!(
            code(
                client
                    .get::<serde_json::Value>("orgs/some", &[("role", "staff")])
                    .await
            ),
            ErrorCode::UnknownRole
        );
        assert_eq!(
            code(client.work_record(99_999).await),
            ErrorCode::UnknownError
        );
        assert_eq!(
            code(client.person(Role::User, 99_999).await),
            ErrorCode::UnknownError
        );
    }
}

#[tokio::test]
async fn profile_writes() {
    for (sandbox, client) in common::every_shape().await {
        let change = DynamicRecord::person(Role::User).set("surname", "Khan-Ali");
        assert_eq!(
            code(client.update(ProfileId(99_999), &change).await),
            ErrorCode::UpdateNeedsId
        );
        let nothing = DynamicRecord::person(Role::User);
        assert_eq!(
            code(client.update(ProfileId(653), &nothing).await),
            ErrorCode::NoValidData
        );
        let too_long = DynamicRecord::person(Role::User)
            .set("first_name", "A".repeat(300))
            .set("surname", "Long");
        assert_eq!(
            code(client.create(&too_long).await),
            ErrorCode::CoreFieldsNotSaved
        );
        assert!(
            sandbox
                .state()
                .profiles
                .iter()
                .all(|p| p.core("surname") != Some("Long")),
            "nothing is saved when the core fields are not"
        );
    }
}

#[tokio::test]
async fn relationships_and_groups() {
    for (sandbox, client) in common::every_shape().await {
        assert_eq!(
            code(
                client
                    .relate(&Relationship::new(653, 658, 99, Role::User))
                    .await
            ),
            ErrorCode::RelationshipNotCreated
        );
        assert_eq!(
            code(
                client
                    .relate(&Relationship::new(653, 653, 5, Role::User))
                    .await
            ),
            ErrorCode::RelationshipNotCreated
        );
        client
            .add_to_group(&GroupMembership::new(654, 934, Role::User))
            .await
            .expect("654 joins the manual group");
        assert_eq!(
            code(
                client
                    .add_to_group(&GroupMembership::new(654, 934, Role::User))
                    .await
            ),
            ErrorCode::GroupAddFailed
        );
        assert_eq!(
            code(
                client
                    .add_to_group(&GroupMembership::new(99_999, 934, Role::User))
                    .await
            ),
            ErrorCode::ProfileNotFound
        );
        assert_eq!(
            code(
                client
                    .add_to_group(&GroupMembership::new(653, 936, Role::User))
                    .await
            ),
            ErrorCode::GroupNotManual
        );
        let joined = sandbox
            .state()
            .group_memberships
            .iter()
            .filter(|m| m.profile_id == 654 && m.group_id == 934)
            .count();
        assert_eq!(joined, 1, "the refused second join stored nothing");
    }
}

#[tokio::test]
async fn attendance_of_a_record_that_does_not_exist() {
    for (_sandbox, client) in common::every_shape().await {
        let attendance = lamplight_client::Attendance::new([99_999], 653u64);
        // An unknown work id is refused entry by entry, like any other partial failure.
        let outcome = client
            .attend(&attendance)
            .await
            .expect("per-record refusals are data");
        let result = &outcome.results[0];
        assert!(!result.attended);
        assert_eq!(
            result.error.as_ref().map(|e| e.code),
            Some(ErrorCode::NoValidWorkId)
        );
    }
}

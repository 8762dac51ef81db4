//! Write replies the sandbox never sends, as the live server may: a fixed-reply loopback server
//! answers each write with one exact body, and the real client must report each refusal as
//! an error with its code, never as a success.

use lamplight_client::{
    Client, Credentials, DynamicRecord, Error, ErrorCode, GroupMembership, ProfileId, RecordId,
    Relationship, Role,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A loopback server that answers every request, whole, with `body` and HTTP 200.
async fn answering(body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                // Read the head, then as much body as it declares, so the reply never races
                // the request.
                let mut received = Vec::new();
                let mut buf = [0u8; 4096];
                loop {
                    let Ok(n) = socket.read(&mut buf).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    received.extend_from_slice(&buf[..n]);
                    let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") else {
                        continue;
                    };
                    let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
                    let length = head
                        .lines()
                        .find_map(|line| line.strip_prefix("content-length:"))
                        .and_then(|value| value.trim().parse::<usize>().ok())
                        .unwrap_or(0);
                    if received.len() >= end + 4 + length {
                        break;
                    }
                }
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(reply.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://127.0.0.1:{port}/api/")
}

async fn client_answering(body: &'static str) -> Client {
    Client::builder()
        .credentials(Credentials::new(1, 1, "write-replies-KEY-7788"))
        .base_url(&answering(body).await)
        .build()
        .expect("client")
}

fn referral() -> DynamicRecord<lamplight_client::dynamic::Referral> {
    DynamicRecord::referral().set("attendee", 653)
}

fn api(result: Result<impl std::fmt::Debug, Error>) -> (ErrorCode, String) {
    match result {
        Err(Error::Api { code, message, .. }) => (code, message),
        other => panic!("expected a Lamplight error, got {other:?}"),
    }
}

#[tokio::test]
async fn refused_creates_are_errors_with_their_code() {
    let cases: [(&'static str, ErrorCode, &str); 5] = [
        (
            r#"{"data": {"id": 0, "attend": false}, "meta": ""}"#,
            ErrorCode::InvalidReferral,
            "",
        ),
        (
            r#"{"data": {"attend": false, "error": 1024, "msg": "Several profiles match"}}"#,
            ErrorCode::AmbiguousAttendee,
            "Several profiles match",
        ),
        (
            r#"{"data": {"id": 12, "attend": true, "msg": "Referral not saved"}}"#,
            ErrorCode::InvalidReferral,
            "Referral not saved",
        ),
        (
            r#"{"data": [{"id": "12", "error": "1022"}]}"#,
            ErrorCode::InvalidAttendee,
            "",
        ),
        (
            r#"{"msg": "No valid data found"}"#,
            ErrorCode::InvalidReferral,
            "No valid data found",
        ),
    ];
    for (body, code, message) in cases {
        let client = client_answering(body).await;
        assert_eq!(
            api(client.create(&referral()).await),
            (code, message.to_owned()),
            "{body}"
        );
    }
    let client = client_answering(r#"{"data": {"id": "71", "attend": true}, "meta": ""}"#).await;
    assert_eq!(
        client.create(&referral()).await.expect("created").id,
        RecordId(71)
    );
}

#[tokio::test]
async fn a_profile_saved_in_part_keeps_its_id() {
    let client = client_answering(
        r#"{"data": {"id": 88, "attend": false, "error": 1058, "msg": "Custom fields not saved"}}"#,
    )
    .await;
    let person = DynamicRecord::person(Role::User).set("first_name", "Sam");
    match client.create(&person).await {
        Err(Error::PartlySaved { id, code, message }) => {
            assert_eq!(id, RecordId(88));
            assert_eq!(code, ErrorCode::CustomFieldsNotSaved);
            assert_eq!(message, "Custom fields not saved");
        }
        other => panic!("expected a partly saved record, got {other:?}"),
    }
    let err = client
        .update(ProfileId(653), &person)
        .await
        .expect_err("partly saved");
    assert_eq!(err.saved_id(), Some(RecordId(653)));
}

#[tokio::test]
async fn refused_updates_are_errors() {
    let client =
        client_answering(r#"{"data": {"id": 653, "attend": false, "msg": "Not updated"}}"#).await;
    let change = DynamicRecord::person(Role::User).set("surname", "Lee");
    assert_eq!(
        api(client.update(ProfileId(653), &change).await),
        (ErrorCode::InvalidProfile, "Not updated".to_owned())
    );
    let client = client_answering(r#"{"data": {"id": "653"}}"#).await;
    assert_eq!(
        client.update(653, &change).await.expect("updated").id,
        ProfileId(653)
    );
}

#[tokio::test]
async fn relationships_and_groups_must_be_confirmed() {
    let client = client_answering(r#"{"msg": "Relationship not created"}"#).await;
    assert_eq!(
        api(client.relate(&Relationship::new(1, 2, 5, Role::User)).await),
        (
            ErrorCode::RelationshipNotCreated,
            "Relationship not created".to_owned()
        )
    );
    let client = client_answering(r#"{"data": ""}"#).await;
    assert!(matches!(
        client.relate(&Relationship::new(1, 2, 5, Role::User)).await,
        Err(Error::Decode { .. })
    ));
    let client = client_answering(r#"{"msg": "Something else"}"#).await;
    assert_eq!(
        api(client
            .add_to_group(&GroupMembership::new(1, 2, Role::User))
            .await)
        .0,
        ErrorCode::GroupAddFailed
    );
    let client = client_answering(r#"{"msg": "Added to group"}"#).await;
    let ack = client
        .add_to_group(&GroupMembership::new(1, 2, Role::User))
        .await
        .expect("confirmed");
    assert_eq!(ack.message, "Added to group");
}

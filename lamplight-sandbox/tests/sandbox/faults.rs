//! Fault injection, scheduled and seeded-random, and the request log.

use std::time::Duration;

use lamplight_sandbox::{Fault, REDACTED};
use serde_json::Value;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::common::Api;

async fn add_referral(api: &Api) -> Result<reqwest::Response, reqwest::Error> {
    api.http
        .post(api.url("referral/add"))
        .query(&api.credentials())
        .form(&[("attendee", "653")])
        .send()
        .await
}

#[tokio::test]
async fn status_faults_reply_without_storing_and_run_out() {
    let api = Api::demo().await;
    api.sandbox
        .inject(Fault::status(503).with_retry_after(2), 2);
    for _ in 0..2 {
        let response = add_referral(&api).await.expect("a reply");
        assert_eq!(response.status().as_u16(), 503);
        assert_eq!(response.headers()["retry-after"], "2");
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(body["error"], 503);
    }
    assert!(api.sandbox.state().referrals.is_empty());
    let response = add_referral(&api).await.expect("a reply");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(api.sandbox.state().referrals.len(), 1);
    let log = api.sandbox.requests();
    let faults: Vec<Option<Fault>> = log.iter().map(|entry| entry.fault.clone()).collect();
    let busy = Some(Fault::status(503).with_retry_after(2));
    assert_eq!(faults, [busy.clone(), busy, None]);
    assert_eq!(log[0].status, Some(503));
}

#[tokio::test]
async fn an_html_body_is_not_json_and_stores_nothing() {
    let api = Api::demo().await;
    api.sandbox.inject(Fault::html_body(), 1);
    let response = add_referral(&api).await.expect("a reply");
    assert_eq!(response.status().as_u16(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap_or_default()
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let text = response.text().await.expect("a body");
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(serde_json::from_str::<Value>(&text).is_err());
    api.sandbox.inject(Fault::html_body().with_status(502), 1);
    let response = add_referral(&api).await.expect("a reply");
    assert_eq!(response.status().as_u16(), 502);
    assert!(api.sandbox.state().referrals.is_empty());
}

#[tokio::test]
async fn a_dropped_connection_before_processing_stores_nothing() {
    let api = Api::demo().await;
    api.sandbox.inject(Fault::DropConnection, 1);
    let error = add_referral(&api).await.expect_err("no response");
    assert!(!error.is_timeout(), "{error}");
    assert!(api.sandbox.state().referrals.is_empty());
    let log = api.sandbox.requests();
    assert_eq!(log[0].status, None);
    assert_eq!(log[0].fault, Some(Fault::DropConnection));
    let response = add_referral(&api).await.expect("serving again");
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn a_dropped_connection_after_processing_has_stored_the_write() {
    let api = Api::demo().await;
    api.sandbox.inject(Fault::DropAfterProcessing, 1);
    add_referral(&api).await.expect_err("no response");
    let state = api.sandbox.state();
    assert_eq!(state.referrals.len(), 1, "the write reached the server");
    assert_eq!(api.sandbox.requests()[0].status, None);
}

#[tokio::test]
async fn a_truncated_body_follows_processing() {
    let api = Api::demo().await;
    api.sandbox.inject(Fault::TruncatedBody, 1);
    let response = add_referral(&api).await.expect("headers arrive");
    assert_eq!(response.status().as_u16(), 200);
    let declared = response.content_length().expect("a length");
    assert!(response.bytes().await.is_err(), "the body is cut short");
    assert!(declared > 10);
    assert_eq!(api.sandbox.state().referrals.len(), 1);
}

#[tokio::test]
async fn a_delay_still_processes_the_request() {
    let api = Api::demo().await;
    api.sandbox
        .inject(Fault::delay(Duration::from_millis(300)), 1);
    // A client that sends its whole request and hangs up at once, before the delayed reply:
    // the bytes are on the server's side of the socket before it closes.
    let body = "attendee=653";
    let request = format!(
        "POST /api/referral/add/format/json?{} HTTP/1.1\r\nHost: sandbox\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
        api.credential_query(),
        body.len()
    );
    let mut stream = TcpStream::connect(api.sandbox.addr())
        .await
        .expect("connects");
    stream.write_all(request.as_bytes()).await.expect("sends");
    drop(stream);
    // The server carries on after the client gave up; wait (with a deadline) for the write.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while api.sandbox.requests().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "a delayed write is processed and logged"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(api.sandbox.state().referrals.len(), 1);
    assert_eq!(api.sandbox.requests()[0].status, Some(200));
    api.sandbox
        .inject(Fault::delay(Duration::from_millis(1)), 1);
    let response = add_referral(&api).await.expect("a reply");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(api.sandbox.state().referrals.len(), 2);
}

async fn statuses(api: &Api, count: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for _ in 0..count {
        let (status, _) = api.get("workarea/all", &[]).await;
        statuses.push(status);
    }
    statuses
}

#[tokio::test]
async fn random_faults_repeat_for_a_seed() {
    let first = Api::demo().await;
    first.sandbox.inject_random(Fault::status(500), 0.5, 42);
    let run = statuses(&first, 30).await;
    assert!(run.contains(&500) && run.contains(&200), "{run:?}");
    let second = Api::demo().await;
    second.sandbox.inject_random(Fault::status(500), 0.5, 42);
    assert_eq!(statuses(&second, 30).await, run);
    first.sandbox.clear_faults();
    assert!(statuses(&first, 5).await.iter().all(|s| *s == 200));
    first.sandbox.inject_random(Fault::status(429), 1.0, 1);
    first.sandbox.inject(Fault::status(503), 1);
    assert_eq!(
        statuses(&first, 3).await,
        [503, 429, 429],
        "scheduled faults come first"
    );
}

#[tokio::test]
async fn faults_leave_the_state_endpoint_alone() {
    let api = Api::demo().await;
    api.sandbox.inject(Fault::status(500), 1);
    let url = format!("http://{}/__sandbox/state", api.sandbox.addr());
    let (status, _) = api.send(api.http.get(url)).await;
    assert_eq!(status, 200);
    let (status, _) = api.get("workarea/all", &[]).await;
    assert_eq!(status, 500, "the fault waited for an API request");
}

#[tokio::test]
async fn the_request_log_records_everything_but_the_key() {
    let api = Api::demo().await;
    let key = api.sandbox.credentials().key;
    api.post(
        "referral/add",
        &[
            ("attendee", "653"),
            ("key", &key),
            ("How_did_you_hear", "Telepathy"),
        ],
    )
    .await;
    api.get("work/one", &[("id", "30936")]).await;
    let log = api.sandbox.requests();
    assert_eq!(log.len(), 2);
    let post = &log[0];
    assert_eq!(post.method, "POST");
    assert_eq!(post.path, "/api/referral/add/format/json");
    assert_eq!(post.status, Some(400));
    assert_eq!(post.error.map(|code| code.number()), Some(1040));
    assert!(
        post.form
            .contains(&("attendee".to_owned(), "653".to_owned()))
    );
    assert!(post.form.contains(&("key".to_owned(), REDACTED.to_owned())));
    assert!(post.query.contains("key=[redacted]"), "{}", post.query);
    assert_eq!(log[1].status, Some(200));
    assert_eq!(log[1].error, None);
    let everything = format!("{log:?} {:?}", api.sandbox.credentials());
    assert!(!everything.contains(&key), "the key leaked: {everything}");
}

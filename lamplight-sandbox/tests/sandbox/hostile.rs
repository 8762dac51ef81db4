//! Hostile input gets an error reply, and the server keeps serving.

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::Api;

async fn still_serving(api: &Api) {
    let (status, body) = api.get("workarea/all", &[]).await;
    assert_eq!(status, 200, "{body}");
}

/// Sends raw bytes and reads until the server closes or replies.
async fn raw_exchange(api: &Api, bytes: &[u8]) -> String {
    let mut stream = TcpStream::connect(api.sandbox.addr())
        .await
        .expect("connects");
    stream.write_all(bytes).await.expect("writes");
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply).await;
    String::from_utf8_lossy(&reply).into_owned()
}

#[tokio::test]
async fn garbage_on_the_socket_gets_400() {
    let api = Api::demo().await;
    let reply = raw_exchange(&api, b"\x00\xff\xfeGARBAGE \x01\x02\r\n\r\n").await;
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");
    let reply = raw_exchange(&api, b"GET /api/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(reply.starts_with("HTTP/1.1 400"), "{reply}");
    // A client that hangs up half way through a request.
    let mut stream = TcpStream::connect(api.sandbox.addr())
        .await
        .expect("connects");
    stream
        .write_all(
            b"POST /api/referral/add/format/json HTTP/1.1\r\nContent-Length: 100\r\n\r\nattendee=6",
        )
        .await
        .expect("writes");
    drop(stream);
    still_serving(&api).await;
}

#[tokio::test]
async fn bad_percent_encoding_gets_400() {
    let api = Api::demo().await;
    for query in ["q=%zz", "q=%4", "q=%ff%fe"] {
        let (status, body) = api.get_raw("work/some/format/json", query).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body["msg"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let (status, _) = api
        .post_raw("referral/add", "attendee=653&referral_reason=%E2%28")
        .await;
    assert_eq!(status, 400);
    let (status, _) = api.get_raw("work/one/format/json/id/%zz", "").await;
    assert_eq!(status, 400);
    assert!(api.sandbox.state().referrals.is_empty());
    still_serving(&api).await;
}

#[tokio::test]
async fn invalid_utf8_in_a_body_gets_400() {
    let api = Api::demo().await;
    let request = api
        .http
        .post(api.url("referral/add"))
        .query(&api.credentials())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"attendee=653&referral_reason=\xff\xfe\xfd".to_vec());
    let (status, body) = api.send(request).await;
    assert_eq!(status, 400, "{body}");
    still_serving(&api).await;
}

#[tokio::test]
async fn an_oversized_body_gets_413() {
    let api = Api::demo().await;
    let huge = format!(
        "attendee=653&referral_reason={}",
        "a".repeat(2 * 1024 * 1024)
    );
    let request = api
        .http
        .post(api.url("referral/add"))
        .query(&api.credentials())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(huge);
    let response = request.send().await;
    // The server may close the connection before the client has sent the whole body; when the
    // reply arrives it is a 413 with a JSON error.
    if let Ok(response) = response {
        assert_eq!(response.status().as_u16(), 413);
        let body: Value = response.json().await.expect("JSON");
        assert_eq!(body["error"], 413);
    }
    assert!(api.sandbox.state().referrals.is_empty());
    let log = api.sandbox.requests();
    assert_eq!(log.last().and_then(|entry| entry.status), Some(413));
    still_serving(&api).await;
}

#[tokio::test]
async fn unknown_paths_and_methods_get_json_errors() {
    let api = Api::demo().await;
    let base = format!("http://{}", api.sandbox.addr());
    for path in [
        "/",
        "/api/",
        "/api/work/some",
        "/api/work/some/format/xml",
        "/robots.txt",
    ] {
        let url = format!("{base}{path}?{}", api.credential_query());
        let (status, body) = api.send(api.http.get(url)).await;
        assert_eq!(status, 404, "{path}: {body}");
    }
    let (status, _) = api
        .send(api.http.put(api.url("work/some")).query(&api.credentials()))
        .await;
    assert_eq!(status, 405);
    let state = format!("{base}/__sandbox/state");
    let (status, body) = api.send(api.http.post(state).body("x=1")).await;
    assert_eq!((status, &body["error"]), (405, &serde_json::json!(405)));
    still_serving(&api).await;
}

#[tokio::test]
async fn an_oversized_request_head_gets_an_error_status() {
    let api = Api::demo().await;
    let head = format!(
        "GET /api/work/some/format/json?{}&q={} HTTP/1.1\r\nHost: x\r\n\r\n",
        api.credential_query(),
        "a".repeat(1024 * 1024)
    );
    let reply = raw_exchange(&api, head.as_bytes()).await;
    let status: u16 = reply
        .split_whitespace()
        .nth(1)
        .and_then(|status| status.parse().ok())
        .unwrap_or_default();
    // Either an error status, or the connection closed without one; never a 2xx.
    assert!(
        reply.is_empty() || (400..500).contains(&status),
        "{reply:.200}"
    );
    still_serving(&api).await;
}

/// Bodies built to make naive parsing slow: many `<a` openers for the HTML check, and many
/// distinct names and array keys for the parameter table. Each gets its answer (no test
/// times it: a quadratic parser would make this test hang rather than fail an assertion).
#[tokio::test]
async fn bodies_built_to_be_slow_get_their_answer() {
    let api = Api::demo().await;
    let openers = format!("attendee=653&referral_reason={}", "%3Ca".repeat(120_000));
    let (status, body) = api.post_raw("referral/add", &openers).await;
    assert_eq!(status, 200, "no `>`, so no tag: {body:.200}");
    let closed = format!("{openers}%3E");
    let reply = api.post_raw("referral/add", &closed).await;
    crate::common::assert_error(&reply, 9999, 403);
    let names: String = (0..60_000).map(|i| format!("f{i}=x&")).collect();
    let (status, body) = api
        .post_raw("referral/add", &format!("{names}attendee=653"))
        .await;
    assert_eq!(status, 200, "{body:.200}");
    let keys: String = (0..30_000)
        .map(|i| format!("Support_needed[k{i}]=Family&"))
        .collect();
    let (status, body) = api
        .post_raw("referral/add", &format!("{keys}attendee=653"))
        .await;
    assert_eq!(status, 200, "{body:.200}");
    let state = api.sandbox.state();
    assert_eq!(state.referrals.len(), 3);
    let support = state.referrals[2].custom["Support needed"].values().len();
    assert_eq!(support, 30_000);
    still_serving(&api).await;
}

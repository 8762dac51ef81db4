//! What the sandbox cannot send: a `Retry-After` given as an HTTP date, a body of unknown
//! length that grows past the size limit, pages shorter than asked. A scripted loopback server sends exact bytes and
//! keeps the requests it received, so the headers the client sends can be checked too.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use lamplight_client::{Client, Credentials, Error};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const WORKAREAS: &str =
    r#"{"data": [{"id": "1", "text": "Youth clubs", "children": ""}], "meta": ""}"#;

/// A loopback server answering each connection with the next scripted reply, then closing it.
struct Scripted {
    base_url: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Scripted {
    async fn start(replies: Vec<Vec<u8>>) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        tokio::spawn(async move {
            for reply in replies {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                if let Ok(mut seen) = seen.lock() {
                    seen.push(String::from_utf8_lossy(&head).into_owned());
                }
                let _ = socket.write_all(&reply).await;
                let _ = socket.shutdown().await;
            }
        });
        Scripted {
            base_url: format!("http://127.0.0.1:{port}/api/"),
            requests,
        }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

fn reply(status: &str, headers: &[(&str, String)], body: &str) -> Vec<u8> {
    let mut text = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    text.into_bytes()
}

fn client_for(server: &Scripted) -> lamplight_client::ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(1234, 7, "raw-key"))
        .base_url(&server.base_url)
        .retry(common::quick_retries())
}

// A `Retry-After` date is read against the clock, so these tests use dates far from now: an
// hour ahead or an hour past. How long the client then waits is tested on paused time in
// `retry.rs`.

#[tokio::test]
async fn retry_after_as_an_http_date_an_hour_ahead_is_read_and_not_waited_for() {
    let when = SystemTime::now() + Duration::from_secs(3600);
    let server = Scripted::start(vec![
        reply(
            "503 Service Unavailable",
            &[("Retry-After", httpdate::fmt_http_date(when))],
            r#"{"error": 503, "msg": "Busy"}"#,
        ),
        reply("200 OK", &[], WORKAREAS),
    ])
    .await;
    // The default policy waits at most 60 s for `Retry-After`: asked for an hour, it gives up.
    let client = client_for(&server).build().expect("client");
    let err = client.workareas().await.expect_err("gives up at once");
    match err {
        Error::Http {
            status: 503,
            retry_after: Some(after),
            ..
        } => {
            // Read as an hour less the seconds that passed since the date was made.
            assert!(after <= Duration::from_secs(3600), "{after:?}");
            assert!(after >= Duration::from_secs(3000), "{after:?}");
        }
        other => panic!("expected HTTP 503 with its Retry-After, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn retry_after_as_a_past_http_date_retries_after_the_backoff_alone() {
    let when = SystemTime::now() - Duration::from_secs(3600);
    let server = Scripted::start(vec![
        reply(
            "503 Service Unavailable",
            &[("Retry-After", httpdate::fmt_http_date(when))],
            r#"{"error": 503, "msg": "Busy"}"#,
        ),
        reply("200 OK", &[], WORKAREAS),
    ])
    .await;
    let client = client_for(&server).build().expect("client");
    let (logs, guard) = common::capture_logs();
    let areas = client.workareas().await.expect("succeeds on the retry");
    drop(guard);
    assert_eq!(areas[0].text, "Youth clubs");
    assert_eq!(server.requests().len(), 2);
    // The wait the client computed: `quick_retries`' backoff (at most 20 ms, plus jitter).
    let waits = common::logged_waits(&logs);
    assert_eq!(waits.len(), 1, "{}", logs.text());
    assert!(waits[0] <= 40, "waited {waits:?}");
}

#[tokio::test]
async fn a_body_of_unknown_length_is_cut_off_at_the_limit() {
    let chunk = format!("{:x}\r\n{}\r\n", 600, "x".repeat(600));
    let mut body = String::from(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
    );
    for _ in 0..10 {
        body.push_str(&chunk);
    }
    body.push_str("0\r\n\r\n");
    let server = Scripted::start(vec![body.into_bytes()]).await;
    let client = client_for(&server)
        .max_response_bytes(1_000)
        .build()
        .expect("client");
    let err = client.workareas().await.expect_err("too large");
    assert!(matches!(err, Error::TooLarge { limit: 1_000 }), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_reply_is_read_at_the_size_limit_and_refused_one_byte_past_it() {
    let size = WORKAREAS.len() as u64;
    for (limit, fits) in [(size, true), (size - 1, false)] {
        let server = Scripted::start(vec![reply("200 OK", &[], WORKAREAS)]).await;
        let client = client_for(&server)
            .max_response_bytes(limit)
            .build()
            .expect("client");
        match client.workareas().await {
            Ok(areas) => assert!(fits && !areas.is_empty(), "limit {limit}"),
            Err(err) => {
                assert!(!fits, "limit {limit}: {err:?}");
                assert!(
                    matches!(err, Error::TooLarge { limit: l } if l == limit),
                    "{err:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn requests_carry_the_credentials_user_agent_and_callers_client() {
    let server = Scripted::start(vec![
        reply("200 OK", &[], WORKAREAS),
        reply("200 OK", &[], WORKAREAS),
    ])
    .await;
    let client = client_for(&server)
        .user_agent("our-referral-form/2.0")
        .build()
        .expect("client");
    client.workareas().await.expect("workareas");
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-from-caller",
        reqwest::header::HeaderValue::from_static("1"),
    );
    let own = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client");
    let client = client_for(&server)
        .http_client(own)
        .build()
        .expect("client");
    client.workareas().await.expect("workareas");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let first = requests[0].to_ascii_lowercase();
    assert!(
        first.starts_with(
            "get /api/workarea/all/format/json?lampid=1234&project=7&key=raw-key http/1.1"
        ),
        "{first}"
    );
    assert!(
        first.contains("user-agent: our-referral-form/2.0"),
        "{first}"
    );
    let second = requests[1].to_ascii_lowercase();
    assert!(second.contains("x-from-caller: 1"), "{second}");
    assert!(second.contains("user-agent: lamplight-rs/"), "{second}");
}

#[tokio::test]
async fn a_stream_follows_the_total_past_pages_shorter_than_asked() {
    use futures_util::TryStreamExt;

    // The server caps its pages at two records, whatever `num` asks for.
    let page = |ids: [u64; 2], meta: &str| {
        let records: Vec<String> = ids
            .iter()
            .map(|id| format!(r#"{{"id": "{id}", "title": "Session {id}", "workarea": "3"}}"#))
            .collect();
        reply(
            "200 OK",
            &[],
            &format!(r#"{{"data": [{}], "meta": {meta}}}"#, records.join(",")),
        )
    };
    let server = Scripted::start(vec![
        page([1, 2], r#"{"numResults": "2", "totalRecords": "4"}"#),
        page([3, 4], r#""""#),
    ])
    .await;
    let client = client_for(&server).build().expect("client");
    let ids: Vec<u64> = client
        .work()
        .num(50)
        .stream()
        .map_ok(|work| work.id.get())
        .try_collect()
        .await
        .expect("both pages");
    assert_eq!(ids, [1, 2, 3, 4]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests[0].contains("num=50&start=0"), "{}", requests[0]);
    assert!(requests[1].contains("num=50&start=2"), "{}", requests[1]);
}

//! Fuzzing the request parsing through HTTP: arbitrary query strings, form bodies and path
//! segments, sent byte for byte over a raw socket, never crash a handler and always get a JSON
//! reply, and the sandbox keeps serving.

use std::net::SocketAddr;

use lamplight_sandbox::{Config, Sandbox};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestCaseError, TestRunner};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;

/// Every `{what}/{how}` of the API, and some that are not.
const ENDPOINTS: &[&str] = &[
    "workarea/all",
    "work/some",
    "work/one",
    "work/all",
    "work/attend",
    "people/all",
    "people/some",
    "people/one",
    "people/add",
    "people/update",
    "people/relationship",
    "people/group",
    "orgs/some",
    "orgs/add",
    "family/update",
    "referral/add",
    "referral/one",
    "volunteers/all",
];

/// Text a client may put in a request target: URI characters, percent escapes (some not
/// UTF-8 once decoded), stray `%` signs, PHP brackets, `+`, `&` and `=`.
fn hostile_text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "([A-Za-z0-9._~!$&'()*+,;=:@\\[\\]-]|%[0-9A-Fa-f]{{2}}|%){{0,{max}}}"
    ))
    .expect("a valid pattern")
}

/// Well-formed text: URI characters and escapes of ASCII (including `<`, `>`, `&`, `=`).
fn clean_text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "([A-Za-z0-9._~!$'()*+,;:@-]|%[2-7][0-9A-F]){{0,{max}}}"
    ))
    .expect("a valid pattern")
}

/// Mostly well-formed text, so that requests reach the endpoints, and sometimes hostile text.
fn text(max: usize) -> impl Strategy<Value = String> {
    prop_oneof![40 => clean_text(max), 1 => hostile_text(max)]
}

/// Names the endpoints know, with PHP-style array forms.
fn name() -> impl Strategy<Value = String> {
    let known = proptest::sample::select(vec![
        "attendee",
        "attendee_notes",
        "referrer",
        "referral_reason",
        "date_from",
        "workareaid",
        "How_did_you_hear",
        "Support_needed[]",
        "Support_needed[0]",
        "Support_needed%5B1%5D",
        "school_year",
        "Consent_given",
        "role",
        "id",
        "first_name",
        "surname",
        "name",
        "postcode",
        "mobile",
        "email",
        "Gender",
        "Interests[]",
        "profile_field_123",
        "profile_field_126[]",
        "publishable",
        "publish_update",
        "group_id",
        "related_profile_id",
        "relationship_id",
        "date_joined",
        "notes",
        "num",
        "start",
        "order",
        "q",
        "return",
        "near",
        "nearRadius",
        "after",
        "before",
        "workarea",
    ]);
    prop_oneof![4 => known.prop_map(str::to_owned), 1 => text(8)]
}

/// A value: free text, or one the endpoints would take.
fn value() -> impl Strategy<Value = String> {
    let plausible = proptest::sample::select(vec![
        "653",
        "658",
        "user",
        "contact",
        "org",
        "30936",
        "30936,30937",
        "934",
        "5",
        "full",
        "SW1A+1AA",
        "07700+900123",
        "Website",
        "Confidence",
        "option_54",
        "2026-12-01",
        "2026-12-01+10:00:00",
        "smiths%40example.org",
        "%3Cb%3Ex%3C%2Fb%3E",
        "1",
        "0",
    ]);
    prop_oneof![1 => plausible.prop_map(str::to_owned), 1 => text(12)]
}

/// `name=value&...` pairs.
fn pairs(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec((name(), value()), 0..max).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// A form body: form-like pairs, or arbitrary bytes.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => pairs(12).prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..300),
    ]
}

/// One fuzzed request.
#[derive(Debug, Clone)]
struct Fuzzed {
    post: bool,
    endpoint: String,
    segments: Vec<String>,
    query: String,
    credentials: bool,
    body: Vec<u8>,
}

fn fuzzed() -> impl Strategy<Value = Fuzzed> {
    let endpoint = prop_oneof![
        4 => proptest::sample::select(ENDPOINTS).prop_map(str::to_owned),
        1 => (text(8), text(8)).prop_map(|(what, how)| format!("{what}/{how}")),
    ];
    let segments = prop_oneof![
        2 => Just(Vec::new()),
        1 => proptest::collection::vec((name(), value()), 0..4)
            .prop_map(|pairs| pairs.into_iter().flat_map(|(n, v)| [n, v]).collect()),
        1 => proptest::collection::vec(text(10), 0..5),
    ];
    (
        any::<bool>(),
        endpoint,
        segments,
        pairs(12),
        prop_oneof![4 => Just(true), 1 => Just(false)],
        body(),
    )
        .prop_map(
            |(post, endpoint, segments, query, credentials, body)| Fuzzed {
                post,
                endpoint,
                segments,
                query,
                credentials,
                body,
            },
        )
}

impl Fuzzed {
    fn request(&self) -> Vec<u8> {
        let mut target = format!("/api/{}/format/json", self.endpoint);
        for segment in &self.segments {
            target.push('/');
            target.push_str(&segment.replace('/', ""));
        }
        target.push('?');
        if self.credentials {
            target.push_str("lampid=1234&project=1&key=sandbox-demo-key&");
        }
        target.push_str(&self.query);
        let method = if self.post { "POST" } else { "GET" };
        let mut request = format!(
            "{method} {target} HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            self.body.len()
        )
        .into_bytes();
        request.extend_from_slice(&self.body);
        request
    }
}

/// Sends raw bytes, reads the whole reply, and splits it into status and body.
async fn exchange(addr: SocketAddr, request: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let mut stream = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    stream
        .write_all(request)
        .await
        .map_err(|e| format!("write: {e}"))?;
    let mut reply = Vec::new();
    stream
        .read_to_end(&mut reply)
        .await
        .map_err(|e| format!("read: {e}"))?;
    let split = reply
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .ok_or_else(|| format!("no reply head: {}", String::from_utf8_lossy(&reply)))?;
    let head = String::from_utf8_lossy(&reply[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|status| status.parse().ok())
        .ok_or_else(|| format!("no status: {head}"))?;
    Ok((status, reply[split + 4..].to_vec()))
}

/// A sandbox on a runtime that outlives the proptest runs.
fn running() -> (Runtime, Sandbox) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let sandbox = runtime
        .block_on(Sandbox::start(Config::demo()))
        .expect("sandbox starts");
    (runtime, sandbox)
}

fn still_serving(runtime: &Runtime, sandbox: &Sandbox) {
    let request = b"GET /api/workarea/all/format/json?lampid=1234&project=1&key=sandbox-demo-key \
                    HTTP/1.1\r\nHost: sandbox\r\nConnection: close\r\n\r\n";
    let reply = runtime.block_on(exchange(sandbox.addr(), request));
    assert!(
        matches!(&reply, Ok((200, _))),
        "not serving any more: {reply:?}"
    );
}

#[test]
fn fuzzed_requests_always_get_a_json_reply() {
    let (runtime, sandbox) = running();
    let addr = sandbox.addr();
    let mut runner = TestRunner::new(RunnerConfig {
        cases: 768,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    let result = runner.run(&fuzzed(), |fuzzed| {
        let (status, body) = runtime
            .block_on(exchange(addr, &fuzzed.request()))
            .map_err(TestCaseError::fail)?;
        let text = String::from_utf8_lossy(&body);
        let json: Value = serde_json::from_slice(&body).map_err(|error| {
            TestCaseError::fail(format!("{status}, not JSON ({error}): {text}"))
        })?;
        prop_assert!(json.is_object(), "{}", text);
        let error = json.get("error").and_then(Value::as_i64);
        prop_assert!(
            error.is_some() || json.get("data").is_some() || json.get("msg").is_some(),
            "neither data, msg nor error: {}",
            text
        );
        // A handler that panicked would surface as a 500; Lamplight's only 500 is 1057.
        prop_assert!(status != 500 || error == Some(1057), "{}: {}", status, text);
        if !fuzzed.credentials {
            prop_assert!(
                status == 401 || status == 400 || status == 404,
                "answered without credentials: {}: {}",
                status,
                text
            );
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    still_serving(&runtime, &sandbox);
}

#[test]
fn arbitrary_bytes_on_the_socket_leave_the_server_serving() {
    let (runtime, sandbox) = running();
    let addr = sandbox.addr();
    let mut runner = TestRunner::new(RunnerConfig {
        cases: 96,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    let garbage = (
        proptest::collection::vec(any::<u8>(), 0..400),
        any::<bool>(),
    );
    let result = runner.run(&garbage, |(bytes, ends_head)| {
        let mut bytes = bytes;
        if ends_head {
            bytes.extend_from_slice(b"\r\n\r\n");
        }
        runtime.block_on(async {
            let Ok(mut stream) = TcpStream::connect(addr).await else {
                return Err(TestCaseError::fail("cannot connect"));
            };
            let _ = stream.write_all(&bytes).await;
            // Half-close so that the server sees the end of what was sent.
            let _ = stream.shutdown().await;
            let mut reply = Vec::new();
            let _ = stream.read_to_end(&mut reply).await;
            // Whatever came back is an HTTP reply or nothing at all.
            prop_assert!(
                reply.is_empty() || reply.starts_with(b"HTTP/1.1 "),
                "{}",
                String::from_utf8_lossy(&reply)
            );
            Ok(())
        })
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    still_serving(&runtime, &sandbox);
}

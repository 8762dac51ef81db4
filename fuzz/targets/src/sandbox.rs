//! The sandbox's request parsing (path segments, query string, form body, PHP arrays) through
//! its real server: hyper, the router, the handlers.

use std::time::Duration;

use lamplight_sandbox::{Config, Sandbox};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long one request may take before the sandbox counts as hung. Generous: the fuzzer runs
/// niced on a loaded machine, and a hang is a bug, not a slow answer.
const DEADLINE: Duration = Duration::from_secs(30);

/// The largest reply read back; the sandbox's replies to one request are far smaller.
const MAX_REPLY: usize = 4 << 20;

/// One request, sent byte for byte to a fresh demo sandbox.
///
/// The first byte holds flags: bit 0 makes the request a POST (else a GET), bit 1 appends the
/// sandbox's credentials to the query string, so that requests get past the credential check
/// without the fuzzer guessing the key. The bytes up to the first newline are the request
/// target (prefixed with `/api/` unless they start with `/`); the rest is the form body.
///
/// Whatever the request, the sandbox must answer it completely, never with a 5xx (no fault is
/// injected, so a 5xx means a handler failed), and with a JSON body whenever it says so.
pub fn sandbox_request(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (target, body) = match rest.iter().position(|&b| b == b'\n') {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    crate::block_on(async {
        let sandbox = Sandbox::start(Config::demo())
            .await
            .expect("the demo sandbox starts");
        let request = request_bytes(&sandbox, flags, target, body);
        let reply = tokio::time::timeout(DEADLINE, exchange(&sandbox, &request))
            .await
            .unwrap_or_else(|_| panic!("the sandbox did not answer within {DEADLINE:?}"));
        check_reply(&reply, &request);
        sandbox.shutdown().await;
    });
}

fn request_bytes(sandbox: &Sandbox, flags: u8, target: &[u8], body: &[u8]) -> Vec<u8> {
    let method: &[u8] = if flags & 1 == 1 { b"POST" } else { b"GET" };
    let mut request = Vec::with_capacity(256 + target.len() + body.len());
    request.extend_from_slice(method);
    request.push(b' ');
    if !target.starts_with(b"/") {
        request.extend_from_slice(b"/api/");
    }
    request.extend_from_slice(target);
    if flags & 2 == 2 {
        let credentials = sandbox.credentials();
        request.push(if target.contains(&b'?') { b'&' } else { b'?' });
        request.extend_from_slice(
            format!(
                "lampid={}&project={}&key={}",
                credentials.lampid, credentials.project, credentials.key
            )
            .as_bytes(),
        );
    }
    request.extend_from_slice(b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if flags & 1 == 1 {
        request.extend_from_slice(b"Content-Type: application/x-www-form-urlencoded\r\n");
    }
    request.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    request.extend_from_slice(body);
    request
}

async fn exchange(sandbox: &Sandbox, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(sandbox.addr())
        .await
        .expect("the sandbox accepts a connection");
    // Reset rather than linger in TIME_WAIT: a fuzzing run opens millions of connections.
    #[allow(deprecated)]
    let _ = stream.set_linger(Some(Duration::ZERO));
    // The server may answer (400) and close before it has read everything; what it says is
    // still checked.
    let _ = stream.write_all(request).await;
    let mut reply = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(read) => {
                reply.extend_from_slice(&chunk[..read]);
                assert!(reply.len() <= MAX_REPLY, "a reply over {MAX_REPLY} bytes");
            }
        }
    }
    reply
}

fn check_reply(reply: &[u8], request: &[u8]) {
    let shown = || String::from_utf8_lossy(request).into_owned();
    let Some(head_end) = reply.windows(4).position(|w| w == b"\r\n\r\n") else {
        panic!("no complete reply to {:?}", shown());
    };
    let head = String::from_utf8_lossy(&reply[..head_end]);
    let body = &reply[head_end + 4..];
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|status| status.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head:?}"));
    assert!(
        status < 500,
        "HTTP {status} for {:?}: {}",
        shown(),
        String::from_utf8_lossy(body)
    );
    let headers = head.to_ascii_lowercase();
    if headers.contains("content-type: application/json") {
        if let Some(length) = headers
            .lines()
            .find_map(|line| line.strip_prefix("content-length: "))
            .and_then(|length| length.trim().parse::<usize>().ok())
        {
            assert_eq!(body.len(), length, "a cut reply to {:?}", shown());
        }
        if let Err(error) = serde_json::from_slice::<serde_json::Value>(body) {
            panic!("a reply that is not JSON ({error}) to {:?}", shown());
        }
    }
}

//! The sandbox's request parsing (path segments, query string, form body, PHP arrays) through
//! its real router, with every layer (credentials, limits, the request log) in place.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Request, header};
use lamplight_sandbox::{__private, Config};

/// How long one request may take before the sandbox counts as hung. Generous: the fuzzer runs
/// niced on a loaded machine, and a hang is a bug, not a slow answer.
const DEADLINE: Duration = Duration::from_secs(30);

/// One request to the router of a fresh demo sandbox.
///
/// The first byte holds flags: bit 0 makes the request a POST (else a GET), bit 1 appends the
/// sandbox's credentials to the query string, so that requests get past the credential check
/// without the fuzzer guessing the key. The bytes up to the first newline are the request
/// target (prefixed with `/api/` unless they start with `/`); the rest is the form body. A
/// target that is not a URI at all is not a request (the HTTP server refuses it before any
/// lamplight code runs).
///
/// Whatever the request, the sandbox must answer it completely, never with a 5xx (no fault is
/// injected, so a 5xx means a handler failed), and always with a JSON body.
pub fn sandbox_request(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let (target, body) = match rest.iter().position(|&b| b == b'\n') {
        Some(at) => (&rest[..at], &rest[at + 1..]),
        None => (rest, &[][..]),
    };
    let config = Config::demo();
    let uri = request_target(&config, flags, target);
    let post = flags & 1 == 1;
    let mut request = Request::builder()
        .method(if post { Method::POST } else { Method::GET })
        .uri(uri.as_slice());
    if post {
        request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    let Ok(request) = request.body(Body::from(body.to_vec())) else {
        return;
    };
    let shown = String::from_utf8_lossy(&uri).into_owned();
    crate::block_on(async {
        let router = __private::router(config).expect("the demo configuration is valid");
        let response = tokio::time::timeout(DEADLINE, __private::respond(&router, request))
            .await
            .unwrap_or_else(|_| panic!("the sandbox did not answer {shown:?} within {DEADLINE:?}"))
            .unwrap_or_else(|error| panic!("the reply to {shown:?} was cut short: {error}"));
        let status = response.status().as_u16();
        let body = response.body();
        assert!(
            status < 500,
            "HTTP {status} for {shown:?}: {}",
            String::from_utf8_lossy(body)
        );
        if let Err(error) = serde_json::from_slice::<serde_json::Value>(body) {
            panic!(
                "a reply that is not JSON ({error}) to {shown:?}: {}",
                String::from_utf8_lossy(body)
            );
        }
    });
}

fn request_target(config: &Config, flags: u8, target: &[u8]) -> Vec<u8> {
    let mut uri = Vec::with_capacity(128 + target.len());
    if !target.starts_with(b"/") {
        uri.extend_from_slice(b"/api/");
    }
    uri.extend_from_slice(target);
    if flags & 2 == 2 {
        let credentials = &config.credentials;
        uri.push(if target.contains(&b'?') { b'&' } else { b'?' });
        uri.extend_from_slice(
            format!(
                "lampid={}&project={}&key={}",
                credentials.lampid, credentials.project, credentials.key
            )
            .as_bytes(),
        );
    }
    uri
}

//! From an HTTP request to a response: faults, limits, parameters, credentials, logging.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::StreamExt;

use crate::api::{Call, dispatch};
use crate::app::{Shared, lock};
use crate::config::CredentialsConfig;
use crate::faults::Fault;
use crate::log::{LoggedRequest, redact_pairs};
use crate::params::{Params, decode_pairs, percent_decode};
use crate::reply::Reply;
use crate::server::ConnectionControl;

/// The path of the state endpoint.
pub(crate) const STATE_PATH: &str = "/__sandbox/state";

/// The sandbox's routes.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(STATE_PATH, get(state_json).fallback(state_method))
        .fallback(handle)
        .with_state(shared)
}

/// Every body is JSON, even the answer to a POST to the state endpoint.
async fn state_method() -> Response {
    json_response(&Reply::http(405, "The state endpoint only answers GET"))
}

async fn state_json(State(shared): State<Arc<Shared>>) -> Response {
    let state = shared.store().snapshot();
    json_response(&Reply::ok(serde_json::to_value(state).unwrap_or_default()))
}

fn json_response(reply: &Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(&reply.body).unwrap_or_default();
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

fn fault_status(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let control = parts.extensions.get::<ConnectionControl>().cloned();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or_default().to_owned();
    let mut entry = LoggedRequest {
        method: parts.method.to_string(),
        path: lamplight_core::redact(&path, None),
        query: lamplight_core::redact(&query, None),
        form: Vec::new(),
        status: None,
        error: None,
        fault: None,
    };
    let is_api = path.starts_with("/api/");
    if is_api && shared.config.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(shared.config.latency_ms)).await;
    }
    let fault = if is_api {
        lock(&shared.faults).next()
    } else {
        None
    };
    entry.fault = fault.clone();
    match fault {
        Some(Fault::Status {
            status,
            retry_after,
        }) => {
            let status = fault_status(status);
            let reply = Reply::http(
                status.as_u16(),
                format!("Service unavailable (HTTP {status})"),
            );
            let mut response = json_response(&reply);
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            entry.status = Some(status.as_u16());
            shared.record(entry);
            return response;
        }
        Some(Fault::HtmlBody { status }) => {
            let status = fault_status(status);
            entry.status = Some(status.as_u16());
            shared.record(entry);
            return html_page(status);
        }
        Some(Fault::DropConnection) => {
            shared.record(entry);
            return drop_connection(control).await;
        }
        _ => {}
    }
    let delay = match fault {
        Some(Fault::Delay(delay)) => Some(delay),
        _ => None,
    };
    // Processing runs in its own task, so that a client that hangs up (or times out) after
    // sending its request does not cancel a write the server has received, as with a real
    // server. The task also logs the request, so one whose client hung up is still logged.
    let task_shared = Arc::clone(&shared);
    let mut task_entry = entry.clone();
    let reply_lost = matches!(fault, Some(Fault::DropAfterProcessing));
    let task = tokio::spawn(async move {
        if let Some(delay) = delay {
            tokio::time::sleep(delay).await;
        }
        let reply = process(&task_shared, &parts, body, &query, &mut task_entry).await;
        task_entry.error = reply.error;
        if !reply_lost {
            task_entry.status = Some(reply.status);
        }
        task_shared.record(task_entry);
        reply
    });
    let reply = match task.await {
        Ok(reply) => reply,
        Err(error) => {
            tracing::error!(%error, "processing a request failed");
            let reply = Reply::http(500, "The sandbox failed to process the request");
            entry.status = Some(reply.status);
            shared.record(entry);
            reply
        }
    };
    match fault {
        Some(Fault::DropAfterProcessing) => drop_connection(control).await,
        Some(Fault::TruncatedBody) => truncated(&reply),
        _ => json_response(&reply),
    }
}

/// Closes the connection without a response. Without a connection to close (the router used
/// outside the sandbox's own server) it answers 500 rather than pretend.
async fn drop_connection(control: Option<ConnectionControl>) -> Response {
    match control {
        Some(control) => {
            control.drop_connection();
            std::future::pending().await
        }
        None => json_response(&Reply::http(500, "The connection could not be dropped")),
    }
}

fn html_page(status: StatusCode) -> Response {
    let page = format!(
        "<!DOCTYPE html>\n<html><head><title>{status}</title></head>\
         <body><h1>{status}</h1><p>The server is temporarily unable to service your request.</p>\
         </body></html>\n"
    );
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=UTF-8"),
        )],
        page,
    )
        .into_response()
}

/// The full status and `Content-Length`, then half the body, then a closed connection.
fn truncated(reply: &Reply) -> Response {
    let body = serde_json::to_vec(&reply.body).unwrap_or_default();
    let full_length = body.len();
    let half = Bytes::from(body).slice(..full_length / 2);
    // The pause lets the server flush the half body before the error closes the connection.
    let rest = futures_util::stream::once(async {
        tokio::time::sleep(Duration::from_millis(10)).await;
        Err::<Bytes, std::io::Error>(std::io::Error::other("body truncated on purpose"))
    });
    let stream = futures_util::stream::iter([Ok(half)]).chain(rest);
    let mut response = Response::new(Body::from_stream(stream));
    *response.status_mut() = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::OK);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(full_length));
    response
}

fn is_form(parts: &Parts) -> bool {
    parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|mime| {
            mime.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

async fn process(
    shared: &Shared,
    parts: &Parts,
    body: Body,
    query: &str,
    entry: &mut LoggedRequest,
) -> Reply {
    let post = match parts.method {
        Method::GET | Method::HEAD => false,
        Method::POST => true,
        _ => return Reply::http(405, "Only GET and POST are supported"),
    };
    let limit = shared.config.max_body_bytes;
    let Ok(body) = axum::body::to_bytes(body, limit).await else {
        return Reply::http(
            413,
            format!("The request body is larger than {limit} bytes"),
        );
    };
    let query = match decode_pairs(query.as_bytes(), "query string") {
        Ok(pairs) => Params::from_pairs(&pairs),
        Err(error) => return Reply::http(400, error.to_string()),
    };
    let (what, how, path_params) = match route(parts.uri.path()) {
        Ok(route) => route,
        Err(reply) => return reply,
    };
    // Checked now, while the query and path are apart, but answered after a bad form body,
    // which the server reports first.
    let credentials = check_credentials(&shared.config.credentials, &query, &path_params);
    let mut params = query;
    params.merge(path_params);
    if post && is_form(parts) {
        match decode_pairs(&body, "form body") {
            Ok(pairs) => {
                entry.form = redact_pairs(&pairs);
                params.merge(Params::from_pairs(&pairs));
            }
            Err(error) => return Reply::http(400, error.to_string()),
        }
    }
    if let Err(reply) = credentials {
        return reply;
    }
    for name in ["lampid", "project", "key"] {
        params.remove(name);
    }
    let call = Call {
        shared,
        params: &params,
        post,
    };
    dispatch(&call, &what, &how)
}

/// Splits `/api/{what}/{how}/format/json[/name/value...]`.
fn route(path: &str) -> Result<(String, String, Params), Reply> {
    let expected = "Not found: requests go to /api/{what}/{how}/format/json";
    let rest = path
        .strip_prefix("/api/")
        .ok_or_else(|| Reply::http(404, expected))?;
    let mut segments = rest
        .split('/')
        .map(|segment| percent_decode(segment.as_bytes(), "path"))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| Reply::http(400, error.to_string()))?;
    while segments.last().is_some_and(String::is_empty) {
        segments.pop();
    }
    if segments.len() < 4 || segments[2] != "format" {
        return Err(Reply::http(404, expected));
    }
    if segments[3] != "json" {
        return Err(Reply::http(404, "Only format/json is supported"));
    }
    let mut params = Params::default();
    for pair in segments[4..].chunks(2) {
        let value = pair.get(1).cloned().unwrap_or_default();
        params.insert(&pair[0], value);
    }
    Ok((segments[0].clone(), segments[1].clone(), params))
}

/// Compares without stopping at the first difference, so timing does not reveal the key.
fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut difference = a.len() ^ b.len();
    for (i, byte) in a.iter().enumerate() {
        difference |= usize::from(byte ^ b.get(i).copied().unwrap_or(!byte));
    }
    difference == 0
}

fn check_credentials(
    expected: &CredentialsConfig,
    query: &Params,
    path: &Params,
) -> Result<(), Reply> {
    let given = |name: &str| path.non_empty(name).or_else(|| query.non_empty(name));
    let missing: Vec<&str> = ["lampid", "project", "key"]
        .into_iter()
        .filter(|name| given(name).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(Reply::http(
            401,
            format!("Missing credentials: {}", missing.join(", ")),
        ));
    }
    let number_is = |name: &str, wanted: u64| {
        given(name).and_then(|text| text.parse::<u64>().ok()) == Some(wanted)
    };
    let lampid_ok = number_is("lampid", expected.lampid);
    let project_ok = number_is("project", expected.project);
    let key_ok = given("key").is_some_and(|key| same_secret(key, &expected.key));
    if lampid_ok && project_ok && key_ok {
        Ok(())
    } else {
        Err(Reply::http(401, "Credentials not recognised"))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::FieldValue;

    fn credentials() -> CredentialsConfig {
        CredentialsConfig {
            lampid: 12,
            project: 3,
            key: "s3cret-key".to_owned(),
        }
    }

    fn params(query: &str) -> Params {
        Params::from_pairs(&decode_pairs(query.as_bytes(), "query").unwrap_or_default())
    }

    #[test]
    fn routes_split_what_how_and_name_value_segments() {
        let route = |path: &str| route(path).map_err(|reply| reply.status);
        let Ok((what, how, path_params)) = route("/api/people/one/format/json/role/user/id/653/")
        else {
            panic!("routes");
        };
        assert_eq!((what.as_str(), how.as_str()), ("people", "one"));
        assert_eq!(path_params.text("role"), Some("user"));
        assert_eq!(path_params.text("id"), Some("653"));
        let Ok((_, _, odd)) = route("/api/work/some/format/json/Colours%5B0%5D/Red/lonely") else {
            panic!("routes");
        };
        assert_eq!(
            odd.get("Colours"),
            Some(FieldValue::Many(vec!["Red".into()]))
        );
        assert_eq!(
            odd.text("lonely"),
            Some(""),
            "a name without a value is empty"
        );
        assert_eq!(route("/api/work/some").err(), Some(404));
        assert_eq!(route("/api/work/some/format/xml").err(), Some(404));
        assert_eq!(route("/other/work/some/format/json").err(), Some(404));
        assert_eq!(route("/api/work/one/format/json/id/%zz").err(), Some(400));
        assert_eq!(route("/api/work/one/format/json/id/%ff").err(), Some(400));
    }

    #[test]
    fn credentials_come_from_the_query_or_the_path() {
        let expected = credentials();
        let none = Params::default();
        let good = params("lampid=12&project=3&key=s3cret-key");
        assert!(check_credentials(&expected, &good, &none).is_ok());
        assert!(check_credentials(&expected, &none, &good).is_ok());
        for bad in [
            "",
            "lampid=12&project=3",
            "lampid=12&project=3&key=",
            "lampid=12&project=3&key=s3cret-ke",
            "lampid=12&project=3&key=s3cret-key2",
            "lampid=13&project=3&key=s3cret-key",
            "lampid=12&project=x&key=s3cret-key",
            "lampid[]=12&project=3&key=s3cret-key",
        ] {
            let reply = check_credentials(&expected, &params(bad), &none).err();
            assert_eq!(reply.map(|reply| reply.status), Some(401), "{bad}");
        }
    }

    #[test]
    fn secrets_compare_by_content_and_length() {
        assert!(same_secret("abc", "abc") && same_secret("", ""));
        assert!(!same_secret("abc", "abd") && !same_secret("abc", "ab"));
        assert!(!same_secret("ab", "abc") && !same_secret("", "a"));
    }

    /// Request-target text as a client may send it: URI characters, percent escapes (some of
    /// them not UTF-8 once decoded) and stray `%` signs.
    fn uri_text() -> impl Strategy<Value = String> {
        "([A-Za-z0-9._~!$&'()*+,;=:@\\[\\]/-]|%[0-9A-Fa-f]{2}|%){0,40}"
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn routing_any_path_never_panics(path in uri_text(), raw in any::<String>()) {
            for path in [format!("/api/{path}"), format!("/api/work/some/format/json/{path}"), raw] {
                if let Ok((what, how, _)) = route(&path) {
                    prop_assert!(path.starts_with("/api/"));
                    prop_assert!(!what.contains('/') && !how.contains('/'));
                }
            }
        }

        #[test]
        fn checking_any_credentials_never_panics(query in uri_text(), path in uri_text()) {
            let expected = credentials();
            let query = params(&query);
            let path = route(&format!("/api/a/b/format/json/{path}"))
                .map(|(_, _, params)| params)
                .unwrap_or_default();
            // The right key is never guessed by chance: the text has no `s3cret-key`.
            prop_assert!(check_credentials(&expected, &query, &path).is_err());
        }
    }
}

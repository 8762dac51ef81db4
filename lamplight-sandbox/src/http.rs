//! Request handling: which requests are API calls, the steps around them, and the handler that
//! turns one into a reply (parameters, credentials, the record cap, then `api::dispatch`).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::api::{Call, dispatch};
use crate::config::CredentialsConfig;
use crate::log::LogHandle;
use crate::params::{Params, decode_pairs, percent_decode};
use crate::reply::Reply;
use crate::server::ConnectionControl;
use crate::state::AppState;
use crate::{faults, limits};

pub(crate) const STATE_PATH: &str = "/__sandbox/state";

const NOT_FOUND: &str = "Not found: requests go to /api/{what}/{how}/format/json";

/// The sandbox as an axum router, for driving it without sockets: one handler, [`handle`],
/// which the sandbox's own server calls directly.
pub(crate) fn router(app: Arc<AppState>) -> Router {
    Router::new().fallback(handle_routed).with_state(app)
}

async fn handle_routed(State(app): State<Arc<AppState>>, request: Request) -> Response {
    handle(app, request, None).await
}

/// Every request the sandbox receives. The state endpoint answers at once. Any other request
/// is logged (when the log is on), and one under `/api` then passes, in order: the latency
/// (when set), the fault layer (which lets processing outlive the connection), the rate limit,
/// the body limit and [`route`]. These are plain calls rather than tower layers: a layer costs
/// a boxed service clone and a boxed future per request, and the steps are a fixed sequence.
/// `control` closes the request's connection, when there is one.
pub(crate) async fn handle(
    app: Arc<AppState>,
    request: Request,
    control: Option<ConnectionControl>,
) -> Response {
    let path = request.uri().path();
    if path == STATE_PATH {
        return match *request.method() {
            Method::GET | Method::HEAD => state_json(&app),
            // Every body is JSON, even the answer to a POST to the state endpoint.
            _ => json_response(&Reply::http(405, "The state endpoint only answers GET")),
        };
    }
    let under_api = api_tail(path).is_some();
    let log = app
        .log
        .is_enabled()
        .then(|| LogHandle::start(&app, &request));
    let response = if under_api {
        if app.config.latency_ms > 0 {
            crate::latency::hold(Duration::from_millis(app.config.latency_ms)).await;
        }
        faults::inject(app, request, control, log.clone()).await
    } else {
        json_response(&Reply::http(404, NOT_FOUND))
    };
    if let Some(log) = log {
        log.finish(Some(response.status().as_u16()));
    }
    response
}

/// The path below `/api` of a request under it: `/api` itself (as `/`) and `/api/` followed by
/// anything at all. `/api/` alone and `/apix` are not under it.
fn api_tail(path: &str) -> Option<&str> {
    match path.strip_prefix("/api")? {
        "" => Some("/"),
        "/" => None,
        tail => tail.starts_with('/').then_some(tail),
    }
}

fn state_json(app: &AppState) -> Response {
    let body = serde_json::to_vec(&*app.store()).unwrap_or_default();
    json_body(StatusCode::OK, body)
}

pub(crate) fn json_response(reply: &Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    json_body(status, serde_json::to_vec(&reply.body).unwrap_or_default())
}

fn json_body(status: StatusCode, body: Vec<u8>) -> Response {
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

/// An API request past its fault: the rate limit, the body limit, then [`route`].
pub(crate) async fn process(
    app: Arc<AppState>,
    request: Request,
    log: Option<&LogHandle>,
) -> Response {
    if let Some(refused) = limits::refuse_over_rate(&app) {
        return refused;
    }
    match limits::read_body(&app, request).await {
        Ok((parts, body)) => route(&app, &parts, body, log),
        Err(refused) => refused,
    }
}

/// Whether a path (below `/api`) has the shape of an API call,
/// `/{what}/{how}/format/{format}[/...]`, with `what`, `how` and `format` not empty. Any other
/// path is not found.
fn is_api_path(path: &str) -> bool {
    let mut segments = path.splitn(6, '/');
    let mut next = || segments.next();
    matches!(
        (next(), next(), next(), next(), next()),
        (Some(""), Some(what), Some(how), Some("format"), Some(format))
            if !what.is_empty() && !how.is_empty() && !format.is_empty()
    )
}

/// Answers one API request whose body has been read: an API call, or 404.
fn route(app: &AppState, parts: &Parts, body: Bytes, log: Option<&LogHandle>) -> Response {
    let path = api_tail(parts.uri.path()).unwrap_or_default();
    if !is_api_path(path) {
        return json_response(&Reply::http(404, NOT_FOUND));
    }
    let reply = answer(app, parts, path, body, log);
    if let Some(log) = log {
        log.note(|entry| entry.error = reply.error);
    }
    json_response(&reply)
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

fn answer(
    app: &AppState,
    parts: &Parts,
    path: &str,
    body: Bytes,
    log: Option<&LogHandle>,
) -> Reply {
    let post = match parts.method {
        Method::GET | Method::HEAD => false,
        Method::POST => true,
        _ => return Reply::http(405, "Only GET and POST are supported"),
    };
    let query = match decode_pairs(
        parts.uri.query().unwrap_or_default().as_bytes(),
        "query string",
    ) {
        Ok(pairs) => Params::from_pairs(pairs),
        Err(error) => return Reply::http(400, error.to_string()),
    };
    let (what, how, path_params) = match endpoint(path) {
        Ok(endpoint) => endpoint,
        Err(reply) => return reply,
    };
    // Checked now, while the query and path are apart, but answered after a bad form body,
    // which the server reports first.
    let credentials = check_credentials(&app.config.credentials, &query, &path_params);
    let mut params = query;
    params.merge(path_params);
    if post && is_form(parts) {
        match decode_pairs(&body, "form body") {
            Ok(pairs) => {
                if let Some(log) = log {
                    log.note(|entry| entry.form = Some(body.clone()));
                }
                params.merge(Params::from_pairs(pairs));
            }
            Err(error) => return Reply::http(400, error.to_string()),
        }
    }
    if let Err(reply) = credentials {
        return reply;
    }
    params.remove(&["lampid", "project", "key"]);
    let call = Call {
        shared: app,
        params: &params,
        post,
    };
    if post && adds_records(&how) {
        app.if_room(|| dispatch(&call, &what, &how))
            .unwrap_or_else(|()| full(app.config.max_records))
    } else {
        dispatch(&call, &what, &how)
    }
}

/// Whether a POST to this method can add records: `add` (referrals and profiles), `attend`,
/// `relationship` and `group`. `update` changes a record in place.
fn adds_records(how: &str) -> bool {
    matches!(how, "add" | "attend" | "relationship" | "group")
}

/// The answer of a server whose storage is full: HTTP 507 Insufficient Storage, which no
/// retry cures; reads and updates still work.
fn full(max_records: usize) -> Reply {
    Reply::http(
        507,
        format!(
            "The sandbox is full: it stores at most {max_records} records (max_records), \
             and stores no more until it is restarted"
        ),
    )
}

/// The endpoint and the name/value segments of a routed API path (the router has checked its
/// shape, `/{what}/{how}/format/{format}[/name/value...]`), decoded as PHP decodes them: `+` is
/// a space, and bad escapes are errors.
fn endpoint(path: &str) -> Result<(String, String, Params), Reply> {
    let decode = |segment: &str| {
        percent_decode(segment.as_bytes(), "path")
            .map_err(|error| Reply::http(400, error.to_string()))
    };
    let mut segments = path.trim_start_matches('/').split('/');
    let mut next = || segments.next().unwrap_or_default();
    let (what, how, _, format) = (next(), next(), next(), next());
    let (what, how) = (decode(what)?, decode(how)?);
    if decode(format)? != "json" {
        return Err(Reply::http(404, "Only format/json is supported"));
    }
    let rest: Vec<&str> = segments.collect();
    let rest = match rest.iter().rposition(|segment| !segment.is_empty()) {
        Some(last) => &rest[..=last],
        None => &[],
    };
    let mut params = Params::default();
    for pair in rest.chunks(2) {
        let value = pair
            .get(1)
            .map_or(Ok(String::new()), |value| decode(value))?;
        params.insert_owned(decode(pair[0])?, value);
    }
    Ok((what, how, params))
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
    use crate::StoredValue;

    fn credentials() -> CredentialsConfig {
        CredentialsConfig {
            lampid: 12,
            project: 3,
            key: "s3cret-key".to_owned(),
        }
    }

    fn params(query: &str) -> Params {
        Params::from_pairs(decode_pairs(query.as_bytes(), "query").unwrap_or_default())
    }

    #[test]
    fn endpoints_split_what_how_and_name_value_segments() {
        let endpoint = |path: &str| endpoint(path).map_err(|reply| reply.status);
        let Ok((what, how, path_params)) = endpoint("/people/one/format/json/role/user/id/653/")
        else {
            panic!("an endpoint");
        };
        assert_eq!((what.as_str(), how.as_str()), ("people", "one"));
        assert_eq!(path_params.text("role"), Some("user"));
        assert_eq!(path_params.text("id"), Some("653"));
        let Ok((_, _, odd)) = endpoint("/work/some/format/json/Colours%5B0%5D/Red/lonely") else {
            panic!("an endpoint");
        };
        assert_eq!(
            odd.get("Colours"),
            Some(StoredValue::Many(vec!["Red".into()]))
        );
        assert_eq!(
            odd.text("lonely"),
            Some(""),
            "a name without a value is empty"
        );
        let Ok((_, _, spaced)) =
            endpoint("/people/some/format/json/First+language/Welsh%2FCymraeg")
        else {
            panic!("an endpoint");
        };
        assert_eq!(spaced.text("First_language"), Some("Welsh/Cymraeg"));
        assert_eq!(endpoint("/work/some/format/xml").err(), Some(404));
        assert_eq!(endpoint("/work/one/format/json/id/%zz").err(), Some(400));
        assert_eq!(endpoint("/work/one/format/json/id/%ff").err(), Some(400));
        assert_eq!(endpoint("/wo%zzrk/one/format/json").err(), Some(400));
    }

    #[test]
    fn api_paths_have_what_how_format_and_a_format() {
        for path in [
            "/work/some/format/json",
            "/work/some/format/json/",
            "/work/some/format/json//",
            "/people/one/format/json/id/653",
            "/work/some/format/xml",
            "/w%6Frk/some/format/json",
        ] {
            assert!(is_api_path(path), "{path}");
        }
        for path in [
            "",
            "/",
            "/work",
            "/work/some",
            "/work/some/format",
            "/work/some/format/",
            "/work/some/formats/json",
            "/work/some/f%6Frmat/json",
            "//some/format/json",
            "/work//format/json",
            "work/some/format/json",
        ] {
            assert!(!is_api_path(path), "{path}");
        }
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
        fn decoding_any_path_never_panics(path in uri_text(), raw in any::<String>()) {
            let _ = endpoint(&format!("/{path}"));
            let _ = endpoint(&raw);
            match endpoint(&format!("/work/some/format/json/{path}")) {
                Ok((what, how, _)) => prop_assert_eq!((what.as_str(), how.as_str()), ("work", "some")),
                Err(reply) => prop_assert_eq!(reply.status, 400),
            }
        }

        #[test]
        fn checking_any_credentials_never_panics(query in uri_text(), path in uri_text()) {
            let expected = credentials();
            let query = params(&query);
            let path = endpoint(&format!("/a/b/format/json/{path}"))
                .map(|(_, _, params)| params)
                .unwrap_or_default();
            // The right key is never guessed by chance: the text has no `s3cret-key`.
            prop_assert!(check_credentials(&expected, &query, &path).is_err());
        }
    }
}

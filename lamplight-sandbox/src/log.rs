//! The request log: an entry for each request, which the steps of its handling annotate, and a bounded buffer that
//! keeps the last [`crate::Config::request_log_limit`] of them. The API key is redacted when
//! the log is read, wherever it appears, so that the request path pays for no redaction.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{Method, Uri};
use lamplight_core::ErrorCode;

use crate::Fault;
use crate::params::{decode_pairs, split_name};
use crate::state::{AppState, lock};

/// Whether a decoded parameter name is the key's, as PHP would read it (`key`, `key[]`,
/// ` key`).
fn is_key_name(name: &str) -> bool {
    split_name(name.trim_start_matches(' ')).0 == "key"
}

/// What replaces the API key in the log.
pub const REDACTED: &str = lamplight_core::REDACTED;

/// One request as the sandbox saw it. The API key never appears: in the query, the path and
/// the form body, the value of `key` is replaced by `[redacted]`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct LoggedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path, e.g. `/api/referral/add/format/json`.
    pub path: String,
    /// The raw query string (without `?`).
    pub query: String,
    /// The decoded form body pairs, as sent.
    pub form: Vec<(String, String)>,
    /// The HTTP status replied, or `None` when the connection was dropped without a reply.
    pub status: Option<u16>,
    /// The Lamplight error code replied, if any (for `work/attend`, a request-level error only).
    pub error: Option<ErrorCode>,
    /// The fault injected into this request, if any.
    pub fault: Option<Fault>,
}

/// A request as received, kept as the request carried it (the URI and body share its
/// buffers), and redacted only when read.
pub(crate) struct Received {
    method: Method,
    uri: Uri,
    /// The form body, for a form POST whose body was read.
    pub(crate) form: Option<Bytes>,
    status: Option<u16>,
    pub(crate) error: Option<ErrorCode>,
    pub(crate) fault: Option<Fault>,
}

impl Received {
    fn redacted(&self) -> LoggedRequest {
        let form = self
            .form
            .as_ref()
            .and_then(|body| decode_pairs(body, "form body").ok())
            .map(|pairs| redact_pairs(&pairs))
            .unwrap_or_default();
        LoggedRequest {
            method: self.method.to_string(),
            path: lamplight_core::redact(self.uri.path(), None),
            query: lamplight_core::redact(self.uri.query().unwrap_or_default(), None),
            form,
            status: self.status,
            error: self.error,
            fault: self.fault.clone(),
        }
    }
}

/// The last requests, oldest first, never more than the limit.
pub(crate) struct RequestLog {
    limit: usize,
    entries: Mutex<VecDeque<Received>>,
}

impl RequestLog {
    pub(crate) fn new(limit: usize) -> RequestLog {
        RequestLog {
            limit,
            entries: Mutex::new(VecDeque::new()),
        }
    }

    pub(crate) fn is_enabled(&self) -> bool {
        self.limit > 0
    }

    fn push(&self, entry: Received) {
        if !self.is_enabled() {
            return;
        }
        let mut entries = lock(&self.entries);
        while entries.len() >= self.limit {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    pub(crate) fn read(&self) -> Vec<LoggedRequest> {
        lock(&self.entries).iter().map(Received::redacted).collect()
    }
}

/// The log entry of one request in flight, which the later steps and the handler annotate.
///
/// The entry is logged by [`LogHandle::finish`]: when the reply is ready (in the processing
/// task, so a request is logged even if its client has hung up), or when a fault drops the
/// connection. A request whose client hangs up before it is processed (while the latency holds
/// it, say) is not logged, as it never reached the server.
#[derive(Clone)]
pub(crate) struct LogHandle(Arc<Slot>);

struct Slot {
    app: Arc<AppState>,
    entry: Mutex<Option<Received>>,
}

impl LogHandle {
    pub(crate) fn note(&self, annotate: impl FnOnce(&mut Received)) {
        if let Some(entry) = lock(&self.0.entry).as_mut() {
            annotate(entry);
        }
    }

    /// Logs the entry with the status replied (`None`: no reply), once.
    pub(crate) fn finish(&self, status: Option<u16>) {
        let entry = lock(&self.0.entry).take();
        if let Some(mut entry) = entry {
            entry.status = status;
            self.0.app.log.push(entry);
        }
    }
}

impl LogHandle {
    /// Opens the entry of a request as it arrives; [`LogHandle::finish`] logs it.
    pub(crate) fn start(app: &Arc<AppState>, request: &Request) -> LogHandle {
        let entry = Received {
            method: request.method().clone(),
            uri: request.uri().clone(),
            form: None,
            status: None,
            error: None,
            fault: None,
        };
        LogHandle(Arc::new(Slot {
            app: Arc::clone(app),
            entry: Mutex::new(Some(entry)),
        }))
    }
}

/// Redacts the value of any `key` pair.
fn redact_pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| {
            let value = if is_key_name(name) { REDACTED } else { value };
            (name.clone(), value.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redact_query(query: &str) -> String {
        lamplight_core::redact(query, None)
    }

    fn redact_path(path: &str) -> String {
        lamplight_core::redact(path, None)
    }

    /// A path segment or query pair, often `key` itself.
    fn segment() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            proptest::strategy::Just("key".to_owned()),
            proptest::strategy::Just("key=x".to_owned()),
            "[a-z=%0-9\\[\\]+]{0,8}",
        ]
    }

    #[test]
    fn the_key_is_redacted_everywhere() {
        assert_eq!(
            redact_query("lampid=1&key=s3cret&x=1"),
            "lampid=1&key=[redacted]&x=1"
        );
        assert_eq!(redact_query("k%65y=s3cret"), "k%65y=[redacted]");
        assert_eq!(
            redact_path("/api/work/some/format/json/key/s3cret/num/2"),
            "/api/work/some/format/json/key/[redacted]/num/2"
        );
        let pairs = vec![("key".to_owned(), "s3cret".to_owned())];
        assert_eq!(redact_pairs(&pairs)[0].1, REDACTED);
        assert_eq!(
            redact_query("key%5B%5D=s3cret&+key=s3cret&key[0]=s3cret&keys=1"),
            "key%5B%5D=[redacted]&+key=[redacted]&key[0]=[redacted]&keys=1"
        );
        assert_eq!(
            redact_path("/api/a/b/format/json/key%5B%5D/s3cret"),
            "/api/a/b/format/json/key%5B%5D/[redacted]"
        );
        let pairs = vec![("key[]".to_owned(), "s3cret".to_owned())];
        assert_eq!(redact_pairs(&pairs)[0].1, REDACTED);
        assert_eq!(
            redact_path("/api/a/b/format/json/x/key/key/s3cret"),
            "/api/a/b/format/json/x/key/[redacted]/[redacted]"
        );
    }

    proptest::proptest! {
        #[test]
        fn the_key_never_reaches_the_log(
            before in proptest::collection::vec(segment(), 0..6),
            after in proptest::collection::vec(segment(), 0..6),
            name in proptest::sample::select(vec!["key", "key[]", "key%5B%5D", "+key", "k%65y"]),
        ) {
            let secret = "CANARY7secret";
            let query = format!("{}&{name}={secret}&{}", before.join("&"), after.join("&"));
            proptest::prop_assert!(!redact_query(&query).contains(secret), "{}", query);
            let path = format!("/api/{}/{name}/{secret}/{}", before.join("/"), after.join("/"));
            proptest::prop_assert!(!redact_path(&path).contains(secret), "{}", path);
        }
    }
}

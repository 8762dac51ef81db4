//! The request log, with the API key redacted wherever it appears.

use lamplight_core::ErrorCode;

use crate::Fault;
use crate::params::percent_decode;

/// What replaces the API key in the log.
pub const REDACTED: &str = "[redacted]";

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

/// Redacts `key=...` in a raw query string.
pub(crate) fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            let is_key = percent_decode(name.as_bytes(), "query").is_ok_and(|name| name == "key");
            if is_key {
                format!("{name}={REDACTED}")
            } else {
                pair.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Redacts the segment after a `key` segment in a path.
pub(crate) fn redact_path(path: &str) -> String {
    let mut redact_next = false;
    path.split('/')
        .map(|segment| {
            let out = if redact_next { REDACTED } else { segment };
            redact_next = !redact_next
                && percent_decode(segment.as_bytes(), "path").is_ok_and(|s| s == "key");
            out
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Redacts the value of any `key` pair.
pub(crate) fn redact_pairs(pairs: &[(String, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| {
            let value = if name == "key" { REDACTED } else { value };
            (name.clone(), value.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}

//! The request log, with the API key redacted wherever it appears.

use lamplight_core::ErrorCode;

use crate::Fault;
use crate::params::{percent_decode, split_name};

/// Whether a decoded parameter name is the key's, as PHP would read it (`key`, `key[]`,
/// ` key`).
fn is_key_name(name: &str) -> bool {
    split_name(name.trim_start_matches(' ')).0 == "key"
}

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
            let is_key =
                percent_decode(name.as_bytes(), "query").is_ok_and(|name| is_key_name(&name));
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
///
/// Every segment that follows a `key` segment is redacted, even one that is itself `key`: the
/// name/value pairs start after `format/json`, and redacting without counting pairs means a
/// path like `.../x/key/key/SECRET` (where `SECRET` is the key) cannot slip through.
pub(crate) fn redact_path(path: &str) -> String {
    let mut redact_next = false;
    path.split('/')
        .map(|segment| {
            let out = if redact_next { REDACTED } else { segment };
            redact_next = percent_decode(segment.as_bytes(), "path").is_ok_and(|s| is_key_name(&s));
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
            let value = if is_key_name(name) { REDACTED } else { value };
            (name.clone(), value.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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

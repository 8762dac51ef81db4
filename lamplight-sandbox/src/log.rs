//! The request log, with the API key redacted wherever it appears.

use lamplight_core::ErrorCode;

use crate::Fault;
use crate::params::split_name;

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

    #[test]
    fn key_pairs_are_redacted_by_their_decoded_name() {
        let pairs = vec![
            ("key".to_owned(), "s3cret".to_owned()),
            ("key[]".to_owned(), "s3cret".to_owned()),
            (" key".to_owned(), "s3cret".to_owned()),
            ("keys".to_owned(), "kept".to_owned()),
        ];
        let values: Vec<String> = redact_pairs(&pairs).into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, [REDACTED, REDACTED, REDACTED, "kept"]);
    }
}

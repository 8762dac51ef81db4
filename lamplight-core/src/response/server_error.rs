//! The body Lamplight sends when it refuses a request.

use std::fmt;

use serde_json::Value;

use super::lenient::{text_from, uint_from};
use crate::ErrorCode;

/// An error reply: `{"error": 1040, "msg": "Referral data provided was not valid"}`.
///
/// Lamplight usually sends it with an HTTP 4xx status, but sometimes with 200, so look for it in
/// every reply before decoding the data.
///
/// ```
/// use lamplight_core::ErrorCode;
/// use lamplight_core::response::ServerError;
///
/// let body = br#"{"error": "1040", "msg": "Referral data provided was not valid"}"#;
/// let error = ServerError::from_body(body).expect("an error reply");
/// assert_eq!(error.code, ErrorCode::InvalidReferral);
/// assert_eq!(error.message, "Referral data provided was not valid");
/// assert!(ServerError::from_body(br#"{"data": []}"#).is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerError {
    /// The error code.
    pub code: ErrorCode,
    /// The server's message, or the empty string if it sent none.
    pub message: String,
}

impl ServerError {
    /// The error in a reply body, if the body is an error reply.
    pub fn from_body(body: &[u8]) -> Option<ServerError> {
        serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|value| ServerError::from_value(&value))
    }

    /// The error in a decoded reply, if it is an error reply: an object whose top-level `error`
    /// holds a code (a number or numeric string) or, failing that, a message.
    pub fn from_value(value: &Value) -> Option<ServerError> {
        let body = value.as_object()?;
        let error = body.get("error")?;
        let message = body
            .get("msg")
            .or_else(|| body.get("message"))
            .and_then(text_from)
            .unwrap_or_default();
        match error {
            Value::Null | Value::Bool(false) => None,
            Value::String(s) if s.is_empty() => None,
            other => match uint_from(other).and_then(|n| i64::try_from(n).ok()) {
                Some(number) => Some(ServerError {
                    code: ErrorCode::from_number(number),
                    message,
                }),
                // `{"error": "some text"}`: a code-less error, kept with its words.
                None => Some(ServerError {
                    code: ErrorCode::Unknown(0),
                    message: if message.is_empty() {
                        text_from(other).unwrap_or_default()
                    } else {
                        message
                    },
                }),
            },
        }
    }
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_error(f, self.code, &self.message)
    }
}

/// `Lamplight error N: message`, or the code's meaning when the server sent no message; shared
/// by every error the server reports.
pub(super) fn write_error(
    f: &mut fmt::Formatter<'_>,
    code: ErrorCode,
    message: &str,
) -> fmt::Result {
    write!(f, "Lamplight error {}", code.number())?;
    if message.is_empty() {
        write!(f, " ({})", code.meaning())
    } else {
        write!(f, ": {message}")
    }
}

impl std::error::Error for ServerError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_shapes() {
        let e = ServerError::from_body(br#"{"error": 1026, "msg": "Already attending"}"#).unwrap();
        assert_eq!(e.code, ErrorCode::AlreadyAttending);
        assert_eq!(e.to_string(), "Lamplight error 1026: Already attending");
        let e = ServerError::from_body(br#"{"error": 4242}"#).unwrap();
        assert_eq!(e.code, ErrorCode::Unknown(4242));
        assert_eq!(e.message, "");
        let e = ServerError::from_body(br#"{"error": "Something broke"}"#).unwrap();
        assert_eq!(e.message, "Something broke");
        assert!(ServerError::from_body(br#"{"error": null, "data": 1}"#).is_none());
        assert!(ServerError::from_body(b"<html>").is_none());
        assert!(ServerError::from_body(br#"[{"error": 1}]"#).is_none());
    }
}

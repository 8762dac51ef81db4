//! Replies: JSON bodies, the HTTP status of each error code, and the two reply shapes.

use lamplight_core::ErrorCode;
use serde_json::{Map, Value, json};

use crate::config::Shape;

/// A reply before it becomes an HTTP response.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Value,
    pub(crate) error: Option<ErrorCode>,
}

impl Reply {
    /// A 200 reply.
    pub(crate) fn ok(body: Value) -> Reply {
        Reply {
            status: 200,
            body,
            error: None,
        }
    }

    /// A Lamplight error: `{"error": code, "msg": msg}` with the code's HTTP status.
    pub(crate) fn lamplight(code: ErrorCode, msg: impl Into<String>) -> Reply {
        Reply {
            status: status_for(code),
            body: json!({"error": code.number(), "msg": msg.into()}),
            error: Some(code),
        }
    }

    /// A Lamplight error with the code's documented meaning as the message.
    pub(crate) fn code(code: ErrorCode) -> Reply {
        let mut chars = code.meaning().chars();
        let msg: String = chars
            .next()
            .map(char::to_uppercase)
            .into_iter()
            .flatten()
            .chain(chars)
            .collect();
        Reply::lamplight(code, msg)
    }

    /// An error outside Lamplight's table (credentials, size limit, malformed request):
    /// `{"error": status, "msg": msg}` with that HTTP status.
    pub(crate) fn http(status: u16, msg: impl Into<String>) -> Reply {
        Reply {
            status,
            body: json!({"error": status, "msg": msg.into()}),
            error: None,
        }
    }
}

/// The HTTP status the sandbox sends with each Lamplight error code.
///
/// Lamplight answers errors "usually with an HTTP 4xx status, sometimes with 200". Here 200 goes
/// with the codes that do not mean the request failed outright: 1007 (the server itself does
/// not know what went wrong) and 1058 (the profile was saved, some custom fields were not).
pub fn status_for(code: ErrorCode) -> u16 {
    match code.number() {
        1007 | 1058 => 200,
        1003 | 1004 | 1008 | 1085 => 404,
        1005 | 1050 | 1073 | 1083 => 405,
        1002 | 1006 | 1020 | 1023 | 1027 | 1052 | 1053 | 1054 | 1070 | 1080 | 9999 => 403,
        1025 | 1026 | 1084 | 1086 => 409,
        1057 => 500,
        _ => 400,
    }
}

/// Builds values in the configured shape.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shaper(pub(crate) Shape);

impl Shaper {
    pub(crate) fn quirky(self) -> bool {
        self.0 == Shape::Quirky
    }

    /// A number: a string in the quirky shape.
    pub(crate) fn num(self, n: u64) -> Value {
        if self.quirky() {
            Value::String(n.to_string())
        } else {
            json!(n)
        }
    }

    /// A coordinate: a long decimal string in the quirky shape (`"51.5010089386737000"`).
    pub(crate) fn coord(self, value: Option<f64>) -> Value {
        match value {
            Some(value) if self.quirky() => Value::String(format!("{value:.13}000")),
            Some(value) => json!(value),
            None if self.quirky() => Value::String(String::new()),
            None => Value::Null,
        }
    }

    /// Optional text: `""` in the quirky shape, `null` in the clean one.
    pub(crate) fn text(self, value: Option<&str>) -> Value {
        match value {
            Some(text) => Value::String(text.to_owned()),
            None if self.quirky() => Value::String(String::new()),
            None => Value::Null,
        }
    }

    /// A list: `""` when empty in the quirky shape.
    pub(crate) fn list(self, items: Vec<Value>) -> Value {
        if items.is_empty() && self.quirky() {
            Value::String(String::new())
        } else {
            Value::Array(items)
        }
    }

    /// The `data` of a `one` request: the object itself in the quirky shape, a one-element
    /// array in the clean one.
    pub(crate) fn one(self, item: Value) -> Value {
        if self.quirky() { item } else { json!([item]) }
    }

    /// The `meta` of a list read.
    pub(crate) fn read_meta(self, shown: usize, total: usize) -> Map<String, Value> {
        let mut meta = Map::new();
        let count = if self.quirky() {
            "numResults"
        } else {
            "numRecords"
        };
        meta.insert(count.to_owned(), self.num(shown as u64));
        meta.insert("totalRecords".to_owned(), self.num(total as u64));
        meta
    }

    /// The `meta` of a write or a `one` read: `""` in the quirky shape, `{}` in the clean one.
    pub(crate) fn empty_meta(self) -> Value {
        if self.quirky() { json!("") } else { json!({}) }
    }

    /// `{"data": {"id": id, "attend": true}, "meta": ...}`, the reply to a successful create.
    pub(crate) fn created(self, id: u64) -> Value {
        json!({"data": {"id": self.num(id), "attend": true}, "meta": self.empty_meta()})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_an_error_or_partial_status() {
        for code in ErrorCode::ALL {
            let status = status_for(*code);
            assert!(
                status == 200 || (400..=500).contains(&status),
                "{code}: {status}"
            );
        }
    }

    #[test]
    fn every_code_has_a_capitalised_message() {
        for code in ErrorCode::ALL
            .iter()
            .copied()
            .chain([ErrorCode::Unknown(4242)])
        {
            let reply = Reply::code(code);
            let msg = reply.body["msg"].as_str().unwrap_or_default();
            assert!(
                !msg.is_empty() && !msg.starts_with(char::is_lowercase),
                "{code}: {msg}"
            );
            assert_eq!(reply.body["error"], json!(code.number()));
        }
    }

    #[test]
    fn coordinates_look_like_the_live_server() {
        let quirky = Shaper(Shape::Quirky);
        assert_eq!(
            quirky.coord(Some(51.5010089386737)),
            json!("51.5010089386737000")
        );
        assert_eq!(Shaper(Shape::Clean).coord(Some(51.5)), json!(51.5));
    }
}

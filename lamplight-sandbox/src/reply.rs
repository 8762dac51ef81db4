//! Replies: JSON bodies, the HTTP status of each error code, and the three reply shapes.

use std::sync::atomic::{AtomicU64, Ordering};

use lamplight_core::ErrorCode;
use serde_json::{Map, Value, json};

use crate::config::{Config, Shape};

/// A JSON object of these members, moved in. `json!` would copy every member that is not a
/// literal through the serializer, which for a page of records copies the whole page.
pub(crate) fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
    )
}

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

/// How the live server writes one value, where the shapes differ: the [`Shape::Live`] form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Live {
    /// As text: `"653"`, `"51.5010089386737000"`, `""` for an empty list.
    Text,
    /// As JSON proper: `653`, `51.50`, `[]`.
    Json,
}

/// Builds values in the configured shape.
///
/// Each method takes the live server's form at the place it is used, because the live server is
/// quirky differently on each endpoint (API.md, "Exactly where each quirk appears"). The clean
/// shape ignores it, and the chaos shape flips a seeded coin for every value.
#[derive(Debug)]
pub(crate) struct Shaper {
    shape: Shape,
    seed: u64,
    /// Coins flipped so far: the chaos shape's choices depend on the seed and on the order of
    /// requests, and on nothing else.
    draws: AtomicU64,
}

impl Shaper {
    pub(crate) fn new(config: &Config) -> Shaper {
        Shaper {
            shape: config.shape,
            seed: config.chaos_seed,
            draws: AtomicU64::new(0),
        }
    }

    /// Whether to write a value the quirky way here: as the live server does at this place,
    /// never in the clean shape, at random in the chaos shape.
    fn quirk(&self, live: bool) -> bool {
        match self.shape {
            Shape::Live => live,
            Shape::Clean => false,
            Shape::Chaos => self.coin(),
        }
    }

    /// A seeded coin (splitmix64 over the seed and the number of coins flipped so far).
    fn coin(&self) -> bool {
        let draw = self.draws.fetch_add(1, Ordering::Relaxed);
        let mut z = self
            .seed
            .wrapping_add(draw.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) & 1 == 1
    }

    /// Whether the shape is chaos and its coin says so: for the variations the live server is
    /// not known to send at a given place, but sends elsewhere.
    pub(crate) fn chaos(&self) -> bool {
        self.shape == Shape::Chaos && self.coin()
    }

    /// Whether replies take the live server's forms (for choices no single value decides).
    pub(crate) fn live(&self) -> bool {
        self.shape == Shape::Live
    }

    /// A number: `"653"` or `653`.
    pub(crate) fn num(&self, n: u64, live: Live) -> Value {
        if self.quirk(live == Live::Text) {
            Value::String(n.to_string())
        } else {
            json!(n)
        }
    }

    /// A coordinate: a long decimal string (`"51.5010089386737000"`) or a number; absent, `""`
    /// or `null`.
    pub(crate) fn coord(&self, value: Option<f64>, live: Live) -> Value {
        match value {
            Some(value) if self.quirk(live == Live::Text) => {
                Value::String(format!("{value:.13}000"))
            }
            Some(value) => json!(value),
            None => self.text(None),
        }
    }

    /// Optional text: absent, `""` (as the live server sends empty fields) or `null`.
    pub(crate) fn text(&self, value: Option<&str>) -> Value {
        match value {
            Some(text) => Value::String(text.to_owned()),
            None if self.quirk(true) => Value::String(String::new()),
            None => Value::Null,
        }
    }

    /// A list: `""` when empty where the live server writes it so, otherwise an array.
    pub(crate) fn list(&self, items: Vec<Value>, live: Live) -> Value {
        if items.is_empty() && self.quirk(live == Live::Text) {
            Value::String(String::new())
        } else {
            Value::Array(items)
        }
    }

    /// The `data` of a `one` request: the object itself (live), or a one-element array.
    pub(crate) fn one(&self, item: Value) -> Value {
        if self.quirk(true) {
            item
        } else {
            Value::Array(vec![item])
        }
    }

    /// The `meta` of a list read. `count` is the live server's name for the number of records
    /// in the reply (`numRecords`, or `numResults` on `workarea/all`), `total` its form of
    /// `totalRecords`.
    pub(crate) fn read_meta(
        &self,
        shown: usize,
        total: usize,
        count: &str,
        total_form: Live,
    ) -> Map<String, Value> {
        let count = match self.shape {
            Shape::Live => count,
            Shape::Clean => "numRecords",
            Shape::Chaos if self.coin() => "numResults",
            Shape::Chaos => "numRecords",
        };
        let mut meta = Map::new();
        meta.insert(count.to_owned(), self.num(shown as u64, Live::Json));
        meta.insert(
            "totalRecords".to_owned(),
            self.num(total as u64, total_form),
        );
        meta
    }

    /// The `meta` of a `one` read: numbers as the live server gives them, `{}` in the clean
    /// shape; in the chaos shape also `""`.
    pub(crate) fn one_meta(&self) -> Value {
        match self.shape {
            Shape::Clean => json!({}),
            Shape::Chaos if self.coin() => json!(""),
            Shape::Live | Shape::Chaos => {
                Value::Object(self.read_meta(1, 1, "numRecords", Live::Json))
            }
        }
    }

    /// The `meta` of a write: `""` (live) or `{}`.
    pub(crate) fn write_meta(&self) -> Value {
        if self.quirk(true) {
            json!("")
        } else {
            json!({})
        }
    }

    /// The reply to a successful create or update: `{"data": {"id": id, "attend": true},
    /// "meta": ""}` as the live server records it; in the chaos shape sometimes the bare id
    /// `{"data": id}`.
    pub(crate) fn created(&self, id: u64) -> Value {
        if self.chaos() {
            return object([("data", self.num(id, Live::Json))]);
        }
        let data = object([
            ("id", self.num(id, Live::Json)),
            ("attend", Value::Bool(true)),
        ]);
        object([("data", data), ("meta", self.write_meta())])
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

    fn shaper(shape: Shape, seed: u64) -> Shaper {
        Shaper::new(&Config {
            shape,
            chaos_seed: seed,
            ..Config::default()
        })
    }

    #[test]
    fn coordinates_look_like_the_live_server() {
        let live = shaper(Shape::Live, 0);
        assert_eq!(
            live.coord(Some(51.5010089386737), Live::Text),
            json!("51.5010089386737000")
        );
        assert_eq!(live.coord(Some(51.5), Live::Json), json!(51.5));
        assert_eq!(
            shaper(Shape::Clean, 0).coord(Some(51.5), Live::Text),
            json!(51.5)
        );
    }

    #[test]
    fn chaos_is_the_same_for_the_same_seed_and_differs_between_seeds() {
        let draw = |seed| {
            let chaos = shaper(Shape::Chaos, seed);
            (0..64)
                .map(|n| chaos.num(n, Live::Json))
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
        let values = draw(7);
        assert!(values.iter().any(Value::is_string), "{values:?}");
        assert!(values.iter().any(Value::is_u64), "{values:?}");
    }
}

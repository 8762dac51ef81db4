//! Lenient decoding of the values Lamplight sends, for `#[serde(deserialize_with = "...")]`.
//!
//! The live server is loose with types: numbers arrive as strings (`"id": "653"`), empty lists
//! as `""`, single records where a list was expected, and coordinates as long decimal strings.
//! Every read type in this crate decodes through these helpers, and they are public so that your
//! own serde types can accept the same replies:
//!
//! ```
//! use lamplight_core::response::lenient;
//!
//! #[derive(serde::Deserialize)]
//! struct Session {
//!     #[serde(deserialize_with = "lenient::uint")]
//!     id: u64,
//!     #[serde(default, deserialize_with = "lenient::option_u32")]
//!     num_users_attending: Option<u32>,
//!     #[serde(default, deserialize_with = "lenient::list")]
//!     tags: Vec<String>,
//! }
//!
//! let session: Session =
//!     serde_json::from_str(r#"{"id": "30936", "num_users_attending": "4", "tags": ""}"#)?;
//! assert_eq!(session.id, 30936);
//! assert_eq!(session.num_users_attending, Some(4));
//! assert!(session.tags.is_empty());
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{
    DeserializeOwned, Error as _, IgnoredAny, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use time::macros::format_description;
use time::{Date, PrimitiveDateTime, Time};

/// Describes a JSON value in a few words, for error messages.
pub(crate) fn describe(value: &Value) -> String {
    Scalar::from(value).describe()
}

/// Whether a value stands for "nothing": `null` or the empty (or blank) string.
pub(crate) fn is_blank(value: &Value) -> bool {
    Scalar::from(value).is_blank()
}

/// A whole number from a JSON number or a numeric string.
pub(crate) fn uint_from(value: &Value) -> Option<u64> {
    Scalar::from(value).uint()
}

/// A whole number from a JSON number or a numeric string, or what was found instead.
pub(crate) fn uint_value(value: &Value) -> Result<u64, String> {
    uint_from(value).ok_or_else(|| format!("expected a whole number, found {}", describe(value)))
}

/// Writes a date-time as Lamplight does, `YYYY-MM-DD HH:MM:SS`, for `serialize_with`.
pub(crate) fn serialize_option_date_time<S: serde::Serializer>(
    value: &Option<PrimitiveDateTime>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let full = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    match value {
        None => serializer.serialize_none(),
        Some(value) => {
            let text = value.format(full).map_err(serde::ser::Error::custom)?;
            serializer.serialize_str(&text)
        }
    }
}

/// Text from a JSON string, number or boolean.
pub(crate) fn text_from(value: &Value) -> Option<String> {
    Scalar::from(value).into_text().ok()
}

/// One JSON value as the lenient helpers see it, read straight from the deserializer without
/// building a `serde_json::Value` tree: lenient decoding must cost about what strict decoding does.
pub(crate) enum Scalar<'de> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Str(Cow<'de, str>),
    /// An array, skipped.
    Array,
    /// An object, skipped.
    Object,
}

impl Scalar<'_> {
    pub(crate) fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Scalar<'de>, D::Error> {
        deserializer.deserialize_any(ScalarVisitor)
    }

    fn describe(&self) -> String {
        match self {
            Scalar::Null => "null".to_owned(),
            Scalar::Bool(b) => format!("the boolean {b}"),
            Scalar::Unsigned(n) => format!("the number {n}"),
            Scalar::Signed(n) => format!("the number {n}"),
            Scalar::Float(f) => format!("the number {}", float_text(*f)),
            Scalar::Str(s) => {
                let short: String = s.chars().take(40).collect();
                format!("the string {short:?}")
            }
            Scalar::Array => "an array".to_owned(),
            Scalar::Object => "an object".to_owned(),
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Scalar::Null => true,
            Scalar::Str(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    fn uint(&self) -> Option<u64> {
        match self {
            Scalar::Unsigned(n) => Some(*n),
            Scalar::Signed(n) => u64::try_from(*n).ok(),
            Scalar::Float(f) => whole(*f),
            Scalar::Str(s) => {
                let s = s.trim();
                // "653.0" is still 653.
                s.parse::<u64>()
                    .ok()
                    .or_else(|| s.parse::<f64>().ok().and_then(whole))
            }
            _ => None,
        }
    }

    fn decimal(&self) -> Option<f64> {
        match self {
            Scalar::Unsigned(n) => Some(*n as f64),
            Scalar::Signed(n) => Some(*n as f64),
            Scalar::Float(f) => Some(*f),
            Scalar::Str(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        }
    }

    pub(crate) fn into_text(self) -> Result<String, Self> {
        match self {
            Scalar::Str(s) => Ok(s.into_owned()),
            Scalar::Unsigned(n) => Ok(n.to_string()),
            Scalar::Signed(n) => Ok(n.to_string()),
            Scalar::Float(f) => Ok(float_text(f)),
            Scalar::Bool(b) => Ok(if b { "1" } else { "0" }.to_owned()),
            other => Err(other),
        }
    }

    fn flag(&self) -> Option<bool> {
        match self {
            Scalar::Null => Some(false),
            Scalar::Bool(b) => Some(*b),
            Scalar::Unsigned(n) => Some(*n != 0),
            Scalar::Signed(n) => Some(*n != 0),
            Scalar::Float(f) => Some(*f != 0.0),
            Scalar::Str(s) => word_flag(s),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Scalar::read(deserializer)
    }
}

/// A value already decoded into a tree reads through the same rules as one read as it streams.
impl<'a> From<&'a Value> for Scalar<'a> {
    fn from(value: &'a Value) -> Scalar<'a> {
        match value {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Scalar::Unsigned(u),
                (None, Some(i)) => Scalar::Signed(i),
                (None, None) => Scalar::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Scalar::Str(Cow::Borrowed(s)),
            Value::Array(_) => Scalar::Array,
            Value::Object(_) => Scalar::Object,
        }
    }
}

fn whole(f: f64) -> Option<u64> {
    (f.is_finite() && f.fract() == 0.0 && f >= 0.0 && f <= u64::MAX as f64).then_some(f as u64)
}

/// A float as serde_json prints it (`8.0`, not `8`), so text read from a number is the same
/// whichever path decoded it.
fn float_text(f: f64) -> String {
    serde_json::Number::from_f64(f).map_or_else(|| f.to_string(), |n| n.to_string())
}

fn word_flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "0" | "false" | "no" | "n" => Some(false),
        "1" | "true" | "yes" | "y" => Some(true),
        _ => None,
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Unsigned(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Signed(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Borrowed(v)))
    }

    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Str(Cow::Owned(v)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Array)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Object)
    }
}

/// A whole number, sent as a number or a numeric string (`653` or `"653"`).
pub fn uint<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    let value = Scalar::read(deserializer)?;
    value.uint().ok_or_else(|| {
        D::Error::custom(format!(
            "expected a whole number, found {}",
            value.describe()
        ))
    })
}

/// An optional whole number: `null`, `""` or an absent field (with `#[serde(default)]`) are `None`.
pub fn option_uint<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
    let value = Scalar::read(deserializer)?;
    if value.is_blank() {
        return Ok(None);
    }
    value.uint().map(Some).ok_or_else(|| {
        D::Error::custom(format!(
            "expected a whole number, found {}",
            value.describe()
        ))
    })
}

/// An optional whole number that fits in a `u32`, as [`option_uint`] reads it.
pub fn option_u32<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    match option_uint(deserializer)? {
        None => Ok(None),
        Some(n) => u32::try_from(n)
            .map(Some)
            .map_err(|_| D::Error::custom(format!("{n} is too large for a count"))),
    }
}

/// An optional decimal, sent as a number or a string of any length
/// (`"51.5010089386737000"`); `null` and `""` are `None`.
pub fn option_decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    let value = Scalar::read(deserializer)?;
    if value.is_blank() {
        return Ok(None);
    }
    value
        .decimal()
        .map(Some)
        .ok_or_else(|| D::Error::custom(format!("expected a decimal, found {}", value.describe())))
}

/// Text, from a string, number or boolean; `null` is the empty string.
pub fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Scalar::read(deserializer)? {
        Scalar::Null => Ok(String::new()),
        value => value.into_text().map_err(|value| {
            D::Error::custom(format!("expected text, found {}", value.describe()))
        }),
    }
}

/// Optional text: `null` and `""` are `None`; numbers and booleans become their text.
pub fn option_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match Scalar::read(deserializer)? {
        Scalar::Null => Ok(None),
        Scalar::Str(s) if s.is_empty() => Ok(None),
        value => value.into_text().map(Some).map_err(|value| {
            D::Error::custom(format!("expected text, found {}", value.describe()))
        }),
    }
}

/// A yes/no flag: `true`/`false`, `1`/`0`, `"1"`/`"0"`, `"true"`/`"false"`, `"yes"`/`"no"`;
/// `null` and `""` are `false`.
pub fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    let value = Scalar::read(deserializer)?;
    value.flag().ok_or_else(|| {
        D::Error::custom(format!(
            "expected a yes/no flag, found {}",
            value.describe()
        ))
    })
}

pub(crate) fn flag_from(value: &Value) -> Option<bool> {
    Scalar::from(value).flag()
}

/// A list that may arrive as an array, as `""` or `null` (empty), or as a single item.
pub fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    deserializer.deserialize_any(ListVisitor(PhantomData))
}

/// Reads a list in any of the shapes [`list`] accepts, one element at a time.
pub(crate) struct ListVisitor<T>(pub(crate) PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list, an empty string, or a single item")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(Vec::new());
        }
        T::deserialize(v.to_owned().into_deserializer()).map(|item| vec![item])
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(|item| vec![item])
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(|item| vec![item])
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(|item| vec![item])
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(v.into_deserializer()).map(|item| vec![item])
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(|item| vec![item])
    }
}

/// An optional date and time, sent as `YYYY-MM-DD HH:MM:SS` (also accepted: a `T` separator,
/// no seconds, or a bare date at midnight). `null`, `""` and MySQL's zero date are `None`.
pub fn option_date_time<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<PrimitiveDateTime>, D::Error> {
    let value = Scalar::read(deserializer)?;
    if value.is_blank() {
        return Ok(None);
    }
    let Scalar::Str(text) = &value else {
        return Err(D::Error::custom(format!(
            "expected a date and time, found {}",
            value.describe()
        )));
    };
    parse_date_time(text.trim())
        .map_err(|()| D::Error::custom(format!("`{text}` is not a date and time")))
}

/// Parses Lamplight's date-time text; `Ok(None)` for the zero date.
pub(crate) fn parse_date_time(text: &str) -> Result<Option<PrimitiveDateTime>, ()> {
    if text.starts_with("0000-00-00") {
        return Ok(None);
    }
    if let Some(parsed) = parse_usual_date_time(text) {
        return Ok(Some(parsed));
    }
    let full = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let iso = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let minutes = format_description!("[year]-[month]-[day] [hour]:[minute]");
    let date = format_description!("[year]-[month]-[day]");
    PrimitiveDateTime::parse(text, full)
        .or_else(|_| PrimitiveDateTime::parse(text, iso))
        .or_else(|_| PrimitiveDateTime::parse(text, minutes))
        .or_else(|_| Date::parse(text, date).map(|d| PrimitiveDateTime::new(d, Time::MIDNIGHT)))
        .map(Some)
        .map_err(|_| ())
}

/// The form nearly every reply uses, `YYYY-MM-DD HH:MM:SS`, read without a format description;
/// anything else falls through to the general parser.
fn parse_usual_date_time(text: &str) -> Option<PrimitiveDateTime> {
    let b = text.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u16> {
        b[range].iter().try_fold(0u16, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u16::from(d - b'0'))
        })
    };
    let month = time::Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    let date =
        Date::from_calendar_date(i32::from(number(0..4)?), month, number(8..10)? as u8).ok()?;
    let time = Time::from_hms(
        number(11..13)? as u8,
        number(14..16)? as u8,
        number(17..19)? as u8,
    )
    .ok()?;
    Some(PrimitiveDateTime::new(date, time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Deserialize)]
    struct Probe {
        #[serde(default, deserialize_with = "option_uint")]
        n: Option<u64>,
        #[serde(default, deserialize_with = "option_decimal")]
        f: Option<f64>,
        #[serde(default, deserialize_with = "flag")]
        b: bool,
        #[serde(default, deserialize_with = "list")]
        l: Vec<u32>,
        #[serde(default, deserialize_with = "option_date_time")]
        d: Option<PrimitiveDateTime>,
        #[serde(default, deserialize_with = "option_text")]
        t: Option<String>,
    }

    fn probe(value: Value) -> Result<Probe, serde_json::Error> {
        serde_json::from_value(value)
    }

    #[test]
    fn numbers_as_strings() {
        assert_eq!(probe(json!({"n": "653"})).unwrap().n, Some(653));
        assert_eq!(probe(json!({"n": " 7 "})).unwrap().n, Some(7));
        assert_eq!(probe(json!({"n": 8.0})).unwrap().n, Some(8));
        assert_eq!(probe(json!({"n": ""})).unwrap().n, None);
        assert!(probe(json!({"n": "abc"})).is_err());
        assert!(probe(json!({"n": -1})).is_err());
        assert!(probe(json!({"n": "1.5"})).is_err());
    }

    #[test]
    fn long_decimal_strings() {
        let p = probe(json!({"f": "51.5010089386737000"})).unwrap();
        assert!((p.f.unwrap() - 51.501_008_938_673_7).abs() < 1e-12);
        assert_eq!(probe(json!({"f": -0.12})).unwrap().f, Some(-0.12));
        assert_eq!(probe(json!({"f": ""})).unwrap().f, None);
        assert!(probe(json!({"f": "north"})).is_err());
    }

    #[test]
    fn flags() {
        for yes in [
            json!(true),
            json!(1),
            json!("1"),
            json!("true"),
            json!("Yes"),
        ] {
            assert!(probe(json!({ "b": yes })).unwrap().b);
        }
        for no in [json!(false), json!(0), json!("0"), json!(""), json!(null)] {
            assert!(!probe(json!({ "b": no })).unwrap().b);
        }
        assert!(probe(json!({"b": "maybe"})).is_err());
    }

    #[test]
    fn lists_in_every_shape() {
        assert_eq!(probe(json!({"l": [1, 2]})).unwrap().l, [1, 2]);
        assert_eq!(probe(json!({"l": ""})).unwrap().l, Vec::<u32>::new());
        assert_eq!(probe(json!({"l": null})).unwrap().l, Vec::<u32>::new());
        assert_eq!(probe(json!({"l": 5})).unwrap().l, [5]);
        assert_eq!(probe(json!({})).unwrap().l, Vec::<u32>::new());
    }

    #[test]
    fn dates() {
        let d = probe(json!({"d": "2024-03-01 09:30:00"}))
            .unwrap()
            .d
            .unwrap();
        assert_eq!((d.hour(), d.minute()), (9, 30));
        assert_eq!(
            probe(json!({"d": "2024-03-01"})).unwrap().d.unwrap().hour(),
            0
        );
        assert!(
            probe(json!({"d": "2024-03-01T09:30:00"}))
                .unwrap()
                .d
                .is_some()
        );
        assert!(
            probe(json!({"d": "0000-00-00 00:00:00"}))
                .unwrap()
                .d
                .is_none()
        );
        assert!(probe(json!({"d": ""})).unwrap().d.is_none());
        assert!(probe(json!({"d": "yesterday"})).is_err());
        assert!(probe(json!({"d": "2024-02-30 09:30:00"})).is_err());
        assert!(probe(json!({"d": "2024-03-01 24:00:00"})).is_err());
        assert!(probe(json!({"d": "2024-03-01 0a:00:00"})).is_err());
        assert_eq!(
            parse_usual_date_time("2024-03-01 09:30:05"),
            PrimitiveDateTime::parse(
                "2024-03-01 09:30:05",
                format_description!("[year]-[month]-[day] [hour]:[minute]:[second]")
            )
            .ok()
        );
    }

    #[test]
    fn text_from_anything_scalar() {
        assert_eq!(probe(json!({"t": 12})).unwrap().t.as_deref(), Some("12"));
        assert_eq!(probe(json!({"t": ""})).unwrap().t, None);
        assert!(probe(json!({"t": [1]})).is_err());
    }
}

//! The `{"data": ..., "meta": ...}` envelope every reply comes in.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::lenient::{describe, is_blank, option_decimal, option_uint};

/// A reply's envelope: its `data`, decoded as `T`, and its `meta`.
///
/// `T` sees `data` exactly as sent (or `null` when it is absent), so use it with a type that is
/// itself lenient, such as [`One`] or a `Vec` decoded with [`lenient::list`](super::lenient::list).
/// For lists of records, [`Page`](super::Page) is usually what you want.
///
/// ```
/// use lamplight_core::response::{One, Reply, Workarea};
///
/// let reply: Reply<One<Workarea>> =
///     serde_json::from_str(r#"{"data": [{"id": "3", "text": "Youth work"}], "meta": ""}"#)?;
/// assert_eq!(reply.data.0.text, "Youth work");
/// assert_eq!(reply.meta.total_records, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Reply<T> {
    /// The reply's `data`.
    pub data: T,
    /// The reply's `meta`; empty when the server sent `""` or nothing.
    pub meta: Meta,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Reply<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let Value::Object(mut body) = value else {
            return Err(D::Error::custom(format!(
                "expected a reply object with `data`, found {}",
                describe(&value)
            )));
        };
        let data = body.remove("data").unwrap_or(Value::Null);
        let meta = match body.remove("meta") {
            Some(meta) => serde_json::from_value(meta).map_err(D::Error::custom)?,
            None => Meta::default(),
        };
        let data = serde_json::from_value(data)
            .map_err(|err| D::Error::custom(format!("in `data`: {err}")))?;
        Ok(Reply { data, meta })
    }
}

/// The `meta` of a reply: record counts, and the centre of a `near` search.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct Meta {
    /// How many records this reply holds (`numRecords`, or `numResults` as the live server
    /// sends it).
    pub num_records: Option<u64>,
    /// How many records match in all (`totalRecords`).
    pub total_records: Option<u64>,
    /// Where a `near` search was centred (`geosearchCentre`).
    pub geosearch_centre: Option<GeoPoint>,
}

#[derive(Deserialize)]
struct MetaWire {
    #[serde(default, rename = "numRecords", deserialize_with = "option_uint")]
    num_records: Option<u64>,
    #[serde(default, rename = "numResults", deserialize_with = "option_uint")]
    num_results: Option<u64>,
    #[serde(default, rename = "totalRecords", deserialize_with = "option_uint")]
    total_records: Option<u64>,
    #[serde(default, rename = "geosearchCentre")]
    geosearch_centre: Option<Value>,
}

impl<'de> Deserialize<'de> for Meta {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        // The live server sends `"meta": ""` when there is nothing to say.
        if is_blank(&value) || value.as_array().is_some_and(Vec::is_empty) {
            return Ok(Meta::default());
        }
        let wire: MetaWire = serde_json::from_value(value).map_err(D::Error::custom)?;
        let geosearch_centre = match wire.geosearch_centre {
            Some(centre) if !is_blank(&centre) => {
                Some(serde_json::from_value(centre).map_err(D::Error::custom)?)
            }
            _ => None,
        };
        Ok(Meta {
            num_records: wire.num_records.or(wire.num_results),
            total_records: wire.total_records,
            geosearch_centre,
        })
    }
}

/// A point on the map, as latitude and longitude in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, serde::Serialize)]
pub struct GeoPoint {
    /// Latitude in degrees.
    #[serde(deserialize_with = "required_decimal")]
    pub lat: f64,
    /// Longitude in degrees.
    #[serde(deserialize_with = "required_decimal")]
    pub lng: f64,
}

fn required_decimal<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    option_decimal(deserializer)?.ok_or_else(|| D::Error::custom("expected a coordinate"))
}

/// A `data` that names one record: sent as a single object, or as an array holding it.
///
/// ```
/// use lamplight_core::response::{One, Reply, Workarea};
///
/// for body in [r#"{"data": {"id": 1, "text": "A"}}"#, r#"{"data": [{"id": 1, "text": "A"}]}"#] {
///     let reply: Reply<One<Workarea>> = serde_json::from_str(body)?;
///     assert_eq!(reply.data.0.id, 1);
/// }
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct One<T>(pub T);

impl<'de, T: DeserializeOwned> Deserialize<'de> for One<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let record = match value {
            Value::Array(items) => {
                let count = items.len();
                let mut items = items.into_iter();
                match (items.next(), count) {
                    (Some(record), 1) => record,
                    (None, _) => return Err(D::Error::custom("expected one record, found none")),
                    (Some(_), n) => {
                        return Err(D::Error::custom(format!("expected one record, found {n}")));
                    }
                }
            }
            blank if is_blank(&blank) => {
                return Err(D::Error::custom("expected one record, found none"));
            }
            record => record,
        };
        serde_json::from_value(record)
            .map(One)
            .map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_shapes() {
        let clean: Meta = serde_json::from_str(r#"{"numRecords": 2, "totalRecords": 20}"#).unwrap();
        assert_eq!(
            (clean.num_records, clean.total_records),
            (Some(2), Some(20))
        );
        let quirky: Meta =
            serde_json::from_str(r#"{"numResults": "2", "totalRecords": "20"}"#).unwrap();
        assert_eq!(quirky, clean);
        let empty: Meta = serde_json::from_str(r#""""#).unwrap();
        assert_eq!(empty, Meta::default());
        let geo: Meta = serde_json::from_str(
            r#"{"geosearchCentre": {"lat": "51.5010089386737000", "lng": "-0.1415870000000000"}}"#,
        )
        .unwrap();
        let centre = geo.geosearch_centre.unwrap();
        assert!((centre.lat - 51.501_008_938_673_7).abs() < 1e-12);
        assert!((centre.lng + 0.141_587).abs() < 1e-12);
    }

    #[test]
    fn one_refuses_none_and_several() {
        assert!(serde_json::from_str::<Reply<One<u64>>>(r#"{"data": []}"#).is_err());
        assert!(serde_json::from_str::<Reply<One<u64>>>(r#"{"data": [1, 2]}"#).is_err());
        assert!(serde_json::from_str::<Reply<One<u64>>>(r#"{"data": ""}"#).is_err());
        assert!(serde_json::from_str::<Reply<One<u64>>>(r#"[1]"#).is_err());
        assert_eq!(
            serde_json::from_str::<Reply<One<u64>>>(r#"{"data": [7]}"#)
                .unwrap()
                .data
                .0,
            7
        );
    }
}

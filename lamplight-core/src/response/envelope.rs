//! The `{"data": ..., "meta": ...}` envelope every reply comes in.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, UnitDeserializer};
use serde::de::{
    DeserializeOwned, DeserializeSeed, Error as _, IgnoredAny, IntoDeserializer, MapAccess,
    SeqAccess, Unexpected, Visitor,
};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::lenient::{is_blank, option_decimal, option_uint};

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
        let (data, meta) = read_envelope(deserializer, PhantomData::<T>)?;
        let data = match data {
            Some(data) => data,
            None => T::deserialize(UnitDeserializer::<D::Error>::new())?,
        };
        Ok(Reply { data, meta })
    }
}

/// Reads `{"data": ..., "meta": ...}` as it streams past, with `data` read through `seed`:
/// a page of ten thousand records is never held twice.
pub(crate) fn read_envelope<'de, D, S>(
    deserializer: D,
    seed: S,
) -> Result<(Option<S::Value>, Meta), D::Error>
where
    D: Deserializer<'de>,
    S: DeserializeSeed<'de>,
{
    deserializer.deserialize_any(EnvelopeVisitor(seed))
}

struct EnvelopeVisitor<S>(S);

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for EnvelopeVisitor<S> {
    type Value = (Option<S::Value>, Meta);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a reply object with `data`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut seed, mut data, mut meta) = (Some(self.0), None, None);
        while let Some(key) = map.next_key::<EnvelopeKey>()? {
            match key {
                EnvelopeKey::Data => match seed.take() {
                    Some(seed) => data = Some(map.next_value_seed(seed)?),
                    None => return Err(A::Error::duplicate_field("data")),
                },
                EnvelopeKey::Meta => meta = Some(map.next_value::<Meta>()?),
                EnvelopeKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((data, meta.unwrap_or_default()))
    }
}

enum EnvelopeKey {
    Data,
    Meta,
    Other,
}

impl<'de> Deserialize<'de> for EnvelopeKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = EnvelopeKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E>(self, v: &str) -> Result<EnvelopeKey, E> {
                Ok(match v {
                    "data" => EnvelopeKey::Data,
                    "meta" => EnvelopeKey::Meta,
                    _ => EnvelopeKey::Other,
                })
            }
        }
        deserializer.deserialize_identifier(KeyVisitor)
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
        deserializer.deserialize_any(MetaVisitor)
    }
}

struct MetaVisitor;

impl<'de> Visitor<'de> for MetaVisitor {
    type Value = Meta;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a `meta` object, or `\"\"` for none")
    }

    // The live server sends `"meta": ""` when there is nothing to say.
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Meta, E> {
        if v.trim().is_empty() {
            Ok(Meta::default())
        } else {
            Err(E::invalid_value(Unexpected::Str(v), &self))
        }
    }

    fn visit_unit<E>(self) -> Result<Meta, E> {
        Ok(Meta::default())
    }

    fn visit_none<E>(self) -> Result<Meta, E> {
        Ok(Meta::default())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Meta, A::Error> {
        match seq.next_element::<IgnoredAny>()? {
            None => Ok(Meta::default()),
            Some(_) => Err(A::Error::invalid_type(Unexpected::Seq, &self)),
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Meta, A::Error> {
        let wire = MetaWire::deserialize(MapAccessDeserializer::new(map))?;
        let geosearch_centre = match wire.geosearch_centre {
            Some(centre) if !is_blank(&centre) => {
                Some(serde_json::from_value(centre).map_err(A::Error::custom)?)
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
        deserializer
            .deserialize_any(OneVisitor(PhantomData))
            .map(One)
    }
}

struct OneVisitor<T>(PhantomData<T>);

impl<T> OneVisitor<T> {
    fn none<E: serde::de::Error>() -> E {
        E::custom("expected one record, found none")
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for OneVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("one record, alone or in an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let record = seq
            .next_element::<T>()?
            .ok_or_else(Self::none::<A::Error>)?;
        let mut count = 1;
        while seq.next_element::<IgnoredAny>()?.is_some() {
            count += 1;
        }
        if count > 1 {
            return Err(A::Error::custom(format!(
                "expected one record, found {count}"
            )));
        }
        Ok(record)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
        Err(Self::none())
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<T, E> {
        Err(Self::none())
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        if v.trim().is_empty() {
            return Err(Self::none());
        }
        T::deserialize(v.to_owned().into_deserializer())
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<T, E> {
        T::deserialize(v.into_deserializer())
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<T, E> {
        T::deserialize(v.into_deserializer())
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<T, E> {
        T::deserialize(v.into_deserializer())
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<T, E> {
        T::deserialize(v.into_deserializer())
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

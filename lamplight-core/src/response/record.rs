//! Decoding a record whose map mixes built-in fields with published custom fields, in one pass.
//!
//! `#[serde(flatten)]` would collect the custom fields, but it buffers every field of every
//! record into an intermediate tree first; a 10,000-profile page then costs half as much again
//! as decoding it strictly. Here each key is matched as it streams past: a built-in field goes to
//! its lenient decoder, anything else straight into the custom fields.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, Visitor};
use serde::{Deserialize, Deserializer};
use time::PrimitiveDateTime;

use super::lenient;

/// One of the lenient decoders of [`lenient`], as a type, so a generic visitor can name it.
pub(crate) trait Decoder<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// A value decoded by the decoder `M`.
pub(crate) struct With<T, M>(pub(crate) T, PhantomData<M>);

impl<'de, T, M: Decoder<T>> Deserialize<'de> for With<T, M> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        M::decode(deserializer).map(|value| With(value, PhantomData))
    }
}

macro_rules! decoder {
    ($(#[$doc:meta])* $marker:ident: $ty:ty = $function:path) => {
        $(#[$doc])*
        pub(crate) struct $marker;

        impl Decoder<$ty> for $marker {
            fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                $function(deserializer)
            }
        }
    };
}

decoder!(
    /// [`lenient::text`].
    Text: String = lenient::text
);
decoder!(
    /// [`lenient::option_text`].
    OptionText: Option<String> = lenient::option_text
);
decoder!(
    /// [`lenient::option_decimal`].
    OptionDecimal: Option<f64> = lenient::option_decimal
);
decoder!(
    /// [`lenient::option_u32`].
    OptionU32: Option<u32> = lenient::option_u32
);
decoder!(
    /// [`lenient::flag`].
    Flag: bool = lenient::flag
);
decoder!(
    /// [`lenient::option_date_time`].
    OptionDateTime: Option<PrimitiveDateTime> = lenient::option_date_time
);

/// [`lenient::list`].
pub(crate) struct List;

impl<T: DeserializeOwned> Decoder<Vec<T>> for List {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        lenient::list(deserializer)
    }
}

/// A key of a record's map: a built-in field, or the name of a custom field. Only the names of
/// custom fields are copied.
pub(crate) enum Key<F> {
    BuiltIn(F),
    Custom(String),
}

/// Reads a key, matching it against the built-in fields with `builtin`.
pub(crate) struct KeySeed<F>(pub(crate) fn(&str) -> Option<F>);

impl<'de, F> DeserializeSeed<'de> for KeySeed<F> {
    type Value = Key<F>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<F>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<F> Visitor<'_> for KeySeed<F> {
    type Value = Key<F>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E>(self, name: &str) -> Result<Key<F>, E> {
        Ok(match (self.0)(name) {
            Some(field) => Key::BuiltIn(field),
            None => Key::Custom(name.to_owned()),
        })
    }
}

/// The `Deserialize` of a record with an id, built-in fields that all default when absent, and
/// `custom_fields` for every other key. It keeps what the derive with `#[serde(flatten)]` did:
/// a built-in field sent twice is an error naming it, a missing `id` likewise, and the custom
/// fields follow `CustomFieldsBuilder`'s rules.
macro_rules! record_with_custom_fields {
    (
        $record:ident, $expecting:literal,
        $($field:ident: $ty:ty = $wire:literal => $decoder:ty),* $(,)?
    ) => {
        impl<'de> ::serde::Deserialize<'de> for $record {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                #[allow(non_camel_case_types)]
                enum Field {
                    id,
                    $($field),*
                }

                fn builtin(name: &str) -> Option<Field> {
                    match name {
                        "id" => Some(Field::id),
                        $($wire => Some(Field::$field),)*
                        _ => None,
                    }
                }

                struct RecordVisitor;

                impl<'de> ::serde::de::Visitor<'de> for RecordVisitor {
                    type Value = $record;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str($expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<$record, A::Error> {
                        use ::serde::de::Error as _;
                        use $crate::response::record::{Key, KeySeed, With};
                        let mut id = None;
                        $(let mut $field: Option<$ty> = None;)*
                        let mut custom = $crate::response::custom::CustomFieldsBuilder::default();
                        while let Some(key) = map.next_key_seed(KeySeed(builtin))? {
                            match key {
                                Key::BuiltIn(Field::id) => {
                                    if id.is_some() {
                                        return Err(A::Error::duplicate_field("id"));
                                    }
                                    id = Some(map.next_value()?);
                                }
                                $(Key::BuiltIn(Field::$field) => {
                                    if $field.is_some() {
                                        return Err(A::Error::duplicate_field($wire));
                                    }
                                    $field = Some(map.next_value::<With<$ty, $decoder>>()?.0);
                                })*
                                Key::Custom(name) => custom.next_value(name, &mut map)?,
                            }
                        }
                        Ok($record {
                            id: id.ok_or_else(|| A::Error::missing_field("id"))?,
                            $($field: $field.unwrap_or_default(),)*
                            custom_fields: custom.finish(),
                        })
                    }
                }

                deserializer.deserialize_map(RecordVisitor)
            }
        }
    };
}

pub(crate) use record_with_custom_fields;

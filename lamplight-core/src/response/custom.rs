//! Published custom fields on read records, reachable by their Lamplight label.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::lenient::Scalar;
use crate::schema::{same_wire_name, wire_name};

/// The value of a published custom field: one value, or the options chosen in a multi-select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum CustomValue {
    /// A single value (text, a number as text, or a select's option label).
    Text(String),
    /// The options chosen in a multi-select field, or any other list of values.
    List(Vec<String>),
}

impl CustomValue {
    /// The single value; `None` for a list.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            CustomValue::Text(text) => Some(text),
            CustomValue::List(_) => None,
        }
    }

    /// The list of values; `None` for a single value.
    pub fn as_list(&self) -> Option<&[String]> {
        match self {
            CustomValue::Text(_) => None,
            CustomValue::List(items) => Some(items),
        }
    }

    /// Every value that is not empty: one for a single value, each item for a list. The live
    /// server sends an empty multi-select as `""`, which yields nothing here.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        let items: &[String] = match self {
            CustomValue::Text(text) => std::slice::from_ref(text),
            CustomValue::List(items) => items,
        };
        items
            .iter()
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }
}

impl fmt::Display for CustomValue {
    /// A single value as is; a list joined with `, `.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, value) in self.values().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(value)?;
        }
        Ok(())
    }
}

/// The published custom fields of a record.
///
/// Look a field up by its label as Lamplight shows it: [`get`](Self::get) turns spaces into `_`
/// and ignores case, as the server does when it matches names.
///
/// ```
/// use lamplight_core::response::{CustomValue, One, Profile, Reply};
///
/// let body = r#"{"data": {"id": "653", "first_name": "Sam",
///                "Food_liked": ["Pizza", "Curry"], "Favourite_colour": "Blue"}}"#;
/// let profile = serde_json::from_str::<Reply<One<Profile>>>(body)?.data.0;
/// assert_eq!(profile.custom("Favourite colour").and_then(CustomValue::as_text), Some("Blue"));
/// let food: Vec<&str> = profile.custom("Food liked").map(|v| v.values().collect()).unwrap_or_default();
/// assert_eq!(food, ["Pizza", "Curry"]);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomFields {
    fields: Vec<(String, CustomValue)>,
}

impl CustomFields {
    /// The field with the Lamplight label `label` (e.g. `Food liked`), or sent under the wire
    /// name `label` (e.g. `Food_liked`).
    pub fn get(&self, label: &str) -> Option<&CustomValue> {
        let wire = wire_name(label);
        self.fields
            .iter()
            .find(|(name, _)| name == label || name == &wire)
            .or_else(|| {
                self.fields
                    .iter()
                    .find(|(name, _)| same_wire_name(&wire_name(name), &wire))
            })
            .map(|(_, value)| value)
    }

    /// Every field, as `(wire name, value)`.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &CustomValue)> {
        self.fields
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }

    /// How many fields there are.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

impl Serialize for CustomFields {
    /// A map from wire name to value, as the server sent them.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.fields.len()))?;
        for (name, value) in &self.fields {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for CustomFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(CustomFieldsVisitor)
    }
}

struct CustomFieldsVisitor;

impl<'de> Visitor<'de> for CustomFieldsVisitor {
    type Value = CustomFields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the record's fields as an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CustomFields, A::Error> {
        let mut builder = CustomFieldsBuilder::default();
        while let Some(name) = map.next_key::<String>()? {
            builder.next_value(name, &mut map)?;
        }
        Ok(builder.finish())
    }
}

/// Collects custom fields as a record's map streams past.
///
/// The fields come out in the order of their names, a name sent twice keeps its last value, and
/// a field whose (last) value is `null` is left out: what reading the record's map into a
/// `serde_json` object first gave, without building that object. The usual record, each name
/// once and none `null`, is kept as it arrives, with one allocation for the list.
#[derive(Default)]
pub(crate) struct CustomFieldsBuilder {
    /// Every field as it arrived, `None` for a `null`.
    fields: Vec<(String, Option<CustomValue>)>,
    /// Whether a name arrived out of order, twice or as `null`, so that `finish` must sort
    /// the fields, keep each name's last value and drop the `null`s.
    untidy: bool,
}

impl CustomFieldsBuilder {
    /// Reads the value of the field `name`, the key `map` has just given.
    pub(crate) fn next_value<'de, A: MapAccess<'de>>(
        &mut self,
        name: String,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let CustomEntry(value) = map.next_value()?;
        if value.is_none() || self.fields.last().is_some_and(|(last, _)| *last >= name) {
            self.untidy = true;
        }
        self.fields.push((name, value));
        Ok(())
    }

    pub(crate) fn finish(mut self) -> CustomFields {
        if self.untidy {
            // A stable sort keeps a name's repeats in the order they came, the last one last.
            self.fields.sort_by(|a, b| a.0.cmp(&b.0));
            let mut tidy = Vec::with_capacity(self.fields.len());
            let mut fields = self.fields.into_iter().peekable();
            while let Some(field) = fields.next() {
                // A later repeat of the name replaces this value, even with nothing.
                if fields.peek().is_none_or(|next| next.0 != field.0) {
                    tidy.push(field);
                }
            }
            self.fields = tidy;
        }
        // `Option<CustomValue>` has the size of `CustomValue`, so this reuses the list.
        let fields = self
            .fields
            .into_iter()
            .filter_map(|(name, value)| Some((name, value?)))
            .collect();
        CustomFields { fields }
    }
}

/// One custom field's value; `None` for `null`.
struct CustomEntry(Option<CustomValue>);

impl<'de> Deserialize<'de> for CustomEntry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CustomEntryVisitor)
    }
}

struct CustomEntryVisitor;

impl CustomEntryVisitor {
    fn scalar(value: Scalar<'_>) -> CustomEntry {
        CustomEntry(value.into_text().ok().map(CustomValue::Text))
    }
}

impl<'de> Visitor<'de> for CustomEntryVisitor {
    type Value = CustomEntry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a custom field's value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<CustomEntry, E> {
        Ok(Self::scalar(Scalar::Bool(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<CustomEntry, E> {
        Ok(Self::scalar(Scalar::Unsigned(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<CustomEntry, E> {
        Ok(Self::scalar(Scalar::Signed(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<CustomEntry, E> {
        Ok(Self::scalar(Scalar::Float(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<CustomEntry, E> {
        Ok(CustomEntry(Some(CustomValue::Text(v.to_owned()))))
    }

    fn visit_string<E>(self, v: String) -> Result<CustomEntry, E> {
        Ok(CustomEntry(Some(CustomValue::Text(v))))
    }

    fn visit_unit<E>(self) -> Result<CustomEntry, E> {
        Ok(CustomEntry(None))
    }

    fn visit_none<E>(self) -> Result<CustomEntry, E> {
        Ok(CustomEntry(None))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<CustomEntry, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CustomEntry, A::Error> {
        // Items that are not text, a number or a flag (null, lists, objects) are dropped.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element::<Scalar<'de>>()? {
            if let Ok(text) = item.into_text() {
                items.push(text);
            }
        }
        Ok(CustomEntry(Some(CustomValue::List(items))))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<CustomEntry, A::Error> {
        // A nested object is not a published field type; keep its JSON text.
        let value = Value::deserialize(MapAccessDeserializer::new(map))?;
        Ok(CustomEntry(Some(CustomValue::Text(value.to_string()))))
    }
}

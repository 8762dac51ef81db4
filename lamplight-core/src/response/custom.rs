//! Published custom fields on read records, reachable by their Lamplight label.

use std::fmt;

use serde::de::Error as _;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::lenient::text_from;
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
        let value = Value::deserialize(deserializer)?;
        let Value::Object(map) = value else {
            return Err(D::Error::custom(
                "expected the record's fields as an object",
            ));
        };
        let mut fields = Vec::with_capacity(map.len());
        for (name, value) in map {
            let value = match value {
                Value::Null => continue,
                Value::Array(items) => {
                    CustomValue::List(items.iter().filter_map(text_from).collect())
                }
                // A nested object is not a published field type; keep its JSON text.
                Value::Object(_) => CustomValue::Text(value.to_string()),
                scalar => CustomValue::Text(text_from(&scalar).unwrap_or_default()),
            };
            fields.push((name, value));
        }
        Ok(CustomFields { fields })
    }
}

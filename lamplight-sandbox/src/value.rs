//! A parameter or field value: one string, or the list a PHP-style array carries.

use serde::{Deserialize, Serialize};

/// The value of a parameter or custom field: a single string, or a list of strings for a
/// multi-select sent PHP-style (`Colours[0]=Red&Colours[1]=Blue`).
///
/// In TOML and JSON a single value is a string and a list is an array of strings.
///
/// ```
/// use lamplight_sandbox::FieldValue;
///
/// let one = FieldValue::from("Website");
/// assert_eq!(one.as_str(), Some("Website"));
/// let many = FieldValue::from(vec!["Red".to_owned(), "Blue".to_owned()]);
/// assert_eq!(many.values(), ["Red", "Blue"]);
/// assert_eq!(many.as_str(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// A single value.
    One(String),
    /// Several values, in the order they were given.
    Many(Vec<String>),
}

impl FieldValue {
    /// The value if it is a single one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            FieldValue::One(value) => Some(value),
            FieldValue::Many(_) => None,
        }
    }

    /// Every value: one for [`FieldValue::One`], all of them for [`FieldValue::Many`].
    pub fn values(&self) -> &[String] {
        match self {
            FieldValue::One(value) => std::slice::from_ref(value),
            FieldValue::Many(values) => values,
        }
    }

    /// Whether any value contains `needle`, ignoring case.
    pub(crate) fn contains_ignoring_case(&self, needle: &str) -> bool {
        let needle = needle.to_lowercase();
        self.values()
            .iter()
            .any(|value| value.to_lowercase().contains(&needle))
    }
}

impl From<&str> for FieldValue {
    fn from(value: &str) -> Self {
        FieldValue::One(value.to_owned())
    }
}

impl From<String> for FieldValue {
    fn from(value: String) -> Self {
        FieldValue::One(value)
    }
}

impl From<Vec<String>> for FieldValue {
    fn from(values: Vec<String>) -> Self {
        FieldValue::Many(values)
    }
}

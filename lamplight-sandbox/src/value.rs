//! A parameter or field value: one string, or the list a PHP-style array carries.

use serde::{Deserialize, Serialize};

/// The value of a parameter or custom field: a single string, or a list of strings for a
/// multi-select sent PHP-style (`Colours[0]=Red&Colours[1]=Blue`).
///
/// In TOML and JSON a single value is a string and a list is an array of strings.
///
/// ```
/// use lamplight_sandbox::StoredValue;
///
/// let one = StoredValue::from("Website");
/// assert_eq!(one.as_str(), Some("Website"));
/// let many = StoredValue::from(vec!["Red".to_owned(), "Blue".to_owned()]);
/// assert_eq!(many.values(), ["Red", "Blue"]);
/// assert_eq!(many.as_str(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum StoredValue {
    /// A single value.
    One(String),
    /// Several values, in the order they were given.
    Many(Vec<String>),
}

impl StoredValue {
    /// The value if it is a single one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            StoredValue::One(value) => Some(value),
            StoredValue::Many(_) => None,
        }
    }

    /// Every value: one for [`StoredValue::One`], all of them for [`StoredValue::Many`].
    pub fn values(&self) -> &[String] {
        match self {
            StoredValue::One(value) => std::slice::from_ref(value),
            StoredValue::Many(values) => values,
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

impl From<&str> for StoredValue {
    fn from(value: &str) -> Self {
        StoredValue::One(value.to_owned())
    }
}

impl From<String> for StoredValue {
    fn from(value: String) -> Self {
        StoredValue::One(value)
    }
}

impl From<Vec<String>> for StoredValue {
    fn from(values: Vec<String>) -> Self {
        StoredValue::Many(values)
    }
}

//! The parameters of a write request, in order, and their urlencoded body.

use std::borrow::Cow;
use std::fmt;

use crate::urlencode::{urlencode, write_encoded};
use crate::{EncodeError, EncodeErrorKind, find_html_tag};

/// The parameters a record POSTs, in field order.
///
/// [`pairs`](Form::pairs) gives them decoded; `Display` gives the
/// `application/x-www-form-urlencoded` body exactly as Lamplight's reference PHP client encodes
/// it: space as `+`, UTF-8 percent-encoded, multi-selects as `Name[0]=a&Name[1]=b`.
///
/// ```
/// use lamplight_core::Form;
///
/// let mut form = Form::new();
/// form.push("referral_reason", "Needs support & advice")?;
/// form.push_item("Interests", 0, "Art")?;
/// form.push_item("Interests", 1, "Music")?;
/// assert_eq!(
///     form.pairs().collect::<Vec<_>>(),
///     [
///         ("referral_reason", "Needs support & advice"),
///         ("Interests[0]", "Art"),
///         ("Interests[1]", "Music"),
///     ]
/// );
/// assert_eq!(
///     form.to_string(),
///     "referral_reason=Needs+support+%26+advice&Interests[0]=Art&Interests[1]=Music"
/// );
/// # Ok::<(), lamplight_core::EncodeError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Form {
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    name: Cow<'static, str>,
    encoded_name: Cow<'static, str>,
    value: String,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Form::default()
    }

    /// An empty form with room for `capacity` parameters.
    pub fn with_capacity(capacity: usize) -> Self {
        Form {
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Appends `name=value`, refusing a value that holds an HTML tag.
    pub fn push(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<String>,
    ) -> Result<(), EncodeError> {
        let name = name.into();
        let encoded_name = match &name {
            Cow::Borrowed(name) if urlencode(name) == *name => Cow::Borrowed(*name),
            other => Cow::Owned(urlencode(other)),
        };
        self.push_encoded(name, encoded_name, value.into())
    }

    /// Appends item `index` of the PHP array `name`: `name[index]=value`.
    pub fn push_item(
        &mut self,
        name: &str,
        index: usize,
        value: impl Into<String>,
    ) -> Result<(), EncodeError> {
        let encoded_name = format!("{}[{index}]", urlencode(name));
        self.push_encoded(
            Cow::Owned(format!("{name}[{index}]")),
            Cow::Owned(encoded_name),
            value.into(),
        )
    }

    /// Appends a parameter whose name is already encoded (the derive's constants).
    pub(crate) fn push_encoded(
        &mut self,
        name: Cow<'static, str>,
        encoded_name: Cow<'static, str>,
        value: String,
    ) -> Result<(), EncodeError> {
        if let Some(tag) = find_html_tag(&value) {
            let tag = tag.to_owned();
            return Err(EncodeError::new(
                name.clone(),
                name,
                EncodeErrorKind::HtmlTag { tag },
            ));
        }
        self.entries.push(Entry {
            name,
            encoded_name,
            value,
        });
        Ok(())
    }

    /// The decoded `(name, value)` pairs, in order.
    pub fn pairs(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.entries
            .iter()
            .map(|entry| (&*entry.name, entry.value.as_str()))
    }

    /// The value of the first parameter called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// How many parameters there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes every parameter called `name`, returning how many there were.
    pub fn remove(&mut self, name: &str) -> usize {
        let before = self.entries.len();
        self.entries.retain(|entry| entry.name != name);
        before - self.entries.len()
    }

    /// The urlencoded body, as `to_string()` gives it, built with one allocation.
    pub fn to_body(&self) -> String {
        let estimate = self
            .entries
            .iter()
            .map(|e| e.encoded_name.len() + e.value.len() * 3 / 2 + 2)
            .sum();
        let mut body = String::with_capacity(estimate);
        // Writing to a String cannot fail.
        let _ = fmt::write(&mut body, format_args!("{self}"));
        body
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, entry) in self.entries.iter().enumerate() {
            if i > 0 {
                f.write_str("&")?;
            }
            f.write_str(&entry.encoded_name)?;
            f.write_str("=")?;
            write_encoded(f, &entry.value)?;
        }
        Ok(())
    }
}

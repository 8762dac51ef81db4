//! The parameters of a write request, in order, and their urlencoded body.

use std::borrow::Cow;
use std::fmt;

use crate::urlencode::{is_unreserved, urlencode, write_encoded};
use crate::value::array_item_name;
use crate::{EncodeError, EncodeErrorKind, find_html_tag};

/// The parameters a record POSTs, in field order.
///
/// [`pairs`](Form::pairs) gives them decoded, a multi-select as `Name[0]=a`, `Name[1]=b`.
/// `Display` (or [`to_body`](Form::to_body)) gives the `application/x-www-form-urlencoded` body
/// the way Lamplight's reference PHP client encodes it: a space as `+`; every byte of UTF-8 other
/// than ASCII letters, digits, `-`, `_` and `.` as `%XX`; a multi-select as the PHP array
/// `Name[0]=a&Name[1]=b`. The brackets are written as they are, as the API documents them; PHP's
/// `http_build_query` would escape them as `%5B` and `%5D`, and PHP decodes both spellings alike.
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
    // Every decoded value back to back, so a record costs one buffer rather than a `String` per
    // field; `Entry::end` marks where each value stops.
    values: String,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    name: Cow<'static, str>,
    encoded_name: Cow<'static, str>,
    end: usize,
}

impl Form {
    /// An empty form.
    pub fn new() -> Self {
        Form::default()
    }

    /// An empty form with room for `capacity` parameters.
    pub fn with_capacity(capacity: usize) -> Self {
        Form {
            values: String::with_capacity(capacity * 16),
            entries: Vec::with_capacity(capacity),
        }
    }

    /// Appends `name=value`, refusing a value that holds an HTML tag.
    pub fn push(
        &mut self,
        name: impl Into<Cow<'static, str>>,
        value: impl AsRef<str>,
    ) -> Result<(), EncodeError> {
        let name = name.into();
        let encoded_name = match &name {
            // Most names need no escaping: keep the borrow without encoding a copy to compare.
            Cow::Borrowed(name) if name.bytes().all(is_unreserved) => Cow::Borrowed(*name),
            other => Cow::Owned(urlencode(other)),
        };
        self.values.push_str(value.as_ref());
        self.commit(name, encoded_name)
    }

    /// Appends item `index` of the PHP array `name`: `name[index]=value`.
    pub fn push_item(
        &mut self,
        name: &str,
        index: usize,
        value: impl AsRef<str>,
    ) -> Result<(), EncodeError> {
        let encoded_name = array_item_name(&urlencode(name), index);
        self.values.push_str(value.as_ref());
        self.commit(
            Cow::Owned(format!("{name}[{index}]")),
            Cow::Owned(encoded_name),
        )
    }

    /// The buffer a value is written into before [`commit`](Self::commit) names it.
    pub(crate) fn value_buffer(&mut self) -> &mut String {
        &mut self.values
    }

    /// Makes everything written to the value buffer since the last parameter the value of a new
    /// parameter, whose name is already encoded (the derive's constants). A value holding an
    /// HTML tag is refused and taken back out.
    pub(crate) fn commit(
        &mut self,
        name: Cow<'static, str>,
        encoded_name: Cow<'static, str>,
    ) -> Result<(), EncodeError> {
        let start = self.last_end();
        if let Some(tag) = find_html_tag(&self.values[start..]) {
            let tag = tag.to_owned();
            self.values.truncate(start);
            return Err(EncodeError::new(
                name.clone(),
                name,
                EncodeErrorKind::HtmlTag { tag },
            ));
        }
        self.entries.push(Entry {
            name,
            encoded_name,
            end: self.values.len(),
        });
        Ok(())
    }

    /// Where the last parameter's value ends, and so where the next one starts.
    pub(crate) fn last_end(&self) -> usize {
        self.entries.last().map_or(0, |entry| entry.end)
    }

    /// Each entry with its value.
    fn iter(&self) -> impl ExactSizeIterator<Item = (&Entry, &str)> + '_ {
        let mut start = 0;
        self.entries.iter().map(move |entry| {
            let value = &self.values[start..entry.end];
            start = entry.end;
            (entry, value)
        })
    }

    /// The decoded `(name, value)` pairs, in order.
    pub fn pairs(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.iter().map(|(entry, value)| (&*entry.name, value))
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
        if !self.entries.iter().any(|entry| entry.name == name) {
            return 0;
        }
        let mut kept = Form::with_capacity(self.entries.len());
        for (entry, value) in self.iter().filter(|(entry, _)| entry.name != name) {
            kept.values.push_str(value);
            kept.entries.push(Entry {
                end: kept.values.len(),
                ..entry.clone()
            });
        }
        let removed = self.entries.len() - kept.entries.len();
        *self = kept;
        removed
    }

    /// The urlencoded body, as `to_string()` gives it, built with one allocation.
    pub fn to_body(&self) -> String {
        let names: usize = self.entries.iter().map(|e| e.encoded_name.len() + 2).sum();
        // Room for a third of the value bytes to need escaping, beyond which it grows once.
        let mut body = String::with_capacity(names + self.values.len() * 5 / 3);
        for (i, (entry, value)) in self.iter().enumerate() {
            if i > 0 {
                body.push('&');
            }
            body.push_str(&entry.encoded_name);
            body.push('=');
            // Writing to a String cannot fail.
            let _ = write_encoded(&mut body, value);
        }
        body
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_body())
    }
}

//! Request parameters as PHP sees them: urlencoded pairs from the query string, the form body
//! and the path, with `name[]` / `name[0]` arrays collected under their base name.

use crate::FieldValue;

/// Why a parameter string could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum ParamError {
    /// A `%` not followed by two hex digits.
    #[error("bad percent-encoding in the {0}: '%' must be followed by two hex digits")]
    BadPercent(&'static str),
    /// The decoded bytes are not UTF-8.
    #[error("the {0} is not valid UTF-8 once decoded")]
    NotUtf8(&'static str),
}

/// Percent-decodes one component; `+` means a space (as in forms, queries and PHP's
/// `urldecode`).
pub(crate) fn percent_decode(input: &[u8], place: &'static str) -> Result<String, ParamError> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = input
                    .get(i + 1..i + 3)
                    .and_then(|pair| std::str::from_utf8(pair).ok())
                    .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                    .ok_or(ParamError::BadPercent(place))?;
                out.push(hex);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| ParamError::NotUtf8(place))
}

/// Decodes an `application/x-www-form-urlencoded` string into `(name, value)` pairs as sent.
pub(crate) fn decode_pairs(
    input: &[u8],
    place: &'static str,
) -> Result<Vec<(String, String)>, ParamError> {
    input
        .split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = match pair.iter().position(|&b| b == b'=') {
                Some(at) => (&pair[..at], &pair[at + 1..]),
                None => (pair, &pair[pair.len()..]),
            };
            Ok((percent_decode(name, place)?, percent_decode(value, place)?))
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Entry {
    One(String),
    /// Array items with their explicit key (`[0]`, `[x]`) or none (`[]`).
    Many(Vec<(Option<String>, String)>),
}

/// Parameters by base name, in first-seen order; later values override earlier ones, as PHP's
/// `$_REQUEST` does.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    entries: Vec<(String, Entry)>,
}

impl Params {
    /// Builds parameters from decoded pairs.
    pub(crate) fn from_pairs(pairs: &[(String, String)]) -> Params {
        let mut params = Params::default();
        for (name, value) in pairs {
            params.insert(name, value.clone());
        }
        params
    }

    /// Adds one decoded pair, splitting a PHP array suffix off the name.
    pub(crate) fn insert(&mut self, raw_name: &str, value: String) {
        let (base, key) = match raw_name.find('[') {
            Some(open) if open > 0 => match raw_name[open + 1..].find(']') {
                Some(close) => {
                    let key = &raw_name[open + 1..open + 1 + close];
                    (&raw_name[..open], Some(key))
                }
                None => (raw_name, None),
            },
            _ => (raw_name, None),
        };
        // PHP turns spaces and dots in a variable's name into underscores.
        let base: String = base
            .chars()
            .map(|c| if c == ' ' || c == '.' { '_' } else { c })
            .collect();
        let position = self.entries.iter().position(|(name, _)| *name == base);
        match (key, position) {
            (None, Some(at)) => self.entries[at].1 = Entry::One(value),
            (None, None) => self.entries.push((base, Entry::One(value))),
            (Some(key), at) => {
                let key = (!key.is_empty()).then(|| key.to_owned());
                let entry = match at {
                    Some(at) => &mut self.entries[at].1,
                    None => {
                        self.entries.push((base, Entry::Many(Vec::new())));
                        let last = self.entries.len() - 1;
                        &mut self.entries[last].1
                    }
                };
                if let Entry::One(_) = entry {
                    *entry = Entry::Many(Vec::new());
                }
                if let Entry::Many(items) = entry {
                    match key
                        .as_ref()
                        .and_then(|key| items.iter().position(|(k, _)| k.as_ref() == Some(key)))
                    {
                        Some(existing) => items[existing].1 = value,
                        None => items.push((key, value)),
                    }
                }
            }
        }
    }

    /// Adds `other`'s parameters, overriding any of the same name.
    pub(crate) fn merge(&mut self, other: Params) {
        for (name, entry) in other.entries {
            match self
                .entries
                .iter()
                .position(|(existing, _)| *existing == name)
            {
                Some(at) => self.entries[at].1 = entry,
                None => self.entries.push((name, entry)),
            }
        }
    }

    /// A parameter's value.
    pub(crate) fn get(&self, name: &str) -> Option<FieldValue> {
        self.entries
            .iter()
            .find(|(existing, _)| existing == name)
            .map(|(_, entry)| to_value(entry))
    }

    /// A single-valued parameter's text; `None` when absent or an array.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(existing, _)| existing == name)
            .and_then(|(_, entry)| match entry {
                Entry::One(value) => Some(value.as_str()),
                Entry::Many(_) => None,
            })
    }

    /// A single-valued parameter's text, trimmed, with empty text taken as absent.
    pub(crate) fn non_empty(&self, name: &str) -> Option<&str> {
        self.text(name)
            .map(str::trim)
            .filter(|text| !text.is_empty())
    }

    /// Every parameter with its value, in first-seen order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, FieldValue)> {
        self.entries
            .iter()
            .map(|(name, entry)| (name.as_str(), to_value(entry)))
    }

    /// Removes a parameter (the credentials, once checked).
    pub(crate) fn remove(&mut self, name: &str) {
        self.entries.retain(|(existing, _)| existing != name);
    }
}

fn to_value(entry: &Entry) -> FieldValue {
    match entry {
        Entry::One(value) => FieldValue::One(value.clone()),
        Entry::Many(items) => FieldValue::Many(items.iter().map(|(_, v)| v.clone()).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> Params {
        Params::from_pairs(&decode_pairs(input.as_bytes(), "query").expect("decodes"))
    }

    #[test]
    fn php_arrays_collect_under_the_base_name() {
        let params = parse("Colours%5B0%5D=Red&Colours[1]=Blue&Tags[]=a&Tags[]=b&x=1&x=2");
        assert_eq!(
            params.get("Colours"),
            Some(FieldValue::Many(vec!["Red".into(), "Blue".into()]))
        );
        assert_eq!(
            params.get("Tags"),
            Some(FieldValue::Many(vec!["a".into(), "b".into()]))
        );
        assert_eq!(params.text("x"), Some("2"));
        let overwritten = parse("C[0]=a&C[0]=b");
        assert_eq!(
            overwritten.get("C"),
            Some(FieldValue::Many(vec!["b".into()]))
        );
    }

    #[test]
    fn plus_and_percent_twenty_are_spaces_and_names_lose_spaces() {
        let params = parse("How+did%20you.hear=Word+of%20mouth");
        assert_eq!(params.text("How_did_you_hear"), Some("Word of mouth"));
    }

    #[test]
    fn bad_encodings_are_errors() {
        assert_eq!(
            decode_pairs(b"a=%zz", "query"),
            Err(ParamError::BadPercent("query"))
        );
        assert_eq!(
            decode_pairs(b"a=%4", "query"),
            Err(ParamError::BadPercent("query"))
        );
        assert_eq!(
            decode_pairs(b"a=%ff%fe", "body"),
            Err(ParamError::NotUtf8("body"))
        );
        assert_eq!(
            decode_pairs(b"a=caf%C3%A9", "body").map(|p| p[0].1.clone()),
            Ok("café".into())
        );
    }
}

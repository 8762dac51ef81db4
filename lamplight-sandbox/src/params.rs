//! Request parameters as PHP sees them: urlencoded pairs from the query string, the form body
//! and the path, with `name[]` / `name[0]` arrays collected under their base name.

use std::collections::HashMap;

use crate::StoredValue;

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

/// Below this many names a scan finds one faster than hashing does, and costs no allocation;
/// from this many on, a hash index keeps a body of many names linear in its length.
const INDEX_FROM: usize = 16;

/// A lookup table from names to positions in a list, built only once the list is long enough
/// to need it (`INDEX_FROM`): most requests carry a dozen parameters.
/// Entries without a name (`name[]` items) are listed as `None` and never found.
#[derive(Debug, Clone, Default)]
struct Index {
    map: HashMap<String, usize>,
    built: bool,
}

impl Index {
    /// The position of `name` among `names`, the list this indexes.
    fn find<'a>(
        &self,
        name: &str,
        mut names: impl Iterator<Item = Option<&'a str>>,
    ) -> Option<usize> {
        if self.built {
            self.map.get(name).copied()
        } else {
            names.position(|candidate| candidate == Some(name))
        }
    }

    /// Follows `names`, the list this indexes, which has just grown by one at its end.
    ///
    /// Once built, only the newest name is read (from the back, without walking the list), so
    /// a list of n names costs n insertions in all, not n².
    fn added<'a>(
        &mut self,
        mut names: impl ExactSizeIterator<Item = Option<&'a str>> + DoubleEndedIterator,
    ) {
        let len = names.len();
        if len < INDEX_FROM {
            return;
        }
        if self.built {
            if let Some(Some(name)) = names.next_back() {
                self.map.insert(name.to_owned(), len - 1);
            }
            return;
        }
        self.built = true;
        for (at, name) in names.enumerate() {
            if let Some(name) = name {
                self.map.insert(name.to_owned(), at);
            }
        }
    }

    /// Follows `names`, the list this indexes, after some of its entries were removed.
    fn rebuild<'a>(
        &mut self,
        names: impl ExactSizeIterator<Item = Option<&'a str>> + DoubleEndedIterator,
    ) {
        self.map.clear();
        self.built = false;
        self.added(names);
    }
}

#[derive(Debug, Clone, Default)]
struct Items {
    /// Values with their explicit key (`[0]`, `[x]`) or none (`[]`), in first-seen order.
    values: Vec<(Option<String>, String)>,
    /// Explicit key → position in `values`, so that a body of many keyed items costs no more
    /// than a plain one.
    keys: Index,
}

impl Items {
    fn set(&mut self, key: Option<String>, value: String) {
        let names = self.values.iter().map(|(key, _)| key.as_deref());
        if let Some(at) = key.as_deref().and_then(|key| self.keys.find(key, names)) {
            self.values[at].1 = value;
            return;
        }
        self.values.push((key, value));
        self.keys
            .added(self.values.iter().map(|(key, _)| key.as_deref()));
    }
}

#[derive(Debug, Clone)]
enum Entry {
    One(String),
    Many(Items),
}

/// Parameters by base name, in first-seen order; later values override earlier ones, as PHP's
/// `$_REQUEST` does.
#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    entries: Vec<(String, Entry)>,
    /// Base name → position in `entries`.
    index: Index,
}

/// Splits a raw parameter name as PHP does: `name[key]` is item `key` of array `name`, `name[]`
/// an item without a key (`name[a][b]` is item `a`: nested arrays are not modelled); spaces and
/// dots in the base name become `_`, and so does a `[` that is never closed.
pub(crate) fn split_name(raw_name: &str) -> (String, Option<&str>) {
    let bracket = raw_name
        .find('[')
        .filter(|&open| open > 0)
        .map(|open| (open, raw_name[open + 1..].find(']')));
    let (base, key) = match bracket {
        Some((open, Some(close))) => (
            &raw_name[..open],
            Some(&raw_name[open + 1..open + 1 + close]),
        ),
        _ => (raw_name, None),
    };
    let mut unclosed = matches!(bracket, Some((_, None)));
    let base = base
        .chars()
        .map(|c| match c {
            ' ' | '.' => '_',
            '[' if unclosed => {
                unclosed = false;
                '_'
            }
            other => other,
        })
        .collect();
    (base, key)
}

impl Params {
    pub(crate) fn from_pairs(pairs: Vec<(String, String)>) -> Params {
        let mut params = Params::default();
        for (name, value) in pairs {
            params.insert_owned(name, value);
        }
        params
    }

    /// [`Params::insert`] for a name the caller owns: a plain name (most of them) becomes the
    /// base name as it is, rather than a copy.
    pub(crate) fn insert_owned(&mut self, raw_name: String, value: String) {
        // Exactly the names `split_name` returns unchanged with no array key.
        let plain = !raw_name.is_empty() && !raw_name.contains(['[', ' ', '.']);
        if plain {
            *self.entry(raw_name, Entry::One(String::new())) = Entry::One(value);
        } else {
            self.insert(&raw_name, value);
        }
    }

    /// The entry of a base name, created as `empty` when absent.
    fn entry(&mut self, base: String, empty: Entry) -> &mut Entry {
        let at = match self.position(&base) {
            Some(at) => at,
            None => {
                self.entries.push((base, empty));
                let names = self.entries.iter().map(|(name, _)| Some(name.as_str()));
                self.index.added(names);
                self.entries.len() - 1
            }
        };
        &mut self.entries[at].1
    }

    /// Adds one decoded pair, splitting a PHP array suffix off the name.
    pub(crate) fn insert(&mut self, raw_name: &str, value: String) {
        // PHP skips leading spaces of a name, and drops a pair whose name is then empty.
        let (base, key) = split_name(raw_name.trim_start_matches(' '));
        if base.is_empty() {
            return;
        }
        match key {
            None => *self.entry(base, Entry::One(String::new())) = Entry::One(value),
            Some(key) => {
                let entry = self.entry(base, Entry::Many(Items::default()));
                if let Entry::One(_) = entry {
                    *entry = Entry::Many(Items::default());
                }
                if let Entry::Many(items) = entry {
                    items.set((!key.is_empty()).then(|| key.to_owned()), value);
                }
            }
        }
    }

    /// Adds `other`'s parameters, overriding any of the same name.
    pub(crate) fn merge(&mut self, other: Params) {
        for (name, entry) in other.entries {
            *self.entry(name, Entry::One(String::new())) = entry;
        }
    }

    fn names(&self) -> impl ExactSizeIterator<Item = Option<&str>> {
        self.entries.iter().map(|(name, _)| Some(name.as_str()))
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.index.find(name, self.names())
    }

    fn find(&self, name: &str) -> Option<&Entry> {
        self.position(name).map(|at| &self.entries[at].1)
    }

    pub(crate) fn get(&self, name: &str) -> Option<StoredValue> {
        self.find(name).map(to_value)
    }

    /// A single-valued parameter's text; `None` when absent or an array.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        match self.find(name)? {
            Entry::One(value) => Some(value.as_str()),
            Entry::Many(_) => None,
        }
    }

    /// A single-valued parameter's text, trimmed, with empty text taken as absent.
    pub(crate) fn non_empty(&self, name: &str) -> Option<&str> {
        self.text(name)
            .map(str::trim)
            .filter(|text| !text.is_empty())
    }

    /// Every parameter with its value, in first-seen order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, StoredValue)> {
        self.entries
            .iter()
            .map(|(name, entry)| (name.as_str(), to_value(entry)))
    }

    /// The name of the first parameter with a value (or an array item) that `matches`, looked
    /// at in place rather than copied out.
    pub(crate) fn find_value(&self, mut matches: impl FnMut(&str) -> bool) -> Option<&str> {
        self.entries.iter().find_map(|(name, entry)| {
            let found = match entry {
                Entry::One(value) => matches(value),
                Entry::Many(items) => items.values.iter().any(|(_, value)| matches(value)),
            };
            found.then_some(name.as_str())
        })
    }

    /// Removes parameters (the credentials, once checked), re-indexing once for all of them.
    pub(crate) fn remove(&mut self, names: &[&str]) {
        let before = self.entries.len();
        self.entries
            .retain(|(existing, _)| !names.contains(&existing.as_str()));
        if self.entries.len() == before {
            return;
        }
        let names = self.entries.iter().map(|(name, _)| Some(name.as_str()));
        self.index.rebuild(names);
    }
}

fn to_value(entry: &Entry) -> StoredValue {
    match entry {
        Entry::One(value) => StoredValue::One(value.clone()),
        Entry::Many(items) => {
            StoredValue::Many(items.values.iter().map(|(_, v)| v.clone()).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> Params {
        Params::from_pairs(decode_pairs(input.as_bytes(), "query").expect("decodes"))
    }

    #[test]
    fn php_arrays_collect_under_the_base_name() {
        let params = parse("Colours%5B0%5D=Red&Colours[1]=Blue&Tags[]=a&Tags[]=b&x=1&x=2");
        assert_eq!(
            params.get("Colours"),
            Some(StoredValue::Many(vec!["Red".into(), "Blue".into()]))
        );
        assert_eq!(
            params.get("Tags"),
            Some(StoredValue::Many(vec!["a".into(), "b".into()]))
        );
        assert_eq!(params.text("x"), Some("2"));
        let overwritten = parse("C[0]=a&C[0]=b");
        assert_eq!(
            overwritten.get("C"),
            Some(StoredValue::Many(vec!["b".into()]))
        );
    }

    #[test]
    fn plus_and_percent_twenty_are_spaces_and_names_lose_spaces() {
        let params = parse("How+did%20you.hear=Word+of%20mouth");
        assert_eq!(params.text("How_did_you_hear"), Some("Word of mouth"));
    }

    #[test]
    fn names_are_mangled_as_php_does() {
        let params = parse("a[b=1&+lead=2&=3&%20=4&[x]=5&c[]=6&c=7&d=8&d[k]=9&d[k]=10");
        assert_eq!(params.text("a_b"), Some("1"), "an unclosed bracket");
        assert_eq!(params.text("lead"), Some("2"), "leading spaces dropped");
        assert_eq!(params.text(""), None, "an empty name is dropped");
        assert_eq!(
            params.text("c"),
            Some("7"),
            "a plain value replaces an array"
        );
        assert_eq!(params.get("d"), Some(StoredValue::Many(vec!["10".into()])));
        let names: Vec<&str> = params.iter().map(|(name, _)| name).collect();
        assert_eq!(names, ["a_b", "lead", "[x]", "c", "d"]);
    }

    #[test]
    fn merging_overrides_and_removing_keeps_the_rest() {
        let mut params = parse("a=1&b=2&c=3");
        params.merge(parse("b=20&d[]=4"));
        params.remove(&["a", "nothing"]);
        let all: Vec<(&str, StoredValue)> = params.iter().collect();
        assert_eq!(
            all,
            [
                ("b", StoredValue::from("20")),
                ("c", StoredValue::from("3")),
                ("d", StoredValue::Many(vec!["4".into()])),
            ]
        );
        assert_eq!(params.text("c"), Some("3"));
        assert_eq!(params.text("a"), None);
    }

    #[test]
    fn many_names_and_keys_cost_no_more_than_a_few() {
        // Quadratic look-ups would take minutes over these; indexed ones take milliseconds.
        let names: Vec<(String, String)> = (0..200_000)
            .map(|i| (format!("f{i}"), String::new()))
            .collect();
        assert_eq!(Params::from_pairs(names).iter().count(), 200_000);
        let keys: Vec<(String, String)> = (0..200_000)
            .map(|i| (format!("f[{i}]"), i.to_string()))
            .collect();
        let params = Params::from_pairs(keys);
        assert_eq!(params.get("f").map(|v| v.values().len()), Some(200_000));
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

#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;

    use super::*;

    /// Percent-encodes every byte but unreserved ones, as a careful client does.
    fn encode(text: &str) -> String {
        text.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    char::from(b).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn decoding_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            if let Ok(pairs) = decode_pairs(&bytes, "fuzz") {
                let params = Params::from_pairs(pairs);
                for (name, value) in params.iter() {
                    prop_assert!(!name.is_empty());
                    prop_assert_eq!(params.get(name), Some(value));
                }
            }
            let _ = percent_decode(&bytes, "fuzz");
        }

        #[test]
        fn decoding_form_like_text_never_panics(
            text in "([a-z_\\[\\] .+=&]|%[0-9A-Fa-f]{2}|%){0,80}",
        ) {
            if let Ok(pairs) = decode_pairs(text.as_bytes(), "fuzz") {
                let mut params = Params::from_pairs(pairs.clone());
                let names: Vec<String> = params.iter().map(|(name, _)| name.to_owned()).collect();
                params.merge(Params::from_pairs(pairs));
                let merged: Vec<String> = params.iter().map(|(name, _)| name.to_owned()).collect();
                prop_assert_eq!(&names, &merged, "merging the same pairs changes nothing");
                for name in &names {
                    params.remove(&[name.as_str()]);
                    prop_assert!(params.get(name).is_none());
                }
                prop_assert_eq!(params.iter().count(), 0);
            }
        }

        #[test]
        fn owned_names_insert_as_borrowed_ones_do(
            pairs in proptest::collection::vec(("[ a.\\[\\]b_]{0,5}", "[a-z]{0,3}"), 0..8),
        ) {
            let (mut owned, mut borrowed) = (Params::default(), Params::default());
            for (name, value) in pairs {
                borrowed.insert(&name, value.clone());
                owned.insert_owned(name, value);
            }
            let listed = |params: &Params| -> Vec<(String, StoredValue)> {
                params.iter().map(|(name, value)| (name.to_owned(), value)).collect()
            };
            prop_assert_eq!(listed(&owned), listed(&borrowed));
        }

        #[test]
        fn encoded_text_decodes_to_itself(text in any::<String>()) {
            prop_assert_eq!(percent_decode(encode(&text).as_bytes(), "fuzz"), Ok(text.clone()));
            let pairs = decode_pairs(format!("v={}&w=1", encode(&text)).as_bytes(), "fuzz");
            prop_assert_eq!(pairs.map(|p| p[0].1.clone()), Ok(text));
        }

        #[test]
        fn a_plain_name_keeps_its_last_value(
            pairs in proptest::collection::vec(("[a-e]", "[^&=]{0,5}"), 0..20),
        ) {
            let pairs: Vec<(String, String)> = pairs;
            let params = Params::from_pairs(pairs.clone());
            for (name, _) in &pairs {
                let last = pairs.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
                prop_assert_eq!(params.text(name), last);
            }
        }

        #[test]
        fn array_items_keep_their_order(
            items in proptest::collection::vec("[^&=]{0,5}", 0..12),
            keyed in any::<bool>(),
        ) {
            let pairs: Vec<(String, String)> = items
                .iter()
                .enumerate()
                .map(|(i, v)| (if keyed { format!("A[{i}]") } else { "A[]".to_owned() }, v.clone()))
                .collect();
            let params = Params::from_pairs(pairs);
            let expected = (!items.is_empty()).then(|| StoredValue::Many(items.clone()));
            prop_assert_eq!(params.get("A"), expected);
        }
    }
}

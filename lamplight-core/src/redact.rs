//! Blanking the API key out of text that is about to be shown, logged or stored.
//!
//! The key reaches text in three ways only: as the value of the `key` credential parameter (in
//! a query string, a form body or a URL), as the segment after a `key` segment in a path
//! (`/key/VALUE`), and quoted whole by something that echoes it. Those are the places
//! [`redact`] looks. It never blanks part of a word, so a short key such as `k` leaves "like"
//! alone.

use std::ops::Range;

use crate::urlencode;

/// What replaces the API key.
pub const REDACTED: &str = "[redacted]";

/// `text` with the API key blanked out wherever it can appear.
///
/// - The value of every `key` parameter (`key=...`, also `key%3D...`, `k%65y=...`, `key[]=...`
///   and ` key=...`, which PHP reads as `key`), whatever the value is.
/// - The segment after a `key` segment in a path (`/key/VALUE/`), whatever it is.
/// - With `key` given: every whole-token occurrence of it, plain, percent-encoded or
///   JSON-escaped. A token is bounded by anything but a letter, a digit or `_`, so the key is
///   never blanked inside another word.
///
/// ```
/// use lamplight_core::redact;
///
/// assert_eq!(
///     redact("GET /api/work/all/format/json?lampid=1&key=s3cr3t&num=2", None),
///     "GET /api/work/all/format/json?lampid=1&key=[redacted]&num=2"
/// );
/// assert_eq!(redact("/format/json/key/s3cr3t/num/2", None), "/format/json/key/[redacted]/num/2");
/// assert_eq!(redact("refused key s3cr3t.", Some("s3cr3t")), "refused key [redacted].");
/// // A one-letter key is blanked only where it stands alone.
/// assert_eq!(
///     redact("'x' is not a date like 2024-03-01; key k", Some("k")),
///     "'x' is not a date like 2024-03-01; key [redacted]"
/// );
/// ```
pub fn redact(text: &str, key: Option<&str>) -> String {
    let mut ranges = parameter_values(text);
    ranges.extend(path_values(text));
    if let Some(key) = key.filter(|key| !key.trim().is_empty()) {
        for form in key_forms(key) {
            ranges.extend(whole_tokens(text, &form));
        }
    }
    if ranges.is_empty() {
        return text.to_owned();
    }
    ranges.sort_by_key(|range| range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut ranges = ranges.into_iter().peekable();
    while let Some(mut range) = ranges.next() {
        // Overlapping ranges are one secret, blanked once.
        while let Some(next) = ranges.next_if(|next| next.start < range.end) {
            range.end = range.end.max(next.end);
        }
        let start = range.start.max(at);
        if range.end <= start {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str(REDACTED);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Whether a parameter name, as sent, is read by PHP as `key`: percent-decoded, leading spaces
/// dropped, and an array suffix (`key[]`, `key[0]`) ignored.
pub(crate) fn is_key_name(raw: &str) -> bool {
    let decoded = percent_decode(raw);
    let name = decoded.trim_start_matches(' ');
    let base = match name.find('[') {
        Some(open) if open > 0 && name[open + 1..].contains(']') => &name[..open],
        _ => name,
    };
    base == "key"
}

/// Decodes `%XX` and `+`; a malformed escape stays as it is.
fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match hex_byte(bytes, i + 1) {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_byte(bytes: &[u8], at: usize) -> Option<u8> {
    let pair = bytes.get(at..at + 2)?;
    let digit = |b: u8| (b as char).to_digit(16);
    Some((digit(pair[0])? * 16 + digit(pair[1])?) as u8)
}

/// Characters that end a parameter's name when read backwards from its `=`.
fn ends_name(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '&' | '?'
                | ';'
                | '='
                | '/'
                | '"'
                | '\''
                | '<'
                | '>'
                | '('
                | ')'
                | ','
                | '{'
                | '}'
                | '|'
        )
}

/// Characters that end a parameter's value or a path segment.
fn ends_value(c: char) -> bool {
    c.is_whitespace() || matches!(c, '&' | '#' | '"' | '\'' | '<' | '>')
}

/// The values of `key` parameters: after `=`, or after `%3D` in a URL that was itself encoded.
fn parameter_values(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (separator, encoded) = if bytes[i] == b'=' {
            (1, false)
        } else if bytes[i] == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"3D"))
        {
            (3, true)
        } else {
            i += 1;
            continue;
        };
        let before = &text[..i];
        let start = before
            .char_indices()
            .rev()
            .find(|&(at, c)| ends_name(c) || (c == '%' && is_encoded_separator(&text[at..i])))
            .map_or(0, |(at, c)| at + if c == '%' { 3 } else { c.len_utf8() });
        let name = &text[start.min(i)..i];
        let value_start = i + separator;
        let value_end = value_end(text, value_start, encoded);
        if !name.is_empty() && is_key_name(name) && value_end > value_start {
            ranges.push(value_start..value_end);
        }
        i = value_start;
    }
    ranges
}

/// Whether `rest` starts with an encoded `&`, `?`, `=` or `/`, which end a name inside an
/// encoded URL.
fn is_encoded_separator(rest: &str) -> bool {
    rest.get(..3).is_some_and(|escape| {
        ["%26", "%3F", "%3D", "%2F"]
            .iter()
            .any(|sep| escape.eq_ignore_ascii_case(sep))
    })
}

fn value_end(text: &str, start: usize, encoded: bool) -> usize {
    let rest = &text[start..];
    rest.char_indices()
        .find(|&(at, c)| {
            ends_value(c) || (encoded && c == '%' && is_encoded_separator(&rest[at..]))
        })
        .map_or(text.len(), |(at, _)| start + at)
}

/// The segments that follow a `key` segment in a path. Every segment after a `key` segment
/// is blanked, even one that is itself `key`, so `/key/key/SECRET` leaves nothing behind.
fn path_values(text: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut slashes = text.match_indices('/').map(|(at, _)| at).peekable();
    while let Some(slash) = slashes.next() {
        let Some(&next) = slashes.peek() else { break };
        let segment = &text[slash + 1..next];
        if segment.is_empty() || segment.contains(ends_value) || !is_key_name(segment) {
            continue;
        }
        let value_start = next + 1;
        let value_end = text[value_start..]
            .find(|c: char| c == '/' || c == '?' || ends_value(c))
            .map_or(text.len(), |at| value_start + at);
        if value_end > value_start {
            ranges.push(value_start..value_end);
        }
    }
    ranges
}

/// The spellings in which the key can appear: as it is, percent-encoded (a space as `+` or
/// `%20`) and escaped inside a JSON string (PHP also escapes `/`).
fn key_forms(key: &str) -> Vec<String> {
    let encoded = urlencode(key);
    let mut forms = vec![
        key.to_owned(),
        encoded.replace('+', "%20"),
        encoded,
        key.replace('\\', "\\\\").replace('"', "\\\""),
        key.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('/', "\\/"),
    ];
    forms.sort();
    forms.dedup();
    forms
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The occurrences of `form` in `text` that are not part of a longer word. A `%XX` escape just
/// before counts as a boundary, since it stands for a separator in encoded text.
fn whole_tokens(text: &str, form: &str) -> Vec<Range<usize>> {
    let first_is_word = form.chars().next().is_some_and(is_word);
    let last_is_word = form.chars().next_back().is_some_and(is_word);
    text.match_indices(form)
        .map(|(at, _)| at..at + form.len())
        .filter(|range| {
            let before = &text[..range.start];
            let open = !first_is_word
                || match before.chars().next_back() {
                    None => true,
                    Some(c) if !is_word(c) => true,
                    Some(_) => {
                        let tail = before.as_bytes();
                        tail.len() >= 3
                            && tail[tail.len() - 3] == b'%'
                            && hex_byte(tail, tail.len() - 2).is_some()
                    }
                };
            let close = !last_is_word || !text[range.end..].chars().next().is_some_and(is_word);
            open && close
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_parameters_are_blanked_whatever_their_value() {
        let cases = [
            ("lampid=1&key=s3cret&x=1", "lampid=1&key=[redacted]&x=1"),
            ("k%65y=s3cret", "k%65y=[redacted]"),
            (
                "key%5B%5D=s3cret&+key=s3cret&key[0]=s3cret&keys=1",
                "key%5B%5D=[redacted]&+key=[redacted]&key[0]=[redacted]&keys=1",
            ),
            ("?key=a+b%26c&x=1", "?key=[redacted]&x=1"),
            (
                "http://h/api/a/format/json?lampid=1&key=abc#frag",
                "http://h/api/a/format/json?lampid=1&key=[redacted]#frag",
            ),
            (
                "next=%2Fapi%3Flampid%3D1%26key%3Ds3cret%26num%3D2",
                "next=%2Fapi%3Flampid%3D1%26key%3D[redacted]%26num%3D2",
            ),
            (r#"{"url":"x?key=s3cret"}"#, r#"{"url":"x?key=[redacted]"}"#),
            ("key=", "key="),
            (
                "monkey=banana&turkey=1&keys=2&key_id=3",
                "monkey=banana&turkey=1&keys=2&key_id=3",
            ),
            ("key[=s3cret", "key[=s3cret"),
        ];
        for (text, shown) in cases {
            assert_eq!(redact(text, None), shown, "{text}");
        }
    }

    #[test]
    fn path_segments_after_key_are_blanked() {
        let cases = [
            (
                "/api/work/some/format/json/key/s3cret/num/2",
                "/api/work/some/format/json/key/[redacted]/num/2",
            ),
            (
                "/api/a/b/format/json/key%5B%5D/s3cret",
                "/api/a/b/format/json/key%5B%5D/[redacted]",
            ),
            (
                "/api/a/b/format/json/x/key/key/s3cret",
                "/api/a/b/format/json/x/key/[redacted]/[redacted]",
            ),
            ("/json/key/s3cret?x=1", "/json/key/[redacted]?x=1"),
            ("/monkey/s3cret/", "/monkey/s3cret/"),
            ("the key/value pairs", "the key/value pairs"),
        ];
        for (text, shown) in cases {
            assert_eq!(redact(text, None), shown, "{text}");
        }
    }

    #[test]
    fn short_and_common_keys_are_blanked_only_as_whole_tokens() {
        let cases = [
            // A one-letter key.
            (
                "k",
                "'1/2/3' is not a date like 2024-03-01",
                "'1/2/3' is not a date like 2024-03-01",
            ),
            (
                "k",
                "key k, (k) k.",
                "key [redacted], ([redacted]) [redacted].",
            ),
            ("k", "kk k_k k9", "kk k_k k9"),
            // A key that is part of common words.
            ("ate", "a date was created late", "a date was created late"),
            ("ate", "ate: \"ate\"", "[redacted]: \"[redacted]\""),
            ("the", "the other theme", "[redacted] other theme"),
            // A key inside encoded text: an escape just before is a boundary.
            ("s3cret", "msg%20s3cret%26x", "msg%20[redacted]%26x"),
            ("s3cret", "as3cret s3crets", "as3cret s3crets"),
            // Encoded and escaped spellings.
            (
                "a b&c",
                "got a+b%26c and a%20b%26c",
                "got [redacted] and [redacted]",
            ),
            ("a/b\"c", r#"{"k":"a\/b\"c"}"#, r#"{"k":"[redacted]"}"#),
            // Keys that start or end with punctuation need no boundary there.
            ("-x-", "a-x-b", "a[redacted]b"),
            ("é1", "café1 é1", "café1 [redacted]"),
        ];
        for (key, text, shown) in cases {
            assert_eq!(redact(text, Some(key)), shown, "key {key:?} in {text:?}");
        }
    }

    #[test]
    fn no_key_or_a_blank_key_changes_nothing_else() {
        assert_eq!(redact("x  y", Some(" ")), "x  y");
        assert_eq!(redact("x  y", Some("")), "x  y");
        assert_eq!(redact("nothing here", None), "nothing here");
        assert_eq!(redact("", Some("k")), "");
        assert_eq!(redact("k", Some("k")), REDACTED);
        assert_eq!(redact("key=k", Some("k")), "key=[redacted]");
    }

    /// A path segment or query pair, often `key` itself.
    fn segment() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::prop_oneof![
            proptest::strategy::Just("key".to_owned()),
            proptest::strategy::Just("key=x".to_owned()),
            "[a-z=%0-9\\[\\]+]{0,8}",
        ]
    }

    proptest::proptest! {
        #[test]
        fn a_credential_never_survives(
            before in proptest::collection::vec(segment(), 0..6),
            after in proptest::collection::vec(segment(), 0..6),
            name in proptest::sample::select(vec!["key", "key[]", "key%5B%5D", "+key", "k%65y"]),
        ) {
            let secret = "CANARY7secret";
            let query = format!("{}&{name}={secret}&{}", before.join("&"), after.join("&"));
            proptest::prop_assert!(!redact(&query, None).contains(secret), "{}", query);
            let path = format!("/api/{}/{name}/{secret}/{}", before.join("/"), after.join("/"));
            proptest::prop_assert!(!redact(&path, None).contains(secret), "{}", path);
        }

        #[test]
        fn the_key_never_survives_as_a_token(
            key in "[A-Za-z0-9_-]{1,12}",
            left in "[ ,.;:()\\[\\]{}\"'=&?/]",
            right in "[ ,.;:()\\[\\]{}\"'=&?/]",
            prose in "[a-z ]{0,20}",
        ) {
            let text = format!("{prose}{left}{key}{right}{prose}");
            let shown = redact(&text, Some(&key));
            let leftover = shown.replace(REDACTED, "");
            proptest::prop_assert!(
                leftover.matches(key.as_str()).count() < text.matches(key.as_str()).count(),
                "{} -> {}", text, shown
            );
        }

        #[test]
        fn text_without_credentials_is_unchanged(
            key in "[a-z]{1,3}",
            text in "[a-z0-9 .,:'-]{0,60}",
        ) {
            // Every occurrence of the key inside a longer word stays.
            let shown = redact(&text, Some(&key));
            let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric() && c != '_').collect();
            if !words.contains(&key.as_str()) {
                proptest::prop_assert_eq!(shown, text);
            }
        }
    }
}

//! Percent-encoding the way PHP's `http_build_query` (and so Lamplight's reference client) does it.

use std::fmt::{self, Write};

/// Whether each byte passes through unescaped: ASCII letters, digits and `-`, `_`, `.`. A table,
/// because the body of every request goes through here byte by byte.
static UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.');
        byte += 1;
    }
    table
};

pub(crate) fn is_unreserved(byte: u8) -> bool {
    UNRESERVED[usize::from(byte)]
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Writes `text` percent-encoded: space as `+`, UTF-8 bytes as `%XX`.
pub(crate) fn write_encoded(out: &mut impl Write, text: &str) -> fmt::Result {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        if is_unreserved(byte) {
            continue;
        }
        // Between escapes lie only unreserved ASCII bytes, so `start..i` is on char boundaries.
        if start < i {
            out.write_str(&text[start..i])?;
        }
        if byte == b' ' {
            out.write_char('+')?;
        } else {
            let escaped = [
                b'%',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 0xF)],
            ];
            // Always ASCII, so always valid UTF-8.
            out.write_str(std::str::from_utf8(&escaped).map_err(|_| fmt::Error)?)?;
        }
        start = i + 1;
    }
    out.write_str(&text[start..])
}

/// `text` percent-encoded as a new string.
///
/// ```
/// assert_eq!(lamplight_core::urlencode("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
/// ```
pub fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = write_encoded(&mut out, text);
    out
}

/// The first HTML tag in `text`, if any.
///
/// Lamplight rejects a whole request (error 9999) when any POSTed value contains markup. A tag
/// here is `<` followed by a letter, `/` and a letter, `!` or `?`, and closed by a later `>`: so
/// `<b>`, `</p>`, `<a href="x">`, `<!-- x -->` and `<?php ?>` are tags, while comparisons such as
/// `age < 18` or `3<4 and 5>2` are not.
///
/// ```
/// use lamplight_core::find_html_tag;
///
/// assert_eq!(find_html_tag("hello <b>world</b>"), Some("<b>"));
/// assert_eq!(find_html_tag("aged < 18 or > 65"), None);
/// ```
pub fn find_html_tag(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        let open = i + offset;
        let after = &bytes[open + 1..];
        let opens_tag = match after {
            [b'/', next, ..] => next.is_ascii_alphabetic(),
            [first, ..] => first.is_ascii_alphabetic() || matches!(first, b'!' | b'?'),
            [] => false,
        };
        if opens_tag {
            if let Some(close) = after.iter().position(|&b| b == b'>') {
                return Some(&text[open..open + close + 2]);
            }
            return None;
        }
        i = open + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_php() {
        assert_eq!(urlencode("Word of mouth"), "Word+of+mouth");
        assert_eq!(urlencode("a+b%c"), "a%2Bb%25c");
        assert_eq!(urlencode("line\nbreak"), "line%0Abreak");
        assert_eq!(urlencode("~*'()"), "%7E%2A%27%28%29");
        assert_eq!(urlencode("-_.AZaz09"), "-_.AZaz09");
        assert_eq!(urlencode("£5"), "%C2%A35");
        assert_eq!(urlencode(""), "");
    }

    #[test]
    fn finds_tags_but_not_comparisons() {
        assert_eq!(find_html_tag("<script>alert(1)</script>"), Some("<script>"));
        assert_eq!(find_html_tag("x </p> y"), Some("</p>"));
        assert_eq!(find_html_tag("<!-- c -->"), Some("<!-- c -->"));
        assert_eq!(find_html_tag("<a href=\"x\">"), Some("<a href=\"x\">"));
        assert_eq!(find_html_tag("1 < 2 > 0"), None);
        assert_eq!(find_html_tag("<3 you >"), None);
        assert_eq!(find_html_tag("a <b but never closed"), None);
        assert_eq!(find_html_tag("<"), None);
        assert_eq!(find_html_tag("é<é>"), None);
    }
}

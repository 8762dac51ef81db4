//! Text taken from a reply or an error, made safe to show: the key blanked out by
//! [`lamplight_core::redact`], and long bodies cut to an excerpt.

use crate::Client;

/// How much of a reply an error quotes.
pub(crate) const EXCERPT_CHARS: usize = 200;

/// The start of `text`, on one line, with `key` blanked out. The key is blanked before the
/// text is cut, so that a key straddling the cut cannot leave its first half behind.
pub(crate) fn excerpt(text: &str, key: &str) -> String {
    let redacted = lamplight_core::redact(text, Some(key));
    let line = redacted.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut excerpt: String = line.chars().take(EXCERPT_CHARS).collect();
    if excerpt.len() < line.len() {
        excerpt.push('…');
    }
    if excerpt.is_empty() {
        excerpt.push_str("(empty)");
    }
    excerpt
}

impl Client {
    /// `text` with this client's key blanked out.
    pub(crate) fn redact(&self, text: &str) -> String {
        lamplight_core::redact(text, Some(self.inner.credentials.key_text()))
    }

    /// [`excerpt`] with this client's key.
    pub(crate) fn excerpt_text(&self, text: &str) -> String {
        excerpt(text, self.inner.credentials.key_text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Credentials;

    fn client(key: &str) -> Client {
        Client::builder()
            .credentials(Credentials::new(1, 1, key))
            .build()
            .expect("client")
    }

    #[test]
    fn a_key_across_the_cut_is_blanked_whole() {
        let key = "straddling-KEY-0123456789";
        let with_key = client(key);
        // The key starts ten characters before the cut.
        let body = format!(
            "{}{key} and more after it",
            "x ".repeat((EXCERPT_CHARS - 10) / 2)
        );
        let excerpt = with_key.excerpt_text(&body);
        assert!(!excerpt.contains("straddling"), "{excerpt}");
        assert!(excerpt.ends_with('…'), "{excerpt}");
        // As it appears in a query string, too.
        assert_eq!(
            client("a b&c").redact("?key=a+b%26c&x=1"),
            "?key=[redacted]&x=1"
        );
    }

    #[test]
    fn short_keys_leave_other_words_whole() {
        let short = client("k");
        assert_eq!(
            short.redact("'31/02' is not a date like 2024-03-01"),
            "'31/02' is not a date like 2024-03-01"
        );
        assert_eq!(short.excerpt_text("key k\nlike"), "key [redacted] like");
        let common = client("ate");
        assert_eq!(
            common.excerpt_text("the date was late: ate"),
            "the date was late: [redacted]"
        );
    }

    #[test]
    fn excerpts_are_short_and_on_one_line() {
        let client = client("k3y-value");
        assert_eq!(
            client.excerpt_text("<html>\n  <b>Bad</b>\n</html>"),
            "<html> <b>Bad</b> </html>"
        );
        assert_eq!(client.excerpt_text(""), "(empty)");
        let long = client.excerpt_text(&"é".repeat(1000));
        assert_eq!(long.chars().count(), EXCERPT_CHARS + 1);
    }
}

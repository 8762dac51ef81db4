//! The page shell and HTML escaping. Every piece of text that came from a user, from Lamplight or
//! from a record's schema goes through [`escape`] before it is written into a page.

use std::fmt::Write as _;

/// `text` with the five characters that mean something in HTML replaced by entities, safe both
/// between tags and inside a double- or single-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A label as a heading or form label shows it: with a capital first letter (custom field labels
/// are often written in lower case, e.g. `school year`).
pub fn display_label(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A whole page: `title` (escaped here) and `body` (already HTML).
pub fn page(title: &str, body: &str) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <main>\n{body}\n</main>\n</body>\n</html>\n",
        title = escape(title),
    );
    html
}

/// Plain, readable, high-contrast; no scripts, no external resources.
const STYLE: &str = "
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; background: #f3f2f1; color: #0b0c0c;
  font: 1.0625rem/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; }
main { max-width: 44rem; margin: 2rem auto; padding: 2rem; background: #fff;
  border-top: 0.4rem solid #1d70b8; }
h1 { font-size: 1.9rem; margin: 0 0 0.5rem; line-height: 1.2; }
.lede { margin: 0 0 1.5rem; color: #505a5f; }
fieldset.section { border: 0; padding: 0; margin: 0 0 2rem; }
fieldset.section > legend { font-size: 1.35rem; font-weight: 700; padding: 0; margin-bottom: 0.25rem; }
.section-hint { color: #505a5f; margin: 0 0 1rem; }
.field { margin: 0 0 1.25rem; }
.field > label, .field > fieldset > legend { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.field > fieldset { border: 0; padding: 0; margin: 0; }
.req { color: #d4351c; margin-left: 0.2rem; }
.optional { font-weight: 400; color: #505a5f; }
input[type=text], input[type=email], input[type=number], input[type=date],
input[type=datetime-local], select, textarea {
  font: inherit; width: 100%; max-width: 30rem; padding: 0.4rem 0.5rem;
  border: 2px solid #0b0c0c; border-radius: 0; background: #fff; }
input[type=number], input[type=date] { max-width: 12rem; }
textarea { min-height: 6rem; resize: vertical; }
input:focus, select:focus, textarea:focus, button:focus, a:focus {
  outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
.choice, .field > label.choice { display: flex; align-items: center; gap: 0.5rem; margin: 0.3rem 0; font-weight: 400; }
.choice input { width: 1.3rem; height: 1.3rem; margin: 0; }
.field.invalid { border-left: 0.3rem solid #d4351c; padding-left: 0.9rem; }
.field.invalid input, .field.invalid select, .field.invalid textarea { border-color: #d4351c; }
.error { color: #d4351c; font-weight: 700; margin: 0 0 0.3rem; }
.error-summary { border: 0.3rem solid #d4351c; padding: 1rem 1.25rem; margin-bottom: 2rem; }
.error-summary h2 { margin: 0 0 0.5rem; font-size: 1.3rem; }
.error-summary ul { margin: 0; padding-left: 1.2rem; }
.error-summary a { color: #d4351c; font-weight: 600; }
.notice { border-left: 0.3rem solid #1d70b8; background: #f3f7fb; padding: 0.75rem 1rem; margin-bottom: 1.5rem; }
button { font: inherit; font-weight: 600; color: #fff; background: #00703c; border: 0;
  box-shadow: 0 2px 0 #002d18; padding: 0.6rem 1.2rem; cursor: pointer; }
button:hover { background: #005a30; }
.confirmation { background: #00703c; color: #fff; padding: 1.5rem; margin-bottom: 1.5rem; text-align: center; }
.confirmation h1 { margin: 0 0 0.5rem; }
dl.ids { display: grid; grid-template-columns: max-content 1fr; gap: 0.4rem 1.5rem; margin: 0 0 1.5rem; }
dl.ids dt { font-weight: 600; }
dl.ids dd { margin: 0; font-variant-numeric: tabular-nums; }
a { color: #1d70b8; }
ul.sessions { list-style: none; padding: 0; margin: 0 0 1.5rem; }
li.session { border-bottom: 1px solid #b1b4b6; padding: 1rem 0; }
li.session h2 { font-size: 1.3rem; margin: 0 0 0.25rem; }
.when, .places { margin: 0 0 0.5rem; color: #505a5f; }
form.sign-up { display: flex; flex-wrap: wrap; align-items: end; gap: 0.5rem 1rem; }
form.sign-up label { flex-basis: 100%; font-weight: 600; }
form.sign-up input[type=text] { max-width: 20rem; }
.notice-booked, .notice-already { border-left-color: #00703c; }
.notice-full, .notice-closed, .notice-not-found, .notice-invalid, .notice-error { border-left-color: #d4351c; }
nav.pages { display: flex; gap: 1.5rem; margin-bottom: 1rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0; padding: 0;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0; }
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_both_quotes() {
        assert_eq!(
            escape(r#"<b a="1" b='2'>&amp;</b>"#),
            "&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;amp;&lt;/b&gt;"
        );
        assert_eq!(escape("Zoë — ok"), "Zoë — ok");
    }

    #[test]
    fn labels_start_with_a_capital() {
        assert_eq!(display_label("school year"), "School year");
        assert_eq!(display_label(""), "");
    }
}

//! `Form` encoding against an independent decoder: whatever goes in comes back out.

use lamplight_core::{EncodeErrorKind, Form};

/// Builds a form from `data` and decodes its body with `form_urlencoded`, which must give back
/// exactly the pairs put in, in order.
///
/// `data` (as UTF-8, lossily) is split at NUL characters into name, value, name, value... A name
/// starting with `\u{1}` is pushed as the next item of a PHP array (`name[i]`). A value the form
/// refuses (it holds an HTML tag) must leave the form as it was.
pub fn form_roundtrip(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\0');
    let mut form = Form::new();
    let mut expected: Vec<(String, String)> = Vec::new();
    let mut index = 0usize;
    while let (Some(name), Some(value)) = (parts.next(), parts.next()) {
        let before = form.clone();
        let (pushed, full_name) = match name.strip_prefix('\u{1}') {
            Some(array) => {
                let pushed = form.push_item(array, index, value);
                (pushed, format!("{array}[{index}]"))
            }
            None => (form.push(name.to_owned(), value), name.to_owned()),
        };
        match pushed {
            Ok(()) => {
                if name.starts_with('\u{1}') {
                    index += 1;
                }
                expected.push((full_name, value.to_owned()));
            }
            Err(error) => {
                assert!(
                    matches!(error.kind(), EncodeErrorKind::HtmlTag { .. }),
                    "{value:?} refused for another reason: {error}"
                );
                assert_eq!(form, before, "a refused value changed the form");
            }
        }
    }
    let body = form.to_body();
    assert_eq!(body, form.to_string());
    let decoded: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let put_in: Vec<(&str, &str)> = form.pairs().collect();
    let expected_view: Vec<(&str, &str)> = expected
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    assert_eq!(
        put_in, expected_view,
        "the form's pairs are not the ones put in"
    );
    if body.is_empty() {
        assert!(expected.is_empty());
        return;
    }
    assert_eq!(
        decoded, expected,
        "the body {body:?} decodes to other pairs"
    );
}

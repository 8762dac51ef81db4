//! Property: any string value survives `to_form()` and urlencoded decoding unchanged, names
//! included, unless it is refused (HTML, or an empty required value), and then it is refused
//! naming the first field at fault.

use lamplight::{EncodeErrorKind, LamplightRecord, ProfileRef, Record, find_html_tag};
use proptest::prelude::*;

#[derive(LamplightRecord, Debug)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    reason: String,
    #[lamplight(rename = "Café & bar = 2")]
    notes: Option<String>,
    #[lamplight(rename = "Languages spoken")]
    languages: Vec<String>,
}

fn decode(body: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(body.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

/// Any string at all, half the time drawn from the characters that need escaping (and the ones
/// that make HTML), which arbitrary Unicode alone would rarely produce.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[&=+%#?/;:@ \\[\\]\n\r\t\u{0}<>a-zA-Z0-9._~*'()é€😀\u{200b}]{0,24}",
        "(<[a-z]{1,3}>)?[a-z <>=&+%]{0,12}(</[a-z]{1,3}>)?",
    ]
}

/// What the body may hold: unreserved bytes, escapes, `+` for space, `=` and `&`, and the
/// brackets of PHP array names (values never leave a bracket unescaped).
fn is_body_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-_.%+=&[]".contains(&byte)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn any_text_round_trips(
        reason in text(),
        notes in proptest::option::of(text()),
        languages in proptest::collection::vec(text(), 0..4),
    ) {
        let record = Referral {
            attendee: ProfileRef::id(9),
            reason,
            notes,
            languages,
        };
        // The first field at fault, in field order, and what is wrong with it.
        let html = |value: &String| find_html_tag(value).map(str::to_owned);
        let fault = if let Some(tag) = html(&record.reason) {
            Some(("reason", EncodeErrorKind::HtmlTag { tag }))
        } else if record.reason.is_empty() {
            Some(("reason", EncodeErrorKind::Empty))
        } else if let Some(tag) = record.notes.as_ref().and_then(html) {
            Some(("notes", EncodeErrorKind::HtmlTag { tag }))
        } else {
            record
                .languages
                .iter()
                .find_map(html)
                .map(|tag| ("languages", EncodeErrorKind::HtmlTag { tag }))
        };
        match (record.to_form(), fault) {
            (Err(err), Some((field, kind))) => {
                prop_assert_eq!(err.field(), field);
                prop_assert_eq!(err.kind(), &kind);
            }
            (Err(err), None) => prop_assert!(false, "refused without a fault: {}", err),
            (Ok(form), Some((field, _))) => {
                prop_assert!(false, "`{}` was let through: {}", field, form)
            }
            (Ok(form), None) => {
                let body = form.to_string();
                prop_assert!(body.bytes().all(is_body_byte), "{}", body);
                let pairs: Vec<(String, String)> = form
                    .pairs()
                    .map(|(name, value)| (name.to_owned(), value.to_owned()))
                    .collect();
                prop_assert_eq!(decode(&body), pairs.clone());

                let mut expected = vec![
                    ("attendee".to_owned(), "9".to_owned()),
                    ("referral_reason".to_owned(), record.reason.clone()),
                ];
                if let Some(notes) = &record.notes {
                    expected.push(("Café_&_bar_=_2".to_owned(), notes.clone()));
                }
                for (i, language) in record.languages.iter().enumerate() {
                    expected.push((format!("Languages_spoken[{i}]"), language.clone()));
                }
                prop_assert_eq!(pairs, expected);
            }
        }
    }
}

#[test]
fn html_values_are_refused_not_sent() {
    let record = Referral {
        attendee: ProfileRef::id(9),
        reason: "ok".into(),
        notes: None,
        languages: vec!["English".into(), "<i>Welsh</i>".into()],
    };
    let err = record.to_form().unwrap_err();
    assert_eq!(err.field(), "languages");
    assert_eq!(err.wire_name(), "Languages_spoken");
}

#[test]
fn awkward_values_round_trip_exactly() {
    let awkward = [
        "&", "=", "+", "%", "%20", "a+b=c&d", "\n", "\r\n", "é", "😀", " ", "", "[0]",
    ];
    let record = Referral {
        attendee: ProfileRef::id(1),
        reason: awkward.concat(),
        notes: Some(String::new()),
        languages: awkward.iter().map(|s| (*s).to_owned()).collect(),
    };
    let form = record.to_form().unwrap();
    let decoded = decode(&form.to_string());
    assert_eq!(decoded.len(), 3 + awkward.len());
    assert_eq!(decoded[1].1, awkward.concat());
    assert_eq!(decoded[2], ("Café_&_bar_=_2".to_owned(), String::new()));
    for (i, value) in awkward.iter().enumerate() {
        assert_eq!(
            decoded[3 + i],
            (format!("Languages_spoken[{i}]"), (*value).to_owned())
        );
    }
}

//! Property: any value survives `to_form()` and urlencoded decoding unchanged, names included.

use lamplight::{LamplightRecord, ProfileRef, Record, find_html_tag};
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

proptest! {
    #[test]
    fn any_text_round_trips(
        reason in "\\PC+",
        notes in proptest::option::of(any::<String>()),
        languages in proptest::collection::vec(any::<String>(), 0..4),
    ) {
        let record = Referral {
            attendee: ProfileRef::id(9),
            reason,
            notes,
            languages,
        };
        let values = std::iter::once(&record.reason)
            .chain(&record.notes)
            .chain(&record.languages);
        let has_html = values.clone().any(|value| find_html_tag(value).is_some());
        match record.to_form() {
            Err(err) => {
                prop_assert!(has_html, "refused without HTML: {err}");
                prop_assert!(err.to_string().contains("HTML tag"), "{err}");
            }
            Ok(form) => {
                prop_assert!(!has_html, "HTML was let through");
                let pairs: Vec<(String, String)> = form
                    .pairs()
                    .map(|(name, value)| (name.to_owned(), value.to_owned()))
                    .collect();
                prop_assert_eq!(decode(&form.to_string()), pairs.clone());

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
}

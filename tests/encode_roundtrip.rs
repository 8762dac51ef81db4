//! Property: any string value survives `to_form()` and urlencoded decoding unchanged, names
//! included, unless it is refused (HTML, or an empty required value), and then it is refused
//! naming the first field at fault.
//!
//! Which values hold HTML is decided by an oracle independent of the library: the sandbox's own
//! check, asked over loopback HTTP whether it would refuse a request carrying the value.

use lamplight::{EncodeErrorKind, LamplightRecord, ProfileRef, Record};
use lamplight_sandbox::{Config, Sandbox};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

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

/// The sandbox, asked whether a POSTed value holds HTML: it refuses such a request with 9999.
struct HtmlOracle {
    runtime: tokio::runtime::Runtime,
    // Kept so the server keeps running.
    _sandbox: Sandbox,
    http: reqwest::Client,
    url: String,
}

impl HtmlOracle {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let sandbox = runtime
            .block_on(Sandbox::start(Config::demo()))
            .expect("the sandbox starts");
        let creds = sandbox.credentials();
        let url = format!(
            "{}referral/add/format/json?lampid={}&project={}&key={}",
            sandbox.base_url(),
            creds.lampid,
            creds.project,
            form_urlencoded::byte_serialize(creds.key.as_bytes()).collect::<String>()
        );
        HtmlOracle {
            runtime,
            _sandbox: sandbox,
            http: reqwest::Client::new(),
            url,
        }
    }

    /// Whether the sandbox refuses a write carrying `value` as HTML.
    fn refuses(&self, value: &str) -> Result<bool, TestCaseError> {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("Additional_notes", value)
            .finish();
        let reply: serde_json::Value = self
            .runtime
            .block_on(async {
                self.http
                    .post(&self.url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body)
                    .send()
                    .await?
                    .json()
                    .await
            })
            .map_err(|err| TestCaseError::fail(format!("the sandbox did not answer: {err}")))?;
        let code = &reply["error"];
        Ok(code.as_u64() == Some(9999) || code.as_str() == Some("9999"))
    }
}

#[test]
fn any_text_round_trips() {
    let oracle = HtmlOracle::start();
    proptest!(ProptestConfig::with_cases(1024), |(
        reason in text(),
        notes in proptest::option::of(text()),
        languages in proptest::collection::vec(text(), 0..4),
    )| {
        let record = Referral {
            attendee: ProfileRef::id(9),
            reason,
            notes,
            languages,
        };
        // The first field at fault, in field order, and whether it holds HTML (else it is empty).
        let fault = if oracle.refuses(&record.reason)? {
            Some(("reason", true))
        } else if record.reason.is_empty() {
            Some(("reason", false))
        } else if let Some(notes) = &record.notes
            && oracle.refuses(notes)?
        {
            Some(("notes", true))
        } else {
            let mut html = false;
            for language in &record.languages {
                if oracle.refuses(language)? {
                    html = true;
                    break;
                }
            }
            html.then_some(("languages", true))
        };
        match (record.to_form(), fault) {
            (Err(err), Some((field, html))) => {
                prop_assert_eq!(err.field(), field);
                match err.kind() {
                    EncodeErrorKind::HtmlTag { tag } => prop_assert!(html, "refused as HTML: {}", tag),
                    EncodeErrorKind::Empty => prop_assert!(!html, "refused as empty, not HTML"),
                    other => prop_assert!(false, "refused for another reason: {:?}", other),
                }
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
    });
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

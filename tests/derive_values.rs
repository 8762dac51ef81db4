//! Every kind of field value a derived record can send, awkward text, and encode-time errors.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};

use lamplight::{
    EncodeErrorKind, LamplightOption, LamplightRecord, Postcode, ProfileId, ProfileRef, Record,
    Role, WorkareaId,
};
use time::macros::{date, datetime};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Numbers {
    attendee: ProfileId,
    a_u8: u8,
    a_u16: u16,
    a_u32: u32,
    a_u64: u64,
    a_u128: u128,
    a_usize: usize,
    an_i8: i8,
    an_i16: i16,
    an_i32: i32,
    an_i64: i64,
    an_i128: i128,
    an_isize: isize,
    an_f32: f32,
    an_f64: f64,
}

#[test]
fn every_integer_width_and_float() {
    let numbers = Numbers {
        attendee: ProfileId(1),
        a_u8: u8::MAX,
        a_u16: u16::MAX,
        a_u32: u32::MAX,
        a_u64: u64::MAX,
        a_u128: u128::MAX,
        a_usize: 7,
        an_i8: i8::MIN,
        an_i16: i16::MIN,
        an_i32: -32,
        an_i64: i64::MIN,
        an_i128: i128::MIN,
        an_isize: -1,
        an_f32: 1.5,
        an_f64: -0.25,
    };
    let form = numbers.to_form().unwrap();
    let values: Vec<_> = form.pairs().map(|(_, value)| value.to_owned()).collect();
    assert_eq!(
        values,
        [
            "1".to_owned(),
            u8::MAX.to_string(),
            u16::MAX.to_string(),
            u32::MAX.to_string(),
            u64::MAX.to_string(),
            u128::MAX.to_string(),
            "7".to_owned(),
            i8::MIN.to_string(),
            i16::MIN.to_string(),
            "-32".to_owned(),
            i64::MIN.to_string(),
            i128::MIN.to_string(),
            "-1".to_owned(),
            "1.5".to_owned(),
            "-0.25".to_owned(),
        ]
    );
    assert_eq!(form.get("a_u8"), Some("255"));
    assert!(form.to_string().contains("&an_i8=-128&"));
}

#[test]
fn a_float_that_is_not_a_number_is_refused() {
    let numbers = Numbers {
        an_f64: f64::NAN,
        ..Numbers {
            attendee: ProfileId(1),
            a_u8: 0,
            a_u16: 0,
            a_u32: 0,
            a_u64: 0,
            a_u128: 0,
            a_usize: 0,
            an_i8: 0,
            an_i16: 0,
            an_i32: 0,
            an_i64: 0,
            an_i128: 0,
            an_isize: 0,
            an_f32: 0.0,
            an_f64: 0.0,
        }
    };
    let err = numbers.to_form().unwrap_err();
    assert_eq!(err.field(), "an_f64");
    assert!(matches!(err.kind(), EncodeErrorKind::Invalid { .. }));
}

#[derive(LamplightOption, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Interest {
    Art,
    #[lamplight(rename = "Music & dance")]
    Music,
    #[lamplight(option_id = 9)]
    Sport,
}

#[derive(LamplightRecord)]
#[lamplight(person)]
struct Everything<'a> {
    #[lamplight(role)]
    role: Role,
    first_name: &'a str,
    surname: Cow<'a, str>,
    initial: char,
    nickname: Box<str>,
    publishable: bool,
    publish_update: bool,
    joined: time::Date,
    last_seen: time::PrimitiveDateTime,
    postcode: Postcode,
    key_worker: ProfileRef,
    backup_worker: ProfileRef,
    workarea: WorkareaId,
    workareas: WorkareaId,
    favourite: Interest,
    interests: Vec<Interest>,
    sorted_interests: BTreeSet<Interest>,
    hashed_interests: HashSet<Interest>,
    fixed_interests: [Interest; 2],
    no_interests: Vec<Interest>,
    maybe: Option<Interest>,
    nothing: Option<String>,
}

#[test]
fn every_field_value() {
    let record = Everything {
        role: Role::Staff,
        first_name: "Ana",
        surname: Cow::Owned("Bell".into()),
        initial: 'é',
        nickname: "Annie".into(),
        publishable: true,
        publish_update: false,
        joined: date!(2023 - 01 - 09),
        last_seen: datetime!(2024 - 12 - 31 23:05:09),
        postcode: "m1 1ae".parse().unwrap(),
        key_worker: ProfileRef::id(653),
        backup_worker: ProfileRef::email("lee@example.org").unwrap(),
        workarea: WorkareaId::one(4),
        workareas: WorkareaId::many([4, 5, 6]),
        favourite: Interest::Music,
        interests: vec![Interest::Art, Interest::Sport],
        sorted_interests: [Interest::Sport, Interest::Art].into_iter().collect(),
        hashed_interests: [Interest::Music].into_iter().collect(),
        fixed_interests: [Interest::Music, Interest::Art],
        no_interests: Vec::new(),
        maybe: None,
        nothing: None,
    };
    let form = record.to_form().unwrap();
    assert_eq!(
        form.pairs().collect::<Vec<_>>(),
        [
            ("role", "staff"),
            ("first_name", "Ana"),
            ("surname", "Bell"),
            ("initial", "é"),
            ("nickname", "Annie"),
            ("publishable", "1"),
            ("publish_update", "0"),
            ("joined", "2023-01-09"),
            ("last_seen", "2024-12-31 23:05:09"),
            ("postcode", "M1 1AE"),
            ("key_worker", "653"),
            ("backup_worker", "lee@example.org"),
            ("workarea", "4"),
            ("workareas", "4,5,6"),
            ("favourite", "Music & dance"),
            ("interests[0]", "Art"),
            ("interests[1]", "option_9"),
            ("sorted_interests[0]", "Art"),
            ("sorted_interests[1]", "option_9"),
            ("hashed_interests[0]", "Music & dance"),
            ("fixed_interests[0]", "Music & dance"),
            ("fixed_interests[1]", "Art"),
        ]
    );
    assert_eq!(
        form.to_string(),
        "role=staff&first_name=Ana&surname=Bell&initial=%C3%A9&nickname=Annie&publishable=1\
         &publish_update=0&joined=2023-01-09&last_seen=2024-12-31+23%3A05%3A09\
         &postcode=M1+1AE&key_worker=653&backup_worker=lee%40example.org&workarea=4\
         &workareas=4%2C5%2C6&favourite=Music+%26+dance&interests[0]=Art\
         &interests[1]=option_9&sorted_interests[0]=Art&sorted_interests[1]=option_9\
         &hashed_interests[0]=Music+%26+dance&fixed_interests[0]=Music+%26+dance\
         &fixed_interests[1]=Art"
    );
}

/// The `chrono` feature is on for this crate's tests (see the dev-dependencies), so this always
/// runs.
#[test]
fn chrono_dates_and_date_times() {
    #[derive(LamplightRecord)]
    #[lamplight(referral)]
    struct Dated {
        attendee: ProfileRef,
        date: chrono::NaiveDate,
        #[lamplight(rename = "Seen at")]
        seen_at: chrono::NaiveDateTime,
    }
    let date = chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
    let record = Dated {
        attendee: ProfileRef::id(1),
        date,
        seen_at: date.and_hms_opt(7, 8, 9).unwrap(),
    };
    assert_eq!(
        record.to_form().unwrap().to_string(),
        "attendee=1&date_from=2024-02-29&Seen_at=2024-02-29+07%3A08%3A09"
    );
    assert_eq!(Dated::FIELDS[2].kind, lamplight::ValueKind::DateTime);
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Notes {
    attendee: ProfileRef,
    reason: String,
    #[lamplight(rename = "Café notes")]
    notes: Option<String>,
}

fn notes(reason: &str, notes: Option<&str>) -> Notes {
    Notes {
        attendee: ProfileRef::id(1),
        reason: reason.into(),
        notes: notes.map(str::to_owned),
    }
}

#[test]
fn awkward_text_is_encoded_and_decoded_faithfully() {
    let cases = [
        ("fish & chips", "fish+%26+chips"),
        ("a=b", "a%3Db"),
        ("1+1", "1%2B1"),
        ("100%", "100%25"),
        ("line one\nline two", "line+one%0Aline+two"),
        ("crlf\r\n", "crlf%0D%0A"),
        (
            "Zoë says “hi” 👋",
            "Zo%C3%AB+says+%E2%80%9Chi%E2%80%9D+%F0%9F%91%8B",
        ),
        ("aged < 18 or > 65", "aged+%3C+18+or+%3E+65"),
        ("3<4 and 5>2", "3%3C4+and+5%3E2"),
        ("#?/[]", "%23%3F%2F%5B%5D"),
    ];
    for (text, encoded) in cases {
        let form = notes(text, None).to_form().unwrap();
        assert_eq!(form.get("referral_reason"), Some(text));
        assert_eq!(
            form.to_string(),
            format!("attendee=1&referral_reason={encoded}")
        );
    }
}

#[test]
fn custom_labels_are_encoded_once_at_compile_time() {
    assert_eq!(Notes::FIELDS[2].wire_name, "Café_notes");
    assert_eq!(Notes::FIELDS[2].encoded_name, "Caf%C3%A9_notes");
    let form = notes("x", Some("ok")).to_form().unwrap();
    assert_eq!(form.get("Café_notes"), Some("ok"));
    assert_eq!(
        form.to_string(),
        "attendee=1&referral_reason=x&Caf%C3%A9_notes=ok"
    );
}

#[test]
fn an_empty_optional_value_is_sent_empty() {
    let form = notes("x", Some("")).to_form().unwrap();
    assert_eq!(form.get("Café_notes"), Some(""));
    assert_eq!(
        form.to_string(),
        "attendee=1&referral_reason=x&Caf%C3%A9_notes="
    );
}

#[test]
fn an_empty_required_value_is_refused_naming_the_field() {
    let err = notes("", None).to_form().unwrap_err();
    assert_eq!(err.field(), "reason");
    assert_eq!(err.wire_name(), "referral_reason");
    assert_eq!(err.kind(), &EncodeErrorKind::Empty);
    assert!(
        err.to_string()
            .starts_with("field `reason` (sent as `referral_reason`)")
    );
}

#[test]
fn html_is_refused_naming_the_field() {
    let err = notes("fine", Some("<b>urgent</b>")).to_form().unwrap_err();
    assert_eq!(err.field(), "notes");
    assert_eq!(err.wire_name(), "Café_notes");
    assert_eq!(
        err.kind(),
        &EncodeErrorKind::HtmlTag {
            tag: "<b>".to_owned()
        }
    );
    let err = notes("see <a href=\"x\">here</a>", None)
        .to_form()
        .unwrap_err();
    assert_eq!(err.field(), "reason");
    assert!(
        err.to_string().contains("HTML tag `<a href=\"x\">`"),
        "{err}"
    );
}

#[test]
fn an_empty_workarea_list_is_refused() {
    #[derive(LamplightRecord)]
    #[lamplight(referral)]
    struct Placed {
        attendee: ProfileRef,
        workarea: WorkareaId,
    }
    let err = Placed {
        attendee: ProfileRef::id(1),
        workarea: WorkareaId::many(Vec::<u64>::new()),
    }
    .to_form()
    .unwrap_err();
    assert_eq!(err.field(), "workarea");
}

//! `#[derive(LamplightRecord)]` checked against a schema file (`tests/ui/schema/lamplight.toml`):
//! correct structs compile, send exactly the schema's wire names, carry its labels and options
//! in `FIELDS`, and refuse at encode time what only the run time can know.

use lamplight::{EncodeErrorKind, LamplightOption, LamplightRecord, ProfileRef, Record, ValueKind};
use time::macros::date;

#[derive(LamplightOption, Debug, Clone, Copy, PartialEq)]
enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    WordOfMouth,
    Website,
}

#[derive(LamplightOption, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Support {
    Confidence,
    #[lamplight(option_id = 13)]
    Wellbeing,
}

#[derive(LamplightRecord)]
#[lamplight(referral, schema = "tests/ui/schema/lamplight.toml")]
struct Referral {
    attendee: ProfileRef,
    // Lamplight matches labels ignoring case, with `_` for a space: the field name is enough.
    how_did_you_hear: HeardVia,
    school_year: Option<u8>,
    #[lamplight(rename = "Support needed")]
    support: Vec<Support>,
    date_of_first_contact: Option<time::Date>,
    consent_given: bool,
    #[lamplight(rename = "Contact preferences")]
    contact_by: Vec<String>,
    additional_notes: Option<String>,
}

#[derive(LamplightRecord)]
#[lamplight(referral, schema = "tests/ui/schema/lamplight.toml")]
struct FreeTextReferral {
    attendee: ProfileRef,
    #[lamplight(rename = "how did you hear")]
    heard: String,
}

#[derive(LamplightRecord)]
#[lamplight(person, role = "user", schema = "tests/ui/schema/lamplight.toml")]
struct Person {
    first_name: String,
    surname: String,
    #[lamplight(field_id = 123, rename = "Gender")]
    gender: Option<String>,
    #[lamplight(field_id = 124)]
    date_of_birth: time::Date,
}

#[derive(LamplightRecord)]
#[lamplight(referral, schema = false)]
struct Unchecked {
    attendee: ProfileRef,
    favourite_colour: String,
}

fn referral() -> Referral {
    Referral {
        attendee: ProfileRef::id(653),
        how_did_you_hear: HeardVia::WordOfMouth,
        school_year: Some(9),
        support: vec![Support::Confidence, Support::Wellbeing],
        date_of_first_contact: Some(date!(2026 - 03 - 01)),
        consent_given: true,
        contact_by: vec!["Email".into(), "phone".into()],
        additional_notes: None,
    }
}

#[test]
fn a_checked_referral_sends_the_schema_wire_names() {
    let form = referral().to_form().expect("encodes");
    assert_eq!(
        form.pairs().collect::<Vec<_>>(),
        [
            ("attendee", "653"),
            ("how_did_you_hear", "Word of mouth"),
            ("school_year", "9"),
            ("Support_needed[0]", "Confidence"),
            ("Support_needed[1]", "option_13"),
            ("date_of_first_contact", "2026-03-01"),
            ("consent_given", "1"),
            ("Contact_preferences[0]", "Email"),
            ("Contact_preferences[1]", "phone"),
        ]
    );
}

#[test]
fn fields_carry_the_schema_labels_and_options() {
    let labels: Vec<&str> = Referral::FIELDS.iter().map(|field| field.label).collect();
    assert_eq!(
        labels,
        [
            "Attendee",
            "How did you hear",
            "School year",
            "Support needed",
            "Date of first contact",
            "Consent given",
            "Contact preferences",
            "Additional notes",
        ]
    );
    let contact = &Referral::FIELDS[6];
    assert!(matches!(contact.kind, ValueKind::MultiSelect(_)));
    assert_eq!(
        contact.option_labels().collect::<Vec<_>>(),
        ["Phone", "Email"]
    );
    // The schema makes "How did you hear" required: a string for it must not be empty.
    let heard = &FreeTextReferral::FIELDS[1];
    assert!(heard.required);
    assert_eq!(
        heard.option_labels().collect::<Vec<_>>(),
        ["Word of mouth", "Website", "Social media"]
    );
    assert_eq!(Person::FIELDS[2].label, "Gender");
    assert_eq!(Person::FIELDS[2].wire_name, "profile_field_123");
    assert_eq!(Person::FIELDS[3].label, "Date of birth");
    // A field whose enum holds the options keeps the enum's own.
    assert_eq!(
        Referral::FIELDS[1].option_labels().collect::<Vec<_>>(),
        HeardVia::OPTIONS
            .iter()
            .map(|o| o.label)
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_string_that_is_not_an_option_is_refused_naming_the_field_and_the_options() {
    let referral = FreeTextReferral {
        attendee: ProfileRef::id(1),
        heard: "Webiste".into(),
    };
    let err = referral.to_form().expect_err("not an option");
    assert_eq!(err.field(), "heard");
    assert_eq!(
        err.kind(),
        &EncodeErrorKind::UnknownOption {
            value: "Webiste".into(),
            options: vec![
                "Word of mouth".into(),
                "Website".into(),
                "Social media".into()
            ],
        }
    );
    assert_eq!(
        err.to_string(),
        "field `heard` (sent as `how_did_you_hear`) is `Webiste`, which is not one of its options: \
         `Word of mouth`, `Website` or `Social media`; Lamplight would store the record without it"
    );

    let ok = FreeTextReferral {
        attendee: ProfileRef::id(1),
        heard: "website".into(),
    };
    assert_eq!(
        ok.to_form().expect("an option").get("how_did_you_hear"),
        Some("website")
    );
}

#[test]
fn a_list_of_strings_is_checked_item_by_item() {
    let mut referral = referral();
    referral.contact_by = vec!["Email".into(), "Carrier pigeon".into()];
    let err = referral.to_form().expect_err("not an option");
    assert_eq!(err.field(), "contact_by");
    assert!(
        matches!(err.kind(), EncodeErrorKind::UnknownOption { value, .. } if value == "Carrier pigeon"),
        "{err}"
    );
}

#[test]
fn a_profile_select_by_id_takes_labels_and_option_ids() {
    let mut person = Person {
        first_name: "Sam".into(),
        surname: "Lee".into(),
        gender: Some("option_55".into()),
        date_of_birth: date!(2010 - 05 - 04),
    };
    let form = person.to_form().expect("an option by id");
    assert_eq!(form.get("profile_field_123"), Some("option_55"));
    person.gender = Some("option_99".into());
    assert!(person.to_form().is_err());
    person.gender = None;
    assert_eq!(
        person.to_form().expect("optional").get("profile_field_123"),
        None
    );
}

#[test]
fn schema_false_opts_out() {
    let record = Unchecked {
        attendee: ProfileRef::id(1),
        favourite_colour: "Teal".into(),
    };
    assert_eq!(
        record.to_form().unwrap().get("favourite_colour"),
        Some("Teal")
    );
}

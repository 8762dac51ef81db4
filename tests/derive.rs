//! `#[derive(LamplightRecord)]` on DESIGN.md's example records and on every kind of profile: the
//! exact parameters and body each sends, and the schema metadata it describes.

use lamplight::{
    FieldSource, LamplightOption, LamplightRecord, Postcode, ProfileRef, Record, RecordKind, Role,
    ValueKind, WorkareaId,
};
use time::macros::date;

#[derive(LamplightOption, Debug, PartialEq)]
enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    WordOfMouth,
    Website,
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct YouthReferral {
    attendee: ProfileRef,
    referrer: Option<ProfileRef>,
    reason: String,
    date: Option<time::Date>,
    workarea: WorkareaId,
    #[lamplight(rename = "How did you hear")]
    heard_via: HeardVia,
    school_year: Option<u8>,
    #[lamplight(skip)]
    #[allow(dead_code)]
    consent_recorded: bool,
}

#[derive(LamplightOption)]
enum Gender {
    #[lamplight(option_id = 54)]
    Female,
    #[lamplight(option_id = 55)]
    Male,
    #[lamplight(rename = "Prefer not to say")]
    NotSaid,
}

#[derive(LamplightRecord)]
#[lamplight(person, role = "user")]
struct ServiceUser {
    first_name: String,
    surname: String,
    postcode: Option<Postcode>,
    email: Option<String>,
    #[lamplight(rename = "Date of birth")]
    date_of_birth: time::Date,
    #[lamplight(field_id = 123)]
    gender: Gender,
    publishable: bool,
}

fn youth_referral() -> YouthReferral {
    YouthReferral {
        attendee: ProfileRef::id(653),
        referrer: Some(ProfileRef::email("sam@example.org").unwrap()),
        reason: "Needs support & advice".into(),
        date: Some(date!(2024 - 03 - 01)),
        workarea: WorkareaId::many([3, 7]),
        heard_via: HeardVia::WordOfMouth,
        school_year: Some(9),
        consent_recorded: true,
    }
}

#[test]
fn referral_sends_the_documented_parameters() {
    let referral = youth_referral();
    assert_eq!(referral.endpoint(), "referral/add");
    let form = referral.to_form().unwrap();
    assert_eq!(
        form.pairs().collect::<Vec<_>>(),
        [
            ("attendee", "653"),
            ("referrer", "sam@example.org"),
            ("referral_reason", "Needs support & advice"),
            ("date_from", "2024-03-01"),
            ("workareaid", "3,7"),
            ("How_did_you_hear", "Word of mouth"),
            ("school_year", "9"),
        ]
    );
    assert_eq!(
        form.to_string(),
        "attendee=653&referrer=sam%40example.org&referral_reason=Needs+support+%26+advice\
         &date_from=2024-03-01&workareaid=3%2C7&How_did_you_hear=Word+of+mouth&school_year=9"
    );
}

#[test]
fn optional_fields_left_out_when_none() {
    let referral = YouthReferral {
        referrer: None,
        date: None,
        school_year: None,
        workarea: WorkareaId::one(1),
        heard_via: HeardVia::Website,
        ..youth_referral()
    };
    assert_eq!(
        referral.to_form().unwrap().to_string(),
        "attendee=653&referral_reason=Needs+support+%26+advice&workareaid=1\
         &How_did_you_hear=Website"
    );
}

#[test]
fn person_sends_role_first_then_fields() {
    let person = ServiceUser {
        first_name: "Sam".into(),
        surname: "O'Neil".into(),
        postcode: Some("sw1a1aa".parse().unwrap()),
        email: Some("sam@example.org".into()),
        date_of_birth: date!(2008 - 05 - 17),
        gender: Gender::Female,
        publishable: true,
    };
    assert_eq!(person.endpoint(), "people/add");
    let form = person.to_form().unwrap();
    assert_eq!(
        form.pairs().collect::<Vec<_>>(),
        [
            ("role", "user"),
            ("first_name", "Sam"),
            ("surname", "O'Neil"),
            ("postcode", "SW1A 1AA"),
            ("email", "sam@example.org"),
            ("Date_of_birth", "2008-05-17"),
            ("profile_field_123", "option_54"),
            ("publishable", "1"),
        ]
    );
    assert_eq!(
        form.to_string(),
        "role=user&first_name=Sam&surname=O%27Neil&postcode=SW1A+1AA&email=sam%40example.org\
         &Date_of_birth=2008-05-17&profile_field_123=option_54&publishable=1"
    );
}

#[derive(LamplightOption, PartialEq, Eq, PartialOrd, Ord)]
enum Sector {
    Charity,
    #[lamplight(rename = "Local authority")]
    LocalAuthority,
}

#[derive(LamplightRecord)]
#[lamplight(organisation, role = "org")]
struct Partner {
    name: String,
    address_line_1: String,
    address_line_2: Option<String>,
    address_line_5: Option<String>,
    postcode: Postcode,
    phone: Option<String>,
    web: Option<String>,
    sector: Vec<Sector>,
    publish_update: bool,
}

#[test]
fn organisation_sends_exact_parameters() {
    let partner = Partner {
        name: "Bridges & Co".into(),
        address_line_1: "1 High Street".into(),
        address_line_2: None,
        address_line_5: Some("London".into()),
        postcode: "ec1a1bb".parse().unwrap(),
        phone: Some("020 7946 0000".into()),
        web: Some("https://bridges.example.org/?a=1".into()),
        sector: vec![Sector::Charity, Sector::LocalAuthority],
        publish_update: false,
    };
    assert_eq!(partner.endpoint(), "orgs/add");
    let form = partner.to_form().unwrap();
    assert_eq!(
        form.pairs().collect::<Vec<_>>(),
        [
            ("role", "org"),
            ("name", "Bridges & Co"),
            ("address_line_1", "1 High Street"),
            ("address_line_5", "London"),
            ("postcode", "EC1A 1BB"),
            ("phone", "020 7946 0000"),
            ("web", "https://bridges.example.org/?a=1"),
            ("sector[0]", "Charity"),
            ("sector[1]", "Local authority"),
            ("publish_update", "0"),
        ]
    );
    assert_eq!(
        form.to_string(),
        "role=org&name=Bridges+%26+Co&address_line_1=1+High+Street&address_line_5=London\
         &postcode=EC1A+1BB&phone=020+7946+0000&web=https%3A%2F%2Fbridges.example.org%2F%3Fa%3D1\
         &sector[0]=Charity&sector[1]=Local+authority&publish_update=0"
    );
}

#[derive(LamplightRecord)]
#[lamplight(family)]
struct Household {
    #[lamplight(role)]
    role: Role,
    name: String,
    mobile: Option<String>,
    #[lamplight(rename = "Number of children")]
    children: u8,
    #[lamplight(field_id = 7)]
    languages: Vec<String>,
}

#[test]
fn family_with_a_role_field() {
    let household = Household {
        role: Role::Contact,
        name: "The Ahmeds".into(),
        mobile: Some("07700 900123".into()),
        children: 3,
        languages: vec!["English".into(), "Urdu".into()],
    };
    assert_eq!(household.endpoint(), "family/add");
    let form = household.to_form().unwrap();
    assert_eq!(
        form.pairs().collect::<Vec<_>>(),
        [
            ("role", "contact"),
            ("name", "The Ahmeds"),
            ("mobile", "07700 900123"),
            ("Number_of_children", "3"),
            ("profile_field_7[0]", "English"),
            ("profile_field_7[1]", "Urdu"),
        ]
    );
    assert_eq!(
        form.to_string(),
        "role=contact&name=The+Ahmeds&mobile=07700+900123&Number_of_children=3\
         &profile_field_7[0]=English&profile_field_7[1]=Urdu"
    );
}

#[test]
fn a_role_field_the_kind_cannot_take_is_refused() {
    let household = Household {
        role: Role::Org,
        name: "The Ahmeds".into(),
        mobile: None,
        children: 0,
        languages: Vec::new(),
    };
    let err = household.to_form().unwrap_err();
    assert_eq!(err.field(), "role");
    assert!(
        err.to_string().contains("cannot take the role `org`"),
        "{err}"
    );
}

#[test]
fn record_kinds_and_markers() {
    fn create<R: lamplight::Create>() -> RecordKind {
        R::KIND
    }
    fn update<R: lamplight::Update>() -> RecordKind {
        R::KIND
    }
    assert_eq!(create::<YouthReferral>(), RecordKind::Referral);
    assert_eq!(update::<ServiceUser>(), RecordKind::Person);
    assert_eq!(update::<Partner>(), RecordKind::Organisation);
    assert_eq!(update::<Household>(), RecordKind::Family);
}

#[test]
fn fields_describe_the_referral_schema() {
    let fields = YouthReferral::FIELDS;
    let names: Vec<_> = fields
        .iter()
        .map(|f| {
            (
                f.rust_name,
                f.label,
                f.wire_name,
                f.encoded_name,
                f.required,
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("attendee", "Attendee", "attendee", "attendee", true),
            ("referrer", "Referrer", "referrer", "referrer", false),
            (
                "reason",
                "Reason for referral",
                "referral_reason",
                "referral_reason",
                true
            ),
            ("date", "Referral date", "date_from", "date_from", false),
            ("workarea", "Workarea", "workareaid", "workareaid", true),
            (
                "heard_via",
                "How did you hear",
                "How_did_you_hear",
                "How_did_you_hear",
                true
            ),
            (
                "school_year",
                "school year",
                "school_year",
                "school_year",
                false
            ),
        ]
    );
    assert!(fields[..5].iter().all(|f| f.source == FieldSource::BuiltIn));
    assert_eq!(fields[5].source, FieldSource::Custom);
    assert!(fields[5].is_custom());
    assert_eq!(fields[0].kind, ValueKind::Profile);
    assert_eq!(fields[2].kind, ValueKind::Text);
    assert_eq!(fields[3].kind, ValueKind::Date);
    assert_eq!(fields[4].kind, ValueKind::Workarea);
    assert_eq!(fields[6].kind, ValueKind::Integer);
    assert_eq!(
        fields[5].option_labels().collect::<Vec<_>>(),
        ["Word of mouth", "Website"]
    );
    assert!(fields.iter().all(|f| f.rust_name != "consent_recorded"));
}

#[test]
fn fields_describe_profiles() {
    let fields = ServiceUser::FIELDS;
    assert_eq!(fields.len(), 7);
    assert_eq!(fields[5].wire_name, "profile_field_123");
    assert_eq!(fields[5].label, "gender");
    assert_eq!(fields[5].source, FieldSource::CustomId(123));
    assert_eq!(
        fields[5]
            .kind
            .options()
            .iter()
            .map(|o| (o.label, o.wire_value, o.id))
            .collect::<Vec<_>>(),
        [
            ("Female", "option_54", Some(54)),
            ("Male", "option_55", Some(55)),
            ("Prefer not to say", "Prefer not to say", None),
        ]
    );
    assert_eq!(fields[6].kind, ValueKind::Flag);
    assert!(!fields[6].required);
    assert_eq!(fields[2].kind, ValueKind::Postcode);

    let household = Household::FIELDS;
    assert_eq!(household[0].rust_name, "role");
    assert_eq!(household[0].wire_name, "role");
    assert_eq!(household[0].kind, ValueKind::Role);
    assert_eq!(household[4].kind, ValueKind::List(&ValueKind::Text));
    assert_eq!(
        Partner::FIELDS[7].kind,
        ValueKind::MultiSelect(<Sector as lamplight::LamplightOption>::OPTIONS)
    );
}

#[test]
fn option_enums_know_their_labels() {
    use lamplight::LamplightOption as _;
    assert_eq!(HeardVia::WordOfMouth.label(), "Word of mouth");
    assert_eq!(HeardVia::from_label("Website"), Some(HeardVia::Website));
    assert_eq!(HeardVia::from_label("website"), None);
    assert_eq!(Gender::Male.option().wire_value, "option_55");
    assert_eq!(Gender::NotSaid.option().id, None);
    assert_eq!(
        <Gender as lamplight::FieldValue>::KIND,
        ValueKind::Select(Gender::OPTIONS)
    );
}

/// A field named with a keyword, and a kind given in a separate attribute.
#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Keyworded {
    attendee: u64,
    r#type: String,
}

#[test]
fn raw_identifiers_lose_their_prefix() {
    let record = Keyworded {
        attendee: 1,
        r#type: "Self".into(),
    };
    assert_eq!(Keyworded::FIELDS[1].rust_name, "type");
    assert_eq!(
        record.to_form().unwrap().to_string(),
        "attendee=1&type=Self"
    );
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Choices {
    attendee: ProfileRef,
    #[lamplight(rename = "Heard via")]
    maybe_heard_via: Option<HeardVia>,
    #[lamplight(rename = "All heard via")]
    all_heard_via: Vec<HeardVia>,
    #[lamplight(rename = "Sorted heard via")]
    sorted_heard_via: std::collections::BTreeSet<Sector>,
    #[lamplight(rename = "Perhaps several")]
    perhaps_several: Option<Vec<Sector>>,
}

#[test]
fn option_labels_reach_a_form_through_options_and_lists() {
    let fields = Choices::FIELDS;
    let labels = |i: usize| fields[i].option_labels().collect::<Vec<_>>();
    assert_eq!(fields[1].kind, ValueKind::Select(HeardVia::OPTIONS));
    assert!(!fields[1].required);
    assert_eq!(labels(1), ["Word of mouth", "Website"]);
    assert_eq!(fields[2].kind, ValueKind::MultiSelect(HeardVia::OPTIONS));
    assert_eq!(labels(2), ["Word of mouth", "Website"]);
    assert_eq!(fields[3].kind, ValueKind::MultiSelect(Sector::OPTIONS));
    assert_eq!(labels(3), ["Charity", "Local authority"]);
    assert_eq!(fields[4].kind, ValueKind::MultiSelect(Sector::OPTIONS));
    assert_eq!(labels(4), ["Charity", "Local authority"]);
    assert!(fields[0].option_labels().next().is_none());
}

/// What a form renderer reads for every field of a profile: the whole `FieldInfo`.
#[test]
fn fields_describe_every_sent_field_completely() {
    use lamplight::FieldInfo;
    let info = |rust_name, label, wire_name, source, required, kind| FieldInfo {
        rust_name,
        label,
        wire_name,
        encoded_name: wire_name,
        source,
        required,
        kind,
    };
    assert_eq!(
        ServiceUser::FIELDS,
        [
            info(
                "first_name",
                "First name",
                "first_name",
                FieldSource::BuiltIn,
                true,
                ValueKind::Text
            ),
            info(
                "surname",
                "Surname",
                "surname",
                FieldSource::BuiltIn,
                true,
                ValueKind::Text
            ),
            info(
                "postcode",
                "Postcode",
                "postcode",
                FieldSource::BuiltIn,
                false,
                ValueKind::Postcode
            ),
            info(
                "email",
                "Email",
                "email",
                FieldSource::BuiltIn,
                false,
                ValueKind::Text
            ),
            info(
                "date_of_birth",
                "Date of birth",
                "Date_of_birth",
                FieldSource::Custom,
                true,
                ValueKind::Date
            ),
            info(
                "gender",
                "gender",
                "profile_field_123",
                FieldSource::CustomId(123),
                true,
                ValueKind::Select(Gender::OPTIONS)
            ),
            info(
                "publishable",
                "Publishable",
                "publishable",
                FieldSource::BuiltIn,
                false,
                ValueKind::Flag
            ),
        ]
    );
    assert_eq!(
        Household::FIELDS[0],
        info(
            "role",
            "Role",
            "role",
            FieldSource::BuiltIn,
            true,
            ValueKind::Role
        )
    );
}

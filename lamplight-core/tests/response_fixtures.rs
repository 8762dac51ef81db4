//! Every reply shape in `fixtures/`: the documented one and each quirk the live server shows.

use lamplight_core::response::{
    AttendOutcome, Created, One, Page, Profile, ProfileSummary, Reply, ServerError, Work,
    WorkSummary, Workarea, WorkareaRef,
};
use lamplight_core::{ErrorCode, ProfileId, RecordId, RecordKind, WorkId, WorkareaId};
use serde::de::DeserializeOwned;
use time::macros::datetime;

macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("fixtures/", $name, ".json"))
    };
}

fn decode<T: DeserializeOwned>(body: &str) -> T {
    match serde_json::from_str(body) {
        Ok(value) => value,
        Err(err) => panic!("fixture failed to decode: {err}\n{body}"),
    }
}

fn works(ids: &[u64]) -> Vec<WorkId> {
    ids.iter().copied().map(WorkId).collect()
}

fn one<T: DeserializeOwned>(body: &str) -> T {
    decode::<Reply<One<T>>>(body).data.0
}

fn assert_first_work(work: &WorkSummary) {
    assert_eq!(work.id, 30936);
    assert_eq!(work.title, "Youth club");
    assert_eq!(work.start_date, Some(datetime!(2024-03-01 18:00)));
    assert_eq!(work.end_date, Some(datetime!(2024-03-01 20:00)));
    assert!(work.may_add_attend);
    assert_eq!(work.num_users_attending, Some(4));
    assert_eq!(work.maximum_num_users_allowed, Some(20));
    assert_eq!(work.places_left(), Some(16));
}

#[test]
fn work_some_clean_and_quirky_agree() {
    let clean: Page<WorkSummary> = decode(fixture!("work_some_clean"));
    assert_eq!(clean.total, Some(20));
    assert_eq!(clean.records.len(), 2);
    assert_first_work(&clean.records[0]);
    assert_eq!(
        clean.records[0].workarea,
        [WorkareaRef::Id(WorkareaId::one(3))]
    );
    assert!(!clean.records[1].may_add_attend);
    assert_eq!(clean.records[1].num_users_attending, None);

    for (name, body) in [
        (
            "numbers as strings",
            fixture!("work_some_numbers_as_strings"),
        ),
        ("numResults", fixture!("work_some_num_results")),
    ] {
        let page: Page<WorkSummary> = decode(body);
        assert_eq!(page, clean, "{name}");
    }
    let no_meta: Page<WorkSummary> = decode(fixture!("work_some_meta_empty"));
    assert_eq!(no_meta.records, clean.records);
    assert_eq!(no_meta.total, None);
}

#[test]
fn work_some_single_object_and_empty() {
    let single: Page<WorkSummary> = decode(fixture!("work_some_single_object"));
    assert_eq!(single.records.len(), 1);
    assert_first_work(&single.records[0]);
    let empty: Page<WorkSummary> = decode(fixture!("work_some_empty_data"));
    assert!(empty.is_empty());
    assert_eq!(empty.total, None);
}

#[test]
fn work_workarea_in_every_shape() {
    let listed: Page<WorkSummary> = decode(fixture!("work_some_workarea_numeric_string"));
    assert_eq!(
        listed.records[0].workarea,
        [
            WorkareaRef::Id(WorkareaId::one(3)),
            WorkareaRef::Id(WorkareaId::one(7))
        ]
    );
    let named: Page<WorkSummary> = decode(fixture!("work_some_workarea_names"));
    assert_eq!(
        named.records[0]
            .workarea
            .iter()
            .map(|w| w.name())
            .collect::<Vec<_>>(),
        [Some("Youth work"), Some("Sport")]
    );
}

#[test]
fn work_one_clean() {
    let work: Work = one(fixture!("work_one_clean"));
    assert_eq!(work.id, 30936);
    assert_eq!(work.workarea_text.as_deref(), Some("Youth work"));
    assert_eq!(work.sub_workareas, [WorkareaRef::Id(WorkareaId::one(4))]);
    assert_eq!(work.description.as_deref(), Some("Games and music"));
    assert_eq!(work.summary.as_deref(), Some("Weekly club"));
    assert_eq!(work.followup.as_deref(), Some("Call parents"));
    let location = &work.locations()[0];
    assert_eq!(location.name.as_deref(), Some("Community hall"));
    assert_eq!(location.address_lines, ["1 High Street"]);
    assert_eq!(location.postcode.as_deref(), Some("SW1A 1AA"));
    assert_eq!(location.disabled_access.as_deref(), Some("Yes"));
    assert_eq!(location.contact_phone.as_deref(), Some("020 7946 0000"));
    assert_eq!(work.location[0].name.as_deref(), Some("Community hall"));
    assert_eq!(
        work.custom("Theme").and_then(|v| v.as_text()),
        Some("Music")
    );
    assert_eq!(
        work.custom("Activities")
            .map(|v| v.values().collect::<Vec<_>>()),
        Some(vec!["Games", "Music"])
    );
    // Known fields are not mistaken for custom ones.
    assert!(work.custom("title").is_none());
    assert!(work.custom("workareaText").is_none());
}

#[test]
fn work_one_array_and_quirks() {
    let clean: Work = one(fixture!("work_one_clean"));
    let array: Work = one(fixture!("work_one_array_of_one"));
    assert_eq!(array, clean);
    let quirky: Work = one(fixture!("work_one_quirky"));
    assert_eq!(quirky.id, 30936);
    assert_eq!(quirky.num_users_attending, Some(4));
    assert!(quirky.may_add_attend);
    assert_eq!(quirky.workarea, [WorkareaRef::Name("Youth work".into())]);
    assert!(quirky.sub_workareas.is_empty());
    assert!(quirky.locations().is_empty());
    assert_eq!(
        quirky.custom("Activities").map(|v| v.values().count()),
        Some(0)
    );
}

#[test]
fn profiles_short() {
    let clean: Page<ProfileSummary> = decode(fixture!("profiles_short_clean"));
    assert_eq!(clean.total, Some(2));
    assert_eq!(clean.records[0].id, 653);
    assert_eq!(clean.records[0].name, "Sam Patel");
    assert_eq!(clean.records[0].summary.as_deref(), Some("Likes art"));
    assert_eq!(clean.records[1].summary, None);
    let strings: Page<ProfileSummary> = decode(fixture!("profiles_short_numbers_as_strings"));
    assert_eq!(strings, clean);
    let single: Page<ProfileSummary> = decode(fixture!("profiles_short_single_object"));
    assert_eq!(single.records, clean.records[..1]);
    let empty: Page<ProfileSummary> = decode(fixture!("profiles_short_empty"));
    assert!(empty.is_empty());
    assert_eq!(empty.total, Some(0));
}

fn assert_sam(profile: &Profile) {
    assert_eq!(profile.id, 653);
    assert_eq!(profile.first_name.as_deref(), Some("Sam"));
    assert_eq!(profile.surname.as_deref(), Some("Patel"));
    assert_eq!(profile.display_name(), "Sam Patel");
    assert_eq!(
        profile.address_lines().collect::<Vec<_>>(),
        ["1 High Street"]
    );
    assert_eq!(profile.postcode.as_deref(), Some("SW1A 1AA"));
    assert_eq!(profile.web, None);
    assert_eq!(profile.mobile.as_deref(), Some("07700 900123"));
    assert_eq!(profile.date_updated, Some(datetime!(2024-03-01 10:00)));
    assert_eq!(profile.northing, Some(179_645.0));
    assert_eq!(profile.easting, Some(529_090.0));
    let (lat, lng) = (profile.lat.unwrap_or(0.0), profile.lng.unwrap_or(0.0));
    assert!((lat - 51.501_008_938_673).abs() < 1e-9, "{lat}");
    assert!((lng + 0.141_587).abs() < 1e-9, "{lng}");
    assert_eq!(
        profile.custom("First language").and_then(|v| v.as_text()),
        Some("English")
    );
}

#[test]
fn profiles_full_clean_and_quirky() {
    let clean: Page<Profile> = decode(fixture!("profiles_full_clean"));
    assert_sam(&clean.records[0]);
    assert_eq!(
        clean.records[0]
            .custom("Food liked")
            .map(|v| v.values().collect::<Vec<_>>()),
        Some(vec!["Pizza", "Curry"])
    );
    let centre = clean.centre.expect("a geosearch centre");
    assert!((centre.lat - 51.501).abs() < 1e-9);

    let quirky: Page<Profile> = decode(fixture!("profiles_full_quirky"));
    assert_eq!(quirky.total, Some(1));
    assert_sam(&quirky.records[0]);
    assert_eq!(
        quirky.records[0]
            .custom("Food liked")
            .map(|v| v.values().count()),
        Some(0)
    );
    let centre = quirky.centre.expect("a geosearch centre");
    assert!((centre.lat - 51.501_008_938_673_7).abs() < 1e-12);
    assert!((centre.lng + 0.141_587).abs() < 1e-12);
}

#[test]
fn profile_one_as_object_or_array() {
    let person: Profile = one(fixture!("profile_one_person_object"));
    assert_sam(&person);
    let org: Profile = one(fixture!("profile_one_org_array"));
    assert_eq!(org.id, 900);
    assert_eq!(org.display_name(), "Acme Youth Trust");
    assert_eq!(org.first_name, None);
    assert_eq!(org.lat, Some(53.477));
    assert_eq!(
        org.custom("Sector").and_then(|v| v.as_text()),
        Some("Charity")
    );
}

#[test]
fn workareas_clean_and_quirky() {
    let clean: Page<Workarea> = decode(fixture!("workareas_clean"));
    let quirky: Page<Workarea> = decode(fixture!("workareas_quirky"));
    assert_eq!(clean.records, quirky.records);
    let youth = &clean.records[0];
    assert_eq!(
        (youth.id.clone(), youth.text.as_str()),
        (WorkareaId::one(1), "Youth work")
    );
    assert_eq!(
        youth.iter().map(|w| w.id.ids()[0]).collect::<Vec<_>>(),
        [1, 3, 4]
    );
    assert!(clean.records[1].children.is_empty());
}

#[test]
fn created_in_every_shape() {
    for body in [
        fixture!("created_object"),
        fixture!("created_bare_id"),
        fixture!("created_string_id"),
    ] {
        assert_eq!(
            decode::<Created>(body),
            Created { id: RecordId(123) },
            "{body}"
        );
    }
    assert!(serde_json::from_str::<Created>(r#"{"data": ""}"#).is_err());
}

#[test]
fn attendance_single_and_partial() {
    let single = AttendOutcome::decode(
        &works(&[30936]),
        fixture!("attend_single_object").as_bytes(),
    )
    .expect("decodes");
    assert!(single.all_attended());
    assert_eq!(single.results[0].work_id, 30936);

    let partial = AttendOutcome::decode(
        &works(&[30936, 30937, 30938]),
        fixture!("attend_array_partial").as_bytes(),
    )
    .expect("decodes");
    assert_eq!(partial.attended().collect::<Vec<_>>(), works(&[30936]));
    let refused: Vec<_> = partial
        .refused()
        .map(|r| (r.work_id.get(), r.error.as_ref().map(|e| e.code)))
        .collect();
    assert_eq!(
        refused,
        [
            (30937, Some(ErrorCode::AlreadyAttending)),
            (30938, Some(ErrorCode::NoSpacesLeft))
        ]
    );
    assert_eq!(
        partial.results[1]
            .error
            .as_ref()
            .map(|e| e.message.as_str()),
        Some("The attendee is already attending")
    );
}

#[test]
fn attendance_without_ids_matches_by_position() {
    let outcome = AttendOutcome::decode(
        &works(&[5, 6]),
        br#"{"data": [{"attend": true}, {"attend": false, "error": 1025, "msg": "Full"}]}"#,
    )
    .expect("decodes");
    assert_eq!(outcome.results[0].work_id, 5);
    assert_eq!(outcome.results[1].work_id, 6);
    let shared =
        AttendOutcome::decode(&works(&[5, 6]), br#"{"data": {"attend": true}}"#).expect("decodes");
    assert_eq!(shared.attended().collect::<Vec<_>>(), works(&[5, 6]));
}

#[test]
fn errors_even_with_200() {
    let error = ServerError::from_body(fixture!("error_with_200").as_bytes()).expect("an error");
    assert_eq!(error.code, ErrorCode::InvalidReferral);
    assert_eq!(error.message, "Referral data provided was not valid");
    let error =
        ServerError::from_body(fixture!("error_code_as_string").as_bytes()).expect("an error");
    assert_eq!(error.code, ErrorCode::UnknownError);
    for body in [fixture!("work_some_clean"), fixture!("created_bare_id")] {
        assert!(ServerError::from_body(body.as_bytes()).is_none());
    }
}

// One fixture per quirk per record type. Each quirky fixture is its clean counterpart with one
// quirk applied, so it must decode to the same value, except for what that quirk takes away.

#[test]
fn work_some_every_quirk() {
    let clean: Page<WorkSummary> = decode(fixture!("work_some_clean"));
    for (quirk, body) in [
        (
            "numbers as strings",
            fixture!("work_some_numbers_as_strings"),
        ),
        ("numResults", fixture!("work_some_num_results")),
    ] {
        assert_eq!(decode::<Page<WorkSummary>>(body), clean, "{quirk}");
    }
    let no_meta: Page<WorkSummary> = decode(fixture!("work_some_meta_empty"));
    assert_eq!(
        (no_meta.records, no_meta.total),
        (clean.records.clone(), None)
    );

    let single: Page<WorkSummary> = decode(fixture!("work_some_single_object"));
    assert_eq!(single.records, clean.records[..1]);
    assert_eq!(single.total, Some(1));

    let empty: Page<WorkSummary> = decode(fixture!("work_some_empty_data"));
    assert!(empty.records.is_empty());

    let mut expected = clean.clone();
    expected.records[1].workarea.clear();
    assert_eq!(
        decode::<Page<WorkSummary>>(fixture!("work_some_empty_lists")),
        expected
    );
}

#[test]
fn work_one_every_quirk() {
    let clean: Work = one(fixture!("work_one_clean"));
    for (quirk, body) in [
        ("array of one", fixture!("work_one_array_of_one")),
        (
            "numbers as strings",
            fixture!("work_one_numbers_as_strings"),
        ),
        ("meta \"\"", fixture!("work_one_meta_empty")),
        ("numResults", fixture!("work_one_num_results")),
        (
            "workarea as a numeric string",
            fixture!("work_one_workarea_numeric_string"),
        ),
    ] {
        assert_eq!(one::<Work>(body), clean, "{quirk}");
    }
    let meta = |body: &str| decode::<Reply<One<Work>>>(body).meta;
    let strings = meta(fixture!("work_one_numbers_as_strings"));
    assert_eq!(
        (strings.num_records, strings.total_records),
        (Some(1), Some(1))
    );
    let results = meta(fixture!("work_one_num_results"));
    assert_eq!(
        (results.num_records, results.total_records),
        (Some(1), Some(1))
    );
    assert_eq!(meta(fixture!("work_one_meta_empty")).total_records, None);

    let named: Work = one(fixture!("work_one_workarea_names"));
    let mut expected = clean.clone();
    expected.workarea = vec![WorkareaRef::Name("Youth work".into())];
    assert_eq!(named, expected);

    let emptied: Work = one(fixture!("work_one_empty_lists"));
    assert!(emptied.workarea.is_empty());
    assert!(emptied.sub_workareas.is_empty());
    assert!(emptied.location.is_empty());
    assert!(emptied.location_full_details.is_empty());
    assert!(emptied.locations().is_empty());
    assert_eq!(
        emptied.custom("Activities").map(|v| v.values().count()),
        Some(0)
    );
    assert_eq!(
        emptied.custom("Theme").and_then(|v| v.as_text()),
        Some("Music")
    );
    let mut expected = clean;
    expected.workarea.clear();
    expected.sub_workareas.clear();
    expected.location.clear();
    expected.location_full_details.clear();
    expected.custom_fields = emptied.custom_fields.clone();
    assert_eq!(emptied, expected);
}

#[test]
fn profiles_short_every_quirk() {
    let clean: Page<ProfileSummary> = decode(fixture!("profiles_short_clean"));
    for (quirk, body) in [
        (
            "numbers as strings",
            fixture!("profiles_short_numbers_as_strings"),
        ),
        ("numResults", fixture!("profiles_short_num_results")),
    ] {
        assert_eq!(decode::<Page<ProfileSummary>>(body), clean, "{quirk}");
    }
    let no_meta: Page<ProfileSummary> = decode(fixture!("profiles_short_meta_empty"));
    assert_eq!(
        (no_meta.records, no_meta.total),
        (clean.records.clone(), None)
    );
    let single: Page<ProfileSummary> = decode(fixture!("profiles_short_single_object"));
    assert_eq!(single.records, clean.records[..1]);
    let empty: Page<ProfileSummary> = decode(fixture!("profiles_short_empty"));
    assert!(empty.records.is_empty());
}

#[test]
fn profiles_full_every_quirk() {
    let clean: Page<Profile> = decode(fixture!("profiles_full_clean"));
    for (quirk, body) in [
        (
            "numbers as strings",
            fixture!("profiles_full_numbers_as_strings"),
        ),
        (
            "coordinates as long decimal strings",
            fixture!("profiles_full_long_decimals"),
        ),
        ("single object", fixture!("profiles_full_single_object")),
        ("numResults", fixture!("profiles_full_num_results")),
    ] {
        assert_eq!(decode::<Page<Profile>>(body), clean, "{quirk}");
    }
    let no_meta: Page<Profile> = decode(fixture!("profiles_full_meta_empty"));
    assert_eq!(no_meta.records, clean.records);
    assert_eq!((no_meta.total, no_meta.centre), (None, None));

    let emptied: Page<Profile> = decode(fixture!("profiles_full_empty_lists"));
    let food = emptied.records[0].custom("Food liked");
    assert_eq!(food.map(|v| v.values().count()), Some(0));
    let mut expected = clean;
    expected.records[0].custom_fields = emptied.records[0].custom_fields.clone();
    assert_eq!(emptied, expected);
    assert_eq!(
        expected.records[0]
            .custom("First language")
            .and_then(|v| v.as_text()),
        Some("English")
    );

    let empty: Page<Profile> = decode(fixture!("profiles_full_empty_data"));
    assert!(empty.records.is_empty());
    assert_eq!(empty.total, Some(0));
}

#[test]
fn profile_one_every_quirk() {
    let clean: Profile = one(fixture!("profile_one_person_object"));
    for (quirk, body) in [
        ("array of one", fixture!("profile_one_array_of_one")),
        (
            "numbers as strings",
            fixture!("profile_one_numbers_as_strings"),
        ),
        (
            "coordinates as long decimal strings",
            fixture!("profile_one_long_decimals"),
        ),
        ("meta \"\"", fixture!("profile_one_meta_empty")),
        ("numResults", fixture!("profile_one_num_results")),
    ] {
        assert_eq!(one::<Profile>(body), clean, "{quirk}");
    }
    let emptied: Profile = one(fixture!("profile_one_empty_lists"));
    assert_eq!(
        emptied.custom("Food liked").map(|v| v.values().count()),
        Some(0)
    );
    let mut expected = clean;
    expected.custom_fields = emptied.custom_fields.clone();
    assert_eq!(emptied, expected);
}

#[test]
fn workareas_every_quirk() {
    let clean: Page<Workarea> = decode(fixture!("workareas_clean"));
    for (quirk, body) in [
        (
            "numbers as strings",
            fixture!("workareas_numbers_as_strings"),
        ),
        ("numResults", fixture!("workareas_num_results")),
    ] {
        assert_eq!(decode::<Page<Workarea>>(body), clean, "{quirk}");
    }
    for (quirk, body) in [
        ("meta \"\"", fixture!("workareas_meta_empty")),
        ("children \"\"", fixture!("workareas_empty_lists")),
        ("every quirk at once", fixture!("workareas_quirky")),
    ] {
        assert_eq!(
            decode::<Page<Workarea>>(body).records,
            clean.records,
            "{quirk}"
        );
    }
    let single: Page<Workarea> = decode(fixture!("workareas_single_object"));
    assert_eq!(single.records, clean.records[..1]);
    let empty: Page<Workarea> = decode(fixture!("workareas_empty_data"));
    assert!(empty.records.is_empty());
}

#[test]
fn created_every_quirk() {
    for (quirk, body) in [
        ("documented", fixture!("created_object")),
        ("bare id", fixture!("created_bare_id")),
        ("id as a string", fixture!("created_string_id")),
        ("bare id as a string", fixture!("created_bare_string_id")),
        ("array of one", fixture!("created_array_of_one")),
        ("meta with strings", fixture!("created_meta_object")),
    ] {
        assert_eq!(
            decode::<Created>(body),
            Created { id: RecordId(123) },
            "{quirk}"
        );
    }
}

#[test]
fn attendance_every_quirk() {
    let work_ids = works(&[30936, 30937, 30938]);
    let mixed = AttendOutcome::decode(&work_ids, fixture!("attend_array_partial").as_bytes())
        .expect("decodes");
    let strings =
        AttendOutcome::decode(&work_ids, fixture!("attend_numbers_as_strings").as_bytes())
            .expect("decodes");
    assert_eq!(strings, mixed);
    let single = AttendOutcome::decode(
        &works(&[30936]),
        fixture!("attend_single_object").as_bytes(),
    )
    .expect("decodes");
    let in_array = AttendOutcome::decode(
        &works(&[30936]),
        fixture!("attend_single_object_in_array").as_bytes(),
    )
    .expect("decodes");
    assert_eq!(in_array, single);
}

/// The codes of API.md's table, in its order: each has a variant of its own.
#[test]
fn every_documented_error_code_is_named() {
    const DOCUMENTED: [i64; 38] = [
        1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1020, 1021, 1022, 1023, 1024, 1025, 1026,
        1027, 1040, 1050, 1051, 1052, 1053, 1054, 1055, 1056, 1057, 1058, 1070, 1071, 1072, 1073,
        1080, 1081, 1082, 1083, 1084, 1085, 1086, 9999,
    ];
    let named: Vec<i64> = ErrorCode::ALL.iter().map(|code| code.number()).collect();
    assert_eq!(named, DOCUMENTED);
    for number in DOCUMENTED {
        let code = ErrorCode::from_number(number);
        assert!(!matches!(code, ErrorCode::Unknown(_)), "{number}");
        assert_eq!(code.number(), number);
    }
    assert_eq!(ErrorCode::from_number(1999), ErrorCode::Unknown(1999));
    assert_eq!(ErrorCode::from_number(1999).number(), 1999);
    let unknown = ServerError::from_body(br#"{"error": "4321", "msg": "New"}"#).expect("error");
    assert_eq!(
        (unknown.code.number(), unknown.message.as_str()),
        (4321, "New")
    );
}

/// Write replies, checked as strictly as the reference PHP client checks them: each shape the
/// server sends for a refusal is an error with its code, never a record.
#[test]
fn write_replies_refuse_what_the_server_refused() {
    use lamplight_core::response::{Acknowledged, Updated};
    use serde_json::json;

    let created = |body: serde_json::Value| Created::from_reply(RecordKind::Referral, &body);
    for ok in [
        json!({"data": {"id": 123, "attend": true}, "meta": ""}),
        json!({"data": {"id": "123", "attend": "1"}}),
        json!({"data": 123}),
        json!({"data": "123"}),
        json!({"data": [{"id": 123, "attend": true}]}),
        json!({"data": {"id": 123}}),
    ] {
        assert_eq!(
            created(ok.clone()),
            Ok(Created { id: RecordId(123) }),
            "{ok}"
        );
    }
    // (reply, expected code, expected message)
    let refusals = [
        (json!({"data": {"id": 0, "attend": false}}), 1040, ""),
        (json!({"data": {"id": 5, "attend": "0"}}), 1040, ""),
        (
            json!({"data": {"attend": false, "error": 1022, "msg": "Attendee not valid"}}),
            1022,
            "Attendee not valid",
        ),
        (json!({"data": {"id": 7, "error": "1024"}}), 1024, ""),
        (
            json!({"data": {"id": 7, "attend": true, "msg": "Referral not saved"}}),
            1040,
            "Referral not saved",
        ),
        (
            json!({"data": {"error": "Something went wrong"}}),
            1040,
            "Something went wrong",
        ),
        (json!({"msg": "No valid data"}), 1040, "No valid data"),
        (
            json!({"error": 1040, "msg": "Referral data provided was not valid"}),
            1040,
            "Referral data provided was not valid",
        ),
    ];
    for (reply, code, message) in refusals {
        let refused = created(reply.clone()).expect_err("a refusal");
        assert_eq!(refused.code.number(), code, "{reply}");
        assert_eq!(refused.message, message, "{reply}");
        assert!(!refused.malformed, "{reply}");
        assert_eq!(refused.saved, None, "{reply}");
    }
    // A profile write names its own failure code.
    let profile = Created::from_reply(RecordKind::Person, &json!({"data": {"attend": false}}));
    assert_eq!(profile.map_err(|r| r.code), Err(ErrorCode::InvalidProfile));
    // 1058: the record exists without some custom fields; its id is kept.
    let partly = Created::from_reply(
        RecordKind::Person,
        &json!({"data": {"id": 88, "attend": false, "error": 1058, "msg": "Custom fields not saved"}}),
    )
    .expect_err("partly saved");
    assert_eq!(partly.saved, Some(RecordId(88)));
    // Not a reply Lamplight sends at all.
    for odd in [
        json!({"data": ""}),
        json!({"data": {"attend": true}}),
        json!({}),
    ] {
        let refused = created(odd.clone()).expect_err("no id");
        assert!(refused.malformed, "{odd}");
    }

    let updated = Updated::from_reply(
        RecordKind::Person,
        ProfileId(653),
        &json!({"data": {"id": "653"}}),
    );
    assert_eq!(updated, Ok(Updated { id: ProfileId(653) }));
    let bare = Updated::from_reply(RecordKind::Family, ProfileId(801), &json!({"data": true}));
    assert_eq!(bare, Ok(Updated { id: ProfileId(801) }));
    let refused = Updated::from_reply(
        RecordKind::Organisation,
        ProfileId(701),
        &json!({"data": {"id": 701, "attend": false, "msg": "Not updated"}}),
    );
    assert_eq!(
        refused.map_err(|r| (r.code, r.message)),
        Err((ErrorCode::InvalidProfile, "Not updated".to_owned()))
    );

    assert_eq!(
        Acknowledged::relationship(&json!({"msg": "Relationship created"})),
        Ok(Acknowledged {
            message: "Relationship created".into()
        })
    );
    for (reply, code) in [
        (json!({"msg": "Relationship not created"}), 1072),
        (json!({"data": ""}), 1072),
        (json!({"error": 1071, "msg": "Wrong parameter types"}), 1071),
    ] {
        let refused = Acknowledged::relationship(&reply).expect_err("refused");
        assert_eq!(refused.code.number(), code, "{reply}");
    }
    assert!(Acknowledged::group(&json!({"msg": "Added to group"})).is_ok());
    let refused = Acknowledged::group(&json!({"msg": "Relationship created"})).expect_err("wrong");
    assert_eq!(refused.code, ErrorCode::GroupAddFailed);
    assert_eq!(refused.message, "Relationship created");
}

/// Every response type serializes, and what it writes decodes back to the same value.
#[test]
fn responses_serialize_and_decode_back() {
    fn round_trip<T>(value: &T)
    where
        T: serde::Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let json = serde_json::to_string(value).expect("serializes");
        let back: T = serde_json::from_str(&json).unwrap_or_else(|err| panic!("{err}: {json}"));
        assert_eq!(&back, value, "{json}");
    }
    for body in [fixture!("work_one_quirky"), fixture!("work_one_clean")] {
        round_trip(&one::<Work>(body));
    }
    for body in [
        fixture!("profile_one_numbers_as_strings"),
        fixture!("profile_one_person_object"),
    ] {
        round_trip(&one::<Profile>(body));
    }
    let areas: Page<Workarea> = decode(fixture!("workareas_quirky"));
    for area in &areas.records {
        round_trip(area);
    }
    let summaries: Page<ProfileSummary> = decode(fixture!("profiles_short_numbers_as_strings"));
    for summary in &summaries.records {
        round_trip(summary);
    }
    let page: Page<WorkSummary> = decode(fixture!("work_some_clean"));
    for work in &page.records {
        round_trip(work);
    }
    let json = serde_json::to_value(&page).expect("serializes");
    assert_eq!(json["records"][0]["id"], 30936);
    assert_eq!(json["records"][0]["start_date"], "2024-03-01 18:00:00");
    assert_eq!(json["total"], 20);
    let work = one::<Work>(fixture!("work_one_quirky"));
    let json = serde_json::to_value(&work).expect("serializes");
    assert!(json.get("workareaText").is_some(), "{json}");
    let outcome = AttendOutcome::decode(
        &works(&[30936, 30937, 30938]),
        fixture!("attend_array_partial").as_bytes(),
    )
    .expect("decodes");
    let json = serde_json::to_value(&outcome).expect("serializes");
    assert_eq!(json["results"][1]["error"]["code"], 1026);
    assert_eq!(json["results"][1]["work_id"], 30937);
    assert_eq!(
        serde_json::to_value(Created { id: RecordId(5) }).expect("created"),
        serde_json::json!({"id": 5})
    );
}

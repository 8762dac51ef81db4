//! `people|orgs|family/add` and `/update`: creation, validation and partial saves.

use lamplight_sandbox::StoredValue;
use serde_json::json;

use crate::common::{Api, assert_error, created_id, many};

#[tokio::test]
async fn people_add_creates_a_profile_that_reads_back() {
    let api = Api::demo().await;
    let (status, body) = api
        .post(
            "people/add",
            &[
                ("role", "user"),
                ("first_name", "Noor"),
                ("surname", "Hassan"),
                ("postcode", "SW1A 1AA"),
                ("mobile", "+44 7700 900456"),
                ("email", "noor@example.org"),
                ("Date_of_birth", "2011-06-01"),
                ("profile_field_123", "option_54"),
                ("profile_field_126[0]", "option_60"),
                ("profile_field_126[1]", "Art"),
                ("Photo_consent", "1"),
                ("Safeguarding_notes", "None known"),
                ("publishable", "1"),
                ("publish_update", "1"),
                ("Unknown_field", "ignored"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let id = created_id(&body);
    assert!(id >= 1001, "{id}");
    let state = api.sandbox.state();
    let noor = state.profile(id).expect("stored");
    assert_eq!(noor.core("surname"), Some("Hassan"));
    assert_eq!(noor.custom("Gender"), Some(&StoredValue::from("Female")));
    assert_eq!(noor.custom("Interests"), Some(&many(&["Sport", "Art"])));
    assert_eq!(
        noor.custom("Safeguarding notes"),
        Some(&StoredValue::from("None known"))
    );
    assert!(noor.custom("Unknown field").is_none());
    assert!(noor.lat.is_some(), "geocoded from a known postcode");
    let (_, read) = api
        .get("people/one", &[("role", "user"), ("id", &id.to_string())])
        .await;
    assert_eq!(read["data"]["first_name"], "Noor");
    assert_eq!(read["data"]["Date_of_birth"], "2011-06-01");
    assert_eq!(read["data"]["lat"], "51.5010090000000000");
    assert!(read["data"].get("Safeguarding_notes").is_none());
}

#[tokio::test]
async fn profiles_are_unpublished_and_locked_unless_flagged() {
    let api = Api::demo().await;
    let (_, body) = api
        .post("people/add", &[("role", "contact"), ("surname", "Quiet")])
        .await;
    let id = created_id(&body).to_string();
    let hidden = api
        .get("people/one", &[("role", "contact"), ("id", &id)])
        .await;
    assert_error(&hidden, 1002, 403);
    let locked = api
        .post(
            "people/update",
            &[("role", "contact"), ("id", &id), ("surname", "Loud")],
        )
        .await;
    assert_error(&locked, 1053, 403);
}

#[tokio::test]
async fn profile_validation_answers_its_codes() {
    let api = Api::demo().await;
    let named =
        |extra: (&'static str, &'static str)| vec![("role", "user"), ("first_name", "Al"), extra];
    for bad in [
        ("postcode", "SW1A1AA"),
        ("postcode", "sw1a 1aa"),
        ("mobile", "0770090012"),
        ("mobile", "+1 555 0100"),
        ("Gender", "Alien"),
        ("profile_field_123", "option_999"),
        ("Date_of_birth", "01/06/2011"),
        ("Number_of_siblings", "two"),
        ("Photo_consent", "perhaps"),
        ("publishable", "sometimes"),
    ] {
        assert_error(&api.post("people/add", &named(bad)).await, 1055, 400);
    }
    let long = "x".repeat(300);
    let reply = api
        .post(
            "people/add",
            &[
                ("role", "user"),
                ("first_name", "Al"),
                ("address_line_1", &long),
            ],
        )
        .await;
    assert_error(&reply, 1057, 500);
    assert_error(
        &api.post("people/add", &[("role", "user")]).await,
        1056,
        400,
    );
    let nameless = api
        .post("people/add", &[("role", "user"), ("email", "a@b.org")])
        .await;
    assert_error(&nameless, 1055, 400);
    let org_nameless = api
        .post("orgs/add", &[("role", "org"), ("first_name", "Al")])
        .await;
    assert_error(&org_nameless, 1056, 400);
    assert_error(
        &api.post("people/add", &[("first_name", "Al")]).await,
        1001,
        400,
    );
    assert_error(
        &api.post("people/add", &[("role", "org"), ("first_name", "Al")])
            .await,
        1001,
        400,
    );
    assert_error(
        &api.post("orgs/add", &[("role", "staff"), ("name", "X")])
            .await,
        1001,
        400,
    );
    assert_error(
        &api.post("people/add", &[("role", "admin"), ("first_name", "Al")])
            .await,
        1001,
        400,
    );
    assert_eq!(api.sandbox.state().profiles.len(), 16);
}

#[tokio::test]
async fn a_field_that_is_not_writable_saves_the_rest_with_1058() {
    let api = Api::demo().await;
    let (status, body) = api
        .post(
            "people/add",
            &[
                ("role", "user"),
                ("first_name", "Mo"),
                ("Membership_number", "RYP-1"),
            ],
        )
        .await;
    assert_eq!(
        (status, body["error"].clone()),
        (200, json!(1058)),
        "{body}"
    );
    let id = created_id(&body);
    let state = api.sandbox.state();
    let mo = state.profile(id).expect("core fields saved");
    assert_eq!(mo.core("first_name"), Some("Mo"));
    assert!(mo.custom("Membership number").is_none());
}

#[tokio::test]
async fn orgs_and_families_are_added_with_their_own_fields() {
    let api = Api::demo().await;
    let (status, body) = api
        .post(
            "orgs/add",
            &[
                ("role", "funder"),
                ("name", "Bridge Fund"),
                ("Sector", "Health"),
                ("Services_offered[]", "Careers"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let state = api.sandbox.state();
    let org = state.profile(created_id(&body)).expect("stored");
    assert_eq!(org.display_name(), "Bridge Fund");
    assert_eq!(org.custom("Services offered"), Some(&many(&["Careers"])));
    let (status, body) = api
        .post(
            "family/add",
            &[
                ("role", "user"),
                ("name", "The Ng family"),
                ("Household_size", "3"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn update_changes_only_the_fields_given() {
    let api = Api::demo().await;
    let (status, body) = api
        .post(
            "people/update",
            &[
                ("role", "user"),
                ("id", "653"),
                ("surname", "Khan-Ali"),
                ("mobile", ""),
                ("Interests[]", "Sport"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"data": {"id": 653, "attend": true}, "meta": ""})
    );
    let state = api.sandbox.state();
    let aisha = state.profile(653).expect("exists");
    assert_eq!(aisha.core("first_name"), Some("Aisha"));
    assert_eq!(aisha.core("surname"), Some("Khan-Ali"));
    assert_eq!(
        aisha.core("mobile"),
        None,
        "an empty value clears the field"
    );
    assert_eq!(aisha.core("email"), Some("aisha.khan@example.org"));
    assert_eq!(aisha.custom("Interests"), Some(&many(&["Sport"])));
    assert_eq!(aisha.custom("Gender"), Some(&StoredValue::from("Female")));
    assert_error(
        &api.post("people/update", &[("role", "user"), ("surname", "X")])
            .await,
        1051,
        400,
    );
    assert_error(
        &api.post("people/update", &[("role", "user"), ("id", "x")])
            .await,
        1051,
        400,
    );
    assert_error(
        &api.post(
            "people/update",
            &[("role", "user"), ("id", "99999"), ("surname", "X")],
        )
        .await,
        1051,
        400,
    );
    assert_error(
        &api.post(
            "people/update",
            &[("role", "staff"), ("id", "653"), ("surname", "X")],
        )
        .await,
        1051,
        400,
    );
    assert_error(
        &api.post(
            "people/update",
            &[("role", "user"), ("id", "663"), ("surname", "X")],
        )
        .await,
        1053,
        403,
    );
    assert_error(
        &api.post("people/update", &[("role", "user"), ("id", "653")])
            .await,
        1056,
        400,
    );
}

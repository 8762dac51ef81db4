//! The derives reach their runtime through whichever lamplight crate the user names: the facade
//! (found by itself here), `lamplight_client` (which re-exports everything a derived record
//! needs) or a path of the user's own, given with `crate = "..."`.

use lamplight::{LamplightOption, LamplightRecord, ProfileRef, Record, Role};

#[derive(LamplightOption)]
#[lamplight(crate = "lamplight_client")]
enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    WordOfMouth,
}

/// Everything the generated code names comes from `lamplight_client::__private`.
#[derive(LamplightRecord)]
#[lamplight(referral, crate = "lamplight_client")]
struct ThroughTheClient {
    attendee: ProfileRef,
    #[lamplight(rename = "How did you hear")]
    heard_via: HeardVia,
    interests: Vec<HeardVia>,
}

#[test]
fn the_client_crate_is_a_complete_runtime() {
    fn create<R: lamplight_client::Create>(record: &R) -> String {
        record.to_form().unwrap().to_string()
    }
    let referral = ThroughTheClient {
        attendee: ProfileRef::id(4),
        heard_via: HeardVia::WordOfMouth,
        interests: vec![HeardVia::WordOfMouth],
    };
    assert_eq!(
        create(&referral),
        "attendee=4&How_did_you_hear=Word+of+mouth&interests[0]=Word+of+mouth"
    );
}

#[derive(LamplightRecord)]
#[lamplight(person, crate = "lamplight_client")]
struct ProfileThroughTheClient {
    #[lamplight(role)]
    role: Role,
    first_name: String,
}

#[test]
fn profiles_through_the_client_are_updatable() {
    fn update<R: lamplight_client::Update>(record: &R) -> String {
        record.to_form().unwrap().to_string()
    }
    let person = ProfileThroughTheClient {
        role: Role::Staff,
        first_name: "Jo".into(),
    };
    assert_eq!(update(&person), "role=staff&first_name=Jo");
}

/// An absolute path, as a crate that renames its dependency would write it.
#[derive(LamplightRecord)]
#[lamplight(referral, crate = "::lamplight")]
struct ThroughAnAbsolutePath {
    attendee: ProfileRef,
}

#[test]
fn an_absolute_crate_path() {
    let referral = ThroughAnAbsolutePath {
        attendee: ProfileRef::id(8),
    };
    assert_eq!(referral.to_form().unwrap().to_string(), "attendee=8");
}

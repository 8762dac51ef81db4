//! The derives compile against `lamplight_core` alone, and through a `crate = "..."` path.

use lamplight_core::{LamplightOption as _, ProfileRef, Record, Role};
use lamplight_derive::{LamplightOption, LamplightRecord};

#[derive(LamplightOption)]
enum Contact {
    Phone,
    #[lamplight(rename = "Text message")]
    Text,
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    #[lamplight(rename = "Best contact")]
    best_contact: Contact,
}

#[test]
fn found_through_lamplight_core() {
    let referral = Referral {
        attendee: ProfileRef::id(5),
        best_contact: Contact::Text,
    };
    assert_eq!(
        referral.to_form().unwrap().to_string(),
        "attendee=5&Best_contact=Text+message"
    );
    assert_eq!(Contact::Phone.label(), "Phone");
}

/// A crate that re-exports lamplight under a path of its own.
mod vendored {
    pub mod records {
        pub use lamplight_core as lamplight;
    }
}

#[derive(LamplightOption)]
#[lamplight(crate = "crate::vendored::records::lamplight")]
enum Level {
    #[lamplight(option_id = 3)]
    High,
}

#[derive(LamplightRecord)]
#[lamplight(person, crate = "crate::vendored::records::lamplight")]
struct Worker {
    #[lamplight(role)]
    role: Role,
    first_name: String,
    level: Level,
}

#[test]
fn found_through_a_crate_attribute() {
    let worker = Worker {
        role: Role::Staff,
        first_name: "Jo".into(),
        level: Level::High,
    };
    assert_eq!(
        worker.to_form().unwrap().to_string(),
        "role=staff&first_name=Jo&level=option_3"
    );
}

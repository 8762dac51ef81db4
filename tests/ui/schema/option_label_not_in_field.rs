//! A variant whose label is not one of the field's options.

use lamplight::{LamplightOption, LamplightRecord, ProfileRef};


#[derive(LamplightOption)]
enum Heard {
    #[lamplight(rename = "Word of mouth")]
    WordOfMouth,
    Webiste,
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    how_did_you_hear: Heard,
}

fn main() {}

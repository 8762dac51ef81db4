//! A variant whose `option_id` is not one of a multi-select's options.

use lamplight::{LamplightOption, LamplightRecord, ProfileRef};

#[derive(LamplightOption)]
enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    WordOfMouth,
    Website,
}

#[derive(LamplightOption)]
enum Support {
    Confidence,
    #[lamplight(option_id = 99)]
    Housing,
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    how_did_you_hear: HeardVia,
    support_needed: Vec<Support>,
}

fn main() {}

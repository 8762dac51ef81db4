//! A list of numbers for a multi-select.

use lamplight::{LamplightOption, LamplightRecord, ProfileRef};

#[derive(LamplightOption)]
enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    WordOfMouth,
    Website,
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    how_did_you_hear: HeardVia,
    support_needed: Vec<u8>,
}

fn main() {}

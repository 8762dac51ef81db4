//! `schema = true`, which says nothing.

use lamplight::{LamplightOption, LamplightRecord, ProfileRef};

#[derive(LamplightOption)]
enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    WordOfMouth,
    Website,
}

#[derive(LamplightRecord)]
#[lamplight(referral, schema = true)]
struct Referral {
    attendee: ProfileRef,
    how_did_you_hear: HeardVia,
}

fn main() {}

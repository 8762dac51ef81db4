//! An option enum for a text field: only a trait can tell what `HeardVia` is.

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
    additional_notes: Option<HeardVia>,
}

fn main() {}

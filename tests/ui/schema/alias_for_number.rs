//! A type alias hiding a `String`, for a number field.

use lamplight::{LamplightOption, LamplightRecord, ProfileRef};

#[derive(LamplightOption)]
enum HeardVia {
    #[lamplight(rename = "Word of mouth")]
    WordOfMouth,
    Website,
}

type Year = String;

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    how_did_you_hear: HeardVia,
    school_year: Year,
}

fn main() {}

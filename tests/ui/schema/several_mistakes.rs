//! Three mistakes in one struct: three errors, and no others.

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
    how_did_you_here: HeardVia,
    school_year: String,
    caseworker_notes: String,
}

fn main() {}

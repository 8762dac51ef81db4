//! `schema = "..."` naming a file that is not there.

use lamplight::{LamplightRecord, ProfileRef};


#[derive(LamplightRecord)]
#[lamplight(referral, schema = "no/such/lamplight.toml")]
struct Referral {
    attendee: ProfileRef,
}

fn main() {}

//! A referral without the field the schema makes required.

use lamplight::{LamplightRecord, ProfileRef};


#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    school_year: u8,
}

fn main() {}

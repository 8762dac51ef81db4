//! A schema file with a mistake: the error gives its file, line and column.

use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
}

fn main() {}

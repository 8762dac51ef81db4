use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral, skip)]
struct Referral {
    attendee: ProfileRef,
}

fn main() {}

use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral, referral)]
struct Referral {
    attendee: ProfileRef,
}

fn main() {}

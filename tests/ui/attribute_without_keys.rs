use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight]
struct Referral {
    attendee: ProfileRef,
}

fn main() {}

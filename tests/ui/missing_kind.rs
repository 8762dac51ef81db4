use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
struct Referral {
    attendee: ProfileRef,
}

fn main() {}

use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral, role = "user")]
struct Referral {
    attendee: ProfileRef,
}

fn main() {}

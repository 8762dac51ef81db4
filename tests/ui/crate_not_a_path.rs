use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral, crate = "my lamplight")]
struct Referral {
    attendee: ProfileRef,
}

fn main() {}

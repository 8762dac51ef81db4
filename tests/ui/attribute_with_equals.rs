use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight = "referral"]
struct Referral {
    attendee: ProfileRef,
}

fn main() {}

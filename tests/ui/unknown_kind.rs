use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(refferal)]
struct Referral {
    attendee: ProfileRef,
}

fn main() {}

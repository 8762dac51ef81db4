use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    #[lamplight(skip)]
    attendee: ProfileRef,
    reason: String,
}

fn main() {}

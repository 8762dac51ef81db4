use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: Option<ProfileRef>,
    reason: String,
}

fn main() {}

use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    referrer: ProfileRef,
    reason: String,
}

fn main() {}

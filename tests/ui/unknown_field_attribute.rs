use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    #[lamplight(renam = "How did you hear")]
    heard_via: String,
}

fn main() {}

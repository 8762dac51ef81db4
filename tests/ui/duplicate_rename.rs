use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    #[lamplight(rename = "How did you hear")]
    #[lamplight(rename = "Heard via")]
    heard_via: String,
}

fn main() {}

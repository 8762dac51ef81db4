use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    #[lamplight(colour = "red")]
    favourite_colour: String,
}

fn main() {}

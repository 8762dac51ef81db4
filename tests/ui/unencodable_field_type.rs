use lamplight::{LamplightRecord, ProfileRef};

struct Colour(u8);

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    favourite_colour: Colour,
}

fn main() {}

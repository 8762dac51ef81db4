use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    #[lamplight(field_id = 123)]
    heard_via: String,
}

fn main() {}

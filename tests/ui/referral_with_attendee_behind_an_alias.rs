use lamplight::{LamplightRecord, ProfileRef};

type Maybe<T> = Option<T>;

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: Maybe<ProfileRef>,
}

fn main() {}

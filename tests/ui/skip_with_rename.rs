use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    #[lamplight(skip, rename = "Consent")]
    consent_recorded: bool,
}

fn main() {}

use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    #[lamplight(rename = "School_year")]
    school_year: u8,
}

fn main() {}

use lamplight::{LamplightRecord, ProfileRef};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    school_year: u8,
    #[lamplight(rename = "School year")]
    year_at_school: u8,
}

fn main() {}

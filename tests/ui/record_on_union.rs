use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(referral)]
union Referral {
    attendee: u64,
    email: u32,
}

fn main() {}

use lamplight::LamplightRecord;

struct Person {
    id: u64,
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: Person,
}

fn main() {}

use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(referral)]
enum Referral {
    Urgent,
    Routine,
}

fn main() {}

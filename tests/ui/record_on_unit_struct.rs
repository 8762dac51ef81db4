use lamplight::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral;

fn main() {}

use lamplight::{LamplightOption, LamplightRecord, ProfileRef};

#[derive(LamplightOption)]
enum HeardVia {
    Website,
    #[lamplight(rename = "website")]
    Web,
}

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    heard_via: HeardVia,
    heard_via_also: Vec<HeardVia>,
}

fn main() {
    let _ = HeardVia::Website.label();
}

use lamplight::{Create, ProfileRef};

struct Referral {
    attendee: ProfileRef,
}

/// Stands for `Client::create`, which takes any `R: Create`.
fn create<R: Create>(_record: &R) {}

fn main() {
    let referral = Referral {
        attendee: ProfileRef::id(653),
    };
    let _ = &referral.attendee;
    create(&referral);
}

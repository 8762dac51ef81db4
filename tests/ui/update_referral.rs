use lamplight::{LamplightRecord, ProfileId, ProfileRef, Update};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
}

/// Stands for `Client::update`, which takes any `R: Update`.
fn update<R: Update>(_id: ProfileId, _record: &R) {}

fn main() {
    let referral = Referral {
        attendee: ProfileRef::id(653),
    };
    update(ProfileId(1), &referral);
}

use lamplight::{LamplightRecord, ProfileId, ProfileRef};
use lamplight::Client;

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
}

async fn send(client: &Client, referral: &Referral) {
    let _ = client.update(ProfileId(1), referral).await;
}

fn main() {}

//! Runs the quickstart's intake flow against the embedded sandbox and checks that everything it
//! sent was stored, once, in each of the sandbox's reply shapes.

mod common;

use lamplight_examples::quickstart as flow;

use lamplight_sandbox::{Config, Sandbox, Shape};

/// The demo in each reply shape: the flow reads ids and workareas from every one of them.
fn shapes() -> Vec<Config> {
    let shape = |shape, seed| {
        let mut config = Config::demo();
        config.shape = shape;
        config.chaos_seed = seed;
        config
    };
    vec![
        shape(Shape::Live, 0),
        shape(Shape::Clean, 0),
        shape(Shape::Chaos, 1),
        shape(Shape::Chaos, 7),
        shape(Shape::Chaos, 2026),
    ]
}

#[tokio::test]
async fn the_quickstart_flow_stores_every_record_once() {
    for config in shapes() {
        eprintln!(
            "reply shape: {:?} (seed {})",
            config.shape, config.chaos_seed
        );
        stores_every_record_once(config).await;
    }
}

async fn stores_every_record_once(config: Config) {
    let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
    let client = common::client_for(&sandbox);

    let mut printed = Vec::new();
    let intake = flow::run(&client, |line| printed.push(line))
        .await
        .expect("the flow runs against the demo charity");

    // What the user sees names each step and each id.
    let transcript = printed.join("\n");
    for step in [
        "1. Listing workareas",
        "2. Creating",
        "3. Sending the referral",
        "4. Booking",
    ] {
        assert!(
            transcript.contains(step),
            "missing step {step:?} in:\n{transcript}"
        );
    }
    assert!(transcript.contains(&format!("referral {}", intake.referral)));
    assert!(transcript.contains("Youth clubs"));

    let state = sandbox.state();
    let person = state
        .profile(intake.young_person)
        .expect("the young person was stored");
    assert_eq!(person.core("first_name"), Some("Alex"));
    assert_eq!(person.core("postcode"), Some("SW1A 1AA"));
    assert_eq!(
        person.custom("Date of birth").and_then(|v| v.as_str()),
        Some("2011-05-14")
    );
    let referrer = state
        .profile(intake.referrer)
        .expect("the referrer was stored");
    assert_eq!(referrer.core("email"), Some("p.shah@school.example.org"));
    assert_eq!(referrer.role.as_str(), "contact");

    let referral = state
        .referral(intake.referral)
        .expect("the referral was stored");
    assert_eq!(referral.attendee_id, intake.young_person);
    assert_eq!(referral.referrer_id, Some(intake.referrer));
    assert_eq!(
        referral.reason.as_deref(),
        Some("Finding school hard & would like a mentor")
    );
    assert_eq!(referral.workarea_ids, [intake.workarea]);
    assert_eq!(
        referral
            .custom
            .get("How did you hear")
            .and_then(|v| v.as_str()),
        Some("School")
    );
    assert_eq!(
        referral.custom.get("school year").and_then(|v| v.as_str()),
        Some("10")
    );
    assert_eq!(
        referral
            .custom
            .get("Support needed")
            .map(|v| v.values().to_vec()),
        Some(vec!["Education".to_owned(), "Confidence".to_owned()])
    );
    assert_eq!(
        referral
            .custom
            .get("Date of first contact")
            .and_then(|v| v.as_str()),
        Some("2026-11-20")
    );
    assert_eq!(
        state.referrals.len(),
        1,
        "the referral was stored exactly once"
    );

    let session = intake
        .session
        .expect("the demo has a session open to attendance");
    let booked: Vec<_> = state
        .attendances
        .iter()
        .filter(|a| a.work_id == session && a.profile_id == intake.young_person)
        .collect();
    assert_eq!(booked.len(), 1, "one attendance for the young person");
    sandbox.shutdown().await;
}

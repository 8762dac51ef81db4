//! The blocking client against the sandbox.

#![cfg(feature = "blocking")]

use lamplight_client::blocking::Client;
use lamplight_client::{Attendance, Credentials, DynamicRecord, ErrorCode, ProfileRef, Role};
use lamplight_sandbox::{Config, Sandbox};

#[test]
fn the_blocking_client_mirrors_the_async_one() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = runtime
        .block_on(Sandbox::start(Config::demo()))
        .expect("sandbox");
    let credentials = sandbox.credentials();
    let client = Client::builder()
        .credentials(Credentials::new(
            credentials.lampid,
            credentials.project,
            credentials.key,
        ))
        .base_url(&sandbox.base_url())
        .build()
        .expect("client");

    assert_eq!(client.workareas().expect("workareas").len(), 4);
    let streamed: Vec<u64> = client
        .work()
        .num(2)
        .stream()
        .map(|work| work.map(|w| w.id))
        .collect::<Result<_, _>>()
        .expect("every page");
    assert_eq!(streamed.len(), 5);
    let aisha = client.person(Role::User, 653).expect("people/one");
    assert_eq!(aisha.display_name(), "Aisha Khan");
    let full = client
        .people(Role::User)
        .full()
        .num(3)
        .send()
        .expect("page");
    assert_eq!(full.records.len(), 3);
    let created = client
        .create(&DynamicRecord::referral().set("attendee", ProfileRef::id(653)))
        .expect("referral/add");
    assert!(sandbox.state().referral(created.id).is_some());
    let outcome = client
        .attend(&Attendance::new([30938], 654))
        .expect("work/attend");
    assert_eq!(
        outcome.results[0].error.as_ref().map(|e| e.code),
        Some(ErrorCode::NoSpacesLeft)
    );
    let err = client.work_record(30940).expect_err("unpublished");
    assert_eq!(err.code(), Some(ErrorCode::WorkNotPublishable));

    // Inside a runtime the blocking client refuses instead of blocking it.
    let inside = runtime.block_on(async { client.workareas() });
    assert!(matches!(
        inside,
        Err(lamplight_client::Error::Configuration { .. })
    ));
}

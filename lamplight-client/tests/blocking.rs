//! The blocking client against the sandbox: every method, and the same guarantees as the async
//! client (typed errors, retries, no key in any output), in every reply shape the sandbox has.

mod common;

use std::time::Duration;

use lamplight_client::blocking::Client;
use lamplight_client::{
    Attendance, Credentials, DynamicRecord, Error, ErrorCode, GroupMembership, ProfileId,
    ProfileKind, ProfileRef, Relationship, RetryPolicy, Role,
};
use lamplight_sandbox::{Config, Fault, Sandbox};

/// A sandbox on a runtime of its own (the blocking client must not run inside one).
fn sandbox(config: Config) -> (tokio::runtime::Runtime, Sandbox) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandbox = runtime.block_on(Sandbox::start(config)).expect("sandbox");
    (runtime, sandbox)
}

/// `config` in every reply shape (see `common::shaped`), on one runtime of their own.
///
/// Each shape's name is printed as the test takes its sandbox, so that a failure names it.
fn every_shape(config: Config) -> (tokio::runtime::Runtime, impl Iterator<Item = Sandbox>) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sandboxes: Vec<(String, Sandbox)> = common::shaped(&config)
        .into_iter()
        .map(|(name, config)| {
            let sandbox = runtime.block_on(Sandbox::start(config)).expect("sandbox");
            (name, sandbox)
        })
        .collect();
    let sandboxes = sandboxes.into_iter().map(|(name, sandbox)| {
        eprintln!("reply shape: {name}");
        sandbox
    });
    (runtime, sandboxes)
}

fn client_for(sandbox: &Sandbox) -> lamplight_client::blocking::ClientBuilder {
    let credentials = sandbox.credentials();
    Client::builder()
        .credentials(Credentials::new(
            credentials.lampid,
            credentials.project,
            credentials.key,
        ))
        .base_url(&sandbox.base_url())
        .retry(common::quick_retries())
}

#[derive(serde::Deserialize)]
struct Titled {
    #[serde(deserialize_with = "lamplight_client::response::lenient::uint")]
    id: u64,
    title: String,
}

#[test]
fn every_read() {
    let (_runtime, sandboxes) = every_shape(Config::demo());
    for sandbox in sandboxes {
        let client = client_for(&sandbox).build().expect("client");

        assert_eq!(client.workareas().expect("workareas").len(), 4);
        let page = client
            .work()
            .after(time::macros::date!(2026 - 12 - 10))
            .before(time::macros::date!(2026 - 12 - 31))
            .search("showcase")
            .order("title")
            .num(10)
            .start(0)
            .send()
            .expect("work/some");
        assert_eq!(
            page.records.iter().map(|w| w.id).collect::<Vec<_>>(),
            [30941]
        );
        let junior = client.work().workarea(11).send().expect("by workarea");
        assert_eq!(
            junior.records.iter().map(|w| w.id).collect::<Vec<_>>(),
            [30936]
        );
        let own: lamplight_client::Page<Titled> = client.work().num(1).send_as().expect("send_as");
        assert_eq!(own.records.len(), 1);
        let streamed: Vec<u64> = client
            .work()
            .num(2)
            .stream()
            .map(|work| work.map(|w| w.id.get()))
            .collect::<Result<_, _>>()
            .expect("every page");
        assert_eq!(streamed.len(), 5);
        let titles: Vec<String> = client
            .work()
            .num(2)
            .stream_as::<Titled>()
            .map(|work| work.map(|w| w.title))
            .collect::<Result<_, _>>()
            .expect("every page, own type");
        assert_eq!(titles.len(), 5);

        let work = client.work_record(30936).expect("work/one");
        assert_eq!(work.id, 30936);
        let titled: Titled = client.work_record_as(30936).expect("work/one, own type");
        assert_eq!((titled.id, titled.title), (work.id.get(), work.title));

        let aisha = client.person(Role::User, 653).expect("people/one");
        assert_eq!(aisha.display_name(), "Aisha Khan");
        let school = client.org(Role::Org, 701).expect("orgs/one");
        assert_eq!(school.name.as_deref(), Some("Southbank Academy"));
        let family = client.family(Role::User, 801).expect("family/one");
        assert_eq!(family.display_name(), "The Smith family");
        let own: lamplight_client::ProfileSummary = client
            .profile_as(ProfileKind::Family, Role::User, 802)
            .expect("family/one, own type");
        assert_eq!(own.id, 802);

        let full = client
            .people(Role::User)
            .full()
            .num(3)
            .send()
            .expect("page");
        assert_eq!(full.records.len(), 3);
        let english = client
            .people(Role::User)
            .full()
            .filter("First language", "English")
            .short()
            .send()
            .expect("filtered");
        let mut ids: Vec<u64> = english.records.iter().map(|p| p.id.get()).collect();
        ids.sort_unstable();
        assert_eq!(ids, [653, 656]);
        let near = client
            .people(Role::User)
            .near("SW1A 1AA", 3_000)
            .search("")
            .order("id")
            .start(0)
            .send()
            .expect("near");
        assert!(near.centre.is_some());
        let streamed: Vec<u64> = client
            .people(Role::User)
            .num(2)
            .stream()
            .map(|p| p.map(|p| p.id.get()))
            .collect::<Result<_, _>>()
            .expect("stream");
        let all = client.people(Role::User).all().expect("people/all");
        assert_eq!(streamed.len(), all.len());
        let own: Vec<u64> = client
            .people(Role::User)
            .num(2)
            .stream_as::<lamplight_client::ProfileSummary>()
            .map(|p| p.map(|p| p.id.get()))
            .collect::<Result<_, _>>()
            .expect("stream_as");
        assert_eq!(own, streamed);
        let page: lamplight_client::Page<lamplight_client::ProfileSummary> = client
            .orgs(Role::Org)
            .send_as()
            .expect("orgs/some, own type");
        assert_eq!(page.records[0].id, 701);
        assert_eq!(client.families(Role::User).all().expect("family").len(), 2);
        assert_eq!(client.orgs(Role::Funder).all().expect("orgs").len(), 1);

        let err = client.work_record(30940).expect_err("unpublished");
        assert_eq!(err.code(), Some(ErrorCode::WorkNotPublishable));
    }
}

#[test]
fn every_write() {
    let (_runtime, sandboxes) = every_shape(Config::demo());
    for sandbox in sandboxes {
        let client = client_for(&sandbox).build().expect("client");

        let person = client
            .create(
                &DynamicRecord::person(Role::User)
                    .set("first_name", "Robin")
                    .set("surname", "Ade"),
            )
            .expect("people/add");
        let created = client
            .create(&DynamicRecord::referral().set("attendee", ProfileRef::id(person.id)))
            .expect("referral/add");
        client
            .update(
                ProfileId(653),
                &DynamicRecord::person(Role::User).set("mobile", "07700 900999"),
            )
            .expect("people/update");
        let outcome = client
            .attend(&Attendance::new([30937, 30938], 654))
            .expect("work/attend");
        assert_eq!(outcome.attended().collect::<Vec<_>>(), [30937]);
        assert_eq!(
            outcome.results[1].error.as_ref().map(|e| e.code),
            Some(ErrorCode::NoSpacesLeft)
        );
        client
            .relate(&Relationship::new(657, 656, 5, Role::Contact))
            .expect("people/relationship");
        client
            .add_to_group(&GroupMembership::new(653, 934, Role::User).notes("From the form"))
            .expect("people/group");

        let state = sandbox.state();
        assert!(state.referral(created.id.get()).is_some());
        assert_eq!(
            state.profile(653).and_then(|p| p.core("mobile")),
            Some("07700 900999")
        );
        assert_eq!(state.relationships.len(), 1);
        assert_eq!(state.group_memberships.len(), 1);
        assert_eq!(state.attendances.len(), 1);
    }
}

#[test]
fn retries_and_refusals_match_the_async_client() {
    let (_runtime, sandboxes) = every_shape(Config::demo());
    for sandbox in sandboxes {
        let client = client_for(&sandbox).build().expect("client");
        sandbox.inject(Fault::status(503), 1);
        sandbox.inject(Fault::DropConnection, 1);
        assert_eq!(client.workareas().expect("retried").len(), 4);
        sandbox.inject(Fault::status(503), 1);
        let err = client
            .create(&DynamicRecord::referral().set("attendee", 653))
            .expect_err("a write is not resent");
        assert_eq!(err.status(), Some(503));
        assert!(sandbox.state().referrals.is_empty());
        assert_eq!(sandbox.requests().len(), 4);
    }
}

#[test]
fn inside_a_runtime_it_refuses_and_drops_cleanly() {
    let (runtime, sandbox) = sandbox(Config::demo());
    let client = client_for(&sandbox).build().expect("client");
    let inside = runtime.block_on(async { client.workareas() });
    assert!(matches!(inside, Err(Error::BlockingInAsync)));
    // Its last clone dropped inside a runtime: the client's own runtime must not panic.
    runtime.block_on(async move { drop(client) });
    let built_inside = runtime.block_on(async {
        client_for(&sandbox).build().map(|client| {
            let clone = client.clone();
            drop(client);
            clone.workareas().is_err()
        })
    });
    assert_eq!(built_inside.ok(), Some(true));
}

#[test]
fn the_key_never_leaks() {
    const CANARY: &str = "BLOCKING-canary-4q8z";
    let mut config = Config::demo();
    config.credentials.key = CANARY.to_owned();
    let (_runtime, sandboxes) = every_shape(config);
    for sandbox in sandboxes {
        let (logs, guard) = common::capture_logs();
        let client = client_for(&sandbox)
            .retry(RetryPolicy::none())
            .build()
            .expect("client");
        let quick = client_for(&sandbox)
            .retry(RetryPolicy::none())
            .timeout(Duration::from_millis(100))
            .build()
            .expect("client");
        let nowhere = Client::builder()
            .credentials(Credentials::new(1, 1, CANARY))
            .base_url(&format!("http://127.0.0.1:{}/api/", common::closed_port()))
            .retry(RetryPolicy::none())
            .build()
            .expect("client");

        let mut errors: Vec<Error> = Vec::new();
        errors.extend(client.work_record(30940).err());
        sandbox.inject(Fault::html_body().with_status(502), 1);
        errors.extend(client.workareas().err());
        sandbox.inject(Fault::html_body(), 1);
        errors.extend(client.workareas().err());
        sandbox.inject(Fault::delay(Duration::from_millis(400)), 1);
        errors.extend(quick.workareas().err());
        errors.extend(nowhere.workareas().err());
        errors.extend(
            client
                .create(
                    &DynamicRecord::person(Role::User)
                        .set("first_name", "Al")
                        .set("Membership number", "X-1"),
                )
                .err(),
        );
        errors.extend(client.people(Role::User).filter("key", CANARY).send().err());
        errors.extend(client.work_record_as::<Vec<u64>>(30936).err());
        errors.extend(
            Client::builder()
                .credentials(Credentials::new(1, 1, CANARY))
                .base_url(&format!("http://example.org/?key={CANARY}"))
                .build()
                .err(),
        );
        drop(guard);
        assert_eq!(errors.len(), 9, "every call above fails: {errors:?}");
        assert!(errors.iter().any(|e| e.saved_id().is_some()));
        for err in &errors {
            let shown = format!("{err}\n{err:?}");
            assert!(!shown.contains("4q8z"), "{shown}");
        }
        let shown = format!("{client:?}");
        assert!(!shown.contains("4q8z"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
        let text = logs.text();
        assert!(text.contains("lamplight_request"), "{text}");
        assert!(!text.contains("4q8z"), "the logs leak the key: {text}");
    }
}

#[test]
fn escape_hatches_and_typed_replies() {
    use lamplight_client::response::{Created, Page, WorkSummary};
    use lamplight_client::{Form, RecordKind, WorkId};

    let (_runtime, sandboxes) = every_shape(Config::demo());
    for sandbox in sandboxes {
        let client = client_for(&sandbox).build().expect("client");

        let junior = client
            .work()
            .param("workarea", "11")
            .send()
            .expect("a raw parameter");
        assert_eq!(
            junior.records.iter().map(|w| w.id).collect::<Vec<_>>(),
            [WorkId(30936)]
        );
        let english = client
            .people(Role::User)
            .param("First_language", "English")
            .send()
            .expect("a raw filter");
        assert_eq!(english.records.len(), 2);
        let near = client
            .people(Role::User)
            .near("SW1A 1AA", 3_000)
            .send()
            .expect("near");
        assert!(near.records.iter().all(|p| p.lat.is_some()), "full records");

        let page: Page<WorkSummary> = client.get("work/some", &[("num", "2")]).expect("get");
        assert_eq!(page.records.len(), 2);
        let mut form = Form::new();
        form.push("attendee", "653").expect("attendee");
        let created: Created = client.post("referral/add", &form).expect("post");
        assert!(sandbox.state().referral(created.id.get()).is_some());
        assert!(matches!(
            client.get::<serde_json::Value>("work/all", &[("num", "1")]),
            Err(Error::InvalidEndpoint { .. })
        ));

        let org = DynamicRecord::of_kind(RecordKind::Organisation, Some(Role::Org))
            .set("name", "Riverside Trust")
            .set("publish_update", true);
        let id = client.create(&org).expect("orgs/add").id;
        let change = DynamicRecord::of_kind(RecordKind::Organisation, Some(Role::Org))
            .set("postcode", "SE1 7PB");
        assert_eq!(
            client.update(id, &change).expect("orgs/update").id,
            id.profile()
        );
        let ack = client
            .relate(&Relationship::new(657, 656, 5, Role::Contact))
            .expect("people/relationship");
        assert_eq!(ack.message, "Relationship created");
        let err = client
            .profile_as::<lamplight_client::Profile>(ProfileKind::Organisation, Role::Staff, 701)
            .expect_err("staff is no organisation's role");
        assert!(
            matches!(err, Error::Encode(ref e) if e.field() == "role"),
            "{err}"
        );
    }
}

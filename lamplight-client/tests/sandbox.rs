//! Every endpoint, end to end: the real client against the real sandbox over loopback, in every
//! reply shape: the live server's, the documented clean one, and chaos under several seeds.

mod common;

use futures_util::TryStreamExt;
use lamplight_client::{
    Attendance, DynamicRecord, EncodeErrorKind, Error, ErrorCode, GroupMembership, ProfileId,
    ProfileRef, Relationship, Role,
};
use lamplight_sandbox::Sandbox;
use time::macros::{date, datetime};

fn api_code<T: std::fmt::Debug>(result: Result<T, Error>) -> ErrorCode {
    match result {
        Err(Error::Api { code, .. }) => code,
        other => panic!("expected a Lamplight error, got {other:?}"),
    }
}

#[tokio::test]
async fn workareas_as_a_tree() {
    for (_sandbox, client) in common::every_shape().await {
        let areas = client.workareas().await.expect("workareas");
        let ids: Vec<u64> = areas.iter().map(|a| a.id.ids()[0]).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        assert_eq!(areas[0].text, "Youth clubs");
        let children: Vec<u64> = areas[0].children.iter().map(|c| c.id.ids()[0]).collect();
        assert_eq!(children, [11, 12]);
        assert!(areas[3].children.is_empty());
    }
}

#[tokio::test]
async fn work_pages_filters_and_streams() {
    for (_sandbox, client) in common::every_shape().await {
        let page = client.work().send().await.expect("work/some");
        let mut ids: Vec<u64> = page.records.iter().map(|w| w.id.get()).collect();
        ids.sort_unstable();
        // 30940 is unpublished.
        assert_eq!(ids, [30936, 30937, 30938, 30939, 30941]);
        let junior = page
            .records
            .iter()
            .find(|w| w.id == 30936)
            .expect("the junior club");
        assert_eq!(junior.title, "Junior club: Tuesday session");
        assert_eq!(junior.start_date, Some(datetime!(2026-12-01 16:00)));
        assert!(junior.may_add_attend);
        assert_eq!(junior.num_users_attending, Some(2));
        assert_eq!(junior.maximum_num_users_allowed, Some(20));

        let filtered = client
            .work()
            .workarea(11)
            .send()
            .await
            .expect("by workarea");
        assert_eq!(
            filtered
                .records
                .iter()
                .map(|w| w.id.get())
                .collect::<Vec<_>>(),
            [30936]
        );
        let dated = client
            .work()
            .after(date!(2026 - 12 - 10))
            .before(date!(2026 - 12 - 31))
            .send()
            .await
            .expect("by date");
        let mut dated: Vec<u64> = dated.records.iter().map(|w| w.id.get()).collect();
        dated.sort_unstable();
        assert_eq!(dated, [30938, 30941]);

        let searched = client
            .work()
            .search("showcase")
            .send()
            .await
            .expect("search");
        assert_eq!(
            searched
                .records
                .iter()
                .map(|w| w.id.get())
                .collect::<Vec<_>>(),
            [30941]
        );

        let first = client.work().num(2).send().await.expect("a page of two");
        assert_eq!(first.records.len(), 2);
        assert_eq!(first.total, Some(5));

        let mut streamed: Vec<u64> = client
            .work()
            .num(2)
            .stream()
            .map_ok(|w| w.id.get())
            .try_collect()
            .await
            .expect("every page");
        streamed.sort_unstable();
        assert_eq!(streamed, ids);
    }
}

#[tokio::test]
async fn one_work_record_in_full() {
    for (_sandbox, client) in common::every_shape().await {
        let work = client.work_record(30936).await.expect("work/one");
        assert_eq!(work.id, 30936);
        assert_eq!(
            work.summary.as_deref(),
            Some("Games, crafts and homework help for 8-12 year olds.")
        );
        assert!(work.description.is_some());
        assert!(work.followup.is_some());
        let location = work.locations().first().expect("a location");
        assert_eq!(location.name.as_deref(), Some("Riverside Youth Centre"));
        assert_eq!(location.postcode.as_deref(), Some("SE1 7PB"));
        assert_eq!(
            work.custom("Age range").and_then(|v| v.as_text()),
            Some("8-12")
        );
        let unpublished = client.work_record(30940).await;
        assert_eq!(api_code(unpublished), ErrorCode::WorkNotPublishable);
    }
}

#[tokio::test]
async fn profiles_short_full_filtered_near_and_all() {
    for (_sandbox, client) in common::every_shape().await {
        let short = client.people(Role::User).send().await.expect("people/some");
        let ids: Vec<u64> = short.records.iter().map(|p| p.id.get()).collect();
        assert!(ids.contains(&653) && ids.contains(&654), "{ids:?}");
        assert!(!ids.contains(&662), "unpublished profiles are left out");
        let aisha = short.records.iter().find(|p| p.id == 653).expect("653");
        assert_eq!(aisha.name, "Aisha Khan");

        let english = client
            .people(Role::User)
            .full()
            .filter("First language", "English")
            .send()
            .await
            .expect("filtered");
        let mut ids: Vec<u64> = english.records.iter().map(|p| p.id.get()).collect();
        ids.sort_unstable();
        assert_eq!(ids, [653, 656]);
        let aisha = english.records.iter().find(|p| p.id == 653).expect("653");
        assert_eq!(aisha.first_name.as_deref(), Some("Aisha"));
        assert_eq!(aisha.postcode.as_deref(), Some("SE11 6LU"));
        assert!((aisha.lat.unwrap_or_default() - 51.493_510_4).abs() < 1e-6);
        assert_eq!(
            aisha
                .custom("Interests")
                .map(|v| v.values().collect::<Vec<_>>()),
            Some(vec!["Music", "Art"])
        );

        let near = client
            .people(Role::User)
            .near("SW1A 1AA", 3_000)
            .send()
            .await
            .expect("near");
        assert!(near.centre.is_some());
        let near_ids: Vec<u64> = near.records.iter().map(|p| p.id.get()).collect();
        assert!(near_ids.contains(&654), "{near_ids:?}");
        assert!(!near_ids.contains(&656), "{near_ids:?}");

        let staff = client.people(Role::Staff).all().await.expect("people/all");
        let mut staff: Vec<u64> = staff.iter().map(|p| p.id.get()).collect();
        staff.sort_unstable();
        assert_eq!(staff, [659, 660]);

        let mut streamed: Vec<u64> = client
            .people(Role::User)
            .num(2)
            .stream()
            .map_ok(|p| p.id.get())
            .try_collect()
            .await
            .expect("stream");
        streamed.sort_unstable();
        let mut listed = short.records.iter().map(|p| p.id.get()).collect::<Vec<_>>();
        listed.sort_unstable();
        assert_eq!(streamed, listed);

        let orgs = client.orgs(Role::Org).full().send().await.expect("orgs");
        assert_eq!(
            orgs.records.iter().map(|o| o.id.get()).collect::<Vec<_>>(),
            [701]
        );
        let families = client.families(Role::User).all().await.expect("family/all");
        assert_eq!(families.len(), 2);
    }
}

#[tokio::test]
async fn one_profile_of_each_kind() {
    for (_sandbox, client) in common::every_shape().await {
        let aisha = client.person(Role::User, 653).await.expect("people/one");
        assert_eq!(aisha.display_name(), "Aisha Khan");
        assert_eq!(aisha.mobile.as_deref(), Some("07700 900123"));
        assert_eq!(
            aisha.custom("Gender").and_then(|v| v.as_text()),
            Some("Female")
        );
        assert!(aisha.custom("Safeguarding notes").is_none());
        let school = client.org(Role::Org, 701).await.expect("orgs/one");
        assert_eq!(school.name.as_deref(), Some("Southbank Academy"));
        assert_eq!(
            school.custom("Sector").and_then(|v| v.as_text()),
            Some("School")
        );
        let family = client.family(Role::User, 801).await.expect("family/one");
        assert_eq!(family.display_name(), "The Smith family");
        assert_eq!(
            api_code(client.person(Role::User, 662).await),
            ErrorCode::ProfileNotPublishable
        );
    }
}

#[tokio::test]
async fn the_intake_flow_creates_what_was_sent() {
    for (sandbox, client) in common::every_shape().await {
        let person = DynamicRecord::person(Role::User)
            .set("first_name", "Robin")
            .set("surname", "Ade")
            .set(
                "postcode",
                "sw1a1aa"
                    .parse::<lamplight_client::Postcode>()
                    .expect("postcode"),
            )
            .set("email", "robin.ade@example.org")
            .set("First language", "Yoruba")
            .set_many("Interests", ["Music", "Sport"])
            .set_field_id(123, "option_56");
        let robin = client.create(&person).await.expect("people/add");
        let referral = DynamicRecord::referral()
            .set("attendee", ProfileRef::id(robin.id))
            .set("referrer", ProfileRef::id(658))
            .set(
                "reason",
                "Would like to join the senior club & make friends",
            )
            .set("date", date!(2026 - 11 - 20))
            .set("workarea", lamplight_client::WorkareaId::many([12, 21]))
            .set("How did you hear", "School")
            .set("school year", 9)
            .set_many("Support needed", ["Confidence", "Wellbeing"]);
        let created = client.create(&referral).await.expect("referral/add");

        let state = sandbox.state();
        let stored = state
            .profile(robin.id.get())
            .expect("the profile is stored");
        assert_eq!(stored.core("first_name"), Some("Robin"));
        assert_eq!(stored.core("postcode"), Some("SW1A 1AA"));
        assert_eq!(stored.role, Role::User);
        assert!(stored.custom("First language").is_some());
        assert!(stored.custom("Gender").is_some());
        let referral = state
            .referral(created.id.get())
            .expect("the referral is stored");
        assert_eq!(referral.attendee_id, robin.id.get());
        assert_eq!(referral.referrer_id, Some(658));
        assert_eq!(
            referral.reason.as_deref(),
            Some("Would like to join the senior club & make friends")
        );
        assert_eq!(referral.workarea_ids, [12, 21]);
        assert!(referral.date_from.starts_with("2026-11-20"));
        assert!(referral.custom.keys().any(|k| k == "How did you hear"));
        assert!(referral.custom.keys().any(|k| k == "Support needed"));
        assert_eq!(state.referrals.len(), 1);
    }
}

#[tokio::test]
async fn updates_change_only_what_is_sent() {
    for (sandbox, client) in common::every_shape().await {
        let change = DynamicRecord::person(Role::User).set("mobile", "07700 900999");
        client
            .update(ProfileId(653), &change)
            .await
            .expect("people/update");
        let state = sandbox.state();
        let aisha = state.profile(653).expect("653");
        assert_eq!(aisha.core("mobile"), Some("07700 900999"));
        assert_eq!(aisha.core("first_name"), Some("Aisha"));

        let org = DynamicRecord::organisation(Role::Org).set("web", "https://sa.example.org");
        client
            .update(ProfileId(701), &org)
            .await
            .expect("orgs/update");
        assert_eq!(
            sandbox
                .state()
                .profile(701)
                .and_then(|p| p.core("web").map(str::to_owned)),
            Some("https://sa.example.org".to_owned())
        );
        assert_eq!(
            api_code(client.update(ProfileId(663), &change).await),
            ErrorCode::ProfileNotUpdatable
        );
    }
}

#[tokio::test]
async fn attendance_partial_success_is_data() {
    for (sandbox, client) in common::every_shape().await {
        // Tom (654) already attends 30936; 30938 is full; 30939 is closed to the API.
        let outcome = client
            .attend(&Attendance::new([30937, 30938, 30939, 30936], 654).notes("Booked online"))
            .await
            .expect("work/attend");
        let summary: Vec<(u64, bool, Option<ErrorCode>)> = outcome
            .results
            .iter()
            .map(|r| {
                (
                    r.work_id.get(),
                    r.attended,
                    r.error.as_ref().map(|e| e.code),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (30937, true, None),
                (30938, false, Some(ErrorCode::NoSpacesLeft)),
                (30939, false, Some(ErrorCode::AttendanceNotAllowed)),
                (30936, false, Some(ErrorCode::AlreadyAttending)),
            ]
        );
        let single = client
            .attend(&Attendance::new(
                [30941],
                ProfileRef::email("tom.walsh@example.org").expect("email"),
            ))
            .await
            .expect("single");
        assert!(single.all_attended());
        assert_eq!(single.results[0].work_id, 30941);
        let again = client
            .attend(&Attendance::new([30941], 654))
            .await
            .expect("repeat");
        assert_eq!(
            again.results[0].error.as_ref().map(|e| e.code),
            Some(ErrorCode::AlreadyAttending)
        );

        let state = sandbox.state();
        let stored: Vec<(u64, u64)> = state
            .attendances
            .iter()
            .map(|a| (a.work_id, a.profile_id))
            .collect();
        assert_eq!(stored, [(30937, 654), (30941, 654)]);
        assert_eq!(state.attendances[0].notes.as_deref(), Some("Booked online"));

        let ambiguous = ProfileRef::email("smiths@example.org").expect("email");
        assert_eq!(
            api_code(client.attend(&Attendance::new([30941], ambiguous)).await),
            ErrorCode::AmbiguousAttendee
        );
        assert_eq!(
            api_code(client.attend(&Attendance::new([30941], 99_999)).await),
            ErrorCode::InvalidAttendee
        );
    }
}

#[tokio::test]
async fn relationships_and_groups() {
    for (sandbox, client) in common::every_shape().await {
        client
            .relate(&Relationship::new(657, 656, 5, Role::Contact))
            .await
            .expect("people/relationship");
        client
            .add_to_group(
                &GroupMembership::new(653, 934, Role::User)
                    .date_joined(datetime!(2026-11-01 09:30))
                    .notes("Signed up at the showcase"),
            )
            .await
            .expect("people/group");
        let state = sandbox.state();
        assert_eq!(state.relationships.len(), 1);
        assert_eq!(state.relationships[0].profile_id, 657);
        assert_eq!(state.relationships[0].related_profile_id, 656);
        assert_eq!(state.relationships[0].relationship_id, 5);
        assert_eq!(state.group_memberships.len(), 1);
        assert_eq!(
            api_code(
                client
                    .add_to_group(&GroupMembership::new(653, 936, Role::User))
                    .await
            ),
            ErrorCode::GroupNotManual
        );
        assert!(
            client
                .relate(&Relationship::new(657, 656, 99, Role::Contact))
                .await
                .is_err()
        );
    }
}

#[tokio::test]
async fn server_validation_errors_are_typed() {
    for (sandbox, client) in common::every_shape().await {
        let bad_option = DynamicRecord::referral()
            .set("attendee", 653)
            .set("How did you hear", "Carrier pigeon");
        assert_eq!(
            api_code(client.create(&bad_option).await),
            ErrorCode::InvalidReferral
        );
        let unknown_attendee = DynamicRecord::referral().set("attendee", 99_999);
        assert_eq!(
            api_code(client.create(&unknown_attendee).await),
            ErrorCode::InvalidReferral
        );
        let bad_mobile = DynamicRecord::person(Role::User)
            .set("first_name", "Al")
            .set("mobile", "12345");
        assert_eq!(
            api_code(client.create(&bad_mobile).await),
            ErrorCode::InvalidProfile
        );
        let read_only = DynamicRecord::person(Role::User)
            .set("first_name", "Al")
            .set("Membership number", "X-1");
        // The profile is saved without the read-only field: the error keeps its id, so it is
        // never sent twice.
        let partly = client
            .create(&read_only)
            .await
            .expect_err("a read-only field is refused");
        assert_eq!(partly.code(), Some(ErrorCode::CustomFieldsNotSaved));
        let saved = partly
            .saved_id()
            .expect("1058 carries the saved profile's id");
        let stored = sandbox.state();
        let profile = stored.profile(saved.get()).expect("the profile was saved");
        assert_eq!(profile.core("first_name"), Some("Al"));
        assert!(profile.custom("Membership number").is_none());
        assert!(
            partly
                .to_string()
                .contains(&format!("saved record {saved}"))
        );
        assert!(sandbox.state().referrals.is_empty());
    }
}

#[tokio::test]
async fn encode_errors_send_nothing() {
    for (sandbox, client) in common::every_shape().await {
        let html = DynamicRecord::referral()
            .set("attendee", 653)
            .set("reason", "<script>alert(1)</script>");
        match client.create(&html).await {
            Err(Error::Encode(err)) => {
                assert_eq!(err.field(), "reason");
                assert!(matches!(err.kind(), EncodeErrorKind::HtmlTag { .. }));
            }
            other => panic!("expected an encode error, got {other:?}"),
        }
        let bad_filter = client
            .people(Role::User)
            .filter("role", "staff")
            .send()
            .await;
        assert!(
            matches!(bad_filter, Err(Error::Encode(_))),
            "{bad_filter:?}"
        );
        assert!(sandbox.requests().is_empty());
    }
}

#[tokio::test]
async fn publishing_switches_produce_their_codes() {
    let mut config = lamplight_sandbox::Config::demo();
    config.publishing.relationships = false;
    config.publishing.groups = false;
    config.publishing.work.attend = false;
    config.publishing.work.read = false;
    config.publishing.person.add = false;
    config.publishing.person.update = false;
    config.publishing.person.read = false;
    config.publishing.referral.add = false;
    for (_sandbox, client) in common::every_shape_of(config).await {
        let referral = DynamicRecord::referral().set("attendee", 653);
        let person = DynamicRecord::person(Role::User).set("first_name", "Al");
        assert_eq!(
            api_code(client.create(&referral).await),
            ErrorCode::RecordTypeNotAccessible
        );
        assert_eq!(
            api_code(client.create(&person).await),
            ErrorCode::AddNotPermitted
        );
        assert_eq!(
            api_code(client.update(ProfileId(653), &person).await),
            ErrorCode::UpdateNotPermitted
        );
        assert_eq!(
            api_code(client.people(Role::User).send().await),
            ErrorCode::ProfileNotPublishable
        );
        assert_eq!(
            api_code(client.work().send().await),
            ErrorCode::WorkNotPublishable
        );
        assert_eq!(
            api_code(client.attend(&Attendance::new([30936], 653)).await),
            ErrorCode::DataInNotEnabled
        );
        assert_eq!(
            api_code(
                client
                    .relate(&Relationship::new(657, 656, 5, Role::Contact))
                    .await
            ),
            ErrorCode::RelationshipsNotEnabled
        );
        assert_eq!(
            api_code(
                client
                    .add_to_group(&GroupMembership::new(653, 934, Role::User))
                    .await
            ),
            ErrorCode::GroupsNotEnabled
        );
    }
}

#[tokio::test]
async fn organisations_and_families_are_created_updated_and_read() {
    for (sandbox, client) in common::every_shape().await {
        let org = DynamicRecord::organisation(Role::Contact)
            .set("name", "Kennington Food Bank")
            .set("email", "hello@foodbank.example.org")
            .set("Sector", "Voluntary sector")
            .set("publishable", true);
        let org = client.create(&org).await.expect("orgs/add");
        let family = DynamicRecord::family(Role::User)
            .set("name", "The Ade family")
            .set("Household size", 3)
            .set("publishable", true)
            .set("publish_update", true);
        let family = client.create(&family).await.expect("family/add");
        client
            .update(
                family.id.profile(),
                &DynamicRecord::family(Role::User).set("phone", "020 7946 0123"),
            )
            .await
            .expect("family/update");

        let state = sandbox.state();
        let stored = state
            .profile(org.id.get())
            .expect("the organisation is stored");
        assert_eq!(stored.core("name"), Some("Kennington Food Bank"));
        assert_eq!(stored.role, Role::Contact);
        let stored = state
            .profile(family.id.get())
            .expect("the family is stored");
        assert_eq!(stored.core("name"), Some("The Ade family"));
        assert_eq!(stored.core("phone"), Some("020 7946 0123"));

        let read = client.org(Role::Contact, org.id).await.expect("orgs/one");
        assert_eq!(read.name.as_deref(), Some("Kennington Food Bank"));
        assert_eq!(
            read.custom("Sector").and_then(|v| v.as_text()),
            Some("Voluntary sector")
        );
        let read = client
            .family(Role::User, family.id)
            .await
            .expect("family/one");
        assert_eq!(read.phone.as_deref(), Some("020 7946 0123"));

        let contacts = client.orgs(Role::Contact).all().await.expect("orgs/all");
        let mut ids: Vec<u64> = contacts.iter().map(|o| o.id.get()).collect();
        ids.sort_unstable();
        assert_eq!(ids, [703, org.id.get()]);
        let families = client
            .families(Role::User)
            .search("Ade")
            .full()
            .send()
            .await
            .expect("family/some");
        assert_eq!(
            families
                .records
                .iter()
                .map(|f| f.id.get())
                .collect::<Vec<_>>(),
            [family.id.get()]
        );
        let everyone = client
            .families(Role::User)
            .full()
            .all()
            .await
            .expect("family/all, full");
        assert!(
            everyone
                .iter()
                .any(|f| f.display_name() == "The Ade family")
        );
    }
}

#[tokio::test]
async fn order_and_start_are_sent() {
    for (sandbox, client) in common::every_shape().await {
        let by_title: Vec<String> = client
            .work()
            .order("title")
            .send()
            .await
            .expect("ordered")
            .records
            .into_iter()
            .map(|w| w.title)
            .collect();
        let mut sorted = by_title.clone();
        sorted.sort();
        assert_eq!(by_title, sorted);
        let later = client
            .work()
            .order("title")
            .start(2)
            .num(2)
            .send()
            .await
            .expect("page two");
        let later: Vec<&str> = later.records.iter().map(|w| w.title.as_str()).collect();
        assert_eq!(later, by_title[2..4]);

        let people: Vec<u64> = client
            .people(Role::User)
            .order("-id")
            .send()
            .await
            .expect("people by id, descending")
            .records
            .iter()
            .map(|p| p.id.get())
            .collect();
        let skipped = client
            .people(Role::User)
            .order("-id")
            .start(1)
            .num(1)
            .send()
            .await
            .expect("one person, skipping one");
        assert_eq!(
            skipped
                .records
                .iter()
                .map(|p| p.id.get())
                .collect::<Vec<_>>(),
            people[1..2]
        );
        let query = |path: &str| -> Vec<String> {
            sandbox
                .requests()
                .iter()
                .filter(|r| r.path.ends_with(path))
                .map(|r| r.query.clone())
                .collect()
        };
        assert!(
            query("work/some/format/json")
                .iter()
                .any(|q| q.contains("order=title") && q.contains("start=2")),
            "{:?}",
            query("work/some/format/json")
        );
    }
}

#[tokio::test]
async fn streams_fetch_every_page() {
    for (sandbox, client) in common::every_shape().await {
        let page_starts = |path: &str| -> Vec<String> {
            sandbox
                .requests()
                .iter()
                .filter(|r| r.path.ends_with(path))
                .filter_map(|r| {
                    r.query
                        .split('&')
                        .find(|pair| pair.starts_with("start="))
                        .map(str::to_owned)
                })
                .collect()
        };
        let work: Vec<u64> = client
            .work()
            .num(2)
            .stream()
            .map_ok(|w| w.id.get())
            .try_collect()
            .await
            .expect("every work record");
        assert_eq!(work.len(), 5);
        assert_eq!(
            page_starts("work/some/format/json"),
            ["start=0", "start=2", "start=4"]
        );

        let people: Vec<u64> = client
            .people(Role::User)
            .full()
            .num(2)
            .stream()
            .map_ok(|p| p.id.get())
            .try_collect()
            .await
            .expect("every person");
        let all = client.people(Role::User).all().await.expect("people/all");
        assert_eq!(people.len(), all.len());
        assert!(people.len() > 2, "{people:?}");
        let starts = page_starts("people/some/format/json");
        assert_eq!(starts.len(), people.len().div_ceil(2), "{starts:?}");
        assert_eq!(starts[1], "start=2");

        // A stream that starts part-way skips what it was told to.
        let rest: Vec<u64> = client
            .work()
            .num(2)
            .start(3)
            .stream()
            .map_ok(|w| w.id.get())
            .try_collect()
            .await
            .expect("the last two");
        assert_eq!(rest, work[3..]);
    }
}

#[tokio::test]
async fn a_localhost_base_url_reaches_the_sandbox() {
    for (_shape, config) in common::shaped(&lamplight_sandbox::Config::demo()) {
        let sandbox = Sandbox::start(config).await.expect("sandbox");
        let port = sandbox
            .base_url()
            .rsplit(':')
            .next()
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse::<u16>().ok())
            .expect("the sandbox's port");
        let client = common::builder_for(&sandbox)
            .base_url(&format!("http://localhost:{port}/api"))
            .build()
            .expect("plain http is allowed on localhost");
        assert_eq!(client.workareas().await.expect("workareas").len(), 4);
    }
}

#[tokio::test]
async fn group_members_by_email() {
    for (sandbox, client) in common::every_shape().await {
        let tom = ProfileRef::email("tom.walsh@example.org").expect("email");
        client
            .add_to_group(&GroupMembership::new(tom, 934, Role::User))
            .await
            .expect("people/group by email");
        assert!(
            sandbox
                .state()
                .group_memberships
                .iter()
                .any(|m| m.profile_id == 654 && m.group_id == 934)
        );
        let shared = ProfileRef::email("smiths@example.org").expect("email");
        assert_eq!(
            api_code(
                client
                    .add_to_group(&GroupMembership::new(shared, 934, Role::User))
                    .await
            ),
            ErrorCode::SeveralProfilesMatched
        );
        let nobody = ProfileRef::email("nobody@example.org").expect("email");
        assert_eq!(
            api_code(
                client
                    .add_to_group(&GroupMembership::new(nobody, 934, Role::User))
                    .await
            ),
            ErrorCode::ProfileNotFound
        );
    }
}

#[tokio::test]
async fn writes_answer_with_what_the_server_said() {
    for (sandbox, client) in common::every_shape().await {
        let person = DynamicRecord::person(Role::User)
            .set("first_name", "Kit")
            .set("surname", "Owusu")
            .set("publish_update", true);
        let created = client.create(&person).await.expect("people/add");
        // A created profile's id is a profile id for the next request.
        let updated = client
            .update(
                created.id,
                &DynamicRecord::person(Role::User).set("surname", "Owusu-Ali"),
            )
            .await
            .expect("people/update");
        assert_eq!(updated.id, created.id.profile());
        let stored = sandbox.state();
        let stored = stored.profile(updated.id.get()).expect("stored");
        assert_eq!(stored.core("surname"), Some("Owusu-Ali"));

        let related = client
            .relate(&Relationship::new(created.id, 656, 5, Role::User))
            .await
            .expect("people/relationship");
        assert_eq!(related.message, "Relationship created");
        let grouped = client
            .add_to_group(&GroupMembership::new(created.id, 934, Role::User))
            .await
            .expect("people/group");
        assert_eq!(grouped.message, "Added to group");
    }
}

#[tokio::test]
async fn near_returns_full_records_that_serialize() {
    for (_sandbox, client) in common::every_shape().await {
        let page = client
            .people(Role::User)
            .near("SW1A 1AA", 3_000)
            .send()
            .await
            .expect("near");
        assert!(!page.records.is_empty());
        assert!(page.centre.is_some());
        // Full records: coordinates and addresses, which a map needs.
        assert!(
            page.records
                .iter()
                .all(|p| p.lat.is_some() && p.lng.is_some())
        );
        assert!(page.records.iter().any(|p| p.postcode.is_some()));
        let json = serde_json::to_value(&page).expect("a page serializes");
        assert_eq!(json["records"][0]["id"], page.records[0].id.get());
        assert!(json["centre"]["lat"].is_number(), "{json}");

        let work = client.work_record(30936).await.expect("work/one");
        let json = serde_json::to_value(&work).expect("a work record serializes");
        assert_eq!(json["id"], 30936);
        assert_eq!(json["title"], work.title.as_str());
        let areas = serde_json::to_value(client.workareas().await.expect("workareas"))
            .expect("workareas serialize");
        assert!(areas[0]["children"].is_array(), "{areas}");
    }
}

#[tokio::test]
async fn extra_query_parameters_are_sent_as_named() {
    for (sandbox, client) in common::every_shape().await {
        let junior = client
            .work()
            .param("workarea", "11")
            .send()
            .await
            .expect("work/some with a raw parameter");
        assert_eq!(
            junior
                .records
                .iter()
                .map(|w| w.id.get())
                .collect::<Vec<_>>(),
            [30936]
        );
        let english = client
            .people(Role::User)
            .param("First_language", "English")
            .send()
            .await
            .expect("people/some with a raw filter");
        let mut ids: Vec<u64> = english.records.iter().map(|p| p.id.get()).collect();
        ids.sort_unstable();
        assert_eq!(ids, [653, 656]);
        let logged = sandbox.requests();
        assert!(
            logged
                .iter()
                .any(|r| r.query.contains("First_language=English")),
            "{logged:?}"
        );

        let before = sandbox.requests().len();
        match client.work().param("key", "other").send().await {
            Err(Error::Encode(err)) => assert_eq!(err.field(), "key"),
            other => panic!("expected the credential parameter to be refused, got {other:?}"),
        }
        assert_eq!(sandbox.requests().len(), before, "nothing was sent");
    }
}

#[tokio::test]
async fn any_endpoint_through_get_and_post() {
    use lamplight_client::response::{Created, Page, WorkSummary};
    use lamplight_client::{Form, RecordId};

    for (sandbox, client) in common::every_shape().await {
        let page: Page<WorkSummary> = client
            .get("work/some", &[("num", "2")])
            .await
            .expect("work/some through get");
        assert_eq!(page.records.len(), 2);
        let raw: serde_json::Value = client
            .get("workarea/all", &[] as &[(&str, &str)])
            .await
            .expect("workarea/all as raw JSON");
        assert!(raw["data"].is_array());
        // Errors stay typed.
        assert_eq!(
            api_code(
                client
                    .get::<serde_json::Value>("work/one", &[("id", "99999")])
                    .await
            ),
            ErrorCode::UnknownError
        );

        let mut form = Form::new();
        form.push("attendee", "653").expect("attendee");
        form.push("How_did_you_hear", "Website")
            .expect("custom field");
        let created: Created = client
            .post("referral/add", &form)
            .await
            .expect("referral/add through post");
        let state = sandbox.state();
        let stored = state.referral(created.id.get()).expect("stored");
        assert_eq!(stored.attendee_id, 653);
        assert!(created.id > RecordId(0));

        let before = sandbox.requests().len();
        for endpoint in [
            "work",
            "work/some/extra",
            "../work/some",
            "work/all",
            "work some",
        ] {
            match client
                .get::<serde_json::Value>(endpoint, &[("num", "1")])
                .await
            {
                Err(Error::InvalidEndpoint {
                    endpoint: given, ..
                }) => assert_eq!(given, endpoint),
                other => panic!("{endpoint}: expected an invalid endpoint, got {other:?}"),
            }
        }
        assert!(matches!(
            client.post::<Created>("referral", &form).await,
            Err(Error::InvalidEndpoint { .. })
        ));
        assert_eq!(sandbox.requests().len(), before, "nothing was sent");
    }
}

#[tokio::test]
async fn dynamic_records_name_fields_as_php_code_does() {
    for (sandbox, client) in common::every_shape().await {
        let referral = DynamicRecord::referral()
            .set("attendee", 653)
            .set("How_did_you_hear", "Website")
            .set("school_year", 9)
            .set("date", "2026-11-20 13:13")
            .set_raw("Support_needed[0]", "Confidence");
        let created = client.create(&referral).await.expect("referral/add");
        let state = sandbox.state();
        let stored = state.referral(created.id.get()).expect("stored");
        assert_eq!(stored.date_from, "2026-11-20 13:13:00");
        assert!(
            stored.custom.keys().any(|k| k == "How did you hear"),
            "{stored:?}"
        );
        assert!(
            stored
                .custom
                .keys()
                .any(|k| k.eq_ignore_ascii_case("School year")),
            "{stored:?}"
        );
        assert!(
            stored.custom.keys().any(|k| k == "Support needed"),
            "{stored:?}"
        );

        // A date the client cannot read is refused before anything is sent.
        let before = sandbox.requests().len();
        let unreadable = DynamicRecord::referral()
            .set("attendee", 653)
            .set("date", "01/02/2026");
        match client.create(&unreadable).await {
            Err(Error::Encode(err)) => assert_eq!(err.field(), "date"),
            other => panic!("expected the date to be refused, got {other:?}"),
        }
        assert_eq!(sandbox.requests().len(), before);
    }
}

#[tokio::test]
async fn records_of_a_kind_chosen_at_run_time() {
    use lamplight_client::RecordKind;

    for (sandbox, client) in common::every_shape().await {
        let mut created = Vec::new();
        for (kind, role, name_field, name) in [
            (RecordKind::Person, Role::Contact, "surname", "Adeyemi"),
            (
                RecordKind::Organisation,
                Role::Org,
                "name",
                "Riverside Trust",
            ),
            (RecordKind::Family, Role::User, "name", "The Adeyemi family"),
        ] {
            let mut record = DynamicRecord::of_kind(kind, Some(role))
                .set(name_field, name)
                .set("publish_update", true);
            if kind == RecordKind::Person {
                record = record.set("first_name", "Tolu");
            }
            let id = client.create(&record).await.expect("created").id;
            let change = DynamicRecord::of_kind(kind, Some(role)).set("postcode", "SE1 7PB");
            let updated = client.update(id, &change).await.expect("updated");
            assert_eq!(updated.id, id.profile());
            created.push(id);
        }
        let state = sandbox.state();
        for id in created {
            let stored = state.profile(id.get()).expect("stored");
            assert_eq!(stored.core("postcode"), Some("SE1 7PB"));
        }
        let referral = DynamicRecord::of_kind(RecordKind::Referral, None)
            .set("attendee", 653)
            .set("reason", "From a config-driven importer");
        let id = client.create(&referral).await.expect("referral").id;
        assert!(
            state.referral(id.get()).is_none(),
            "the earlier snapshot predates it"
        );
        assert!(sandbox.state().referral(id.get()).is_some());
        // A referral cannot be updated, whatever its type says.
        let before = sandbox.requests().len();
        match client.update(ProfileId(653), &referral).await {
            Err(Error::Encode(err)) => {
                assert!(err.to_string().contains("cannot be updated"), "{err}")
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert_eq!(sandbox.requests().len(), before);
    }
}

#[tokio::test]
async fn reads_check_the_role_against_the_kind() {
    use lamplight_client::ProfileKind;
    use lamplight_client::response::Profile;

    for (sandbox, client) in common::every_shape().await {
        let school: Profile = client
            .profile_as(ProfileKind::Organisation, Role::Org, 701)
            .await
            .expect("orgs/one");
        assert_eq!(school.name.as_deref(), Some("Southbank Academy"));
        let before = sandbox.requests().len();
        for result in [
            client.org(Role::Staff, 701).await,
            client.profile_as(ProfileKind::Person, Role::Org, 653).await,
        ] {
            match result {
                Err(Error::Encode(err)) => assert_eq!(err.field(), "role"),
                other => panic!("expected the role to be refused, got {other:?}"),
            }
        }
        match client.people(Role::Org).all().await {
            Err(Error::Encode(err)) => assert_eq!(err.field(), "role"),
            other => panic!("expected the role to be refused, got {other:?}"),
        }
        assert_eq!(sandbox.requests().len(), before, "nothing was sent");
    }
}

/// The shapes the other tests loop over really differ, so a pass in each is a pass against
/// each: every shape, each chaos seed included, answers the same read with different JSON.
#[tokio::test]
async fn every_shape_answers_in_its_own_way() {
    let mut replies: Vec<serde_json::Value> = Vec::new();
    for (_sandbox, client) in common::every_shape().await {
        let reply: serde_json::Value = client
            .get("work/some", &[("num", "5")])
            .await
            .expect("work/some as JSON");
        assert!(
            !replies.contains(&reply),
            "a shape repeats another's reply: {reply}"
        );
        replies.push(reply);
    }
    assert_eq!(
        replies.len(),
        common::shaped(&lamplight_sandbox::Config::demo()).len()
    );
}

use lamplight_client::response::WorkareaRef;

/// What every read decodes to, for comparing one shape with another.
#[derive(Debug, PartialEq)]
struct Reads {
    workareas: Vec<lamplight_client::response::Workarea>,
    work: lamplight_client::response::Page<lamplight_client::response::WorkSummary>,
    work_record: lamplight_client::response::Work,
    people: lamplight_client::response::Page<lamplight_client::response::Profile>,
    near: lamplight_client::response::Page<lamplight_client::response::Profile>,
    person: lamplight_client::response::Profile,
    org: lamplight_client::response::Profile,
    family: lamplight_client::response::Profile,
}

/// Every read, with each record's primary workarea named by id and no profile's update time. A
/// work record may name its
/// workareas by id or by name (API.md): the id form carries only the primary one, the names
/// all of them, and only the workarea tree tells which id a name means.
async fn every_read(client: &lamplight_client::Client) -> Reads {
    let mut reads = unresolved_reads(client).await;
    let ids: Vec<(String, lamplight_client::WorkareaId)> = reads
        .workareas
        .iter()
        .flat_map(|area| area.iter())
        .map(|area| (area.text.clone(), area.id.clone()))
        .collect();
    let by_id = |refs: &mut Vec<WorkareaRef>| {
        for workarea in refs.iter_mut() {
            let id = workarea.name().and_then(|name| {
                ids.iter()
                    .find(|(text, _)| text == name)
                    .map(|(_, id)| id.clone())
            });
            if let Some(id) = id {
                *workarea = WorkareaRef::Id(id);
            }
        }
        refs.truncate(1);
    };
    for work in &mut reads.work.records {
        by_id(&mut work.workarea);
    }
    by_id(&mut reads.work_record.workarea);
    // The demo's profiles were updated when their sandbox started, a second apart or not.
    let profiles = reads
        .people
        .records
        .iter_mut()
        .chain(&mut reads.near.records);
    for profile in profiles.chain([&mut reads.person, &mut reads.org, &mut reads.family]) {
        assert!(profile.date_updated.is_some(), "{profile:?}");
        profile.date_updated = None;
    }
    reads
}

async fn unresolved_reads(client: &lamplight_client::Client) -> Reads {
    Reads {
        workareas: client.workareas().await.expect("workareas"),
        work: client.work().send().await.expect("work/some"),
        work_record: client.work_record(30936).await.expect("work/one"),
        people: client
            .people(Role::User)
            .full()
            .send()
            .await
            .expect("people/some"),
        near: client
            .people(Role::User)
            .near("SW1A 1AA", 3_000)
            .send()
            .await
            .expect("people/near"),
        person: client.person(Role::User, 653).await.expect("people/one"),
        org: client.org(Role::Org, 701).await.expect("orgs/one"),
        family: client.family(Role::User, 801).await.expect("family/one"),
    }
}

/// The chaos shape flips its coins afresh on every reply, so many rounds against one sandbox
/// meet many variations of each read. Each must decode to exactly what the clean shape's does,
/// as the live shape's must.
#[tokio::test]
async fn chaos_replies_decode_as_the_clean_ones_do() {
    let mut clean = lamplight_sandbox::Config::demo();
    clean.shape = lamplight_sandbox::Shape::Clean;
    let (_clean_sandbox, clean_client) = common::start_with(clean).await;
    let expected = every_read(&clean_client).await;
    let (_live_sandbox, live_client) = common::demo().await;
    assert_eq!(every_read(&live_client).await, expected, "the live shape");
    let mut chaos = lamplight_sandbox::Config::demo();
    chaos.shape = lamplight_sandbox::Shape::Chaos;
    for seed in common::chaos_seeds() {
        chaos.chaos_seed = seed;
        let (_sandbox, client) = common::start_with(chaos.clone()).await;
        for round in 0..20 {
            let read = every_read(&client).await;
            assert_eq!(read, expected, "chaos seed {seed}, round {round}");
        }
    }
}

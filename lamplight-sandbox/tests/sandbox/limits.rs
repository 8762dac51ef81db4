//! The sandbox's bounds, each at its limit and one past it: stored records (507), the request
//! rate (429 with `Retry-After`), the body size (413) and the request log.

use lamplight_sandbox::{Config, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_RECORDS};
use serde_json::Value;

use crate::common::{Api, created_id};
use crate::reads::write_one_of_everything;

fn config(change: impl FnOnce(&mut Config)) -> Config {
    let mut config = Config::demo();
    change(&mut config);
    config
}

/// The number of records requests added, as the state endpoint's snapshot shows them.
fn created(api: &Api) -> usize {
    let state = api.sandbox.state();
    state
        .profiles
        .iter()
        .filter(|profile| !profile.seeded)
        .count()
        + state.referrals.len()
        + state.attendances.len()
        + state.relationships.len()
        + state.group_memberships.len()
}

#[track_caller]
fn assert_full(reply: &(u16, Value)) {
    let (status, body) = reply;
    assert_eq!(*status, 507, "{body}");
    assert_eq!(body["error"], 507, "{body}");
    let msg = body["msg"].as_str().unwrap_or_default();
    assert!(msg.contains("max_records"), "{msg}");
}

#[tokio::test]
async fn every_kind_of_write_counts_and_the_cap_holds_one_past_it() {
    let api = Api::with(config(|config| config.max_records = 5)).await;
    write_one_of_everything(&api.http, &api.sandbox.base_url(), &api.credentials()).await;
    assert_eq!(created(&api), 5, "at the cap: every write was stored");
    let writes: &[(&str, &[(&str, &str)])] = &[
        ("referral/add", &[("attendee", "653")]),
        ("people/add", &[("role", "user"), ("first_name", "Ada")]),
        ("orgs/add", &[("role", "org"), ("name", "Harbour Trust")]),
        ("work/attend", &[("id", "30937"), ("attendee", "653")]),
        (
            "people/relationship",
            &[
                ("id", "653"),
                ("related_profile_id", "658"),
                ("relationship_id", "8"),
            ],
        ),
        ("people/group", &[("id", "653"), ("group_id", "934")]),
    ];
    for (endpoint, form) in writes {
        assert_full(&api.post(endpoint, form).await);
    }
    assert_eq!(created(&api), 5, "one past the cap: nothing stored");
    let (status, body) = api.get("work/some", &[]).await;
    assert_eq!(status, 200, "reads go on: {body}");
    let (status, body) = api
        .post(
            "people/update",
            &[("role", "user"), ("id", "653"), ("surname", "Hassan-Reid")],
        )
        .await;
    assert_eq!(status, 200, "updates go on: {body}");
    let surname = api
        .sandbox
        .state()
        .profile(653)
        .and_then(|p| p.core("surname").map(str::to_owned));
    assert_eq!(surname.as_deref(), Some("Hassan-Reid"));
    let log = api.sandbox.requests();
    assert_eq!(log.last().and_then(|entry| entry.status), Some(200));
    assert_eq!(log[log.len() - 3].status, Some(507));
}

#[tokio::test]
async fn the_last_free_place_goes_to_exactly_one_write() {
    let api = Api::with(config(|config| config.max_records = 1)).await;
    let (status, body) = api.post("referral/add", &[("attendee", "653")]).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(created_id(&body), 5001);
    assert_full(&api.post("referral/add", &[("attendee", "653")]).await);
    // Concurrent writes racing for the last places: exactly as many succeed as there are
    // places, whatever the interleaving.
    let api = Api::with(config(|config| config.max_records = 7)).await;
    let replies = futures_util::future::join_all(
        (0..24).map(|_| api.post("referral/add", &[("attendee", "653")])),
    )
    .await;
    let stored = replies.iter().filter(|(status, _)| *status == 200).count();
    let full = replies.iter().filter(|(status, _)| *status == 507).count();
    assert_eq!((stored, full), (7, 17), "{replies:?}");
    assert_eq!(api.sandbox.state().referrals.len(), 7);
}

#[tokio::test]
async fn a_cap_of_zero_is_full_from_the_start_and_the_default_is_a_million() {
    assert_eq!(Config::default().max_records, DEFAULT_MAX_RECORDS);
    assert_eq!(DEFAULT_MAX_RECORDS, 1_000_000);
    let api = Api::with(config(|config| config.max_records = 0)).await;
    assert_full(&api.post("referral/add", &[("attendee", "653")]).await);
    assert!(api.sandbox.state().referrals.is_empty());
    let parsed = Config::from_toml_str("max_records = 2\nrate_limit = 0.5").expect("parses");
    assert_eq!((parsed.max_records, parsed.rate_limit), (2, Some(0.5)));
}

#[tokio::test]
async fn above_the_rate_limit_requests_get_429_with_retry_after_and_are_not_processed() {
    // One request every thousand seconds: the first passes, and the second cannot come late
    // enough to earn another, however slow the machine.
    let api = Api::with(config(|config| config.rate_limit = Some(0.001))).await;
    let first = api.post("referral/add", &[("attendee", "653")]).await;
    assert_eq!(first.0, 200, "{}", first.1);
    let response = api
        .http
        .post(api.url("referral/add"))
        .query(&api.credentials())
        .form(&[("attendee", "653")])
        .send()
        .await
        .expect("a reply");
    assert_eq!(response.status().as_u16(), 429);
    let retry_after: u64 = response.headers()["retry-after"]
        .to_str()
        .ok()
        .and_then(|value| value.parse().ok())
        .expect("Retry-After in seconds");
    assert!((900..=1000).contains(&retry_after), "{retry_after}");
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(body["error"], 429, "{body}");
    assert_eq!(
        api.sandbox.state().referrals.len(),
        1,
        "the 429 stored nothing"
    );
    let statuses: Vec<Option<u16>> = api.sandbox.requests().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [Some(200), Some(429)]);
    let state_url = format!("http://{}/__sandbox/state", api.sandbox.addr());
    let (status, _) = api.send(api.http.get(state_url)).await;
    assert_eq!(status, 200, "the state endpoint is not limited");
}

#[tokio::test]
async fn a_second_of_requests_may_come_at_once() {
    // The bucket starts full with one second's worth, and time only adds to it, so three
    // requests in a row pass at three a second however fast or slow they come.
    let api = Api::with(config(|config| config.rate_limit = Some(3.0))).await;
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(api.get("workarea/all", &[]).await.0);
    }
    assert_eq!(statuses, [200, 200, 200]);
    assert!(Config::from_toml_str("rate_limit = 0").is_err());
    assert!(Config::from_toml_str("rate_limit = -1.5").is_err());
    let error = Config::from_toml_str("rate_limit = nan").expect_err("refused");
    assert!(error.to_string().contains("rate_limit"), "{error}");
}

/// A referral form body of exactly `len` bytes.
fn body_of(len: usize) -> String {
    let start = "attendee=653&referral_reason=";
    format!("{start}{}", "a".repeat(len - start.len()))
}

#[tokio::test]
async fn a_body_at_the_limit_is_accepted_and_one_byte_more_gets_413() {
    let api = Api::with(config(|config| config.max_body_bytes = 64)).await;
    let (status, body) = api.post_raw("referral/add", &body_of(64)).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = api.post_raw("referral/add", &body_of(65)).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"], 413);
    assert!(
        body["msg"]
            .as_str()
            .is_some_and(|msg| msg.contains("64 bytes")),
        "{body}"
    );
    assert_eq!(api.sandbox.state().referrals.len(), 1);
    let (status, _) = api.get("workarea/all", &[]).await;
    assert_eq!(status, 200, "the connection pool still works");
}

#[tokio::test]
async fn the_default_body_limit_is_a_mebibyte_to_the_byte() {
    let api = Api::demo().await;
    let (status, body) = api
        .post_raw("referral/add", &body_of(DEFAULT_MAX_BODY_BYTES))
        .await;
    assert_eq!(status, 200, "{body:.200}");
    let reason = api.sandbox.state().referrals[0]
        .reason
        .clone()
        .unwrap_or_default();
    assert_eq!(
        reason.len(),
        DEFAULT_MAX_BODY_BYTES - "attendee=653&referral_reason=".len()
    );
    let response = api
        .http
        .post(api.url("referral/add"))
        .query(&api.credentials())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body_of(DEFAULT_MAX_BODY_BYTES + 1))
        .send()
        .await;
    // The server may close the connection before the client has sent the whole body; when the
    // reply arrives it is a 413.
    if let Ok(response) = response {
        assert_eq!(response.status().as_u16(), 413);
    }
    assert_eq!(api.sandbox.state().referrals.len(), 1);
    let log = api.sandbox.requests();
    assert_eq!(log.last().and_then(|entry| entry.status), Some(413));
}

#[tokio::test]
async fn the_request_log_keeps_the_last_requests_up_to_its_limit() {
    let api = Api::with(config(|config| config.request_log_limit = 3)).await;
    let numbers = |api: &Api| -> Vec<String> {
        let log = api.sandbox.requests();
        log.iter()
            .filter_map(|entry| entry.query.split('&').find(|pair| pair.starts_with("num=")))
            .map(str::to_owned)
            .collect()
    };
    for num in 1..=3 {
        api.get("work/some", &[("num", &num.to_string())]).await;
    }
    assert_eq!(numbers(&api), ["num=1", "num=2", "num=3"], "at the limit");
    api.get("work/some", &[("num", "4")]).await;
    assert_eq!(
        numbers(&api),
        ["num=2", "num=3", "num=4"],
        "one past: the oldest goes"
    );
    let api = Api::with(config(|config| config.request_log_limit = 0)).await;
    api.get("work/some", &[]).await;
    assert!(
        api.sandbox.requests().is_empty(),
        "a limit of 0 logs nothing"
    );
}

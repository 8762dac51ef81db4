//! Fault injection beyond the matrix (`fault_matrix.rs`): how long retries wait, when they give
//! up, and what errors quote. Also the canary-key tests: no error, debug print or log line holds
//! the key, be it long, one letter, or a part of common words.
//!
//! No test here relies on timing luck: a request that must time out is held by the sandbox
//! for far longer than the client's timeout, and waits are checked as the client computed them,
//! not by a clock.

mod common;

use std::time::Duration;

use lamplight_client::{
    Client, Credentials, DynamicRecord, Error, ErrorCode, ProfileRef, RetryPolicy, Role,
};
use lamplight_sandbox::{Config, Fault, Sandbox};

/// How long the sandbox holds a request that must time out: far beyond any client timeout
/// here, so the timeout always fires first, however loaded the machine.
const HELD: Duration = Duration::from_secs(60);

fn referral() -> DynamicRecord<lamplight_client::dynamic::Referral> {
    DynamicRecord::referral()
        .set("attendee", ProfileRef::id(653))
        .set("reason", "Fault injection")
}

#[tokio::test]
async fn a_read_hit_by_503_with_retry_after_is_retried() {
    let (sandbox, client) = common::demo().await;
    sandbox.inject(Fault::status(503).with_retry_after(1), 1);
    let areas = client.workareas().await.expect("succeeds on the retry");
    assert_eq!(areas.len(), 4);
    assert_eq!(sandbox.requests().len(), 2);
}

#[tokio::test]
async fn reads_retry_on_429_502_504_drops_and_truncation() {
    let (sandbox, client) = common::demo().await;
    sandbox.inject(Fault::status(429), 1);
    sandbox.inject(Fault::html_body().with_status(502), 1);
    sandbox.inject(Fault::DropConnection, 1);
    client
        .workareas()
        .await
        .expect("three faults, three retries");
    sandbox.inject(Fault::status(504), 1);
    sandbox.inject(Fault::TruncatedBody, 1);
    client.work().send().await.expect("two faults, two retries");
    assert_eq!(sandbox.requests().len(), 7);
}

#[tokio::test]
async fn a_read_waits_as_long_as_retry_after_asks() {
    let (sandbox, client) = common::demo().await;
    let (logs, guard) = common::capture_logs();
    sandbox.inject(Fault::status(503).with_retry_after(1), 1);
    client.workareas().await.expect("succeeds on the retry");
    drop(guard);
    // The backoff alone would wait at most 20 ms (`quick_retries`): the second comes from
    // the server's `Retry-After: 1`.
    let waits = common::logged_waits(&logs);
    assert_eq!(waits.len(), 1, "{}", logs.text());
    assert!(waits[0] >= 1_000, "waited {waits:?}");
}

#[tokio::test]
async fn a_read_that_always_times_out_fails_as_a_timeout() {
    let (sandbox, _) = common::demo().await;
    let client = common::builder_for(&sandbox)
        .timeout(Duration::from_millis(100))
        .retry(common::quick_retries().max_retries(1))
        .build()
        .expect("client");
    let (logs, guard) = common::capture_logs();
    sandbox.inject(Fault::delay(HELD), 2);
    let err = client.work().send().await.expect_err("times out twice");
    drop(guard);
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(common::logged_waits(&logs).len(), 1, "{}", logs.text());
}

#[tokio::test]
async fn reads_give_up_after_the_policy_allows() {
    let (sandbox, client) = common::demo().await;
    sandbox.inject(Fault::status(503), 10);
    let err = client.workareas().await.expect_err("still failing");
    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    // The first attempt and three retries.
    assert_eq!(sandbox.requests().len(), 4);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_is_not_waited_for() {
    let (sandbox, _) = common::demo().await;
    let client = common::builder_for(&sandbox)
        .retry(common::quick_retries().max_retry_after(Duration::from_secs(1)))
        .build()
        .expect("client");
    sandbox.inject(Fault::status(503).with_retry_after(120), 1);
    let err = client.workareas().await.expect_err("gives up");
    assert_eq!(err.status(), Some(503));
    assert_eq!(sandbox.requests().len(), 1);
}

#[tokio::test]
async fn errors_that_will_not_change_are_not_retried() {
    let (sandbox, client) = common::demo().await;
    sandbox.inject(Fault::status(500), 1);
    let err = client.workareas().await.expect_err("500");
    assert!(matches!(err, Error::Http { status: 500, .. }), "{err:?}");
    let unpublished = client.work_record(30940).await.expect_err("1006");
    assert_eq!(unpublished.code(), Some(ErrorCode::WorkNotPublishable));
    assert_eq!(sandbox.requests().len(), 2);
}

#[tokio::test]
async fn an_html_page_is_an_error_not_a_panic() {
    let (sandbox, client) = common::demo().await;
    sandbox.inject(Fault::html_body(), 1);
    match client.workareas().await {
        Err(Error::Decode { excerpt, .. }) => assert!(excerpt.contains('<'), "{excerpt}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
    sandbox.inject(Fault::html_body().with_status(500), 1);
    match client.work().send().await {
        Err(Error::Http {
            status: 500,
            excerpt,
            ..
        }) => {
            assert!(excerpt.starts_with('<'), "{excerpt}");
            assert!(excerpt.chars().count() <= 201, "{excerpt}");
            assert!(!excerpt.contains('\n'), "{excerpt}");
        }
        other => panic!("expected an HTTP error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_write_hit_by_503_is_not_resent() {
    let (sandbox, client) = common::demo().await;
    sandbox.inject(Fault::status(503).with_retry_after(1), 1);
    let err = client.create(&referral()).await.expect_err("not retried");
    assert_eq!(err.status(), Some(503));
    assert!(sandbox.state().referrals.is_empty());
    assert_eq!(sandbox.requests().len(), 1);
}

#[tokio::test]
async fn a_write_that_may_have_arrived_is_never_resent() {
    let (sandbox, client) = common::demo().await;
    // None of these faults processes the request, but the client cannot know that: the
    // connection was made and the request sent.
    for fault in [
        Fault::DropConnection,
        Fault::status(429).with_retry_after(1),
        Fault::status(502),
        Fault::status(504),
        Fault::html_body().with_status(502),
    ] {
        let before = sandbox.requests().len();
        sandbox.inject(fault.clone(), 1);
        let err = client.create(&referral()).await.expect_err("not retried");
        assert!(!err.is_connect(), "{fault:?}: {err:?}");
        assert_eq!(sandbox.requests().len(), before + 1, "{fault:?}");
    }
    assert!(sandbox.state().referrals.is_empty());
    // The same faults on reads are retried.
    sandbox.inject(Fault::DropConnection, 1);
    sandbox.inject(Fault::status(429), 1);
    client.workareas().await.expect("retried");
}

#[tokio::test]
async fn a_write_that_times_out_is_not_resent() {
    let (sandbox, _) = common::demo().await;
    let client = common::builder_for(&sandbox)
        .timeout(Duration::from_millis(100))
        .build()
        .expect("client");
    sandbox.inject(Fault::delay(HELD), 1);
    let err = client.create(&referral()).await.expect_err("times out");
    // Had the client resent it, the resend would have met no fault and succeeded.
    assert!(err.is_timeout(), "{err:?}");
    assert!(!err.is_connect(), "{err:?}");
}

#[tokio::test]
async fn a_write_to_a_closed_port_is_retried_and_fails_as_connect() {
    let client = Client::builder()
        .credentials(Credentials::new(1, 1, "k"))
        .base_url(&format!("http://127.0.0.1:{}/api/", common::closed_port()))
        .retry(common::quick_retries())
        .build()
        .expect("client");
    let (logs, guard) = common::capture_logs();
    let err = client
        .create(&referral())
        .await
        .expect_err("nothing listens");
    drop(guard);
    assert!(err.is_connect(), "{err:?}");
    let retries = logs.text().matches("retrying").count();
    assert_eq!(retries, 3, "{}", logs.text());
}

#[tokio::test]
async fn a_reply_over_the_size_limit_is_refused() {
    let (sandbox, _) = common::demo().await;
    let client = common::builder_for(&sandbox)
        .max_response_bytes(64)
        .build()
        .expect("client");
    let err = client.work().send().await.expect_err("too large");
    assert!(matches!(err, Error::TooLarge { limit: 64 }), "{err:?}");
}

#[tokio::test]
async fn random_faults_lose_no_read() {
    let (sandbox, _) = common::demo().await;
    let client = common::builder_for(&sandbox)
        .retry(common::quick_retries().max_retries(8))
        .build()
        .expect("client");
    sandbox.inject_random(Fault::status(503), 0.3, 7);
    for _ in 0..10 {
        let areas = client.workareas().await.expect("retried until it succeeds");
        assert_eq!(areas.len(), 4);
    }
    // The faults did fire, and each one cost exactly one retry.
    let requests = sandbox.requests();
    let fired = requests.iter().filter(|r| r.fault.is_some()).count();
    assert!(
        fired >= 2,
        "only {fired} faults fired in {} requests",
        requests.len()
    );
    assert_eq!(requests.len(), 10 + fired);
    assert!(
        requests
            .iter()
            .filter(|r| r.fault.is_some())
            .all(|r| r.status == Some(503)),
        "{requests:?}"
    );
}

#[tokio::test]
async fn a_referral_for_an_unknown_attendee_is_error_1040() {
    let (sandbox, client) = common::demo().await;
    let unknown = DynamicRecord::referral()
        .set("attendee", ProfileRef::id(999_999))
        .set("reason", "Nobody");
    let err = client.create(&unknown).await.expect_err("no such attendee");
    assert_eq!(err.code(), Some(ErrorCode::InvalidReferral), "{err:?}");
    assert_eq!(err.status(), Some(400), "{err:?}");
    assert!(sandbox.state().referrals.is_empty());
    // Refused by Lamplight, so not retried.
    assert_eq!(sandbox.requests().len(), 1);
}

const CANARY: &str = "CANARY-key-7f3a9q";

/// Everything logged through the `log` facade (reqwest's and hyper's own logging), at every
/// level, by every test of this file.
struct LogFacade(std::sync::Mutex<String>);

impl log::Log for LogFacade {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        if let Ok(mut text) = self.0.lock() {
            text.push_str(&format!("{} {}\n", record.target(), record.args()));
        }
    }

    fn flush(&self) {}
}

static LOG_FACADE: LogFacade = LogFacade(std::sync::Mutex::new(String::new()));

fn capture_log_facade() -> &'static LogFacade {
    if log::set_logger(&LOG_FACADE).is_ok() {
        log::set_max_level(log::LevelFilter::Trace);
    }
    &LOG_FACADE
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Where `key` stands in `text` as a token of its own: the way a key really leaks. A short key
/// inside another word ("k" in "work") is not the key.
fn leaks(text: &str, key: &str) -> Option<String> {
    text.match_indices(key)
        .find(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + key.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
        .map(|(at, _)| {
            let from = text[..at]
                .char_indices()
                .rev()
                .nth(40)
                .map_or(0, |(i, _)| i);
            text[from..].chars().take(100).collect()
        })
}

/// Whether redaction cut into a word ("li[redacted]e"), which it must never do.
fn mangled(text: &str) -> Option<String> {
    text.match_indices(REDACTED_TEXT)
        .find(|(at, _)| {
            let before = text[..*at].chars().next_back();
            let after = text[at + REDACTED_TEXT.len()..].chars().next();
            before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic)
        })
        .map(|(at, _)| text[at.saturating_sub(20)..].chars().take(60).collect())
}

const REDACTED_TEXT: &str = "[redacted]";

fn assert_clean(key: &str, context: &str, shown: &str) {
    if let Some(around) = leaks(shown, key) {
        panic!("{context} leaks the key {key:?}: …{around}…");
    }
    if let Some(around) = mangled(shown) {
        panic!("{context} is mangled by redaction: …{around}…");
    }
    if key == CANARY {
        assert!(
            !shown.contains("7f3a9q"),
            "{context} leaks part of the key: {shown}"
        );
    }
}

fn shown(err: &Error) -> String {
    let mut shown = format!("{err}\n{err:?}");
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        shown.push_str(&format!("\n{inner}\n{inner:?}"));
        source = inner.source();
    }
    shown
}

/// Every kind of error, and the logs at trace level, with `key` as the API key: none of them
/// holds the key, and no word is cut by redaction.
async fn the_key_never_leaks(key: &str) {
    let facade = capture_log_facade();
    let (logs, guard) = common::capture_logs();
    let mut config = Config::demo();
    config.credentials.key = key.to_owned();
    let sandbox = Sandbox::start(config).await.expect("sandbox");
    let client = common::builder_for(&sandbox)
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let quick = common::builder_for(&sandbox)
        .retry(RetryPolicy::none())
        .timeout(Duration::from_millis(100))
        .build()
        .expect("client");
    let tiny = common::builder_for(&sandbox)
        .max_response_bytes(16)
        .build()
        .expect("client");
    let retrying = common::builder_for(&sandbox).build().expect("client");
    let nowhere = Client::builder()
        .credentials(Credentials::new(1, 1, key))
        .base_url(&format!("http://127.0.0.1:{}/api/", common::closed_port()))
        .retry(RetryPolicy::none())
        .build()
        .expect("client");

    let mut errors: Vec<(&str, Error)> = Vec::new();
    let mut push = |context, result: Result<(), Error>| match result {
        Err(err) => errors.push((context, err)),
        Ok(()) => panic!("{context} should have failed"),
    };
    push("api", client.work_record(30940).await.map(drop));
    sandbox.inject(Fault::status(503).with_retry_after(1), 1);
    push("status", client.workareas().await.map(drop));
    sandbox.inject(Fault::html_body(), 1);
    push("html 200", client.workareas().await.map(drop));
    sandbox.inject(Fault::html_body().with_status(500), 1);
    push("html 500", client.workareas().await.map(drop));
    sandbox.inject(Fault::DropConnection, 1);
    push("dropped", client.workareas().await.map(drop));
    sandbox.inject(Fault::TruncatedBody, 1);
    push("truncated", client.workareas().await.map(drop));
    sandbox.inject(Fault::delay(HELD), 1);
    push("timeout", quick.workareas().await.map(drop));
    push("too large", tiny.workareas().await.map(drop));
    push("connect", nowhere.workareas().await.map(drop));
    // Retried, so the warning logged before each retry is checked too.
    sandbox.inject(Fault::status(502), 4);
    push("retried", retrying.workareas().await.map(drop));
    push(
        "encode",
        client
            .create(&DynamicRecord::referral().set("attendee", "<b>x</b>"))
            .await
            .map(drop),
    );
    push(
        "configuration",
        Client::builder()
            .credentials(Credentials::new(1, 1, key))
            .base_url(&format!("http://example.org/api/?key={key}"))
            .build()
            .map(drop),
    );
    let wrong_key = Client::builder()
        .credentials(Credentials::new(1234, 1, format!("{key}-wrong")))
        .base_url(&sandbox.base_url())
        .build()
        .expect("client");
    push("credentials refused", wrong_key.workareas().await.map(drop));
    push(
        "person",
        client
            .create(
                &DynamicRecord::person(Role::User)
                    .set("first_name", "Al")
                    .set("mobile", "1"),
            )
            .await
            .map(drop),
    );
    push(
        "partly saved",
        client
            .create(
                &DynamicRecord::person(Role::User)
                    .set("first_name", "Al")
                    .set("Membership number", "X-1"),
            )
            .await
            .map(drop),
    );
    push(
        "unknown attendee",
        client
            .create(
                &DynamicRecord::referral()
                    .set("attendee", ProfileRef::id(999_999))
                    .set("reason", "Nobody"),
            )
            .await
            .map(drop),
    );
    push(
        "decode",
        client.work_record_as::<Vec<u64>>(30936).await.map(drop),
    );
    push(
        "read refused",
        client.orgs(Role::Staff).send().await.map(drop),
    );

    let kinds: Vec<&str> = errors
        .iter()
        .map(|(_, err)| match err {
            Error::Api { .. } => "api",
            Error::PartlySaved { .. } => "partly saved",
            Error::Http { .. } => "http",
            Error::Transport { .. } => "transport",
            Error::Timeout { .. } => "timeout",
            Error::Decode { .. } => "decode",
            Error::TooLarge { .. } => "too large",
            Error::Encode(_) => "encode",
            Error::Configuration { .. } => "configuration",
            _ => "other",
        })
        .collect();
    for kind in [
        "api",
        "partly saved",
        "http",
        "transport",
        "timeout",
        "decode",
        "too large",
        "encode",
        "configuration",
    ] {
        assert!(
            kinds.contains(&kind),
            "no {kind} error was checked: {kinds:?}"
        );
    }
    for (context, err) in &errors {
        assert_clean(key, context, &shown(err));
    }
    // Messages with the key inside their words arrive whole.
    let message = |context: &str| {
        errors
            .iter()
            .find(|(c, _)| *c == context)
            .map(|(_, err)| err.to_string())
            .unwrap_or_default()
    };
    assert!(
        message("api").contains(": Work record 30940 is not published [HTTP 403]"),
        "{}",
        message("api")
    );
    assert!(
        message("unknown attendee").contains(
            ": The attendee '999999' matches no profile; create it with people/add first"
        ),
        "{}",
        message("unknown attendee")
    );
    assert_clean(key, "the client's Debug", &format!("{client:?}"));
    assert_clean(
        key,
        "the credentials' Debug",
        &format!("{:?}", Credentials::new(1, 1, key)),
    );
    drop(guard);
    let text = logs.text();
    assert!(
        text.contains("lamplight_request"),
        "spans are logged: {text}"
    );
    // Each request's span names the endpoint and records its status, attempts and duration.
    for field in [
        "endpoint=\"workarea/all\"",
        "status=503",
        "attempts=4",
        "duration_ms=",
        "retrying",
    ] {
        assert!(text.contains(field), "no {field} in the logs: {text}");
    }
    assert_clean(key, "the trace-level logs", &text);
    let facade = facade.0.lock().map(|text| text.clone()).unwrap_or_default();
    assert!(
        facade.contains("starting new connection"),
        "reqwest's logs are captured: {facade}"
    );
    assert_clean(key, "reqwest's logs", &facade);
}

#[tokio::test(flavor = "current_thread")]
async fn a_long_key_never_leaks() {
    the_key_never_leaks(CANARY).await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_one_letter_key_never_leaks_and_words_stay_whole() {
    the_key_never_leaks("k").await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_key_inside_common_words_never_leaks_and_words_stay_whole() {
    // "ate" is in "create", "date" and "update"; "ork" in "Work" and "network".
    the_key_never_leaks("ate").await;
    the_key_never_leaks("ork").await;
}

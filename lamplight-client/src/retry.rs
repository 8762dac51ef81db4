//! Retries, in one place: the policy, the classification of each reply, and the loop.
//!
//! An attempt ends in a reply (status, headers, body) or in a transport failure that says
//! whether the request was sent. [`classify`] turns a reply into the value or the [`Error`],
//! [`decide`] says from that error and the kind of request whether to try again, and [`run`]
//! loops, waiting as the policy and the server's `Retry-After` say. The first two are pure
//! functions, tested as a table below.

use std::future::Future;
use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use lamplight_core::ErrorCode;
use lamplight_core::response::{Created, ServerError};
use reqwest::header::HeaderValue;
use serde::Deserialize;
use serde_json::Value;

use crate::Error;
use crate::redact::excerpt;

/// How the client retries: exponential backoff with jitter, honouring `Retry-After`.
///
/// Reads are retried on transport errors, timeouts and HTTP 429, 502, 503 and 504. Lamplight's
/// writes have no idempotency key, so a write is retried only when it provably never reached
/// the server (the connection was refused or the name did not resolve); never after a timeout or
/// a 5xx, when it may already have been stored.
///
/// When the server sends `Retry-After`, the client waits at least that long; if it asks for
/// longer than [`max_retry_after`](Self::max_retry_after), the client gives up instead.
///
/// ```
/// use std::time::Duration;
/// use lamplight_client::RetryPolicy;
///
/// let patient = RetryPolicy::default().max_retries(5).max_delay(Duration::from_secs(30));
/// let never = RetryPolicy::none();
/// assert_eq!(never.retries(), 0);
/// # let _ = patient;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: usize,
    min_delay: Duration,
    max_delay: Duration,
    jitter: bool,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    /// Three retries, starting at 250 ms and doubling up to 10 s, with jitter; `Retry-After`
    /// honoured up to 60 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(10),
            jitter: true,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// Retry at most `retries` times after the first attempt.
    pub fn max_retries(mut self, retries: usize) -> Self {
        self.max_retries = retries;
        self
    }

    /// The delay before the first retry; it doubles on each one after.
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = delay;
        self
    }

    /// The longest delay between two attempts, before jitter.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Whether to add random jitter to each delay (on by default), so that many clients do not
    /// retry in step.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The longest `Retry-After` the client will wait for; asked to wait longer, it gives up.
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// How many retries this policy allows.
    pub fn retries(&self) -> usize {
        self.max_retries
    }

    /// The delays before each retry, before any `Retry-After` is taken into account.
    pub(crate) fn delays(&self) -> impl Iterator<Item = Duration> + Send {
        let mut builder = ExponentialBuilder::new()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay.max(self.min_delay))
            .with_max_times(self.max_retries);
        if self.jitter {
            builder = builder.with_jitter();
        }
        builder.build()
    }

    /// How long to wait before the next attempt, given the backoff's `delay` and the server's
    /// `Retry-After`; `None` when the server asks for more than the policy allows.
    pub(crate) fn wait(&self, delay: Duration, retry_after: Option<Duration>) -> Option<Duration> {
        match retry_after {
            Some(asked) if asked > self.max_retry_after => None,
            Some(asked) => Some(asked.max(delay)),
            None => Some(delay),
        }
    }
}

/// Whether a request is a read or a write: Lamplight's writes have no idempotency key, so a
/// write is tried again only when it provably never reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Call {
    Read,
    Write,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Try again, after at least `after` if the server said so.
    Retry { after: Option<Duration> },
    /// Give up: the error will not change, or a write may already be stored.
    Stop,
}

/// The HTTP statuses that say "try again later".
pub(crate) fn retryable_status(status: u16) -> bool {
    matches!(status, 429 | 502 | 503 | 504)
}

/// Whether a failed `call` may be tried again, and after how long at least.
///
/// Reads: transport failures, timeouts, and HTTP 429, 502, 503 and 504. Writes: only a
/// failure before any connection was made, since anything later may have stored them.
pub(crate) fn decide(call: Call, error: &Error) -> Decision {
    let retry = Decision::Retry { after: None };
    match (call, error) {
        (_, Error::Transport { connect: true, .. }) => retry,
        (Call::Write, _) => Decision::Stop,
        (Call::Read, Error::Transport { .. } | Error::Timeout { .. }) => retry,
        (
            Call::Read,
            Error::Http {
                status,
                retry_after,
                ..
            },
        ) if retryable_status(*status) => Decision::Retry {
            after: *retry_after,
        },
        (Call::Read, Error::Api { status, .. }) if retryable_status(*status) => retry,
        _ => Decision::Stop,
    }
}

/// Reads a `Retry-After` value: a number of seconds, or an HTTP date (a date already past
/// means no wait).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// What a whole reply means: its JSON, or the error it carries. `retry_after` is the reply's
/// `Retry-After` header, read with `now` when it is a date; `key` is blanked out of any text
/// quoted from the body.
///
/// A Lamplight error in the body wins over the status, since Lamplight sometimes sends errors
/// with HTTP 200; `{"error": 503}` with HTTP 503 names the status, not a Lamplight code, and
/// comes from the machinery in front of Lamplight.
pub(crate) fn classify(
    status: u16,
    retry_after: Option<&HeaderValue>,
    body: &[u8],
    now: SystemTime,
    key: &str,
) -> Result<Value, Error> {
    let http = || Error::Http {
        status,
        excerpt: excerpt(&String::from_utf8_lossy(body), key),
        retry_after: retry_after
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, now)),
    };
    let parsed = serde_json::from_slice::<Value>(body);
    if let Some(server) = parsed.as_ref().ok().and_then(ServerError::from_value) {
        if server.code == ErrorCode::Unknown(i64::from(status)) {
            return Err(http());
        }
        let message = lamplight_core::redact(&server.message, Some(key));
        // 1058 means the record was saved without some custom fields: keep its id, so the
        // caller knows it exists and does not send it again.
        let saved = (server.code == ErrorCode::CustomFieldsNotSaved)
            .then(|| parsed.as_ref().ok())
            .flatten()
            .and_then(|value| Created::deserialize(value).ok());
        return Err(match saved {
            Some(Created { id }) => Error::PartlySaved {
                id,
                code: server.code,
                message,
            },
            None => Error::Api {
                code: server.code,
                message,
                status,
            },
        });
    }
    if !(200..300).contains(&status) {
        return Err(http());
    }
    parsed.map_err(|err| Error::Decode {
        message: format!("the reply is not JSON ({err})"),
        excerpt: excerpt(&String::from_utf8_lossy(body), key),
    })
}

/// Runs `attempt` until it succeeds or [`decide`] and the policy say to stop. Returns the
/// outcome and the number of attempts made.
pub(crate) async fn run<F, Fut>(
    policy: &RetryPolicy,
    call: Call,
    mut attempt: F,
) -> (Result<Value, Error>, u32)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Value, Error>>,
{
    // Built at the first failure: most requests succeed at once and never need it.
    let mut delays = None;
    let mut attempts = 1u32;
    loop {
        let error = match attempt().await {
            Ok(value) => return (Ok(value), attempts),
            Err(error) => error,
        };
        let wait = match decide(call, &error) {
            Decision::Retry { after } => delays
                .get_or_insert_with(|| policy.delays())
                .next()
                .and_then(|delay| policy.wait(delay, after)),
            Decision::Stop => None,
        };
        let Some(wait) = wait else {
            return (Err(error), attempts);
        };
        tracing::warn!(
            attempt = attempts,
            wait_ms = wait.as_millis() as u64,
            error = %error,
            "lamplight request failed; retrying"
        );
        tokio::time::sleep(wait).await;
        attempts += 1;
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use reqwest::header::{HeaderMap, RETRY_AFTER};

    use super::*;

    const KEY: &str = "k";

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    }

    fn headers(retry_after: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(
                RETRY_AFTER,
                HeaderValue::from_str(value).expect("a header value"),
            );
        }
        headers
    }

    /// A short name for what a reply became, for the table.
    fn kind(outcome: &Result<Value, Error>) -> String {
        match outcome {
            Ok(_) => "ok".into(),
            Err(Error::Api { code, status, .. }) => format!("api {} {status}", code.number()),
            Err(Error::PartlySaved { code, .. }) => format!("partly saved {}", code.number()),
            Err(Error::Http { status, .. }) => format!("http {status}"),
            Err(Error::Decode { .. }) => "decode".into(),
            Err(other) => format!("other {other:?}"),
        }
    }

    /// Status, `Retry-After`, body; what the reply becomes; the decision for a read and for a
    /// write.
    type Row<'a> = (u16, Option<&'a str>, &'a str, &'a str, Decision, Decision);

    #[test]
    fn replies_classify_as_the_table_says() {
        let secs = |n| Some(Duration::from_secs(n));
        let in_30s = httpdate::fmt_http_date(now() + Duration::from_secs(30));
        let past = httpdate::fmt_http_date(now() - Duration::from_secs(30));
        let html = "<html><body>Bad gateway</body></html>";
        let retry = |after| Decision::Retry { after };
        let stop = Decision::Stop;
        #[rustfmt::skip]
        let table: Vec<Row<'_>> = vec![
            // status, Retry-After, body => kind, read, write
            (200, None, r#"{"data": []}"#, "ok", stop, stop),
            (200, None, r#"{"error": 1040, "msg": "Referral data provided was not valid"}"#, "api 1040 200", stop, stop),
            (200, None, r#"{"error": "1007", "msg": "x"}"#, "api 1007 200", stop, stop),
            (200, None, r#"{"error": 1058, "data": {"id": 9}}"#, "partly saved 1058", stop, stop),
            (200, None, r#"{"error": 1058}"#, "api 1058 200", stop, stop),
            (200, None, html, "decode", stop, stop),
            (200, None, r#"{"data": ["#, "decode", stop, stop),
            (200, None, "", "decode", stop, stop),
            (400, None, r#"{"error": 1040}"#, "api 1040 400", stop, stop),
            (403, None, r#"{"error": 1006}"#, "api 1006 403", stop, stop),
            (429, Some("7"), r#"{"error": 429, "msg": "Slow down"}"#, "http 429", retry(secs(7)), stop),
            (429, None, "", "http 429", retry(None), stop),
            (500, None, r#"{"error": 500}"#, "http 500", stop, stop),
            (500, None, html, "http 500", stop, stop),
            (502, None, html, "http 502", retry(None), stop),
            (503, Some(&in_30s), html, "http 503", retry(secs(30)), stop),
            (503, Some(&past), html, "http 503", retry(secs(0)), stop),
            (503, Some("soon"), html, "http 503", retry(None), stop),
            (504, None, "", "http 504", retry(None), stop),
            (503, None, r#"{"error": 1040}"#, "api 1040 503", retry(None), stop),
            (404, None, html, "http 404", stop, stop),
        ];
        for (status, retry_after, body, expected, read, write) in table {
            let row = format!("{status} {retry_after:?} {body}");
            let outcome = classify(
                status,
                headers(retry_after).get(RETRY_AFTER),
                body.as_bytes(),
                now(),
                KEY,
            );
            assert_eq!(kind(&outcome), expected, "{row}");
            let error = outcome.err();
            let decided = |call| error.as_ref().map_or(Decision::Stop, |e| decide(call, e));
            assert_eq!(decided(Call::Read), read, "read: {row}");
            assert_eq!(decided(Call::Write), write, "write: {row}");
        }
    }

    #[test]
    fn failures_without_a_reply_depend_on_whether_the_request_left() {
        let transport = |connect| Error::Transport {
            connect,
            source: "refused".into(),
        };
        let timeout = Error::Timeout {
            after: Duration::from_secs(1),
        };
        let retry = Decision::Retry { after: None };
        #[rustfmt::skip]
        let table = [
            // Never sent: safe to send again, even a write.
            (transport(true), retry, retry),
            // Sent, then the connection failed or the reply was lost: a write may be stored.
            (transport(false), retry, Decision::Stop),
            (timeout, retry, Decision::Stop),
            (Error::TooLarge { limit: 1 }, Decision::Stop, Decision::Stop),
        ];
        for (error, read, write) in table {
            assert_eq!(decide(Call::Read, &error), read, "{error:?}");
            assert_eq!(decide(Call::Write, &error), write, "{error:?}");
        }
    }

    #[test]
    fn quoted_text_never_holds_the_key() {
        let body = r#"{"error": 1040, "msg": "bad key k in 'like'"}"#;
        let outcome = classify(400, None, body.as_bytes(), now(), KEY);
        match outcome {
            Err(Error::Api { message, .. }) => assert_eq!(message, "bad key [redacted] in 'like'"),
            other => panic!("{other:?}"),
        }
        let outcome = classify(502, None, b"<p>k</p> like", now(), KEY);
        match outcome {
            Err(Error::Http { excerpt, .. }) => assert_eq!(excerpt, "<p>[redacted]</p> like"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn retry_after_in_both_forms() {
        let now = now();
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn waits_honour_retry_after_within_the_cap() {
        let policy = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        let ms = Duration::from_millis;
        assert_eq!(policy.wait(ms(100), None), Some(ms(100)));
        assert_eq!(policy.wait(ms(100), Some(ms(2000))), Some(ms(2000)));
        assert_eq!(policy.wait(ms(3000), Some(ms(2000))), Some(ms(3000)));
        assert_eq!(policy.wait(ms(100), Some(Duration::from_secs(6))), None);
    }

    #[test]
    fn delays_are_bounded_and_counted() {
        let policy = RetryPolicy::default()
            .max_retries(4)
            .min_delay(Duration::from_millis(10))
            .max_delay(Duration::from_millis(40))
            .jitter(false);
        let delays: Vec<_> = policy.delays().collect();
        assert_eq!(delays.len(), 4);
        assert!(delays.iter().all(|d| *d <= Duration::from_millis(40)));
        assert_eq!(delays[0], Duration::from_millis(10));
        assert_eq!(RetryPolicy::none().delays().count(), 0);
    }

    fn busy(after: Option<Duration>) -> Error {
        Error::Http {
            status: 503,
            excerpt: String::new(),
            retry_after: after,
        }
    }

    /// Runs the loop on paused time against attempts that fail with `errors` in turn and
    /// then succeed; returns the outcome, the attempts, and the virtual time it took.
    async fn run_paused(
        policy: RetryPolicy,
        call: Call,
        errors: Vec<Error>,
    ) -> (Result<Value, Error>, u32, Duration) {
        let errors = std::sync::Mutex::new(errors.into_iter());
        let calls = AtomicU32::new(0);
        let started = tokio::time::Instant::now();
        let (outcome, attempts) = run(&policy, call, || {
            calls.fetch_add(1, Ordering::SeqCst);
            let next = errors.lock().ok().and_then(|mut errors| errors.next());
            async move { next.map_or(Ok(Value::Null), Err) }
        })
        .await;
        assert_eq!(calls.load(Ordering::SeqCst), attempts);
        (outcome, attempts, started.elapsed())
    }

    fn exact(retries: usize) -> RetryPolicy {
        RetryPolicy::default()
            .max_retries(retries)
            .min_delay(Duration::from_millis(100))
            .max_delay(Duration::from_secs(1))
            .jitter(false)
    }

    #[tokio::test(start_paused = true)]
    async fn the_loop_waits_for_retry_after_and_the_backoff() {
        let secs = Duration::from_secs;
        // Retry-After 7 s, then the backoff's 200 ms.
        let (outcome, attempts, took) =
            run_paused(exact(3), Call::Read, vec![busy(Some(secs(7))), busy(None)]).await;
        assert!(outcome.is_ok());
        assert_eq!(attempts, 3);
        assert_waited(took, secs(7) + Duration::from_millis(200));
        // A Retry-After shorter than the backoff waits for the backoff.
        let (_, _, took) = run_paused(exact(3), Call::Read, vec![busy(Some(secs(0)))]).await;
        assert_waited(took, Duration::from_millis(100));
    }

    /// Virtual time: the timer rounds each sleep up to its next millisecond tick.
    fn assert_waited(took: Duration, expected: Duration) {
        assert!(
            took >= expected && took <= expected + Duration::from_millis(5),
            "waited {took:?}, expected {expected:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_loop_stops_where_it_must() {
        let secs = Duration::from_secs;
        // Out of retries: the first attempt and three more.
        let failing = (0..10).map(|_| busy(None)).collect();
        let (outcome, attempts, _) = run_paused(exact(3), Call::Read, failing).await;
        assert!(matches!(outcome, Err(Error::Http { status: 503, .. })));
        assert_eq!(attempts, 4);
        // Asked to wait longer than the policy allows: no wait, no retry.
        let policy = exact(3).max_retry_after(secs(60));
        let (_, attempts, took) = run_paused(policy, Call::Read, vec![busy(Some(secs(61)))]).await;
        assert_eq!((attempts, took), (1, Duration::ZERO));
        // A write that reached the server is never sent again.
        let (_, attempts, _) = run_paused(exact(3), Call::Write, vec![busy(None)]).await;
        assert_eq!(attempts, 1);
        // A write refused before any connection is.
        let refused = || Error::Transport {
            connect: true,
            source: "refused".into(),
        };
        let (outcome, attempts, _) =
            run_paused(exact(3), Call::Write, vec![refused(), refused()]).await;
        assert!(outcome.is_ok());
        assert_eq!(attempts, 3);
    }
}

//! When and how often a failed request is tried again.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};

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

/// Reads a `Retry-After` header: a number of seconds, or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_both_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
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
}

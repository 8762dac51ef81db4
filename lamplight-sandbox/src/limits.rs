//! The limits a full or busy server imposes: the body size, the request rate, and (in
//! `http.rs`, where the endpoint is known) the number of stored records.

use std::sync::Mutex;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::Request;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::Response;

use crate::http::json_response;
use crate::reply::Reply;
use crate::state::{AppState, lock};

/// The body limit: reads the body, up to [`crate::Config::max_body_bytes`], before the
/// handler runs; a larger body gets HTTP 413 with a JSON error.
pub(crate) async fn read_body(
    app: &AppState,
    request: Request,
) -> Result<(Parts, Bytes), Response> {
    let limit = app.config.max_body_bytes;
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(body) => Ok((parts, body)),
        Err(_) => Err(json_response(&Reply::http(
            413,
            format!("The request body is larger than {limit} bytes"),
        ))),
    }
}

/// The rate limit: above [`crate::Config::rate_limit`] requests per second, HTTP 429 with
/// `Retry-After` and a JSON error, and nothing processed.
pub(crate) fn refuse_over_rate(app: &AppState) -> Option<Response> {
    if let Some(limiter) = &app.rate_limiter
        && let Err(retry_after) = limiter.admit(Instant::now())
    {
        let reply = Reply::http(
            429,
            format!(
                "Too many requests: the server takes at most {} requests a second",
                limiter.per_second
            ),
        );
        let mut response = json_response(&reply);
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        return Some(response);
    }
    None
}

/// A token bucket: `per_second` tokens a second, holding at most one second's worth (and at
/// least one token), so a burst of up to a second's requests passes at once.
pub(crate) struct RateLimiter {
    per_second: f64,
    capacity: f64,
    bucket: Mutex<Bucket>,
}

struct Bucket {
    tokens: f64,
    filled_at: Option<Instant>,
}

impl RateLimiter {
    /// A limiter for a checked, positive rate.
    pub(crate) fn new(per_second: f64) -> RateLimiter {
        let capacity = per_second.max(1.0);
        RateLimiter {
            per_second,
            capacity,
            bucket: Mutex::new(Bucket {
                tokens: capacity,
                filled_at: None,
            }),
        }
    }

    /// Takes a token for a request arriving at `now`, or says in how many whole seconds
    /// (at least one) the next token comes.
    pub(crate) fn admit(&self, now: Instant) -> Result<(), u64> {
        let mut bucket = lock(&self.bucket);
        let filled_at = bucket.filled_at.map_or(now, |at| at.max(now));
        if let Some(previous) = bucket.filled_at {
            let earned = filled_at.duration_since(previous).as_secs_f64() * self.per_second;
            bucket.tokens = (bucket.tokens + earned).min(self.capacity);
        }
        bucket.filled_at = Some(filled_at);
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            return Ok(());
        }
        let wait = (1.0 - bucket.tokens) / self.per_second;
        // Bounded before the cast: a rate of 1e-300 must not wrap.
        Err(wait.ceil().clamp(1.0, 1e12) as u64)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_second_of_requests_passes_then_the_rest_wait() {
        let start = Instant::now();
        let limiter = RateLimiter::new(3.0);
        for _ in 0..3 {
            assert_eq!(limiter.admit(start), Ok(()));
        }
        assert_eq!(limiter.admit(start), Err(1));
        // A third of a second earns one token back.
        let later = start + Duration::from_millis(334);
        assert_eq!(limiter.admit(later), Ok(()));
        assert_eq!(limiter.admit(later), Err(1));
        // Idle time fills the bucket, but never past one second's worth.
        let much_later = start + Duration::from_secs(60);
        for _ in 0..3 {
            assert_eq!(limiter.admit(much_later), Ok(()));
        }
        assert!(limiter.admit(much_later).is_err());
    }

    #[test]
    fn a_slow_rate_says_how_long_to_wait() {
        let start = Instant::now();
        let limiter = RateLimiter::new(0.1);
        assert_eq!(limiter.admit(start), Ok(()), "one token to start with");
        assert_eq!(limiter.admit(start), Err(10));
        assert_eq!(limiter.admit(start + Duration::from_secs(5)), Err(5));
        assert_eq!(limiter.admit(start + Duration::from_secs(10)), Ok(()));
        let tiny = RateLimiter::new(1e-300);
        assert_eq!(tiny.admit(start), Ok(()));
        assert_eq!(tiny.admit(start), Err(1_000_000_000_000));
    }

    #[test]
    fn a_clock_that_goes_back_earns_nothing() {
        let start = Instant::now() + Duration::from_secs(5);
        let limiter = RateLimiter::new(1.0);
        assert_eq!(limiter.admit(start), Ok(()));
        assert_eq!(limiter.admit(start - Duration::from_secs(5)), Err(1));
    }
}

//! How many rows an import has in flight: a fixed number, or (with `--concurrency auto`) a
//! limit that adapts to the server, additive increase and multiplicative decrease (AIMD).
//!
//! - Auto starts at [`AUTO_START`] rows in flight. After each window of successes (as many
//!   replies as the limit), it adds one slot if the window's mean latency stayed flat.
//! - An HTTP 429 or 503 halves the limit, once per window: every reply to the requests of a
//!   burst says the same thing, and one halving is the answer to all of them. So does a
//!   window whose latency rose well above the quickest window seen.
//! - A `Retry-After` holds every new request, in either mode, until it has passed.
//!
//! The slots are a fair (first come, first served) semaphore, so rows go out in file order.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::cli::Concurrency;

/// Where `--concurrency auto` starts: the default fixed concurrency.
pub(super) const AUTO_START: usize = 4;

/// How long to hold new requests after a 429 or 503 without a `Retry-After`.
const DEFAULT_PAUSE: Duration = Duration::from_millis(250);

/// A window's latency counts as flat up to this factor of the baseline (plus [`SLACK`]), and
/// as rising above twice the baseline (plus [`SLACK`] again).
const FLAT: f64 = 1.25;
/// Latency differences below this are noise on a busy client machine, not a queue at the
/// server: a millisecond more on a sub-millisecond baseline is no reason to back off.
const SLACK: Duration = Duration::from_millis(2);

/// What an import reports about its concurrency.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct ThrottleReport {
    /// Whether the limit adapted (`--concurrency auto`).
    pub(super) auto: bool,
    /// The limit at the end.
    pub(super) limit: usize,
    /// The time requests were in flight, summed, from the first request to the last reply.
    pub(super) busy_time: Duration,
    /// From the first request to the last reply.
    pub(super) elapsed: Duration,
    /// Requests answered (refusals included).
    pub(super) replies: u64,
    /// The lowest and highest limits of the run.
    pub(super) lowest: usize,
    pub(super) highest: usize,
    /// Replies of HTTP 429 and 503: the server refused the row, which was sent again.
    pub(super) busy_replies: u64,
    /// How many times the limit was halved, for busy replies or rising latency.
    pub(super) decreases: u64,
}

struct State {
    auto: bool,
    ceiling: usize,
    /// The limit the semaphore is brought to: permits beyond it are forgotten as they return.
    target: usize,
    /// Permits that exist: in the semaphore or held by a row.
    permits: usize,
    /// Incremented on each decrease; a reply to a request sent before the last decrease does
    /// not decrease the limit again.
    epoch: u64,
    paused_until: Option<Instant>,
    window_count: usize,
    window_total: Duration,
    baseline: Option<Duration>,
    first_sent: Option<Instant>,
    report: ThrottleReport,
}

/// The shared limit on rows in flight.
#[derive(Clone)]
pub(super) struct Throttle {
    semaphore: Arc<Semaphore>,
    state: Arc<Mutex<State>>,
}

/// One row's slot, held from before its `started` line is journalled until its reply.
pub(super) struct Slot {
    permit: Option<OwnedSemaphorePermit>,
    throttle: Throttle,
    epoch: u64,
    sent_at: Instant,
}

/// What a reply says about the server's load.
pub(super) enum Signal {
    /// A reply from Lamplight, stored or refused for a reason of the row's own.
    Replied,
    /// HTTP 429 or 503: the server refused the row because it is busy.
    Busy(Option<Duration>),
    /// No reply (a timeout, a lost connection): says nothing about the rate.
    Nothing,
}

impl Throttle {
    /// A throttle for `concurrency`.
    pub(super) fn new(concurrency: Concurrency) -> Throttle {
        let (auto, start) = match concurrency {
            Concurrency::Fixed(n) => (false, usize::from(n.max(1))),
            Concurrency::Auto => (true, AUTO_START),
        };
        Throttle {
            semaphore: Arc::new(Semaphore::new(start)),
            state: Arc::new(Mutex::new(State {
                auto,
                ceiling: usize::from(concurrency.ceiling()),
                target: start,
                permits: start,
                epoch: 0,
                paused_until: None,
                window_count: 0,
                window_total: Duration::ZERO,
                baseline: None,
                first_sent: None,
                report: ThrottleReport {
                    auto,
                    limit: start,
                    lowest: start,
                    highest: start,
                    ..ThrottleReport::default()
                },
            })),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for a slot, in turn, and then for any `Retry-After` to pass.
    pub(super) async fn acquire(&self) -> Slot {
        // The semaphore is never closed, so an error cannot happen; a row without a permit
        // would only go over the limit, never be lost.
        let permit = Arc::clone(&self.semaphore).acquire_owned().await.ok();
        loop {
            let paused = self.state().paused_until;
            match paused {
                Some(until) if until > Instant::now() => tokio::time::sleep_until(until).await,
                _ => break,
            }
        }
        let epoch = self.state().epoch;
        Slot {
            permit,
            throttle: self.clone(),
            epoch,
            sent_at: Instant::now(),
        }
    }

    /// What the run's concurrency came to.
    pub(super) fn report(&self) -> ThrottleReport {
        self.state().report
    }

    fn finish(
        &self,
        permit: Option<OwnedSemaphorePermit>,
        epoch: u64,
        latency: Duration,
        signal: Signal,
    ) {
        let mut state = self.state();
        if !matches!(signal, Signal::Nothing) || latency > Duration::ZERO {
            let now = Instant::now();
            let first = *state.first_sent.get_or_insert(now - latency);
            state.report.elapsed = now.saturating_duration_since(first);
            state.report.busy_time += latency;
            state.report.replies += 1;
        }
        match signal {
            Signal::Busy(retry_after) => {
                state.report.busy_replies += 1;
                let until = Instant::now() + retry_after.unwrap_or(DEFAULT_PAUSE);
                state.paused_until = Some(state.paused_until.map_or(until, |at| at.max(until)));
                if state.auto && epoch == state.epoch {
                    state.decrease();
                }
            }
            Signal::Replied if state.auto => state.observe(latency, epoch),
            Signal::Replied | Signal::Nothing => {}
        }
        // Bring the number of permits to the target: forget this one if there are too many,
        // add the missing ones if the target grew.
        match permit {
            Some(permit) if state.permits > state.target => {
                permit.forget();
                state.permits -= 1;
            }
            permit => drop(permit),
        }
        if state.permits < state.target {
            self.semaphore.add_permits(state.target - state.permits);
            state.permits = state.target;
        }
    }
}

impl State {
    fn decrease(&mut self) {
        self.target = (self.target / 2).max(1);
        self.epoch += 1;
        self.window_count = 0;
        self.window_total = Duration::ZERO;
        self.report.decreases += 1;
        self.record();
    }

    fn observe(&mut self, latency: Duration, epoch: u64) {
        if epoch != self.epoch {
            // Sent under a larger limit: its latency says nothing about this one.
            return;
        }
        self.window_count += 1;
        self.window_total += latency;
        if self.window_count < self.target {
            return;
        }
        let count = u32::try_from(self.window_count).unwrap_or(u32::MAX);
        let mean = self.window_total / count.max(1);
        self.window_count = 0;
        self.window_total = Duration::ZERO;
        let baseline = match self.baseline {
            Some(baseline) if baseline <= mean => {
                // Creep towards the present, so that a server that became slower for good is
                // not taken for one under load forever.
                let baseline = baseline + (mean - baseline) / 16;
                self.baseline = Some(baseline);
                baseline
            }
            _ => {
                self.baseline = Some(mean);
                mean
            }
        };
        if mean > baseline.mul_f64(2.0) + SLACK {
            self.decrease();
        } else if mean <= baseline.mul_f64(FLAT) + SLACK && self.target < self.ceiling {
            self.target += 1;
            self.record();
        }
    }

    fn record(&mut self) {
        self.report.limit = self.target;
        self.report.lowest = self.report.lowest.min(self.target);
        self.report.highest = self.report.highest.max(self.target);
    }
}

impl ThrottleReport {
    /// The mean number of requests in flight (Little's law: their summed time over the
    /// elapsed time): what the import settled on, pauses for `Retry-After` included.
    pub(super) fn settled(&self) -> f64 {
        let elapsed = self.elapsed.as_secs_f64();
        if elapsed > 0.0 {
            self.busy_time.as_secs_f64() / elapsed
        } else {
            0.0
        }
    }

    /// Replies a second, from the first request to the last reply.
    pub(super) fn replies_per_second(&self) -> f64 {
        let elapsed = self.elapsed.as_secs_f64();
        if elapsed > 0.0 {
            self.replies as f64 / elapsed
        } else {
            0.0
        }
    }
}

impl Slot {
    /// Hands the slot back, saying what the reply said about the server.
    pub(super) fn finish(mut self, signal: Signal) {
        let latency = self.sent_at.elapsed();
        let permit = self.permit.take();
        self.throttle.finish(permit, self.epoch, latency, signal);
    }

    /// Restarts the latency clock: the request goes out now, after the journal's line.
    pub(super) fn sending(&mut self) {
        self.sent_at = Instant::now();
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Some(permit) = self.permit.take() {
            self.throttle
                .finish(Some(permit), self.epoch, Duration::ZERO, Signal::Nothing);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replies(throttle: &Throttle, n: usize, latency: Duration) {
        for _ in 0..n {
            let epoch = throttle.state().epoch;
            throttle.finish(None, epoch, latency, Signal::Replied);
        }
    }

    #[test]
    fn auto_grows_by_one_a_window_while_latency_is_flat() {
        let throttle = Throttle::new(Concurrency::Auto);
        let ms = Duration::from_millis(20);
        replies(&throttle, 4, ms);
        assert_eq!(throttle.report().limit, 5);
        replies(&throttle, 4, ms);
        assert_eq!(
            throttle.report().limit,
            5,
            "a window is as long as the limit"
        );
        replies(&throttle, 1, ms);
        assert_eq!(throttle.report().limit, 6);
    }

    #[test]
    fn busy_replies_halve_once_per_window_and_rising_latency_halves() {
        let throttle = Throttle::new(Concurrency::Auto);
        let ms = Duration::from_millis(20);
        for _ in 0..12 {
            replies(&throttle, throttle.report().limit, ms);
        }
        assert_eq!(throttle.report().limit, 16);
        let epoch = throttle.state().epoch;
        for _ in 0..5 {
            throttle.finish(None, epoch, ms, Signal::Busy(Some(Duration::ZERO)));
        }
        let report = throttle.report();
        assert_eq!(
            (report.limit, report.busy_replies, report.decreases),
            (8, 5, 1)
        );
        replies(&throttle, 8, ms * 3);
        assert_eq!(throttle.report().limit, 4, "latency tripled");
        assert_eq!(throttle.report().lowest, 4);
        assert_eq!(throttle.report().highest, 16);
    }

    #[test]
    fn a_fixed_limit_never_moves_but_counts_busy_replies() {
        let throttle = Throttle::new(Concurrency::Fixed(8));
        replies(&throttle, 100, Duration::from_millis(1));
        let epoch = throttle.state().epoch;
        throttle.finish(None, epoch, Duration::ZERO, Signal::Busy(None));
        let report = throttle.report();
        assert_eq!(
            (report.limit, report.busy_replies, report.auto),
            (8, 1, false)
        );
    }

    #[tokio::test]
    async fn the_semaphore_follows_the_target() {
        let throttle = Throttle::new(Concurrency::Auto);
        let mut slots = Vec::new();
        for _ in 0..AUTO_START {
            slots.push(throttle.acquire().await);
        }
        assert_eq!(throttle.semaphore.available_permits(), 0);
        let first = slots.remove(0);
        first.finish(Signal::Busy(Some(Duration::ZERO)));
        // Halved to 2 with 3 still held: none comes back until only one is held.
        assert_eq!(throttle.semaphore.available_permits(), 0);
        slots.remove(0).finish(Signal::Replied);
        assert_eq!(throttle.semaphore.available_permits(), 0);
        slots.remove(0).finish(Signal::Replied);
        assert_eq!(throttle.semaphore.available_permits(), 1);
    }
}

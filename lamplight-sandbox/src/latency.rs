//! The added latency, kept to the configured milliseconds.
//!
//! Tokio's timer wheel has a resolution of one millisecond and rounds every sleep up to the
//! next tick, and a little more: a 20 ms `tokio::time::sleep` answered in about 21.8 ms, so
//! an import measured against `--latency-ms 20` was held back 9% more than asked. Here one
//! thread per process keeps the deadlines of every held request in a heap and sleeps on a
//! condition variable until the earliest, which the kernel wakes within tens of
//! microseconds; it then wakes the request's task through a oneshot channel. The thread is
//! started the first time a sandbox with latency holds a request back, and waits without
//! spinning.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Condvar, Mutex, OnceLock, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

/// Waits until `deadline`, and not a moment before it.
pub(crate) async fn wait_until(deadline: Instant) {
    if let Some(timer) = timer() {
        let (wake, woken) = oneshot::channel();
        timer.add(deadline, wake);
        if woken.await.is_ok() {
            return;
        }
    }
    // No timer thread (it could not be started): tokio's coarser timer still keeps the lower
    // bound.
    tokio::time::sleep_until(deadline.into()).await;
}

/// Waits for `latency` from now: the request's arrival, when called first thing.
pub(crate) async fn hold(latency: Duration) {
    match Instant::now().checked_add(latency) {
        Some(deadline) => wait_until(deadline).await,
        None => tokio::time::sleep(latency).await,
    }
}

fn timer() -> Option<&'static Timer> {
    static TIMER: OnceLock<Option<Timer>> = OnceLock::new();
    TIMER.get_or_init(Timer::start).as_ref()
}

struct Timer {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    waiting: Mutex<BinaryHeap<Reverse<Waiting>>>,
    changed: Condvar,
}

/// A held request: when to wake it, and how. `order` breaks ties between equal deadlines.
struct Waiting {
    deadline: Instant,
    order: u64,
    wake: oneshot::Sender<()>,
}

impl PartialEq for Waiting {
    fn eq(&self, other: &Self) -> bool {
        (self.deadline, self.order) == (other.deadline, other.order)
    }
}

impl Eq for Waiting {}

impl PartialOrd for Waiting {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Waiting {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.deadline, self.order).cmp(&(other.deadline, other.order))
    }
}

impl Timer {
    fn start() -> Option<Timer> {
        let shared = Arc::new(Shared::default());
        let thread_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name("lamplight-sandbox-latency".to_owned())
            // The loop keeps a few locals; the default 2 MiB would be reserved for nothing.
            .stack_size(64 * 1024)
            .spawn(move || run(&thread_shared));
        match spawned {
            Ok(_) => Some(Timer { shared }),
            Err(error) => {
                tracing::warn!(%error, "no latency timer thread; falling back to tokio's timer");
                None
            }
        }
    }

    fn add(&self, deadline: Instant, wake: oneshot::Sender<()>) {
        static ORDER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let order = ORDER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let mut waiting = self
            .shared
            .waiting
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        // Only a new earliest deadline changes how long the thread must sleep.
        let earliest = waiting
            .peek()
            .is_none_or(|Reverse(first)| deadline < first.deadline);
        waiting.push(Reverse(Waiting {
            deadline,
            order,
            wake,
        }));
        drop(waiting);
        if earliest {
            self.shared.changed.notify_one();
        }
    }
}

/// The timer thread: wakes every request whose deadline has passed, then sleeps until the next.
fn run(shared: &Shared) {
    let mut due = Vec::new();
    let mut waiting = shared
        .waiting
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    loop {
        let now = Instant::now();
        while waiting
            .peek()
            .is_some_and(|Reverse(first)| first.deadline <= now)
        {
            if let Some(Reverse(first)) = waiting.pop() {
                due.push(first.wake);
            }
        }
        if !due.is_empty() {
            // Woken outside the lock, so that new requests are not kept waiting on it.
            drop(waiting);
            for wake in due.drain(..) {
                // The request is gone when its client hung up; nothing to wake then.
                let _ = wake.send(());
            }
            waiting = shared
                .waiting
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            continue;
        }
        waiting = match waiting.peek() {
            None => shared
                .changed
                .wait(waiting)
                .unwrap_or_else(PoisonError::into_inner),
            Some(Reverse(first)) => {
                let wait = first.deadline.saturating_duration_since(now);
                shared
                    .changed
                    .wait_timeout(waiting, wait)
                    .unwrap_or_else(PoisonError::into_inner)
                    .0
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::{Config, Sandbox};

    #[tokio::test(flavor = "current_thread")]
    async fn no_wait_ends_before_its_deadline() {
        let start = Instant::now();
        // Out of order, some equal, some already past: each must still wait for its own.
        let offsets = [30, 5, 20, 5, 0, 12, 1];
        let waits = offsets.map(|ms| {
            let deadline = start + Duration::from_millis(ms);
            async move {
                wait_until(deadline).await;
                (deadline, Instant::now())
            }
        });
        for (deadline, woken) in futures_util::future::join_all(waits).await {
            assert!(woken >= deadline, "woken {:?} early", deadline - woken);
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn waits_from_many_tasks_all_end() {
        let tasks: Vec<_> = (0..200u64)
            .map(|i| {
                tokio::spawn(async move {
                    let deadline = Instant::now() + Duration::from_millis(i % 7);
                    wait_until(deadline).await;
                    Instant::now() >= deadline
                })
            })
            .collect();
        for task in tasks {
            assert!(task.await.expect("the task ends"));
        }
    }

    /// The reply to an API request does not come before the configured latency has passed.
    #[tokio::test]
    async fn a_reply_comes_no_sooner_than_the_latency() {
        let mut config = Config::demo();
        config.latency_ms = 20;
        let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
        let credentials = sandbox.credentials();
        let url = format!(
            "{}workarea/all/format/json?lampid={}&project={}&key={}",
            sandbox.base_url(),
            credentials.lampid,
            credentials.project,
            credentials.key,
        );
        let http = reqwest::Client::new();
        for _ in 0..5 {
            let sent = Instant::now();
            let reply = http.get(&url).send().await.expect("a reply");
            let waited = sent.elapsed();
            assert_eq!(reply.status(), 200);
            assert!(
                waited >= Duration::from_millis(20),
                "answered after {waited:?}"
            );
        }
        sandbox.shutdown().await;
    }
}

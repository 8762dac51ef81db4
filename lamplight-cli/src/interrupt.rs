//! A request to stop, raised by whoever owns the process's signals (the binary), and watched
//! by the commands that can stop cleanly: an import finishes its rows in flight, the sandbox
//! shuts down.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

/// A request to stop, shared between the signal handler and the running command.
///
/// The library never ends the process itself: it only reads this flag, so that the binary
/// (or a test, or a program embedding the commands) decides what a second Ctrl-C does.
///
/// ```
/// use lamplight_cli::Interrupt;
///
/// let interrupt = Interrupt::default();
/// let seen_by_the_command = interrupt.clone();
/// assert!(!seen_by_the_command.is_requested());
/// interrupt.request();
/// assert!(seen_by_the_command.is_requested());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Interrupt {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    requested: AtomicBool,
    notify: Notify,
}

impl Interrupt {
    /// Asks the running command to stop.
    pub fn request(&self) {
        self.inner.requested.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    /// Whether a stop was asked for.
    pub fn is_requested(&self) -> bool {
        self.inner.requested.load(Ordering::SeqCst)
    }

    /// Waits until a stop is asked for (at once if it already was).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let interrupt = lamplight_cli::Interrupt::default();
    /// interrupt.request();
    /// interrupt.wait().await;
    /// # }
    /// ```
    pub async fn wait(&self) {
        loop {
            let notified = self.inner.notify.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.is_requested() {
                return;
            }
            notified.await;
        }
    }
}

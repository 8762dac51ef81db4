//! SIGINT and SIGTERM on Unix, Ctrl-C elsewhere: what stops a process serving the sandbox. The
//! `lamplight-sandbox` binary and the `lamplight` command both wait on it.

/// The signals that ask a process to stop, registered up front (before a URL is printed, say) so
/// that one sent straight after is not missed.
///
/// ```
/// use lamplight_sandbox::StopSignals;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let mut signals = StopSignals::register()?;
/// tokio::select! {
///     name = signals.wait() => eprintln!("{name} received, stopping"),
///     () = std::future::ready(()) => {}
/// }
/// # Ok(())
/// # }
/// ```
pub struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    /// Starts listening; call it inside a Tokio runtime. Fails when the operating system
    /// refuses the handlers.
    pub fn register() -> std::io::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(StopSignals {})
        }
    }

    /// Waits for the next stop signal and names it (`SIGINT`, `SIGTERM` or `Ctrl-C`), for a
    /// closing message. Each call waits for a new one, so a second Ctrl-C can mean "at once".
    pub async fn wait(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => "SIGINT",
                _ = self.terminate.recv() => "SIGTERM",
            }
        }
        #[cfg(not(unix))]
        {
            match tokio::signal::ctrl_c().await {
                Ok(()) => "Ctrl-C",
                // Without a handler no signal can arrive: waiting forever is the truth.
                Err(_) => std::future::pending().await,
            }
        }
    }
}

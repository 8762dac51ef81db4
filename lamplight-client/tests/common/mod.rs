//! Shared set-up: a sandbox on loopback and a client pointed at it.

#![allow(dead_code)]

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lamplight_client::{Client, ClientBuilder, Credentials, RetryPolicy};
use lamplight_sandbox::{Config, Sandbox, Shape};

/// A retry policy quick enough for tests: three retries, a few milliseconds apart.
pub fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .max_retries(3)
        .min_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20))
}

/// A builder for a client of `sandbox`, with quick retries.
pub fn builder_for(sandbox: &Sandbox) -> ClientBuilder {
    let credentials = sandbox.credentials();
    Client::builder()
        .credentials(Credentials::new(
            credentials.lampid,
            credentials.project,
            credentials.key,
        ))
        .base_url(&sandbox.base_url())
        .retry(quick_retries())
}

/// A sandbox running `config`, and a client for it.
pub async fn start_with(config: Config) -> (Sandbox, Client) {
    let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
    let client = builder_for(&sandbox).build().expect("the client builds");
    (sandbox, client)
}

/// The demo sandbox in the live server's quirky shape, and a client for it.
pub async fn demo() -> (Sandbox, Client) {
    start_with(Config::demo()).await
}

/// The seeds the chaos shape runs with: a few fixed ones, so that a failure reproduces, plus
/// any given in `LAMPLIGHT_CHAOS_SEEDS` (comma-separated) to explore further.
pub fn chaos_seeds() -> Vec<u64> {
    let mut seeds = vec![1, 7, 2026];
    if let Ok(extra) = std::env::var("LAMPLIGHT_CHAOS_SEEDS") {
        for seed in extra
            .split(',')
            .map(str::trim)
            .filter(|seed| !seed.is_empty())
        {
            match seed.parse::<u64>() {
                Ok(seed) => seeds.push(seed),
                Err(err) => panic!("LAMPLIGHT_CHAOS_SEEDS: `{seed}` is not a seed: {err}"),
            }
        }
    }
    seeds
}

/// `config` in every reply shape a client must survive: the live server's, the documented
/// clean one, and chaos under each of [`chaos_seeds`]. Each comes with a name for messages.
///
/// Each shape gets a sandbox of its own, so a test's writes in one shape cannot satisfy its
/// reads in another.
pub fn shaped(config: &Config) -> Vec<(String, Config)> {
    let mut configs = Vec::new();
    for shape in [Shape::Live, Shape::Clean] {
        let mut config = config.clone();
        config.shape = shape;
        configs.push((format!("{shape:?}"), config));
    }
    for seed in chaos_seeds() {
        let mut config = config.clone();
        config.shape = Shape::Chaos;
        config.chaos_seed = seed;
        configs.push((format!("Chaos(seed {seed})"), config));
    }
    configs
}

/// The demo sandbox in every reply shape (see [`shaped`]), each with a client.
pub async fn every_shape() -> impl Iterator<Item = (Sandbox, Client)> {
    every_shape_of(Config::demo()).await
}

/// `config` in every reply shape (see [`shaped`]), each with a client.
///
/// The shape's name is printed as the test takes each one, so that a failing test's captured
/// output names the shape it failed in.
pub async fn every_shape_of(config: Config) -> impl Iterator<Item = (Sandbox, Client)> {
    let mut started = Vec::new();
    for (name, config) in shaped(&config) {
        let (sandbox, client) = start_with(config).await;
        started.push((name, sandbox, client));
    }
    started.into_iter().map(|(name, sandbox, client)| {
        eprintln!("reply shape: {name}");
        (sandbox, client)
    })
}

/// Log lines captured from the `tracing` output while a guard lives.
#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        let bytes = self.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut bytes) = self.0.lock() {
            bytes.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// Where the current thread's log lines go while a capture is on.
thread_local! {
    static CAPTURE: std::cell::RefCell<Option<Logs>> = const { std::cell::RefCell::new(None) };
}

/// Writes to the current thread's capture, if any.
struct ThreadWriter;

impl Write for ThreadWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        CAPTURE.with(|capture| {
            if let Some(logs) = capture.borrow_mut().as_mut() {
                let _ = logs.write(buf);
            }
        });
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Ends a capture when dropped.
pub struct CaptureGuard(());

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CAPTURE.with(|capture| capture.borrow_mut().take());
    }
}

/// Captures, at every level, what `tracing` logs on this thread until the guard is dropped.
///
/// One global subscriber serves every test: a per-thread subscriber would race with tests on
/// other threads, whose first use of a log statement can switch it off for everyone.
pub fn capture_logs() -> (Logs, CaptureGuard) {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(|| ThreadWriter)
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
    // Log statements first reached before the subscriber was installed were switched off.
    tracing::callsite::rebuild_interest_cache();
    let logs = Logs::default();
    CAPTURE.with(|capture| *capture.borrow_mut() = Some(logs.clone()));
    (logs, CaptureGuard(()))
}

/// The waits, in milliseconds, the client logged before each retry.
pub fn logged_waits(logs: &Logs) -> Vec<u64> {
    logs.text()
        .lines()
        .filter(|line| line.contains("retrying"))
        .filter_map(|line| {
            let rest = &line[line.find("wait_ms=")? + "wait_ms=".len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .collect()
}

/// A port on loopback that nothing listens on.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    port
}

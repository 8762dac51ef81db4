//! Shared set-up: a sandbox on loopback and a client pointed at it.

#![allow(dead_code)]

use std::time::Duration;

use lamplight_client::{Client, ClientBuilder, Credentials, RetryPolicy};
use lamplight_sandbox::{Config, Sandbox};

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

/// The demo sandbox in the documented clean shape, and a client for it.
pub async fn clean_demo() -> (Sandbox, Client) {
    let mut config = Config::demo();
    config.shape = lamplight_sandbox::Shape::Clean;
    start_with(config).await
}

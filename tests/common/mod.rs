//! Shared set-up for the facade's integration tests.

use lamplight::{Client, Credentials};
use lamplight_sandbox::Sandbox;

/// A client pointed at `sandbox`, with its credentials.
pub fn client_for(sandbox: &Sandbox) -> Client {
    let creds = sandbox.credentials();
    Client::builder()
        .credentials(Credentials::new(creds.lampid, creds.project, creds.key))
        .base_url(&sandbox.base_url())
        .build()
        .expect("a client for the sandbox")
}

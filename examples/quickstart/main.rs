//! The whole intake flow: workareas, two profiles, a referral with custom fields, an attendance.
//!
//! With no `LAMPLIGHT_*` variables set, it starts the embedded sandbox (the built-in demo charity)
//! and runs against that. With `LAMPLIGHT_LAMPID`, `LAMPLIGHT_PROJECT` and `LAMPLIGHT_KEY` set
//! (and optionally `LAMPLIGHT_BASE_URL`), it runs against your real Lamplight system.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

mod flow;

use lamplight::{Client, Credentials};
use lamplight_sandbox::{Config, Sandbox};

#[tokio::main]
async fn main() -> Result<(), flow::BoxError> {
    let sandbox;
    let client = if std::env::var_os("LAMPLIGHT_KEY").is_some() {
        println!("Using the Lamplight system named by LAMPLIGHT_* variables");
        Client::from_env()?
    } else {
        sandbox = Sandbox::start(Config::demo()).await?;
        println!(
            "No LAMPLIGHT_KEY set: started the sandbox at {}",
            sandbox.base_url()
        );
        let creds = sandbox.credentials();
        Client::builder()
            .credentials(Credentials::new(creds.lampid, creds.project, creds.key))
            .base_url(&sandbox.base_url())
            .build()?
    };
    let intake = flow::run(&client, |line| println!("{line}")).await?;
    println!("Done: {intake:?}");
    Ok(())
}

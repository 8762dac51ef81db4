//! A referral web form for Lamplight, rendered from the records' schemas.
//!
//! The page on localhost asks for the young person, the referrer and the referral; its inputs
//! are rendered from `YoungPerson::FIELDS`, `Referrer::FIELDS` and `YouthReferral::FIELDS` (the
//! quickstart's records). It checks every input on the server, shows what is wrong next to the
//! field, and on success runs the intake flow: the young person's profile, the referrer's
//! profile, the referral naming both, and optionally a booking onto a session.
//!
//! With no `LAMPLIGHT_*` variables set, it starts the embedded sandbox (the built-in demo
//! charity) and sends there. With `LAMPLIGHT_LAMPID`, `LAMPLIGHT_PROJECT` and `LAMPLIGHT_KEY`
//! set (and optionally `LAMPLIGHT_BASE_URL`), it sends to your real Lamplight system.
//!
//! ```sh
//! cargo run --example referral_form                      # http://127.0.0.1:3000/
//! cargo run --example referral_form -- 127.0.0.1:8080    # another address
//! ```

mod app;
#[path = "../quickstart/flow.rs"]
#[allow(dead_code)] // the form uses the records and `refer`, not the quickstart's own run
mod flow;
mod form;
mod html;
mod validate;

use std::net::SocketAddr;

use lamplight::{Client, Credentials};
use lamplight_sandbox::{Config, Sandbox};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const DEFAULT_ADDR: &str = "127.0.0.1:3000";

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let addr_text = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT_ADDR.to_owned());
    let addr: SocketAddr = addr_text
        .parse()
        .map_err(|_| format!("`{addr_text}` is not an address like {DEFAULT_ADDR}"))?;

    let mut sandbox = None;
    let client = if std::env::var_os("LAMPLIGHT_KEY").is_some() {
        println!("Using the Lamplight system named by LAMPLIGHT_* variables");
        Client::from_env()?
    } else {
        let started = Sandbox::start(Config::demo()).await?;
        println!(
            "No LAMPLIGHT_KEY set: started the sandbox at {} (what it stored: {}__sandbox/state)",
            started.base_url(),
            started.base_url().trim_end_matches("api/")
        );
        let creds = started.credentials();
        let client = Client::builder()
            .credentials(Credentials::new(creds.lampid, creds.project, creds.key))
            .base_url(&started.base_url())
            .build()?;
        sandbox = Some(started);
        client
    };

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|error| format!("cannot listen on {addr}: {error}"))?;
    let local = listener.local_addr()?;
    println!("Referral form: http://{local}/  (Ctrl-C to stop)");

    tokio::select! {
        served = app::serve(listener, client) => served?,
        signal = tokio::signal::ctrl_c() => {
            signal?;
            println!("Stopping");
        }
    }
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    Ok(())
}

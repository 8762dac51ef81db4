//! A referral web form and a "What's on" page for a charity's website, sending to Lamplight.
//!
//! `GET /` shows the referral form. Its inputs are rendered from `YoungPerson::FIELDS`,
//! `Referrer::FIELDS` and `YouthReferral::FIELDS` (the quickstart's records). `POST /` checks
//! every input on the server, shows what is wrong next to the field, and on success runs the
//! intake flow: the young person's profile, the referrer's profile, the referral naming both,
//! and optionally a booking onto a session.
//!
//! `GET /sessions` lists the upcoming sessions (`client.work().after(today)`, a page at a time),
//! rendered with minijinja. Each session open to attendance through the API has a sign-up form,
//! an email or a profile id, which `POST /sessions/{id}/attend` sends through `client.attend`,
//! then shows what Lamplight said: booked, full, already attending or closed.
//!
//! A request flows: `app.rs` (routes) → `validate.rs` (the form's values into records) →
//! `quickstart::refer` → the client; pages come from `form.rs` and `html.rs`
//! (the form) or `sessions.rs` and `templates/` (the sessions).
//!
//! With no `LAMPLIGHT_*` variables set, [`main`] starts the embedded sandbox (the built-in demo
//! charity) and sends there. With `LAMPLIGHT_LAMPID`, `LAMPLIGHT_PROJECT` and `LAMPLIGHT_KEY`
//! set (and optionally `LAMPLIGHT_BASE_URL`), it sends to your real Lamplight system.
//!
//! ```sh
//! cargo run --example referral_form                      # http://127.0.0.1:3000/
//! cargo run --example referral_form -- 127.0.0.1:8080    # another address
//! ```

pub mod app;
pub mod form;
pub mod html;
pub mod sessions;
pub mod validate;

use std::net::SocketAddr;

use crate::quickstart;

pub use app::{router, serve};

/// Anything the program can fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where the pages are served unless an address is given.
pub const DEFAULT_ADDR: &str = "127.0.0.1:3000";

/// The program: connects to Lamplight (or the embedded sandbox) and serves the pages on `addr`,
/// [`DEFAULT_ADDR`] when `None`, until Ctrl-C.
pub async fn main(addr: Option<String>) -> Result<(), BoxError> {
    let addr_text = addr.unwrap_or_else(|| DEFAULT_ADDR.to_owned());
    let addr: SocketAddr = addr_text
        .parse()
        .map_err(|_| format!("`{addr_text}` is not an address like {DEFAULT_ADDR}"))?;
    let connection = quickstart::connect(|line| println!("{line}")).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|error| format!("cannot listen on {addr}: {error}"))?;
    let local = listener.local_addr()?;
    println!(
        "Referral form: http://{local}/   What's on: http://{local}/sessions   (Ctrl-C to stop)"
    );

    tokio::select! {
        served = app::serve(listener, connection.client.clone()) => served?,
        signal = tokio::signal::ctrl_c() => {
            signal?;
            println!("Stopping");
        }
    }
    connection.shutdown().await;
    Ok(())
}

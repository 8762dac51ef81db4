//! A referral web form and a "What's on" page for a charity's website. The program lives in the
//! `lamplight-examples` crate (`examples/lamplight-examples/`); this file lets
//! `cargo run --example referral_form` run it from the workspace root.
//!
//! With no `LAMPLIGHT_*` variables set, it starts the embedded sandbox (the built-in demo
//! charity) and sends there. With `LAMPLIGHT_LAMPID`, `LAMPLIGHT_PROJECT` and `LAMPLIGHT_KEY`
//! set (and optionally `LAMPLIGHT_BASE_URL`), it sends to your real Lamplight system.
//!
//! ```sh
//! cargo run --example referral_form                      # http://127.0.0.1:3000/
//! cargo run --example referral_form -- 127.0.0.1:8080    # another address
//! ```

#[tokio::main]
async fn main() -> Result<(), lamplight_examples::referral_form::BoxError> {
    lamplight_examples::referral_form::main(std::env::args().nth(1)).await
}

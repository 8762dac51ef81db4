//! The whole intake flow: workareas, two profiles, a referral with custom fields, an attendance.
//! The program lives in the `lamplight-examples` crate (`examples/lamplight-examples/`); this
//! file lets `cargo run --example quickstart` run it from the workspace root.
//!
//! With no `LAMPLIGHT_*` variables set, it starts the embedded sandbox (the built-in demo charity)
//! and runs against that. With `LAMPLIGHT_LAMPID`, `LAMPLIGHT_PROJECT` and `LAMPLIGHT_KEY` set
//! (and optionally `LAMPLIGHT_BASE_URL`), it runs against your real Lamplight system.
//!
//! ```sh
//! cargo run --example quickstart
//! ```

#[tokio::main]
async fn main() -> Result<(), lamplight_examples::quickstart::BoxError> {
    lamplight_examples::quickstart::main().await
}

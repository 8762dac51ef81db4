//! The whole intake flow: workareas, two profiles, a referral with custom fields, an attendance.
//!
//! ```sh
//! cargo run --example quickstart                       # from the workspace root
//! cargo run -p lamplight-examples --bin quickstart     # the same program
//! ```

#[tokio::main]
async fn main() -> Result<(), lamplight_examples::quickstart::BoxError> {
    lamplight_examples::quickstart::main().await
}

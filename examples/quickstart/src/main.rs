//! The whole intake flow: workareas, two profiles, a referral with custom fields, an attendance.
//!
//! ```sh
//! cargo run --example quickstart                       # from the workspace root
//! cargo run -p lamplight-example-quickstart            # the same program
//! ```

#[tokio::main]
async fn main() -> Result<(), lamplight_example_quickstart::BoxError> {
    lamplight_example_quickstart::main().await
}

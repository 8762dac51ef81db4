//! The referral form and the "What's on" page on localhost.
//!
//! ```sh
//! cargo run --example referral_form                      # http://127.0.0.1:3000/
//! cargo run --example referral_form -- 127.0.0.1:8080    # another address
//! ```

#[tokio::main]
async fn main() -> Result<(), lamplight_examples::referral_form::BoxError> {
    lamplight_examples::referral_form::main(std::env::args().nth(1)).await
}

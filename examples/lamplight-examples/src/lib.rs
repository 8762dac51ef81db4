//! The lamplight examples, as a library that the programs and the tests share.
//!
//! - [`quickstart`]: the whole intake flow against the embedded sandbox or a real system.
//! - [`referral_form`]: a referral web form and a "What's on" page for a charity's website.
//!
//! From the workspace root, `cargo run --example quickstart` and
//! `cargo run --example referral_form` run them; so do `cargo run -p lamplight-examples --bin
//! quickstart` and `--bin referral_form`.

pub mod quickstart;
pub mod referral_form;

//! The lamplight examples, as a library that the programs and the tests share.
//!
//! - [`quickstart`]: the whole intake flow against the embedded sandbox or a real system.
//! - [`referral_form`]: a referral web form and a "What's on" page for a charity's website.
//!
//! # How a request flows
//!
//! A program in `src/bin/` calls its module's `main`. The quickstart (`quickstart.rs`) connects
//! to the sandbox or a real system ([`quickstart::connect`]) and runs the intake flow
//! ([`quickstart::run`]) through the `lamplight` client. The web form's requests go
//! `referral_form/app.rs` (routes) → `validate.rs` (the form's values into records) →
//! [`quickstart::refer`] → the client; its pages come from `form.rs` and `html.rs`, or
//! `sessions.rs` and `templates/`.
//!
//! From the workspace root, `cargo run --example quickstart` and
//! `cargo run --example referral_form` run them; so do `cargo run -p lamplight-examples --bin
//! quickstart` and `--bin referral_form`.

pub mod quickstart;
pub mod referral_form;

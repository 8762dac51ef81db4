//! Typed records, an async client and a local emulator for the Lamplight publishing API.
//!
//! [Lamplight](https://www.lamplightdb.co.uk/) is a case-management database used by UK
//! charities. Its publishing API takes referrals from a charity's website, registers people and
//! organisations, and signs people up to sessions. This crate is all you need to talk to it:
//!
//! - [`#[derive(LamplightRecord)]`](derive@LamplightRecord) declares a referral or profile
//!   schema, the organisation's own custom fields included, as a plain struct. A referral
//!   without an attendee, two fields sent under one name or a role the profile cannot take fails
//!   to compile, with a message that says how to fix it. A custom field's label is checked
//!   against your system only when the charity's `lamplight.toml` schema file describes it:
//!   without one, Lamplight silently ignores a label it does not know.
//! - [`Client`] sends every kind of record and reads workareas, work records and profiles,
//!   decoding every quirk of the live server, retrying only what is safe to retry, and never
//!   showing the API key.
//! - The `lamplight-sandbox` crate is a faithful local emulator of the Lamplight server, for
//!   tests and demos: Lamplight offers no test system of its own.
//!
//! # Example
//!
//! The usual intake flow: create the referred person's profile, then a referral naming them.
//! Here it runs against the sandbox; with a real system, build the client with
//! [`Client::from_env`] instead.
//!
//! ```
//! use lamplight::{Client, Credentials, LamplightOption, LamplightRecord, Record};
//! use lamplight::{Postcode, ProfileRef, WorkareaId};
//!
//! #[derive(LamplightOption)]
//! enum HeardVia {
//!     #[lamplight(rename = "Word of mouth")]
//!     WordOfMouth,
//!     Website,
//! }
//!
//! #[derive(LamplightRecord)]
//! #[lamplight(person, role = "user")] // POST people/add
//! struct ServiceUser {
//!     first_name: String,
//!     surname: String,
//!     postcode: Option<Postcode>,
//!     #[lamplight(rename = "Date of birth")]
//!     date_of_birth: time::Date, // a custom field: Date_of_birth=2011-05-14
//! }
//!
//! #[derive(LamplightRecord)]
//! #[lamplight(referral)] // POST referral/add
//! struct YouthReferral {
//!     attendee: ProfileRef,   // required: a profile id or email
//!     reason: String,         // sent as referral_reason
//!     workarea: WorkareaId,   // sent as workareaid
//!     #[lamplight(rename = "How did you hear")]
//!     heard_via: HeardVia,    // How_did_you_hear=Word+of+mouth
//!     school_year: Option<u8>, // omitted when None
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sandbox = lamplight_sandbox::Sandbox::start(lamplight_sandbox::Config::demo()).await?;
//! # let creds = sandbox.credentials();
//! let client = Client::builder()
//!     .credentials(Credentials::new(creds.lampid, creds.project, creds.key))
//!     .base_url(&sandbox.base_url())
//!     .build()?;
//!
//! let person = ServiceUser {
//!     first_name: "Alex".into(),
//!     surname: "Morgan".into(),
//!     postcode: Some("sw1a1aa".parse()?), // normalised to "SW1A 1AA", checked before sending
//!     date_of_birth: time::macros::date!(2011 - 05 - 14),
//! };
//! let alex = client.create(&person).await?;
//!
//! let referral = YouthReferral {
//!     attendee: ProfileRef::id(alex.id),
//!     reason: "Would like a mentor".into(),
//!     workarea: WorkareaId::one(1),
//!     heard_via: HeardVia::WordOfMouth,
//!     school_year: None,
//! };
//! // Exactly what will be POSTed, in field order.
//! assert_eq!(
//!     referral.to_form()?.to_string(),
//!     format!(
//!         "attendee={}&referral_reason=Would+like+a+mentor&workareaid=1\
//!          &How_did_you_hear=Word+of+mouth",
//!         alex.id
//!     )
//! );
//! let created = client.create(&referral).await?;
//! println!("referral {}", created.id);
//! # Ok(())
//! # }
//! ```
//!
//! # What the compiler refuses
//!
//! Each mistake is reported at the offending token, and every mistake in a struct in one
//! compile: a referral without `attendee` or with an optional one; two fields sent under the same
//! name, or a custom field under a built-in's name; labels Lamplight cannot address (containing
//! `_`, empty, with stray spaces); a missing, unknown or repeated kind; an unknown attribute
//! (with the nearest valid one suggested); contradictory attributes such as `skip` with
//! `rename`; `field_id` outside a profile; a role the kind cannot take; `name` on a person or
//! `first_name` on an organisation; a profile without a role; a field whose type cannot be sent;
//! and `client.update(id, &referral)`, since Lamplight can only create referrals.
//!
//! # How a request flows
//!
//! This crate only re-exports (`src/lib.rs`). A derived struct's impls come from
//! `lamplight-derive` (`expand.rs`) and encode through `lamplight-core` (`value/` into `form.rs`);
//! [`Client`] (`lamplight-client`: `writes.rs` or `reads/`, then `transport.rs` and `retry.rs`)
//! sends the form with reqwest, and `lamplight-core`'s `response/` decodes the reply. Each
//! crate's own documentation names its files in order.
//!
//! # Features
//!
//! - `chrono`: send `chrono::NaiveDate` and `NaiveDateTime` values.
//! - `blocking`: `lamplight::blocking::Client`, the same client for code without an async
//!   runtime.
//!
//! # The crates
//!
//! This crate re-exports the first three; the other two are tools. Each has a README:
//!
//! - [`lamplight-core`](https://docs.rs/crate/lamplight-core/latest): records, value encoding,
//!   response types and error codes, with no I/O.
//! - [`lamplight-derive`](https://docs.rs/crate/lamplight-derive/latest): the `LamplightRecord`
//!   and `LamplightOption` derives.
//! - [`lamplight-client`](https://docs.rs/crate/lamplight-client/latest): the async client, and
//!   the blocking one behind the `blocking` feature.
//! - [`lamplight-sandbox`](https://docs.rs/crate/lamplight-sandbox/latest): the local emulator of
//!   the Lamplight server, as a library for tests and as the `lamplight-sandbox` program.
//! - [`lamplight-cli`](https://docs.rs/crate/lamplight-cli/latest): the `lamplight` command, with
//!   resumable CSV import.
//!
//! The [changelog](https://docs.rs/crate/lamplight/latest/source/CHANGELOG.md) lists what each
//! release changed.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// One re-export list: `lamplight_client` re-exports every item of `lamplight_core` a user
// names, so the facade adds only the derive macros.
#[doc(hidden)]
pub use lamplight_client::__private;
pub use lamplight_client::*;
pub use lamplight_derive::{LamplightOption, LamplightRecord};

//! An async client for the Lamplight publishing API, on reqwest and tokio.
//!
//! It covers every endpoint: creating referrals and profiles ([`Client::create`]), updating
//! profiles ([`Client::update`]), attendances ([`Client::attend`]), relationships
//! ([`Client::relate`]) and group memberships ([`Client::add_to_group`]); reading workareas,
//! work records and profiles, one page at a time or as a [`Stream`](futures_core::Stream).
//!
//! - Replies decode leniently: every quirk of the live server (numbers as strings, a single
//!   object for a list, `""` for empty lists and `meta`, ...) is accepted.
//! - Errors are typed ([`Error`], with Lamplight's [`ErrorCode`]s), even when the server sends
//!   them with HTTP 200. Partial success of an attendance is data, not an error.
//! - Reads are retried with backoff and jitter, honouring `Retry-After`. Writes are retried only
//!   when they provably never reached the server, so nothing is stored twice.
//! - The API key never appears in any `Display`, `Debug`, log line or error.
//!
//! ```no_run
//! use lamplight_client::{Attendance, Client, DynamicRecord, ProfileRef, Role};
//!
//! # async fn run() -> Result<(), lamplight_client::Error> {
//! let client = Client::from_env()?; // LAMPLIGHT_LAMPID, LAMPLIGHT_PROJECT, LAMPLIGHT_KEY
//!
//! let person = DynamicRecord::person(Role::User)
//!     .set("first_name", "Sam")
//!     .set("surname", "Patel")
//!     .set("email", "sam@example.org");
//! let sam = client.create(&person).await?;
//!
//! let referral = DynamicRecord::referral()
//!     .set("attendee", ProfileRef::id(sam.id))
//!     .set("reason", "Would like to join the youth club")
//!     .set("How did you hear", "Website");
//! client.create(&referral).await?;
//!
//! let sessions = client.work().workarea(3).num(5).send().await?;
//! let ids = sessions.records.iter().map(|work| work.id);
//! let outcome = client.attend(&Attendance::new(ids, sam.id)).await?;
//! println!("attending {:?}", outcome.attended().collect::<Vec<_>>());
//! # Ok(())
//! # }
//! ```
//!
//! Records with a fixed schema are best declared with `#[derive(LamplightRecord)]` (in the
//! `lamplight` crate); [`DynamicRecord`] serves schemas known only at run time.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod builder;
mod client;
mod credentials;
mod error;
pub mod reads;
mod redact;
mod retry;
mod transport;
mod writes;

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;

pub use builder::{ClientBuilder, DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};
pub use client::{Client, ENV_BASE_URL, ENV_KEY, ENV_LAMPID, ENV_PROJECT};
pub use credentials::Credentials;
pub use error::{ConfigurationKind, Error};
pub use reads::{Full, ProfileQuery, RecordStream, Short, WorkQuery};
pub use retry::RetryPolicy;
pub use writes::Pending;

pub use lamplight_core::response::{
    Acknowledged, AttendError, AttendOutcome, AttendResult, Created, CustomValue, Location, Page,
    Profile, ProfileSummary, Updated, Work, WorkSummary, Workarea, WorkareaRef,
};
pub use lamplight_core::{
    Attendance, Create, DynamicRecord, EncodeError, EncodeErrorKind, ErrorCode, FieldInfo,
    FieldSource, FieldValue, FieldWriter, Form, GroupMembership, InvalidEmail, InvalidPostcode,
    LamplightOption, NotAProfile, OptionInfo, Postcode, ProfileId, ProfileKind, ProfileRef, Record,
    RecordId, RecordKind, Relationship, Role, UnknownRole, Update, ValueKind, WorkId, WorkareaId,
    dynamic, response, schema,
};

#[doc(hidden)]
pub use lamplight_core::__private;

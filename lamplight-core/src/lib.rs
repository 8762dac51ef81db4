//! The record model of the Lamplight publishing API: records, value encoding, schema metadata,
//! roles and error codes. No I/O.
//!
//! Most users depend on the `lamplight` crate, which re-exports everything here together with
//! the derive macros and the client.
//!
//! # How a request flows through this crate
//!
//! Out: a record ([`Record`], in `record.rs`: a derived struct, or a
//! [`DynamicRecord`] from `dynamic.rs`, whose names resolve through [`dynamic::resolve`]) writes
//! each field through [`FieldValue`] and [`FieldWriter`] (`value/`) into a [`Form`]
//! (`form.rs`), which checks for HTML and percent-encodes as PHP does (`urlencode.rs`);
//! attendances, relationships and group memberships build their forms in `actions.rs`. A bad
//! value becomes an [`EncodeError`] (`encode_error.rs`) naming the field. Back:
//! `response/envelope.rs` reads the `data`/`meta` envelope, `response/lenient.rs` every quirky
//! scalar, `page.rs`, `work.rs`, `profile.rs` and `workarea.rs` the read records (their custom
//! fields in `custom.rs`), `response/write.rs` checks write replies as strictly as the reference
//! PHP client, and `response/server_error.rs` reads a refusal into an [`ErrorCode`]
//! (`error_code.rs`). Ids are typed in `ids.rs` ([`ProfileId`], [`WorkId`], [`RecordId`]) and
//! `value/workarea.rs` ([`WorkareaId`]).
//!
//! Beside the flow: `kind.rs` and `role.rs` say which record takes which role, `schema.rs` holds
//! the naming rules the derive and dynamic records share, `field.rs` describes the fields a
//! record sends, `redact.rs` blanks the API key out of any text, and `private.rs` is what
//! derived code calls at run time.
//!
//! ```
//! use lamplight_core::{Form, Postcode, ProfileRef, Role, WorkareaId};
//!
//! let postcode: Postcode = "sw1a1aa".parse()?;
//! assert_eq!(postcode.as_str(), "SW1A 1AA");
//! assert_eq!(WorkareaId::many([3, 7]).to_string(), "3,7");
//! assert_eq!(ProfileRef::id(653).to_string(), "653");
//! assert_eq!(Role::Contact.as_str(), "contact");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod actions;
pub mod dynamic;
mod encode_error;
mod error_code;
mod field;
mod form;
mod ids;
mod kind;
mod record;
mod redact;
pub mod response;
mod role;
pub mod schema;
mod urlencode;
mod value;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use actions::{Attendance, GroupMembership, Relationship};
pub use dynamic::DynamicRecord;
pub use encode_error::{EncodeError, EncodeErrorKind};
pub use error_code::ErrorCode;
pub use field::{FieldInfo, FieldSource, OptionInfo, ValueKind};
pub use form::Form;
pub use ids::{RecordId, WorkId};
pub use kind::{NotAProfile, ProfileKind, RecordKind};
pub use record::{Create, LamplightOption, Record, Update};
pub use redact::{REDACTED, redact};
pub use role::{Role, UnknownRole};
pub use urlencode::{find_html_tag, urlencode};
pub use value::{
    FieldValue, FieldWriter, InvalidEmail, InvalidPostcode, Postcode, ProfileId, ProfileRef,
    WorkareaId,
};

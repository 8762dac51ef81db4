//! What Lamplight replies: the `data`/`meta` envelope, read records, write replies and error
//! bodies, decoded leniently.
//!
//! The live server does not always send what its documentation shows: numbers arrive as
//! strings, `data` as one object instead of a one-element array, `meta` and empty lists as `""`,
//! `numResults` in place of `numRecords`, `workarea` as a number, a numeric string or a list of
//! names, and coordinates as long decimal strings. Every type here accepts both the documented
//! and the observed shape. No I/O happens here: feed these types the bytes of a reply.
//!
//! ```
//! use lamplight_core::response::{Page, WorkSummary};
//!
//! let body = r#"{"data": {"id": "30936", "title": "Youth club", "workarea": "3",
//!                "may_add_attend": "1", "num_users_attending": "1"},
//!               "meta": {"numResults": "1", "totalRecords": "1"}}"#;
//! let page: Page<WorkSummary> = serde_json::from_str(body)?;
//! assert_eq!(page.total, Some(1));
//! assert_eq!(page.records[0].id, lamplight_core::WorkId(30936));
//! assert_eq!(page.records[0].num_users_attending, Some(1));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod custom;
mod envelope;
pub mod lenient;
mod page;
mod profile;
mod record;
mod server_error;
mod work;
mod workarea;
mod write;

pub use custom::{CustomFields, CustomValue};
pub use envelope::{GeoPoint, Meta, One, Reply};
pub use page::Page;
pub use profile::{Profile, ProfileSummary};
pub use server_error::ServerError;
pub use work::{Location, Work, WorkSummary, WorkareaRef};
pub use workarea::Workarea;
pub use write::{
    Acknowledged, AttendError, AttendOutcome, AttendResult, Created, Updated, WriteRefused,
};

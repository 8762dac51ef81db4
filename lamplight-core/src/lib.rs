//! The record model of the Lamplight publishing API: no I/O.

mod error_code;
mod kind;
mod role;

pub use error_code::ErrorCode;
pub use kind::RecordKind;
pub use role::{Role, UnknownRole};

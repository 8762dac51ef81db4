//! Typed records, an async client and a local emulator for the Lamplight publishing API.
//!
//! Full crate documentation is being written alongside the crates it re-exports.

#[doc(hidden)]
pub use lamplight_core::__private;
pub use lamplight_core::*;
pub use lamplight_derive::{LamplightOption, LamplightRecord};

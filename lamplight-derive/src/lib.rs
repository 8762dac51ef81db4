//! The `LamplightRecord` and `LamplightOption` derive macros.
//!
//! Use them through the `lamplight` crate, which re-exports them beside the traits they
//! implement. The naming rules they enforce are `lamplight_core::schema`'s, the same ones dynamic
//! records follow at run time.
//!
//! # How a struct becomes code
//!
//! `attr.rs` reads the `#[lamplight(..)]` attributes → `ast.rs` holds the struct with them →
//! `wire.rs` works out how each field is sent → `valid.rs` checks the rules that span fields, and
//! `system.rs` finds the organisation's `lamplight.toml` (parsed by `lamplight-schema`, once per
//! compiler process) for `against.rs` to check the fields against → `expand.rs` emits the impls,
//! bounding only the type parameters sent fields use (`bound.rs`) and reaching
//! `lamplight_core::__private` (core's `private.rs`) through whichever of `lamplight`,
//! `lamplight-client` or `lamplight-core` the user depends on (`runtime.rs`). Every mistake goes
//! through `ctxt.rs`, and `fallback.rs` stubs the impls beside the errors.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod against;
mod ast;
mod attr;
mod bound;
mod ctxt;
mod expand;
mod fallback;
mod runtime;
mod system;
mod valid;
mod wire;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

#[doc = include_str!("../docs/record.md")]
#[proc_macro_derive(LamplightRecord, attributes(lamplight))]
pub fn derive_record(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_record(&input).into()
}

#[doc = include_str!("../docs/option.md")]
#[proc_macro_derive(LamplightOption, attributes(lamplight))]
pub fn derive_option(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::derive_option(&input).into()
}

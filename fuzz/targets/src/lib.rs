//! The bodies of lamplight's fuzz targets, one function per target.
//!
//! Each function takes the fuzzer's bytes, drives one of lamplight's parsers or encoders with
//! them, and panics only when it finds a bug: a panic inside lamplight, or a broken invariant
//! such as a form body that does not decode back to the pairs put in. The cargo-fuzz targets in
//! `fuzz/fuzz_targets/` are one line each around these functions, and `tests/replay.rs` runs
//! every file of `fuzz/corpus/` and `fuzz/artifacts/` through [`TARGETS`] on the stable
//! toolchain, so `cargo test` keeps each crash the fuzzer found fixed.
//!
//! ```
//! // Every target accepts any bytes; none of these is a bug.
//! for (name, target) in lamplight_fuzz_targets::TARGETS {
//!     target(b"");
//!     target(b"{\"data\": []}");
//!     assert!(!name.is_empty());
//! }
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod cli;
pub mod form;
pub mod replies;
pub mod sandbox;
pub mod schema;
pub mod values;

pub use cli::{cli_csv, cli_journal, cli_map};
pub use form::form_roundtrip;
pub use replies::decode_reply;
pub use sandbox::sandbox_request;
pub use schema::schema_file;
pub use values::parse_values;

/// A fuzz target: bytes in, a panic only on a bug.
pub type Target = fn(&[u8]);

/// Every target, by the name of its cargo-fuzz binary and of its corpus folder.
pub const TARGETS: &[(&str, Target)] = &[
    ("decode_reply", decode_reply),
    ("sandbox_request", sandbox_request),
    ("cli_map", cli_map),
    ("cli_csv", cli_csv),
    ("cli_journal", cli_journal),
    ("parse_values", parse_values),
    ("form_roundtrip", form_roundtrip),
    ("schema_file", schema_file),
];

/// Splits `data` at its first NUL byte: a target that needs two inputs (a map file and a CSV
/// file, a name and a value) takes them this way, and a seed is written the same way.
pub fn split_once_nul(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[]),
    }
}

/// A current-thread runtime per thread, built once: building one per input would dominate the
/// fuzzer's time.
pub(crate) fn block_on<F: std::future::Future>(future: F) -> F::Output {
    thread_local! {
        static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime can be built");
    }
    RUNTIME.with(|runtime| runtime.block_on(future))
}

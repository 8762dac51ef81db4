//! Compile-fail cases: every mistake the derives refuse, with the exact errors users see.
//!
//! The `.stderr` files are blessed on the toolchain pinned in `rust-toolchain.toml`; regenerate
//! them with `TRYBUILD=overwrite` after changing a message or the toolchain.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}

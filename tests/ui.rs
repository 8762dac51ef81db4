//! Compile-fail cases: every mistake the derives refuse, with the exact errors users see.
//!
//! The `.stderr` files are blessed on the toolchain pinned in `rust-toolchain.toml`; regenerate
//! them with `TRYBUILD=overwrite` after changing a message or the toolchain.
//!
//! The cases under `ui/schema/` are checked against `ui/schema/lamplight.toml`, and those under
//! `ui/schema_broken/` against a file with a mistake in it. trybuild builds every case in a crate
//! of its own under the target directory, so a `schema = "..."` relative to that crate's root
//! could not reach the fixture; `LAMPLIGHT_SCHEMA` names it instead, as a user's build would.

use std::path::Path;

#[test]
fn ui() {
    // A schema file in the environment of whoever runs the tests would change every message.
    // SAFETY: this is the only test in this binary, so no other thread reads the environment.
    unsafe { std::env::remove_var("LAMPLIGHT_SCHEMA") };
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");

    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    // SAFETY: as above.
    unsafe { std::env::set_var("LAMPLIGHT_SCHEMA", fixtures.join("schema/lamplight.toml")) };
    trybuild::TestCases::new().compile_fail("tests/ui/schema/*.rs");

    // SAFETY: as above.
    unsafe {
        std::env::set_var(
            "LAMPLIGHT_SCHEMA",
            fixtures.join("schema_broken/lamplight.toml"),
        )
    };
    trybuild::TestCases::new().compile_fail("tests/ui/schema_broken/*.rs");
}

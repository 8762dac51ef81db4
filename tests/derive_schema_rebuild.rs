//! Editing `lamplight.toml` makes the next `cargo check` report the struct that no longer
//! matches: the derive's output names the file, so Cargo knows to expand it again.
//!
//! A throwaway crate under Cargo's test scratch directory, depending on `lamplight-core` and
//! `lamplight-derive` by path, is checked twice with its own target directory, kept between runs
//! so that only the first run builds the derive's dependencies.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MANIFEST: &str = r#"[package]
name = "schema-rebuild"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
lamplight-core = { path = "CORE" }
lamplight-derive = { path = "DERIVE" }
"#;

const LIB: &str = r#"
use lamplight_core::ProfileRef;
use lamplight_derive::LamplightRecord;

#[derive(LamplightRecord)]
#[lamplight(referral)]
pub struct Referral {
    pub attendee: ProfileRef,
    pub school_year: u8,
}
"#;

const NUMBER: &str = "[[fields.referral]]\nlabel = \"School year\"\ntype = \"number\"\n";
const TEXT: &str = "[[fields.referral]]\nlabel = \"School year\"\ntype = \"text\"\n";

fn check(dir: &Path) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    Command::new(cargo)
        .args(["check", "--quiet", "--offline", "--target-dir"])
        .arg(dir.join("target"))
        .current_dir(dir)
        .env_remove("LAMPLIGHT_SCHEMA")
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

#[test]
fn editing_the_schema_file_rechecks_the_struct() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("schema-rebuild");
    std::fs::create_dir_all(dir.join("src")).expect("a scratch crate");
    let manifest = MANIFEST
        .replace("CORE", &root.join("lamplight-core").to_string_lossy())
        .replace("DERIVE", &root.join("lamplight-derive").to_string_lossy());
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest written");
    std::fs::write(dir.join("src/lib.rs"), LIB).expect("source written");
    // The lock file of the workspace pins the same versions the derive is tested with.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file copied");

    std::fs::write(dir.join("lamplight.toml"), NUMBER).expect("schema written");
    let first = check(&dir);
    assert!(
        first.status.success(),
        "a struct matching its schema compiles:\n{}",
        String::from_utf8_lossy(&first.stderr)
    );

    std::fs::write(dir.join("lamplight.toml"), TEXT).expect("schema edited");
    let second = check(&dir);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(!second.status.success(), "the edited schema was not seen");
    assert!(
        stderr.contains(
            "`School year` is a `text` field in lamplight.toml, and `u8` cannot carry one"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("src/lib.rs:9:22"), "{stderr}");

    // Back as it was, so the next run starts from a crate that compiles.
    std::fs::write(dir.join("lamplight.toml"), NUMBER).expect("schema restored");
}

//! Replays every committed corpus input and crash artefact through the same target functions
//! the fuzzer runs, on the stable toolchain: a crash, once fixed, stays fixed.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use lamplight_fuzz_targets::{TARGETS, Target};

/// `fuzz/`, which holds `corpus/<target>/` and `artifacts/<target>/`.
fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the targets crate sits inside fuzz/")
        .to_path_buf()
}

/// The files in `dir`, sorted; none when it does not exist.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every file through `target`, returning the ones that panicked, with the panic message.
fn replay(target: Target, files: &[PathBuf]) -> Vec<String> {
    let mut failures = Vec::new();
    for file in files {
        let data = fs::read(file).expect("a readable input");
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| target(&data))) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failures.push(format!("{}: {message}", file.display()));
        }
    }
    failures
}

fn replay_target(name: &str) {
    let (_, target) = TARGETS
        .iter()
        .find(|(target, _)| *target == name)
        .unwrap_or_else(|| panic!("no target called {name}"));
    let corpus = inputs(&fuzz_dir().join("corpus").join(name));
    assert!(
        !corpus.is_empty(),
        "fuzz/corpus/{name} is empty: every target keeps a seed corpus"
    );
    let artefacts = inputs(&fuzz_dir().join("artifacts").join(name));
    let failures: Vec<String> = replay(*target, &corpus)
        .into_iter()
        .chain(replay(*target, &artefacts))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} inputs fail {name}:\n{}",
        failures.len(),
        corpus.len() + artefacts.len(),
        failures.join("\n")
    );
}

#[test]
fn every_folder_names_a_target_and_every_target_has_a_binary() {
    for folder in ["corpus", "artifacts"] {
        let Ok(entries) = fs::read_dir(fuzz_dir().join(folder)) else {
            continue;
        };
        for entry in entries {
            let name = entry.expect("a readable entry").file_name();
            let name = name.to_string_lossy();
            assert!(
                TARGETS.iter().any(|(target, _)| *target == name),
                "fuzz/{folder}/{name} names no target in TARGETS"
            );
        }
    }
    for (name, _) in TARGETS {
        let binary = fuzz_dir().join("fuzz_targets").join(format!("{name}.rs"));
        let source = fs::read_to_string(&binary)
            .unwrap_or_else(|error| panic!("{}: {error}", binary.display()));
        assert!(
            source.contains(&format!("lamplight_fuzz_targets::{name}")),
            "{} does not run {name}",
            binary.display()
        );
    }
}

#[test]
fn decode_reply() {
    replay_target("decode_reply");
}

#[test]
fn sandbox_request() {
    replay_target("sandbox_request");
}

#[test]
fn cli_map() {
    replay_target("cli_map");
}

#[test]
fn cli_csv() {
    replay_target("cli_csv");
}

#[test]
fn cli_journal() {
    replay_target("cli_journal");
}

#[test]
fn parse_values() {
    replay_target("parse_values");
}

#[test]
fn form_roundtrip() {
    replay_target("form_roundtrip");
}

#[test]
fn schema_file() {
    replay_target("schema_file");
}

#!/usr/bin/env bash
# `cargo check` time of 100 structs deriving LamplightRecord against the same 100 structs deriving
# serde::Serialize. Generates two throwaway crates under target/check-bench, builds their
# dependencies once, then times re-checking each crate with its source touched.
#
# Usage: benches/check_time.sh [RUNS]   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-10}
work="$root/target/check-bench"
mkdir -p "$work"

structs() { # $1 = derive line, $2 = struct attribute
  for i in $(seq 1 100); do
    cat <<RS
$1
$2
pub struct Referral$i {
    pub attendee: u64,
    pub reason: String,
    pub school_year: Option<u8>,
    pub first_language: String,
    pub support_needs: Option<String>,
    pub siblings: u32,
    pub consent_to_share: bool,
    pub notes: String,
}
RS
  done
}

make_crate() { # $1 = name, $2 = dependency lines, $3 = derive, $4 = attribute
  mkdir -p "$work/$1/src"
  cat > "$work/$1/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
$2
TOML
  structs "$3" "$4" > "$work/$1/src/lib.rs"
}

make_crate derive_lamplight "lamplight-core = { path = \"$root/lamplight-core\" }
lamplight-derive = { path = \"$root/lamplight-derive\" }" \
  "#[derive(lamplight_derive::LamplightRecord)]" "#[lamplight(referral)]"
make_crate derive_serde 'serde = { version = "1", features = ["derive"] }' \
  "#[derive(serde::Serialize)]" ""

export CARGO_TARGET_DIR="$work/target"
for c in derive_lamplight derive_serde; do (cd "$work/$c" && cargo check -q); done

hyperfine --warmup 2 --runs "$runs" --export-markdown "$work/results.md" \
  -n lamplight "touch $work/derive_lamplight/src/lib.rs && cd $work/derive_lamplight && cargo check -q" \
  -n serde "touch $work/derive_serde/src/lib.rs && cd $work/derive_serde && cargo check -q"
cat "$work/results.md"

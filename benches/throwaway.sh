# Sourced by the benchmark scripts that time throwaway crates (check_time.sh, cold_build.sh).

# throwaway_crate DIR NAME DEPENDENCY-LINES: a crate NAME under DIR, a workspace of its own (so
# that no enclosing workspace claims it), with those dependencies and an empty `src/`.
throwaway_crate() {
  mkdir -p "$1/$2/src"
  cat > "$1/$2/Cargo.toml" <<TOML
[package]
name = "$2"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
$3
TOML
}

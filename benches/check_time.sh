#!/usr/bin/env bash
# `cargo check` time of 100 eight-field structs deriving LamplightRecord (without a schema file,
# and checked against one), against the same structs deriving serde::Serialize and against the
# structs with no derive at all (the baseline the derives' own cost is measured over).
#
# Generates four throwaway crates under target/check-bench, builds their dependencies once, then
# times re-checking each crate with its source touched, RUNS rounds (default 5) alternating
# between the crates so that load on the machine falls on all of them alike. Prints the median
# and range of each, and the median less the baseline's. The figure is CPU time (user + system,
# of cargo and the compiler, to the millisecond), which other work on a shared machine disturbs
# far less than the wall-clock time, also printed.
#
# Each round also times a `cargo check` with nothing to do. What that costs is Cargo's own work
# (reading manifests, comparing fingerprints), which is larger for the lamplight crates only
# because the benchmark reaches them by path, so Cargo checks every one of their source files
# for changes; a crate taking them from crates.io would not pay it. The second table subtracts
# it: the compiler's own time on the crate.
#
# Usage: benches/check_time.sh [RUNS]   (needs cargo and bash)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
work="$root/target/check-bench"
# shellcheck source=throwaway.sh
source "$root/benches/throwaway.sh"
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
  throwaway_crate "$work" "$1" "$2"
  structs "$3" "$4" > "$work/$1/src/lib.rs"
}

lamplight_deps="lamplight-core = { path = \"$root/lamplight-core\" }
lamplight-derive = { path = \"$root/lamplight-derive\" }"
make_crate derive_lamplight "$lamplight_deps" \
  "#[derive(lamplight_derive::LamplightRecord)]" "#[lamplight(referral)]"
make_crate derive_lamplight_schema "$lamplight_deps" \
  "#[derive(lamplight_derive::LamplightRecord)]" "#[lamplight(referral)]"
cat > "$work/derive_lamplight_schema/lamplight.toml" <<'TOML'
[[fields.referral]]
label = "School year"
type = "number"

[[fields.referral]]
label = "First language"
type = "text"

[[fields.referral]]
label = "Support needs"
type = "text"

[[fields.referral]]
label = "Siblings"
type = "number"

[[fields.referral]]
label = "Consent to share"
type = "checkbox"

[[fields.referral]]
label = "Notes"
type = "text"
TOML
make_crate derive_serde 'serde = { version = "1", features = ["derive"] }' \
  "#[derive(serde::Serialize)]" ""
make_crate no_derive "" "" ""

crates=(derive_lamplight derive_lamplight_schema derive_serde no_derive)
export CARGO_TARGET_DIR="$work/target"
unset LAMPLIGHT_SCHEMA
for c in "${crates[@]}"; do (cd "$work/$c" && cargo check -q); done

# CPU time (ms) of the children of a subshell running `cargo check -q` in crate $1, then the
# wall-clock time (ms): bash's `times` reports the children's user and system time.
measure() {
  (
    cd "$work/$1"
    start=$(date +%s%N)
    cargo check -q >/dev/null 2>&1
    end=$(date +%s%N)
    # A redirection, not a pipe: a pipe would run `times` in a fresh process with no children.
    times >"$work/times.$1"
    tail -1 "$work/times.$1" | awk -v wall="$(((end - start) / 1000000))" '{
      split($1, u, /[ms]/); split($2, s, /[ms]/)
      printf "%d %d\n", (u[1] * 60 + u[2] + s[1] * 60 + s[2]) * 1000, wall
    }'
  )
}

declare -A times walls noops
for run in $(seq 1 "$runs"); do
  for c in "${crates[@]}"; do
    touch "$work/$c/src/lib.rs"
    read -r cpu wall < <(measure "$c")
    times[$c]+="$cpu "
    walls[$c]+="$wall "
    read -r cpu _ < <(measure "$c")
    noops[$c]+="$cpu "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
range() { tr ' ' '\n' | grep -v '^$' | sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo "–" hi}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "cargo check after touching lib.rs:"
echo
base=$(echo "${times[no_derive]}" | median)
serde=$(echo "${times[derive_serde]}" | median)
echo "| crate | CPU median ms | CPU range ms | CPU median − baseline ms | relative to serde (over baseline) | wall median ms (range) |"
echo "|---|---:|---:|---:|---:|---:|"
for c in "${crates[@]}"; do
  m=$(echo "${times[$c]}" | median)
  r=$(echo "${times[$c]}" | range)
  over=$((m - base))
  w=$(echo "${walls[$c]}" | median)
  wr=$(echo "${walls[$c]}" | range)
  echo "| $c | $m | $r | $over | $(ratio "$over" "$((serde - base))") | $w ($wr) |"
done

# The compiler's own share: each round's touched check less the same round's no-op check.
declare -A compiler
for c in "${crates[@]}"; do
  read -ra t <<<"${times[$c]}"
  read -ra n <<<"${noops[$c]}"
  for i in "${!t[@]}"; do compiler[$c]+="$((t[i] - n[i])) "; done
done
echo
echo "The same, less a no-op cargo check of the same crate in the same round (the compiler's share):"
echo
base=$(echo "${compiler[no_derive]}" | median)
serde=$(echo "${compiler[derive_serde]}" | median)
echo "| crate | no-op check CPU median ms | compiler CPU median ms | range ms | median − baseline ms | relative to serde (over baseline) |"
echo "|---|---:|---:|---:|---:|---:|"
for c in "${crates[@]}"; do
  nm=$(echo "${noops[$c]}" | median)
  m=$(echo "${compiler[$c]}" | median)
  r=$(echo "${compiler[$c]}" | range)
  over=$((m - base))
  echo "| $c | $nm | $m | $r | $over | $(ratio "$over" "$((serde - base))") |"
done

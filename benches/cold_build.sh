#!/usr/bin/env bash
# Cold build of a new program that sends one referral with lamplight, against the same program
# written with reqwest + tokio + serde alone: the cost a new user pays on the first `cargo build`.
#
# Generates two throwaway crates in a temporary directory:
# - `with_lamplight`: depends on `lamplight` (a path dependency to this workspace, default
#   features) and tokio (rt-multi-thread, macros); `main` derives a referral, builds a `Client`
#   and sends it once.
# - `with_reqwest_TLS`: depends on reqwest (rustls, form, json, query), tokio (rt-multi-thread, macros) and
#   serde (derive); `main` derives `Serialize` on the same referral, builds a `reqwest::Client`
#   and posts it as a form once (credentials in the query string), decoding the JSON reply.
# Both start from this workspace's Cargo.lock, so both sides build the same versions.
#
# Each round builds both crates from an empty target directory (a fresh CARGO_TARGET_DIR; the
# registry in CARGO_HOME stays cached, so nothing is downloaded), alternating between them, RUNS
# rounds (default 5). Prints, per crate, the median and range of the wall time and of the CPU time
# (user + system of cargo, rustc, build scripts and the C compiler). CPU time is the figure to
# read on a shared machine: other work stretches the wall time far more. Also prints the number
# of compiled units (the "Compiling" lines of cargo) and of distinct crates in the dependency
# tree (`cargo tree -e normal,build`), and the load average before and after.
#
# Usage: benches/cold_build.sh [RUNS]
#   PROFILE=release        build with --release (default: debug)
#   REQWEST_TLS="aws-lc ring"  one reqwest crate per TLS provider listed: `aws-lc` is reqwest's
#                          own `rustls` feature, what a new user of reqwest picks (the default);
#                          `ring` is `rustls-no-provider` plus rustls with ring, installed in main
#   LAMPLIGHT_DIR=PATH     the lamplight workspace to depend on (default: this one), e.g. an
#                          earlier commit: `git archive COMMIT | tar -x -C /tmp/old`
#   LAMPLIGHT_BEFORE=PATH  also build `with_lamplight_before`, the same crate against another
#                          lamplight workspace, in the same rounds
#   ONLY=lamplight|reqwest build one kind of crate only
# Needs: cargo (with the registry already fetched: `cargo fetch` in this workspace), GNU time
# (apt-get install time), and a C compiler (cc) for aws-lc-sys or ring.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-5}
profile=${PROFILE:-debug}
reqwest_tls=${REQWEST_TLS:-aws-lc}
lamplight_dir=${LAMPLIGHT_DIR:-$root}
only=${ONLY:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/lamplight-cold-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
# shellcheck source=throwaway.sh
source "$root/benches/throwaway.sh"

release_flag=()
[ "$profile" = release ] && release_flag=(--release)
# The workspace pins its toolchain; the throwaway crates build with the same one.
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' "$root/rust-toolchain.toml")
export RUSTUP_TOOLCHAIN=${RUSTUP_TOOLCHAIN:-$toolchain}
export CARGO_INCREMENTAL=0

package() { # $1 = name, $2 = dependency lines
  throwaway_crate "$work" "$1" "$2"
  cp "$lamplight_dir/Cargo.lock" "$work/$1/Cargo.lock"
}

lamplight_package() { # $1 = package name, $2 = the lamplight workspace
lamplight_dir=$2 package "$1" "lamplight = { path = \"$2\" }
tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }"
cat > "$work/$1/src/main.rs" <<'RS'
use lamplight::{Client, Credentials, LamplightRecord, ProfileRef, WorkareaId};

#[derive(LamplightRecord)]
#[lamplight(referral)]
struct Referral {
    attendee: ProfileRef,
    reason: String,
    workarea: WorkareaId,
    school_year: Option<u8>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .credentials(Credentials::new(1, 2, "not-a-key"))
        .base_url("http://127.0.0.1:9/")
        .build()?;
    let referral = Referral {
        attendee: ProfileRef::id(7),
        reason: "Would like a mentor".into(),
        workarea: WorkareaId::one(1),
        school_year: None,
    };
    match client.create(&referral).await {
        Ok(created) => println!("referral {}", created.id),
        Err(err) => eprintln!("not sent: {err}"),
    }
    Ok(())
}
RS
}

reqwest_package() { # $1 = aws-lc or ring
if [ "$1" = ring ]; then
  reqwest_deps='reqwest = { version = "0.13", default-features = false, features = ["rustls-no-provider", "form", "json", "query"] }
rustls = { version = "0.23", default-features = false, features = ["ring", "std", "tls12"] }'
  install_provider='let _ = rustls::crypto::ring::default_provider().install_default();'
else
  reqwest_deps='reqwest = { version = "0.13", default-features = false, features = ["rustls", "form", "json", "query"] }'
  install_provider=''
fi
package "with_reqwest_$1" "$reqwest_deps
serde = { version = \"1\", features = [\"derive\"] }
tokio = { version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }"
cat > "$work/with_reqwest_$1/src/main.rs" <<RS
use std::time::Duration;

#[derive(serde::Serialize)]
struct Referral {
    attendee: u64,
    #[serde(rename = "referral_reason")]
    reason: String,
    #[serde(rename = "workareaid")]
    workarea: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    school_year: Option<u8>,
}

#[derive(serde::Deserialize)]
struct Reply {
    data: u64,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    $install_provider
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()?;
    let referral = Referral {
        attendee: 7,
        reason: "Would like a mentor".into(),
        workarea: 1,
        school_year: None,
    };
    let sent = client
        .post("http://127.0.0.1:9/referral/add")
        .query(&[("lampid", "1"), ("project", "2"), ("key", "not-a-key")])
        .form(&referral)
        .send()
        .await;
    match sent {
        Ok(response) => match response.json::<Reply>().await {
            Ok(reply) => println!("referral {}", reply.data),
            Err(err) => eprintln!("not understood: {err}"),
        },
        Err(err) => eprintln!("not sent: {err}"),
    }
    Ok(())
}
RS
}

sides=()
if [ "$only" != reqwest ]; then
  lamplight_package with_lamplight "$lamplight_dir"
  sides+=(with_lamplight)
  if [ -n "${LAMPLIGHT_BEFORE:-}" ]; then
    lamplight_package with_lamplight_before "$LAMPLIGHT_BEFORE"
    sides+=(with_lamplight_before)
  fi
fi
for tls in $reqwest_tls; do
  reqwest_package "$tls"
  [ "$only" = lamplight ] || sides+=("with_reqwest_$tls")
done
# Resolve once, offline, keeping the copied lock's versions, so every round builds one graph.
for side in "${sides[@]}"; do
  (cd "$work/$side" && cargo metadata --offline --format-version 1 >/dev/null)
  (cd "$work/$side" && cargo fetch --locked -q)
  units=$(cd "$work/$side" && cargo tree --locked --prefix none -e normal,build 2>/dev/null |
    sed 's/ (\*)$//; s/ (proc-macro)$//' | sort -u | wc -l)
  echo "$side: $units crates in the tree (cargo tree -e normal,build)"
done

echo "profile $profile, reqwest TLS $reqwest_tls, lamplight from $lamplight_dir, $runs rounds"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$runs"); do
  for side in "${sides[@]}"; do
    target="$work/target-$side"
    rm -rf "$target"
    log="$work/$side.log"
    (cd "$work/$side" && CARGO_TARGET_DIR="$target" /usr/bin/time -f '%e %U %S' -o "$work/time" \
      cargo build --locked "${release_flag[@]}" >"$log" 2>&1) || {
      cat "$log" >&2
      exit 1
    }
    read -r wall user sys < "$work/time"
    compiled=$(grep -c '^ *Compiling ' "$log" || true)
    echo "$side $wall $(echo "$user + $sys" | bc) $compiled" >> "$work/results"
    printf '%s round %d: wall %ss, cpu %ss, %d units compiled\n' \
      "$side" "$round" "$wall" "$(echo "$user + $sys" | bc)" "$compiled"
    rm -rf "$target"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

stats() { # stdin: numbers; prints "median (min-max)"
  sort -n | awk '{a[NR]=$1} END {
    m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2;
    printf "%.1f (%.1f-%.1f)", m, a[1], a[NR] }'
}
median() { sort -n | awk '{a[NR]=$1} END { print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2 }'; }
for side in "${sides[@]}"; do
  printf '%-15s wall %s s, cpu %s s, %s units\n' "$side" \
    "$(awk -v s="$side" '$1 == s {print $2}' "$work/results" | stats)" \
    "$(awk -v s="$side" '$1 == s {print $3}' "$work/results" | stats)" \
    "$(awk -v s="$side" '$1 == s {print $4}' "$work/results" | median)"
done
lamplights=(with_lamplight)
[ -n "${LAMPLIGHT_BEFORE:-}" ] && lamplights+=(with_lamplight_before)
[ -z "$only" ] && for lamplight in "${lamplights[@]}"; do
  for tls in $reqwest_tls; do
    for col in 2 3; do
      l=$(awk -v c=$col -v s="$lamplight" '$1 == s {print $c}' "$work/results" | median)
      r=$(awk -v c=$col -v s="with_reqwest_$tls" '$1 == s {print $c}' "$work/results" | median)
      name=$([ $col = 2 ] && echo wall || echo cpu)
      printf 'ratio %s / reqwest (%s) + tokio + serde, %s: %.2fx\n' "$lamplight" "$tls" \
        "$name" "$(echo "$l / $r" | bc -l)"
    done
  done
done
true

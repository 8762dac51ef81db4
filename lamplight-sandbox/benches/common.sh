# Sourced by load.sh and memory.sh: builds the release sandbox, starts it on 127.0.0.1:0 with the
# demo config, and stops it (and nginx, when a script starts one) on exit.
#
# After `start_sandbox [FLAGS...]`: `$base` is its API URL, `$sandbox_pid` its process, and
# `$creds` and `$form` the demo's credentials and a nine-field referral body. `stop_sandbox`
# stops it, so that a script can start a fresh one. SANDBOX_BIN runs that binary instead of
# building one (to compare two builds side by side).

crate_dir=$(cd "$(dirname "$0")/.." && pwd)
workspace=$(cd "$crate_dir/.." && pwd)
target=${CARGO_TARGET_DIR:-$workspace/target}

creds="lampid=1234&project=1&key=sandbox-demo-key"
form='attendee=653&referrer=658&referral_reason=Low+confidence&date_from=2026-11-28&workareaid=11&How_did_you_hear=Word+of+mouth&school_year=9&Support_needed%5B0%5D=Confidence&Support_needed%5B1%5D=Wellbeing'

tmp=$(mktemp -d)
sandbox_pid=""
nginx_pid=""
cleanup() {
    [ -n "$sandbox_pid" ] && kill -INT "$sandbox_pid" 2>/dev/null || true
    [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

built=""
start_sandbox() {
    local bin=${SANDBOX_BIN:-$target/release/lamplight-sandbox}
    if [ -z "${SANDBOX_BIN:-}" ] && [ -z "$built" ]; then
        echo "building the sandbox (release)..." >&2
        (cd "$workspace" && CARGO_TARGET_DIR="$target" cargo build --quiet --release -p lamplight-sandbox)
        built=1
    fi
    "$bin" --addr 127.0.0.1:0 "$@" >"$tmp/sandbox.out" 2>/dev/null &
    sandbox_pid=$!
    for _ in $(seq 100); do
        grep -q '^lamplight-sandbox listening on' "$tmp/sandbox.out" 2>/dev/null && break
        sleep 0.1
    done
    base=$(head -n1 "$tmp/sandbox.out" | grep -o 'http://[^ ]*')
    [ -n "$base" ] || { echo "the sandbox did not start" >&2; exit 1; }
}

stop_sandbox() {
    if [ -n "$sandbox_pid" ]; then
        kill -INT "$sandbox_pid" 2>/dev/null || true
        wait "$sandbox_pid" 2>/dev/null || true
        sandbox_pid=""
    fi
}

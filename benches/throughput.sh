#!/usr/bin/env bash
# Client referrals/s against the sandbox, beside wrk posting the same body at the same
# concurrency to the same sandbox binary. Loopback only; each run is short.
#
# Usage: benches/throughput.sh [CONCURRENCY] [SECONDS]   (needs wrk: apt-get install wrk)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
concurrency=${1:-16}
seconds=${2:-10}
port=18642
work=$(mktemp -d)
trap 'kill "$sandbox" 2>/dev/null || true; rm -rf "$work"' EXIT

cd "$root"
cargo build -q --release -p lamplight-sandbox
cargo bench -q --bench throughput --no-run

run_sandbox() {
  target/release/lamplight-sandbox --addr "127.0.0.1:$port" --lampid 1 --project 1 --key bench-key \
    > "$work/sandbox.log" &
  sandbox=$!
  for _ in $(seq 50); do grep -q http "$work/sandbox.log" 2>/dev/null && return; sleep 0.1; done
}

base="http://127.0.0.1:$port/api/"
run_sandbox
cargo bench -q --bench throughput -- "$base" 1 1 bench-key "$concurrency" "$seconds" "$work/body"
kill "$sandbox"; wait "$sandbox" 2>/dev/null || true

# A fresh sandbox, so both runs start from the same state.
run_sandbox
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local f = io.open("$work/body", "r")
wrk.body = f:read("*a")
f:close()
LUA
echo "wrk:"
wrk -t2 -c"$concurrency" -d"${seconds}s" -s "$work/post.lua" \
  "${base}referral/add/format/json?lampid=1&project=1&key=bench-key"

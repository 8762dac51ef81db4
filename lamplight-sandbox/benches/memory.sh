#!/usr/bin/env bash
# The sandbox's memory after a million stored referrals: its resident set size idle, then after
# wrk has posted referrals until the record cap (max_records, 1 000 000 here) answers 507.
#
# Needs wrk (Debian: apt-get install -y wrk). Not run by CI. Settings: RECORDS (1000000),
# CONNECTIONS (64), CARGO_TARGET_DIR.
set -euo pipefail

RECORDS=${RECORDS:-1000000}
CONNECTIONS=${CONNECTIONS:-64}
crate_dir=$(cd "$(dirname "$0")/.." && pwd)
workspace=$(cd "$crate_dir/.." && pwd)
target=${CARGO_TARGET_DIR:-$workspace/target}
command -v wrk >/dev/null || { echo "memory.sh needs wrk" >&2; exit 1; }

echo "building the sandbox (release)..." >&2
(cd "$workspace" && CARGO_TARGET_DIR="$target" cargo build --quiet --release -p lamplight-sandbox)

tmp=$(mktemp -d)
sandbox_pid=""
cleanup() {
    [ -n "$sandbox_pid" ] && kill -INT "$sandbox_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

"$target/release/lamplight-sandbox" --addr 127.0.0.1:0 --max-records "$RECORDS" >"$tmp/out" 2>/dev/null &
sandbox_pid=$!
for _ in $(seq 100); do
    grep -q '^lamplight-sandbox listening on' "$tmp/out" 2>/dev/null && break
    sleep 0.1
done
base=$(head -n1 "$tmp/out" | grep -o 'http://[^ ]*')
[ -n "$base" ] || { echo "the sandbox did not start" >&2; exit 1; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$sandbox_pid/status"; }
echo "idle RSS: $(rss) KiB"

cat > "$tmp/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "attendee=653&referrer=658&referral_reason=Low+confidence&date_from=2026-11-28&workareaid=11&How_did_you_hear=Word+of+mouth&school_year=9&Support_needed%5B0%5D=Confidence&Support_needed%5B1%5D=Wellbeing"
LUA
url="${base}referral/add/format/json?lampid=1234&project=1&key=sandbox-demo-key"
stored=0
# Rounds of 10 s until the cap answers: every 2xx reply is one stored referral.
while [ "$stored" -lt "$RECORDS" ]; do
    wrk -t2 -c"$CONNECTIONS" -d10s -s "$tmp/post.lua" "$url" > "$tmp/wrk"
    total=$(awk '/requests in/ {print $1}' "$tmp/wrk")
    refused=$(awk '/Non-2xx/ {print $5}' "$tmp/wrk")
    stored=$(( stored + total - ${refused:-0} ))
    echo "stored so far: $stored; RSS $(rss) KiB" >&2
    # Once the cap answers 507 the sandbox is full (wrk's count of requests cut off at the end of
    # a round can make the sum fall a little short of the cap).
    [ "${refused:-0}" -gt 0 ] && break
done
echo "referrals stored: $stored (the cap is $RECORDS)"
echo "RSS after them: $(rss) KiB"

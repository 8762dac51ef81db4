#!/usr/bin/env bash
# The sandbox's memory after a million stored referrals: its resident set size idle, then after
# wrk has posted referrals until the record cap (max_records, 1 000 000 here) answers 507.
#
# Needs wrk (Debian: apt-get install -y wrk). Not run by CI. Settings: RECORDS (1000000),
# CONNECTIONS (64), CARGO_TARGET_DIR.
set -euo pipefail

RECORDS=${RECORDS:-1000000}
CONNECTIONS=${CONNECTIONS:-64}
command -v wrk >/dev/null || { echo "memory.sh needs wrk" >&2; exit 1; }

. "$(dirname "$0")/common.sh"
start_sandbox --max-records "$RECORDS"
rss() { awk '/^VmRSS/ {print $2}' "/proc/$sandbox_pid/status"; }
echo "idle RSS: $(rss) KiB"

cat > "$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "$form"
LUA
url="${base}referral/add/format/json?$creds"
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

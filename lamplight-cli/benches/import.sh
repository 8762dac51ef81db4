#!/usr/bin/env bash
# Import throughput and peak memory: `lamplight import referrals` of a generated CSV against
# the release-built `lamplight-sandbox` on loopback. Not run by CI.
#
#   bash lamplight-cli/benches/import.sh            # 100 000 rows, concurrency 4
#   ROWS=20000 CONCURRENCY=8 bash lamplight-cli/benches/import.sh
#
# For each setting it starts a fresh sandbox, imports the file with /usr/bin/time -v, and
# reports rows/s (wall clock) and the importer's peak resident memory. A small file is imported
# too, so that the two peaks show whether memory grows with the file.
set -euo pipefail

ROWS=${ROWS:-100000}
SMALL_ROWS=${SMALL_ROWS:-10000}
CONCURRENCY=${CONCURRENCY:-4}
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}

cargo build --release -p lamplight-cli -p lamplight-sandbox
bin="$CARGO_TARGET_DIR/release"

work=$(mktemp -d)
sandbox_pid=""
cleanup() {
    if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

generate() { # rows file
    awk -v rows="$1" 'BEGIN {
        split("Word of mouth,Website,Social media,School,Other", sources, ",")
        split("653,654,655,656", attendees, ",")
        print "Email,Why,Source,Needs,Year"
        for (i = 1; i <= rows; i++) {
            printf "%s,\"Referral %d: needs support with school, confidence and friendships\",%s,Confidence;Education,%d\n",
                attendees[1 + i % 4], i, sources[1 + i % 5], 7 + i % 5
        }
    }' > "$2"
}

cat > "$work/map.toml" <<'MAP'
[fields]
attendee = "Email"
reason = "Why"
"How did you hear" = "Source"
"Support needed" = { column = "Needs", separator = ";" }
"school year" = "Year"

[constants]
workarea = 11
MAP

start_sandbox() {
    : > "$work/sandbox.out"
    "$bin/lamplight-sandbox" --addr 127.0.0.1:0 > "$work/sandbox.out" 2>&1 &
    sandbox_pid=$!
    for _ in $(seq 1 200); do
        if grep -q "listening on" "$work/sandbox.out"; then break; fi
        sleep 0.05
    done
    base_url=$(head -n1 "$work/sandbox.out" | awk '{print $NF}')
}

stop_sandbox() {
    kill -INT "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
    sandbox_pid=""
}

run() { # label rows extra-flags...
    local label=$1 rows=$2
    shift 2
    local csv="$work/rows-$rows-$label.csv"
    generate "$rows" "$csv"
    start_sandbox
    local start end
    start=$(date +%s.%N)
    LAMPLIGHT_BASE_URL="$base_url" LAMPLIGHT_LAMPID=1234 LAMPLIGHT_PROJECT=1 \
        LAMPLIGHT_KEY=sandbox-demo-key \
        /usr/bin/time -v "$bin/lamplight" --json import referrals "$csv" --map "$work/map.toml" \
        --concurrency "$CONCURRENCY" "$@" > "$work/summary.json" 2> "$work/time.txt"
    end=$(date +%s.%N)
    stop_sandbox
    local stored rss
    stored=$(grep '"stored":' "$work/summary.json" | tr -dc '0-9')
    rss=$(grep "Maximum resident set size" "$work/time.txt" | awk '{print $NF}')
    awk -v label="$label" -v rows="$rows" -v stored="$stored" -v start="$start" -v end="$end" \
        -v rss="$rss" 'BEGIN {
            secs = end - start
            printf "%-28s %8d rows  %8d stored  %7.2f s  %8.0f rows/s  peak RSS %6.1f MiB\n",
                label, rows, stored, secs, rows / secs, rss / 1024
        }'
}

echo "rows=$ROWS concurrency=$CONCURRENCY, $(nproc) cores"
run "fsync each started row" "$ROWS"
run "--no-fsync" "$ROWS" --no-fsync
run "fsync, small file" "$SMALL_ROWS"

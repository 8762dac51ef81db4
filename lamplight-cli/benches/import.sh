#!/usr/bin/env bash
# Import throughput and peak memory: `lamplight import referrals` of a generated CSV against
# the release-built `lamplight-sandbox` on loopback. Not run by CI.
#
#   bash lamplight-cli/benches/import.sh            # 100 000 rows, concurrency 4
#   ROWS=20000 CONCURRENCY=8 bash lamplight-cli/benches/import.sh
#   bash lamplight-cli/benches/import.sh latency    # 3 000 rows, sandbox at --latency-ms 20
#   bash lamplight-cli/benches/import.sh auto       # --concurrency auto under --rate-limit
#   SANDBOX_BIN=/path/to/lamplight-sandbox bash lamplight-cli/benches/import.sh latency
#
# Needs: cargo, awk, curl, GNU time (/usr/bin/time, Debian package `time`).
#
# Default: for each setting it starts a fresh sandbox, imports the file with /usr/bin/time -v,
# and reports rows/s (wall clock) and the importer's peak resident memory. A small file is
# imported too, so that the two peaks show whether memory grows with the file.
#
# `latency`: RUNS (5) alternating runs at concurrency 16 and 64 against a sandbox that adds
# LATENCY_MS (20) to every request, each a fresh sandbox and a fresh journal; reports the median
# and range of rows/s as a fraction of the limit, concurrency / latency. The sandbox's own
# round trip (measured with curl) is printed too: the limit assumes exactly LATENCY_MS.
#
# `auto`: RUNS runs of `--concurrency auto` against a sandbox limited to RATE (400) requests a
# second with LATENCY_MS of latency; reports what the import settled on (its mean number of
# rows in flight, against RATE x LATENCY_MS), the 429s it met, and rows/s against the rate.
set -euo pipefail
MODE=${1:-throughput}

ROWS=${ROWS:-100000}
SMALL_ROWS=${SMALL_ROWS:-10000}
CONCURRENCY=${CONCURRENCY:-4}
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}

cargo build --release -p lamplight-cli -p lamplight-sandbox
bin="$CARGO_TARGET_DIR/release"
# Another sandbox binary (e.g. one built from an earlier commit) to compare against.
sandbox_bin=${SANDBOX_BIN:-$bin/lamplight-sandbox}

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

start_sandbox() { # extra sandbox flags...
    : > "$work/sandbox.out"
    "$sandbox_bin" --addr 127.0.0.1:0 "$@" > "$work/sandbox.out" 2>&1 &
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

# One import of $csv against a fresh sandbox: prints "seconds" and leaves the JSON summary in
# $work/summary.json.
timed_import() { # concurrency sandbox-flags...
    local concurrency=$1
    shift
    start_sandbox "$@"
    rm -f "$csv.journal" "$csv.journal.lock" "$csv.results.csv"
    local start end
    start=$(date +%s.%N)
    LAMPLIGHT_BASE_URL="$base_url" LAMPLIGHT_LAMPID=1234 LAMPLIGHT_PROJECT=1 \
        LAMPLIGHT_KEY=sandbox-demo-key \
        "$bin/lamplight" --json import referrals "$csv" --map "$work/map.toml" \
        --concurrency "$concurrency" > "$work/summary.json" || true
    end=$(date +%s.%N)
    stop_sandbox
    awk -v start="$start" -v end="$end" 'BEGIN { printf "%.4f\n", end - start }'
}

# Median and range of the numbers on stdin, one a line.
stats() {
    sort -g | awk '{ v[NR] = $1 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "median %.3f  range %.3f-%.3f  (%d runs)", m, v[1], v[NR], NR
    }'
}

json_field() { # name
    tr -d ' \n' < "$work/summary.json" | grep -o "\"$1\":[0-9.]*" | head -n1 | cut -d: -f2
}

RUNS=${RUNS:-5}
LATENCY_MS=${LATENCY_MS:-20}
LATENCY_ROWS=${LATENCY_ROWS:-3000}
RATE=${RATE:-400}

case "$MODE" in
latency)
    csv="$work/latency.csv"
    generate "$LATENCY_ROWS" "$csv"
    start_sandbox --latency-ms "$LATENCY_MS"
    for _ in $(seq 1 20); do
        curl -s -o /dev/null -w "%{time_total}\n" "${base_url}work/some?lampid=1234&project=1&key=sandbox-demo-key"
    done | awk '{ printf "%.2f\n", $1 * 1000 }' > "$work/rtt.txt"
    stop_sandbox
    echo "rows=$LATENCY_ROWS latency=${LATENCY_MS}ms, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "sandbox round trip (curl, ms): $(stats < "$work/rtt.txt")"
    : > "$work/c16.txt"
    : > "$work/c64.txt"
    for _ in $(seq 1 "$RUNS"); do
        for concurrency in 16 64; do
            secs=$(timed_import "$concurrency" --latency-ms "$LATENCY_MS")
            stored=$(json_field stored)
            [ "$stored" = "$LATENCY_ROWS" ] || echo "warning: stored $stored of $LATENCY_ROWS" >&2
            awk -v rows="$LATENCY_ROWS" -v secs="$secs" -v c="$concurrency" -v ms="$LATENCY_MS" \
                -v inside="$(json_field replies_per_second)" \
                'BEGIN { limit = c * 1000 / ms
                    printf "%.4f %.1f %.4f\n", (rows / secs) / limit, rows / secs, inside / limit }' \
                >> "$work/c$concurrency.txt"
        done
    done
    for concurrency in 16 64; do
        echo "concurrency $concurrency: rows/s $(cut -d' ' -f2 "$work/c$concurrency.txt" | stats)"
        echo "concurrency $concurrency: fraction of c/latency $(cut -d' ' -f1 "$work/c$concurrency.txt" | stats)"
        echo "concurrency $concurrency: the same from the first request to the last reply $(cut -d' ' -f3 "$work/c$concurrency.txt" | stats)"
    done
    ;;
auto)
    csv="$work/auto.csv"
    generate "$LATENCY_ROWS" "$csv"
    echo "rows=$LATENCY_ROWS rate=$RATE/s latency=${LATENCY_MS}ms (rate x latency = $((RATE * LATENCY_MS / 1000)) in flight), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
    : > "$work/auto.txt"
    for run in $(seq 1 "$RUNS"); do
        secs=$(timed_import auto --latency-ms "$LATENCY_MS" --rate-limit "$RATE")
        line=$(awk -v rows="$(json_field stored)" -v secs="$secs" -v rate="$RATE" \
            -v settled="$(json_field settled)" -v limit="$(json_field limit)" \
            -v lowest="$(json_field lowest)" -v highest="$(json_field highest)" \
            -v busy="$(json_field busy_replies)" -v inside="$(json_field replies_per_second)" \
            'BEGIN { printf "stored %d  %.0f rows/s (%.2f of the rate)  settled %.1f  limit %d (%d-%d)  429s %d  replies/s %d",
                rows, rows / secs, rows / secs / rate, settled, limit, lowest, highest, busy, inside }')
        echo "run $run: $line"
        echo "$line" | awk '{ print $5 }' | tr -d '(' >> "$work/auto.txt"
        echo "$line" | awk '{ print $10 }' >> "$work/settled.txt"
    done
    echo "fraction of the rate: $(stats < "$work/auto.txt")"
    echo "settled on (mean rows in flight): $(stats < "$work/settled.txt")"
    ;;
*)
    echo "rows=$ROWS concurrency=$CONCURRENCY, $(nproc) cores"
    run "fsync each started row" "$ROWS"
    run "--no-fsync" "$ROWS" --no-fsync
    run "fsync, small file" "$SMALL_ROWS"
    ;;
esac

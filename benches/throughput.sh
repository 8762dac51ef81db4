#!/usr/bin/env bash
# Client overhead: requests/s of three senders posting the same referral body to an nginx that
# answers every POST with the sandbox's own reply bytes, so the server is never the bottleneck.
#
#   lamplight  Client::create of a derived referral (encode, send, lenient decode)
#   reqwest    a plain reqwest::Client posting the same body, decoding the reply with serde_json
#   wrk        wrk posting the same body (one thread per connection up to 2)
#
# Each sender runs ROUNDS times (default 5), alternating, at concurrency 1 and 32, for SECONDS
# each (DURATION, default 5). Prints the median and range of each, and the ratios to reqwest and wrk.
#
# Usage: benches/throughput.sh          Needs: apt-get install -y nginx wrk
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-5}
SECONDS_EACH=${DURATION:-5}
CONCURRENCIES=${CONCURRENCIES:-"1 32"}
for tool in nginx wrk; do
    command -v "$tool" >/dev/null || { echo "throughput.sh needs $tool (apt-get install -y nginx wrk)" >&2; exit 1; }
done
work=$(mktemp -d)
nginx_pid=""
cleanup() {
    [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
cargo bench -q --bench throughput --no-run
bench() { cargo bench -q --bench throughput -- "$@"; }

# The sandbox's own reply to referral/add, in its default shape.
reply='{"data":{"id":12345,"attend":true},"meta":""}'
port=$(( 20000 + RANDOM % 20000 ))
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx/body;
    keepalive_requests 10000000;
    server {
        listen 127.0.0.1:$port;
        default_type application/json;
        location /api/ { return 200 '$reply'; }
    }
}
CONF
nginx -c "$work/nginx.conf" -p "$work/nginx" &
nginx_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port/api/"

bench lamplight "$base" 1 1 "$work/body" >/dev/null
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local f = io.open("$work/body", "r")
wrk.body = f:read("*a")
f:close()
LUA
url="${base}referral/add/format/json?lampid=1&project=1&key=bench-key"

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.0f %.0f %.0f\n", m, a[1], a[NR]}'; }

for c in $CONCURRENCIES; do
    : > "$work/lamplight.$c"; : > "$work/reqwest.$c"; : > "$work/wrk.$c"
    threads=$(( c < 2 ? c : 2 ))
    for round in $(seq "$ROUNDS"); do
        for sender in lamplight reqwest wrk; do
            if [ "$sender" = wrk ]; then
                wrk -t"$threads" -c"$c" -d"${SECONDS_EACH}s" -s "$work/post.lua" "$url" \
                    | awk '/Requests\/sec/ {print int($2)}' >> "$work/wrk.$c"
            else
                bench "$sender" "$base" "$c" "$SECONDS_EACH" \
                    | grep -o '[0-9]* requests/s' | awk '{print $1}' >> "$work/$sender.$c"
            fi
        done
        echo "concurrency $c round $round done" >&2
    done
    read -r l_med l_min l_max < <(median < "$work/lamplight.$c")
    read -r r_med r_min r_max < <(median < "$work/reqwest.$c")
    read -r w_med w_min w_max < <(median < "$work/wrk.$c")
    echo "concurrency $c ($ROUNDS alternating runs of ${SECONDS_EACH}s; median [min-max] requests/s)"
    echo "  lamplight $l_med [$l_min-$l_max]"
    echo "  reqwest   $r_med [$r_min-$r_max]"
    echo "  wrk       $w_med [$w_min-$w_max]"
    awk -v l="$l_med" -v r="$r_med" -v w="$w_med" \
        'BEGIN {printf "  lamplight/reqwest %.2f, lamplight/wrk %.2f, reqwest/wrk %.2f\n", l/r, l/w, r/w}'
done

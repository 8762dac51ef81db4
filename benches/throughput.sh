#!/usr/bin/env bash
# Client overhead: requests/s of several senders posting the same referral body to an nginx that
# answers every POST with the sandbox's own reply bytes, so the server is never the bottleneck.
#
#   lamplight     Client::create of a derived referral (encode, send, lenient decode, strict check)
#   reqwest       a plain reqwest::Client posting .form(&twin) of a serde twin (the same bytes,
#                 encoded per request), decoding the reply's id with serde_json
#   reqwest-timeout  reqwest with a 30 s timeout per request, as lamplight always sets
#   reqwest-body  reqwest with the body encoded once, before the run
#   hyper         the same request and decoding on hyper-util's pooled client, under reqwest
#   wrk           wrk posting the same body (one thread per connection up to 2)
#
# Each sender runs ROUNDS times (default 5), alternating, at each of CONCURRENCIES (default
# "1 32"), for DURATION seconds each (default 5); SENDERS picks and orders them. Prints the
# median and range of requests/s and of the sender's CPU time per request (user + system; not
# for wrk), and the ratios to reqwest and wrk.
#
# THROUGHPUT_RUNTIME=current runs the Rust senders on a single-threaded tokio runtime.
#
# Usage: benches/throughput.sh          Needs: cargo, apt-get install -y nginx wrk
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-5}
SECONDS_EACH=${DURATION:-5}
CONCURRENCIES=${CONCURRENCIES:-"1 32"}
SENDERS=${SENDERS:-"lamplight reqwest reqwest-timeout reqwest-body hyper wrk"}
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
median_f() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f %.2f %.2f\n", m, a[1], a[NR]}'; }

for c in $CONCURRENCIES; do
    for sender in $SENDERS; do : > "$work/$sender.$c"; : > "$work/$sender.cpu.$c"; done
    threads=$(( c < 2 ? c : 2 ))
    for round in $(seq "$ROUNDS"); do
        for sender in $SENDERS; do
            if [ "$sender" = wrk ]; then
                wrk -t"$threads" -c"$c" -d"${SECONDS_EACH}s" -s "$work/post.lua" "$url" \
                    | awk '/Requests\/sec/ {print int($2)}' >> "$work/wrk.$c"
            else
                line=$(bench "$sender" "$base" "$c" "$SECONDS_EACH")
                echo "$line" | grep -o '[0-9]* requests/s' | awk '{print $1}' >> "$work/$sender.$c"
                echo "$line" | grep -o '[0-9.]* cpu_us' | awk '{print $1}' >> "$work/$sender.cpu.$c"
            fi
        done
        echo "concurrency $c round $round done (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    done
    echo "concurrency $c ($ROUNDS alternating runs of ${SECONDS_EACH}s; median [min-max])"
    for sender in $SENDERS; do
        read -r med min max < <(median < "$work/$sender.$c")
        eval "med_${sender//-/_}=$med"
        if [ "$sender" = wrk ]; then
            printf '  %-16s %s [%s-%s] requests/s\n' "$sender" "$med" "$min" "$max"
        else
            read -r cmed cmin cmax < <(median_f < "$work/$sender.cpu.$c")
            eval "cpu_${sender//-/_}=$cmed"
            printf '  %-16s %s [%s-%s] requests/s, %s [%s-%s] CPU us/request\n' \
                "$sender" "$med" "$min" "$max" "$cmed" "$cmin" "$cmax"
        fi
    done
    if [ -n "${med_lamplight:-}" ] && [ -n "${med_reqwest:-}" ]; then
        awk -v l="$med_lamplight" -v r="$med_reqwest" -v lc="$cpu_lamplight" -v rc="$cpu_reqwest" \
            'BEGIN {printf "  lamplight/reqwest %.2f requests/s, %.2f CPU per request\n", l/r, lc/rc}'
    fi
    if [ -n "${med_lamplight:-}" ] && [ -n "${med_wrk:-}" ]; then
        awk -v l="$med_lamplight" -v w="$med_wrk" -v r="${med_reqwest:-0}" \
            'BEGIN {printf "  lamplight/wrk %.2f, reqwest/wrk %.2f\n", l/w, r/w}'
    fi
done

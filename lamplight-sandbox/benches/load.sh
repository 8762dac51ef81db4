#!/usr/bin/env bash
# Sandbox throughput: requests/s of the lamplight-sandbox binary under wrk, next to an nginx
# that returns the same bytes as a fixed reply, at the same concurrency, on loopback.
#
# Needs wrk and nginx (Debian: apt-get install -y wrk nginx). Not run by CI.
# RUNS rounds (5), each measuring, in turn, a fresh sandbox (a read, then a write), nginx, and
# (when BEFORE names another lamplight-sandbox binary) that build too; then the median and range
# of each. Settings: DURATION of each measurement (10s), THREADS (2), CONNECTIONS (64),
# MAX_RECORDS (the sandbox's record cap, 10000000: a write past it gets 507, which would flatter
# the write figure), SANDBOX_BIN (run this binary instead of building one), CARGO_TARGET_DIR.
set -euo pipefail

RUNS=${RUNS:-5}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
MAX_RECORDS=${MAX_RECORDS:-10000000}
BEFORE=${BEFORE:-}
for tool in wrk nginx curl; do
    command -v "$tool" >/dev/null || { echo "load.sh needs $tool" >&2; exit 1; }
done

. "$(dirname "$0")/common.sh"
read_path="work/some/format/json?$creds&num=5"
write_path="referral/add/format/json?$creds"

# nginx replies with exactly what the sandbox replies.
start_sandbox --max-records "$MAX_RECORDS"
read_body=$(curl -sf "$base$read_path")
write_body=$(curl -sf -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data "$form" "$base$write_path")
stop_sandbox
for body in "$read_body" "$write_body"; do
    case "$body" in *\'*|*\$*) echo "reply holds a quote or \$; cannot embed in nginx.conf" >&2; exit 1;; esac
done

nginx_port=$(( 20000 + RANDOM % 20000 ))
mkdir -p "$tmp/nginx"
cat >"$tmp/nginx.conf" <<CONF
worker_processes auto;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $tmp/nginx/body;
    proxy_temp_path $tmp/nginx/proxy;
    fastcgi_temp_path $tmp/nginx/fastcgi;
    uwsgi_temp_path $tmp/nginx/uwsgi;
    scgi_temp_path $tmp/nginx/scgi;
    keepalive_requests 1000000;
    server {
        listen 127.0.0.1:$nginx_port;
        default_type application/json;
        location /api/work/ { return 200 '$read_body'; }
        location /api/referral/ { return 200 '$write_body'; }
    }
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp/nginx" &
nginx_pid=$!
for _ in $(seq 50); do
    curl -sf "http://127.0.0.1:$nginx_port/api/$read_path" >/dev/null && break
    sleep 0.1
done
nginx_base="http://127.0.0.1:$nginx_port/api/"

cat >"$tmp/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "$form"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

# Prints requests/s; warns when some replies were not 2xx (a 429, 507 or error is not a
# request served).
rate() {
    local out
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$@")
    if grep -q 'Non-2xx' <<<"$out"; then
        echo "warning: $(grep 'Non-2xx' <<<"$out") for $*" >&2
    fi
    awk '/Requests\/sec/ {print $2}' <<<"$out"
}

# One server's read and write figures, appended to $tmp/NAME.read and $tmp/NAME.write.
measure() {
    local name=$1 url=$2
    rate "$url$read_path" >>"$tmp/$name.read"
    rate -s "$tmp/post.lua" "$url$write_path" >>"$tmp/$name.write"
}

servers="sandbox nginx"
[ -n "$BEFORE" ] && servers="sandbox before nginx"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RUNS rounds ($servers); $(nproc) cores shared by wrk and the server; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq "$RUNS"); do
    for server in $servers; do
        case $server in
            nginx) measure nginx "$nginx_base" ;;
            before) SANDBOX_BIN=$BEFORE start_sandbox --max-records "$MAX_RECORDS"
                    measure before "$base"; stop_sandbox ;;
            sandbox) start_sandbox --max-records "$MAX_RECORDS"
                     measure sandbox "$base"; stop_sandbox ;;
        esac
    done
    echo "round $round done; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done

# "median (min-max)" of a file of numbers, rounded to whole requests.
summary() {
    sort -g "$1" | awk '{v[NR] = $1} END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.0f (%.0f-%.0f)", m, v[1], v[NR]}'
}
median() { summary "$1" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

for kind in read write; do
    case $kind in
        read) label="GET work/some (num=5)" ;;
        write) label="POST referral/add (9 fields)" ;;
    esac
    echo "$label, requests/s, median (range) of $RUNS:"
    for server in $servers; do
        line="  $(printf '%-8s' "$server") $(summary "$tmp/$server.$kind")"
        [ "$server" = nginx ] || line="$line  $(ratio "$(median "$tmp/$server.$kind")" "$(median "$tmp/nginx.$kind")")x nginx"
        echo "$line"
    done
done

#!/usr/bin/env bash
# Sandbox throughput: requests/s of the lamplight-sandbox binary under wrk, next to an nginx
# that returns the same bytes as a fixed reply, at the same concurrency, on loopback.
#
# Needs wrk and nginx (Debian: apt-get install -y wrk nginx). Not run by CI.
# Settings: DURATION (10s), THREADS (2), CONNECTIONS (64), MAX_RECORDS (the sandbox's record cap,
# 10000000: a write past it gets 507, which would flatter the write figure), CARGO_TARGET_DIR.
set -euo pipefail

DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
MAX_RECORDS=${MAX_RECORDS:-10000000}
for tool in wrk nginx curl; do
    command -v "$tool" >/dev/null || { echo "load.sh needs $tool" >&2; exit 1; }
done

. "$(dirname "$0")/common.sh"
start_sandbox --max-records "$MAX_RECORDS"
read_path="work/some/format/json?$creds&num=5"
write_path="referral/add/format/json?$creds"

# nginx replies with exactly what the sandbox replies.
read_body=$(curl -sf "$base$read_path")
write_body=$(curl -sf -X POST -H 'Content-Type: application/x-www-form-urlencoded' --data "$form" "$base$write_path")
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

echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION; $(nproc) cores shared by wrk and the server" >&2
sandbox_read=$(rate "$base$read_path")
nginx_read=$(rate "$nginx_base$read_path")
sandbox_write=$(rate -s "$tmp/post.lua" "$base$write_path")
nginx_write=$(rate -s "$tmp/post.lua" "$nginx_base$write_path")
stored=$(curl -sf "${base%/api/}/__sandbox/state" | grep -o '"attendee_id"' | wc -l)

printf '%-34s %14s %14s %8s\n' "request" "sandbox req/s" "nginx req/s" "ratio"
printf '%-34s %14s %14s %8s\n' "GET work/some (num=5)" "$sandbox_read" "$nginx_read" \
    "$(awk -v a="$sandbox_read" -v b="$nginx_read" 'BEGIN {printf "%.2f", a / b}')"
printf '%-34s %14s %14s %8s\n' "POST referral/add (9 fields)" "$sandbox_write" "$nginx_write" \
    "$(awk -v a="$sandbox_write" -v b="$nginx_write" 'BEGIN {printf "%.2f", a / b}')"
echo "referrals stored by the sandbox during the run: $stored" >&2

#!/usr/bin/env bash
# Sandbox throughput: requests/s of the lamplight-sandbox binary under wrk, next to an nginx
# that returns the same bytes as a fixed reply, at the same concurrency, on loopback.
#
# Needs wrk and nginx (Debian: apt-get install -y wrk nginx). Not run by CI.
# RUNS rounds (5), each measuring, in turn, a fresh sandbox (a read, then a write), nginx, and
# (when BEFORE names another lamplight-sandbox binary) that build too; then the median and range
# of each. Beside requests/s it reports the server's CPU time (user + system, from /proc) per
# request, which other work on the machine disturbs far less than throughput. Settings: DURATION of each measurement (10s), THREADS (2), CONNECTIONS (64),
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

# CPU time (user + system) of processes so far, in clock ticks.
ticks() {
    local pid total=0
    for pid in "$@"; do
        total=$(( total + $(awk '{print $14 + $15}' "/proc/$pid/stat") ))
    done
    echo "$total"
}

# Runs wrk against the server whose processes are $server_pids and appends "requests/s
# CPU-µs-per-request" to the file $1; warns when some replies were not 2xx (a 429, 507 or error
# is not a request served).
rate() {
    local file=$1 out before after
    shift
    before=$(ticks $server_pids)
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" "$@")
    after=$(ticks $server_pids)
    if grep -q 'Non-2xx' <<<"$out"; then
        echo "warning: $(grep 'Non-2xx' <<<"$out") for $*" >&2
    fi
    awk -v ticks=$(( after - before )) -v hz="$(getconf CLK_TCK)" '
        /requests in/ {requests = $1}
        /Requests\/sec/ {rate = $2}
        END {printf "%s %.2f\n", rate, ticks / hz * 1e6 / requests}' <<<"$out" >>"$file"
}

# One server's read and write figures, appended to $tmp/NAME.read and $tmp/NAME.write.
measure() {
    local name=$1 url=$2
    rate "$tmp/$name.read" "$url$read_path"
    rate "$tmp/$name.write" -s "$tmp/post.lua" "$url$write_path"
}

servers="sandbox nginx"
[ -n "$BEFORE" ] && servers="sandbox before nginx"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $RUNS rounds ($servers); $(nproc) cores shared by wrk and the server; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq "$RUNS"); do
    for server in $servers; do
        case $server in
            nginx) server_pids="$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"
                   measure nginx "$nginx_base" ;;
            before) SANDBOX_BIN=$BEFORE start_sandbox --max-records "$MAX_RECORDS"
                    server_pids=$sandbox_pid
                    measure before "$base"; stop_sandbox ;;
            sandbox) start_sandbox --max-records "$MAX_RECORDS"
                     server_pids=$sandbox_pid
                     measure sandbox "$base"; stop_sandbox ;;
        esac
    done
    echo "round $round done; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done

# "median (min-max)" of column $2 of file $1, with $3 decimals.
summary() {
    awk -v c="$2" '{print $c}' "$1" | sort -g | awk -v d="$3" '{v[NR] = $1} END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        printf "%.*f (%.*f-%.*f)", d, m, d, v[1], d, v[NR]}'
}
median() { summary "$@" | cut -d' ' -f1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

for kind in read write; do
    case $kind in
        read) label="GET work/some (num=5)" ;;
        write) label="POST referral/add (9 fields)" ;;
    esac
    echo "$label, median (range) of $RUNS: requests/s; server CPU µs per request"
    for server in $servers; do
        file=$tmp/$server.$kind
        line="  $(printf '%-8s' "$server") $(printf '%-24s' "$(summary "$file" 1 0)") $(printf '%-20s' "$(summary "$file" 2 1)")"
        if [ "$server" != nginx ]; then
            line="$line $(ratio "$(median "$file" 1 0)" "$(median "$tmp/nginx.$kind" 1 0)")x nginx's rate,"
            line="$line $(ratio "$(median "$tmp/nginx.$kind" 2 1)" "$(median "$file" 2 1)")x nginx's CPU efficiency"
        fi
        echo "$line"
    done
done

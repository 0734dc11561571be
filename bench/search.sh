#!/usr/bin/env bash
# Search benchmark on a generated corpus (bench/corpus.rs):
# - index build time: cold builds with and without `search: false`, median
#   of N runs (wall and CPU), and the difference as the index's share;
# - index size against the HTML it indexes;
# - bytes transferred and time to first result for ten typical queries in
#   headless Chromium, the site served by nginx on a loopback port.
#
#   bench/search.sh [REPORTS] [RUNS]        defaults: 10000 reports, 3 runs
#
# Needs what .ci/run installs (chromium, nginx, node, e2e/node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
reports=${1:-10000}
runs=${2:-3}
work=${BENCH_DIR:-/tmp/regionpress-bench}
corpus=$work/corpus-$reports
classes=$(( reports / 10 ))
queries=${QUERIES:-"党建|安全生产|主题党日|志愿服务|成都|技术难题攻关|党|考核评价机制|青年突击队|2020"}

. bench/lib.sh
cargo build --release --quiet
bin=$PWD/target/release/regionpress
mkdir -p "$work"
if [ ! -d "$corpus/content" ]; then
  gen_corpus "$corpus" --reports "$reports" --classes "$classes" >/dev/null
fi
cp "$corpus/site.yaml" "$work/site.yaml.orig"
restore() { cp "$work/site.yaml.orig" "$corpus/site.yaml"; }
trap restore EXIT

# measure, as the columns below use it: "wall_s cpu_s peak_rss_mb".
measure3() { measure "$@" | awk '{ printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 }'; }

echo "corpus: $reports reports, $classes classes ($corpus)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
: > "$work/on.txt"; : > "$work/off.txt"
for i in $(seq "$runs"); do
  # Alternate the two, so that a change in machine load hits both alike.
  restore
  rm -rf "$work/out-off"; printf '\nsearch: false\n' >> "$corpus/site.yaml"
  measure3 "$bin" build --root "$corpus" --output "$work/out-off" --quiet >> "$work/off.txt"
  restore
  rm -rf "$work/out-on"
  measure3 "$bin" build --root "$corpus" --output "$work/out-on" --quiet >> "$work/on.txt"
done
on_wall=$(cut -d' ' -f1 "$work/on.txt" | median); on_cpu=$(cut -d' ' -f2 "$work/on.txt" | median)
off_wall=$(cut -d' ' -f1 "$work/off.txt" | median); off_cpu=$(cut -d' ' -f2 "$work/off.txt" | median)
on_rss=$(cut -d' ' -f3 "$work/on.txt" | median); off_rss=$(cut -d' ' -f3 "$work/off.txt" | median)
echo "build with search:    median wall ${on_wall} s, cpu ${on_cpu} s, peak RSS ${on_rss} MB (runs: $(cut -d' ' -f1 "$work/on.txt" | tr '\n' ' '))"
echo "build without search: median wall ${off_wall} s, cpu ${off_cpu} s, peak RSS ${off_rss} MB (runs: $(cut -d' ' -f1 "$work/off.txt" | tr '\n' ' '))"
awk -v a="$on_wall" -v b="$off_wall" -v c="$on_cpu" -v d="$off_cpu" \
  'BEGIN { printf "difference: %.2f s wall (%.0f%% of the build), %.2f s cpu (%.0f%%)\n", a - b, 100 * (a - b) / a, c - d, 100 * (c - d) / c }'
# The index alone, in process (load once, build the index in memory several
# times): steadier than a difference of two whole builds on a busy machine.
cargo build --release --quiet --example search_index
echo "index alone (examples/search_index, $(( runs + 2 )) runs; writing its files not included):"
target/release/examples/search_index "$corpus" $(( runs + 2 )) | sed 's/^/  /'
echo "  with one worker thread:"
RAYON_NUM_THREADS=1 target/release/examples/search_index "$corpus" "$runs" | sed 's/^/  /'

public=$work/out-on
html=$(find "$public" -name '*.html' -not -path "$public/search/*" -printf '%s\n' | awk '{ s += $1 } END { print s }')
size() { find "$public/search/$1" -type f -printf '%s\n' 2>/dev/null | awk '{ s += $1; n++ } END { printf "%d %d\n", s, n }'; }
read -r all all_n < <(size "")
read -r shards shards_n < <(size s)
read -r large large_n < <(size t)
read -r docs docs_n < <(size d)
manifest=$(stat -c %s "$public/search/index.json")
echo "HTML pages: $(awk -v b="$html" 'BEGIN { printf "%.1f MB", b / 1048576 }')"
awk -v a="$all" -v n="$all_n" -v h="$html" -v s="$shards" -v sn="$shards_n" -v l="$large" -v ln="$large_n" \
  -v d="$docs" -v dn="$docs_n" -v m="$manifest" 'BEGIN {
  printf "search index: %.1f MB in %d files, %.0f%% of the HTML\n", a / 1048576, n, 100 * a / h
  printf "  manifest %.1f KB; %d shards %.1f MB (mean %.1f KB); %d large tokens %.1f MB; %d document files %.1f MB\n",
    m / 1024, sn, s / 1048576, s / sn / 1024, ln, l / 1048576, dn, d / 1048576 }'
echo "search.js: $(stat -c %s themes/default/static/search.js) bytes, $(gzip -9c themes/default/static/search.js | wc -c) gzipped"

# Serve the output with nginx on a free loopback port, in the foreground.
srv=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$srv/party"
ln -s "$public" "$srv/public"
cat > "$srv/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $srv/nginx.pid;
error_log $srv/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $srv/body; proxy_temp_path $srv/proxy; fastcgi_temp_path $srv/fcgi;
  uwsgi_temp_path $srv/uwsgi; scgi_temp_path $srv/scgi;
  types { text/html html; text/css css; application/javascript js; application/json json; image/svg+xml svg; }
  default_type application/octet-stream;
  server { listen 127.0.0.1:$port; location /party/ { alias $srv/public/; } }
}
CONF
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx_bin" -p "$srv" -c "$srv/nginx.conf" &
nginx_pid=$!
stop() { kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; rm -rf "$srv"; restore; }
trap stop EXIT
for _ in $(seq 100); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/party/search/index.json" 2>/dev/null && break
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/party/search/index.json')" 2>/dev/null && break
  sleep 0.1
done
echo
SITE_URL="http://127.0.0.1:$port/party/" QUERIES="$queries" node bench/search.mjs

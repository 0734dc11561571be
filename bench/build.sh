#!/usr/bin/env bash
# Build benchmark: wall time, CPU time and peak memory of `regionpress build`
# on a generated corpus (../shared/bench/gen_corpus.py), median of N runs.
#
#   bench/build.sh [REPORTS] [RUNS]        defaults: 10000 reports, 5 runs
#
# Each run builds into a fresh output folder (a cold build); then one
# no-change rebuild and one rebuild after touching a report are measured.
# Where `hugo` is installed, the same corpus is built as a Hugo site too.
set -euo pipefail
cd "$(dirname "$0")/.."
reports=${1:-10000}
runs=${2:-5}
gen=../shared/bench/gen_corpus.py
work=${BENCH_DIR:-/tmp/regionpress-bench}
corpus=$work/corpus-$reports
classes=$(( reports / 10 ))

cargo build --release --quiet
bin=$PWD/target/release/regionpress
mkdir -p "$work"
if [ ! -d "$corpus/content" ]; then
  python3 "$gen" "$corpus" --reports "$reports" --classes "$classes" >/dev/null
fi

# measure LABEL CMD...: prints "wall_s user_s sys_s max_rss_mb"
measure() {
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
    /User time/ { user = $2 } /System time/ { sys = $2 }
    /Maximum resident/ { rss = $2 / 1024 }
    END { printf "%.2f %.2f %.2f %.0f\n", wall, user, sys, rss }' "$log"
  rm -f "$log"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

echo "corpus: $reports reports, $classes classes ($corpus)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
results=()
for i in $(seq "$runs"); do
  rm -rf "$corpus/public"
  results+=("$(measure "$bin" build --root "$corpus" --quiet)")
done
printf '%s\n' "${results[@]}" > "$work/cold.txt"
wall=$(cut -d' ' -f1 "$work/cold.txt" | median)
rss=$(cut -d' ' -f4 "$work/cold.txt" | median)
cpu=$(awk '{ print $2 + $3 }' "$work/cold.txt" | median)
echo "regionpress cold build: median wall ${wall} s, cpu ${cpu} s, peak RSS ${rss} MB (runs: $(cut -d' ' -f1 "$work/cold.txt" | tr '\n' ' '))"

nochange=$(measure "$bin" build --root "$corpus" --quiet)
echo "regionpress no-change rebuild: wall $(echo "$nochange" | cut -d' ' -f1) s, peak RSS $(echo "$nochange" | cut -d' ' -f4) MB"
one=$(find "$corpus/content/reports" -name '*.md' | sort | head -1)
printf '\n追加一句。\n' >> "$one"
touched=$(measure "$bin" build --root "$corpus" --quiet)
echo "regionpress rebuild after editing one report: wall $(echo "$touched" | cut -d' ' -f1) s"

if command -v hugo >/dev/null 2>&1; then
  hugo_site=$work/hugo-$reports
  [ -d "$hugo_site/content" ] || python3 "$gen" "$hugo_site" --reports "$reports" --classes "$classes" --format hugo >/dev/null
  hres=()
  for i in $(seq "$runs"); do
    rm -rf "$hugo_site/public"
    hres+=("$(measure hugo --source "$hugo_site" --quiet)")
  done
  printf '%s\n' "${hres[@]}" > "$work/hugo.txt"
  hwall=$(cut -d' ' -f1 "$work/hugo.txt" | median)
  hrss=$(cut -d' ' -f4 "$work/hugo.txt" | median)
  echo "hugo cold build: median wall ${hwall} s, peak RSS ${hrss} MB"
  awk -v a="$wall" -v b="$hwall" -v m="$rss" -v n="$hrss" 'BEGIN { printf "ratio: regionpress is %.1fx faster, uses %.2fx the memory\n", b / a, m / n }'
fi

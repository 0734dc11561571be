#!/usr/bin/env bash
# Build benchmark (issue #7): wall time, CPU time and peak memory of
# `regionpress build` on generated corpora (bench/corpus.rs),
# everything on (bulletins, dashboard, feeds, search index), with Hugo on the
# same content side by side when `hugo` is installed.
#
#   bench/build.sh [SIZES] [RUNS]
#       SIZES  report counts, default "1000 10000 100000" (classes: a tenth)
#       RUNS   cold builds per size and tool, default 3 (median taken);
#              RUNS_100K overrides it for 100,000 reports and more (default 1)
#       BENCH_DIR  where corpora and outputs go (default /tmp/regionpress-bench)
#       BENCH_OUT  where both tools write their output instead (for example
#                  /dev/shm, to take the disk out of the comparison)
#
# Per size: both tools' sources are read once first (so every measured
# build finds them in the page cache), then cold builds into an empty
# output, regionpress and Hugo alternately, `sync` before each so that one
# run's write-back does not land on the next. Earlier outputs are moved
# aside, not deleted, until the end: for minutes after deleting files, ext4
# skips their inodes when it allocates new ones, and each build would pay
# for the previous one's deletion (a growing system time for both tools).
# After every size's cold builds, for regionpress alone and size by size:
# a no-change rebuild, a rebuild after touching one report (its
# modification time only) and one after appending a sentence to it, each
# counting the output files it rewrote (files newer than a marker made
# just before). These come last because the last one deletes the previous
# output. Prints a Markdown table, also saved to $BENCH_DIR/results.md.
#
# Start it at least five minutes after deleting a large tree on the same
# file system, for the same reason: an earlier run's clean-up too (its
# last step deletes every output it kept; after a 100k run that takes
# several minutes, and a run started meanwhile measures it as well).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
sizes=${1:-"1000 10000 100000"}
runs=${2:-3}
work=${BENCH_DIR:-/tmp/regionpress-bench}
mkdir -p "$work"
trash=${BENCH_OUT:-$work}/.bench-trash-$$
mkdir -p "$trash"
aside() { for p in "$@"; do [ -e "$p" ] && mv "$p" "$trash/$(date +%s%N)"; done; return 0; }

cargo build --release --quiet
bin=$PWD/target/release/regionpress
has_hugo=$(command -v hugo >/dev/null 2>&1 && echo yes || echo no)

# field FILE N: the median of column N of FILE.
field() { cut -d' ' -f"$2" "$1" | median; }
# cpu FILE: the median of user + sys.
cpu() { awk '{ printf "%.2f\n", $2 + $3 }' "$1" | median; }
# warm DIR...: reads every file under each DIR once, so that no tool's
# measured build reads its sources from disk. A 100k corpus (110,000 files)
# falls out of the page cache between runs, and the one 100k build then
# spent 6 of its 23 s reading (the 10k builds, five in a row, never did).
warm() { find "$@" -type f -print0 | xargs -0 cat | wc -c > /dev/null; }
# rewritten DIR MARKER: files under DIR modified after MARKER was made.
rewritten() { find "$1" -type f -newer "$2" | wc -l; }

echo "machine: $(machine "${BENCH_OUT:-$work}")"
echo "regionpress $(git describe --always --dirty 2>/dev/null || echo '?')"
[ "$has_hugo" = yes ] && echo "$(hugo version 2>/dev/null | cut -d' ' -f1-2)"
table="| reports | regionpress wall | CPU | peak RSS | Hugo wall | CPU | peak RSS | faster | memory | no-change rebuild | one report touched | one report edited |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"
declare -A wall_of
# paths N: sets corpus, hugo_site, out, hout and manifest for size N.
paths() {
  corpus=$work/corpus-$1
  hugo_site=$work/hugo-$1
  if [ -n "${BENCH_OUT:-}" ]; then
    out=$BENCH_OUT/regionpress-$1; hout=$BENCH_OUT/hugo-$1
  else
    out=$corpus/public; hout=$hugo_site/public
  fi
  manifest=$(dirname "$out")/.$(basename "$out").manifest
}

# First every size's cold builds, then every size's rebuilds: a rebuild
# that changes files deletes the previous output (27,000 files at 10k,
# 250,000 at 100k), and for minutes afterwards ext4 allocates inodes
# slowly (see the header); cold builds measured right after one paid for
# it (the 100k build after the 10k rebuilds: 15 s of system time).
for n in $sizes; do
  classes=$(( n / 10 ))
  paths "$n"
  [ -d "$corpus/content" ] || gen_corpus "$corpus" --reports "$n" --classes "$classes" >/dev/null
  if [ "$has_hugo" = yes ] && [ ! -d "$hugo_site/content" ]; then
    gen_corpus "$hugo_site" --reports "$n" --classes "$classes" --format hugo >/dev/null
  fi
  k=$runs
  [ "$n" -ge 100000 ] && k=${RUNS_100K:-1}
  : > "$work/rp-$n.txt"; : > "$work/hugo-$n.txt"
  warm "$corpus/content" "$corpus/site.yaml"
  [ "$has_hugo" = yes ] && warm "$hugo_site/content" "$hugo_site/layouts" "$hugo_site/hugo.toml"
  for i in $(seq "$k"); do
    aside "$out" "$manifest"; sync
    measure "$bin" build --root "$corpus" --output "$out" --quiet >> "$work/rp-$n.txt"
    if [ "$has_hugo" = yes ]; then
      aside "$hout"; sync
      measure hugo --source "$hugo_site" --destination "$hout" --quiet >> "$work/hugo-$n.txt"
    fi
  done
  wall_of[$n]=$(field "$work/rp-$n.txt" 1)
  echo "$n reports: regionpress cold builds (wall user sys MB): $(tr '\n' ';' < "$work/rp-$n.txt")"
  [ "$has_hugo" = yes ] && echo "$n reports: Hugo cold builds (wall user sys MB): $(tr '\n' ';' < "$work/hugo-$n.txt")"
done

for n in $sizes; do
  paths "$n"
  wall=${wall_of[$n]}; rss=$(field "$work/rp-$n.txt" 4); c=$(cpu "$work/rp-$n.txt")
  # As right after the cold builds: the sources read, the output's
  # metadata (which a no-change rebuild checks file by file) looked at.
  warm "$corpus/content" "$corpus/site.yaml"
  du -s "$out" > /dev/null
  # No-change rebuild: nothing may be rewritten.
  sync; marker=$work/marker; touch "$marker"; sleep 0.01
  same=$(measure "$bin" build --root "$corpus" --output "$out" --quiet)
  same_files=$(rewritten "$out" "$marker")
  # One report touched: a new modification time, the same bytes.
  one=$(find "$corpus/content/reports" -name '*.md' | sort | sed -n 1p)
  sync; touch "$marker"; sleep 0.01; touch "$one"
  touched=$(measure "$bin" build --root "$corpus" --output "$out" --quiet)
  touched_files=$(rewritten "$out" "$marker")
  # One report edited (then put back).
  cp "$one" "$work/one.md.orig"
  printf '\n追加一句，用于基准测试。\n' >> "$one"
  sync; touch "$marker"; sleep 0.01
  edited=$(measure "$bin" build --root "$corpus" --output "$out" --quiet)
  edited_files=$(rewritten "$out" "$marker")
  cp "$work/one.md.orig" "$one"
  same_wall=$(echo "$same" | cut -d' ' -f1); edited_wall=$(echo "$edited" | cut -d' ' -f1)
  nochange="$same_wall s ($(awk -v a="$same_wall" -v b="$wall" 'BEGIN { printf "%.0f%%", 100 * a / b }') of cold), $same_files files rewritten"
  onechange="$edited_wall s, $edited_files files rewritten"
  touchone="$(echo "$touched" | cut -d' ' -f1) s, $touched_files files rewritten"

  if [ "$has_hugo" = yes ]; then
    hwall=$(field "$work/hugo-$n.txt" 1); hrss=$(field "$work/hugo-$n.txt" 4); hc=$(cpu "$work/hugo-$n.txt")
    ratio=$(awk -v a="$wall" -v b="$hwall" 'BEGIN { printf "%.1fx", b / a }')
    mem=$(awk -v a="$rss" -v b="$hrss" 'BEGIN { printf "%.2fx", a / b }')
    row="| $n | $wall s | $c s | $rss MB | $hwall s | $hc s | $hrss MB | $ratio | $mem | $nochange | $touchone | $onechange |"
  else
    row="| $n | $wall s | $c s | $rss MB | | | | | | $nochange | $touchone | $onechange |"
  fi
  table+=$'\n'"$row"
  echo "$row"
done
if [ -n "${wall_of[10000]:-}" ] && [ -n "${wall_of[100000]:-}" ]; then
  scaling=$(awk -v a="${wall_of[10000]}" -v b="${wall_of[100000]}" 'BEGIN { printf "%.1fx", b / a }')
  table+=$'\n\n'"100,000 reports take $scaling the time of 10,000."
fi
echo
echo "$table" | tee "$work/results.md"
rm -rf "$trash"

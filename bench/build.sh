#!/usr/bin/env bash
# Build benchmark: wall time, CPU time and peak memory of `regionpress
# build` on generated corpora (bench/corpus.rs), everything on
# (bulletins, dashboard, feeds, search index); side by side with a previous
# commit's binary (BASELINE) and with Hugo on the same content, each when
# asked for or installed.
#
#   bench/build.sh [SIZES] [RUNS]
#       SIZES  report counts, default "1000 10000 100000" (classes: a tenth)
#       RUNS   cold builds per size and binary, default 3 (median taken);
#              RUNS_100K overrides it for 100,000 reports and more (default 1)
#       BASELINE   a git revision (commit, tag, branch, HEAD~1): its release
#                  binary is built in a temporary worktree with a target
#                  folder of its own, both under $BENCH_DIR/baseline, and
#                  kept there by commit hash, so the next run with the same
#                  commit reuses it. Its cold builds alternate with this
#                  checkout's, on the same corpus; a second table gives both
#                  medians and new/baseline, and whether the two outputs are
#                  byte-identical (diff -r of the last output of each).
#       BENCH_DIR  where corpora and outputs go (default /tmp/regionpress-bench)
#       BENCH_OUT  where every binary writes its output instead (for example
#                  /dev/shm, to take the disk out of the comparison)
#
# Per size: the sources are read once first (so every measured build finds
# them in the page cache), then cold builds into an empty output, this
# checkout's binary, the baseline's and Hugo's in turn (this checkout's
# and the baseline's swap places every other run), `sync` before each so
# that one build's write-back does not land on the next. Earlier outputs
# are moved aside, not deleted, until the end: for minutes after deleting
# files, ext4 skips their inodes when it allocates new ones, and each build
# would pay for the previous one's deletion (a growing system time for
# every binary). After every size's cold builds, for this checkout's binary
# alone and size by size: a no-change rebuild, a rebuild after touching
# one report (its modification time only) and one after appending a
# sentence to it, each counting the output files it rewrote (files newer
# than a marker made just before). These come last because the last one
# deletes the previous output. Prints Markdown tables, also saved to
# $BENCH_DIR/results.md; the last output of each size and binary is left
# in place.
#
# Start it at least five minutes after deleting a large tree on the same
# file system, for the same reason: an earlier run's clean-up too (its
# last step deletes every output it kept, which after a 100k run takes
# minutes, and a run started meanwhile measures it as well).
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

# build_baseline REV: sets base_bin to the release binary of REV, built
# once per commit. The worktree is made for the build and removed after
# it; the target folder stays (seeded from this checkout's release build,
# so only regionpress itself compiles, and the next baseline rebuilds
# incrementally). Both live under $work/baseline: delete it when done.
base_src=
build_baseline() {
  local commit dir=$work/baseline
  commit=$(git rev-parse --verify --quiet "$1^{commit}") || { echo "BASELINE=$1 is not a commit here" >&2; exit 2; }
  base_bin=$dir/regionpress-$commit
  base_name=$(git rev-parse --short "$commit")
  [ -x "$base_bin" ] && return 0
  echo "building the baseline ${commit:0:10} (once: kept as $base_bin)"
  mkdir -p "$dir"
  [ -d "$dir/target/release" ] || { mkdir -p "$dir/target"; cp -a target/release "$dir/target/"; }
  base_src=$dir/src-$commit
  git worktree add --detach --quiet "$base_src" "$commit"
  (cd "$base_src" && CARGO_TARGET_DIR="$dir/target" cargo build --release --quiet)
  cp "$dir/target/release/regionpress" "$base_bin.part"
  mv "$base_bin.part" "$base_bin"
  git worktree remove --force "$base_src"
  base_src=
}
# The worktree goes even when its build fails or the run is stopped.
trap '[ -z "$base_src" ] || git worktree remove --force "$base_src"' EXIT
base_bin=
[ -z "${BASELINE:-}" ] || build_baseline "$BASELINE"

# field FILE N: the median of column N of FILE.
field() { cut -d' ' -f"$2" "$1" | median; }
# cpu FILE: the median of user + sys.
cpu() { awk '{ printf "%.2f\n", $2 + $3 }' "$1" | median; }
# ratio A B: A / B, two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# warm DIR...: reads every file under each DIR once, so that no measured
# build reads its sources from disk: a 100k corpus (110,000 files) falls
# out of the page cache between runs, where a 10k one stays in it.
warm() { find "$@" -type f -print0 | xargs -0 cat | wc -c > /dev/null; }
# rewritten DIR MARKER: files under DIR modified after MARKER was made.
rewritten() { find "$1" -type f -newer "$2" | wc -l; }
# manifest_of OUT: the manifest a build keeps beside its output OUT.
manifest_of() { echo "$(dirname "$1")/.$(basename "$1").manifest"; }
# cold BIN OUT LOG: one cold build of $corpus by BIN into an empty OUT,
# its measure appended to LOG.
cold() {
  aside "$2" "$(manifest_of "$2")"; sync
  measure "$1" build --root "$corpus" --output "$2" --quiet >> "$3"
}

echo "machine: $(machine "${BENCH_OUT:-$work}")"
echo "regionpress $(git describe --always --dirty 2>/dev/null || echo '?')"
[ -z "$base_bin" ] || echo "baseline: $(git log -1 --format='%h %s' "$base_name")"
[ "$has_hugo" = yes ] && echo "$(hugo version 2>/dev/null | cut -d' ' -f1-2)"
table="| reports | regionpress wall | CPU | peak RSS | Hugo wall | CPU | peak RSS | faster | memory | no-change rebuild | one report touched | one report edited |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|"
base_table="| reports | baseline wall | CPU | peak RSS | new wall | CPU | peak RSS | new/baseline: wall | CPU | peak RSS | output |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
declare -A wall_of same_output
# paths N: sets corpus, hugo_site, out, bout, hout and manifest for size N.
paths() {
  corpus=$work/corpus-$1
  hugo_site=$work/hugo-$1
  if [ -n "${BENCH_OUT:-}" ]; then
    out=$BENCH_OUT/regionpress-$1; bout=$BENCH_OUT/baseline-$1; hout=$BENCH_OUT/hugo-$1
  else
    out=$corpus/public; bout=$corpus/public-baseline; hout=$hugo_site/public
  fi
  manifest=$(manifest_of "$out")
}

# First every size's cold builds, then every size's rebuilds: a rebuild
# that changes files deletes the previous output (27,000 files at 10k,
# 250,000 at 100k), and for minutes afterwards ext4 allocates inodes
# slowly (see the header), which cold builds measured right after it
# would pay for.
for n in $sizes; do
  classes=$(( n / 10 ))
  paths "$n"
  [ -d "$corpus/content" ] || gen_corpus "$corpus" --reports "$n" --classes "$classes" >/dev/null
  if [ "$has_hugo" = yes ] && [ ! -d "$hugo_site/content" ]; then
    gen_corpus "$hugo_site" --reports "$n" --classes "$classes" --format hugo >/dev/null
  fi
  k=$runs
  [ "$n" -ge 100000 ] && k=${RUNS_100K:-1}
  : > "$work/rp-$n.txt"; : > "$work/base-$n.txt"; : > "$work/hugo-$n.txt"
  warm "$corpus/content" "$corpus/site.yaml"
  [ "$has_hugo" = yes ] && warm "$hugo_site/content" "$hugo_site/layouts" "$hugo_site/hugo.toml"
  for i in $(seq "$k"); do
    # This checkout's binary and the baseline's alternate, and swap places
    # every other run, so that a drift in the machine's speed hits both.
    if [ -n "$base_bin" ] && [ $(( i % 2 )) -eq 0 ]; then
      cold "$base_bin" "$bout" "$work/base-$n.txt"
      cold "$bin" "$out" "$work/rp-$n.txt"
    else
      cold "$bin" "$out" "$work/rp-$n.txt"
      [ -z "$base_bin" ] || cold "$base_bin" "$bout" "$work/base-$n.txt"
    fi
    if [ "$has_hugo" = yes ]; then
      aside "$hout"; sync
      measure hugo --source "$hugo_site" --destination "$hout" --quiet >> "$work/hugo-$n.txt"
    fi
  done
  wall_of[$n]=$(field "$work/rp-$n.txt" 1)
  echo "$n reports: regionpress cold builds (wall user sys MB): $(tr '\n' ';' < "$work/rp-$n.txt")"
  if [ -n "$base_bin" ]; then
    echo "$n reports: baseline cold builds (wall user sys MB): $(tr '\n' ';' < "$work/base-$n.txt")"
    differ=$({ diff -rq "$out" "$bout" || true; } | wc -l)
    if [ "$differ" -eq 0 ]; then same_output[$n]="identical"; else same_output[$n]="$differ paths differ"; fi
  fi
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
    speed=$(awk -v a="$wall" -v b="$hwall" 'BEGIN { printf "%.1fx", b / a }')
    mem=$(awk -v a="$rss" -v b="$hrss" 'BEGIN { printf "%.2fx", a / b }')
    row="| $n | $wall s | $c s | $rss MB | $hwall s | $hc s | $hrss MB | $speed | $mem | $nochange | $touchone | $onechange |"
  else
    row="| $n | $wall s | $c s | $rss MB | | | | | | $nochange | $touchone | $onechange |"
  fi
  table+=$'\n'"$row"
  echo "$row"
  if [ -n "$base_bin" ]; then
    bwall=$(field "$work/base-$n.txt" 1); brss=$(field "$work/base-$n.txt" 4); bc=$(cpu "$work/base-$n.txt")
    base_table+=$'\n'"| $n | $bwall s | $bc s | $brss MB | $wall s | $c s | $rss MB | $(ratio "$wall" "$bwall") | $(ratio "$c" "$bc") | $(ratio "$rss" "$brss") | ${same_output[$n]} |"
  fi
done
if [ -n "${wall_of[10000]:-}" ] && [ -n "${wall_of[100000]:-}" ]; then
  scaling=$(awk -v a="${wall_of[10000]}" -v b="${wall_of[100000]}" 'BEGIN { printf "%.1fx", b / a }')
  table+=$'\n\n'"100,000 reports take $scaling the time of 10,000."
fi
if [ -n "$base_bin" ]; then
  table+=$'\n\n'"Against the baseline $base_name (medians; new/baseline under 1 is faster or smaller):"$'\n\n'"$base_table"
fi
echo
echo "$table" | tee "$work/results.md"
rm -rf "$trash"

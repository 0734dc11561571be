# Shared by the bench/ scripts: source it, do not run it.

# gen_corpus OUT [--reports N --classes N --regions N --seed S --format F]:
# writes a generated site into OUT (bench/corpus.rs, through the gen_corpus
# example, built in release mode first). Run from the repository's root.
gen_corpus() {
  cargo build --release --quiet --example gen_corpus
  target/release/examples/gen_corpus "$@"
}

# measure CMD...: runs CMD once (output discarded) and prints
# "wall_s user_s sys_s peak_rss_mb" as /usr/bin/time measured them.
measure() {
  local log; log=$(mktemp)
  /usr/bin/time -f "%e %U %S %M" "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
  tail -1 "$log" | awk '{ printf "%.2f %.2f %.2f %.0f\n", $1, $2, $3, $4 / 1024 }'
  rm -f "$log"
}

# median: the median of the numbers on stdin, one per line.
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# machine: one line describing this machine and its current load.
machine() {
  local cpu; cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
  echo "$(nproc) cores ($cpu), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr), $(df -T "${1:-.}" | awk 'NR == 2 { print $2 }') file system, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

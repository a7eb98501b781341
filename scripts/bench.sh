#!/usr/bin/env bash
# Times `jixiao score` over generated workbooks, one process per workbook,
# sequentially: N workbooks (default 200), the whole loop RUNS times
# (default 3). Prints each run's wall time, the total, the median
# milliseconds per workbook and the mean CPU time per workbook; then the
# median of `jixiao --help` over N calls as an estimate of process start-up.
#
#   scripts/bench.sh                              # this worktree's release build
#   JIXIAO_BIN=/tmp/jixiao-before scripts/bench.sh  # another binary, same inputs
#
# Environment:
#   JIXIAO_BIN  binary to time (default: target/release/jixiao, built here)
#   BENCH_N     number of workbooks (default 200)
#   BENCH_RUNS  times the whole loop is repeated (default 3)
#   BENCH_DIR   keep files here instead of a temporary directory removed on
#               exit: inputs in $BENCH_DIR/in/基准单位NNN.xlsx, outputs in
#               $BENCH_DIR/out/基准单位NNN_评分.xlsx. Inputs already there
#               (N of them) are reused, so different binaries and commits can
#               be timed on the very same files.
# See docs/benchmark.md.
set -euo pipefail

# Relative paths given by the caller are relative to where it was called from.
absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
[[ -n ${BENCH_DIR:-} ]] && BENCH_DIR=$(absolute "$BENCH_DIR")
[[ -n ${JIXIAO_BIN:-} ]] && JIXIAO_BIN=$(absolute "$JIXIAO_BIN")
cd "$(dirname "$0")/.."

n=${BENCH_N:-200}
runs=${BENCH_RUNS:-3}
case "$n$runs" in *[!0-9]*) echo "BENCH_N and BENCH_RUNS must be whole numbers" >&2; exit 2 ;; esac
(( n > 0 && runs > 0 )) || { echo "BENCH_N and BENCH_RUNS must be at least 1" >&2; exit 2; }

if [[ -n ${BENCH_DIR:-} ]]; then
  dir=$BENCH_DIR
  mkdir -p "$dir"
else
  dir=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-bench.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
fi
in=$dir/in
out=$dir/out
mkdir -p "$in" "$out"

# Microseconds since the epoch (bash 5's EPOCHREALTIME, else date).
if [[ -n ${EPOCHREALTIME:-} ]]; then
  now_us() { local t=${EPOCHREALTIME/[.,]/}; echo "$t"; }
else
  now_us() { echo $(( $(date +%s%N) / 1000 )); }
fi

if [[ -z ${JIXIAO_BIN:-} ]]; then
  cargo build --release --quiet --bin jixiao
  bin=$PWD/target/release/jixiao
else
  bin=$JIXIAO_BIN
fi
[[ -x $bin ]] || { echo "not an executable: $bin" >&2; exit 2; }

shopt -s nullglob
inputs=("$in"/基准单位*.xlsx)
if (( ${#inputs[@]} != n )); then
  rm -f "$in"/基准单位*.xlsx
  cargo run --release --quiet --example make_samples -- --bench "$n" "$in"
  inputs=("$in"/基准单位*.xlsx)
fi
(( ${#inputs[@]} == n )) || { echo "expected $n workbooks in $in, found ${#inputs[@]}" >&2; exit 1; }

echo "binary:    $bin"
echo "inputs:    $n workbooks in $in (cksum $(cat "${inputs[@]}" | cksum | cut -d' ' -f1))"
if [[ -r /proc/loadavg ]]; then
  echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; other work on the machine adds noise)"
fi
echo "runs:      $runs sequential loops of $n × 'jixiao score <in> --out <out> --force'"

# CPU time (user + sys, ms) of this shell's finished children, from a file
# written by the `times` builtin (which must run in this shell, not in $(…)).
# Less disturbed by other load on the machine than wall time.
cpu_ms() {
  awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, p, "m"); sub("s", "", p[2]); sub(",", ".", p[2]); t += p[1] * 60 + p[2] } }
       END { printf "%.0f", t * 1000 }' "$1"
}

# Median of the microsecond values on stdin, printed in milliseconds.
median_ms() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) exit 1
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.2f", m / 1000 }'
}

samples=$dir/times_us
: >"$samples"
total_us=0
cpu_total=0
for (( r = 1; r <= runs; r++ )); do
  run_times=$dir/run_us
  : >"$run_times"
  times >"$dir/cpu0"
  run_start=$(now_us)
  for f in "${inputs[@]}"; do
    name=${f##*/}
    name=${name%.xlsx}
    t0=$(now_us)
    if ! "$bin" score "$f" --out "$out/${name}_评分.xlsx" --force >/dev/null 2>"$dir/stderr"; then
      echo "jixiao score failed on $f:" >&2
      cat "$dir/stderr" >&2
      exit 1
    fi
    t1=$(now_us)
    echo $(( t1 - t0 )) >>"$run_times"
  done
  run_us=$(( $(now_us) - run_start ))
  times >"$dir/cpu1"
  cpu_total=$(( cpu_total + $(cpu_ms "$dir/cpu1") - $(cpu_ms "$dir/cpu0") ))
  total_us=$(( total_us + run_us ))
  cat "$run_times" >>"$samples"
  printf 'run %d:     %.3f s wall, median %s ms per workbook\n' \
    "$r" "$(awk -v u="$run_us" 'BEGIN { print u / 1e6 }')" "$(median_ms <"$run_times")"
done
printf 'total:     %.3f s wall for %d workbook scorings\n' \
  "$(awk -v u="$total_us" 'BEGIN { print u / 1e6 }')" "$(( n * runs ))"
echo "median:    $(median_ms <"$samples") ms per workbook (all runs)"
printf 'cpu:       %.2f ms user+sys per workbook (mean over all runs)\n' \
  "$(awk -v c="$cpu_total" -v k="$(( n * runs ))" 'BEGIN { print c / k }')"

# Start-up estimate: the same loop with `--help` (argument parsing only).
: >"$samples"
for (( i = 1; i <= n; i++ )); do
  t0=$(now_us)
  "$bin" --help >/dev/null
  t1=$(now_us)
  echo $(( t1 - t0 )) >>"$samples"
done
echo "start-up:  $(median_ms <"$samples") ms median for 'jixiao --help' (× $n)"

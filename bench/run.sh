#!/usr/bin/env bash
# The batch benchmark of issue 9 (docs/性能.md): N generated departments
# scored by `jixiao batch` with --jobs 1 and --jobs 2, against the floor (a
# program that only reads each workbook with calamine and writes a workbook
# of the scored workbook's size with rust_xlsxwriter, in one process).
#
#   bench/run.sh            # 1,000 departments
#   bench/run.sh 10000      # 10,000 departments (about 10 minutes)
#
# Environment:
#   BENCH_N     number of departments when no argument is given (default 1000)
#   BENCH_RUNS  runs of each case; the median is reported (default 3)
#   BENCH_DIR   keep inputs and outputs here instead of a temporary folder
#               removed on exit; inputs already there are reused
#   JIXIAO_BIN  time this jixiao binary instead of this worktree's build
#
# Prints, for each case, the median wall time, milliseconds per department,
# the ratio to the floor measured in the same run, the speedup of --jobs 2
# over --jobs 1 (and of the floor run as two processes over the floor: what
# the machine itself gives two processes), and peak memory: /usr/bin/time's maximum resident set size
# (the largest single process among the batch and its workers) and, from
# the run's 运行记录.json, the batch process's own peak and the largest
# worker's peak, whose sum main + jobs × worker bounds what the batch held
# at once. Only bash, cargo, coreutils, awk and /usr/bin/time are used.
set -euo pipefail

absolute() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
[[ -n ${BENCH_DIR:-} ]] && BENCH_DIR=$(absolute "$BENCH_DIR")
[[ -n ${JIXIAO_BIN:-} ]] && JIXIAO_BIN=$(absolute "$JIXIAO_BIN")
cd "$(dirname "$0")/.."

n=${1:-${BENCH_N:-1000}}
runs=${BENCH_RUNS:-3}
case "$n$runs" in *[!0-9]*) echo "N and BENCH_RUNS must be whole numbers" >&2; exit 2 ;; esac
(( n > 0 && runs > 0 )) || { echo "N and BENCH_RUNS must be at least 1" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }

if [[ -n ${BENCH_DIR:-} ]]; then
  dir=$BENCH_DIR
  mkdir -p "$dir"
else
  dir=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-batch-bench.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
fi

cargo build --release --quiet --bin jixiao --example synth --example floor
bin=${JIXIAO_BIN:-$PWD/target/release/jixiao}
floor=$PWD/target/release/examples/floor
[[ -x $bin ]] || { echo "not an executable: $bin" >&2; exit 2; }

in=$dir/in-$n
shopt -s nullglob
inputs=("$in"/部门*.xlsx)
if (( ${#inputs[@]} != n )); then
  rm -rf "$in"
  t0=$(date +%s%N)
  target/release/examples/synth --departments "$n" --out "$in" >/dev/null
  t1=$(date +%s%N)
  inputs=("$in"/部门*.xlsx)
  echo "generated: $n departments in $(( (t1 - t0) / 1000000 )) ms"
fi
(( ${#inputs[@]} == n )) || { echo "expected $n workbooks in $in, found ${#inputs[@]}" >&2; exit 1; }

echo "machine:   $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null) memory, $(uname -sr)"
echo "commit:    $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (modified)')"
echo "binary:    $bin"
echo "inputs:    $n departments, $(du -sh "$in" | cut -f1) in $in"
[[ -r /proc/loadavg ]] && echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) before the runs (other work on the machine adds noise)"
echo "runs:      $runs of each case, interleaved; medians below"
echo

# One timed run: wall ms, max RSS KB, and for jixiao the manifest's peaks.
results=$dir/results
: >"$results"
run_case() {
  local name=$1; shift
  local out=$dir/out-$name
  rm -rf "$out"
  local t0 t1 status=0
  t0=$(date +%s%N)
  /usr/bin/time -v -o "$dir/time-$name" "$@" "$out" >/dev/null 2>"$dir/stderr-$name" || status=$?
  t1=$(date +%s%N)
  if (( status != 0 )); then
    echo "$name failed (exit $status):" >&2
    cat "$dir/stderr-$name" "$dir/time-$name" >&2
    exit 1
  fi
  local rss main=0 worker=0
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$dir/time-$name")
  if [[ -f $out/运行记录.json ]]; then
    local scored
    scored=$(awk -F': ' '/"scored"/ { gsub(/[^0-9]/, "", $2); print $2; exit }' "$out/运行记录.json")
    (( scored == n )) || { echo "$name scored $scored of $n departments" >&2; exit 1; }
    main=$(awk -F': ' '/"main_kb"/ { gsub(/[^0-9]/, "", $2); print $2; exit }' "$out/运行记录.json")
    worker=$(awk -F': ' '/"worker_kb"/ { gsub(/[^0-9]/, "", $2); print $2; exit }' "$out/运行记录.json")
  fi
  echo "$name $(( (t1 - t0) / 1000 )) $rss ${main:-0} ${worker:-0}" >>"$results"
  rm -rf "$out"
}

# The machine's own ceiling for two processes: the floor run as two
# processes at once, each on half of the inputs (symbolic links).
half=$dir/halves-$n
if [[ ! -d $half/b ]]; then
  mkdir -p "$half/a" "$half/b"
  i=0
  for f in "${inputs[@]}"; do
    if (( i % 2 == 0 )); then ln -s "$f" "$half/a/"; else ln -s "$f" "$half/b/"; fi
    i=$(( i + 1 ))
  done
fi
floor2=(bash -c 'f=$0; "$f" "$1" "$3/a" >/dev/null & p=$!; "$f" "$2" "$3/b" >/dev/null || exit 1; wait "$p"' "$floor" "$half/a" "$half/b")

for (( r = 1; r <= runs; r++ )); do
  run_case floor "$floor" "$in"
  run_case floor2 "${floor2[@]}"
  run_case jobs1 "$bin" batch "$in" --jobs 1 --quiet --out
  run_case jobs2 "$bin" batch "$in" --jobs 2 --quiet --out
  echo "run $r of $runs done"
done
echo

# Median of column $2 (1-based) of the rows of case $1.
median() {
  awk -v c="$1" -v k="$2" '$1 == c { print $k }' "$results" | sort -n | awk '
    { v[NR] = $1 } END { if (NR == 0) exit 1; print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# Largest value of column $2 of the rows of case $1.
largest() { awk -v c="$1" -v k="$2" '$1 == c && $k > m { m = $k } END { print m + 0 }' "$results"; }

floor_us=$(median floor 2)
j1_us=$(median jobs1 2)
printf '%-8s %10s %12s %10s %10s %12s %12s %12s %14s\n' case wall ms/dept ×floor speedup maxRSS main worker main+jobs×worker
for c in floor floor2 jobs1 jobs2; do
  us=$(median "$c" 2)
  rss=$(largest "$c" 3)
  main=$(largest "$c" 4)
  worker=$(largest "$c" 5)
  jobs=${c#jobs}
  [[ $c == floor* ]] && jobs=0
  awk -v c="$c" -v us="$us" -v n="$n" -v f="$floor_us" -v j1="$j1_us" -v rss="$rss" \
      -v main="$main" -v worker="$worker" -v jobs="$jobs" 'BEGIN {
    mb = 1024
    speed = (c == "jobs2") ? sprintf("%.2f×", j1 / us) : (c == "floor2") ? sprintf("%.2f×", f / us) : "-"
    m = (c ~ /^floor/ || main == 0) ? "-" : sprintf("%.1f MB", main / mb)
    w = (c ~ /^floor/ || worker == 0) ? "-" : sprintf("%.1f MB", worker / mb)
    t = (c ~ /^floor/ || main == 0) ? "-" : sprintf("%.1f MB", (main + jobs * worker) / mb)
    printf "%-8s %9.2fs %12.3f %9.2f× %10s %9.1f MB %12s %12s %14s\n",
      c, us / 1e6, us / 1000 / n, us / f, speed, rss / mb, m, w, t }'
done
echo
echo "wall: median of $runs runs; ms/dept: wall / $n; ×floor: ratio to the floor's median in this run."
echo "floor2: the floor as two processes at once, each on half of the inputs; its speedup (floor / floor2)"
echo "is what this machine gives two independent processes doing this work: the ceiling for jobs2's."
echo "maxRSS: largest over the runs of /usr/bin/time's maximum resident set size (the largest single"
echo "process: the batch or one worker); main, worker: peaks reported in 运行记录.json (getrusage)."

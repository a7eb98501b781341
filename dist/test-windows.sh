#!/usr/bin/env bash
# Tests jixiao.exe under Wine against the Linux build (issue 13):
#
#   bash dist/test-windows.sh
#
# Builds jixiao.exe (release, mingw-w64) and the Linux jixiao (dev), runs
# the sample workbooks through `score`, `check`, `rule`, `batch` and the
# no-command form (what dropping a file or a folder onto jixiao.exe does)
# with both, in folders with Chinese names, spaces and a path longer than
# Windows' old 260-character limit, and compares: exit codes, the terminal
# text (paths normalised), and the written workbooks part by part (every
# XML part of the unzipped .xlsx except docProps/core.xml, which holds the
# creation time) — the same cell values, formulas and formats.
#
# Needs wine64 and x86_64-w64-mingw32-gcc (Debian: wine64,
# gcc-mingw-w64-x86-64) and rustup; skips with a message (exit 0) when one
# is missing, unless JIXIAO_REQUIRE_WINE=1. Wine 8 lacks
# bcryptprimitives.dll, which Rust's standard library imports and Windows
# 10/11 have: a stand-in (dist/wine/bcryptprimitives.c) is built and put
# beside the exe under test only, never into the user zip.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=x86_64-pc-windows-gnu

skip() {
  if [ "${JIXIAO_REQUIRE_WINE:-}" = 1 ]; then
    echo "test-windows: $1 (JIXIAO_REQUIRE_WINE=1)" >&2
    exit 1
  fi
  echo "test-windows: skipped: $1" >&2
  exit 0
}

wine=""
for w in /usr/lib/wine/wine64 "$(command -v wine64 || true)" "$(command -v wine || true)"; do
  if [ -n "$w" ] && [ -x "$w" ]; then
    wine=$w
    break
  fi
done
[ -n "$wine" ] || skip "wine64 not installed (Debian: apt-get install wine64)"
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 ||
  skip "x86_64-w64-mingw32-gcc not installed (Debian: apt-get install gcc-mingw-w64-x86-64)"
if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  rustup target add "$target" >/dev/null 2>&1 || skip "rust target $target not available"
fi

echo "test-windows: building jixiao.exe and the Linux jixiao" >&2
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
cargo build --quiet --release --locked --target "$target" --bin jixiao
cargo build --quiet --locked --bin jixiao
linux="$root/target/debug/jixiao"

work=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-wine.XXXXXX")
trap 'rm -rf "$work"' EXIT
bin="$work/程序 目录"
mkdir -p "$bin"
cp "$root/target/$target/release/jixiao.exe" "$bin/jixiao.exe"
# Stripped as in the zip (dist/build.sh): the exe users get is the one tested.
x86_64-w64-mingw32-strip "$bin/jixiao.exe"
x86_64-w64-mingw32-gcc -shared -O2 -o "$bin/bcryptprimitives.dll" \
  dist/wine/bcryptprimitives.c -ladvapi32

export WINEPREFIX="$root/target/wine-prefix"
export WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
# The first run creates the Wine prefix and prints about it: not under test.
"$wine" "$bin/jixiao.exe" --version >/dev/null 2>&1 || true

# The Windows form of a Unix path (Wine maps / to drive Z:).
winpath() {
  local p
  p=$(realpath -m "$1")
  printf 'Z:%s' "${p//\//\\}"
}

fails=0
passes=0
ok() {
  passes=$((passes + 1))
  echo "ok   $1"
}
fail() {
  fails=$((fails + 1))
  echo "FAIL $1"
  if [ -n "${2:-}" ]; then
    printf '%s\n' "$2" | head -n 40 | sed 's/^/     /'
  fi
}

# Runs jixiao on one side: `run linux|win <name> args…`; paths in the
# arguments are Unix paths, converted for Wine when they start with
# $work. Leaves <name>.out, <name>.err and <name>.code in $work/logs/<side>.
run() {
  local side=$1 name=$2
  shift 2
  local dir="$work/logs/$side"
  mkdir -p "$dir"
  local args=() a
  for a in "$@"; do
    if [ "$side" = win ] && [[ "$a" == "$work"* ]]; then
      args+=("$(winpath "$a")")
    else
      args+=("$a")
    fi
  done
  local code=0
  if [ "$side" = win ]; then
    timeout 300 "$wine" "$bin/jixiao.exe" "${args[@]}" \
      >"$dir/$name.out" 2>"$dir/$name.err" </dev/null || code=$?
  else
    timeout 300 "$linux" "${args[@]}" \
      >"$dir/$name.out" 2>"$dir/$name.err" </dev/null || code=$?
  fi
  echo "$code" >"$dir/$name.code"
}

# One side's terminal text with its own folder replaced by <DIR> and
# Windows separators made Unix ones.
normalised() {
  local side=$1 file=$2 base=$3
  if [ "$side" = win ]; then
    local w
    w=$(winpath "$base")
    # Literal replacement (no regex): paths hold spaces and brackets.
    python3 -c '
import sys
text = open(sys.argv[1], encoding="utf-8").read()
print(text.replace(sys.argv[2], "<DIR>").replace("\\", "/"), end="")
' "$file" "$w"
  else
    python3 -c '
import sys
text = open(sys.argv[1], encoding="utf-8").read()
print(text.replace(sys.argv[2], "<DIR>"), end="")
' "$file" "$base"
  fi
}

# Elapsed times vary; with `sorted`, so does the order in which parallel
# workers finish (the progress lines).
settled() {
  local text
  text=$(sed -E 's/用时 [0-9.]+ ?(秒|分钟)/用时 <T>/g; s/^\[[0-9]+\/([0-9]+)\] /[n\/\1] /')
  if [ "$1" = sorted ]; then
    printf '%s\n' "$text" | LC_ALL=C sort
  else
    printf '%s\n' "$text"
  fi
}

# Compares what both sides printed and their exit codes for run <name>.
same_run() {
  local name=$1 what=$2 order=${3:-}
  local l="$work/logs/linux" w="$work/logs/win"
  if [ "$(cat "$l/$name.code")" != "$(cat "$w/$name.code")" ]; then
    fail "$what: exit code Linux $(cat "$l/$name.code"), Windows $(cat "$w/$name.code")" \
      "$(cat "$w/$name.err")"
    return
  fi
  local stream d
  for stream in out err; do
    d=$(diff <(normalised linux "$l/$name.$stream" "$work/linux" | settled "$order") \
      <(normalised win "$w/$name.$stream" "$work/win" | settled "$order")) || {
      fail "$what: std$stream differs (< Linux, > Windows)" "$d"
      return
    }
  done
  ok "$what (exit $(cat "$l/$name.code"), same output)"
}

# Compares two .xlsx files part by part.
same_xlsx() {
  local a=$1 b=$2 what=$3
  if [ ! -f "$a" ] || [ ! -f "$b" ]; then
    fail "$what: missing ($( [ -f "$a" ] || echo "Linux ")$( [ -f "$b" ] || echo "Windows "))"
    return
  fi
  local ua ub d
  ua=$(mktemp -d "$work/unzip.XXXXXX")
  ub=$(mktemp -d "$work/unzip.XXXXXX")
  unzip -q "$a" -d "$ua"
  unzip -q "$b" -d "$ub"
  rm -f "$ua/docProps/core.xml" "$ub/docProps/core.xml"
  if d=$(diff -r "$ua" "$ub" | cut -c1-300); then
    ok "$what: same workbook ($(find "$ua" -type f | wc -l) parts)"
  else
    fail "$what: workbooks differ" "$d"
  fi
  rm -rf "$ua" "$ub"
}

# Inputs: the same tree on both sides, under a long path with spaces and
# Chinese names (Wine's path "Z:\…" is longer than 260 characters).
long=""
for level in 一 二 三 四 五 六 七 八; do
  long+="${long:+/}很长的文件夹名称 用于测试超过二百六十个字符的路径 第${level}层"
done
samples=()
while IFS= read -r f; do
  samples+=("$(basename "$f")")
done < <(find sample_workbooks -maxdepth 1 -type f -name '*.xlsx' ! -name '*_评分*' | sort)
[ "${#samples[@]}" -gt 0 ] || skip "no sample workbooks"
for side in linux win; do
  for sub in "单个 评分" "2024 部门数据" "拖放 文件" "拖放 文件夹"; do
    mkdir -p "$work/$side/$long/$sub"
  done
  for f in "${samples[@]}"; do
    for sub in "单个 评分" "2024 部门数据" "拖放 文件夹"; do
      cp "sample_workbooks/$f" "$work/$side/$long/$sub/样本 $f"
    done
  done
  cp "sample_workbooks/${samples[0]}" "$work/$side/$long/拖放 文件/某局 数据.xlsx"
done
echo "test-windows: Windows path length $(winpath "$work/win/$long/单个 评分/样本 ${samples[0]}" | python3 -c 'import sys; print(len(sys.stdin.read()))') characters" >&2

# score: every sample, output beside the input.
for f in "${samples[@]}"; do
  stem=${f%.xlsx}
  for side in linux win; do
    run "$side" "score-$stem" score "$work/$side/$long/单个 评分/样本 $f"
  done
  same_run "score-$stem" "score 样本 $f"
  same_xlsx "$work/linux/$long/单个 评分/样本 ${stem}_评分.xlsx" \
    "$work/win/$long/单个 评分/样本 ${stem}_评分.xlsx" "score 样本 $f"
done

# score --force: replaces the scored workbook (writes through a temp file
# that is synced, then renamed over it).
f=${samples[0]}
stem=${f%.xlsx}
for side in linux win; do
  run "$side" "score-force" score "$work/$side/$long/单个 评分/样本 $f" --force
done
same_run "score-force" "score 样本 $f --force"
same_xlsx "$work/linux/$long/单个 评分/样本 ${stem}_评分.xlsx" \
  "$work/win/$long/单个 评分/样本 ${stem}_评分.xlsx" "score 样本 $f --force"

# template: the blank workbooks.
for side in linux win; do
  run "$side" template template --out "$work/$side/$long/空白 模板"
done
same_run template "template"
for t in 部门数据模板.xlsx 默认评分表.xlsx; do
  same_xlsx "$work/linux/$long/空白 模板/$t" "$work/win/$long/空白 模板/$t" "template $t"
done

# check: what was read, from which cells.
for f in "${samples[@]}"; do
  stem=${f%.xlsx}
  for side in linux win; do
    run "$side" "check-$stem" check "$work/$side/$long/单个 评分/样本 $f"
  done
  same_run "check-$stem" "check 样本 $f"
done

# rule: Chinese rule text as an argument, with and without a value.
rules=(
  "重点支出安排率≥90%，计5分；80%（含）-90%，计4分；低于80%不得分|5|85%"
  "预算完成率＝实际支出/预算数×100%，按比例得分|2|97.54%"
  "“三公经费”变动率≤0，得满分；＞0，不得分|3|-3.2%"
  "每发现一处问题扣1分，扣完为止|4|"
)
i=0
for r in "${rules[@]}"; do
  IFS='|' read -r text max value <<<"$r"
  i=$((i + 1))
  for side in linux win; do
    if [ -n "$value" ]; then
      run "$side" "rule-$i" rule "$text" --max "$max" --value "$value"
      run "$side" "rule-$i-json" rule "$text" --max "$max" --value "$value" --json
    else
      run "$side" "rule-$i" rule "$text" --max "$max"
      run "$side" "rule-$i-json" rule "$text" --max "$max" --json
    fi
  done
  same_run "rule-$i" "rule 「$text」"
  same_run "rule-$i-json" "rule 「$text」 --json"
done

# batch: a folder into an output folder named with a space.
for side in linux win; do
  run "$side" batch batch "$work/$side/$long/2024 部门数据" \
    --out "$work/$side/$long/2024 评分 结果" --jobs 2
done
same_run batch "batch 2024 部门数据" sorted
for f in "${samples[@]}"; do
  stem=${f%.xlsx}
  same_xlsx "$work/linux/$long/2024 评分 结果/样本 ${stem}_评分.xlsx" \
    "$work/win/$long/2024 评分 结果/样本 ${stem}_评分.xlsx" "batch 样本 $f"
done
same_xlsx "$work/linux/$long/2024 评分 结果/汇总.xlsx" \
  "$work/win/$long/2024 评分 结果/汇总.xlsx" "batch 汇总.xlsx"
if d=$(diff "$work/linux/$long/2024 评分 结果/汇总.csv" "$work/win/$long/2024 评分 结果/汇总.csv"); then
  ok "batch 汇总.csv: same"
else
  fail "batch 汇总.csv differs" "$d"
fi

# Drag and drop: `jixiao.exe <file>` twice, then `jixiao.exe <folder>`.
for side in linux win; do
  run "$side" drop-file-1 "$work/$side/$long/拖放 文件/某局 数据.xlsx"
  run "$side" drop-file-2 "$work/$side/$long/拖放 文件/某局 数据.xlsx"
  run "$side" drop-folder "$work/$side/$long/拖放 文件夹"
done
same_run drop-file-1 "drop a file"
same_run drop-file-2 "drop the same file again"
same_xlsx "$work/linux/$long/拖放 文件/某局 数据_评分.xlsx" \
  "$work/win/$long/拖放 文件/某局 数据_评分.xlsx" "drop a file: 某局 数据_评分.xlsx beside it"
same_xlsx "$work/linux/$long/拖放 文件/某局 数据_评分(2).xlsx" \
  "$work/win/$long/拖放 文件/某局 数据_评分(2).xlsx" "drop it again: 某局 数据_评分(2).xlsx"
same_run drop-folder "drop a folder" sorted
for f in "${samples[@]}"; do
  stem=${f%.xlsx}
  same_xlsx "$work/linux/$long/拖放 文件夹_评分结果/样本 ${stem}_评分.xlsx" \
    "$work/win/$long/拖放 文件夹_评分结果/样本 ${stem}_评分.xlsx" \
    "drop a folder: 拖放 文件夹_评分结果/样本 ${stem}_评分.xlsx"
done
same_xlsx "$work/linux/$long/拖放 文件夹_评分结果/汇总.xlsx" \
  "$work/win/$long/拖放 文件夹_评分结果/汇总.xlsx" "drop a folder: 拖放 文件夹_评分结果/汇总.xlsx"

# Double-click: no argument prints the short help and exits 0.
run win no-argument
if [ "$(cat "$work/logs/win/no-argument.code")" = 0 ] &&
  grep -q "拖到 jixiao.exe" "$work/logs/win/no-argument.out"; then
  ok "no argument: short help, exit 0"
else
  fail "no argument" "$(cat "$work/logs/win/no-argument.out" "$work/logs/win/no-argument.err")"
fi
# Started by Explorer (forced: Wine's console is not Explorer's): the
# prompt, then the key (here a line on stdin) closes it. Not after a command.
code=0
printf '\n' | JIXIAO_PAUSE=1 timeout 120 "$wine" "$bin/jixiao.exe" \
  >"$work/logs/win/pause.out" 2>"$work/logs/win/pause.err" || code=$?
if [ "$code" = 0 ] && grep -q "按任意键关闭此窗口" "$work/logs/win/pause.err"; then
  ok "started by Explorer: waits for a key, then exits 0"
else
  fail "started by Explorer (exit $code)" "$(cat "$work/logs/win/pause.err")"
fi
code=0
printf '\n' | JIXIAO_PAUSE=1 timeout 120 "$wine" "$bin/jixiao.exe" rule "≥90%计5分" --max 5 \
  >"$work/logs/win/pause-cmd.out" 2>"$work/logs/win/pause-cmd.err" || code=$?
if [ "$code" = 0 ] && ! grep -q "按任意键" "$work/logs/win/pause-cmd.err"; then
  ok "a command (not Explorer's form) never waits"
else
  fail "a command waited or failed (exit $code)" "$(cat "$work/logs/win/pause-cmd.err")"
fi

# No colour or cursor codes in anything written to a pipe.
if grep -rl $'\x1b' "$work/logs" >/dev/null 2>&1; then
  fail "escape codes in output" "$(grep -rl $'\x1b' "$work/logs")"
else
  ok "no escape codes in $(find "$work/logs" -type f -name '*.out' -o -type f -name '*.err' | wc -l) captured outputs"
fi

echo "test-windows: $passes passed, $fails failed ($("$wine" --version 2>/dev/null || echo wine))"
[ "$fails" -eq 0 ]

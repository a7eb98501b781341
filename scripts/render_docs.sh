#!/usr/bin/env bash
# Renders the pictures in docs/images/ with LibreOffice, as users will see
# the workbooks printed: the first page of a scored sample's 评分表, its
# 评分汇总, and the first page of a batch's 汇总.
#
#   scripts/render_docs.sh
#
# Needs soffice (libreoffice-calc-nogui), fonts-noto-cjk,
# fonts-crosextra-carlito and pdftoppm (poppler-utils). Uses the debug
# build of this worktree.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin="$PWD/target/debug/jixiao"
out="$PWD/docs/images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/profile/user" "$work/部门"
# A profile that recalculates every formula on load (NOTES-ecosystem §3).
cat > "$work/profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
cp sample_workbooks/*.xlsx "$work/部门/"
"$bin" score "$work/部门/桃江县医疗保障局2019.xlsx" --out "$work/评分表示例.xlsx" >/dev/null 2>&1
"$bin" batch "$work/部门" --out "$work/结果" --year 2023 --quiet >/dev/null 2>&1 || true
cp "$work/结果/汇总.xlsx" "$work/汇总示例.xlsx"
(cd "$work" && soffice "-env:UserInstallation=file://$work/profile" --headless \
  --convert-to pdf 评分表示例.xlsx 汇总示例.xlsx >/dev/null 2>&1)
pages() { pdfinfo "$1" | awk '/^Pages:/ {print $2}'; }
first_of_sheet() { # the first page whose text contains a sheet's title
  local pdf="$1" needle="$2" n
  for n in $(seq 1 "$(pages "$pdf")"); do
    if pdftotext -f "$n" -l "$n" "$pdf" - | grep -q "$needle"; then echo "$n"; return; fi
  done
  echo 1
}
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$work/评分表示例.pdf" "$out/评分表第1页"
p=$(first_of_sheet "$work/评分表示例.pdf" "评分汇总")
pdftoppm -r 70 -png -f "$p" -l "$p" -singlefile "$work/评分表示例.pdf" "$out/评分汇总"
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$work/汇总示例.pdf" "$out/汇总第1页"
ls -l "$out"

#!/usr/bin/env bash
# Builds jixiao in release mode and packs what a user receives:
#
#   bash dist/build.sh windows   → dist/out/jixiao-<版本>-windows-x64.zip
#   bash dist/build.sh linux     → dist/out/jixiao-<版本>-linux-x64.tar.gz
#
# (dist/build-windows.sh and dist/build-linux.sh call this.) Installs what
# it needs: the Rust target and, for Windows, Debian's mingw-w64 linker
# (apt-get, as root or with sudo). Each package holds the program,
# 使用说明.txt (UTF-8 with a BOM and CRLF line ends in the zip, so Notepad
# on a Chinese Windows reads it right), the sample workbooks, the blank
# templates `jixiao template` writes (generated with the host build) and
# the user documentation (docs/*.md but the developers' pages).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
platform=${1:-}
case "$platform" in
  windows | linux) ;;
  *)
    echo "usage: bash dist/build.sh windows|linux" >&2
    exit 2
    ;;
esac

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out_dir="$root/dist/out"
mkdir -p "$out_dir"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "need root (or sudo) to run: $*" >&2
    exit 1
  fi
}

apt_install() {
  echo "Installing $*" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}

if [ "$platform" = windows ]; then
  target=x86_64-pc-windows-gnu
  if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
    apt_install gcc-mingw-w64-x86-64
  fi
  if command -v rustup >/dev/null 2>&1; then
    rustup target list --installed | grep -qx "$target" || rustup target add "$target"
  fi
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
  cargo build --release --locked --target "$target" --bin jixiao
  exe="$root/target/$target/release/jixiao.exe"
  name="jixiao-$version-windows-x64"
  program=jixiao.exe
else
  cargo build --release --locked --bin jixiao
  exe="$root/target/release/jixiao"
  name="jixiao-$version-linux-x64"
  program=jixiao
fi

stage="$out_dir/$name"
rm -rf "$stage"
mkdir -p "$stage/示例" "$stage/模板"
cp "$exe" "$stage/$program"
# Without symbols: a third of the size; users never see a backtrace.
if [ "$platform" = windows ]; then
  x86_64-w64-mingw32-strip "$stage/$program"
else
  strip "$stage/$program"
fi

# Blank templates, written by the host's own jixiao: the one just built
# for Linux; for Windows, `cargo run` (the dev profile, which `cargo test`
# has usually built already).
if [ "$platform" = linux ]; then
  "$exe" template --out "$stage/模板" --force >/dev/null
else
  cargo run --quiet --locked --bin jixiao -- template --out "$stage/模板" --force >/dev/null
fi

# Sample workbooks and the locality rubrics, not scored outputs.
find sample_workbooks -maxdepth 1 -type f \( -name '*.xlsx' -o -name '*.xls' -o -name '*.ods' \) \
  ! -name '*_评分*.xlsx' -exec cp {} "$stage/示例/" \;
if [ -d sample_workbooks/rubrics ]; then
  mkdir -p "$stage/示例/评分表"
  find sample_workbooks/rubrics -maxdepth 1 -type f ! -name '*_评分*.xlsx' \
    -exec cp {} "$stage/示例/评分表/" \;
fi

# The user documentation (Markdown, readable in Notepad), without the
# developers' pages.
mkdir -p "$stage/文档"
for f in docs/*.md; do
  case "$(basename "$f")" in
    architecture.md | benchmark.md | fuzzing.md | 性能.md) ;;
    *) cp "$f" "$stage/文档/" ;;
  esac
done
if [ -d docs/images ]; then
  cp -r docs/images "$stage/文档/images"
fi

if [ "$platform" = windows ]; then
  # UTF-8 with a BOM and CRLF line ends.
  { printf '\xef\xbb\xbf'; sed 's/$/\r/' dist/使用说明.txt; } >"$stage/使用说明.txt"
  archive="$out_dir/$name.zip"
  rm -f "$archive"
  # Python's zipfile marks non-ASCII names as UTF-8 (flag bit 11), which
  # Windows Explorer honours; Info-ZIP's default does not, and Explorer on
  # a Chinese Windows would then show the names garbled.
  python3 - "$out_dir" "$name" "$archive" <<'PY'
import os, sys, zipfile
base, name, archive = sys.argv[1], sys.argv[2], sys.argv[3]
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for folder, dirs, files in os.walk(os.path.join(base, name)):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(folder, f)
            z.write(path, os.path.relpath(path, base))
PY
else
  cp dist/使用说明.txt "$stage/使用说明.txt"
  archive="$out_dir/$name.tar.gz"
  tar -C "$out_dir" -czf "$archive" "$name"
fi
echo "$archive ($(du -h "$archive" | cut -f1))"

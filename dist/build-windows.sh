#!/usr/bin/env bash
# Builds jixiao.exe and packs dist/out/jixiao-<版本>-windows-x64.zip (see dist/build.sh).
exec bash "$(dirname "$0")/build.sh" windows

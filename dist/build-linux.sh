#!/usr/bin/env bash
# Builds jixiao for Linux and packs dist/out/jixiao-<版本>-linux-x64.tar.gz (see dist/build.sh).
exec bash "$(dirname "$0")/build.sh" linux

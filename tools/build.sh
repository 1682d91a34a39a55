#!/usr/bin/env bash
# Builds what a command needs. Usage: tools/build.sh [native-release|native-asan|wasm-release]...
# With no argument: the product (native-release server + wasm-release app).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emcc's node steps need Debian's acorn
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(native-release wasm-release)
for p in "${presets[@]}"; do
  echo "[build] $p"
  if [ ! -f "build/$p/build.ninja" ]; then
    cmake --preset "$p" >/dev/null
  fi
  cmake --build --preset "$p" -j 2
done

#!/usr/bin/env bash
# Builds what a command needs. Usage: tools/build.sh [preset[:target,target...]]...
#   tools/build.sh native-release wasm-release       every target of each preset
#   tools/build.sh wasm-release:clientcard           only the module (and what it depends on)
# With no argument: the product (native-release server + wasm-release app).
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH=/usr/share/nodejs   # emcc's node steps need Debian's acorn
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(native-release wasm-release)
for arg in "${presets[@]}"; do
  p=${arg%%:*}
  targets=()
  if [[ "$arg" == *:* ]]; then
    IFS=, read -r -a list <<< "${arg#*:}"
    for t in "${list[@]}"; do targets+=(--target "$t"); done
  fi
  echo "[build] $arg"
  if [ ! -f "build/$p/build.ninja" ]; then
    cmake --preset "$p" >/dev/null
  fi
  cmake --build --preset "$p" -j 2 "${targets[@]}"
done

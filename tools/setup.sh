#!/usr/bin/env bash
# Installs everything the build, the product and the tests need on Debian bookworm (run as root).
# Idempotent: each step checks first and skips what is already there, so a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

log() { printf '[setup] %s\n' "$*"; }

# [1] Debian packages -------------------------------------------------------------------------
packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  emscripten                       # emcc 3.1.6 with its own clang, lld, binaryen and sysroot
  nlohmann-json3-dev doctest-dev libcpp-httplib-dev libsqlite3-dev
  libboost-dev zlib1g-dev          # the server's HTTP layer (Boost.Beast/Asio), streamed inflate
  clang-14 libclang-rt-14-dev      # libFuzzer targets (tests/fuzz)
  chromium                         # end-to-end tests (driven by playwright-core)
  fonts-noto-core fonts-font-awesome python3-fonttools python3-brotli
  dpkg-dev                         # apt-get source
  gzip
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi

# [2] Dear ImGui 1.86 sources for the wasm build (Debian ships only a native library) ----------
imgui_dir="$root/third_party/imgui"
if [ ! -f "$imgui_dir/imgui.cpp" ]; then
  log "fetching Dear ImGui sources from Debian's source package"
  src_list=/etc/apt/sources.list.d/clientcard-src.sources
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    # Mirror the machine's own deb entries as deb-src.
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$src_list"
    else
      grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' > /etc/apt/sources.list.d/clientcard-src.list
    fi
    apt-get update -qq
  fi
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get source -qq --download-only imgui >/dev/null 2>&1 || apt-get source -qq imgui >/dev/null)
  orig=$(ls "$tmp"/imgui_*.orig.tar.* 2>/dev/null | head -1)
  mkdir -p "$imgui_dir"
  if [ -n "$orig" ]; then
    tar -xf "$orig" -C "$imgui_dir" --strip-components=1
  else
    cp -r "$tmp"/imgui-*/. "$imgui_dir/"
  fi
  rm -rf "$tmp"
  test -f "$imgui_dir/imgui.cpp" || { echo "setup: Dear ImGui sources not found" >&2; exit 1; }
else
  log "Dear ImGui sources present"
fi

# [3] npm dependencies from the committed lock file -------------------------------------------
if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
else
  log "npm dependencies present"
fi
log "done"

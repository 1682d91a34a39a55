#!/usr/bin/env bash
# npm run bench: core figures natively and as wasm side by side (with MiniSearch and FlexSearch
# searching the same clients), then the browser figures
# (download size, first download, time to the first card from cache, memory, edit -> saved) at
# 2,000 / 20,000 / 100,000 clients, and last one table of every figure with its goal.
# Usage: tools/bench.sh [N ...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh >/dev/null
bash tools/build.sh native-release wasm-release >/dev/null
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2000 20000 100000)
mkdir -p bench-results
echo "== core: native vs wasm (Node $(node --version)), same source, same data"
build/native-release/tools/bench/cc_bench "${sizes[@]}" > bench-results/core-native.jsonl
node --no-experimental-fetch build/wasm-release/tools/bench/cc_bench.js "${sizes[@]}" > bench-results/core-wasm.jsonl
# MiniSearch and FlexSearch (devDependencies) on the same clients, typing the same keystrokes.
: > bench-results/search-libs.jsonl
for n in "${sizes[@]}"; do
  build/native-release/tools/bench/cc_bench --dump "$n" "bench-results/search-clients-$n.json"
  node --expose-gc tools/bench/search_libs.mjs "bench-results/search-clients-$n.json" >> bench-results/search-libs.jsonl
  rm -f "bench-results/search-clients-$n.json"
done
node tools/bench/report.mjs bench-results/core-native.jsonl bench-results/core-wasm.jsonl bench-results/search-libs.jsonl
echo
echo "== browser: Chromium (headless, SwiftShader) against the reference server (native-release)"
node tools/bench/browser.mjs "${sizes[@]}"
echo
echo "== issue 8's goals (also in bench-results/summary.md; raw results in bench-results/)"
node tools/bench/summary.mjs bench-results

#!/usr/bin/env bash
# npm test: set up if needed, build, run every suite, print one closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# Only what the suites run (the benchmark programs are `npm run bench`'s). The libFuzzer build
# runs beside the wasm build: the module's link-time optimisation and its linking run on one core,
# and the fuzz targets' compiling fills the other.
bash tools/build.sh native-asan:cc_core_tests,cc_ui_tests,cc_server_tests,clientcard-server
mkdir -p test-artifacts
bash tools/build.sh native-fuzz > test-artifacts/fuzz-build.log 2>&1 &   # the preset's target: the libFuzzer targets
fuzz_build=$!
wasm_status=0
bash tools/build.sh wasm-release:clientcard,cc_core_tests || wasm_status=$?
fuzz_status=0
wait "$fuzz_build" || fuzz_status=$?
cat test-artifacts/fuzz-build.log
[ "$wasm_status" = 0 ] && [ "$fuzz_status" = 0 ] || { echo "test: a build failed" >&2; exit 1; }
exec node tools/run-tests.mjs "$@"

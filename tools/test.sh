#!/usr/bin/env bash
# npm test: set up if needed, build, run every suite, print one closing line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/build.sh native-asan wasm-release
bash tools/build.sh native-fuzz   # only the libFuzzer targets (the preset's build target)
exec node tools/run-tests.mjs "$@"

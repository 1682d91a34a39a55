#!/usr/bin/env bash
# npm run fuzz [-- --runs N] [target...]: builds the libFuzzer targets (native-fuzz preset) and
# runs each for N executions (default 10,000,000) on a working corpus in fuzz-corpus/
# (git-ignored). Crashes are saved into tests/fuzz/regressions/<target>/ and named for what they
# are; `npm test` replays them. Per target it prints executions, exec/s, time and crashes.
# See docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/build.sh native-fuzz
exec node tools/fuzz.mjs "$@"

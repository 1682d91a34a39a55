#!/usr/bin/env bash
# npm start: set up if needed, build, and run the reference server with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
bash tools/build.sh native-release wasm-release
mkdir -p data
exec build/native-release/tools/server/clientcard-server \
  --host 127.0.0.1 --port "${PORT:-8080}" \
  --db data/clientcard.db --web-root build/wasm-release/web "$@"

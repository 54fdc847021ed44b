#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, multi-rank and end-to-end) on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh default
ctest --test-dir build/default -j2 --output-on-failure --timeout 300 "$@"

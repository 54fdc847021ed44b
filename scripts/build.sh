#!/usr/bin/env bash
# Configures and builds mpisight with a CMake preset (default: "default", RelWithDebInfo) into build/<preset>.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-default}
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j2

#!/usr/bin/env bash
# mpi-view on a big trace: writes a synthetic trace (default 10 million events on 16 ranks; `--traced N` instead
# traces bench/viewer/many_calls with N iterations on 4 ranks, slow on a loaded machine), then prints the server's
# figures (viewer_bench) and the browser's first paint, tile round trips and memory (browser_bench.mjs).
# Run by hand after scripts/build.sh: bench/viewer/run_viewer_bench.sh [events | --traced iterations]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${MPISIGHT_BUILD:-$here/../../build/default}
if [[ "${1:-}" == --traced ]]; then
  out=$build/bench/viewer-traced-${2:?iterations}
  if [[ ! -f "$out/traces.otf2" ]]; then
    rm -rf "$out"
    timeout 3600 "$build/interpose/mpi-trace" -o "$out" -n 4 "$build/bench/many_calls" "$2"
  fi
else
  events=${1:-10000000}
  out=$build/bench/viewer-synthetic-$events
  [[ -f "$out/traces.otf2" ]] || "$build/bench/synthetic_trace" "$out" "$events" 16 >/dev/null
fi
echo "== trace: $out ($(du -sh "$out" | cut -f1))"
"$build/bench/viewer_bench" "$out/traces.otf2"
node "$here/browser_bench.mjs" "$build/viewer/mpi-view" "$out/traces.otf2"

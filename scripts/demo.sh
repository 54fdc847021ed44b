#!/usr/bin/env bash
# The main job on a bundled example: install what is missing, build, trace a 4-rank halo exchange, analyze it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh default
bin=build/default
trace_dir=$(mktemp -d "${TMPDIR:-/tmp}/mpisight-demo.XXXXXX")
rmdir "$trace_dir"
echo "== tracing: mpi-trace -o $trace_dir -n 4 $bin/examples/halo"
"$bin/interpose/mpi-trace" -o "$trace_dir" -n 4 "$bin/examples/halo"
echo
echo "== analyzing: mpi-analyze $trace_dir/traces.otf2"
"$bin/analyzer/mpi-analyze" "$trace_dir/traces.otf2"
echo
echo "Trace: $trace_dir/traces.otf2 (also readable with otf2-print, Vampir or Scalasca)"

#!/usr/bin/env bash
# The main job on a bundled example: install what is missing, build, trace a 4-rank halo exchange, analyze it,
# and write its timeline as one HTML file to open in a browser.
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
echo "== analyzing: mpi-analyze --profile $trace_dir/traces.otf2"
"$bin/analyzer/mpi-analyze" --profile "$trace_dir/traces.otf2"
echo
echo "== viewing: mpi-view --export $trace_dir/view.html $trace_dir/traces.otf2"
"$bin/viewer/mpi-view" --export "$trace_dir/view.html" "$trace_dir/traces.otf2"
echo
echo "Trace: $trace_dir/traces.otf2 (also readable with otf2-print, Vampir or Scalasca)"
echo "Timeline: open $trace_dir/view.html in a browser, or serve it live: $bin/viewer/mpi-view $trace_dir/traces.otf2"

# A program with a bug MPI never reports (examples/bugs/messages_unreceived.c): mpi-analyze finds it, exits 1.
bug_dir=$(mktemp -d "${TMPDIR:-/tmp}/mpisight-demo-bug.XXXXXX")
rmdir "$bug_dir"
echo
echo "== tracing a buggy program: mpi-trace -o $bug_dir -n 2 $bin/examples/bugs/messages_unreceived"
"$bin/interpose/mpi-trace" -o "$bug_dir" -n 2 "$bin/examples/bugs/messages_unreceived"
echo
echo "== analyzing: mpi-analyze $bug_dir/traces.otf2"
status=0
"$bin/analyzer/mpi-analyze" "$bug_dir/traces.otf2" || status=$?
if [[ $status -ne 1 ]]; then
  echo "demo: mpi-analyze exited with $status, expected 1 (errors found)" >&2
  exit 1
fi

#!/usr/bin/env bash
# Writes the traces the browser tests open: ring and allreduce_loop traced on 4 ranks, and the hostile fixture.
# usage: trace_examples.sh MPI_TRACE EXAMPLES_DIR MAKE_FIXTURE OUT_DIR
set -euo pipefail
mpi_trace=$1 examples=$2 make_fixture=$3 out=$4
mkdir -p "$out"
for example in ring allreduce_loop; do
  rm -rf "${out:?}/$example"
  timeout 60 "$mpi_trace" -o "$out/$example" -n 4 "$examples/$example" >/dev/null
  [[ -f "$out/$example/traces.otf2" ]] || { echo "no trace for $example" >&2; exit 1; }
done
"$make_fixture" "$out" >/dev/null

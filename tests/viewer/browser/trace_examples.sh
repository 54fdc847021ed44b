#!/usr/bin/env bash
# Writes the traces the browser tests open: ring, allreduce_loop and hostile_comm traced on 4 ranks, the buggy
# requests_leak on 2, and the synthetic hostile fixture.
# usage: trace_examples.sh MPI_TRACE EXAMPLES_DIR MAKE_FIXTURE HOSTILE_COMM BUGS_DIR OUT_DIR
set -euo pipefail
mpi_trace=$1 examples=$2 make_fixture=$3 hostile_comm=$4 bugs=$5 out=$6
mkdir -p "$out"
for example in ring allreduce_loop; do
  rm -rf "${out:?}/$example"
  timeout 60 "$mpi_trace" -o "$out/$example" -n 4 "$examples/$example" >/dev/null
  [[ -f "$out/$example/traces.otf2" ]] || { echo "no trace for $example" >&2; exit 1; }
done
rm -rf "${out:?}/hostile_comm"
timeout 60 "$mpi_trace" -o "$out/hostile_comm" -n 4 "$hostile_comm" >/dev/null
rm -rf "${out:?}/requests_leak"
timeout 60 "$mpi_trace" -o "$out/requests_leak" -n 2 "$bugs/requests_leak" >/dev/null
"$make_fixture" "$out" >/dev/null

#!/usr/bin/env bash
# Writes the traces the browser tests open: ring, allreduce_loop and hostile_comm traced on 4 ranks, the buggy
# requests_leak on 2, the synthetic hostile fixture, and the RMA and MPI-IO programs of tests/e2e on 4 ranks (the
# I/O program writes a file named like markup, which it deletes at its end), and on 2 ranks the RMA program whose
# operations other threads complete.
# usage: trace_examples.sh MPI_TRACE EXAMPLES_DIR MAKE_FIXTURE HOSTILE_COMM BUGS_DIR OUT_DIR RMA_PROGRAM IO_PROGRAM
#        RMA_THREADS_PROGRAM
set -euo pipefail
mpi_trace=$1 examples=$2 make_fixture=$3 hostile_comm=$4 bugs=$5 out=$6 rma=$7 io=$8 rma_threads=$9
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
rm -rf "${out:?}/rma"
timeout 60 "$mpi_trace" -o "$out/rma" -n 4 "$rma" >/dev/null
rm -rf "${out:?}/io" "${out:?}/io-data"
mkdir -p "$out/io-data"
timeout 60 "$mpi_trace" -o "$out/io" -n 4 "$io" "$out/io-data/<img src=x onerror=alert(3)>.bin" >/dev/null
rm -rf "${out:?}/rma_threads"
timeout 60 "$mpi_trace" -o "$out/rma_threads" -n 2 "$rma_threads" >/dev/null
for trace in rma io rma_threads; do
  [[ -f "$out/$trace/traces.otf2" ]] || { echo "no trace for $trace" >&2; exit 1; }
done

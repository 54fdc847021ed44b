#!/bin/sh
# Prints the C++ API's cost against raw MPI (ping-pong, allreduce) and the object path's cost against raw bytes.
# Usage: bench/run_api.sh [build-dir]   (default build/default; build the target bench_api_vs_raw first)
set -eu
build=${1:-build/default}
exec timeout 300 mpiexec -n 2 "$build/bench/api_vs_raw"

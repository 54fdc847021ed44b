#!/bin/bash
# The C++ API's cost against raw MPI (typed ping-pong and allreduce: must be within 2%) and the object path's cost
# against raw bytes. Runs the benchmark several times (each run interleaves raw and API rounds), keeps the best
# figure of each side over all runs, and prints one verdict line per typed case. Ranks are bound to separate
# cores: two ranks time-sharing one core turn every round trip into a scheduler time slice.
# Usage: nice -n -20 bash bench/run_api.sh [build-dir] [runs] [rounds-per-run]
#   (default build/default, 3 runs, 9 rounds; build the target bench_api_vs_raw first)
set -euo pipefail
build=${1:-build/default}
runs=${2:-3}
rounds=${3:-9}
binary="$build/bench/api_vs_raw"
[[ -x $binary ]] || { echo "run_api.sh: $binary missing (cmake --build $build --target bench_api_vs_raw)" >&2; exit 2; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((run = 1; run <= runs; ++run)); do
  timeout 600 mpiexec -n 2 -bind-to core "$binary" "$rounds" | tee -a "$out" | grep --line-buffered -v "^best of" | sed "s/^/run $run: /"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Fields of a result line: kind case bytes B best raw <raw> us best api <api> us best api/raw <ratio> median <m>
awk -v runs="$runs" -v rounds="$rounds" '
  $1 ~ /^(typed|probe|object|codec)$/ {
    key = $1 " " $2 " " $3
    if (!(key in raw)) { order[++n] = key }
    if (!(key in raw) || $7 < raw[key]) raw[key] = $7
    if (!(key in api) || $11 < api[key]) api[key] = $11
  }
  END {
    printf "\nbest over %d runs x %d interleaved rounds\n", runs, rounds
    for (i = 1; i <= n; ++i) {
      key = order[i]
      split(key, k, " ")
      ratio = api[key] / raw[key]
      if (k[1] == "typed") {
        printf "VERDICT %-26s %9s B  raw %10.3f us  api %10.3f us  api/raw %.3f  %s\n", k[2], k[3], raw[key], api[key],
               ratio, (ratio <= 1.02 ? "within 2%" : "ABOVE 2%")
      } else {
        what = (k[1] == "object") ? "object path" : (k[1] == "probe") ? "Mprobe+Mrecv" : "encode+decode only"
        printf "COST    %-26s %9s B  raw bytes %10.3f us  %-18s %10.3f us  x%.2f\n", k[2], k[3], raw[key], what,
               api[key], ratio
      }
    }
  }' "$out"

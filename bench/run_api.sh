#!/bin/bash
# The C++ API's cost against raw MPI (typed ping-pong and allreduce: must be within 2%) and the object path's cost
# against raw bytes. Runs the benchmark several times (each run interleaves raw and API rounds) and prints one
# verdict line per typed case and one cost line per object case. Ranks are bound to separate cores: two ranks
# time-sharing one core turn every round trip into a scheduler time slice.
# The verdict rests on what the API adds per call, timed on MPI_COMM_SELF where a call takes tens of ns and nothing
# else varies ("call" rows; the API passes contiguous buffers by pointer, so its cost does not grow with size): a
# round trip on the critical path pays two sends and two receives, an allreduce one call. The two-rank ratios are
# printed next to it with a raw-against-raw control, whose spread shows what timing two ranks can resolve here.
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
  timeout 600 mpiexec -n 2 -bind-to core "$binary" "$rounds" | tee -a "$out" |
    grep --line-buffered -v -e "^best of" -e "^ratios" | sed "s/^/run $run: /"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Result line: kind case bytes B best raw <raw> us best api <api> us best api/raw <ratio> median <m>
# Ratio line:  ratios kind case bytes <paired api/raw ratio of each round>...
awk -v runs="$runs" -v rounds="$rounds" '
  function sorted_pool(key, values,   n, i, j, t) {
    n = split(pool[key], values, " ")
    for (i = 2; i <= n; ++i) {
      t = values[i]
      for (j = i - 1; j >= 1 && values[j] > t; --j) values[j + 1] = values[j]
      values[j + 1] = t
    }
    return n
  }
  function quantile(values, n, q) { return values[int(q * (n - 1) + 0.5) + 1] }
  function spread(key,   v, n) {
    n = sorted_pool(key, v)
    return sprintf("median %.3f, middle half %.3f-%.3f", quantile(v, n, 0.5), quantile(v, n, 0.25), quantile(v, n, 0.75))
  }
  $1 == "ratios" {
    key = $2 " " $3 " " $4
    for (i = 5; i <= NF; ++i) pool[key] = pool[key] " " $i
    next
  }
  $1 ~ /^(typed|control|probe|object|codec|call)$/ {
    key = $1 " " $2 " " $3
    if (!(key in raw)) { order[++n] = key }
    if (!(key in raw) || $7 < raw[key]) raw[key] = $7
    if (!(key in api) || $11 < api[key]) api[key] = $11
  }
  END {
    printf "\nbest over %d runs x %d interleaved rounds\n", runs, rounds
    for (i = 1; i <= n; ++i) {
      split(order[i], k, " ")
      # A call the API makes no slower adds nothing (not a saving: code layout moves either side by a ns or so).
      if (k[1] == "call") added[k[2]] = (api[order[i]] > raw[order[i]]) ? (api[order[i]] - raw[order[i]]) * 1000 : 0
      if (k[1] == "control") control = spread(order[i])
    }
    for (name in added) printf "CALL    %-12s API adds %5.2f ns per call (MPI_COMM_SELF, best of each side)\n", name, added[name]
    printf "CONTROL raw against raw, 8 B ping-pong, two ranks: %s\n", control
    for (i = 1; i <= n; ++i) {
      key = order[i]
      split(key, k, " ")
      if (k[1] == "typed") {
        per_trip = (k[2] ~ /^ping-pong/) ? 2 * (added["send"] + added["recv_into"]) : added["allreduce"]
        bound = 1 + per_trip / (raw[key] * 1000)
        printf "VERDICT %-26s %9s B  raw %10.3f us  API adds %5.2f ns = x%.4f  %s  (two ranks: best x%.3f, %s)\n",
               k[2], k[3], raw[key], per_trip, bound, (bound <= 1.02 ? "within 2%" : "ABOVE 2%"), api[key] / raw[key],
               spread(key)
      } else if (k[1] != "call" && k[1] != "control") {
        what = (k[1] == "object") ? "object path" : (k[1] == "probe") ? "Mprobe+Mrecv" : "encode+decode only"
        printf "COST    %-26s %9s B  raw bytes %10.3f us  %-18s %10.3f us  x%.2f\n", k[2], k[3], raw[key], what,
               api[key], api[key] / raw[key]
      }
    }
  }' "$out"

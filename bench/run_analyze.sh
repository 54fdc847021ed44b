#!/usr/bin/env bash
# Measures mpi-analyze's throughput: traces bench/analyze_loop (2 ranks) into a large archive, then times
# mpi-analyze on it and prints events, wall and CPU seconds, events per CPU second (the per-core figure, robust
# on a shared machine) and per wall second, and peak memory. Target: >= 10 M events/s per core on a 50 M event
# trace, memory independent of trace length.
# Usage: bench/run_analyze.sh [build dir, default build/default]. Env: ITERATIONS (default 2500000, about 50 M
# events), KEEP_TRACE=1 keeps the archive. Exit status: 0 measured, 2 something is missing or a run failed.
set -euo pipefail

build_dir=${1:-build/default}
program="$build_dir/bench/analyze_loop"
mpi_trace="$build_dir/interpose/mpi-trace"
analyze="$build_dir/analyzer/mpi-analyze"
iterations=${ITERATIONS:-2500000}
for tool in "$program" "$mpi_trace" "$analyze"; do
  if [[ ! -x "$tool" ]]; then
    echo "run_analyze.sh: $tool not found (build targets bench_analyze_loop, mpisight, mpi_analyze)" >&2
    exit 2
  fi
done

trace_dir=$(mktemp -d "${TMPDIR:-/tmp}/mpisight-analyze-bench.XXXXXX")
if [[ "${KEEP_TRACE:-0}" != 1 ]]; then
  trap 'rm -rf "$trace_dir"' EXIT
fi

echo "tracing $iterations iterations of analyze_loop on 2 ranks into $trace_dir ..."
if ! timeout 1800 "$mpi_trace" -o "$trace_dir/trace" -n 2 "$program" "$iterations" >/dev/null 2>"$trace_dir/trace.err"; then
  echo "run_analyze.sh: the traced run failed:" >&2
  cat "$trace_dir/trace.err" >&2
  exit 2
fi
echo "trace size: $(du -sh "$trace_dir/trace" | cut -f1)"

# Warm the page cache so the figure is the analyzer's, not the disk's.
cat "$trace_dir"/trace/traces/*.evt >/dev/null

set +e
/usr/bin/env time -f "%e %U %S %M" -o "$trace_dir/usage" "$analyze" --format json "$trace_dir/trace" >"$trace_dir/report.json"
status=$?
set -e
if [[ $status -ne 0 ]]; then
  echo "run_analyze.sh: mpi-analyze exited with $status (expected 0 on this correct program)" >&2
  head -c 2000 "$trace_dir/report.json" >&2
  exit 2
fi
events=$(grep -m1 '"events"' "$trace_dir/report.json" | tr -dc '0-9')
read -r wall user sys rss_kib <"$trace_dir/usage"
awk -v e="$events" -v wall="$wall" -v cpu="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
  -v rss="$rss_kib" 'BEGIN {
  printf "events %d\nwall_seconds %.2f\ncpu_seconds %.2f\n", e, wall, cpu
  printf "events_per_cpu_second %.2f M\nevents_per_wall_second %.2f M\npeak_rss %.1f MiB\n", e / cpu / 1e6, e / wall / 1e6, rss / 1024
}'

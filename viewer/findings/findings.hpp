// The analyzer's findings placed on the timeline: each finding's calls are located in the index (lane, span,
// time range), so the page can draw a marker and zoom to them. Findings come from `mpi-analyze --format json`.
#pragma once

#include <filesystem>
#include <string>

#include "api/api_json.hpp"
#include "index/trace_index.hpp"

namespace mpisight::viewer {

// Normalizes mpi-analyze's JSON report ({"findings": [{check, severity, message, ranks, calls: [{rank, function,
// time_ns (entry), location: {file, line, function} | null, role}], hint}]}) into {"findings": [{id, check,
// severity, message, hint, ranks, start_ns, end_ns, calls: [{rank, lane, span, function, start_ns, end_ns, file,
// line, role}]}]}. Calls are located by rank and time; one without a time keeps lane/span null. Unknown shapes
// yield an empty list.
[[nodiscard]] Json place_findings(const TraceIndex& index, const Json& report);

// Runs `analyzer` (path to mpi-analyze) on the trace and places its findings. Never throws: a failure is
// reported in the "error" field with an empty list, so the viewer still shows the trace.
[[nodiscard]] Json analyze_findings(const TraceIndex& index, const std::filesystem::path& analyzer);

}  // namespace mpisight::viewer

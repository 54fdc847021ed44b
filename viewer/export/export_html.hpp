// --export: the page plus every call, message and collective of the trace in one HTML file that works offline
// (the script answers tile requests from the embedded arrays). Meant for small and medium traces.
#pragma once

#include <cstddef>
#include <string>

#include "api/api_json.hpp"
#include "index/trace_index.hpp"

namespace mpisight::viewer {

inline constexpr std::size_t kExportMaxSpans = 2'000'000;

// The whole document. Throws std::length_error for a trace with more than kExportMaxSpans calls.
[[nodiscard]] std::string export_html(const TraceIndex& index, const Json& findings, const std::string& nonce);

}  // namespace mpisight::viewer

// Builds a TraceIndex by streaming a trace once: region visits become spans, sends are matched to receives in
// MPI's order per (communicator, sender, receiver, tag), and collective calls are joined into instances.
#pragma once

#include <filesystem>

#include "index/trace_index.hpp"

namespace mpisight::viewer {

// Throws trace::TraceError for a trace that cannot be read.
[[nodiscard]] TraceIndex build_index(const std::filesystem::path& trace_path);

}  // namespace mpisight::viewer

// Builds a TraceIndex by streaming a trace once: region visits become spans, sends are matched to receives in
// MPI's order per (communicator, sender, receiver, tag), and collective calls are joined into instances.
#pragma once

#include <filesystem>

#include "index/trace_index.hpp"

namespace mpisight::viewer {

class BuildProgress;

// Throws trace::TraceError for a trace that cannot be read. With `progress`, the lanes and a coarse view are
// published there as soon as the definitions are read, and the view a few times a second while events stream in.
[[nodiscard]] TraceIndex build_index(const std::filesystem::path& trace_path, BuildProgress* progress = nullptr);

}  // namespace mpisight::viewer

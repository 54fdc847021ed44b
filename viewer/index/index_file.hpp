// The index cached next to a trace (<trace dir>/<anchor stem>.mpiview-index): written once, reused while the trace
// files are unchanged. The file starts with a fingerprint of every file of the archive (names, sizes, mtimes).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "index/coarse_view.hpp"
#include "index/trace_index.hpp"

namespace mpisight::viewer {

class BuildProgress;

// Where the index of the trace with anchor file `anchor` is cached.
[[nodiscard]] std::filesystem::path index_path_for(const std::filesystem::path& anchor);

// A hash over the archive's files (anchor, definitions, event files): changes when any of them changes.
[[nodiscard]] std::uint64_t archive_fingerprint(const std::filesystem::path& anchor);

// Writes atomically (temp file + rename). Returns false if the file could not be written (read-only dir...).
// `coarse` (the build's coarse view) is stored before the big arrays, for load_index to publish first.
[[nodiscard]] bool save_index(const TraceIndex& index, std::uint64_t fingerprint, const std::filesystem::path& file,
                              const CoarseView& coarse = CoarseView());

// The cached index if `file` exists, is intact and carries `fingerprint`; nullopt otherwise. With `progress`, the
// lanes and the stored coarse view are published there before the big arrays are read.
[[nodiscard]] std::optional<TraceIndex> load_index(const std::filesystem::path& file, std::uint64_t fingerprint,
                                                   BuildProgress* progress = nullptr);

struct OpenedIndex {
  TraceIndex index;
  bool from_cache = false;
  bool cached = false;  // the index is (now) stored next to the trace
};

// The valid cached index of `trace_path` (anchor file or its directory), or nullopt: never builds.
[[nodiscard]] std::optional<TraceIndex> load_cached_index(const std::filesystem::path& trace_path,
                                                          BuildProgress* progress = nullptr);

// Stores a freshly built index next to its trace; false if it could not be written.
bool cache_index(const TraceIndex& index, const CoarseView& coarse, const std::filesystem::path& trace_path);

// The index for `trace_path` (anchor file or its directory): from the cache if valid, else built (reporting to
// `progress`, if given) and cached. Throws trace::TraceError for a trace that cannot be read.
[[nodiscard]] OpenedIndex open_index(const std::filesystem::path& trace_path, BuildProgress* progress = nullptr);

}  // namespace mpisight::viewer

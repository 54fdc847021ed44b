// All journals of one traced process (one per thread), with what the converter derives from them as a whole:
// the tick -> ns mapping and the clock offsets to rank 0.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/journal_reader.hpp"
#include "otf2/tick_mapping.hpp"

namespace mpisight::otf2 {

struct ClockOffsetSample {
  std::uint64_t local_ns;
  std::int64_t offset_ns;
  double deviation_ns;
};

struct ProcessJournals {
  int rank = journal::kUnknownRank;
  int world_size = 0;
  std::uint32_t pid = 0;
  std::string host;
  std::string module_map_path;                  // where the process left its module map (may be missing)
  std::vector<journal::JournalReader> threads;  // ordered by thread index
  TickMapping mapping{journal::ClockKind::kMonotonicNs, {}, 1.0};
  std::vector<ClockOffsetSample> offsets;
};

// Loads the journals of one process; throws std::runtime_error if they are unreadable or disagree.
[[nodiscard]] ProcessJournals load_process(const std::vector<std::string>& paths);

// Groups every journal under `journal_dir` by process. Journals of processes that never learned their rank
// (they died inside MPI_Init) are skipped and named in `skipped`.
[[nodiscard]] std::vector<ProcessJournals> load_all_processes(const std::string& journal_dir,
                                                              std::vector<std::string>& skipped);

}  // namespace mpisight::otf2

// Which RMA operations each synchronisation completes, decided over all threads of one process: MPI completes a
// process's operations, so a flush, unlock, fence or complete on one thread also completes those another started.
#pragma once

#include <cstdint>
#include <vector>

#include "core/journal_reader.hpp"

namespace mpisight::otf2 {

// plan[t][n]: the matching ids of the operations that the n-th RmaComplete record of thread journal t completes.
using RmaCompletionPlan = std::vector<std::vector<std::vector<std::uint64_t>>>;

// Each operation that is not request-based completes at the first RmaComplete of its process, on any thread, that
// comes after it in time and covers its window and target (the threads share one clock). Operations still open
// when their window is destroyed stay open.
[[nodiscard]] RmaCompletionPlan plan_rma_completions(const std::vector<journal::JournalReader>& threads);

}  // namespace mpisight::otf2

// Journals -> one OTF2 archive at <trace_dir>/traces.otf2: collectively at MPI_Finalize, or serially to
// recover a run that never reached it.
#pragma once

#include <mpi.h>
#include <string>
#include <vector>

namespace mpisight::otf2 {

// Collective over `comm` (a private duplicate of MPI_COMM_WORLD); every rank converts its own journals.
// Throws std::runtime_error on every rank if any rank cannot read its journals.
void convert_at_finalize(MPI_Comm comm, const std::string& trace_dir, const std::vector<std::string>& own_journals);

struct RecoveryReport {
  int world_size = 0;
  std::vector<int> converted_ranks;
  std::vector<int> missing_ranks;    // ranks of the run with no readable journal
  std::vector<std::string> skipped;  // processes that died before MPI_Init told them their rank
};

// Converts every journal under <trace_dir>/journals; throws std::runtime_error with a one-line reason.
[[nodiscard]] RecoveryReport recover(const std::string& trace_dir);

}  // namespace mpisight::otf2

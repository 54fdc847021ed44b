// What the tracer knows about each live RMA window: its global key, its communicator, this rank's rank in it,
// every member's disp_unit (to place an operation in the target's memory), and the groups of open PSCW epochs.
#pragma once

#include <cstdint>
#include <mpi.h>
#include <vector>

#include "core/journal_format.hpp"

namespace mpisight::interpose {

struct GroupMembers {
  std::uint32_t count = 0;  // may exceed kGroupMembers: then only the count is known
  std::int32_t world_ranks[journal::kGroupMembers] = {};
};

struct WindowInfo {
  std::uint64_t key = 0;
  std::uint32_t comm = journal::kCommUnknown;
  std::int32_t rank = 0;
  std::vector<std::int32_t> disp_units;  // by rank in the window's communicator
  GroupMembers access_group;             // of the last MPI_Win_start
  GroupMembers exposure_group;           // of the last MPI_Win_post
};

// Collective over `comm` (window creation is): agrees on the window's key and gathers the disp_units, then
// remembers `win`. Returns nullptr for windows on communicators without an id (they go untraced).
WindowInfo* register_window(MPI_Win win, MPI_Comm comm, std::uint32_t comm_ref, std::int32_t disp_unit);
void forget_window(MPI_Win win) noexcept;
[[nodiscard]] WindowInfo* find_window(MPI_Win win) noexcept;

// The world ranks of `group`'s members (a PMPI call; used at epoch boundaries, not per operation).
[[nodiscard]] GroupMembers world_ranks_of(MPI_Group group) noexcept;

}  // namespace mpisight::interpose

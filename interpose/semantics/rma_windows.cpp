// Window registry: keys are agreed with one Allgather at creation, so that every member names the window alike.
#include "semantics/rma_windows.hpp"

#include <algorithm>
#include <atomic>
#include <numeric>

#include "core/no_destroy.hpp"
#include "semantics/handle_table.hpp"

namespace mpisight::interpose {
namespace {

using WindowTable = HandleTable<WindowInfo, 1024>;

WindowTable& windows() noexcept {
  static detail::NoDestroy<WindowTable> table;
  return *table;
}

// Next sequence this process proposes; after a creation every member moves past the agreed one, so a window
// that shares a member with an earlier one gets a larger sequence, and windows without common members differ in
// their lowest member.
std::atomic<std::int32_t> g_next_sequence{0};

std::uint64_t handle_key(MPI_Win win) noexcept {
  return static_cast<std::uint32_t>(win);
}

}  // namespace

WindowInfo* register_window(MPI_Win win, MPI_Comm comm, std::uint32_t comm_ref, std::int32_t disp_unit) {
  if (comm_ref == journal::kCommUnknown) {
    return nullptr;
  }
  int world_rank = 0;
  int size = 0;
  int rank = 0;
  PMPI_Comm_rank(MPI_COMM_WORLD, &world_rank);
  PMPI_Comm_size(comm, &size);
  PMPI_Comm_rank(comm, &rank);
  const std::int32_t mine[3] = {disp_unit, world_rank, g_next_sequence.load(std::memory_order_relaxed)};
  std::vector<std::int32_t> all(static_cast<std::size_t>(size) * 3);
  if (PMPI_Allgather(mine, 3, MPI_INT32_T, all.data(), 3, MPI_INT32_T, comm) != MPI_SUCCESS) {
    return nullptr;
  }
  WindowInfo info;
  info.comm = comm_ref;
  info.rank = rank;
  std::int32_t lowest = world_rank;
  std::int32_t sequence = 0;
  for (int i = 0; i < size; ++i) {
    const auto at = static_cast<std::size_t>(i) * 3;
    info.disp_units.push_back(all[at]);
    lowest = std::min(lowest, all[at + 1]);
    sequence = std::max(sequence, all[at + 2]);
  }
  std::int32_t expected = g_next_sequence.load(std::memory_order_relaxed);
  while (expected <= sequence &&
         !g_next_sequence.compare_exchange_weak(expected, sequence + 1, std::memory_order_relaxed)) {
  }
  info.key = (static_cast<std::uint64_t>(lowest) << 32U) | static_cast<std::uint32_t>(sequence);
  if (!windows().insert(handle_key(win), std::move(info))) {
    return nullptr;
  }
  return windows().find(handle_key(win));
}

void forget_window(MPI_Win win) noexcept {
  windows().erase(handle_key(win));
}

WindowInfo* find_window(MPI_Win win) noexcept {
  return windows().find(handle_key(win));
}

GroupMembers world_ranks_of(MPI_Group group) noexcept {
  GroupMembers members;
  int size = 0;
  if (group == MPI_GROUP_NULL || PMPI_Group_size(group, &size) != MPI_SUCCESS || size <= 0) {
    return members;
  }
  members.count = static_cast<std::uint32_t>(size);
  if (members.count > journal::kGroupMembers) {
    return members;
  }
  static MPI_Group world_group = [] {
    MPI_Group g = MPI_GROUP_NULL;
    PMPI_Comm_group(MPI_COMM_WORLD, &g);
    return g;
  }();
  std::int32_t ranks[journal::kGroupMembers];
  std::iota(ranks, ranks + size, 0);
  PMPI_Group_translate_ranks(group, size, ranks, world_group, members.world_ranks);
  return members;
}

}  // namespace mpisight::interpose

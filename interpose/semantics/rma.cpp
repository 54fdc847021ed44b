// The out-of-line part of the RMA family: window creation and destruction, synchronisation calls, and the one
// function that builds an operation's record (where in the target window it lands).
#include "semantics/rma.hpp"

#include <otf2/OTF2_Events.h>

namespace mpisight::interpose {
namespace rma {
namespace {

// A builtin type's extent is its size and its lower bound 0 (read from the handle); derived types ask MPI.
struct Layout {
  std::int64_t true_lb;
  std::int64_t true_extent;
  std::int64_t extent;
};

Layout layout_of(MPI_Datatype type) noexcept {
  if ((static_cast<std::uint32_t>(type) >> 30U) == 1U) {
    const auto size = static_cast<std::int64_t>(type_size(type));
    return {0, size, size};
  }
  MPI_Count lb = 0;
  MPI_Count extent = 0;
  MPI_Count true_lb = 0;
  MPI_Count true_extent = 0;
  PMPI_Type_get_extent_x(type, &lb, &extent);
  PMPI_Type_get_true_extent_x(type, &true_lb, &true_extent);
  return {true_lb, true_extent, extent};
}

// [begin, end) of `count` items of a type laid out from `base`: the bytes the items may touch.
struct Span {
  std::int64_t begin = 0;
  std::int64_t end = 0;
};

Span span_of(std::int64_t base, MPI_Count count, MPI_Datatype type) noexcept {
  if (count <= 0 || type == MPI_DATATYPE_NULL) {
    return {base, base};
  }
  const Layout layout = layout_of(type);
  const std::int64_t begin = base + layout.true_lb;
  return {begin, begin + (static_cast<std::int64_t>(count) - 1) * layout.extent + layout.true_extent};
}

Span span_of(const Buffer& buffer) noexcept {
  return span_of(static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(buffer.addr)), buffer.count, buffer.type);
}

void record_group_sync(CallScope& scope, const WindowInfo& window, const GroupMembers& group,
                       std::uint32_t assert_flags) {
  journal::RmaGroupSync record{
      {.arg = journal::kSyncLevelProcess | journal::kSyncLevelMemory}, window.key, assert_flags, group.count, {}};
  for (std::uint32_t i = 0; i < group.count && i < journal::kGroupMembers; ++i) {
    record.world_ranks[i] = group.world_ranks[i];
  }
  scope.record_at_leave(record);
}

}  // namespace

int create_window(CallScope* scope, MPI_Comm comm, WinFlavor flavor, std::int64_t disp_unit, std::int64_t size_bytes,
                  MPI_Win* win, int (*call)(void*), void* context) {
  const std::uint32_t comm_ref = comm_id(comm);
  if (comm_ref == journal::kCommUnknown) {
    return call(context);
  }
  if (scope != nullptr) {
    scope->record_at_enter(journal::RmaCollectiveBegin{});
  }
  const int result = call(context);
  const WindowInfo* window =
      result == MPI_SUCCESS ? register_window(*win, comm, comm_ref, static_cast<std::int32_t>(disp_unit)) : nullptr;
  if (scope == nullptr) {
    return result;
  }
  if (window != nullptr) {
    scope->record_at_leave(journal::RmaWinCreate{{.arg = comm_ref},
                                                 window->key,
                                                 flavor,
                                                 static_cast<std::int32_t>(disp_unit),
                                                 static_cast<std::uint64_t>(size_bytes)});
  }
  // The collective is closed even when creation failed, so the trace has no dangling begin.
  scope->record_at_leave(journal::RmaCollectiveEnd{{.arg = OTF2_COLLECTIVE_OP_CREATE_HANDLE},
                                                   window != nullptr ? window->key : journal::kNoWindow,
                                                   journal::kSyncLevelProcess,
                                                   0});
  return result;
}

void record_destroy(CallScope& scope, MPI_Win win) {
  if (const WindowInfo* window = find_window(win)) {
    scope.record_at_enter(journal::RmaCollectiveBegin{});
    scope.record_at_enter(journal::RmaWinDestroy{{}, window->key});
  }
  forget_window(win);
}

void record_destroyed(CallScope& scope, std::uint64_t key) {
  scope.record_at_leave(
      journal::RmaCollectiveEnd{{.arg = OTF2_COLLECTIVE_OP_DESTROY_HANDLE}, key, journal::kSyncLevelProcess, 0});
}

std::uint64_t record_op(CallScope& scope, const WindowInfo& window, RmaOpKind kind, const Target& target,
                        const Origin& origin, std::uint64_t matching_id, std::uint32_t flags) {
  // Unique in the process: another thread's flush or unlock may complete this operation.
  const std::uint64_t id = matching_id != 0 ? matching_id : next_request_id();
  const auto rank = static_cast<std::size_t>(target.rank);
  const std::int64_t disp_unit = rank < window.disp_units.size() ? window.disp_units[rank] : 1;
  const Span in_target = span_of(static_cast<std::int64_t>(target.disp) * disp_unit, target.count, target.type);
  const Span read = span_of(origin.read);
  const Span written = span_of(origin.written);
  scope.record_at_enter(journal::RmaOp{{.arg = static_cast<std::uint32_t>(kind)},
                                       window.key,
                                       id,
                                       target.rank,
                                       flags,
                                       origin.bytes_sent,
                                       origin.bytes_received,
                                       static_cast<std::uint64_t>(target.disp),
                                       static_cast<std::uint64_t>(target.count),
                                       type_signature(target.type),
                                       static_cast<std::uint64_t>(in_target.begin),
                                       static_cast<std::uint64_t>(in_target.end),
                                       static_cast<std::uint64_t>(read.begin),
                                       static_cast<std::uint64_t>(read.end),
                                       static_cast<std::uint64_t>(written.begin),
                                       static_cast<std::uint64_t>(written.end),
                                       origin.reduction_op,
                                       0});
  return id;
}

void record_complete(CallScope& scope, MPI_Win win, int remote) {
  if (const WindowInfo* window = find_window(win)) {
    scope.record_at_leave(journal::RmaComplete{{}, window->key, remote, 0});
  }
}

}  // namespace rma

int Semantics<Fn::MPI_Win_fence>::call(CallScope& scope, decltype(&PMPI_Win_fence) pmpi, int assert_flags,
                                       MPI_Win win) {
  const WindowInfo* window = find_window(win);
  if (window == nullptr) {
    return pmpi(assert_flags, win);
  }
  scope.record_at_enter(journal::RmaCollectiveBegin{});
  const int result = pmpi(assert_flags, win);
  scope.record_at_leave(journal::RmaComplete{{}, window->key, journal::kAllRanks, 0});
  scope.record_at_leave(journal::RmaCollectiveEnd{{.arg = OTF2_COLLECTIVE_OP_BARRIER},
                                                  window->key,
                                                  journal::kSyncLevelProcess | journal::kSyncLevelMemory,
                                                  static_cast<std::uint32_t>(assert_flags)});
  return result;
}

int Semantics<Fn::MPI_Win_post>::call(CallScope& scope, decltype(&PMPI_Win_post) pmpi, MPI_Group group,
                                      int assert_flags, MPI_Win win) {
  const int result = pmpi(group, assert_flags, win);
  if (WindowInfo* window = find_window(win); window != nullptr && result == MPI_SUCCESS) {
    window->exposure_group = world_ranks_of(group);
    rma::record_group_sync(scope, *window, window->exposure_group, static_cast<std::uint32_t>(assert_flags));
  }
  return result;
}

int Semantics<Fn::MPI_Win_start>::call(CallScope& scope, decltype(&PMPI_Win_start) pmpi, MPI_Group group,
                                       int assert_flags, MPI_Win win) {
  const int result = pmpi(group, assert_flags, win);
  if (WindowInfo* window = find_window(win); window != nullptr && result == MPI_SUCCESS) {
    window->access_group = world_ranks_of(group);
    rma::record_group_sync(scope, *window, window->access_group, static_cast<std::uint32_t>(assert_flags));
  }
  return result;
}

int Semantics<Fn::MPI_Win_complete>::call(CallScope& scope, decltype(&PMPI_Win_complete) pmpi, MPI_Win win) {
  const int result = pmpi(win);
  if (const WindowInfo* window = find_window(win); window != nullptr && result == MPI_SUCCESS) {
    scope.record_at_leave(journal::RmaComplete{{}, window->key, journal::kAllRanks, 0});
    rma::record_group_sync(scope, *window, window->access_group, 0);
  }
  return result;
}

int Semantics<Fn::MPI_Win_wait>::call(CallScope& scope, decltype(&PMPI_Win_wait) pmpi, MPI_Win win) {
  const int result = pmpi(win);
  if (const WindowInfo* window = find_window(win); window != nullptr && result == MPI_SUCCESS) {
    rma::record_group_sync(scope, *window, window->exposure_group, 0);
  }
  return result;
}

int Semantics<Fn::MPI_Win_test>::call(CallScope& scope, decltype(&PMPI_Win_test) pmpi, MPI_Win win, int* flag) {
  const int result = pmpi(win, flag);
  if (const WindowInfo* window = find_window(win); window != nullptr && result == MPI_SUCCESS && *flag != 0) {
    rma::record_group_sync(scope, *window, window->exposure_group, 0);
  }
  return result;
}

int Semantics<Fn::MPI_Win_lock>::call(CallScope& scope, decltype(&PMPI_Win_lock) pmpi, int lock_type, int rank,
                                      int assert_flags, MPI_Win win) {
  const int result = pmpi(lock_type, rank, assert_flags, win);
  if (const WindowInfo* window = find_window(win); window != nullptr && result == MPI_SUCCESS) {
    const auto type = lock_type == MPI_LOCK_SHARED ? journal::LockType::kShared : journal::LockType::kExclusive;
    scope.record_at_leave(journal::RmaLock{{.arg = static_cast<std::uint32_t>(journal::LockEvent::kRequest)},
                                           window->key,
                                           rank,
                                           type,
                                           static_cast<std::uint32_t>(assert_flags),
                                           0});
  }
  return result;
}

int Semantics<Fn::MPI_Win_unlock>::call(CallScope& scope, decltype(&PMPI_Win_unlock) pmpi, int rank, MPI_Win win) {
  const int result = pmpi(rank, win);
  if (const WindowInfo* window = find_window(win); window != nullptr && result == MPI_SUCCESS) {
    scope.record_at_leave(journal::RmaComplete{{}, window->key, rank, 0});
    scope.record_at_leave(journal::RmaLock{{.arg = static_cast<std::uint32_t>(journal::LockEvent::kRelease)},
                                           window->key,
                                           rank,
                                           journal::LockType::kExclusive,
                                           0,
                                           0});
  }
  return result;
}

int Semantics<Fn::MPI_Win_lock_all>::call(CallScope& scope, decltype(&PMPI_Win_lock_all) pmpi, int assert_flags,
                                          MPI_Win win) {
  const int result = pmpi(assert_flags, win);
  if (const WindowInfo* window = find_window(win); window != nullptr && result == MPI_SUCCESS) {
    scope.record_at_leave(journal::RmaLock{{.arg = static_cast<std::uint32_t>(journal::LockEvent::kRequest)},
                                           window->key,
                                           journal::kAllRanks,
                                           journal::LockType::kShared,
                                           static_cast<std::uint32_t>(assert_flags),
                                           0});
  }
  return result;
}

int Semantics<Fn::MPI_Win_unlock_all>::call(CallScope& scope, decltype(&PMPI_Win_unlock_all) pmpi, MPI_Win win) {
  const int result = pmpi(win);
  if (const WindowInfo* window = find_window(win); window != nullptr && result == MPI_SUCCESS) {
    scope.record_at_leave(journal::RmaComplete{{}, window->key, journal::kAllRanks, 0});
    scope.record_at_leave(journal::RmaLock{{.arg = static_cast<std::uint32_t>(journal::LockEvent::kRelease)},
                                           window->key,
                                           journal::kAllRanks,
                                           journal::LockType::kShared,
                                           0,
                                           0});
  }
  return result;
}

// A memory barrier on this rank's copy of the window: Score-P records it as a memory sync with oneself.
int Semantics<Fn::MPI_Win_sync>::call(CallScope& scope, decltype(&PMPI_Win_sync) pmpi, MPI_Win win) {
  const int result = pmpi(win);
  if (const WindowInfo* window = find_window(win); window != nullptr && result == MPI_SUCCESS) {
    scope.record_at_leave(journal::RmaSync{{.arg = OTF2_RMA_SYNC_TYPE_MEMORY}, window->key, window->rank, 0});
  }
  return result;
}

}  // namespace mpisight::interpose

// SharedWindow<T>: memory shared by the ranks of one node (MPI_Win_allocate_shared), as spans of this rank's part
// and of any rank's part. Checked: reading another rank's part after that rank took write access (local()) and
// before the next sync() is reported as misuse, with the reader's source line.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mpi.h>
#include <source_location>
#include <span>
#include <string>
#include <vector>

#include "mpisight/call_site.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/datatype.hpp"
#include "mpisight/error.hpp"
#include "mpisight/misuse.hpp"

namespace mpisight {

template <class T>
requires std::is_trivially_copyable_v<T>
class SharedWindow {
 public:
  // Collective over a node communicator (Communicator::split_shared()); `count` elements on this rank.
  [[nodiscard]] static SharedWindow allocate(const Communicator& node, std::size_t count,
                                             std::source_location where = std::source_location::current()) {
    return SharedWindow(node, count, where);
  }

  SharedWindow(SharedWindow&&) noexcept = default;
  SharedWindow& operator=(SharedWindow&&) noexcept = default;
  SharedWindow(const SharedWindow&) = delete;
  SharedWindow& operator=(const SharedWindow&) = delete;
  ~SharedWindow() {
    if (!state_ || state_->win == MPI_WIN_NULL) {
      return;
    }
    const detail::CallSite site(state_->origin);  // the user's allocate line
    if (!is_finalized()) {
      MPI_Win_unlock_all(state_->win);
      MPI_Win_free(&state_->win);
    }
  }

  // Write access to this rank's part: other ranks may read what is written here after the next sync().
  [[nodiscard]] std::span<T> local() {
    generation(state_->comm.rank()).fetch_add(1, std::memory_order_release);
    return {state_->data[static_cast<std::size_t>(state_->comm.rank())], state_->counts[me()]};
  }

  // Any rank's part, to read. Reading a part whose owner took write access since the last sync() is reported.
  [[nodiscard]] std::span<const T> part(int rank, std::source_location where = std::source_location::current()) {
    const auto r = static_cast<std::size_t>(rank);
    if (rank != state_->comm.rank() && generation(rank).load(std::memory_order_acquire) != state_->seen[r]) {
      detail::report_misuse(
          MisuseKind::kSharedReadUnsynchronized,
          "read of rank " + std::to_string(rank) + "'s shared part, written since the last sync() and not synchronized",
          where);
    }
    return {state_->data[r], state_->counts[r]};
  }

  // Collective: makes every rank's writes so far visible to all (MPI_Win_sync, barrier, MPI_Win_sync).
  void sync(std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    detail::check(MPI_Win_sync(state_->win), "MPI_Win_sync", where);
    detail::check(MPI_Barrier(state_->comm.native()), "MPI_Barrier", where);
    detail::check(MPI_Win_sync(state_->win), "MPI_Win_sync", where);
    for (int r = 0; r < state_->comm.size(); ++r) {
      state_->seen[static_cast<std::size_t>(r)] = generation(r).load(std::memory_order_acquire);
    }
    // Nobody may take write access again before everyone has taken this snapshot.
    detail::check(MPI_Barrier(state_->comm.native()), "MPI_Barrier", where);
  }

  [[nodiscard]] MPI_Win native() const noexcept { return state_->win; }

 private:
  // Each rank's segment starts with one cache line holding its write generation, then its elements.
  static constexpr std::size_t kHeaderBytes = 64;
  static_assert(alignof(T) <= kHeaderBytes);

  struct State {
    Communicator comm;
    MPI_Win win = MPI_WIN_NULL;
    std::vector<std::uint64_t*> generations;
    std::vector<T*> data;
    std::vector<std::size_t> counts;
    std::vector<std::uint64_t> seen;
    std::source_location origin;
  };

  SharedWindow(const Communicator& node, std::size_t count, const std::source_location& where)
      : state_(std::make_unique<State>()) {
    const detail::CallSite site(where);
    state_->comm = node;
    state_->origin = where;
    void* base = nullptr;
    detail::check(MPI_Win_allocate_shared(static_cast<MPI_Aint>(kHeaderBytes + count * sizeof(T)), 1, MPI_INFO_NULL,
                                          node.native(), &base, &state_->win),
                  "MPI_Win_allocate_shared", where);
    MPI_Win_set_errhandler(state_->win, MPI_ERRORS_RETURN);
    *static_cast<std::uint64_t*>(base) = 0;
    const auto n = static_cast<std::size_t>(node.size());
    state_->generations.resize(n);
    state_->data.resize(n);
    state_->counts.resize(n);
    state_->seen.assign(n, 0);
    for (int r = 0; r < node.size(); ++r) {
      MPI_Aint size = 0;
      int unit = 0;
      void* segment = nullptr;
      detail::check(MPI_Win_shared_query(state_->win, r, &size, &unit, &segment), "MPI_Win_shared_query", where);
      auto* bytes = static_cast<std::byte*>(segment);
      const auto i = static_cast<std::size_t>(r);
      state_->generations[i] = reinterpret_cast<std::uint64_t*>(bytes);
      state_->data[i] = reinterpret_cast<T*>(bytes + kHeaderBytes);
      state_->counts[i] = (static_cast<std::size_t>(size) - kHeaderBytes) / sizeof(T);
    }
    detail::check(MPI_Win_lock_all(MPI_MODE_NOCHECK, state_->win), "MPI_Win_lock_all", where);
    sync(where);
  }

  [[nodiscard]] std::size_t me() const { return static_cast<std::size_t>(state_->comm.rank()); }
  [[nodiscard]] std::atomic_ref<std::uint64_t> generation(int rank) const {
    return std::atomic_ref<std::uint64_t>(*state_->generations[static_cast<std::size_t>(rank)]);
  }

  std::unique_ptr<State> state_;
};

}  // namespace mpisight

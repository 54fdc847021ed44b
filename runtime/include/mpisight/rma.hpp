// One-sided communication: Window<T> owns (or allocates) its memory; synchronization is RAII scopes (fence
// epochs, lock and lock_all guards, PSCW access and exposure epochs). Every put/get/accumulate is checked
// against the open epochs before MPI sees it: a call outside an epoch is a UsageError at the user's line.
#pragma once

#include <memory>
#include <mpi.h>
#include <set>
#include <source_location>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "mpisight/buffer.hpp"
#include "mpisight/call_site.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/error.hpp"
#include "mpisight/ops.hpp"

namespace mpisight {

enum class LockKind { kExclusive = MPI_LOCK_EXCLUSIVE, kShared = MPI_LOCK_SHARED };

namespace detail {

// What this process may access right now, as far as the epochs opened through the API say.
struct EpochState {
  int fences_open = 0;
  bool lock_all = false;
  std::multiset<int> locked;   // targets locked with lock()
  std::set<int> access_group;  // targets of an open PSCW access epoch (world ranks translated to window ranks)

  [[nodiscard]] bool may_access(int target) const {
    return fences_open > 0 || lock_all || locked.contains(target) || access_group.contains(target);
  }
  [[nodiscard]] bool passive(int target) const { return lock_all || locked.contains(target); }
};

template <class T>
struct WindowHandle {
  MPI_Win win = MPI_WIN_NULL;
  std::vector<T> owned;  // memory of a window created over a vector
  T* base = nullptr;     // local memory (owned, or allocated by MPI)
  std::size_t count = 0;
  Communicator comm;
  EpochState epochs;

  WindowHandle() = default;
  WindowHandle(const WindowHandle&) = delete;
  WindowHandle& operator=(const WindowHandle&) = delete;
  ~WindowHandle() {
    if (win != MPI_WIN_NULL && !is_finalized()) {
      MPI_Win_free(&win);  // collective: every rank drops its window together, as with MPI itself
    }
  }
};

}  // namespace detail

template <Mapped T>
class Window;

// A fence epoch: opened by MPI_Win_fence, closed (completing every RMA call in it) by the next fence.
template <Mapped T>
class [[nodiscard]] FenceEpoch {
 public:
  FenceEpoch(const FenceEpoch&) = delete;
  FenceEpoch& operator=(const FenceEpoch&) = delete;
  ~FenceEpoch() {
    const detail::CallSite site(where_);
    MPI_Win_fence(MPI_MODE_NOSUCCEED, handle_->win);
    --handle_->epochs.fences_open;
  }

 private:
  friend class Window<T>;
  FenceEpoch(detail::WindowHandle<T>* handle, const std::source_location& where) : handle_(handle), where_(where) {
    const detail::CallSite site(where);
    detail::check(MPI_Win_fence(MPI_MODE_NOPRECEDE, handle->win), "MPI_Win_fence", where);
    ++handle_->epochs.fences_open;
  }
  detail::WindowHandle<T>* handle_;
  std::source_location where_;
};

// A passive-target lock on one target (or on all with lock_all); unlocked when it leaves scope.
template <Mapped T>
class [[nodiscard]] LockGuard {
 public:
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;
  ~LockGuard() {
    const detail::CallSite site(where_);
    if (target_ == kAll) {
      MPI_Win_unlock_all(handle_->win);
      handle_->epochs.lock_all = false;
    } else {
      MPI_Win_unlock(target_, handle_->win);
      handle_->epochs.locked.erase(handle_->epochs.locked.find(target_));
    }
  }

  // Completes this process's RMA calls to `target` (all targets under lock_all when target is omitted).
  void flush(int target = kAll, std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    if (target == kAll) {
      detail::check(MPI_Win_flush_all(handle_->win), "MPI_Win_flush_all", where);
    } else {
      detail::check(MPI_Win_flush(target, handle_->win), "MPI_Win_flush", where);
    }
  }

 private:
  friend class Window<T>;
  static constexpr int kAll = -1;
  LockGuard(detail::WindowHandle<T>* handle, int target, LockKind kind, const std::source_location& where)
      : handle_(handle), target_(target), where_(where) {
    const detail::CallSite site(where);
    if (target == kAll) {
      detail::check(MPI_Win_lock_all(0, handle->win), "MPI_Win_lock_all", where);
      handle_->epochs.lock_all = true;
    } else {
      detail::check(MPI_Win_lock(static_cast<int>(kind), target, 0, handle->win), "MPI_Win_lock", where);
      handle_->epochs.locked.insert(target);
    }
  }
  detail::WindowHandle<T>* handle_;
  int target_;
  std::source_location where_;
};

// PSCW: an access epoch towards `targets` (start ... complete) or an exposure epoch to `origins` (post ... wait).
template <Mapped T>
class [[nodiscard]] PscwEpoch {
 public:
  PscwEpoch(const PscwEpoch&) = delete;
  PscwEpoch& operator=(const PscwEpoch&) = delete;
  ~PscwEpoch() {
    const detail::CallSite site(where_);
    if (access_) {
      MPI_Win_complete(handle_->win);
      handle_->epochs.access_group.clear();
    } else {
      MPI_Win_wait(handle_->win);
    }
  }

 private:
  friend class Window<T>;
  PscwEpoch(detail::WindowHandle<T>* handle, std::span<const int> ranks, bool access, const std::source_location& where)
      : handle_(handle), access_(access), where_(where) {
    const detail::CallSite site(where);
    const Group all = handle->comm.group(where);
    const Group peers = all.include(ranks, where);
    if (access) {
      detail::check(MPI_Win_start(peers.native(), 0, handle->win), "MPI_Win_start", where);
      handle_->epochs.access_group.insert(ranks.begin(), ranks.end());
    } else {
      detail::check(MPI_Win_post(peers.native(), 0, handle->win), "MPI_Win_post", where);
    }
  }
  detail::WindowHandle<T>* handle_;
  bool access_;
  std::source_location where_;
};

// A window over `count` elements of T per rank. Offsets and counts are in elements of T.
// Collective construction and destruction; not copyable (its epochs are this process's state).
template <Mapped T>
class Window {
 public:
  // A window over memory MPI allocates.
  [[nodiscard]] static Window allocate(const Communicator& comm, std::size_t count,
                                       std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    auto handle = std::make_unique<detail::WindowHandle<T>>();
    handle->comm = comm;
    handle->count = count;
    detail::check(MPI_Win_allocate(static_cast<MPI_Aint>(count * sizeof(T)), static_cast<int>(sizeof(T)), MPI_INFO_NULL,
                                   comm.native(), &handle->base, &handle->win),
                  "MPI_Win_allocate", where);
    return Window(std::move(handle), where);
  }

  // A window over a vector that the window takes over (and keeps alive as long as MPI may access it).
  [[nodiscard]] static Window create(const Communicator& comm, std::vector<T> memory,
                                     std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    auto handle = std::make_unique<detail::WindowHandle<T>>();
    handle->comm = comm;
    handle->owned = std::move(memory);
    handle->base = handle->owned.data();
    handle->count = handle->owned.size();
    detail::check(MPI_Win_create(handle->base, static_cast<MPI_Aint>(handle->count * sizeof(T)),
                                 static_cast<int>(sizeof(T)), MPI_INFO_NULL, comm.native(), &handle->win),
                  "MPI_Win_create", where);
    return Window(std::move(handle), where);
  }

  // This rank's part. Reading or writing it while other ranks may access it is the caller's to synchronize.
  [[nodiscard]] std::span<T> local() noexcept { return {handle_->base, handle_->count}; }
  [[nodiscard]] MPI_Win native() const noexcept { return handle_->win; }
  [[nodiscard]] const Communicator& communicator() const noexcept { return handle_->comm; }

  // Collective: an active-target epoch for every rank of the window, ended by the guard's destructor.
  [[nodiscard]] FenceEpoch<T> fence(std::source_location where = std::source_location::current()) {
    return FenceEpoch<T>(handle_.get(), where);
  }
  [[nodiscard]] LockGuard<T> lock(int target, LockKind kind = LockKind::kExclusive,
                                  std::source_location where = std::source_location::current()) {
    return LockGuard<T>(handle_.get(), target, kind, where);
  }
  [[nodiscard]] LockGuard<T> lock_all(std::source_location where = std::source_location::current()) {
    return LockGuard<T>(handle_.get(), LockGuard<T>::kAll, LockKind::kShared, where);
  }
  [[nodiscard]] PscwEpoch<T> start(std::span<const int> targets,
                                   std::source_location where = std::source_location::current()) {
    return PscwEpoch<T>(handle_.get(), targets, true, where);
  }
  [[nodiscard]] PscwEpoch<T> post(std::span<const int> origins,
                                  std::source_location where = std::source_location::current()) {
    return PscwEpoch<T>(handle_.get(), origins, false, where);
  }

  // Writes `data` to target's elements [offset, offset + data.size()).
  template <ContiguousBuffer R>
  requires std::same_as<BufferElement<R>, T>
  void put(const R& data, int target, std::size_t offset,
           std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    require_epoch("put", target, where);
    const int n = static_cast<int>(std::ranges::size(data));
    detail::check(MPI_Put(std::ranges::data(data), n, datatype_of<T>(), target, static_cast<MPI_Aint>(offset), n,
                          datatype_of<T>(), handle_->win),
                  "MPI_Put", where);
  }

  // Reads target's elements into `out`; the values are there once the epoch closes (or after a flush).
  template <MutableBuffer R>
  requires std::same_as<BufferElement<R>, T>
  void get(R&& out, int target, std::size_t offset, std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    require_epoch("get", target, where);
    const int n = static_cast<int>(std::ranges::size(out));
    detail::check(MPI_Get(std::ranges::data(out), n, datatype_of<T>(), target, static_cast<MPI_Aint>(offset), n,
                          datatype_of<T>(), handle_->win),
                  "MPI_Get", where);
  }

  // Combines `data` into target's elements with a predefined operation (std::plus<>, ops::max, ...).
  template <ContiguousBuffer R, class Op>
  requires std::same_as<BufferElement<R>, T> && ReductionFor<Op, T>
  void accumulate(const R& data, int target, std::size_t offset, const Op& op,
                  std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    require_epoch("accumulate", target, where);
    const int n = static_cast<int>(std::ranges::size(data));
    detail::check(MPI_Accumulate(std::ranges::data(data), n, datatype_of<T>(), target, static_cast<MPI_Aint>(offset), n,
                                 datatype_of<T>(), predefined(op, where), handle_->win),
                  "MPI_Accumulate", where);
  }

  // Atomically applies op(value) to target's element and returns the element's previous value. Needs a lock on
  // the target (the result is flushed before returning).
  template <class Op>
  requires ReductionFor<Op, T>
  [[nodiscard]] T fetch_and_op(const T& value, int target, std::size_t offset, const Op& op,
                               std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    require_passive("fetch_and_op", target, where);
    T previous{};
    detail::check(MPI_Fetch_and_op(&value, &previous, datatype_of<T>(), target, static_cast<MPI_Aint>(offset),
                                   predefined(op, where), handle_->win),
                  "MPI_Fetch_and_op", where);
    detail::check(MPI_Win_flush(target, handle_->win), "MPI_Win_flush", where);
    return previous;
  }

  // Atomically replaces target's element by `desired` if it equals `expected`; returns the element's previous
  // value. Needs a lock on the target.
  [[nodiscard]] T compare_and_swap(const T& expected, const T& desired, int target, std::size_t offset,
                                   std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    require_passive("compare_and_swap", target, where);
    T previous{};
    detail::check(MPI_Compare_and_swap(&desired, &expected, &previous, datatype_of<T>(), target,
                                       static_cast<MPI_Aint>(offset), handle_->win),
                  "MPI_Compare_and_swap", where);
    detail::check(MPI_Win_flush(target, handle_->win), "MPI_Win_flush", where);
    return previous;
  }

 private:
  Window(std::unique_ptr<detail::WindowHandle<T>> handle, const std::source_location& where)
      : handle_(std::move(handle)) {
    detail::check(MPI_Win_set_errhandler(handle_->win, MPI_ERRORS_RETURN), "MPI_Win_set_errhandler", where);
  }

  void require_epoch(const char* call, int target, const std::source_location& where) const {
    if (!handle_->epochs.may_access(target)) {
      throw UsageError(std::string(call) + " to rank " + std::to_string(target) +
                           " outside an access epoch: open fence(), lock(), lock_all() or start() first",
                       where);
    }
  }
  void require_passive(const char* call, int target, const std::source_location& where) const {
    if (!handle_->epochs.passive(target)) {
      throw UsageError(
          std::string(call) + " to rank " + std::to_string(target) + " needs a lock() or lock_all() epoch on that rank",
          where);
    }
  }
  template <class Op>
  static MPI_Op predefined(const Op& op, const std::source_location& where) {
    const MPI_Op mpi_op = op_of<T>(op);
    if constexpr (Builtin<T>) {
      if (mpi_op == detail::predefined_op<typename detail::OpTraits<Op>::Function, T>() && mpi_op != MPI_OP_NULL) {
        return mpi_op;
      }
    }
    throw UsageError("one-sided accumulation takes predefined operations only (MPI forbids user operations there)",
                     where);
  }

  std::unique_ptr<detail::WindowHandle<T>> handle_;
};

}  // namespace mpisight

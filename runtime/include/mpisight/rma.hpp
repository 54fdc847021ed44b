// One-sided communication: Window<T> owns (or allocates) its memory; synchronization is RAII scopes (fence
// epochs, lock and lock_all guards, PSCW access and exposure epochs). Every put/get/accumulate is checked
// against the open epochs before MPI sees it: a call outside an epoch is a UsageError at the user's line.
#pragma once

#include <climits>
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
#include "mpisight/misuse.hpp"
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
struct WindowHandle;

// Memory attached to a dynamic window; `window` is null once detached.
template <class T>
struct AttachedMemory {
  std::vector<T> memory;
  WindowHandle<T>* window = nullptr;
  std::source_location origin;
};

template <class T>
struct WindowHandle {
  MPI_Win win = MPI_WIN_NULL;
  std::vector<T> owned;  // memory of a window created over a vector
  T* base = nullptr;     // local memory (owned, or allocated by MPI)
  std::size_t count = 0;
  bool dynamic = false;  // created with MPI_Win_create_dynamic: addressed by attachment addresses
  std::set<AttachedMemory<T>*> attached;
  Communicator comm;
  EpochState epochs;
  std::source_location origin;  // the user's line that made the window: where its free is attributed
  // Temporaries handed to put/accumulate: MPI reads them until the epoch closes, so they live until no epoch is open.
  std::vector<std::shared_ptr<const void>> pinned;

  WindowHandle() = default;
  WindowHandle(const WindowHandle&) = delete;
  WindowHandle& operator=(const WindowHandle&) = delete;
  void release_if_no_epoch() {
    if (epochs.fences_open == 0 && !epochs.lock_all && epochs.locked.empty() && epochs.access_group.empty()) {
      pinned.clear();
    }
  }
  ~WindowHandle() {
    if (win == MPI_WIN_NULL) {
      return;
    }
    const CallSite site(origin);
    if (is_finalized()) {
      return;
    }
    // Freeing the window would leave the attachments' destructors detaching from a dead window: detach now.
    for (AttachedMemory<T>* a : attached) {
      report_misuse(MisuseKind::kAttachmentOutlivedWindow,
                    "memory attached here outlived its dynamic window; detached when the window was freed", a->origin);
      MPI_Win_detach(win, a->memory.data());
      a->window = nullptr;
    }
    MPI_Win_free(&win);  // collective: every rank drops its window together, as with MPI itself
  }
};

inline int window_count(std::size_t count, const std::source_location& where) {
  if (count > static_cast<std::size_t>(INT_MAX)) {
    throw UsageError("RMA transfer of " + std::to_string(count) + " elements exceeds INT_MAX", where);
  }
  return static_cast<int>(count);
}

}  // namespace detail

template <Mapped T>
class Window;

// Where attached memory starts in its owner's address space: what a dynamic window's put and get address.
struct RemoteAddress {
  MPI_Aint value = 0;
};

// Memory attached to a dynamic window (MPI_Win_attach); it owns the memory and detaches it when it leaves scope.
// Other ranks reach it through address(), which the owner hands them (e.g. with allgather of .value).
template <Mapped T>
class [[nodiscard]] Attachment {
 public:
  Attachment(Attachment&&) noexcept = default;
  Attachment& operator=(Attachment&& other) noexcept {
    if (this != &other) {
      detach();
      state_ = std::move(other.state_);
    }
    return *this;
  }
  Attachment(const Attachment&) = delete;
  Attachment& operator=(const Attachment&) = delete;
  ~Attachment() { detach(); }

  // The attached memory. Reading or writing it while other ranks may access it is the caller's to synchronize.
  [[nodiscard]] std::span<T> local() noexcept { return state_->memory; }
  [[nodiscard]] RemoteAddress address() const {
    MPI_Aint address = 0;
    MPI_Get_address(state_->memory.data(), &address);
    return RemoteAddress{address};
  }

 private:
  friend class Window<T>;
  explicit Attachment(std::unique_ptr<detail::AttachedMemory<T>> state) : state_(std::move(state)) {}
  void detach() noexcept {
    if (state_ && state_->window != nullptr) {
      const detail::CallSite site(state_->origin);
      MPI_Win_detach(state_->window->win, state_->memory.data());
      state_->window->attached.erase(state_.get());
      state_->window = nullptr;
    }
  }
  std::unique_ptr<detail::AttachedMemory<T>> state_;
};

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
    handle_->release_if_no_epoch();
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
    handle_->release_if_no_epoch();
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
      handle_->release_if_no_epoch();
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

  // A window with no memory of its own: memory is attached and detached later (attach()), and put/get name it by
  // the owner's RemoteAddress.
  [[nodiscard]] static Window create_dynamic(const Communicator& comm,
                                             std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    auto handle = std::make_unique<detail::WindowHandle<T>>();
    handle->comm = comm;
    handle->dynamic = true;
    detail::check(MPI_Win_create_dynamic(MPI_INFO_NULL, comm.native(), &handle->win), "MPI_Win_create_dynamic", where);
    return Window(std::move(handle), where);
  }

  // Attaches `memory` (moved in) to this dynamic window until the returned Attachment leaves scope. Local.
  [[nodiscard]] Attachment<T> attach(std::vector<T> memory,
                                     std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    if (!handle_->dynamic) {
      throw UsageError("attach() on a window that is not dynamic (use Window::create_dynamic)", where);
    }
    auto state = std::make_unique<detail::AttachedMemory<T>>();
    state->memory = std::move(memory);
    state->origin = where;
    detail::check(
        MPI_Win_attach(handle_->win, state->memory.data(), static_cast<MPI_Aint>(state->memory.size() * sizeof(T))),
        "MPI_Win_attach", where);
    state->window = handle_.get();
    handle_->attached.insert(state.get());
    return Attachment<T>(std::move(state));
  }

  // Dynamic windows: writes `data` at element `offset` of the memory `at` names on `target`.
  template <ContiguousBuffer R>
  requires std::same_as<BufferElement<R>, T>
  void put(R&& data, int target, RemoteAddress at, std::size_t offset = 0,
           std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    require_epoch("put", target, where);
    const auto& held = hold(std::forward<R>(data));
    put_raw(std::ranges::data(held), std::ranges::size(held), target, dynamic_disp(at, offset, where), where);
  }
  // Dynamic windows: reads into `out` from element `offset` of the memory `at` names on `target`.
  template <MutableBuffer R>
  requires std::same_as<BufferElement<R>, T>
  void get(R&& out, int target, RemoteAddress at, std::size_t offset = 0,
           std::source_location where = std::source_location::current()) {
    static_assert(kOutlivesTheCall<R>,
                  "Window::get writes into `out` until the epoch closes: pass a container that "
                  "outlives the epoch (an lvalue), or a span of one");
    const detail::CallSite site(where);
    require_epoch("get", target, where);
    get_raw(std::ranges::data(out), std::ranges::size(out), target, dynamic_disp(at, offset, where), where);
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
  void put(R&& data, int target, std::size_t offset, std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    require_epoch("put", target, where);
    const auto& held = hold(std::forward<R>(data));
    put_raw(std::ranges::data(held), std::ranges::size(held), target, static_disp(offset, where), where);
  }

  // Reads target's elements into `out`; the values are there once the epoch closes (or after a flush).
  template <MutableBuffer R>
  requires std::same_as<BufferElement<R>, T>
  void get(R&& out, int target, std::size_t offset, std::source_location where = std::source_location::current()) {
    static_assert(kOutlivesTheCall<R>,
                  "Window::get writes into `out` until the epoch closes: pass a container that "
                  "outlives the epoch (an lvalue), or a span of one");
    const detail::CallSite site(where);
    require_epoch("get", target, where);
    get_raw(std::ranges::data(out), std::ranges::size(out), target, static_disp(offset, where), where);
  }

  // Combines `data` into target's elements with a predefined operation (std::plus<>, ops::max, ...).
  template <ContiguousBuffer R, class Op>
  requires std::same_as<BufferElement<R>, T> && ReductionFor<Op, T>
  void accumulate(R&& data, int target, std::size_t offset, const Op& op,
                  std::source_location where = std::source_location::current()) {
    const detail::CallSite site(where);
    require_epoch("accumulate", target, where);
    const auto& held = hold(std::forward<R>(data));
    const int n = detail::window_count(std::ranges::size(held), where);
    detail::check(MPI_Accumulate(std::ranges::data(held), n, datatype_of<T>(), target, static_disp(offset, where), n,
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
    detail::check(MPI_Fetch_and_op(&value, &previous, datatype_of<T>(), target, static_disp(offset, where),
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
                                       static_disp(offset, where), handle_->win),
                  "MPI_Compare_and_swap", where);
    detail::check(MPI_Win_flush(target, handle_->win), "MPI_Win_flush", where);
    return previous;
  }

 private:
  Window(std::unique_ptr<detail::WindowHandle<T>> handle, const std::source_location& where)
      : handle_(std::move(handle)) {
    handle_->origin = where;
    detail::check(MPI_Win_set_errhandler(handle_->win, MPI_ERRORS_RETURN), "MPI_Win_set_errhandler", where);
  }

  // Only lvalues and views of someone else's memory (spans) outlive the call; MPI uses them until the epoch closes.
  template <class R>
  static constexpr bool kOutlivesTheCall = std::is_lvalue_reference_v<R> || std::ranges::borrowed_range<R>;

  // The data itself if it outlives the call, else a copy pinned until no epoch is open (see WindowHandle::pinned).
  template <class R>
  const std::remove_cvref_t<R>& hold(R&& data) {
    if constexpr (kOutlivesTheCall<R>) {
      return data;
    } else {
      auto owned = std::make_shared<const std::remove_cvref_t<R>>(std::move(data));
      handle_->pinned.push_back(owned);
      return *owned;
    }
  }

  void put_raw(const T* data, std::size_t count, int target, MPI_Aint disp, const std::source_location& where) {
    const int n = detail::window_count(count, where);
    detail::check(MPI_Put(data, n, datatype_of<T>(), target, disp, n, datatype_of<T>(), handle_->win), "MPI_Put",
                  where);
  }
  void get_raw(T* out, std::size_t count, int target, MPI_Aint disp, const std::source_location& where) {
    const int n = detail::window_count(count, where);
    detail::check(MPI_Get(out, n, datatype_of<T>(), target, disp, n, datatype_of<T>(), handle_->win), "MPI_Get", where);
  }
  // Static windows count in elements (displacement unit sizeof(T)); dynamic ones in bytes from an address.
  MPI_Aint static_disp(std::size_t offset, const std::source_location& where) const {
    if (handle_->dynamic) {
      throw UsageError("a dynamic window is addressed with an attachment's RemoteAddress, not a bare offset", where);
    }
    return static_cast<MPI_Aint>(offset);
  }
  MPI_Aint dynamic_disp(RemoteAddress at, std::size_t offset, const std::source_location& where) const {
    if (!handle_->dynamic) {
      throw UsageError("a RemoteAddress addresses a dynamic window only (this one has its own memory)", where);
    }
    return MPI_Aint_add(at.value, static_cast<MPI_Aint>(offset * sizeof(T)));
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

// Nonblocking operations' handles: move-only and [[nodiscard]]. A request keeps its buffers alive (owned or pinned)
// until MPI is done with them. Destroying an incomplete request is reported as misuse, then the destructor waits
// (sends, collectives) or cancels and waits (receives), so MPI never writes to freed memory.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <functional>
#include <memory>
#include <mpi.h>
#include <optional>
#include <ranges>
#include <source_location>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "mpisight/call_site.hpp"
#include "mpisight/error.hpp"
#include "mpisight/misuse.hpp"
#include "mpisight/status.hpp"

namespace mpisight {

class Request;

namespace detail {

struct RequestState {
  MPI_Request request = MPI_REQUEST_NULL;
  std::source_location origin;   // where the operation last started: misuse reports and the destructor's wait
  std::source_location created;  // a persistent request's *_init line: where its destructor's free is attributed
  const char* operation = "";
  bool active = false;      // started and not yet completed
  bool persistent = false;  // handle survives completion; freed by the destructor
  bool cancel_on_drop = false;
  Status status;
  std::shared_ptr<const void> keep;   // buffers MPI may touch until completion
  std::function<void()> on_complete;  // moves results into place once MPI is done
  // Set while MPI cannot start the operation yet (an object receive learns its size from a matched probe first):
  // start_later(block) tries to start it (waiting until it can if `block`) and says whether it did.
  std::function<bool(bool block)> start_later;

  RequestState() = default;
  RequestState(const RequestState&) = delete;
  RequestState& operator=(const RequestState&) = delete;
  virtual ~RequestState() = default;

  void finish(const MPI_Status& s) {
    status = Status(s);
    active = false;
    if (on_complete) {
      on_complete();
    }
  }
};

template <class T>
struct ValueState : RequestState {
  std::optional<T> value;
};

// Whether MPI holds the operation now, starting it if it was waiting for that (see RequestState::start_later).
inline bool started(RequestState& state, bool block) {
  if (!state.start_later) {
    return true;
  }
  if (!state.start_later(block)) {
    return false;
  }
  state.start_later = nullptr;
  return true;
}

RequestState* state_of(Request& request) noexcept;

}  // namespace detail

class [[nodiscard]] Request {
 public:
  Request() = default;
  Request(Request&& other) noexcept = default;
  Request& operator=(Request&& other) noexcept {
    if (this != &other) {
      drop();
      state_ = std::move(other.state_);
    }
    return *this;
  }
  Request(const Request&) = delete;
  Request& operator=(const Request&) = delete;
  ~Request() { drop(); }

  // True while MPI may still read or write the operation's buffers.
  [[nodiscard]] bool pending() const noexcept { return state_ && state_->active; }

  Status wait(std::source_location where = std::source_location::current()) {
    if (pending()) {
      const detail::CallSite site(where);
      detail::started(*state_, true);
      MPI_Status s;
      detail::check(MPI_Wait(&state_->request, &s), "MPI_Wait", where);
      state_->finish(s);
    }
    return status();
  }

  // The status if the operation has completed (completing it), nothing otherwise.
  std::optional<Status> test(std::source_location where = std::source_location::current()) {
    if (pending()) {
      const detail::CallSite site(where);
      if (!detail::started(*state_, false)) {
        return std::nullopt;
      }
      int flag = 0;
      MPI_Status s;
      detail::check(MPI_Test(&state_->request, &flag, &s), "MPI_Test", where);
      if (flag == 0) {
        return std::nullopt;
      }
      state_->finish(s);
    }
    return status();
  }

  // Asks MPI to cancel; the request must still be completed (wait), and status().cancelled() tells the outcome.
  void cancel(std::source_location where = std::source_location::current()) {
    if (pending() && state_->start_later) {
      // Not started: nothing was received, and nothing will be.
      MPI_Status s{};
      MPI_Status_set_cancelled(&s, 1);
      state_->start_later = nullptr;
      state_->status = Status(s);
      state_->active = false;
    } else if (pending()) {
      const detail::CallSite site(where);
      detail::check(MPI_Cancel(&state_->request), "MPI_Cancel", where);
    }
  }

  // The status of the last completion.
  [[nodiscard]] Status status() const { return state_ ? state_->status : Status(); }
  [[nodiscard]] MPI_Request native() const noexcept { return state_ ? state_->request : MPI_REQUEST_NULL; }

 protected:
  explicit Request(std::unique_ptr<detail::RequestState> state) : state_(std::move(state)) {}
  [[nodiscard]] detail::RequestState* state() const noexcept { return state_.get(); }

 private:
  friend detail::RequestState* detail::state_of(Request& request) noexcept;
  template <class T>
  friend class Future;
  friend class PersistentRequest;
  friend Request make_request(std::unique_ptr<detail::RequestState> state);

  void drop() noexcept {
    if (!state_) {
      return;
    }
    if (state_->active) {
      drop_active();
    }
    if (state_->persistent && state_->request != MPI_REQUEST_NULL) {
      const detail::CallSite site(state_->created);
      MPI_Request_free(&state_->request);
    }
    state_.reset();
  }
  // Reports an operation dropped before completion and completes it, so MPI never touches freed buffers.
  void drop_active() noexcept {
    const detail::CallSite site(state_->origin);
    if (state_->start_later) {
      detail::report_misuse(MisuseKind::kRequestDestroyedIncomplete,
                            std::string("request of ") + state_->operation +
                                " destroyed before its message arrived; nothing was received",
                            state_->origin);
      state_->active = false;
      return;
    }
    detail::report_misuse(MisuseKind::kRequestDestroyedIncomplete,
                          std::string("request of ") + state_->operation + " destroyed before completion; " +
                              (state_->cancel_on_drop ? "cancelled and waited" : "waited") + " for it",
                          state_->origin);
    if (state_->cancel_on_drop) {
      MPI_Cancel(&state_->request);
    }
    MPI_Wait(&state_->request, MPI_STATUS_IGNORE);
    state_->active = false;
  }

  std::unique_ptr<detail::RequestState> state_;
};

inline detail::RequestState* detail::state_of(Request& request) noexcept {
  return request.state_.get();
}

inline Request make_request(std::unique_ptr<detail::RequestState> state) {
  return Request(std::move(state));
}

// A request that also yields a value once complete (a received buffer, a reduction result, an object).
template <class T>
class [[nodiscard]] Future : public Request {
 public:
  Future() = default;
  explicit Future(std::unique_ptr<detail::ValueState<T>> state) : Request(std::move(state)) {}

  // Waits if needed and hands over the value; a second get() is a UsageError.
  [[nodiscard]] T get(std::source_location where = std::source_location::current()) {
    wait(where);
    auto* s = static_cast<detail::ValueState<T>*>(state());
    if (s == nullptr || !s->value) {
      throw UsageError("Future::get() on a future whose value was already taken", where);
    }
    T out = std::move(*s->value);
    s->value.reset();
    return out;
  }
};

// A persistent operation: start() it, complete it (wait, test, wait_all...), start it again.
class [[nodiscard]] PersistentRequest : public Request {
 public:
  PersistentRequest() = default;
  explicit PersistentRequest(std::unique_ptr<detail::RequestState> state) : Request(std::move(state)) {
    this->state()->persistent = true;
    this->state()->created = this->state()->origin;
  }

  void start(std::source_location where = std::source_location::current()) {
    auto* s = state();
    if (s == nullptr) {
      throw UsageError("start() on an empty persistent request", where);
    }
    if (s->active) {
      throw UsageError(std::string("start() on a persistent ") + s->operation + " that is still active", where);
    }
    const detail::CallSite site(where);
    detail::check(MPI_Start(&s->request), "MPI_Start", where);
    s->active = true;
    s->origin = where;
  }
};

template <class R>
concept RequestRange = std::ranges::random_access_range<R> &&
    std::derived_from<std::remove_cvref_t<std::ranges::range_value_t<R>>, Request>;

namespace detail {

struct Batch {
  std::vector<Request*> requests;
  std::vector<MPI_Request> raw;
  std::vector<MPI_Status> statuses;

  explicit Batch(std::vector<Request*> all)
      : requests(std::move(all)), raw(requests.size(), MPI_REQUEST_NULL), statuses(requests.size()) {}
  // Starts what waits to be started (see RequestState::start_later); true if some still could not start.
  bool start_pending(bool block) {
    bool waiting = false;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (requests[i]->pending() && raw[i] == MPI_REQUEST_NULL) {
        if (started(*state_of(*requests[i]), block)) {
          raw[i] = requests[i]->native();
        } else {
          waiting = true;
        }
      }
    }
    return waiting;
  }
  void finish(std::size_t i) {
    RequestState* s = state_of(*requests[i]);
    s->request = raw[i];  // MPI set it to null (or left it inactive, if persistent)
    s->finish(statuses[i]);
  }
  [[nodiscard]] int size() const noexcept { return static_cast<int>(raw.size()); }
};

template <RequestRange R>
std::vector<Request*> pointers(R& range) {
  std::vector<Request*> out;
  out.reserve(std::ranges::size(range));
  for (auto& r : range) {
    out.push_back(&r);
  }
  return out;
}

inline void wait_all(std::vector<Request*> all, const std::source_location& where) {
  const CallSite site(where);
  Batch batch(std::move(all));
  batch.start_pending(true);
  check(MPI_Waitall(batch.size(), batch.raw.data(), batch.statuses.data()), "MPI_Waitall", where);
  for (std::size_t i = 0; i < batch.requests.size(); ++i) {
    if (batch.requests[i]->pending()) {
      batch.finish(i);
    }
  }
}

inline std::optional<std::size_t> wait_any(std::vector<Request*> all, const std::source_location& where) {
  const CallSite site(where);
  Batch batch(std::move(all));
  int index = MPI_UNDEFINED;
  // While some operation cannot start yet, poll: blocking in MPI_Waitany would never start it.
  bool waiting = batch.start_pending(false);
  while (waiting) {
    int flag = 0;
    check(MPI_Testany(batch.size(), batch.raw.data(), &index, &flag, batch.statuses.data()), "MPI_Testany", where);
    if (flag != 0 && index != MPI_UNDEFINED) {
      break;
    }
    waiting = batch.start_pending(false);
  }
  if (!waiting) {
    check(MPI_Waitany(batch.size(), batch.raw.data(), &index, batch.statuses.data()), "MPI_Waitany", where);
  }
  if (index == MPI_UNDEFINED) {
    return std::nullopt;
  }
  const auto i = static_cast<std::size_t>(index);
  batch.statuses[i] = batch.statuses[0];
  batch.finish(i);
  return i;
}

inline std::vector<std::size_t> wait_some(std::vector<Request*> all, bool test_only,
                                          const std::source_location& where) {
  const CallSite site(where);
  Batch batch(std::move(all));
  std::vector<int> indices(batch.requests.size());
  int count = 0;
  // While some operation cannot start yet, poll: blocking in MPI_Waitsome would never start it.
  bool waiting = batch.start_pending(false);
  const auto test_some = [&] {
    check(MPI_Testsome(batch.size(), batch.raw.data(), &count, indices.data(), batch.statuses.data()), "MPI_Testsome",
          where);
    return count != MPI_UNDEFINED && count > 0;
  };
  if (test_only) {
    test_some();
  } else {
    while (waiting && !test_some()) {
      waiting = batch.start_pending(false);
    }
    if (!waiting) {
      check(MPI_Waitsome(batch.size(), batch.raw.data(), &count, indices.data(), batch.statuses.data()), "MPI_Waitsome",
            where);
    }
  }
  std::vector<std::size_t> done;
  if (count == MPI_UNDEFINED) {
    return done;
  }
  // Statuses come packed in completion order; move each to its request's slot before finishing.
  std::vector<MPI_Status> packed(batch.statuses.begin(), batch.statuses.begin() + count);
  for (int k = 0; k < count; ++k) {
    const auto i = static_cast<std::size_t>(indices[static_cast<std::size_t>(k)]);
    batch.statuses[i] = packed[static_cast<std::size_t>(k)];
    batch.finish(i);
    done.push_back(i);
  }
  return done;
}

inline bool test_all(std::vector<Request*> all, const std::source_location& where) {
  const CallSite site(where);
  Batch batch(std::move(all));
  if (batch.start_pending(false)) {
    return false;
  }
  int flag = 0;
  check(MPI_Testall(batch.size(), batch.raw.data(), &flag, batch.statuses.data()), "MPI_Testall", where);
  if (flag == 0) {
    return false;
  }
  for (std::size_t i = 0; i < batch.requests.size(); ++i) {
    if (batch.requests[i]->pending()) {
      batch.finish(i);
    }
  }
  return true;
}

}  // namespace detail

// Completion over any mix of requests and futures: a range of them or a list of arguments.
template <RequestRange R>
void wait_all(R&& requests, std::source_location where = std::source_location::current()) {
  detail::wait_all(detail::pointers(requests), where);
}
template <std::derived_from<Request>... R>
void wait_all(R&... requests) {
  detail::wait_all({&requests...}, std::source_location::current());
}

// Index of one completed request, or nothing if none was pending.
template <RequestRange R>
std::optional<std::size_t> wait_any(R&& requests, std::source_location where = std::source_location::current()) {
  return detail::wait_any(detail::pointers(requests), where);
}
template <std::derived_from<Request>... R>
std::optional<std::size_t> wait_any(R&... requests) {
  return detail::wait_any({&requests...}, std::source_location::current());
}

// Indices of the requests that completed (at least one if any was pending).
template <RequestRange R>
std::vector<std::size_t> wait_some(R&& requests, std::source_location where = std::source_location::current()) {
  return detail::wait_some(detail::pointers(requests), false, where);
}
// Indices of the requests that have completed now (possibly none).
template <RequestRange R>
std::vector<std::size_t> test_some(R&& requests, std::source_location where = std::source_location::current()) {
  return detail::wait_some(detail::pointers(requests), true, where);
}
template <RequestRange R>
bool test_all(R&& requests, std::source_location where = std::source_location::current()) {
  return detail::test_all(detail::pointers(requests), where);
}

}  // namespace mpisight

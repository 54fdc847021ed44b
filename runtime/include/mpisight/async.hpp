// Composing nonblocking operations: C++20 coroutines (co_await on any request or future), then() and when_all(),
// driven by each thread's ProgressEngine, which polls every request awaited on that thread with one MPI_Testsome.
// No threads are started: coroutines resume inside Task::run() / poll() on the thread that awaited.
#pragma once

#include <coroutine>
#include <exception>
#include <mpi.h>
#include <optional>
#include <source_location>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "mpisight/call_site.hpp"
#include "mpisight/error.hpp"
#include "mpisight/request.hpp"

namespace mpisight {

class ProgressEngine;

namespace detail {

template <class R>
class RequestAwaiter;

struct Waiter {
  RequestState* state;
  std::coroutine_handle<> handle;
};

}  // namespace detail

class ProgressEngine {
 public:
  // The calling thread's engine: every co_await on this thread registers here.
  [[nodiscard]] static ProgressEngine& this_thread() {
    thread_local ProgressEngine engine;
    return engine;
  }
  ProgressEngine(const ProgressEngine&) = delete;
  ProgressEngine& operator=(const ProgressEngine&) = delete;

  // Completes what has finished (one MPI_Testsome over all awaited requests) and resumes those coroutines.
  // Returns how many completed.
  std::size_t poll(std::source_location where = std::source_location::current()) {
    if (waiters_.empty()) {
      return 0;
    }
    const detail::CallSite site(where);
    raw_.clear();
    for (const auto& w : waiters_) {
      // An operation that cannot start yet (an object receive before its message) is tried again next poll.
      raw_.push_back(detail::started(*w.state, false) ? w.state->request : MPI_REQUEST_NULL);
    }
    indices_.resize(raw_.size());
    statuses_.resize(raw_.size());
    int count = 0;
    detail::check(MPI_Testsome(static_cast<int>(raw_.size()), raw_.data(), &count, indices_.data(), statuses_.data()),
                  "MPI_Testsome", where);
    if (count == MPI_UNDEFINED || count == 0) {
      return 0;
    }
    // Finish first, then resume: a resumed coroutine may await again and change the waiter list.
    std::vector<std::coroutine_handle<>> ready{};
    for (int k = 0; k < count; ++k) {
      const auto i = static_cast<std::size_t>(indices_[static_cast<std::size_t>(k)]);
      waiters_[i].state->request = raw_[i];
      waiters_[i].state->finish(statuses_[static_cast<std::size_t>(k)]);
      ready.push_back(waiters_[i].handle);
      waiters_[i].state = nullptr;
    }
    std::erase_if(waiters_, [](const detail::Waiter& w) { return w.state == nullptr; });
    for (auto handle : ready) {
      handle.resume();
    }
    return static_cast<std::size_t>(count);
  }

  // Polls until `done()` holds.
  template <class Done>
  void run_until(Done&& done, std::source_location where = std::source_location::current()) {
    while (!done()) {
      if (poll(where) == 0 && waiters_.empty() && !done()) {
        throw UsageError("nothing left to wait for, but the awaited work is not done", where);
      }
    }
  }

  [[nodiscard]] std::size_t waiting() const noexcept { return waiters_.size(); }

 private:
  template <class R>
  friend class detail::RequestAwaiter;
  ProgressEngine() = default;

  void add(detail::Waiter waiter) { waiters_.push_back(waiter); }
  void remove(const detail::RequestState* state) noexcept {
    std::erase_if(waiters_, [state](const detail::Waiter& w) { return w.state == state; });
  }

  std::vector<detail::Waiter> waiters_;
  std::vector<MPI_Request> raw_;
  std::vector<int> indices_;
  std::vector<MPI_Status> statuses_;
};

namespace detail {

// co_await on a Request (or Future) in a coroutine driven by a ProgressEngine.
template <class R>
class RequestAwaiter {
 public:
  explicit RequestAwaiter(R& request) : request_(request) {}
  RequestAwaiter(const RequestAwaiter&) = delete;
  RequestAwaiter& operator=(const RequestAwaiter&) = delete;
  ~RequestAwaiter() {
    if (engine_ != nullptr) {
      engine_->remove(state_);  // the coroutine was destroyed while suspended here
    }
  }

  [[nodiscard]] bool await_ready() const noexcept { return !request_.pending(); }
  void await_suspend(std::coroutine_handle<> handle) {
    engine_ = &ProgressEngine::this_thread();
    state_ = state_of(request_);
    engine_->add(Waiter{state_, handle});
  }
  auto await_resume() {
    engine_ = nullptr;
    if constexpr (requires { request_.get(); }) {
      return request_.get();
    } else {
      return request_.status();
    }
  }

 private:
  R& request_;
  ProgressEngine* engine_ = nullptr;
  RequestState* state_ = nullptr;
};

}  // namespace detail

template <class R>
requires std::derived_from<R, Request>
auto operator co_await(R& request) {
  return detail::RequestAwaiter<R>(request);
}
// Awaiting a temporary keeps it alive in the awaiter's frame.
template <class R>
requires std::derived_from<R, Request>
auto operator co_await(R&& request) {
  struct Owning {
    R owned;
    detail::RequestAwaiter<R> awaiter{owned};
    explicit Owning(R&& r) : owned(std::forward<R>(r)) {}
    [[nodiscard]] bool await_ready() const noexcept { return awaiter.await_ready(); }
    void await_suspend(std::coroutine_handle<> h) { awaiter.await_suspend(h); }
    auto await_resume() { return awaiter.await_resume(); }
  };
  return Owning(std::forward<R>(request));
}

namespace detail {

// Where a Task's promise keeps its result (nothing for Task<void>).
template <class T>
struct TaskResult {
  std::optional<T> value;
  template <class U>
  void return_value(U&& v) {
    value.emplace(std::forward<U>(v));
  }
  T take_value() {
    T out = std::move(*value);
    value.reset();
    return out;
  }
};
template <>
struct TaskResult<void> {
  void return_void() noexcept {}
  void take_value() noexcept {}
};

}  // namespace detail

// A coroutine producing T (or nothing, for Task<void>). It starts at once (like the MPI operations it awaits) and is
// itself awaitable.
template <class T>
class [[nodiscard]] Task {
 public:
  struct promise_type : detail::TaskResult<T> {  // NOLINT(readability-identifier-naming): the language's name
    std::exception_ptr error;
    std::coroutine_handle<> continuation;

    Task get_return_object() { return Task(std::coroutine_handle<promise_type>::from_promise(*this)); }
    std::suspend_never initial_suspend() noexcept { return {}; }
    auto final_suspend() noexcept {
      struct Resume {
        bool await_ready() noexcept { return false; }
        std::coroutine_handle<> await_suspend(std::coroutine_handle<promise_type> h) noexcept {
          if (auto next = h.promise().continuation) {
            return next;
          }
          return std::noop_coroutine();
        }
        void await_resume() noexcept {}
      };
      return Resume{};
    }
    void unhandled_exception() { error = std::current_exception(); }
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      destroy();
      handle_ = std::exchange(other.handle_, {});
    }
    return *this;
  }
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;
  ~Task() { destroy(); }

  [[nodiscard]] bool done() const noexcept { return handle_ && handle_.done(); }

  // Drives this thread's engine until the task has finished, then returns its value (or rethrows its exception).
  T run(std::source_location where = std::source_location::current()) {
    ProgressEngine::this_thread().run_until([this] { return done(); }, where);
    return take();
  }

  bool await_ready() const noexcept { return done(); }
  void await_suspend(std::coroutine_handle<> awaiting) noexcept { handle_.promise().continuation = awaiting; }
  T await_resume() { return take(); }

 private:
  explicit Task(std::coroutine_handle<promise_type> handle) : handle_(handle) {}

  T take() {
    auto& promise = handle_.promise();
    if (promise.error) {
      std::rethrow_exception(promise.error);
    }
    return promise.take_value();
  }
  void destroy() noexcept {
    if (handle_) {
      handle_.destroy();  // requests inside are completed (or reported) by their own destructors
      handle_ = {};
    }
  }

  std::coroutine_handle<promise_type> handle_;
};

namespace detail {}  // namespace detail

// What when_all yields for an operation that yields nothing (a Task<void>).
struct Done {
  friend bool operator==(Done, Done) = default;
};

namespace detail {

// What co_await on an A yields: a Future's value, a Request's Status, a Task's result (Done for Task<void>).
template <class A>
struct AwaitResult {
  using Type = decltype(std::declval<RequestAwaiter<A>&>().await_resume());
};
template <class T>
struct AwaitResult<Task<T>> {
  using Type = T;
};
template <>
struct AwaitResult<Task<void>> {
  using Type = Done;
};

// co_await `operation`, giving Done for a Task<void>, so every result can sit in a tuple.
template <class A>
Task<typename AwaitResult<A>::Type> result_of(A& operation) {
  if constexpr (std::is_same_v<A, Task<void>>) {
    co_await operation;
    co_return Done{};
  } else {
    co_return co_await operation;
  }
}

}  // namespace detail

// f applied to the result of `operation` once it completes (a Future's value, a Request's Status).
template <class R, class F>
requires std::derived_from<R, Request> Task<std::invoke_result_t<F, typename detail::AwaitResult<R>::Type>> then(
    R operation, F f) {
  co_return f(co_await operation);
}

// Every operation's result, in argument order, once all have completed (they all progress meanwhile); a
// Task<void> contributes Done.
template <class... A>
Task<std::tuple<typename detail::AwaitResult<A>::Type...>> when_all(A... operations) {
  co_return std::tuple<typename detail::AwaitResult<A>::Type...>{co_await detail::result_of(operations)...};
}

}  // namespace mpisight

// Nonblocking point-to-point: isend/irecv and persistent send_init/recv_init. A buffer is given to the request
// (std::move), pinned by a shared_ptr, or explicitly borrowed (mpisight::borrow) with the promise that it outlives
// the request. Passing a plain lvalue container does not compile: nothing would keep it alive.
#pragma once

#include <climits>
#include <cstddef>
#include <memory>
#include <mpi.h>
#include <ranges>
#include <source_location>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "mpisight/buffer.hpp"
#include "mpisight/call_site.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/error.hpp"
#include "mpisight/p2p.hpp"
#include "mpisight/request.hpp"
#include "mpisight/serialization.hpp"

namespace mpisight {

// A buffer the caller promises to keep alive, unmoved and untouched, until the request completes.
template <class T>
struct Borrowed {
  std::span<T> span;
};

template <ContiguousBuffer R>
[[nodiscard]] auto borrow(R& range) {
  return Borrowed<std::remove_reference_t<std::ranges::range_reference_t<R>>>{std::span(range)};
}

namespace detail {

template <class T>
inline constexpr bool kIsBorrowed = false;
template <class T>
inline constexpr bool kIsBorrowed<Borrowed<T>> = true;

template <class T>
inline constexpr bool kIsSharedPtr = false;
template <class T>
inline constexpr bool kIsSharedPtr<std::shared_ptr<T>> = true;

template <class T>
inline constexpr bool kDependentFalse = false;

// Describes the buffer `b` (owned, pinned or borrowed) and keeps it alive in `state` when needed.
template <class B>
RawBuffer hold(B&& b, RequestState& state) {
  using D = std::remove_cvref_t<B>;
  if constexpr (kIsBorrowed<D>) {
    return raw_buffer(b.span);
  } else if constexpr (kIsSharedPtr<D>) {
    static_assert(ContiguousBuffer<typename D::element_type>, "a pinned buffer must be a contiguous range");
    state.keep = b;
    return raw_buffer(*b);
  } else if constexpr (std::is_lvalue_reference_v<B>) {
    static_assert(kDependentFalse<B>,
                  "a nonblocking operation needs to own or pin its buffer: pass std::move(buffer), a "
                  "std::shared_ptr to it, or mpisight::borrow(buffer) if it surely outlives the request");
    return {};
  } else if constexpr (ContiguousBuffer<D> && !std::ranges::borrowed_range<D>) {
    auto owned = std::make_shared<D>(std::forward<B>(b));
    RawBuffer raw = raw_buffer(*owned);
    state.keep = std::move(owned);
    return raw;
  } else if constexpr (MappedValue<D>) {
    auto owned = std::make_shared<D>(std::forward<B>(b));
    RawBuffer raw = raw_value(*owned);
    state.keep = std::move(owned);
    return raw;
  } else {
    static_assert(kDependentFalse<B>,
                  "not a buffer: give a mapped value, a contiguous container of mapped elements (moved in), a "
                  "std::shared_ptr to one, or mpisight::borrow(range)");
    return {};
  }
}

inline void start_send(SendMode mode, const RawBuffer& b, int dest, int tag, MPI_Comm comm, MPI_Request* request,
                       const std::source_location& where) {
  if (b.fits_int()) {
    const int n = static_cast<int>(b.count);
    switch (mode) {
      case SendMode::kStandard:
        return check(MPI_Isend(b.data, n, b.type, dest, tag, comm, request), "MPI_Isend", where);
      case SendMode::kSynchronous:
        return check(MPI_Issend(b.data, n, b.type, dest, tag, comm, request), "MPI_Issend", where);
      case SendMode::kBuffered:
        return check(MPI_Ibsend(b.data, n, b.type, dest, tag, comm, request), "MPI_Ibsend", where);
      case SendMode::kReady: return check(MPI_Irsend(b.data, n, b.type, dest, tag, comm, request), "MPI_Irsend", where);
    }
  }
  const auto n = static_cast<MPI_Count>(b.count);
  switch (mode) {
    case SendMode::kStandard:
      return check(MPI_Isend_c(b.data, n, b.type, dest, tag, comm, request), "MPI_Isend_c", where);
    case SendMode::kSynchronous:
      return check(MPI_Issend_c(b.data, n, b.type, dest, tag, comm, request), "MPI_Issend_c", where);
    case SendMode::kBuffered:
      return check(MPI_Ibsend_c(b.data, n, b.type, dest, tag, comm, request), "MPI_Ibsend_c", where);
    case SendMode::kReady:
      return check(MPI_Irsend_c(b.data, n, b.type, dest, tag, comm, request), "MPI_Irsend_c", where);
  }
}

inline void start_recv(const RawBuffer& b, int source, int tag, MPI_Comm comm, MPI_Request* request,
                       const std::source_location& where) {
  if (b.fits_int()) {
    check(MPI_Irecv(b.data, static_cast<int>(b.count), b.type, source, tag, comm, request), "MPI_Irecv", where);
  } else {
    check(MPI_Irecv_c(b.data, static_cast<MPI_Count>(b.count), b.type, source, tag, comm, request), "MPI_Irecv_c",
          where);
  }
}

template <class B>
Request isend_mode(SendMode mode, const Communicator& comm, B&& buffer, int dest, int tag,
                   const std::source_location& where) {
  const CallSite site(where);
  auto state = std::make_unique<RequestState>();
  const RawBuffer raw = hold(std::forward<B>(buffer), *state);
  state->origin = where;
  state->operation = "isend";
  start_send(mode, raw, dest, tag, comm.native(), &state->request, where);
  state->active = true;
  return make_request(std::move(state));
}

}  // namespace detail

template <class B>
Request isend(const Communicator& comm, B&& buffer, int dest, int tag = 0,
              std::source_location where = std::source_location::current()) {
  return detail::isend_mode(SendMode::kStandard, comm, std::forward<B>(buffer), dest, tag, where);
}
template <class B>
Request issend(const Communicator& comm, B&& buffer, int dest, int tag = 0,
               std::source_location where = std::source_location::current()) {
  return detail::isend_mode(SendMode::kSynchronous, comm, std::forward<B>(buffer), dest, tag, where);
}
template <class B>
Request ibsend(const Communicator& comm, B&& buffer, int dest, int tag = 0,
               std::source_location where = std::source_location::current()) {
  return detail::isend_mode(SendMode::kBuffered, comm, std::forward<B>(buffer), dest, tag, where);
}
template <class B>
Request irsend(const Communicator& comm, B&& buffer, int dest, int tag = 0,
               std::source_location where = std::source_location::current()) {
  return detail::isend_mode(SendMode::kReady, comm, std::forward<B>(buffer), dest, tag, where);
}

// Receives into a borrowed buffer.
template <class T>
Request irecv(const Communicator& comm, Borrowed<T> out, int source = kAnySource, int tag = kAnyTag,
              std::source_location where = std::source_location::current()) {
  static_assert(!std::is_const_v<T>, "cannot receive into a const buffer");
  const detail::CallSite site(where);
  auto state = std::make_unique<detail::RequestState>();
  state->origin = where;
  state->operation = "irecv";
  state->cancel_on_drop = true;
  detail::start_recv(detail::raw_buffer(out.span), source, tag, comm.native(), &state->request, where);
  state->active = true;
  return make_request(std::move(state));
}

// Receives into a container the request owns; get() hands it back filled (status().count<T>() says how far).
template <ContiguousBuffer C>
requires(!std::is_lvalue_reference_v<C> && !std::ranges::borrowed_range<C>) Future<C> irecv(
    const Communicator& comm, C&& buffer, int source = kAnySource, int tag = kAnyTag,
    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = std::make_unique<detail::ValueState<C>>();
  state->origin = where;
  state->operation = "irecv";
  state->cancel_on_drop = true;
  state->value.emplace(std::forward<C>(buffer));
  // The value lives inside the state, which never moves: MPI writes straight into it.
  detail::start_recv(detail::raw_buffer(*state->value), source, tag, comm.native(), &state->request, where);
  state->active = true;
  return Future<C>(std::move(state));
}

// Receives one value of T.
template <MappedValue T>
Future<T> irecv(const Communicator& comm, int source = kAnySource, int tag = kAnyTag,
                std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = std::make_unique<detail::ValueState<T>>();
  state->origin = where;
  state->operation = "irecv";
  state->cancel_on_drop = true;
  state->value.emplace();
  detail::start_recv(detail::raw_value(*state->value), source, tag, comm.native(), &state->request, where);
  state->active = true;
  return Future<T>(std::move(state));
}

// Sends an object message without blocking; the request owns the serialized bytes.
template <Serializable T>
Request isend_object(const Communicator& comm, const T& value, int dest, int tag = 0,
                     std::source_location where = std::source_location::current()) {
  return detail::isend_mode(SendMode::kStandard, comm, serialize(value), dest, tag, where);
}

namespace detail {

// An object receive: its size is known only once a matched probe finds the message, so MPI_Imrecv starts late
// (RequestState::start_later); until then every wait, test or poll retries the probe.
template <class T>
struct ObjectReceive : ValueState<T> {
  MessageBytes bytes;
};

// Claims a matching message (blocking or not) and starts receiving it into `state.bytes`; false if none yet.
template <class T>
bool start_object_receive(ObjectReceive<T>& state, const Communicator& comm, int source, int tag, bool block,
                          const std::source_location& where) {
  MPI_Message message = MPI_MESSAGE_NULL;
  MPI_Status status;
  int flag = 1;
  if (block) {
    check(MPI_Mprobe(source, tag, comm.native(), &message, &status), "MPI_Mprobe", where);
  } else {
    check(MPI_Improbe(source, tag, comm.native(), &flag, &message, &status), "MPI_Improbe", where);
  }
  if (flag == 0) {
    return false;
  }
  MPI_Count bytes = 0;
  check(MPI_Get_count_c(&status, MPI_BYTE, &bytes), "MPI_Get_count_c", where);
  state.bytes.allocate(static_cast<std::size_t>(bytes));
  if (bytes <= INT_MAX) {
    check(MPI_Imrecv(state.bytes.data.get(), static_cast<int>(bytes), MPI_BYTE, &message, &state.request), "MPI_Imrecv",
          where);
  } else {
    check(MPI_Imrecv_c(state.bytes.data.get(), bytes, MPI_BYTE, &message, &state.request), "MPI_Imrecv_c", where);
  }
  return true;
}

}  // namespace detail

// Receives an object message without blocking: the future yields the value once its message has arrived. The
// message is claimed with a matched probe, so no other receive can take it between probe and receive.
template <Serializable T>
Future<T> irecv_object(const Communicator& comm, int source = kAnySource, int tag = kAnyTag,
                       std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = std::make_unique<detail::ObjectReceive<T>>();
  state->origin = where;
  state->operation = "irecv_object";
  state->active = true;
  detail::ObjectReceive<T>* s = state.get();
  s->on_complete = [s] {
    s->value.emplace(deserialize<T>(s->bytes.bytes()));
    s->bytes = {};
  };
  if (!detail::start_object_receive(*s, comm, source, tag, false, where)) {
    s->start_later = [s, comm, source, tag, where](bool block) {
      return detail::start_object_receive(*s, comm, source, tag, block, where);
    };
  }
  return Future<T>(std::move(state));
}

// Persistent point-to-point: the request owns (std::move) or borrows its buffer for all its starts.
template <class B>
PersistentRequest send_init(const Communicator& comm, B&& buffer, int dest, int tag = 0,
                            std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = std::make_unique<detail::RequestState>();
  const detail::RawBuffer b = detail::hold(std::forward<B>(buffer), *state);
  state->origin = where;
  state->operation = "send_init";
  if (b.fits_int()) {
    detail::check(MPI_Send_init(b.data, static_cast<int>(b.count), b.type, dest, tag, comm.native(), &state->request),
                  "MPI_Send_init", where);
  } else {
    detail::check(
        MPI_Send_init_c(b.data, static_cast<MPI_Count>(b.count), b.type, dest, tag, comm.native(), &state->request),
        "MPI_Send_init_c", where);
  }
  return PersistentRequest(std::move(state));
}

template <class T>
PersistentRequest recv_init(const Communicator& comm, Borrowed<T> out, int source = kAnySource, int tag = kAnyTag,
                            std::source_location where = std::source_location::current()) {
  static_assert(!std::is_const_v<T>, "cannot receive into a const buffer");
  const detail::CallSite site(where);
  auto state = std::make_unique<detail::RequestState>();
  const detail::RawBuffer b = detail::raw_buffer(out.span);
  state->origin = where;
  state->operation = "recv_init";
  state->cancel_on_drop = true;
  if (b.fits_int()) {
    detail::check(MPI_Recv_init(b.data, static_cast<int>(b.count), b.type, source, tag, comm.native(), &state->request),
                  "MPI_Recv_init", where);
  } else {
    detail::check(
        MPI_Recv_init_c(b.data, static_cast<MPI_Count>(b.count), b.type, source, tag, comm.native(), &state->request),
        "MPI_Recv_init_c", where);
  }
  return PersistentRequest(std::move(state));
}

}  // namespace mpisight

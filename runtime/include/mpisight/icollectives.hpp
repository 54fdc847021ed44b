// Nonblocking collectives returning futures that own every buffer MPI touches. (The MPI-4 persistent collectives,
// included here too, live in persistent_collectives.hpp.)
#pragma once

#include <memory>
#include <mpi.h>
#include <source_location>
#include <span>
#include <utility>
#include <vector>

#include "mpisight/collectives.hpp"
#include "mpisight/collectives_v.hpp"
#include "mpisight/persistent_collectives.hpp"
#include "mpisight/request.hpp"

namespace mpisight {

namespace detail {

template <class Out>
std::unique_ptr<ValueState<Out>> collective_state(const char* operation, const std::source_location& where) {
  auto state = std::make_unique<ValueState<Out>>();
  state->origin = where;
  state->operation = operation;
  return state;
}

// Starts the operation `start(request*)` on `state` and hands out its future.
template <class Out, class Start>
Future<Out> launch(std::unique_ptr<ValueState<Out>> state, Start&& start) {
  start(&state->request);
  state->active = true;
  return Future<Out>(std::move(state));
}

template <class T>
std::shared_ptr<const T> keep_value(RequestState& state, T value) {
  auto kept = std::make_shared<const T>(std::move(value));
  state.keep = kept;
  return kept;
}

}  // namespace detail

inline Request ibarrier(const Communicator& comm, std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = std::make_unique<detail::RequestState>();
  state->origin = where;
  state->operation = "ibarrier";
  detail::check(MPI_Ibarrier(comm.native(), &state->request), "MPI_Ibarrier", where);
  state->active = true;
  return make_request(std::move(state));
}

// Broadcasts a value or an owned container (moved in; same size everywhere); the future yields root's data.
template <class C>
requires(MappedValue<C> || (MutableBuffer<C> && !std::ranges::borrowed_range<C>)) Future<C> ibcast(
    const Communicator& comm, C data, int root, std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = detail::collective_state<C>("ibcast", where);
  state->value.emplace(std::move(data));
  detail::RawBuffer b{};
  if constexpr (MappedValue<C>) {
    b = detail::raw_value(*state->value);
  } else {
    b = detail::raw_buffer(*state->value);
  }
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Ibcast(b.data, detail::int_count(b.count, where), b.type, root, comm.native(), r), "MPI_Ibcast",
                  where);
  });
}

template <MappedValue T, class Op>
requires ReductionFor<Op, T> Future<T> iallreduce(const Communicator& comm, T value, const Op& op,
                                                  std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = detail::collective_state<T>("iallreduce", where);
  state->value.emplace();
  const auto in = detail::keep_value(*state, value);
  T* out = &*state->value;
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Iallreduce(in.get(), out, 1, datatype_of<T>(), op_of<T>(op), comm.native(), r), "MPI_Iallreduce",
                  where);
  });
}

// Reduces an owned container in place; the future yields the result.
template <MutableBuffer C, class Op>
requires(!std::ranges::borrowed_range<C> && ReductionFor<Op, BufferElement<C>>) Future<C> iallreduce(
    const Communicator& comm, C data, const Op& op, std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = detail::collective_state<C>("iallreduce", where);
  state->value.emplace(std::move(data));
  const detail::RawBuffer b = detail::raw_buffer(*state->value);
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Iallreduce(MPI_IN_PLACE, b.data, detail::int_count(b.count, where), b.type,
                                 op_of<BufferElement<C>>(op), comm.native(), r),
                  "MPI_Iallreduce", where);
  });
}

// The reduction on root (other ranks' futures yield T{}).
template <MappedValue T, class Op>
requires ReductionFor<Op, T> Future<T> ireduce(const Communicator& comm, T value, const Op& op, int root,
                                               std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = detail::collective_state<T>("ireduce", where);
  state->value.emplace();
  const auto in = detail::keep_value(*state, value);
  T* out = &*state->value;
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Ireduce(in.get(), out, 1, datatype_of<T>(), op_of<T>(op), root, comm.native(), r), "MPI_Ireduce",
                  where);
  });
}

template <MappedValue T, class Op>
requires ReductionFor<Op, T> Future<T> iscan(const Communicator& comm, T value, const Op& op,
                                             std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = detail::collective_state<T>("iscan", where);
  state->value.emplace();
  const auto in = detail::keep_value(*state, value);
  T* out = &*state->value;
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Iscan(in.get(), out, 1, datatype_of<T>(), op_of<T>(op), comm.native(), r), "MPI_Iscan", where);
  });
}

// Exclusive prefix reduction; rank 0's future yields T{} (MPI leaves it undefined).
template <MappedValue T, class Op>
requires ReductionFor<Op, T> Future<T> iexscan(const Communicator& comm, T value, const Op& op,
                                               std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = detail::collective_state<T>("iexscan", where);
  state->value.emplace();
  const auto in = detail::keep_value(*state, value);
  T* out = &*state->value;
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Iexscan(in.get(), out, 1, datatype_of<T>(), op_of<T>(op), comm.native(), r), "MPI_Iexscan",
                  where);
  });
}

// Element-wise reduction of equally long vectors (moved in); each rank gets its block of size()/n elements.
template <Mapped T, class Op>
requires ReductionFor<Op, T> Future<std::vector<T>> ireduce_scatter_block(
    const Communicator& comm, std::vector<T> data, const Op& op,
    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const auto size = static_cast<std::size_t>(comm.size());
  if (data.size() % size != 0) {
    throw UsageError("ireduce_scatter_block input does not split into equal blocks", where);
  }
  auto state = detail::collective_state<std::vector<T>>("ireduce_scatter_block", where);
  state->value.emplace(data.size() / size);
  const int n = detail::int_count(data.size() / size, where);
  const auto in = detail::keep_value(*state, std::move(data));
  T* out = state->value->data();
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Ireduce_scatter_block(in->data(), out, n, datatype_of<T>(), op_of<T>(op), comm.native(), r),
                  "MPI_Ireduce_scatter_block", where);
  });
}

// parts[j] (any length) to rank j; the future yields what each rank sent here. The counts are exchanged first
// (blocking, one int per pair); the data moves without blocking.
template <Mapped T>
Future<Gathered<T>> ialltoallv(const Communicator& comm, const std::vector<std::vector<T>>& parts,
                               std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  detail::require_size(parts, static_cast<std::size_t>(comm.size()), "ialltoallv parts", where);
  struct Outgoing {
    std::vector<T> flat;
    std::vector<int> counts;
    std::vector<int> displs;
  };
  Outgoing send;
  for (const auto& part : parts) {
    send.counts.push_back(detail::int_count(part.size(), where));
    send.flat.insert(send.flat.end(), part.begin(), part.end());
  }
  send.displs = detail::displacements(send.counts, where);
  auto state = detail::collective_state<Gathered<T>>("ialltoallv", where);
  Gathered<T>& out = state->value.emplace();
  out.counts = alltoall(comm, send.counts, where);
  out.displs = detail::displacements(out.counts, where);
  out.data.resize(detail::total(out.counts));
  const auto in = detail::keep_value(*state, std::move(send));
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(
        MPI_Ialltoallv(in->flat.data(), in->counts.data(), in->displs.data(), datatype_of<T>(), out.data.data(),
                       out.counts.data(), out.displs.data(), datatype_of<T>(), comm.native(), r),
        "MPI_Ialltoallv", where);
  });
}

// Every rank's value in rank order, on every rank.
template <MappedValue T>
Future<std::vector<T>> iallgather(const Communicator& comm, T value,
                                  std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = detail::collective_state<std::vector<T>>("iallgather", where);
  state->value.emplace(static_cast<std::size_t>(comm.size()));
  const auto in = detail::keep_value(*state, value);
  T* out = state->value->data();
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Iallgather(in.get(), 1, datatype_of<T>(), out, 1, datatype_of<T>(), comm.native(), r),
                  "MPI_Iallgather", where);
  });
}

// Every rank's value in rank order on root; empty elsewhere.
template <MappedValue T>
Future<std::vector<T>> igather(const Communicator& comm, T value, int root,
                               std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = detail::collective_state<std::vector<T>>("igather", where);
  state->value.emplace(comm.rank() == root ? static_cast<std::size_t>(comm.size()) : 0);
  const auto in = detail::keep_value(*state, value);
  T* out = state->value->data();
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Igather(in.get(), 1, datatype_of<T>(), out, 1, datatype_of<T>(), root, comm.native(), r),
                  "MPI_Igather", where);
  });
}

// Root's data (moved in; size()*count elements there, ignored elsewhere) cut into blocks of `count`.
template <Mapped T>
Future<std::vector<T>> iscatter(const Communicator& comm, std::vector<T> data, std::size_t count, int root,
                                std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  if (comm.rank() == root) {
    detail::require_size(data, count * static_cast<std::size_t>(comm.size()), "iscatter input", where);
  }
  auto state = detail::collective_state<std::vector<T>>("iscatter", where);
  state->value.emplace(count);
  const auto in = detail::keep_value(*state, std::move(data));
  T* out = state->value->data();
  const int n = detail::int_count(count, where);
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Iscatter(in->data(), n, datatype_of<T>(), out, n, datatype_of<T>(), root, comm.native(), r),
                  "MPI_Iscatter", where);
  });
}

template <Mapped T>
Future<std::vector<T>> ialltoall(const Communicator& comm, std::vector<T> data,
                                 std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const auto size = static_cast<std::size_t>(comm.size());
  if (data.size() % size != 0) {
    throw UsageError("ialltoall input does not split into equal blocks", where);
  }
  auto state = detail::collective_state<std::vector<T>>("ialltoall", where);
  state->value.emplace(data.size());
  const int n = detail::int_count(data.size() / size, where);
  const auto in = detail::keep_value(*state, std::move(data));
  T* out = state->value->data();
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Ialltoall(in->data(), n, datatype_of<T>(), out, n, datatype_of<T>(), comm.native(), r),
                  "MPI_Ialltoall", where);
  });
}

// The counts are exchanged first (blocking, one int per rank); the data moves without blocking.
template <Mapped T>
Future<Gathered<T>> iallgatherv(const Communicator& comm, std::vector<T> local,
                                std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = detail::collective_state<Gathered<T>>("iallgatherv", where);
  Gathered<T>& out = state->value.emplace();
  const int n = detail::int_count(local.size(), where);
  out.counts = allgather(comm, n, where);
  out.displs = detail::displacements(out.counts, where);
  out.data.resize(detail::total(out.counts));
  const auto in = detail::keep_value(*state, std::move(local));
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Iallgatherv(in->data(), n, datatype_of<T>(), out.data.data(), out.counts.data(),
                                  out.displs.data(), datatype_of<T>(), comm.native(), r),
                  "MPI_Iallgatherv", where);
  });
}

// Each rank's data (any length) in rank order on root; empty elsewhere. The counts are gathered first (blocking,
// one int per rank); the data moves without blocking.
template <Mapped T>
Future<Gathered<T>> igatherv(const Communicator& comm, std::vector<T> local, int root,
                             std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = detail::collective_state<Gathered<T>>("igatherv", where);
  Gathered<T>& out = state->value.emplace();
  const int n = detail::int_count(local.size(), where);
  out.counts = gather(comm, n, root, where);
  out.displs = detail::displacements(out.counts, where);
  out.data.resize(detail::total(out.counts));
  const auto in = detail::keep_value(*state, std::move(local));
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Igatherv(in->data(), n, datatype_of<T>(), out.data.data(), out.counts.data(), out.displs.data(),
                               datatype_of<T>(), root, comm.native(), r),
                  "MPI_Igatherv", where);
  });
}

// Root's parts[j] (any length; ignored elsewhere) to rank j. The counts are scattered first (blocking, one int
// per rank); the data moves without blocking.
template <Mapped T>
Future<std::vector<T>> iscatterv(const Communicator& comm, const std::vector<std::vector<T>>& parts, int root,
                                 std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  struct Outgoing {
    std::vector<T> flat;
    std::vector<int> counts;
    std::vector<int> displs;
  };
  Outgoing send;
  if (comm.rank() == root) {
    detail::require_size(parts, static_cast<std::size_t>(comm.size()), "iscatterv parts", where);
    for (const auto& part : parts) {
      send.counts.push_back(detail::int_count(part.size(), where));
      send.flat.insert(send.flat.end(), part.begin(), part.end());
    }
    send.displs = detail::displacements(send.counts, where);
  }
  const int mine = scatter(comm, send.counts, 1, root, where)[0];
  auto state = detail::collective_state<std::vector<T>>("iscatterv", where);
  state->value.emplace(static_cast<std::size_t>(mine));
  T* out = state->value->data();
  const auto in = detail::keep_value(*state, std::move(send));
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(MPI_Iscatterv(in->flat.data(), in->counts.data(), in->displs.data(), datatype_of<T>(), out, mine,
                                datatype_of<T>(), root, comm.native(), r),
                  "MPI_Iscatterv", where);
  });
}

// Element-wise reduction of equally long vectors (moved in); rank i gets counts[i] elements, in rank order.
template <Mapped T, class Op>
requires ReductionFor<Op, T> Future<std::vector<T>> ireduce_scatter(
    const Communicator& comm, std::vector<T> data, std::vector<int> counts, const Op& op,
    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  detail::require_size(counts, static_cast<std::size_t>(comm.size()), "ireduce_scatter counts", where);
  detail::require_size(data, detail::total(counts), "ireduce_scatter input", where);
  auto state = detail::collective_state<std::vector<T>>("ireduce_scatter", where);
  state->value.emplace(static_cast<std::size_t>(counts[static_cast<std::size_t>(comm.rank())]));
  T* out = state->value->data();
  const auto in = detail::keep_value(*state, std::make_pair(std::move(data), std::move(counts)));
  return detail::launch(std::move(state), [&](MPI_Request* r) {
    detail::check(
        MPI_Ireduce_scatter(in->first.data(), out, in->second.data(), datatype_of<T>(), op_of<T>(op), comm.native(), r),
        "MPI_Ireduce_scatter", where);
  });
}

}  // namespace mpisight

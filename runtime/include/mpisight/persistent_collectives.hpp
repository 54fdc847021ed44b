// MPI-4 persistent collectives as reusable objects that own their buffers: every *_init MPICH 4.0.2 offers for
// the API's collectives. Fill input(), start(), wait(), read output(), repeat; v-forms exchange counts once, at init.
#pragma once

#include <memory>
#include <mpi.h>
#include <source_location>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "mpisight/collectives.hpp"
#include "mpisight/collectives_v.hpp"
#include "mpisight/request.hpp"

namespace mpisight {

// A persistent collective owning its input and output buffers (and the count arrays MPI reads until it is freed).
// Touching the buffers while an operation is active is a UsageError at the caller's line.
template <class T>
class [[nodiscard]] PersistentCollective : public PersistentRequest {
 public:
  struct Buffers : detail::RequestState {
    std::vector<T> input;
    std::vector<T> output;
    bool in_place = false;  // output() is input() (bcast)
    std::vector<int> send_counts, send_displs, recv_counts, recv_displs;
  };

  PersistentCollective() = default;
  explicit PersistentCollective(std::unique_ptr<Buffers> state) : PersistentRequest(std::move(state)) {}

  [[nodiscard]] std::span<T> input(std::source_location where = std::source_location::current()) {
    return idle(where).input;
  }
  [[nodiscard]] std::span<const T> output(std::source_location where = std::source_location::current()) {
    Buffers& b = idle(where);
    return b.in_place ? std::span<const T>(b.input) : std::span<const T>(b.output);
  }
  // For gathers and v-forms: how many elements of output() came from each rank (in rank order); else empty.
  [[nodiscard]] std::span<const int> counts(std::source_location where = std::source_location::current()) {
    return idle(where).recv_counts;
  }

 private:
  Buffers& idle(const std::source_location& where) {
    auto* b = static_cast<Buffers*>(state());
    if (b == nullptr) {
      throw UsageError("buffers of an empty persistent collective", where);
    }
    if (b->active) {
      throw UsageError(
          std::string("buffers of persistent ") + b->operation + " touched while it is active: wait() first", where);
    }
    return *b;
  }
};

namespace detail {

template <class T>
using PersistentBuffers = typename PersistentCollective<T>::Buffers;

template <class T>
std::unique_ptr<PersistentBuffers<T>> persistent_buffers(const char* operation, std::vector<T> input,
                                                         std::size_t output_size, const std::source_location& where) {
  auto state = std::make_unique<PersistentBuffers<T>>();
  state->origin = where;
  state->operation = operation;
  state->input = std::move(input);
  state->output.resize(output_size);
  return state;
}

// Calls `init(request*)` (the MPI_*_init call, named `function`) and wraps the state.
template <class T, class Init>
PersistentCollective<T> make_persistent(std::unique_ptr<PersistentBuffers<T>> state, const char* function, Init&& init,
                                        const std::source_location& where) {
  check(init(&state->request), function, where);
  return PersistentCollective<T>(std::move(state));
}

template <class T>
std::size_t equal_blocks(const std::vector<T>& input, const Communicator& comm, const char* operation,
                         const std::source_location& where) {
  const auto size = static_cast<std::size_t>(comm.size());
  if (input.size() % size != 0) {
    throw UsageError(std::string(operation) + " input of " + std::to_string(input.size()) +
                         " elements does not split into " + std::to_string(size) + " equal blocks",
                     where);
  }
  return input.size() / size;
}

// allreduce_init, scan_init and exscan_init: the same call shape, every rank's output as long as its input.
using ReductionInit = int (*)(const void*, void*, int, MPI_Datatype, MPI_Op, MPI_Comm, MPI_Info, MPI_Request*);

template <class T, class Op>
PersistentCollective<T> reduction_init(ReductionInit init, const char* operation, const char* function,
                                       const Communicator& comm, std::vector<T> input, const Op& op,
                                       const std::source_location& where) {
  const CallSite site(where);
  const std::size_t n = input.size();
  auto s = persistent_buffers(operation, std::move(input), n, where);
  const T* in = s->input.data();
  T* out = s->output.data();
  return make_persistent<T>(
      std::move(s), function,
      [&](MPI_Request* r) {
        return init(in, out, int_count(n, where), datatype_of<T>(), op_of<T>(op), comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

// gatherv_init and allgatherv_init: the output sized by the counts learned at init, which MPI reads until freed.
template <class T, class Init>
PersistentCollective<T> gathering_v_init(const char* operation, const char* function, std::vector<T> input,
                                         std::vector<int> counts, const Init& init, const std::source_location& where) {
  auto s = persistent_buffers(operation, std::move(input), total(counts), where);
  s->recv_displs = displacements(counts, where);
  s->recv_counts = std::move(counts);
  PersistentBuffers<T>* b = s.get();
  return make_persistent<T>(
      std::move(s), function, [&](MPI_Request* r) { return init(*b, r); }, where);
}

}  // namespace detail

inline PersistentRequest barrier_init(const Communicator& comm,
                                      std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto state = std::make_unique<detail::RequestState>();
  state->origin = where;
  state->operation = "barrier_init";
  detail::check(MPI_Barrier_init(comm.native(), MPI_INFO_NULL, &state->request), "MPI_Barrier_init", where);
  return PersistentRequest(std::move(state));
}

// In place: output() is input(), holding root's data after each wait().
template <Mapped T>
PersistentCollective<T> bcast_init(const Communicator& comm, std::vector<T> data, int root,
                                   std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  auto s = detail::persistent_buffers("bcast_init", std::move(data), 0, where);
  s->in_place = true;
  const int n = detail::int_count(s->input.size(), where);
  T* buffer = s->input.data();
  return detail::make_persistent<T>(
      std::move(s), "MPI_Bcast_init",
      [&](MPI_Request* r) {
        return MPI_Bcast_init(buffer, n, datatype_of<T>(), root, comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

template <Mapped T, class Op>
requires ReductionFor<Op, T> PersistentCollective<T> allreduce_init(
    const Communicator& comm, std::vector<T> input, const Op& op,
    std::source_location where = std::source_location::current()) {
  return detail::reduction_init(MPI_Allreduce_init, "allreduce_init", "MPI_Allreduce_init", comm, std::move(input), op,
                                where);
}

// The element-wise reduction lands in root's output(); other ranks' output() is empty.
template <Mapped T, class Op>
requires ReductionFor<Op, T> PersistentCollective<T> reduce_init(
    const Communicator& comm, std::vector<T> input, const Op& op, int root,
    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const std::size_t n = input.size();
  auto s = detail::persistent_buffers("reduce_init", std::move(input), comm.rank() == root ? n : 0, where);
  const T* in = s->input.data();
  T* out = s->output.data();
  return detail::make_persistent<T>(
      std::move(s), "MPI_Reduce_init",
      [&](MPI_Request* r) {
        return MPI_Reduce_init(in, out, detail::int_count(n, where), datatype_of<T>(), op_of<T>(op), root,
                               comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

// Inclusive prefix reduction, element-wise over ranks 0..rank.
template <Mapped T, class Op>
requires ReductionFor<Op, T> PersistentCollective<T> scan_init(
    const Communicator& comm, std::vector<T> input, const Op& op,
    std::source_location where = std::source_location::current()) {
  return detail::reduction_init(MPI_Scan_init, "scan_init", "MPI_Scan_init", comm, std::move(input), op, where);
}

// Exclusive prefix reduction over ranks 0..rank-1; rank 0's output() is left as it was (value-initialised).
template <Mapped T, class Op>
requires ReductionFor<Op, T> PersistentCollective<T> exscan_init(
    const Communicator& comm, std::vector<T> input, const Op& op,
    std::source_location where = std::source_location::current()) {
  return detail::reduction_init(MPI_Exscan_init, "exscan_init", "MPI_Exscan_init", comm, std::move(input), op, where);
}

// Every rank's equally long input, concatenated in rank order in root's output(); empty elsewhere.
// Built on MPI_Gatherv_init: MPICH 4.0.2's MPI_Gather_init sends the input as it was at init and never copies
// root's own part (pmodels/mpich#7078, fixed after 4.0.2); its Gatherv_init is right.
template <Mapped T>
PersistentCollective<T> gather_init(const Communicator& comm, std::vector<T> input, int root,
                                    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const int n = detail::int_count(input.size(), where);
  std::vector<int> counts(comm.rank() == root ? static_cast<std::size_t>(comm.size()) : 0, n);
  return detail::gathering_v_init(
      "gather_init", "MPI_Gatherv_init", std::move(input), std::move(counts),
      [&](detail::PersistentBuffers<T>& b, MPI_Request* r) {
        return MPI_Gatherv_init(b.input.data(), n, datatype_of<T>(), b.output.data(), b.recv_counts.data(),
                                b.recv_displs.data(), datatype_of<T>(), root, comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

// Every rank's equally long input, concatenated in rank order, in everyone's output(). Built on
// MPI_Allgatherv_init, for the reason given at gather_init (MPICH 4.0.2's MPI_Allgather_init resends stale data).
template <Mapped T>
PersistentCollective<T> allgather_init(const Communicator& comm, std::vector<T> input,
                                       std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const int n = detail::int_count(input.size(), where);
  std::vector<int> counts(static_cast<std::size_t>(comm.size()), n);
  return detail::gathering_v_init(
      "allgather_init", "MPI_Allgatherv_init", std::move(input), std::move(counts),
      [&](detail::PersistentBuffers<T>& b, MPI_Request* r) {
        return MPI_Allgatherv_init(b.input.data(), n, datatype_of<T>(), b.output.data(), b.recv_counts.data(),
                                   b.recv_displs.data(), datatype_of<T>(), comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

// Root's input (size() blocks of `count`; ignored elsewhere) cut into blocks: rank i's output() gets block i.
// Built on MPI_Scatterv_init, for the reason given at gather_init (MPICH 4.0.2's MPI_Scatter_init resends stale
// data).
template <Mapped T>
PersistentCollective<T> scatter_init(const Communicator& comm, std::vector<T> input, std::size_t count, int root,
                                     std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const bool at_root = comm.rank() == root;
  if (at_root) {
    detail::require_size(input, count * static_cast<std::size_t>(comm.size()), "scatter_init input", where);
  }
  const int n = detail::int_count(count, where);
  auto s = detail::persistent_buffers("scatter_init", std::move(input), count, where);
  s->send_counts.assign(at_root ? static_cast<std::size_t>(comm.size()) : 0, n);
  s->send_displs = detail::displacements(s->send_counts, where);
  detail::PersistentBuffers<T>* b = s.get();
  return detail::make_persistent<T>(
      std::move(s), "MPI_Scatterv_init",
      [&](MPI_Request* r) {
        return MPI_Scatterv_init(b->input.data(), b->send_counts.data(), b->send_displs.data(), datatype_of<T>(),
                                 b->output.data(), n, datatype_of<T>(), root, comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

// input() holds size() equal blocks; block j goes to rank j, and output()'s block i came from rank i.
template <Mapped T>
PersistentCollective<T> alltoall_init(const Communicator& comm, std::vector<T> input,
                                      std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const int n = detail::int_count(detail::equal_blocks(input, comm, "alltoall_init", where), where);
  const std::size_t total = input.size();
  auto s = detail::persistent_buffers("alltoall_init", std::move(input), total, where);
  const T* in = s->input.data();
  T* out = s->output.data();
  return detail::make_persistent<T>(
      std::move(s), "MPI_Alltoall_init",
      [&](MPI_Request* r) {
        return MPI_Alltoall_init(in, n, datatype_of<T>(), out, n, datatype_of<T>(), comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

// Element-wise reduction of equally long inputs; each rank's output() is its block of input().size()/size().
template <Mapped T, class Op>
requires ReductionFor<Op, T> PersistentCollective<T> reduce_scatter_block_init(
    const Communicator& comm, std::vector<T> input, const Op& op,
    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const std::size_t block = detail::equal_blocks(input, comm, "reduce_scatter_block_init", where);
  auto s = detail::persistent_buffers("reduce_scatter_block_init", std::move(input), block, where);
  const T* in = s->input.data();
  T* out = s->output.data();
  return detail::make_persistent<T>(
      std::move(s), "MPI_Reduce_scatter_block_init",
      [&](MPI_Request* r) {
        return MPI_Reduce_scatter_block_init(in, out, detail::int_count(block, where), datatype_of<T>(), op_of<T>(op),
                                             comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

// Element-wise reduction of equally long inputs; rank i's output() gets counts[i] elements (in rank order).
template <Mapped T, class Op>
requires ReductionFor<Op, T> PersistentCollective<T> reduce_scatter_init(
    const Communicator& comm, std::vector<T> input, std::vector<int> counts, const Op& op,
    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  detail::require_size(counts, static_cast<std::size_t>(comm.size()), "reduce_scatter_init counts", where);
  detail::require_size(input, detail::total(counts), "reduce_scatter_init input", where);
  const auto mine = static_cast<std::size_t>(counts[static_cast<std::size_t>(comm.rank())]);
  auto s = detail::persistent_buffers("reduce_scatter_init", std::move(input), mine, where);
  s->recv_counts = std::move(counts);
  const T* in = s->input.data();
  T* out = s->output.data();
  const int* recv_counts = s->recv_counts.data();
  return detail::make_persistent<T>(
      std::move(s), "MPI_Reduce_scatter_init",
      [&](MPI_Request* r) {
        return MPI_Reduce_scatter_init(in, out, recv_counts, datatype_of<T>(), op_of<T>(op), comm.native(),
                                       MPI_INFO_NULL, r);
      },
      where);
}

// Each rank's input (its length may differ by rank but is fixed for the object's life), concatenated in rank
// order in root's output(); counts() says how much came from each rank.
template <Mapped T>
PersistentCollective<T> gatherv_init(const Communicator& comm, std::vector<T> input, int root,
                                     std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const int n = detail::int_count(input.size(), where);
  std::vector<int> counts = gather(comm, n, root, where);
  return detail::gathering_v_init(
      "gatherv_init", "MPI_Gatherv_init", std::move(input), std::move(counts),
      [&](detail::PersistentBuffers<T>& b, MPI_Request* r) {
        return MPI_Gatherv_init(b.input.data(), n, datatype_of<T>(), b.output.data(), b.recv_counts.data(),
                                b.recv_displs.data(), datatype_of<T>(), root, comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

// Like gatherv_init, with the result on every rank.
template <Mapped T>
PersistentCollective<T> allgatherv_init(const Communicator& comm, std::vector<T> input,
                                        std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const int n = detail::int_count(input.size(), where);
  std::vector<int> counts = allgather(comm, n, where);
  return detail::gathering_v_init(
      "allgatherv_init", "MPI_Allgatherv_init", std::move(input), std::move(counts),
      [&](detail::PersistentBuffers<T>& b, MPI_Request* r) {
        return MPI_Allgatherv_init(b.input.data(), n, datatype_of<T>(), b.output.data(), b.recv_counts.data(),
                                   b.recv_displs.data(), datatype_of<T>(), comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

// Root's parts[j] (any length, fixed for the object's life) go to rank j's output(); root's input() is the parts
// concatenated. The counts are scattered once, here.
template <Mapped T>
PersistentCollective<T> scatterv_init(const Communicator& comm, const std::vector<std::vector<T>>& parts, int root,
                                      std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  std::vector<int> counts;
  std::vector<T> flat;
  if (comm.rank() == root) {
    detail::require_size(parts, static_cast<std::size_t>(comm.size()), "scatterv_init parts", where);
    for (const auto& part : parts) {
      counts.push_back(detail::int_count(part.size(), where));
      flat.insert(flat.end(), part.begin(), part.end());
    }
  }
  const std::vector<int> mine = scatter(comm, counts, 1, root, where);
  auto s = detail::persistent_buffers("scatterv_init", std::move(flat), static_cast<std::size_t>(mine[0]), where);
  if (comm.rank() == root) {
    s->send_displs = detail::displacements(counts, where);
    s->send_counts = std::move(counts);
  }
  const T* in = s->input.data();
  T* out = s->output.data();
  const int* send_counts = s->send_counts.data();
  const int* send_displs = s->send_displs.data();
  return detail::make_persistent<T>(
      std::move(s), "MPI_Scatterv_init",
      [&](MPI_Request* r) {
        return MPI_Scatterv_init(in, send_counts, send_displs, datatype_of<T>(), out, mine[0], datatype_of<T>(), root,
                                 comm.native(), MPI_INFO_NULL, r);
      },
      where);
}

// parts[j] (any length, fixed for the object's life) go to rank j; input() is the parts concatenated, and
// output() what each rank sent here, in rank order (counts() says how much from each).
template <Mapped T>
PersistentCollective<T> alltoallv_init(const Communicator& comm, const std::vector<std::vector<T>>& parts,
                                       std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  detail::require_size(parts, static_cast<std::size_t>(comm.size()), "alltoallv_init parts", where);
  std::vector<int> send_counts;
  std::vector<T> flat;
  for (const auto& part : parts) {
    send_counts.push_back(detail::int_count(part.size(), where));
    flat.insert(flat.end(), part.begin(), part.end());
  }
  std::vector<int> recv_counts = alltoall(comm, send_counts, where);
  auto s = detail::persistent_buffers("alltoallv_init", std::move(flat), detail::total(recv_counts), where);
  s->send_displs = detail::displacements(send_counts, where);
  s->send_counts = std::move(send_counts);
  s->recv_displs = detail::displacements(recv_counts, where);
  s->recv_counts = std::move(recv_counts);
  const T* in = s->input.data();
  T* out = s->output.data();
  const auto* b = s.get();
  return detail::make_persistent<T>(
      std::move(s), "MPI_Alltoallv_init",
      [&](MPI_Request* r) {
        return MPI_Alltoallv_init(in, b->send_counts.data(), b->send_displs.data(), datatype_of<T>(), out,
                                  b->recv_counts.data(), b->recv_displs.data(), datatype_of<T>(), comm.native(),
                                  MPI_INFO_NULL, r);
      },
      where);
}

}  // namespace mpisight

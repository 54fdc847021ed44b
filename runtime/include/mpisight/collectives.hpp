// Blocking collectives over values and contiguous ranges: barrier, bcast (also of objects), reduce, allreduce,
// scan, exscan, gather, allgather, scatter, alltoall, reduce_scatter. The v-forms are in collectives_v.hpp.
#pragma once

#include <climits>
#include <mpi.h>
#include <optional>
#include <source_location>
#include <string>
#include <vector>

#include "mpisight/buffer.hpp"
#include "mpisight/call_site.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/error.hpp"
#include "mpisight/ops.hpp"
#include "mpisight/serialization.hpp"

namespace mpisight {

namespace detail {

inline int int_count(std::size_t n, const std::source_location& where) {
  if (n > static_cast<std::size_t>(INT_MAX)) {
    throw UsageError("count " + std::to_string(n) + " exceeds INT_MAX for this collective", where);
  }
  return static_cast<int>(n);
}

template <class Op, class T>
[[gnu::always_inline]] inline void reduce_raw(const void* in, void* out, std::size_t n, const Op& op, int root,
                                              bool all, MPI_Comm comm, const std::source_location& where) {
  const MPI_Datatype type = datatype_of<T>();
  const MPI_Op mpi_op = op_of<T>(op);
  if (n <= static_cast<std::size_t>(INT_MAX)) {
    if (all) {
      check(MPI_Allreduce(in, out, static_cast<int>(n), type, mpi_op, comm), "MPI_Allreduce", where);
    } else {
      check(MPI_Reduce(in, out, static_cast<int>(n), type, mpi_op, root, comm), "MPI_Reduce", where);
    }
  } else if (all) {
    check(MPI_Allreduce_c(in, out, static_cast<MPI_Count>(n), type, mpi_op, comm), "MPI_Allreduce_c", where);
  } else {
    check(MPI_Reduce_c(in, out, static_cast<MPI_Count>(n), type, mpi_op, root, comm), "MPI_Reduce_c", where);
  }
}

// The element type of a range, or the type itself for a single value.
template <class T>
struct ElementOf {
  using Type = T;
};
template <ContiguousBuffer T>
struct ElementOf<T> {
  using Type = BufferElement<T>;
};

[[noreturn, gnu::cold]] inline void throw_size_mismatch(std::size_t size, std::size_t expected, const char* what,
                                                        const std::source_location& where) {
  throw UsageError(
      std::string(what) + " holds " + std::to_string(size) + " elements, " + std::to_string(expected) + " expected",
      where);
}

template <class R>
[[gnu::always_inline]] inline void require_size(const R& range, std::size_t expected, const char* what,
                                                const std::source_location& where) {
  if (std::ranges::size(range) != expected) [[unlikely]] {
    throw_size_mismatch(std::ranges::size(range), expected, what, where);
  }
}

}  // namespace detail

inline void barrier(const Communicator& comm, std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  detail::check(MPI_Barrier(comm.native()), "MPI_Barrier", where);
}

// Every rank's `data` becomes root's. Ranges must have the same size on every rank.
template <class T>
requires MappedValue<std::remove_cvref_t<T>> || MutableBuffer<T>
void bcast(const Communicator& comm, T&& data, int root, std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const detail::RawBuffer b = [&] {
    if constexpr (MutableBuffer<T>) {
      return detail::raw_buffer(data);
    } else {
      return detail::raw_value(data);
    }
  }();
  if (b.fits_int()) {
    detail::check(MPI_Bcast(b.data, static_cast<int>(b.count), b.type, root, comm.native()), "MPI_Bcast", where);
  } else {
    detail::check(MPI_Bcast_c(b.data, static_cast<MPI_Count>(b.count), b.type, root, comm.native()), "MPI_Bcast_c",
                  where);
  }
}

// Root's object, of any Serializable type, on every rank (its size is broadcast first).
template <Serializable T>
void bcast_object(const Communicator& comm, T& value, int root,
                  std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  std::vector<std::byte> bytes;
  if (comm.rank() == root) {
    bytes = serialize(value);
  }
  auto size = static_cast<unsigned long long>(bytes.size());
  bcast(comm, size, root, where);
  bytes.resize(static_cast<std::size_t>(size));
  bcast(comm, bytes, root, where);
  if (comm.rank() != root) {
    value = deserialize<T>(bytes);
  }
}

// The reduction of every rank's value, on root (other ranks get T{}).
template <MappedValue T, class Op>
requires ReductionFor<Op, T>
[[nodiscard]] T reduce(const Communicator& comm, const T& value, const Op& op, int root,
                       std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  T out{};
  detail::reduce_raw<Op, T>(&value, &out, 1, op, root, false, comm.native(), where);
  return out;
}

// Element-wise reduction of equally long ranges into `out` on root (`out` is ignored elsewhere).
template <ContiguousBuffer In, MutableBuffer Out, class Op>
requires ReductionFor<Op, BufferElement<In>> && std::same_as<BufferElement<In>, BufferElement<Out>>
void reduce(const Communicator& comm, const In& in, Out&& out, const Op& op, int root,
            std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  if (comm.rank() == root) {
    detail::require_size(out, std::ranges::size(in), "reduce output", where);
  }
  detail::reduce_raw<Op, BufferElement<In>>(std::ranges::data(in), std::ranges::data(out), std::ranges::size(in), op,
                                            root, false, comm.native(), where);
}

template <MappedValue T, class Op>
requires ReductionFor<Op, T>
[[nodiscard]] T allreduce(const Communicator& comm, const T& value, const Op& op,
                          std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  T out{};
  detail::reduce_raw<Op, T>(&value, &out, 1, op, 0, true, comm.native(), where);
  return out;
}

template <ContiguousBuffer In, MutableBuffer Out, class Op>
requires ReductionFor<Op, BufferElement<In>> && std::same_as<BufferElement<In>, BufferElement<Out>>
[[gnu::always_inline]] inline void allreduce(const Communicator& comm, const In& in, Out&& out, const Op& op,
                                             std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  detail::require_size(out, std::ranges::size(in), "allreduce output", where);
  detail::reduce_raw<Op, BufferElement<In>>(std::ranges::data(in), std::ranges::data(out), std::ranges::size(in), op, 0,
                                            true, comm.native(), where);
}

// Reduces `data` in place on every rank.
template <MutableBuffer R, class Op>
requires ReductionFor<Op, BufferElement<R>>
void allreduce_in_place(const Communicator& comm, R&& data, const Op& op,
                        std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  detail::reduce_raw<Op, BufferElement<R>>(MPI_IN_PLACE, std::ranges::data(data), std::ranges::size(data), op, 0, true,
                                           comm.native(), where);
}

// Inclusive prefix reduction: ranks 0..rank combined.
template <MappedValue T, class Op>
requires ReductionFor<Op, T>
[[nodiscard]] T scan(const Communicator& comm, const T& value, const Op& op,
                     std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  T out{};
  detail::check(MPI_Scan(&value, &out, 1, datatype_of<T>(), op_of<T>(op), comm.native()), "MPI_Scan", where);
  return out;
}

// Exclusive prefix reduction: ranks 0..rank-1 combined; nothing on rank 0.
template <MappedValue T, class Op>
requires ReductionFor<Op, T>
[[nodiscard]] std::optional<T> exscan(const Communicator& comm, const T& value, const Op& op,
                                      std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  T out{};
  detail::check(MPI_Exscan(&value, &out, 1, datatype_of<T>(), op_of<T>(op), comm.native()), "MPI_Exscan", where);
  if (comm.rank() == 0) {
    return std::nullopt;
  }
  return out;
}

// Every rank's value (or equally long range), concatenated in rank order, on root; empty elsewhere.
template <class T>
requires MappedValue<T> || ContiguousBuffer<T>
[[nodiscard]] auto gather(const Communicator& comm, const T& data, int root,
                          std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const detail::RawBuffer b = detail::value_or_range(data);
  using Element = typename detail::ElementOf<T>::Type;
  const int n = detail::int_count(b.count, where);  // before allocating size() times the count
  std::vector<Element> out;
  if (comm.rank() == root) {
    out.resize(b.count * static_cast<std::size_t>(comm.size()));
  }
  detail::check(MPI_Gather(b.data, n, b.type, out.data(), n, b.type, root, comm.native()), "MPI_Gather", where);
  return out;
}

// Every rank's value (or equally long range), concatenated in rank order, on every rank.
template <class T>
requires MappedValue<T> || ContiguousBuffer<T>
[[nodiscard]] auto allgather(const Communicator& comm, const T& data,
                             std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const detail::RawBuffer b = detail::value_or_range(data);
  using Element = typename detail::ElementOf<T>::Type;
  const int n = detail::int_count(b.count, where);  // before allocating size() times the count
  std::vector<Element> out(b.count * static_cast<std::size_t>(comm.size()));
  detail::check(MPI_Allgather(b.data, n, b.type, out.data(), n, b.type, comm.native()), "MPI_Allgather", where);
  return out;
}

// Root's `data` cut into size() equal blocks of `count`; rank i gets block i (`data` is ignored off root).
template <ContiguousBuffer R>
[[nodiscard]] std::vector<BufferElement<R>> scatter(const Communicator& comm, const R& data, std::size_t count,
                                                    int root,
                                                    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  if (comm.rank() == root) {
    detail::require_size(data, count * static_cast<std::size_t>(comm.size()), "scatter input", where);
  }
  const int n = detail::int_count(count, where);  // before allocating the count
  std::vector<BufferElement<R>> out(count);
  const MPI_Datatype type = datatype_of<BufferElement<R>>();
  detail::check(MPI_Scatter(std::ranges::data(data), n, type, out.data(), n, type, root, comm.native()), "MPI_Scatter",
                where);
  return out;
}

// `data` holds size() equal blocks; block j goes to rank j, and the result's block i came from rank i.
template <ContiguousBuffer R>
[[nodiscard]] std::vector<BufferElement<R>> alltoall(const Communicator& comm, const R& data,
                                                     std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const auto size = static_cast<std::size_t>(comm.size());
  if (std::ranges::size(data) % size != 0) {
    throw UsageError("alltoall input of " + std::to_string(std::ranges::size(data)) + " elements does not split into " +
                         std::to_string(size) + " equal blocks",
                     where);
  }
  std::vector<BufferElement<R>> out(std::ranges::size(data));
  const MPI_Datatype type = datatype_of<BufferElement<R>>();
  const int n = detail::int_count(std::ranges::size(data) / size, where);
  detail::check(MPI_Alltoall(std::ranges::data(data), n, type, out.data(), n, type, comm.native()), "MPI_Alltoall",
                where);
  return out;
}

// Reduces equally long ranges element-wise and leaves block `rank` (of in.size()/size() elements) on each rank.
template <ContiguousBuffer R, class Op>
requires ReductionFor<Op, BufferElement<R>>
[[nodiscard]] std::vector<BufferElement<R>> reduce_scatter_block(
    const Communicator& comm, const R& in, const Op& op, std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const auto size = static_cast<std::size_t>(comm.size());
  if (std::ranges::size(in) % size != 0) {
    throw UsageError("reduce_scatter_block input does not split into equal blocks", where);
  }
  using T = BufferElement<R>;
  std::vector<T> out(std::ranges::size(in) / size);
  detail::check(MPI_Reduce_scatter_block(std::ranges::data(in), out.data(), detail::int_count(out.size(), where),
                                         datatype_of<T>(), op_of<T>(op), comm.native()),
                "MPI_Reduce_scatter_block", where);
  return out;
}

// Reduces equally long ranges element-wise and leaves counts[rank] elements (in rank order) on each rank.
template <ContiguousBuffer R, class Op>
requires ReductionFor<Op, BufferElement<R>>
[[nodiscard]] std::vector<BufferElement<R>> reduce_scatter(
    const Communicator& comm, const R& in, std::span<const int> counts, const Op& op,
    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  detail::require_size(counts, static_cast<std::size_t>(comm.size()), "reduce_scatter counts", where);
  using T = BufferElement<R>;
  std::vector<T> out(static_cast<std::size_t>(counts[static_cast<std::size_t>(comm.rank())]));
  detail::check(MPI_Reduce_scatter(std::ranges::data(in), out.data(), counts.data(), datatype_of<T>(), op_of<T>(op),
                                   comm.native()),
                "MPI_Reduce_scatter", where);
  return out;
}

}  // namespace mpisight

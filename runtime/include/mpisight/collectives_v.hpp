// Collectives with a different amount per rank (gatherv, allgatherv, scatterv, alltoallv): the counts and
// displacements are exchanged and computed here, so callers pass only their own data.
#pragma once

#include <mpi.h>
#include <numeric>
#include <source_location>
#include <span>
#include <vector>

#include "mpisight/collectives.hpp"

namespace mpisight {

// Concatenated blocks with the count and displacement of each rank's block.
template <class T>
struct Gathered {
  std::vector<T> data;
  std::vector<int> counts;
  std::vector<int> displs;

  [[nodiscard]] std::span<const T> of(int rank) const {
    const auto r = static_cast<std::size_t>(rank);
    return std::span<const T>(data).subspan(static_cast<std::size_t>(displs[r]), static_cast<std::size_t>(counts[r]));
  }
};

namespace detail {

inline std::vector<int> displacements(const std::vector<int>& counts, const std::source_location& where) {
  std::vector<int> displs(counts.size());
  long long offset = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    displs[i] = int_count(static_cast<std::size_t>(offset), where);
    offset += counts[i];
  }
  int_count(static_cast<std::size_t>(offset), where);
  return displs;
}

inline std::size_t total(const std::vector<int>& counts) {
  return static_cast<std::size_t>(std::accumulate(counts.begin(), counts.end(), 0LL));
}

}  // namespace detail

// Each rank's range (any length) concatenated in rank order on root; other ranks get an empty result.
template <ContiguousBuffer R>
[[nodiscard]] Gathered<BufferElement<R>> gatherv(const Communicator& comm, const R& local, int root,
                                                 std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  using T = BufferElement<R>;
  const int n = detail::int_count(std::ranges::size(local), where);
  Gathered<T> out;
  out.counts = gather(comm, n, root, where);
  if (comm.rank() == root) {
    out.displs = detail::displacements(out.counts, where);
    out.data.resize(detail::total(out.counts));
  }
  detail::check(MPI_Gatherv(std::ranges::data(local), n, datatype_of<T>(), out.data.data(), out.counts.data(),
                            out.displs.data(), datatype_of<T>(), root, comm.native()),
                "MPI_Gatherv", where);
  return out;
}

// Each rank's range (any length) concatenated in rank order on every rank.
template <ContiguousBuffer R>
[[nodiscard]] Gathered<BufferElement<R>> allgatherv(const Communicator& comm, const R& local,
                                                    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  using T = BufferElement<R>;
  const int n = detail::int_count(std::ranges::size(local), where);
  Gathered<T> out;
  out.counts = allgather(comm, n, where);
  out.displs = detail::displacements(out.counts, where);
  out.data.resize(detail::total(out.counts));
  detail::check(MPI_Allgatherv(std::ranges::data(local), n, datatype_of<T>(), out.data.data(), out.counts.data(),
                               out.displs.data(), datatype_of<T>(), comm.native()),
                "MPI_Allgatherv", where);
  return out;
}

// Root's parts[i] (any lengths) goes to rank i; `parts` is ignored off root.
template <Mapped T>
[[nodiscard]] std::vector<T> scatterv(const Communicator& comm, const std::vector<std::vector<T>>& parts, int root,
                                      std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  std::vector<int> counts;
  std::vector<int> displs;
  std::vector<T> flat;
  if (comm.rank() == root) {
    detail::require_size(parts, static_cast<std::size_t>(comm.size()), "scatterv parts", where);
    for (const auto& part : parts) {
      counts.push_back(detail::int_count(part.size(), where));
      flat.insert(flat.end(), part.begin(), part.end());
    }
    displs = detail::displacements(counts, where);
  }
  const std::vector<int> mine = scatter(comm, counts, 1, root, where);
  std::vector<T> out(static_cast<std::size_t>(mine[0]));
  detail::check(MPI_Scatterv(flat.data(), counts.data(), displs.data(), datatype_of<T>(), out.data(), mine[0],
                             datatype_of<T>(), root, comm.native()),
                "MPI_Scatterv", where);
  return out;
}

// parts[j] (any length) goes to rank j; the result's entry i is what rank i sent here.
template <Mapped T>
[[nodiscard]] std::vector<std::vector<T>> alltoallv(const Communicator& comm, const std::vector<std::vector<T>>& parts,
                                                    std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  detail::require_size(parts, static_cast<std::size_t>(comm.size()), "alltoallv parts", where);
  std::vector<int> send_counts;
  std::vector<T> flat;
  for (const auto& part : parts) {
    send_counts.push_back(detail::int_count(part.size(), where));
    flat.insert(flat.end(), part.begin(), part.end());
  }
  const std::vector<int> send_displs = detail::displacements(send_counts, where);
  const std::vector<int> recv_counts = alltoall(comm, send_counts, where);
  const std::vector<int> recv_displs = detail::displacements(recv_counts, where);
  std::vector<T> received(detail::total(recv_counts));
  detail::check(MPI_Alltoallv(flat.data(), send_counts.data(), send_displs.data(), datatype_of<T>(), received.data(),
                              recv_counts.data(), recv_displs.data(), datatype_of<T>(), comm.native()),
                "MPI_Alltoallv", where);
  std::vector<std::vector<T>> out(parts.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto first = received.begin() + recv_displs[i];
    out[i].assign(first, first + recv_counts[i]);
  }
  return out;
}

}  // namespace mpisight

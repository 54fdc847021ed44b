// Neighbourhood collectives on a communicator with a topology (CartCommunicator, dist_graph_adjacent): each rank
// exchanges only with its neighbours. Results are sized from the topology's degrees, in MPI's neighbour order
// (Cartesian: per dimension the negative then the positive direction; graphs: the order the sources were given).
#pragma once

#include <mpi.h>
#include <source_location>
#include <string>
#include <vector>

#include "mpisight/buffer.hpp"
#include "mpisight/call_site.hpp"
#include "mpisight/collectives.hpp"
#include "mpisight/communicator.hpp"
#include "mpisight/error.hpp"

namespace mpisight {

// How many neighbours this rank receives from (in) and sends to (out).
struct NeighborDegrees {
  int in = 0;
  int out = 0;
};

// A UsageError if `comm` has no topology.
[[nodiscard]] inline NeighborDegrees neighbor_degrees(const Communicator& comm,
                                                      std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  int kind = MPI_UNDEFINED;
  detail::check(MPI_Topo_test(comm.native(), &kind), "MPI_Topo_test", where);
  if (kind == MPI_CART) {
    int dims = 0;
    detail::check(MPI_Cartdim_get(comm.native(), &dims), "MPI_Cartdim_get", where);
    return {2 * dims, 2 * dims};
  }
  if (kind == MPI_GRAPH) {
    int count = 0;
    detail::check(MPI_Graph_neighbors_count(comm.native(), comm.rank(), &count), "MPI_Graph_neighbors_count", where);
    return {count, count};
  }
  if (kind == MPI_DIST_GRAPH) {
    NeighborDegrees d;
    int weighted = 0;
    detail::check(MPI_Dist_graph_neighbors_count(comm.native(), &d.in, &d.out, &weighted),
                  "MPI_Dist_graph_neighbors_count", where);
    return d;
  }
  throw UsageError(
      "neighbourhood collective on a communicator without a topology (make one with CartCommunicator "
      "or dist_graph_adjacent)",
      where);
}

// This rank's value (or range, equally long on every rank) to each out-neighbour; the result holds in-neighbour
// i's contribution at block i.
template <class T>
requires MappedValue<T> || ContiguousBuffer<T>
[[nodiscard]] auto neighbor_allgather(const Communicator& comm, const T& data,
                                      std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const NeighborDegrees degrees = neighbor_degrees(comm, where);
  const detail::RawBuffer b = detail::value_or_range(data);
  const int n = detail::int_count(b.count, where);
  std::vector<typename detail::ElementOf<T>::Type> out(b.count * static_cast<std::size_t>(degrees.in));
  detail::check(MPI_Neighbor_allgather(b.data, n, b.type, out.data(), n, b.type, comm.native()),
                "MPI_Neighbor_allgather", where);
  return out;
}

// `data` holds one equal block per out-neighbour (block j to out-neighbour j); the result holds in-neighbour i's
// block for this rank at block i. Blocks are equally long on every rank.
template <ContiguousBuffer R>
[[nodiscard]] std::vector<BufferElement<R>> neighbor_alltoall(
    const Communicator& comm, const R& data, std::source_location where = std::source_location::current()) {
  const detail::CallSite site(where);
  const NeighborDegrees degrees = neighbor_degrees(comm, where);
  const std::size_t size = std::ranges::size(data);
  const auto out_degree = static_cast<std::size_t>(degrees.out);
  if (out_degree == 0 ? size != 0 : size % out_degree != 0) {
    throw UsageError("neighbor_alltoall input of " + std::to_string(size) + " elements does not split into " +
                         std::to_string(out_degree) + " equal blocks (one per out-neighbour)",
                     where);
  }
  const std::size_t block = out_degree == 0 ? 0 : size / out_degree;
  const int n = detail::int_count(block, where);
  using T = BufferElement<R>;
  std::vector<T> out(block * static_cast<std::size_t>(degrees.in));
  detail::check(MPI_Neighbor_alltoall(std::ranges::data(data), n, datatype_of<T>(), out.data(), n, datatype_of<T>(),
                                      comm.native()),
                "MPI_Neighbor_alltoall", where);
  return out;
}

}  // namespace mpisight

// Neighborhood collectives, blocking (MPI_Neighbor_*), nonblocking (MPI_Ineighbor_*) and persistent
// (MPI_Neighbor_*_init). OTF2 has no neighborhood operation, so each is recorded as its all-to-all counterpart
// (Allgather, Allgatherv, Alltoall, Alltoallv, Alltoallw) without root; the region name tells them apart. Bytes
// are what this rank exchanges with its actual neighbors: a Cartesian neighbor that is MPI_PROC_NULL (the edge of a
// non-periodic dimension) has a buffer slot but moves nothing, so it is not counted.
// Buffers (schema kSend/RecvBufferBegin/End) are the hull of the blocks MPI reads and writes, for the real
// neighbors only for the same reason: Neighbor_allgather's one send block, the others' block per neighbor (in
// buffer order, laid one after another for the plain forms, at their displacements for the v and w forms).
#pragma once

#include <mpi.h>

#include "semantics/collectives.hpp"
#include "semantics/neighbors.hpp"

namespace mpisight::interpose {

namespace coll {

// The hull of the blocks of the real neighbors among the first `n`: `n` blocks of `count` items one after another.
inline BufferRange neighbor_blocks(const Neighbors& neighbors, int n, const void* buf, MPI_Count count,
                                   MPI_Datatype type) {
  const TypeShape shape = type_shape(type);
  const auto stride = static_cast<std::uint64_t>(count * shape.extent);
  BufferRange all;
  for (int i = 0; i < n; ++i) {
    if (neighbors.real(i)) {
      all = hull(all, buffer_range(reinterpret_cast<std::uintptr_t>(buf) + static_cast<std::uint64_t>(i) * stride,
                                   count, shape));
    }
  }
  return all;
}

// The v forms: block i is counts[i] items at displs[i] extents of `type`.
template <class Count, class Displacement>
BufferRange neighbor_blocks(const Neighbors& neighbors, int n, const void* buf, const Count* counts,
                            const Displacement* displs, MPI_Datatype type) {
  const TypeShape shape = type_shape(type);
  BufferRange all;
  for (int i = 0; i < n; ++i) {
    if (neighbors.real(i)) {
      const auto at = static_cast<std::uint64_t>(static_cast<std::int64_t>(displs[i]) * shape.extent);
      all = hull(all, buffer_range(reinterpret_cast<std::uintptr_t>(buf) + at, counts[i], shape));
    }
  }
  return all;
}

// The w forms: block i is counts[i] items of types[i] at displs[i] bytes.
template <class Count, class Displacement>
BufferRange neighbor_blocks(const Neighbors& neighbors, int n, const void* buf, const Count* counts,
                            const Displacement* displs, const MPI_Datatype* types) {
  BufferRange all;
  for (int i = 0; i < n; ++i) {
    if (neighbors.real(i)) {
      const auto at = static_cast<std::uint64_t>(static_cast<std::int64_t>(displs[i]));
      all = hull(all, buffer_range(reinterpret_cast<std::uintptr_t>(buf) + at, counts[i], type_shape(types[i])));
    }
  }
  return all;
}

}  // namespace coll

// Neighbor_allgather and Neighbor_alltoall: one block to each destination, one from each source.
template <coll::CollectiveOp Op>
struct NeighborBlocksShape {
  template <class Pmpi, class Count, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, Count sendcount, MPI_Datatype sendtype,
                  void* recvbuf, Count recvcount, MPI_Datatype recvtype, MPI_Comm comm, Tail... tail) {
    const coll::Neighbors neighbors(comm);
    const coll::Bytes bytes{coll::times(bytes_of(sendcount, sendtype), neighbors.real_destinations()),
                            coll::times(bytes_of(recvcount, recvtype), neighbors.real_sources())};
    // Allgather sends its one block to every destination, Alltoall one block each.
    const BufferRange sent =
        Op == coll::CollectiveOp::kAllgather
            ? (neighbors.real_destinations() > 0 ? buffer_range(sendbuf, sendcount, sendtype) : BufferRange{})
            : coll::neighbor_blocks(neighbors, neighbors.destinations(), sendbuf, sendcount, sendtype);
    const coll::Types types{coll::side(static_cast<MPI_Count>(sendcount) * neighbors.real_destinations(), sendtype),
                            coll::side(static_cast<MPI_Count>(recvcount) * neighbors.real_sources(), recvtype),
                            journal::kNoReductionOp, sent,
                            coll::neighbor_blocks(neighbors, neighbors.sources(), recvbuf, recvcount, recvtype)};
    return coll::run(
        scope, comm, Op, journal::kNoRoot, bytes, types,
        [&] { return pmpi(sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm, tail...); }, tail...);
  }
};

struct NeighborAllgathervShape {
  template <class Pmpi, class Count, class Displacement, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, Count sendcount, MPI_Datatype sendtype,
                  void* recvbuf, const Count* recvcounts, const Displacement* displs, MPI_Datatype recvtype,
                  MPI_Comm comm, Tail... tail) {
    const coll::Neighbors neighbors(comm);
    const coll::Bytes bytes{coll::times(bytes_of(sendcount, sendtype), neighbors.real_destinations()),
                            neighbors.sum(recvcounts, neighbors.sources(), recvtype)};
    const coll::Types types{
        {},
        {},
        journal::kNoReductionOp,
        neighbors.real_destinations() > 0 ? buffer_range(sendbuf, sendcount, sendtype) : BufferRange{},
        coll::neighbor_blocks(neighbors, neighbors.sources(), recvbuf, recvcounts, displs, recvtype)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kAllgatherv, journal::kNoRoot, bytes, types,
        [&] { return pmpi(sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, comm, tail...); },
        tail...);
  }
};

struct NeighborAlltoallvShape {
  template <class Pmpi, class Count, class Displacement, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, const Count* sendcounts,
                  const Displacement* sdispls, MPI_Datatype sendtype, void* recvbuf, const Count* recvcounts,
                  const Displacement* rdispls, MPI_Datatype recvtype, MPI_Comm comm, Tail... tail) {
    const coll::Neighbors neighbors(comm);
    const coll::Bytes bytes{neighbors.sum(sendcounts, neighbors.destinations(), sendtype),
                            neighbors.sum(recvcounts, neighbors.sources(), recvtype)};
    const coll::Types types{
        {},
        {},
        journal::kNoReductionOp,
        coll::neighbor_blocks(neighbors, neighbors.destinations(), sendbuf, sendcounts, sdispls, sendtype),
        coll::neighbor_blocks(neighbors, neighbors.sources(), recvbuf, recvcounts, rdispls, recvtype)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kAlltoallv, journal::kNoRoot, bytes, types,
        [&] {
          return pmpi(sendbuf, sendcounts, sdispls, sendtype, recvbuf, recvcounts, rdispls, recvtype, comm, tail...);
        },
        tail...);
  }
};

struct NeighborAlltoallwShape {
  template <class Pmpi, class Count, class Displacement, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, const Count* sendcounts,
                  const Displacement* sdispls, const MPI_Datatype* sendtypes, void* recvbuf, const Count* recvcounts,
                  const Displacement* rdispls, const MPI_Datatype* recvtypes, MPI_Comm comm, Tail... tail) {
    const coll::Neighbors neighbors(comm);
    const coll::Bytes bytes{neighbors.sum(sendcounts, neighbors.destinations(), sendtypes),
                            neighbors.sum(recvcounts, neighbors.sources(), recvtypes)};
    const coll::Types types{
        {},
        {},
        journal::kNoReductionOp,
        coll::neighbor_blocks(neighbors, neighbors.destinations(), sendbuf, sendcounts, sdispls, sendtypes),
        coll::neighbor_blocks(neighbors, neighbors.sources(), recvbuf, recvcounts, rdispls, recvtypes)};
    return coll::run(
        scope, comm, coll::CollectiveOp::kAlltoallw, journal::kNoRoot, bytes, types,
        [&] {
          return pmpi(sendbuf, sendcounts, sdispls, sendtypes, recvbuf, recvcounts, rdispls, recvtypes, comm, tail...);
        },
        tail...);
  }
};

// clang-format off
template <> struct Semantics<Fn::MPI_Ineighbor_allgather> : NeighborBlocksShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Ineighbor_allgather_c> : NeighborBlocksShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Ineighbor_allgatherv> : NeighborAllgathervShape {};
template <> struct Semantics<Fn::MPI_Ineighbor_allgatherv_c> : NeighborAllgathervShape {};
template <> struct Semantics<Fn::MPI_Ineighbor_alltoall> : NeighborBlocksShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Ineighbor_alltoall_c> : NeighborBlocksShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Ineighbor_alltoallv> : NeighborAlltoallvShape {};
template <> struct Semantics<Fn::MPI_Ineighbor_alltoallv_c> : NeighborAlltoallvShape {};
template <> struct Semantics<Fn::MPI_Ineighbor_alltoallw> : NeighborAlltoallwShape {};
template <> struct Semantics<Fn::MPI_Ineighbor_alltoallw_c> : NeighborAlltoallwShape {};
template <> struct Semantics<Fn::MPI_Neighbor_allgather> : NeighborBlocksShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Neighbor_allgather_c> : NeighborBlocksShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Neighbor_allgather_init> : NeighborBlocksShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Neighbor_allgather_init_c> : NeighborBlocksShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Neighbor_allgatherv> : NeighborAllgathervShape {};
template <> struct Semantics<Fn::MPI_Neighbor_allgatherv_c> : NeighborAllgathervShape {};
template <> struct Semantics<Fn::MPI_Neighbor_allgatherv_init> : NeighborAllgathervShape {};
template <> struct Semantics<Fn::MPI_Neighbor_allgatherv_init_c> : NeighborAllgathervShape {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoall> : NeighborBlocksShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoall_c> : NeighborBlocksShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoall_init> : NeighborBlocksShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoall_init_c> : NeighborBlocksShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoallv> : NeighborAlltoallvShape {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoallv_c> : NeighborAlltoallvShape {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoallv_init> : NeighborAlltoallvShape {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoallv_init_c> : NeighborAlltoallvShape {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoallw> : NeighborAlltoallwShape {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoallw_c> : NeighborAlltoallwShape {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoallw_init> : NeighborAlltoallwShape {};
template <> struct Semantics<Fn::MPI_Neighbor_alltoallw_init_c> : NeighborAlltoallwShape {};
// clang-format on

}  // namespace mpisight::interpose

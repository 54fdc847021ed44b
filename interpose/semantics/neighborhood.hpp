// Neighborhood collectives, blocking (MPI_Neighbor_*), nonblocking (MPI_Ineighbor_*) and persistent
// (MPI_Neighbor_*_init). OTF2 has no neighborhood operation, so each is recorded as its all-to-all counterpart
// (Allgather, Allgatherv, Alltoall, Alltoallv, Alltoallw) without root; the region name tells them apart. Bytes
// are what this rank exchanges with its actual neighbors: a Cartesian neighbor that is MPI_PROC_NULL (the edge of a
// non-periodic dimension) has a buffer slot but moves nothing, so it is not counted.
#pragma once

#include <mpi.h>

#include "semantics/collectives.hpp"
#include "semantics/neighbors.hpp"

namespace mpisight::interpose {

// Neighbor_allgather and Neighbor_alltoall: one block to each destination, one from each source.
template <coll::CollectiveOp Op>
struct NeighborBlocksShape {
  template <class Pmpi, class Count, class... Tail>
  static int call(CallScope& scope, Pmpi pmpi, const void* sendbuf, Count sendcount, MPI_Datatype sendtype,
                  void* recvbuf, Count recvcount, MPI_Datatype recvtype, MPI_Comm comm, Tail... tail) {
    const coll::Neighbors neighbors(comm);
    const coll::Bytes bytes{coll::times(bytes_of(sendcount, sendtype), neighbors.real_destinations()),
                            coll::times(bytes_of(recvcount, recvtype), neighbors.real_sources())};
    const coll::Types types{coll::side(static_cast<MPI_Count>(sendcount) * neighbors.real_destinations(), sendtype),
                            coll::side(static_cast<MPI_Count>(recvcount) * neighbors.real_sources(), recvtype)};
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
    return coll::run(
        scope, comm, coll::CollectiveOp::kAllgatherv, journal::kNoRoot, bytes, {},
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
    return coll::run(
        scope, comm, coll::CollectiveOp::kAlltoallv, journal::kNoRoot, bytes, {},
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
    return coll::run(
        scope, comm, coll::CollectiveOp::kAlltoallw, journal::kNoRoot, bytes, {},
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

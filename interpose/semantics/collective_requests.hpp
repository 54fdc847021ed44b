// Nonblocking (MPI_I<coll>) and persistent (MPI_<coll>_init) collectives: the blocking collective's shape with a
// trailing request (and info) argument, which selects coll::run's request-based recording.
#pragma once

#include "semantics/collectives.hpp"

namespace mpisight::interpose {

// clang-format off
template <> struct Semantics<Fn::MPI_Ibarrier> : BarrierShape {};
template <> struct Semantics<Fn::MPI_Ibcast> : BcastShape {};
template <> struct Semantics<Fn::MPI_Ibcast_c> : BcastShape {};
template <> struct Semantics<Fn::MPI_Igather> : GatherShape {};
template <> struct Semantics<Fn::MPI_Igather_c> : GatherShape {};
template <> struct Semantics<Fn::MPI_Igatherv> : GathervShape {};
template <> struct Semantics<Fn::MPI_Igatherv_c> : GathervShape {};
template <> struct Semantics<Fn::MPI_Iscatter> : ScatterShape {};
template <> struct Semantics<Fn::MPI_Iscatter_c> : ScatterShape {};
template <> struct Semantics<Fn::MPI_Iscatterv> : ScattervShape {};
template <> struct Semantics<Fn::MPI_Iscatterv_c> : ScattervShape {};
template <> struct Semantics<Fn::MPI_Iallgather> : AllToAllShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Iallgather_c> : AllToAllShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Iallgatherv> : AllgathervShape {};
template <> struct Semantics<Fn::MPI_Iallgatherv_c> : AllgathervShape {};
template <> struct Semantics<Fn::MPI_Ialltoall> : AllToAllShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Ialltoall_c> : AllToAllShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Ialltoallv> : AlltoallvShape {};
template <> struct Semantics<Fn::MPI_Ialltoallv_c> : AlltoallvShape {};
template <> struct Semantics<Fn::MPI_Ialltoallw> : AlltoallwShape {};
template <> struct Semantics<Fn::MPI_Ialltoallw_c> : AlltoallwShape {};
template <> struct Semantics<Fn::MPI_Ireduce> : ReduceShape {};
template <> struct Semantics<Fn::MPI_Ireduce_c> : ReduceShape {};
template <> struct Semantics<Fn::MPI_Iallreduce> : ReductionShape<coll::CollectiveOp::kAllreduce> {};
template <> struct Semantics<Fn::MPI_Iallreduce_c> : ReductionShape<coll::CollectiveOp::kAllreduce> {};
template <> struct Semantics<Fn::MPI_Iscan> : ReductionShape<coll::CollectiveOp::kScan> {};
template <> struct Semantics<Fn::MPI_Iscan_c> : ReductionShape<coll::CollectiveOp::kScan> {};
template <> struct Semantics<Fn::MPI_Iexscan> : ReductionShape<coll::CollectiveOp::kExscan> {};
template <> struct Semantics<Fn::MPI_Iexscan_c> : ReductionShape<coll::CollectiveOp::kExscan> {};
template <> struct Semantics<Fn::MPI_Ireduce_scatter> : ReduceScatterShape {};
template <> struct Semantics<Fn::MPI_Ireduce_scatter_c> : ReduceScatterShape {};
template <> struct Semantics<Fn::MPI_Ireduce_scatter_block> : ReduceScatterBlockShape {};
template <> struct Semantics<Fn::MPI_Ireduce_scatter_block_c> : ReduceScatterBlockShape {};
template <> struct Semantics<Fn::MPI_Barrier_init> : BarrierShape {};
template <> struct Semantics<Fn::MPI_Bcast_init> : BcastShape {};
template <> struct Semantics<Fn::MPI_Bcast_init_c> : BcastShape {};
template <> struct Semantics<Fn::MPI_Gather_init> : GatherShape {};
template <> struct Semantics<Fn::MPI_Gather_init_c> : GatherShape {};
template <> struct Semantics<Fn::MPI_Gatherv_init> : GathervShape {};
template <> struct Semantics<Fn::MPI_Gatherv_init_c> : GathervShape {};
template <> struct Semantics<Fn::MPI_Scatter_init> : ScatterShape {};
template <> struct Semantics<Fn::MPI_Scatter_init_c> : ScatterShape {};
template <> struct Semantics<Fn::MPI_Scatterv_init> : ScattervShape {};
template <> struct Semantics<Fn::MPI_Scatterv_init_c> : ScattervShape {};
template <> struct Semantics<Fn::MPI_Allgather_init> : AllToAllShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Allgather_init_c> : AllToAllShape<coll::CollectiveOp::kAllgather> {};
template <> struct Semantics<Fn::MPI_Allgatherv_init> : AllgathervShape {};
template <> struct Semantics<Fn::MPI_Allgatherv_init_c> : AllgathervShape {};
template <> struct Semantics<Fn::MPI_Alltoall_init> : AllToAllShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Alltoall_init_c> : AllToAllShape<coll::CollectiveOp::kAlltoall> {};
template <> struct Semantics<Fn::MPI_Alltoallv_init> : AlltoallvShape {};
template <> struct Semantics<Fn::MPI_Alltoallv_init_c> : AlltoallvShape {};
template <> struct Semantics<Fn::MPI_Alltoallw_init> : AlltoallwShape {};
template <> struct Semantics<Fn::MPI_Alltoallw_init_c> : AlltoallwShape {};
template <> struct Semantics<Fn::MPI_Reduce_init> : ReduceShape {};
template <> struct Semantics<Fn::MPI_Reduce_init_c> : ReduceShape {};
template <> struct Semantics<Fn::MPI_Allreduce_init> : ReductionShape<coll::CollectiveOp::kAllreduce> {};
template <> struct Semantics<Fn::MPI_Allreduce_init_c> : ReductionShape<coll::CollectiveOp::kAllreduce> {};
template <> struct Semantics<Fn::MPI_Scan_init> : ReductionShape<coll::CollectiveOp::kScan> {};
template <> struct Semantics<Fn::MPI_Scan_init_c> : ReductionShape<coll::CollectiveOp::kScan> {};
template <> struct Semantics<Fn::MPI_Exscan_init> : ReductionShape<coll::CollectiveOp::kExscan> {};
template <> struct Semantics<Fn::MPI_Exscan_init_c> : ReductionShape<coll::CollectiveOp::kExscan> {};
template <> struct Semantics<Fn::MPI_Reduce_scatter_init> : ReduceScatterShape {};
template <> struct Semantics<Fn::MPI_Reduce_scatter_init_c> : ReduceScatterShape {};
template <> struct Semantics<Fn::MPI_Reduce_scatter_block_init> : ReduceScatterBlockShape {};
template <> struct Semantics<Fn::MPI_Reduce_scatter_block_init_c> : ReduceScatterBlockShape {};
// clang-format on

}  // namespace mpisight::interpose
